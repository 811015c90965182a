// Every page of CleanEval and CleanPortalEval read and labelled through the registry: the
// readers must take the whole datasets without an error, and the alignment of gold text to
// paragraphs must find nearly all of the gold (else the labels would be noise).
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "shared_data.h"

using namespace pith;

namespace {

struct ReaderFigures {
  std::size_t pages = 0, paragraphs = 0, content = 0, label_count_mismatches = 0, empty_gold = 0;
  std::vector<double> coverage;
  std::vector<std::string> left_out;  // "id (coverage)"

  void add(const LabelledPage& page) {
    ++pages;
    paragraphs += page.document.paragraphs.size();
    content += static_cast<std::size_t>(std::count(page.labels.begin(), page.labels.end(), Label::content));
    label_count_mismatches += page.labels.size() != page.document.paragraphs.size();
    empty_gold += !page.gold_text || page.gold_text->empty();
    coverage.push_back(page.coverage);
    if (!page.left_out.empty()) left_out.push_back(fmt::format("{} ({:.2f})", page.id, page.coverage));
  }
  double content_share() const { return paragraphs == 0 ? 0 : double(content) / double(paragraphs); }
  double mean_coverage() const {
    return std::accumulate(coverage.begin(), coverage.end(), 0.0) / double(coverage.size());
  }
  double coverage_quantile(double q) const {
    std::vector<double> sorted = coverage;
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<std::size_t>(q * double(sorted.size() - 1) + 0.5)];
  }
  std::string summary(const std::string& name) const {
    std::string ids;
    for (const std::string& id : left_out) ids += (ids.empty() ? "" : ", ") + id;
    return fmt::format(
        "{}: {} pages, {} paragraphs, content share {:.3f}, mean coverage {:.4f}, coverage min/q1/median/q3 "
        "{:.3f}/{:.3f}/{:.3f}/{:.3f}, {} pages with empty gold, {} pages left out: {}",
        name, pages, paragraphs, content_share(), mean_coverage(), coverage_quantile(0), coverage_quantile(0.25),
        coverage_quantile(0.5), coverage_quantile(0.75), empty_gold, left_out.size(), ids);
  }
};

ReaderFigures read_all(const std::string& kind) {
  ReaderFigures figures;
  for_each_labelled_page(parse_dataset_spec(kind + ":" + testing::dataset_path(kind)), "all",
                         [&](LabelledPage&& page) { figures.add(page); });
  return figures;
}

}  // namespace

TEST_CASE("the CleanEval reader reads and labels all 738 pages") {
  const ReaderFigures figures = read_all("cleaneval");
  WARN(figures.summary("CleanEval"));
  CHECK(figures.pages == 738);
  CHECK(figures.label_count_mismatches == 0);
  // Measured: 79,791 paragraphs, content share 0.580, mean coverage 0.9908 (quartiles
  // 0.996/1.000/1.000), 7 pages with an empty gold (all boilerplate), 4 pages left out: 714
  // (a <div> left open inside <noscript> hides the rest of the page from the segmenter), 250
  // (the gold file holds its text twice), 47 (the gold is an ad image's alt text), 246 (the
  // gold holds the <title> and a teaser the page does not have).
  CHECK(figures.content_share() > 0.45);
  CHECK(figures.content_share() < 0.70);
  CHECK(figures.mean_coverage() > 0.97);
  CHECK(figures.left_out.size() <= 8);
}

TEST_CASE("the CleanPortalEval reader reads and labels all 71 pages") {
  const ReaderFigures figures = read_all("cleanportaleval");
  WARN(figures.summary("CleanPortalEval"));
  CHECK(figures.pages == 71);
  CHECK(figures.label_count_mismatches == 0);
  // Measured: 12,984 paragraphs, content share 0.079, mean coverage 0.9712 (quartiles
  // 0.960/0.972/0.989, lowest 0.924), 2 pages with an empty gold, none left out. Coverage is
  // below 1 because 64 of the 71 gold files hold raw character references (&#8217; &#039;):
  // their numbers are 1,097 of the 1,188 gold tokens not found in the pages.
  CHECK(figures.content_share() > 0.04);
  CHECK(figures.content_share() < 0.15);
  CHECK(figures.mean_coverage() > 0.95);
  CHECK(figures.left_out.size() <= 2);
}
