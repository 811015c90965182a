// The trainer end to end on a few synthetic pages: determinism across runs and thread counts,
// class weights, cross-validation and the threshold's favour, all as model file bytes and settings.
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "features/hashed_features.h"
#include "features/html_segmenter.h"
#include "model/model_file.h"
#include "train/trainer.h"

namespace {

using pith::Label;
using pith::LabelledPage;

// A page of navigation links, a story of a few paragraphs, share links and a footer. The mix
// varies with `seed` so the classes overlap a little and the fits are not separable.
LabelledPage synthetic_page(int seed) {
  std::string html = "<html><head><title>Page</title></head><body><nav><ul>";
  for (int i = 0; i < 3 + seed % 4; ++i) html += fmt::format("<li><a href=\"/s{}\">Section {}</a></li>", i, i);
  html += "</ul></nav><article>";
  for (int i = 0; i < 2 + seed % 3; ++i) {
    html += "<p>Story paragraph";
    for (int w = 0; w < 5 + (seed * 7 + i * 3) % 17; ++w) html += fmt::format(" word{}", (w * seed) % 11);
    html += ". It goes on, with a comma and a full stop.</p>";
  }
  if (seed % 3 == 0) html += "<p>Story short.</p>";
  html += "</article><div class=\"share\"><a href=\"/t\">Share</a> <a href=\"/f\">Like</a></div>";
  if (seed % 4 == 1) html += "<div class=\"promo\">Story of the day: subscribe now for our newsletter today.</div>";
  html += "<footer>Copyright 2024 Example. All rights reserved.</footer></body></html>";
  LabelledPage page;
  page.document = pith::segment_html(html, fmt::format("page{}.html", seed));
  for (const pith::Paragraph& paragraph : page.document.paragraphs)
    page.labels.push_back(page.document.text(paragraph).starts_with("Story") && page.document.tag(paragraph) == "p" ? Label::content
                                                                                       : Label::boilerplate);
  return page;
}

// With hashed features, as pith train makes them by default (fewer columns, so it stays quick).
pith::train::TrainingSet synthetic_training_set() {
  pith::train::TrainingSet set(pith::FeatureHashing{12, pith::kDefaultHashSeed});
  for (int seed = 0; seed < 24; ++seed) set.add_page(synthetic_page(seed));
  return set;
}

std::string trained_bytes(const pith::train::TrainingSet& set, const pith::train::TrainerOptions& options) {
  return pith::serialize_model(pith::train::train_model(set, options, {{"created-with", "trainer_test"}}));
}

std::string setting(const pith::Model& model, const std::string& key) {
  for (const auto& [k, v] : model.settings)
    if (k == key) return v;
  return "";
}

}  // namespace

TEST_CASE("the synthetic pages have both classes in both heads", "[trainer]") {
  const pith::train::TrainingSet set = synthetic_training_set();
  REQUIRE(set.pages() == 24);
  CHECK(set.rows(pith::PageKind::html) > 100);
}

TEST_CASE("pages with more rows than a chunk of parallel work train the same on any thread count", "[trainer]") {
  pith::train::TrainingSet set;
  for (int seed = 0; seed < 300; ++seed) set.add_page(synthetic_page(seed));
  REQUIRE(set.rows(pith::PageKind::html) > 2048);  // two chunks (2048 rows each) or more
  pith::train::TrainerOptions options;
  options.stacking_folds = 0;
  options.solver.threads = 2;
  const std::string two = trained_bytes(set, options);
  CHECK(two == trained_bytes(set, options));
  options.solver.threads = 1;
  CHECK(two == trained_bytes(set, options));
}

TEST_CASE("training twice with the same threads gives identical model bytes", "[trainer]") {
  const pith::train::TrainingSet set = synthetic_training_set();
  pith::train::TrainerOptions options;
  options.solver.threads = 2;
  const std::string first = trained_bytes(set, options);
  CHECK(first == trained_bytes(set, options));
  SECTION("and other thread counts give the same bytes too") {
    options.solver.threads = 1;
    CHECK(first == trained_bytes(set, options));
    options.solver.threads = 3;
    CHECK(first == trained_bytes(set, options));
  }
}

TEST_CASE("folds fitted side by side give the same bytes for any thread count", "[trainer]") {
  // Stacking folds and cross-validation folds run in waves of up to --threads fits: 2 and 4
  // threads leave a last wave of one fold, 5 fits every fold at once, 8 has threads to spare.
  const pith::train::TrainingSet set = synthetic_training_set();
  pith::train::TrainerOptions options;
  options.cv_folds = 3;
  options.cost_grid = {0.5, 2.0};
  options.solver.threads = 1;
  const std::string one = trained_bytes(set, options);
  for (int threads : {2, 4, 5, 8}) {
    options.solver.threads = threads;
    CHECK(one == trained_bytes(set, options));
  }
}

