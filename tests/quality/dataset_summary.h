#pragma once
// What the reader tests measure on a whole dataset: pages, paragraphs, content share, the
// coverage of the gold text and the pages left out; and, where a dataset has exact labels,
// how well gold-text alignment reproduces them.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/labelled_page.h"
#include "datasets/reference_alignment.h"
#include "shared_data.h"

namespace pith::testing {

inline std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

inline std::size_t content_paragraphs(const LabelledPage& page) {
  return static_cast<std::size_t>(std::count(page.labels.begin(), page.labels.end(), Label::content));
}

// No gold text, or only white space: the page is all boilerplate.
inline bool has_empty_gold(const LabelledPage& page) {
  return !page.gold_text || page.gold_text->find_first_not_of(" \t\r\n") == std::string::npos;
}

// Figures of a dataset, page by page; the clock starts at construction.
class DatasetSummary {
 public:
  explicit DatasetSummary(std::string name) : name_(std::move(name)) {}

  std::size_t pages = 0, paragraphs = 0, content = 0, label_count_mismatches = 0, empty_gold = 0;
  std::vector<double> coverage;
  std::vector<std::string> left_out;  // "id (coverage)"

  void add(const LabelledPage& page) {
    ++pages;
    paragraphs += page.document.paragraphs.size();
    content += content_paragraphs(page);
    label_count_mismatches += page.labels.size() != page.document.paragraphs.size();
    empty_gold += has_empty_gold(page);
    coverage.push_back(page.coverage);
    if (!page.left_out.empty()) left_out.push_back(fmt::format("{} ({:.2f})", page.id, page.coverage));
  }

  double content_share() const { return paragraphs == 0 ? 0 : double(content) / double(paragraphs); }
  double mean_coverage() const {
    return coverage.empty() ? 0 : std::accumulate(coverage.begin(), coverage.end(), 0.0) / double(coverage.size());
  }
  double coverage_quantile(double q) const {
    if (coverage.empty()) return 0;
    std::vector<double> sorted = coverage;
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<std::size_t>(q * double(sorted.size() - 1) + 0.5)];
  }
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

  // One line for WARN; with `timed` ("read and aligned"), how long that took since construction.
  std::string line(std::string_view timed = {}) const {
    std::string text = fmt::format(
        "{}: {} pages, {} paragraphs, content share {:.3f}, mean coverage {:.4f}, coverage min/q1/median/q3 "
        "{:.3f}/{:.3f}/{:.3f}/{:.3f}, {} pages with empty gold, {} pages left out: {}",
        name_, pages, paragraphs, content_share(), mean_coverage(), coverage_quantile(0), coverage_quantile(0.25),
        coverage_quantile(0.5), coverage_quantile(0.75), empty_gold, left_out.size(), joined(left_out));
    if (!timed.empty()) text += fmt::format("; {} in {:.1f} s", timed, seconds());
    return text;
  }

 private:
  std::string name_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Agreement of labels from gold-text alignment with a dataset's exact labels: each page's
// paragraphs labelled again by label_by_gold_text from its gold text, compared paragraph by
// paragraph with the labels the reader gave.
class GoldAlignmentAgreement {
 public:
  // Pages with more than `listed_above` disagreements are listed.
  explicit GoldAlignmentAgreement(std::string name, std::size_t listed_above = 3)
      : name_(std::move(name)), listed_above_(listed_above) {}

  std::size_t paragraphs = 0, agreeing = 0, exact_content_aligned_boilerplate = 0,
              exact_boilerplate_aligned_content = 0;
  std::vector<std::string> worst_pages;  // "id (agreeing of paragraphs)"

  void add(const LabelledPage& page) {
    LabelledPage aligned;
    aligned.document = page.document;
    label_by_gold_text(aligned, page.gold_text.value_or(""));
    std::size_t page_agreeing = 0;
    for (std::size_t i = 0; i < page.labels.size() && i < aligned.labels.size(); ++i) {
      page_agreeing += page.labels[i] == aligned.labels[i];
      exact_content_aligned_boilerplate += page.labels[i] == Label::content && aligned.labels[i] != Label::content;
      exact_boilerplate_aligned_content += page.labels[i] != Label::content && aligned.labels[i] == Label::content;
    }
    paragraphs += page.document.paragraphs.size();
    agreeing += page_agreeing;
    if (page_agreeing + listed_above_ < page.labels.size())
      worst_pages.push_back(fmt::format("{} ({} of {})", page.id, page_agreeing, page.labels.size()));
  }

  double share() const { return paragraphs == 0 ? 0 : double(agreeing) / double(paragraphs); }

  std::string line() const {
    return fmt::format(
        "{}: gold-text alignment agrees with the exact labels on {} of {} paragraphs ({:.2f} %); exact content "
        "aligned as boilerplate {}, exact boilerplate aligned as content {}; pages with more than {} disagreements: {}",
        name_, agreeing, paragraphs, 100 * share(), exact_content_aligned_boilerplate,
        exact_boilerplate_aligned_content, listed_above_, joined(worst_pages));
  }

 private:
  std::string name_;
  std::size_t listed_above_;
};

// Reads every page of the shared dataset `kind` through the registry into each of `figures`
// (a DatasetSummary, a GoldAlignmentAgreement, ...).
template <typename... Figures>
void read_all_pages(const std::string& kind, Figures&... figures) {
  for_each_labelled_page(parse_dataset_spec(kind + ":" + dataset_path(kind)), "all",
                         [&](LabelledPage&& page) { (figures.add(page), ...); });
}

}  // namespace pith::testing
