// Every page of CleanEval and CleanPortalEval read and labelled through the registry: the
// readers must take the whole datasets without an error, and the alignment of gold text to
// paragraphs must find nearly all of the gold (else the labels would be noise).
#include <catch2/catch.hpp>
#include <string>

#include "dataset_summary.h"

using namespace pith;

namespace {

testing::DatasetSummary read_all(const std::string& kind, const std::string& name) {
  testing::DatasetSummary figures(name);
  testing::read_all_pages(kind, figures);
  return figures;
}

}  // namespace

TEST_CASE("the CleanEval reader reads and labels all 738 pages") {
  const testing::DatasetSummary figures = read_all("cleaneval", "CleanEval");
  WARN(figures.line());
  CHECK(figures.pages == 738);
  CHECK(figures.label_count_mismatches == 0);
  // Measured: 80,073 paragraphs, content share 0.579, mean coverage 0.992, 7 pages with an
  // empty gold (all boilerplate), 3 pages left out: 250 (the gold file holds its text twice),
  // 47 (the gold is an ad image's alt text), 246 (the gold holds the <title> and a teaser the
  // page does not have). Page 714 (a <div> left open inside <noscript>) is read since the
  // segmenter parses noscript content as markup.
  CHECK(figures.content_share() > 0.45);
  CHECK(figures.content_share() < 0.70);
  CHECK(figures.mean_coverage() > 0.97);
  CHECK(figures.left_out.size() <= 8);
}

TEST_CASE("the CleanPortalEval reader reads and labels all 71 pages") {
  const testing::DatasetSummary figures = read_all("cleanportaleval", "CleanPortalEval");
  WARN(figures.line());
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
