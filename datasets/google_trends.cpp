#include "datasets/google_trends.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/reference_alignment.h"
#include "datasets/visible_text.h"
#include "features/error.h"
#include "features/html_event_parser.h"
#include "features/html_segmenter.h"
#include "features/html_tags.h"
#include "features/page_reader.h"

namespace pith {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool equals_lower(std::string_view text, std::string_view lower_word) {
  return text.size() == lower_word.size() &&
         std::equal(text.begin(), text.end(), lower_word.begin(), [](char a, char b) { return lower(a) == b; });
}

// Where the raw text of a script or style element opened before `from` ends: at its end tag
// (as the HTML tokenizer decides, whatever "<" the script holds), or at the end of the page.
std::size_t raw_text_end(std::string_view html, std::size_t from, std::string_view lower_name) {
  for (std::size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    const std::size_t after = at + 2 + lower_name.size();
    if (after <= html.size() && equals_lower(html.substr(at + 2, lower_name.size()), lower_name) &&
        (after == html.size() || is_space(html[after]) || html[after] == '/' || html[after] == '>'))
      return at;
  }
  return html.size();
}

}  // namespace

std::string strip_label_attributes(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  const std::size_t n = html.size();
  while (i < n) {
    const std::size_t open = html.find('<', i);
    if (open == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, open - i));
    i = open;
    if (html.compare(i, 4, "<!--") == 0) {
      const std::size_t close = html.find("-->", i + 4);
      const std::size_t end = close == std::string_view::npos ? n : close + 3;
      out.append(html.substr(i, end - i));
      i = end;
      continue;
    }
    if (i + 1 >= n || !is_letter(html[i + 1])) {  // end tag, doctype, or a lone '<' in text
      out += '<';
      ++i;
      continue;
    }
    // A start tag: its name, then attributes as the HTML tokenizer reads them.
    std::size_t j = i + 1;
    while (j < n && !is_space(html[j]) && html[j] != '/' && html[j] != '>') ++j;
    const std::string_view tag_name = html.substr(i + 1, j - i - 1);
    out.append(html.substr(i, j - i));
    i = j;
    bool tag_closed = false;
    while (i < n) {
      const std::size_t attribute_start = i;  // the white space before an attribute goes with it
      while (i < n && (is_space(html[i]) || html[i] == '/')) ++i;
      if (i >= n) {
        out.append(html.substr(attribute_start));
        break;
      }
      if (html[i] == '>') {
        out.append(html.substr(attribute_start, i + 1 - attribute_start));
        ++i;
        tag_closed = true;
        break;
      }
      const std::size_t name_start = i++;  // a first '=' belongs to the name, as in HTML
      while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
      const std::string_view attribute_name = html.substr(name_start, i - name_start);
      std::size_t k = i;
      while (k < n && is_space(html[k])) ++k;
      if (k < n && html[k] == '=') {
        ++k;
        while (k < n && is_space(html[k])) ++k;
        if (k < n && (html[k] == '"' || html[k] == '\'')) {
          const std::size_t close = html.find(html[k], k + 1);
          i = close == std::string_view::npos ? n : close + 1;
        } else {
          while (k < n && !is_space(html[k]) && html[k] != '>') ++k;
          i = k;
        }
      }
      if (equals_lower(attribute_name, "__label")) {
        // keep what follows apart from what precedes (`<p __label="x"class="y">`)
        if (i < n && !is_space(html[i]) && html[i] != '>' && html[i] != '/') out += ' ';
      } else {
        out.append(html.substr(attribute_start, i - attribute_start));
      }
    }
    if (tag_closed && (equals_lower(tag_name, "script") || equals_lower(tag_name, "style"))) {
      const std::size_t end = raw_text_end(html, i, equals_lower(tag_name, "script") ? "script" : "style");
      out.append(html.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

bool is_comment_label(std::string_view label) {
  while (!label.empty() && is_space(label.front())) label.remove_prefix(1);
  while (!label.empty() && is_space(label.back())) label.remove_suffix(1);
  return equals_lower(label, "comment") || equals_lower(label, "commen");
}

namespace {

// The raw page's text with the label of each text node's nearest __label ancestor (none,
// content or comment); an explicit stack of open elements (no recursion on input depth; the
// event parser guarantees one end per start, in nesting order).
// Text is tokenised in runs of one label within one block, not node by node: pith's paragraphs
// join adjacent inline text nodes ("<span>Sat</span><span>Dec</span>" is the token "satdec"),
// and the reference must tokenise the same way for the alignment to be exact.
class AnnotationCollector : public HtmlEventHandler {
 public:
  AnnotationCollector(ReferenceTokens& reference, PlainTextBuilder& gold) : reference_(reference), gold_(gold) {
    stack_.push_back({Annotation::none, false});
  }

  void start_element(std::string_view name, const HtmlAttributes& attributes) override {
    gold_.start_element(name);
    if (name == "br" || is_block_element(name)) flush_run();
    if (stack_.size() >= kMaxDepth) {
      ++overflow_;
      return;
    }
    Frame frame{stack_.back().annotation, stack_.back().invisible || is_invisible_element(name)};
    bool labelled = false;
    const std::string_view label = attributes.get("__label", &labelled);
    if (labelled) frame.annotation = is_comment_label(label) ? Annotation::comment : Annotation::content;
    stack_.push_back(frame);
  }

  void end_element(std::string_view name) override {
    gold_.end_element(name);
    if (is_block_element(name)) flush_run();
    if (overflow_ > 0)
      --overflow_;
    else if (stack_.size() > 1)
      stack_.pop_back();
  }

  void text(std::string_view utf8, std::size_t) override {
    const Frame& frame = stack_.back();
    if (frame.invisible) return;
    const Label label = frame.annotation == Annotation::content ? Label::content : Label::boilerplate;
    if (label != run_label_) flush_run();
    run_label_ = label;
    run_ += utf8;
    if (label == Label::content)
      gold_.text(utf8);
    else
      gold_.separate();
  }

  void finish() { flush_run(); }

 private:
  enum class Annotation { none, content, comment };
  struct Frame {
    Annotation annotation;
    bool invisible;
  };

  void flush_run() {
    if (!run_.empty()) reference_.add_text(run_, run_label_);
    run_.clear();
  }

  static constexpr std::size_t kMaxDepth = 10000;
  ReferenceTokens& reference_;
  PlainTextBuilder& gold_;
  std::vector<Frame> stack_;
  std::size_t overflow_ = 0;
  std::string run_;
  Label run_label_ = Label::boilerplate;
};

}  // namespace

LabelledPage label_google_trends_page(std::string_view raw_html, const std::string& source) {
  LabelledPage page;
  page.page_bytes = strip_label_attributes(raw_html);
  page.document = segment_html(page.page_bytes, source);

  // Decoded as segment_html decoded the stripped page (no charset hint either), so both see the
  // same text; a few raw pages declare one charset and hold another.
  ReferenceTokens reference;
  PlainTextBuilder gold;
  AnnotationCollector collector(reference, gold);
  parse_html_events(raw_html, source, "", collector);
  collector.finish();

  const AlignmentRule rule;
  AlignedLabels aligned = align_reference(page.document, reference, rule);
  page.labels = std::move(aligned.labels);
  page.coverage = aligned.coverage;
  page.gold_text = gold.finish();
  if (page.coverage < rule.minimum_coverage)
    page.left_out =
        fmt::format("only {:.0f} % of the {} content-labelled tokens are in the page's paragraphs (minimum {:.0f} %)",
                    100 * page.coverage, aligned.content_tokens, 100 * rule.minimum_coverage);
  return page;
}

namespace {

// prepared_id -> raw file (relative to the dataset folder), from raw-to-prepared.tsv: '#'
// comment lines, a header line, then `prepared_id<TAB>raw_file<TAB>jaccard` rows.
std::unordered_map<std::string, std::string> read_raw_page_map(const std::filesystem::path& tsv) {
  const std::string text = read_file_bytes(tsv);
  std::unordered_map<std::string, std::string> raw_of;
  bool header_seen = false;
  std::size_t start = 0, line_number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line.starts_with('#')) continue;
    if (!header_seen) {
      header_seen = true;
      if (line.starts_with("prepared_id\t")) continue;
    }
    const std::size_t tab = line.find('\t');
    const std::size_t second_tab = tab == std::string_view::npos ? tab : line.find('\t', tab + 1);
    if (tab == 0 || second_tab == std::string_view::npos || second_tab == tab + 1)
      throw Error(tsv.string(), fmt::format("line {}", line_number), "expected 'prepared_id<TAB>raw_file<TAB>jaccard'");
    const auto [where, inserted] =
        raw_of.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1, second_tab - tab - 1)));
    if (!inserted)
      throw Error(tsv.string(), fmt::format("line {}", line_number), fmt::format("'{}' is listed twice", where->first));
  }
  return raw_of;
}

class GoogleTrendsReader : public DatasetReader {
 public:
  explicit GoogleTrendsReader(std::filesystem::path folder)
      : folder_(std::move(folder)), raw_of_(read_raw_page_map(folder_ / "raw-to-prepared.tsv")) {}

  std::vector<std::string> page_ids(std::string_view split) const override {
    return read_split_ids(folder_ / "splits.tsv", split);
  }

  LabelledPage read_page(const std::string& page_id) const override {
    const auto raw = raw_of_.find(page_id);
    if (raw == raw_of_.end())
      throw Error((folder_ / "raw-to-prepared.tsv").string(), "", fmt::format("no raw page listed for '{}'", page_id));
    const std::filesystem::path path = folder_ / raw->second;
    return label_google_trends_page(read_file_bytes(path), path.string());
  }

 private:
  std::filesystem::path folder_;
  std::unordered_map<std::string, std::string> raw_of_;
};

}  // namespace

std::unique_ptr<DatasetReader> open_google_trends_dataset(const std::filesystem::path& folder) {
  return std::make_unique<GoogleTrendsReader>(folder);
}

}  // namespace pith
