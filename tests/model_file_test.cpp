#include <catch2/catch.hpp>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "features/error.h"
#include "features/feature_table.h"
#include "model/model_file.h"
#include "model/stacking_features.h"

using namespace pith;

namespace {

Model small_model() {
  Model model;
  model.settings = {{"created-with", "pith test"}, {"training-data", "hand-made"}};
  for (PageKind kind : {PageKind::html, PageKind::text}) {
    const FeatureLayout layout(kind);
    ModelHead head;
    head.kind = kind;
    head.paragraph.feature_names = layout.names();
    const auto n = static_cast<Eigen::Index>(layout.size());
    head.paragraph.mean = Eigen::VectorXd::LinSpaced(n, -1.0, 1.0 / 3.0);
    head.paragraph.scale = Eigen::VectorXd::LinSpaced(n, 0.1, 7.0);
    head.paragraph.weights = Eigen::VectorXd::LinSpaced(n, -2.0 / 7.0, 3.0);
    head.paragraph.bias = -0.123456789012345678;
    if (kind == PageKind::html) {  // one head with hashed features and a stacking stage, one with neither
      head.hashing = FeatureHashing{4, 99};
      head.paragraph.sparse_weights = Eigen::VectorXd::Zero(16);
      head.paragraph.sparse_weights[3] = -1.5;
      head.paragraph.sparse_weights[11] = 0.25;
      head.paragraph.sparse_weights[12] = static_cast<float>(0.1);  // read back as the same float
      head.hashed_names = {{3, "class:comment"}, {11, "words:read more"}};
      LinearScorer stacking;
      stacking.feature_names = stacking_feature_names();
      const auto m = static_cast<Eigen::Index>(kStackingFeatures.size());
      stacking.mean = Eigen::VectorXd::LinSpaced(m, 0.0, 1.0);
      stacking.scale = Eigen::VectorXd::LinSpaced(m, 0.5, 2.0);
      stacking.weights = Eigen::VectorXd::LinSpaced(m, -1.0, 1.0 / 7.0);
      stacking.bias = 0.1;
      head.stacking = stacking;
    }
    head.threshold = 0.4375;
    head.regularization_c = 1.0;
    head.training_rows = 1234;
    model.heads.push_back(head);
  }
  return model;
}

std::string expect_refused(const std::string& text) {
  try {
    parse_model(text, "test.model");
  } catch (const Error& e) {
    CHECK(e.source() == "test.model");
    return e.what();
  }
  FAIL("the model was accepted");
  return "";
}

// Recomputes the checksum line after an edit, so a test reaches the check behind it.
std::string with_fresh_checksum(std::string text) {
  text.erase(text.rfind("checksum "));
  char line[64];
  std::snprintf(line, sizeof line, "checksum %016llx\n", static_cast<unsigned long long>(model_checksum(text)));
  return text + line;
}

}  // namespace

TEST_CASE("save, load and save again gives identical bytes") {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "pith-model-test";
  std::filesystem::create_directories(folder);
  const std::filesystem::path first = folder / "first.model", second = folder / "second.model";
  const Model model = small_model();
  save_model(model, first);
  const Model loaded = load_model(first);
  save_model(loaded, second);
  std::ifstream a(first, std::ios::binary), b(second, std::ios::binary);
  const std::string bytes_a((std::istreambuf_iterator<char>(a)), {}), bytes_b((std::istreambuf_iterator<char>(b)), {});
  CHECK(bytes_a == bytes_b);
  CHECK(bytes_a.starts_with("pith-model 2\n"));
  REQUIRE(loaded.heads.size() == 2);
  CHECK(loaded.heads[0].paragraph.weights == model.heads[0].paragraph.weights);  // exact, not approximately
  CHECK(loaded.heads[0].paragraph.bias == model.heads[0].paragraph.bias);
  CHECK(loaded.heads[1].paragraph.mean == model.heads[1].paragraph.mean);
  REQUIRE(loaded.heads[0].stacking);
  CHECK(loaded.heads[0].stacking->weights == model.heads[0].stacking->weights);
  CHECK_FALSE(loaded.heads[1].stacking);
  CHECK(loaded.settings == model.settings);
  CHECK(loaded.heads[0].hashing.bits == 4);
  CHECK(loaded.heads[0].hashing.seed == 99);
  CHECK(loaded.heads[0].paragraph.sparse_weights == model.heads[0].paragraph.sparse_weights);
  CHECK(loaded.heads[0].hashed_names == model.heads[0].hashed_names);
  CHECK_FALSE(loaded.heads[1].hashing.enabled());
  CHECK(loaded.heads[1].paragraph.sparse_weights.size() == 0);
  CHECK(bytes_a.find("html.hashing 4 99\n") != std::string::npos);
  CHECK(bytes_a.find("sparse-weights html 3\n3 -1.5\n11 0.25\n12 0.1\nsparse-names html 2\n3 class:comment\n11 words:read more\n") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(folder / "first.model.tmp"));
  std::filesystem::remove_all(folder);
}

