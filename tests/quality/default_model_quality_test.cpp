// The shipped default model against the floors. Each floor sits a little under the
// figure measured when the model was trained (written beside it); a drop below it fails.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "datasets/dataset.h"
#include "datasets/labelled_text.h"
#include "infer/block_metrics.h"
#include "infer/model_file.h"
#include "infer/paragraph_classifier.h"
#include "shared_data.h"

using namespace pith;

namespace {
const Model& default_model() {
  static const Model model = load_model(PITH_DEFAULT_MODEL);
  return model;
}
}  // namespace

TEST_CASE("the default model labels the seed page's 46 paragraphs") {
  // The seed's labels are in the project's labelled-text format already.
  const LabelledPage seed = read_labelled_text_page(testing::shared_path("seed/news-page.txt"));
  REQUIRE(seed.document.paragraphs.size() == 46);
  BlockCounts counts;
  counts.add(seed.labels, classify_paragraphs(default_model(), seed.document));
  const std::size_t right = counts.true_content + counts.true_boilerplate;
  WARN(fmt::format("seed page: {} of 46 right ({:.1f} %), content F1 {:.3f}", right, 100.0 * double(right) / 46.0,
                   counts.f1()));
  CHECK(right >= 42);  // measured 42 of 46 (91.3 %); the issue asks for at least 90 % (42 of 46)
}

TEST_CASE("the default model's block-level content F1 on the L3S-GN1 test split") {
  BlockCounts counts;
  std::size_t pages = 0;
  for_each_labelled_page(parse_dataset_spec("l3s-gn1:" + testing::dataset_path("l3s-gn1")), "test", [&](LabelledPage&& page) {
    counts.add(page.labels, classify_paragraphs(default_model(), page.document));
    ++pages;
  });
  CHECK(pages == 117);
  WARN(fmt::format("L3S-GN1 test: {} paragraphs, precision {:.4f}, recall {:.4f}, F1 {:.4f}, accuracy {:.4f}",
                   counts.total(), counts.precision(), counts.recall(), counts.f1(), counts.accuracy()));
  CHECK(counts.f1() >= 0.91);  // measured 0.9329; the issue asks for at least 0.85
}
