#include "eval/evaluation_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "eval/svg_plot.h"
#include "features/error.h"
#include "features/output_file.h"

namespace pith {

double roc_auc(const std::vector<double>& scores, const std::vector<bool>& positive) {
  const std::size_t n = std::min(scores.size(), positive.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  double positive_rank_sum = 0.0;
  std::size_t positives = 0;
  for (std::size_t start = 0; start < n;) {
    std::size_t end = start;
    while (end < n && scores[order[end]] == scores[order[start]]) ++end;
    // ranks start+1 .. end share their mean
    const double mid_rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (std::size_t i = start; i < end; ++i) {
      if (positive[order[i]]) {
        positive_rank_sum += mid_rank;
        ++positives;
      }
    }
    start = end;
  }
  const std::size_t negatives = n - positives;
  if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
  const double p = static_cast<double>(positives);
  return (positive_rank_sum - p * (p + 1.0) / 2.0) / (p * static_cast<double>(negatives));
}

bool page_type_before(std::string_view a, std::string_view b) {
  static constexpr std::string_view kOrder[] = {"article", "forum", "product", "collection",
                                                "listing", "documentation", "service"};
  const auto rank = [](std::string_view type) {
    return static_cast<std::size_t>(std::find(std::begin(kOrder), std::end(kOrder), type) - std::begin(kOrder));
  };
  const std::size_t rank_a = rank(a), rank_b = rank(b);
  return rank_a != rank_b ? rank_a < rank_b : a < b;
}

EvaluationRecorder::EvaluationRecorder(std::size_t worst_pages_kept) : worst_pages_kept_(worst_pages_kept) {}

void EvaluationRecorder::begin_dataset(std::string dataset, std::string split, std::string model) {
  current_ = DatasetFigures{};
  current_.dataset = std::move(dataset);
  current_.split = std::move(split);
  current_.model = std::move(model);
  current_text_ = TextMetrics{};
  current_types_.clear();
  dataset_first_paragraph_ = p_content_.size();
  in_dataset_ = true;
}

double EvaluationRecorder::badness_key(const PageFigures& figures) {
  return figures.bag_of_words_f1 ? *figures.bag_of_words_f1 : figures.block_f1;
}

const PageFigures& EvaluationRecorder::add_page(const LabelledPage& page, const std::vector<ParagraphScore>& scores,
                                                std::string_view extracted) {
  // A caller's mistake, not bad data: no file or position to name (docs/design-departures.md).
  if (!in_dataset_) throw std::logic_error("EvaluationRecorder::add_page before begin_dataset");
  BlockCounts page_counts;
  page_counts.add(page.labels, scores);
  current_.counts.add(page.labels, scores);
  for (std::size_t i = 0; i < page.labels.size() && i < scores.size(); ++i) {
    if (page.labels[i] == Label::unknown) continue;
    p_content_.push_back(scores[i].p_content);
    is_content_.push_back(page.labels[i] == Label::content);
    predicted_content_.push_back(scores[i].is_content);
  }
  PageFigures figures;
  figures.dataset = current_.dataset;
  figures.page = page.id.empty() ? page.document.source : page.id;
  figures.paragraphs = page_counts.total();
  figures.block_f1 = page_counts.f1();
  if (page.gold_text) {
    current_text_.add(extracted, *page.gold_text);
    figures.bag_of_words_f1 = bag_of_words_scores(extracted, *page.gold_text).f1;
    figures.shingle_f1 = shingle_scores(extracted, *page.gold_text).f1;
    figures.word_f1 = word_scores(extracted, *page.gold_text).f1;
    if (!page.page_type.empty()) {
      auto type = std::find_if(current_types_.begin(), current_types_.end(),
                               [&](const auto& entry) { return entry.first == page.page_type; });
      if (type == current_types_.end()) type = current_types_.insert(type, {page.page_type, TextMetrics{}});
      type->second.add(extracted, *page.gold_text);
    }
  }
  figures.page_type = page.page_type;
  ++current_.pages;
  pages_.push_back(figures);

  if (worst_pages_kept_ > 0) {
    const double key = badness_key(figures);
    // the best page kept so far, the latest of equals, so that earlier pages win ties
    auto worst_kept = worst_.begin();
    for (auto it = worst_.begin(); it != worst_.end(); ++it) {
      if (badness_key(it->figures) >= badness_key(worst_kept->figures)) worst_kept = it;
    }
    if (worst_.size() < worst_pages_kept_ || key < badness_key(worst_kept->figures)) {
      WorstPage kept{figures, {}, page.labels, scores};
      kept.texts.reserve(page.document.paragraphs.size());
      for (const Paragraph& paragraph : page.document.paragraphs) kept.texts.emplace_back(page.document.text(paragraph));
      if (worst_.size() >= worst_pages_kept_) worst_.erase(worst_kept);
      worst_.push_back(std::move(kept));
    }
  }
  return pages_.back();
}

const DatasetFigures& EvaluationRecorder::end_dataset() {
  if (!in_dataset_) throw std::logic_error("EvaluationRecorder::end_dataset before begin_dataset");
  const auto first = static_cast<std::ptrdiff_t>(dataset_first_paragraph_);
  current_.roc_auc = roc_auc(std::vector<double>(p_content_.begin() + first, p_content_.end()),
                             std::vector<bool>(is_content_.begin() + first, is_content_.end()));
  current_.text_pages = current_text_.pages();
  if (current_.text_pages > 0) {
    current_.bag_of_words_f1 = current_text_.mean_bag_of_words_f1();
    current_.shingle = current_text_.shingle_means();
    current_.word = current_text_.word_means();
  }
  for (const auto& [type, metrics] : current_types_)
    current_.page_types.push_back({type, metrics.pages(), metrics.mean_bag_of_words_f1(), metrics.word_means()});
  std::sort(current_.page_types.begin(), current_.page_types.end(),
            [](const PageTypeFigures& a, const PageTypeFigures& b) { return page_type_before(a.type, b.type); });
  datasets_.push_back(current_);
  in_dataset_ = false;
  return datasets_.back();
}

std::optional<double> EvaluationRecorder::macro_bag_of_words_f1() const {
  double sum = 0.0;
  std::size_t count = 0;
  for (const DatasetFigures& d : datasets_) {
    if (d.text_pages == 0) continue;
    sum += d.bag_of_words_f1;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

std::optional<double> EvaluationRecorder::macro_shingle_f1() const {
  double sum = 0.0;
  std::size_t count = 0;
  for (const DatasetFigures& d : datasets_) {
    if (d.text_pages == 0) continue;
    sum += d.shingle.f1;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

std::optional<double> EvaluationRecorder::macro_word_f1() const {
  double sum = 0.0;
  std::size_t count = 0;
  for (const DatasetFigures& d : datasets_) {
    if (d.text_pages == 0) continue;
    sum += d.word.f1;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

namespace {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string optional_figure(const std::optional<double>& value) {
  return value ? fmt::format("{:.4f}", *value) : std::string();
}

constexpr std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 70em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
tr.macro td { font-weight: bold; background: #f4f4f4; }
.plots { display: flex; flex-wrap: wrap; gap: 1em; }
.para { margin: 3px 0; padding: 3px 6px; border-left: 6px solid; white-space: pre-wrap; font-size: 13px; }
.para .p { font-family: monospace; color: #555; margin-right: 0.6em; }
.kept-content { background: #e3f4e1; border-color: #2e8b2e; }
.missed-content { background: #fde0c8; border-color: #e06000; }
.kept-boilerplate { background: #f6d5e4; border-color: #c0156a; }
.dropped-boilerplate { background: #f0f0f0; border-color: #bbb; color: #777; }
.unlabelled { background: #fff; border-color: #ddd; border-left-style: dashed; color: #777; }
.legend span { display: inline-block; margin-right: 1em; }
.legend .para { display: inline-block; }
)";

struct ErrorClass {
  const char* css;
  const char* description;
};
constexpr ErrorClass kKeptContent{"kept-content", "content, kept"};
constexpr ErrorClass kMissedContent{"missed-content", "content, dropped (missed content)"};
constexpr ErrorClass kKeptBoilerplate{"kept-boilerplate", "boilerplate, kept (kept boilerplate)"};
constexpr ErrorClass kDroppedBoilerplate{"dropped-boilerplate", "boilerplate, dropped"};
constexpr ErrorClass kUnlabelled{"unlabelled", "no label (not counted)"};

ErrorClass error_class(Label label, bool kept) {
  if (label == Label::content) return kept ? kKeptContent : kMissedContent;
  if (label == Label::boilerplate) return kept ? kKeptBoilerplate : kDroppedBoilerplate;
  return kUnlabelled;
}

}  // namespace

std::string format_figure(double value) { return std::isnan(value) ? std::string("-") : fmt::format("{:.4f}", value); }

std::string EvaluationRecorder::pages_csv() const {
  std::string out = "dataset,page,paragraphs,block_f1,bow_f1,shingle_f1,word_f1,page_type\n";
  for (const PageFigures& page : pages_) {
    out += fmt::format("{},{},{},{:.4f},{},{},{},{}\n", csv_field(page.dataset), csv_field(page.page), page.paragraphs,
                       page.block_f1, optional_figure(page.bag_of_words_f1), optional_figure(page.shingle_f1),
                       optional_figure(page.word_f1), csv_field(page.page_type));
  }
  return out;
}

std::string EvaluationRecorder::html_report(std::string_view title) const {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{0}</title>\n<style>{1}</style>\n"
      "</head>\n<body>\n<h1>{0}</h1>\n",
      html_escape(title), kStyle);

  // Figures
  html +=
      "<h2 id=\"figures\">Figures</h2>\n<table>\n<tr><th>dataset</th><th>split</th><th>model</th><th>pages</th>"
      "<th>paragraphs</th><th>precision</th><th>recall</th><th>F1</th><th>accuracy</th><th>ROC-AUC</th>"
      "<th>BoW F1</th><th>word F1</th><th>shingle F1</th></tr>\n";
  for (const DatasetFigures& d : datasets_) {
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(d.dataset), html_escape(d.split), html_escape(d.model), d.pages, d.counts.total(),
        format_figure(d.counts.precision()), format_figure(d.counts.recall()), format_figure(d.counts.f1()), format_figure(d.counts.accuracy()),
        format_figure(d.roc_auc), d.text_pages ? format_figure(d.bag_of_words_f1) : "-", d.text_pages ? format_figure(d.word.f1) : "-",
        d.text_pages ? format_figure(d.shingle.f1) : "-");
  }
  if (datasets_.size() > 1) {
    const auto macro = macro_bag_of_words_f1();
    const auto macro_word = macro_word_f1();
    const auto macro_shingle = macro_shingle_f1();
    html += fmt::format(
        "<tr class=\"macro\"><td>macro mean</td><td></td><td></td><td></td><td></td><td></td><td></td><td></td>"
        "<td></td><td></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        macro ? format_figure(*macro) : "-", macro_word ? format_figure(*macro_word) : "-", macro_shingle ? format_figure(*macro_shingle) : "-");
  }
  html +=
      "</table>\n<p>Block-level figures count labelled paragraphs of all pages; ROC-AUC ranks them by p(content). "
      "BoW F1, word F1 (WCXB's measure: lower-cased \\w+ words) and shingle F1 compare each page's main text with "
      "its gold text (pages with a gold text only). The macro mean is the plain mean over datasets.</p>\n";

  // By page type, for the datasets that give one
  bool any_types = false;
  for (const DatasetFigures& d : datasets_) any_types = any_types || !d.page_types.empty();
  if (any_types) {
    html +=
        "<h2 id=\"page-types\">By page type</h2>\n<table>\n<tr><th>dataset</th><th>split</th><th>page type</th>"
        "<th>pages</th><th>BoW F1</th><th>word precision</th><th>word recall</th><th>word F1</th></tr>\n";
    for (const DatasetFigures& d : datasets_) {
      if (d.page_types.empty()) continue;
      for (const PageTypeFigures& t : d.page_types) {
        html += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html_escape(d.dataset), html_escape(d.split), html_escape(t.type), t.pages, format_figure(t.bag_of_words_f1),
            format_figure(t.word.precision), format_figure(t.word.recall), format_figure(t.word.f1));
      }
      html += fmt::format(
          "<tr class=\"macro\"><td>{}</td><td>{}</td><td>all</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
          "<td>{}</td></tr>\n",
          html_escape(d.dataset), html_escape(d.split), d.text_pages, format_figure(d.bag_of_words_f1),
          format_figure(d.word.precision), format_figure(d.word.recall), format_figure(d.word.f1));
    }
    html +=
        "</table>\n<p>Pages with a gold text, by the type their dataset gives them (WCXB: the ground truth's "
        "<code>_internal.page_type</code>, <code>category</code> counted as collection); word precision, recall and "
        "F1 are WCXB's <code>evaluate.py</code> figures, each a mean over pages.</p>\n";
  }

  // Pooled paragraphs for the plots
  const std::size_t n = p_content_.size();
  std::size_t positives = 0, predicted_tp = 0, predicted_fp = 0;
  for (std::size_t i = 0; i < n; ++i) {
    positives += is_content_[i] ? 1 : 0;
    if (predicted_content_[i]) ++(is_content_[i] ? predicted_tp : predicted_fp);
  }

  // Precision-recall curve
  html += "<h2 id=\"precision-recall\">Precision-recall curve</h2>\n<div class=\"plots\">\n";
  {
    SvgPlot plot(520, 380, 0, 1, 0, 1.0);
    plot.axes("recall (content)", "precision (content)");
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p_content_[a] > p_content_[b]; });
    std::vector<std::pair<double, double>> curve;
    std::size_t tp = 0, fp = 0;
    for (std::size_t start = 0; start < n;) {
      std::size_t end = start;
      while (end < n && p_content_[order[end]] == p_content_[order[start]]) {
        ++(is_content_[order[end]] ? tp : fp);
        ++end;
      }
      if (positives > 0) {
        curve.emplace_back(static_cast<double>(tp) / static_cast<double>(positives),
                           static_cast<double>(tp) / static_cast<double>(tp + fp));
      }
      start = end;
    }
    if (curve.size() > 600) {  // thin the line, keeping both ends
      std::vector<std::pair<double, double>> thinned;
      const std::size_t step = curve.size() / 600 + 1;
      for (std::size_t i = 0; i < curve.size(); i += step) thinned.push_back(curve[i]);
      thinned.push_back(curve.back());
      curve = std::move(thinned);
    }
    plot.line(curve, "#1f5fa8");
    plot.legend("all labelled paragraphs", "#1f5fa8");
    if (positives > 0 && predicted_tp + predicted_fp > 0) {
      const double recall = static_cast<double>(predicted_tp) / static_cast<double>(positives);
      const double precision = static_cast<double>(predicted_tp) / static_cast<double>(predicted_tp + predicted_fp);
      const std::string label = fmt::format("model threshold: P {:.3f}, R {:.3f}", precision, recall);
      plot.point(recall, precision, 6, "#d62020", label);
      plot.text(recall, precision, label, "#d62020", -190, 18);
      plot.legend("the model's threshold", "#d62020");
    }
    html += plot.svg("precision-recall curve") + "\n";
  }
  html +=
      "</div>\n<p>Each point is a threshold on p(content) over all labelled paragraphs; the red point is where "
      "the model's own threshold (per page kind) labels them.</p>\n";

  // Calibration
  html += "<h2 id=\"calibration\">Calibration curve</h2>\n<div class=\"plots\">\n";
  {
    constexpr int kBins = 10;
    std::vector<double> p_sum(kBins, 0.0), content(kBins, 0.0);
    std::vector<std::size_t> count(kBins, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const int bin = std::clamp(static_cast<int>(p_content_[i] * kBins), 0, kBins - 1);
      p_sum[bin] += p_content_[i];
      content[bin] += is_content_[i] ? 1.0 : 0.0;
      ++count[bin];
    }
    SvgPlot plot(520, 380, 0, 1, 0, 1);
    plot.axes("mean p(content) in bin", "share of content in bin");
    plot.line({{0, 0}, {1, 1}}, "#999", 1, "4 3");
    std::vector<std::pair<double, double>> curve;
    for (int b = 0; b < kBins; ++b) {
      if (count[b] == 0) continue;
      const double mean_p = p_sum[b] / static_cast<double>(count[b]);
      const double share = content[b] / static_cast<double>(count[b]);
      curve.emplace_back(mean_p, share);
    }
    plot.line(curve, "#1f5fa8");
    for (int b = 0, k = 0; b < kBins; ++b) {
      if (count[b] == 0) continue;
      plot.point(curve[k].first, curve[k].second, 4, "#1f5fa8",
                 fmt::format("p in [{:.1f}, {:.1f}): {} paragraphs, {:.3f} content", b / 10.0, (b + 1) / 10.0, count[b],
                             curve[k].second));
      ++k;
    }
    plot.legend("model", "#1f5fa8");
    plot.legend("perfect calibration", "#999");
    html += plot.svg("calibration curve") + "\n";
  }
  html += "</div>\n<p>Ten equal-width bins of p(content); a well-calibrated model lies on the diagonal.</p>\n";

  // Histogram
  html += "<h2 id=\"histogram\">Histogram of p(content) by true label</h2>\n<div class=\"plots\">\n";
  {
    constexpr int kBins = 20;
    std::vector<double> content(kBins, 0.0), boilerplate(kBins, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const int bin = std::clamp(static_cast<int>(p_content_[i] * kBins), 0, kBins - 1);
      (is_content_[i] ? content : boilerplate)[bin] += 1.0;
    }
    const double negatives = static_cast<double>(n - positives);
    double top = 0.0;
    for (int b = 0; b < kBins; ++b) {
      if (positives > 0) content[b] /= static_cast<double>(positives);
      if (negatives > 0) boilerplate[b] /= negatives;
      top = std::max({top, content[b], boilerplate[b]});
    }
    SvgPlot plot(520, 380, 0, 1, 0, top > 0 ? top * 1.1 : 1.0);
    plot.axes("p(content)", "share of the label's paragraphs");
    for (int b = 0; b < kBins; ++b) {
      const double x0 = b / static_cast<double>(kBins), x1 = (b + 1) / static_cast<double>(kBins);
      plot.bar(x0, x1, boilerplate[b], "#c0156a", 0.55, fmt::format("boilerplate: {:.3f}", boilerplate[b]));
      plot.bar(x0, x1, content[b], "#2e8b2e", 0.55, fmt::format("content: {:.3f}", content[b]));
    }
    plot.legend(fmt::format("content ({} paragraphs)", positives), "#2e8b2e");
    plot.legend(fmt::format("boilerplate ({} paragraphs)", n - positives), "#c0156a");
    html += plot.svg("histogram of p(content) by true label") + "\n";
  }
  html += "</div>\n";

  // Worst pages
  html += fmt::format(
      "<h2 id=\"worst-pages\">Worst pages</h2>\n<p>The {} pages with the lowest BoW F1 (block F1 where "
      "a page has no gold text), each paragraph with its p(content).</p>\n",
      worst_.size());
  html += "<div class=\"legend\">";
  for (const ErrorClass& c : {kKeptContent, kMissedContent, kKeptBoilerplate, kDroppedBoilerplate, kUnlabelled}) {
    html += fmt::format("<span class=\"para {}\">{}</span>", c.css, c.description);
  }
  html += "</div>\n";
  std::vector<const WorstPage*> sorted;
  for (const WorstPage& page : worst_) sorted.push_back(&page);
  std::stable_sort(sorted.begin(), sorted.end(), [](const WorstPage* a, const WorstPage* b) {
    return badness_key(a->figures) < badness_key(b->figures);
  });
  for (const WorstPage* page : sorted) {
    const PageFigures& f = page->figures;
    html += fmt::format("<h3>{} / {}</h3>\n<p>{} labelled paragraphs; block F1 {:.4f}; BoW F1 {}; shingle F1 {}</p>\n",
                        html_escape(f.dataset), html_escape(f.page), f.paragraphs, f.block_f1,
                        f.bag_of_words_f1 ? format_figure(*f.bag_of_words_f1) : "-",
                        f.shingle_f1 ? format_figure(*f.shingle_f1) : "-");
    html += "<div class=\"page\">\n";
    for (std::size_t i = 0; i < page->texts.size(); ++i) {
      const Label label = i < page->labels.size() ? page->labels[i] : Label::unknown;
      const ParagraphScore score = i < page->scores.size() ? page->scores[i] : ParagraphScore{};
      const ErrorClass c = error_class(label, score.is_content);
      std::string_view text = page->texts[i];
      constexpr std::size_t kMaxShown = 3000;
      std::string shown = html_escape(text.substr(0, kMaxShown));
      if (text.size() > kMaxShown) shown += " &hellip;";
      html += fmt::format("<div class=\"para {}\" title=\"{}\"><span class=\"p\">{:.2f}</span>{}</div>\n", c.css,
                          c.description, score.p_content, shown);
    }
    html += "</div>\n";
  }
  html += "</body>\n</html>\n";
  return html;
}

void EvaluationRecorder::write_report(const std::filesystem::path& folder, std::string_view title) const {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw Error(folder.string(), "", "cannot create the report folder: " + error.message());
  // Atomic writes that give the operating system's reason on failure (features/output_file.h).
  write_file_atomically(folder / "index.html", html_report(title));
  write_file_atomically(folder / "pages.csv", pages_csv());
}

}  // namespace pith