// The loader reads most hashed weights by a fast path of its own (Clinger's); each must come out
// as the float std::from_chars reads, whatever its magnitude or digits.
TEST_CASE("hashed weights read back as the floats std::from_chars reads") {
  std::vector<std::string> texts = {"16777217", "16777219", "-16777217", "0.1", "-0.1", "1", "3.4028235e38",
                                    "1.17549435e-38", "1.1754942e-38", "1e-40", "1.5E3", "2e+5",
                                    "0.000000000000000000000000001", "123456789012345678901234567890", "7.00000006",
                                    "-0", "0", "1.0000000596046448", "0.33333334326744079589843750"};
  std::mt19937_64 random(17);
  while (texts.size() < 4000) {
    // any finite float, by its bits, in the shortest form the model writes
    const auto bits = static_cast<std::uint32_t>(random());
    const float value = std::bit_cast<float>(bits);
    if (std::isfinite(value)) texts.push_back(fmt::format("{}", value));
  }
  // only what std::from_chars reads as a finite float (it refuses what overflows, and may
  // refuse subnormals): the loader refuses those too
  std::erase_if(texts, [](const std::string& t) {
    float value = 0;
    const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), value);
    return error != std::errc() || end != t.data() + t.size() || !std::isfinite(value);
  });
  Model model = small_model();
  model.heads[0].hashing = FeatureHashing{12, 99};
  model.heads[0].paragraph.sparse_weights = Eigen::VectorXd::Zero(4096);
  model.heads[0].paragraph.sparse_weights[0] = 1.0;
  model.heads[0].hashed_names.clear();
  std::string text = serialize_model(model);
  std::string lines = fmt::format("sparse-weights html {}\n", texts.size());
  for (std::size_t j = 0; j < texts.size(); ++j) lines += fmt::format("{} {}\n", j, texts[j]);
  const std::size_t section = text.find("sparse-weights html 1\n0 1\n");
  REQUIRE(section != std::string::npos);
  text.replace(section, std::string("sparse-weights html 1\n0 1\n").size(), lines);
  const Model loaded = parse_model(with_fresh_checksum(text), "test.model");
  const Eigen::VectorXd& weights = loaded.heads[0].paragraph.sparse_weights;
  for (std::size_t j = 0; j < texts.size(); ++j) {
    INFO(texts[j]);
    float expected = 0;
    const std::string& t = texts[j];
    std::from_chars(t.data(), t.data() + t.size(), expected);
    CHECK(std::bit_cast<std::uint64_t>(weights[static_cast<Eigen::Index>(j)]) ==
          std::bit_cast<std::uint64_t>(static_cast<double>(expected)));
  }
}

TEST_CASE("a model picks its head by page kind, text as the fallback") {
  Model model = small_model();
  CHECK(model.head_for(PageKind::html)->kind == PageKind::html);
  CHECK(model.head_for(PageKind::text)->kind == PageKind::text);
  model.heads.erase(model.heads.begin());
  CHECK(model.head_for(PageKind::html)->kind == PageKind::text);
}

