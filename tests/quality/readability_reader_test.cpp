// Every Readability.js test page read and labelled through the registry: the reader must take
// the whole dataset without an error, and aligning the visible text of expected.html to the
// paragraphs of source.html must find nearly all of it (else the labels would be noise).
#include <catch2/catch.hpp>

#include "dataset_summary.h"

using namespace pith;

TEST_CASE("the Readability reader reads and labels all 130 pages") {
  testing::DatasetSummary summary("Readability");
  CHECK_NOTHROW(testing::read_all_pages("readability", summary));
  REQUIRE(summary.pages > 0);
  WARN(summary.line("read and aligned"));
  CHECK(summary.pages == 130);
  CHECK(summary.label_count_mismatches == 0);
  // Measured: 21,660 paragraphs, content share 0.288, mean coverage 1.0000 (every page's
  // expected text is found whole in its source: Readability's output is a subset of the
  // page's own text), no page left out. Under a second.
  CHECK(summary.content_share() > 0.25);
  CHECK(summary.content_share() < 0.33);
  CHECK(summary.mean_coverage() > 0.99);
  CHECK(summary.left_out.size() <= 2);
}
