// Every page of GoogleTrends-2017 read through the registry, with its exact labels from the
// annotators' __label attributes: the reader must take the whole dataset without an error, and
// the labelled text must be found in the paragraphs. Where exact labels exist they also measure
// the gold-text alignment every other dataset relies on: labels from the page's gold text
// (label_by_gold_text) should reproduce the exact ones.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <numeric>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "datasets/reference_alignment.h"
#include "shared_data.h"

using namespace pith;

TEST_CASE("the Google-Trends reader reads all 180 pages, and gold-text alignment reproduces their exact labels") {
  std::size_t pages = 0, paragraphs = 0, content = 0, label_count_mismatches = 0, empty_gold = 0;
  std::size_t agreeing = 0, exact_content_aligned_boilerplate = 0, exact_boilerplate_aligned_content = 0;
  std::vector<double> coverage;
  std::vector<std::string> left_out, worst_agreement;
  const auto start = std::chrono::steady_clock::now();
  CHECK_NOTHROW(for_each_labelled_page(
      parse_dataset_spec("google-trends-2017:" + testing::dataset_path("google-trends-2017")), "all",
      [&](LabelledPage&& page) {
        ++pages;
        paragraphs += page.document.paragraphs.size();
        content += static_cast<std::size_t>(std::count(page.labels.begin(), page.labels.end(), Label::content));
        label_count_mismatches += page.labels.size() != page.document.paragraphs.size();
        empty_gold += !page.gold_text || page.gold_text->empty();
        coverage.push_back(page.coverage);
        if (!page.left_out.empty()) left_out.push_back(fmt::format("{} ({:.2f})", page.id, page.coverage));

        LabelledPage aligned;
        aligned.document = page.document;
        label_by_gold_text(aligned, page.gold_text.value_or(""));
        std::size_t page_agreeing = 0;
        for (std::size_t i = 0; i < page.labels.size() && i < aligned.labels.size(); ++i) {
          page_agreeing += page.labels[i] == aligned.labels[i];
          exact_content_aligned_boilerplate += page.labels[i] == Label::content && aligned.labels[i] != Label::content;
          exact_boilerplate_aligned_content += page.labels[i] != Label::content && aligned.labels[i] == Label::content;
        }
        agreeing += page_agreeing;
        if (page_agreeing + 3 < page.labels.size())
          worst_agreement.push_back(fmt::format("{} ({} of {})", page.id, page_agreeing, page.labels.size()));
      }));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(pages > 0);

  std::vector<double> sorted = coverage;
  std::sort(sorted.begin(), sorted.end());
  auto quantile = [&](double q) { return sorted[static_cast<std::size_t>(q * double(sorted.size() - 1) + 0.5)]; };
  const double mean_coverage = std::accumulate(coverage.begin(), coverage.end(), 0.0) / double(coverage.size());
  const double content_share = double(content) / double(paragraphs);
  const double agreement = double(agreeing) / double(paragraphs);
  auto joined = [](const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
  };
  WARN(
      fmt::format("Google-Trends-2017: {} pages, {} paragraphs, content share {:.3f}, mean coverage {:.4f}, coverage "
                  "min/q1/median/q3 {:.3f}/{:.3f}/{:.3f}/{:.3f}, {} pages with empty gold, {} pages left out: {}; "
                  "read, labelled and aligned twice in {:.1f} s",
                  pages, paragraphs, content_share, mean_coverage, quantile(0), quantile(0.25), quantile(0.5),
                  quantile(0.75), empty_gold, left_out.size(), joined(left_out), seconds));
  WARN(
      fmt::format("Google-Trends-2017: gold-text alignment agrees with the exact labels on {} of {} paragraphs "
                  "({:.2f} %); exact content aligned as boilerplate {}, exact boilerplate aligned as content {}; "
                  "pages with more than 3 disagreements: {}",
                  agreeing, paragraphs, 100 * agreement, exact_content_aligned_boilerplate,
                  exact_boilerplate_aligned_content, joined(worst_agreement)));
  CHECK(pages == 180);
  CHECK(label_count_mismatches == 0);
  // Measured: 73,130 paragraphs, content share 0.200, mean coverage of the labelled text
  // 0.9999 (minimum 0.997), no page left out. Gold-text alignment agrees with the exact labels
  // on 73,040 paragraphs (99.88 %); more than half of the 90 disagreements are gt_111, an
  // Apple page holding each feature blurb twice (one copy labelled), where the gold text can
  // only align to one copy and picks the other. About 2.5 s for both passes.
  CHECK(content_share > 0.18);
  CHECK(content_share < 0.22);
  CHECK(mean_coverage > 0.995);
  CHECK(left_out.empty());
  CHECK(agreement >= 0.995);
}