TEST_CASE("corrupt, truncated, foreign and newer models are refused, each with its own message") {
  const std::string good = serialize_model(small_model());
  REQUIRE_NOTHROW(parse_model(good, "test.model"));

  SECTION("a changed weight breaks the checksum") {
    std::string bad = good;
    bad[bad.find("weights html")] = 'W';
    CHECK_THAT(expect_refused(bad), Catch::Contains("checksum mismatch"));
  }
  SECTION("a truncated file has no checksum line") {
    CHECK_THAT(expect_refused(good.substr(0, good.size() / 2)), Catch::Contains("no checksum line"));
  }
  SECTION("another file type") {
    CHECK_THAT(expect_refused("hello world\n"), Catch::Contains("not a pith model"));
  }
  SECTION("an empty file") { CHECK_THAT(expect_refused(""), Catch::Contains("empty")); }
  SECTION("a newer format version") {
    std::string newer = good;
    newer.replace(0, std::string("pith-model 2").size(), "pith-model 99");
    CHECK_THAT(expect_refused(newer), Catch::Contains("newer than this pith reads") && Catch::Contains("99"));
  }
  SECTION("a stacking stage this binary does not compute") {
    std::string renamed = good;
    const std::size_t at = renamed.find("html.stacking-feature logit ");
    REQUIRE(at != std::string::npos);
    renamed.replace(at, std::string("html.stacking-feature logit").size(), "html.stacking-feature logot");
    CHECK_THAT(expect_refused(with_fresh_checksum(renamed)),
               Catch::Contains("'html.stacking' was trained on a different feature set"));
  }
  SECTION("a feature set this binary does not compute") {
    std::string renamed = good;
    const std::size_t at = renamed.find("html.feature log_words ");
    REQUIRE(at != std::string::npos);
    renamed.replace(at, std::string("html.feature log_words").size(), "html.feature log_wordz");
    CHECK_THAT(expect_refused(with_fresh_checksum(renamed)),
               Catch::Contains("different feature set") && Catch::Contains("first difference at feature 1"));
  }
}

TEST_CASE("hashed weights are checked: columns in range, hashing declared, weights present") {
  const std::string good = serialize_model(small_model());
  SECTION("a column past the hashed columns") {
    std::string bad = good;
    bad.replace(bad.find("\n11 0.25\n"), 9, "\n16 0.25\n");
    CHECK_THAT(expect_refused(with_fresh_checksum(bad)), Catch::Contains("column 16 is past the 16 hashed columns"));
  }
  SECTION("hashing without its weights") {
    std::string bad = good;
    const std::size_t from = bad.find("sparse-weights html");
    bad.erase(from, bad.find("checksum") - from);
    CHECK_THAT(expect_refused(with_fresh_checksum(bad)), Catch::Contains("declares hashing but has no sparse-weights"));
  }
  SECTION("weights for a head that declares no hashing") {
    std::string bad = good;
    bad.replace(bad.find("html.hashing 4 99\n"), std::string("html.hashing 4 99\n").size(), "");
    CHECK_THAT(expect_refused(with_fresh_checksum(bad)), Catch::Contains("which declares no hashing"));
  }
  SECTION("too many bits") {
    std::string bad = good;
    bad.replace(bad.find("html.hashing 4 99"), std::string("html.hashing 4 99").size(), "html.hashing 40 99");
    CHECK_THAT(expect_refused(with_fresh_checksum(bad)), Catch::Contains("hashing bits must be 1 to 26"));
  }
}

TEST_CASE("a format 1 model (dense features only) is still read") {
  Model model = small_model();
  model.heads[0].hashing = {};
  model.heads[0].paragraph.sparse_weights.resize(0);
  model.heads[0].hashed_names.clear();
  std::string text = serialize_model(model);
  text.replace(0, std::string("pith-model 2").size(), "pith-model 1");
  const Model loaded = parse_model(with_fresh_checksum(text), "old.model");
  CHECK(loaded.format_version == 1);
  CHECK_FALSE(loaded.heads[0].hashing.enabled());
  CHECK(loaded.heads[0].paragraph.weights == model.heads[0].paragraph.weights);
}

TEST_CASE("loading a missing model file names it") {
  try {
    load_model("/nonexistent/pith.model");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("/nonexistent/pith.model") != std::string::npos);
  }
}

namespace {
// `good` with the first occurrence of `from` replaced by `to`, checksum recomputed.
std::string edited(const std::string& good, const std::string& from, const std::string& to) {
  std::string bad = good;
  const std::size_t at = bad.find(from);
  REQUIRE(at != std::string::npos);
  bad.replace(at, from.size(), to);
  return with_fresh_checksum(bad);
}

std::string line_starting(const std::string& text, const std::string& prefix) {
  if (text.starts_with(prefix)) return text.substr(0, text.find('\n'));
  const std::size_t at = text.find("\n" + prefix);
  REQUIRE(at != std::string::npos);
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}
}  // namespace