TEST_CASE("an L1 term on the hashed columns zeroes some of them, deterministically", "[trainer][l1]") {
  pith::train::TrainingSet set(pith::FeatureHashing{10, pith::kDefaultHashSeed});
  for (int seed = 0; seed < 24; ++seed) set.add_page(synthetic_page(seed));
  pith::train::TrainerOptions options;
  options.hashed_min_pages = 1;
  const pith::Model plain = pith::train::train_model(set, options, {});
  options.solver.l1 = 2.0;
  const pith::Model sparse = pith::train::train_model(set, options, {});
  const Eigen::VectorXd& plain_weights = plain.heads.front().paragraph.sparse_weights;
  const Eigen::VectorXd& sparse_weights = sparse.heads.front().paragraph.sparse_weights;
  REQUIRE(sparse_weights.size() == 1024);
  CHECK((sparse_weights.array() == 0.0).count() > (plain_weights.array() == 0.0).count());
  CHECK(sparse_weights.lpNorm<1>() < plain_weights.lpNorm<1>());
  const std::string bytes = trained_bytes(set, options);
  options.solver.threads = 3;
  CHECK(bytes == trained_bytes(set, options));
}

TEST_CASE("class weights are row costs and are stored as settings", "[trainer]") {
  const pith::train::TrainingSet set = synthetic_training_set();
  pith::train::TrainerOptions options;
  const pith::Model plain = pith::train::train_model(set, options, {});
  CHECK(setting(plain, "class-weight.html").empty());

  options.class_weights.balanced = true;
  const pith::Model balanced = pith::train::train_model(set, options, {});
  const std::string value = setting(balanced, "class-weight.html");
  CHECK(value.starts_with("balanced content="));
  CHECK(balanced.heads.front().paragraph.bias != plain.heads.front().paragraph.bias);
  // The model with its new settings lines loads back to the same bytes.
  const std::string bytes = pith::serialize_model(balanced);
  CHECK(pith::serialize_model(pith::parse_model(bytes, "balanced")) == bytes);

  options.class_weights = {false, 3.0, 1.0};
  const pith::Model explicit_weights = pith::train::train_model(set, options, {});
  CHECK(setting(explicit_weights, "class-weight.html") == "content=3 boilerplate=1");
  // More weight on content moves the bias towards content.
  CHECK(explicit_weights.heads.front().paragraph.bias > plain.heads.front().paragraph.bias);
}

TEST_CASE("cross-validation chooses C from the grid and stores the curve", "[trainer]") {
  const pith::train::TrainingSet set = synthetic_training_set();
  pith::train::TrainerOptions options;
  options.cv_folds = 3;
  options.cost_grid = {0.001, 1.0, 100.0};
  const pith::Model model = pith::train::train_model(set, options, {});
  const std::string cv = setting(model, "cv.html");
  INFO(cv);
  CHECK(cv.starts_with("folds=3 favor=f1 measure=F1 chosen-c="));
  const double chosen = model.heads.front().regularization_c;
  CHECK((chosen == 0.001 || chosen == 1.0 || chosen == 100.0));
  CHECK(cv.find(fmt::format("chosen-c={:g}", chosen)) != std::string::npos);
  const std::string curve = setting(model, "cv-curve.html");
  CHECK(curve.starts_with("0.001:"));
  CHECK(curve.find(" 1:") != std::string::npos);
  CHECK(curve.find(" 100:") != std::string::npos);

  SECTION("too few pages for the folds is an error") {
    options.cv_folds = 100;
    CHECK_THROWS_WITH(pith::train::train_model(set, options, {}), Catch::Contains("too few"));
  }
}

TEST_CASE("the threshold maximises F-beta", "[trainer]") {
  // Scores 0.9 .. 0.1; content at 0.9, 0.7, 0.5, 0.3.
  Eigen::VectorXd p(9), y(9);
  p << 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1;
  y << 1, 0, 1, 0, 1, 0, 1, 0, 0;
  const auto f1 = pith::train::threshold_maximising_f_beta(p, y, 1.0);
  const auto precision = pith::train::threshold_maximising_f_beta(p, y, 0.5);
  const auto recall = pith::train::threshold_maximising_f_beta(p, y, 2.0);
  CHECK(precision.threshold >= f1.threshold);
  CHECK(recall.threshold <= f1.threshold);
  CHECK(recall.threshold == Approx(0.25));     // all four content rows: F2 = 20/23
  CHECK(precision.threshold == Approx(0.85));  // the top row alone: F0.5 = 0.625, tied by later cuts
  CHECK(pith::train::threshold_maximising_f1(p, y) == f1.threshold);
}
