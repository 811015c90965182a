// Every Readability.js test page read and labelled through the registry: the reader must take
// the whole dataset without an error, and aligning the visible text of expected.html to the
// paragraphs of source.html must find nearly all of it (else the labels would be noise).
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <numeric>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "shared_data.h"

using namespace pith;

TEST_CASE("the Readability reader reads and labels all 130 pages") {
  std::size_t pages = 0, paragraphs = 0, content = 0, label_count_mismatches = 0, empty_gold = 0;
  std::vector<double> coverage;
  std::vector<std::string> left_out;
  const auto start = std::chrono::steady_clock::now();
  CHECK_NOTHROW(for_each_labelled_page(
      parse_dataset_spec("readability:" + testing::dataset_path("readability")), "all", [&](LabelledPage&& page) {
        ++pages;
        paragraphs += page.document.paragraphs.size();
        content += static_cast<std::size_t>(std::count(page.labels.begin(), page.labels.end(), Label::content));
        label_count_mismatches += page.labels.size() != page.document.paragraphs.size();
        empty_gold += !page.gold_text || page.gold_text->empty();
        coverage.push_back(page.coverage);
        if (!page.left_out.empty()) left_out.push_back(fmt::format("{} ({:.2f})", page.id, page.coverage));
      }));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(pages > 0);

  std::vector<double> sorted = coverage;
  std::sort(sorted.begin(), sorted.end());
  auto quantile = [&](double q) { return sorted[static_cast<std::size_t>(q * double(sorted.size() - 1) + 0.5)]; };
  const double mean_coverage = std::accumulate(coverage.begin(), coverage.end(), 0.0) / double(coverage.size());
  const double content_share = double(content) / double(paragraphs);
  std::string ids;
  for (const std::string& id : left_out) ids += (ids.empty() ? "" : ", ") + id;
  WARN(
      fmt::format("Readability: {} pages, {} paragraphs, content share {:.3f}, mean coverage {:.4f}, coverage "
                  "min/q1/median/q3 {:.3f}/{:.3f}/{:.3f}/{:.3f}, {} pages with empty gold, {} pages left out: {}; "
                  "read and aligned in {:.1f} s",
                  pages, paragraphs, content_share, mean_coverage, quantile(0), quantile(0.25), quantile(0.5),
                  quantile(0.75), empty_gold, left_out.size(), ids, seconds));
  CHECK(pages == 130);
  CHECK(label_count_mismatches == 0);
  // Measured: 21,601 paragraphs, content share 0.289, mean coverage 1.0000 (every page's
  // expected text is found whole in its source: Readability's output is a subset of the
  // page's own text), no page left out. Under a second.
  CHECK(content_share > 0.25);
  CHECK(content_share < 0.33);
  CHECK(mean_coverage > 0.99);
  CHECK(left_out.size() <= 2);
}