// Issue 18, item 1: a model file is input like any other. A valid checksum proves nothing (anyone
// can recompute it), so every count and value is range-checked and names its line.
TEST_CASE("a model with a valid checksum but counts or values out of range is refused, never a crash") {
  const std::string good = serialize_model(small_model());
  const std::string features_line = line_starting(good, "html.features ");
  for (const std::string count : {"18446744073709551615", "1000000000000", "18446744073709551616", "-1", "1e12"}) {
    INFO(count);
    const std::string message = expect_refused(edited(good, features_line, "html.features " + count));
    CHECK_THAT(message, Catch::Contains("line "));
  }
  CHECK_THAT(expect_refused(edited(good, features_line, "html.features 18446744073709551615")),
             Catch::Contains("larger than the") && Catch::Contains("lines left"));
  CHECK_THAT(expect_refused(edited(good, "html.stacking-features ", "html.stacking-features 99999999999")),
             Catch::Contains("lines left"));
  CHECK_THAT(expect_refused(edited(good, "weights html ", "weights html 1")), Catch::Contains("lines left"));
  CHECK_THAT(expect_refused(edited(good, "sparse-weights html 3", "sparse-weights html 18446744073709551615")),
             Catch::Contains("line "));
  CHECK_THAT(expect_refused(edited(good, "sparse-names html 2", "sparse-names html 4294967296")),
             Catch::Contains("line "));
  CHECK_THAT(expect_refused(edited(good, "html.hashing 4 99", "html.hashing 0 99")), Catch::Contains("hashing bits"));
  CHECK_THAT(expect_refused(edited(good, "html.hashing 4 99", "html.hashing 18446744073709551615 99")),
             Catch::Contains("hashing bits"));
}

TEST_CASE("NaN, infinite and out-of-range numbers in a model are refused with their line") {
  const std::string good = serialize_model(small_model());
  const std::string weights_header = line_starting(good, "weights html ");
  // the bias is the line after the weights header
  const std::size_t bias_at = good.find(weights_header + "\n") + weights_header.size() + 1;
  const std::string bias = good.substr(bias_at, good.find('\n', bias_at) - bias_at);
  for (const std::string value : {"nan", "NaN", "inf", "-inf", "1e999"}) {
    INFO(value);
    CHECK_THAT(expect_refused(edited(good, weights_header + "\n" + bias + "\n", weights_header + "\n" + value + "\n")),
               Catch::Contains("finite number") || Catch::Contains("expected a number"));
    CHECK_THAT(expect_refused(edited(good, "\n3 -1.5\n", "\n3 " + value + "\n")),
               Catch::Contains("finite number") || Catch::Contains("expected a number"));
  }
  const std::string feature = line_starting(good, "html.feature ");
  const std::string name = feature.substr(0, feature.find(' ', std::string("html.feature ").size()));
  CHECK_THAT(expect_refused(edited(good, feature, name + " nan 1")), Catch::Contains("finite number"));
  CHECK_THAT(expect_refused(edited(good, feature, name + " 0 inf")), Catch::Contains("finite number"));
  CHECK_THAT(expect_refused(edited(good, feature, name + " 0 0")), Catch::Contains("scale that is not positive"));
  CHECK_THAT(expect_refused(edited(good, feature, name + " 0 -2")), Catch::Contains("scale that is not positive"));
  CHECK_THAT(expect_refused(edited(good, "html.threshold 0.4375", "html.threshold 1.5")),
             Catch::Contains("threshold must be a probability"));
  CHECK_THAT(expect_refused(edited(good, "html.threshold 0.4375", "html.threshold -0.1")),
             Catch::Contains("threshold must be a probability"));
  CHECK_THAT(expect_refused(edited(good, "html.threshold 0.4375", "html.threshold nan")),
             Catch::Contains("finite number"));
  CHECK_THAT(expect_refused(edited(good, "html.regularization-c 1", "html.regularization-c 0")),
             Catch::Contains("regularization-c must be positive"));
  const std::string features_line = line_starting(good, "html.features ");
  CHECK_THAT(expect_refused(edited(good, features_line, features_line + "\n" + features_line)),
             Catch::Contains("appears twice"));
}

// Issue 18, item 12: a model saved through a Windows editor.
TEST_CASE("a model with CRLF line ends is refused with a message that says so") {
  const std::string good = serialize_model(small_model());
  std::string crlf;
  for (char c : good) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const std::string message = expect_refused(crlf);
  CHECK_THAT(message, Catch::Contains("CRLF") && Catch::Contains("line 1"));
}

TEST_CASE("a model truncated at any byte is refused with a pith::Error") {
  const std::string good = serialize_model(small_model());
  // Only the final line feed may go: the checksum line is whole without it.
  CHECK_NOTHROW(parse_model(std::string_view(good).substr(0, good.size() - 1), "test.model"));
  for (std::size_t size = 0; size + 1 < good.size(); ++size) {
    INFO(size);
    CHECK_THROWS_AS(parse_model(std::string_view(good).substr(0, size), "test.model"), Error);
  }
}
