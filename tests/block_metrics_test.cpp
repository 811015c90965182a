#include <catch2/catch.hpp>

#include "eval/block_metrics.h"
#include "train/trainer.h"

using namespace pith;

TEST_CASE("block counts and measures on a hand-counted case") {
  const std::vector<Label> truth{Label::content, Label::content, Label::boilerplate, Label::boilerplate,
                                 Label::content, Label::unknown};
  const std::vector<ParagraphScore> predicted{{0.9, true}, {0.2, false}, {0.7, true}, {0.1, false}, {0.8, true},
                                              {0.9, true}};
  BlockCounts counts;
  counts.add(truth, predicted);
  CHECK(counts.true_content == 2);
  CHECK(counts.missed_content == 1);
  CHECK(counts.false_content == 1);
  CHECK(counts.true_boilerplate == 1);
  CHECK(counts.total() == 5);  // the unknown paragraph is not counted
  CHECK(counts.precision() == Approx(2.0 / 3.0));
  CHECK(counts.recall() == Approx(2.0 / 3.0));
  CHECK(counts.f1() == Approx(2.0 / 3.0));
  CHECK(counts.accuracy() == Approx(3.0 / 5.0));
}

TEST_CASE("empty counts score 1, not NaN") {
  const BlockCounts counts;
  CHECK(counts.f1() == 1.0);
  CHECK(counts.precision() == 1.0);
}

TEST_CASE("the F1-maximising threshold separates the best prefix of scores") {
  Eigen::VectorXd p(6), y(6);
  p << 0.9, 0.8, 0.6, 0.4, 0.3, 0.1;
  y << 1, 1, 0, 1, 0, 0;
  // cut after 0.4: TP 3, predicted 4 -> F1 = 6/7; after 0.8: F1 = 4/5
  const double threshold = train::threshold_maximising_f1(p, y);
  CHECK(threshold < 0.4);
  CHECK(threshold > 0.3);
  CHECK(train::threshold_maximising_f1(p, Eigen::VectorXd::Zero(6)) == 0.5);
}
