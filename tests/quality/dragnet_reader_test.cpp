// Every page of Dragnet read and labelled through the registry: the reader must take the whole
// dataset without an error, and the alignment of gold text to paragraphs must find nearly all
// of the gold (else the labels would be noise).
#include <catch2/catch.hpp>
#include <string>

#include "dataset_summary.h"
#include "datasets/dataset.h"
#include "shared_data.h"

using namespace pith;

TEST_CASE("the Dragnet reader reads and labels all 1381 pages") {
  testing::DatasetSummary summary("Dragnet");
  std::string error_page_reason;
  for_each_labelled_page(parse_dataset_spec("dragnet:" + testing::dataset_path("dragnet")), "all",
                         [&](LabelledPage&& page) {
                           summary.add(page);
                           if (page.id == "R427") error_page_reason = page.left_out;
                         });
  WARN(summary.line("read and aligned"));
  CHECK(summary.pages == 1381);
  CHECK(summary.label_count_mismatches == 0);
  CHECK(error_page_reason == "a server error page whose gold holds an article (datasets/README.md)");
  // Measured: 271,262 paragraphs, content share 0.096, mean coverage 0.9963 (quartiles all
  // 1.000), 7 pages left out: 60 (coverage 0.79, just under the minimum), R427 (the server error page) and R237 (a 4 KB redirect page,
  // coverage 0), 201 (photo captions only in a script's JSON), R35, T49 and R581 (gold files
  // that hold the article or a paragraph twice). Reading and aligning all of it takes about
  // 3 s of CPU.
  CHECK(summary.content_share() > 0.06);
  CHECK(summary.content_share() < 0.15);
  CHECK(summary.mean_coverage() > 0.98);
  CHECK(summary.left_out.size() <= 12);
}
