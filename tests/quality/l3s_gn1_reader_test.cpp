// Every page of L3S-GN1 read and labelled through the registry, with its exact labels from
// the annotators' x-nc-sel spans: the reader must take the whole dataset without an error, and
// the annotated text must be found in the paragraphs. Exact labels also measure the gold-text
// alignment every other dataset relies on: labels from the page's gold text (the text of its
// content spans, through label_by_gold_text) should reproduce the exact ones.
#include <catch2/catch.hpp>

#include "dataset_summary.h"

using namespace pith;

TEST_CASE("the L3S-GN1 reader reads all 621 pages, and gold-text alignment reproduces their exact labels") {
  testing::DatasetSummary summary("L3S-GN1");
  testing::GoldAlignmentAgreement agreement("L3S-GN1");
  CHECK_NOTHROW(testing::read_all_pages("l3s-gn1", summary, agreement));
  REQUIRE(summary.pages > 0);
  WARN(summary.line("read, labelled and aligned twice"));
  WARN(agreement.line());
  CHECK(summary.pages == 621);
  CHECK(summary.label_count_mismatches == 0);
  CHECK(summary.empty_gold == 0);  // every page has the text of its content spans
  // Measured: 81,275 paragraphs, content share 0.124, mean coverage 0.9980, one page left out:
  // 599fc2eb (coverage 0), whose original/ file lost bytes inside a <script src="..."> tag, so
  // by HTML's rules the whole article is script text (the annotators saw an intact copy).
  // Gold-text alignment agrees with the exact labels on 81,237 paragraphs (99.95 %). Of the 38
  // disagreements, 30 are text the page holds twice, one copy labelled, where the gold text
  // aligns to the other copy (20 are one page, 8cad55ae, whose events list is repeated; the
  // others are captions, headlines and copyright lines); 8 are one- or two-word section labels
  // ("Golf", "Soccer", "Florida Lottery") whose words the gold text holds elsewhere. About 1.5 s
  // for both passes.
  CHECK(summary.content_share() > 0.10);
  CHECK(summary.content_share() < 0.15);
  CHECK(summary.mean_coverage() > 0.99);
  CHECK(summary.left_out.size() <= 2);
  CHECK(agreement.share() >= 0.995);
}
