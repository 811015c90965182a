#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "datasets/token_alignment.h"

using namespace pith;

TEST_CASE("alignment tokens ignore case and punctuation, and split CJK characters") {
  CHECK(alignment_tokens("Kosovo’s future, UN-run!") == std::vector<std::string>{"kosovo", "s", "future", "un", "run"});
  CHECK(alignment_tokens("Kosovo?s") == alignment_tokens("Kosovo’s"));
  CHECK(alignment_tokens("Rücker") == std::vector<std::string>{"rücker"});
  CHECK(alignment_tokens("東京 in") == std::vector<std::string>{"東", "京", "in"});
  CHECK(alignment_tokens("  ...  ").empty());
}

TEST_CASE("aligning equal sequences matches every token") {
  const auto tokens = alignment_tokens("the cat sat on the mat");
  const auto match = align_tokens(tokens, tokens);
  for (std::size_t i = 0; i < match.size(); ++i) CHECK(match[i] == static_cast<std::int64_t>(i));
}

TEST_CASE("alignment is monotone and skips inserted and deleted words") {
  const auto left = alignment_tokens("menu home the cat sat on the mat share this");
  const auto right = alignment_tokens("the black cat sat on a mat");
  const auto match = align_tokens(left, right);
  // menu home -> unmatched; the->0 cat->2 sat->3 on->4; the (left 6) unmatched; mat->6
  CHECK(match == std::vector<std::int64_t>{-1, -1, 0, 2, 3, 4, -1, 6, -1, -1});
}

TEST_CASE("alignment of repeated words uses the order, not just the words") {
  // "news" appears in the navigation and in the article; only the article copy is in the gold
  const auto left = alignment_tokens("news sport weather the news today was good");
  const auto right = alignment_tokens("the news today was good");
  const auto match = align_tokens(left, right);
  CHECK(match[0] == -1);
  CHECK(match[4] == 1);
}

TEST_CASE("a long page aligns to its gold text without a quadratic table") {
  // 50,000 tokens drawn with a skewed (Zipf-like) distribution from 5,000 words, as in real
  // text; the gold keeps the page less every fifth 100-token "paragraph".
  std::vector<std::string> page, gold;
  std::uint64_t state = 12345;
  const auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < 50000; ++i) {
    const double u = uniform();
    page.push_back(fmt::format("w{}", static_cast<int>(5000 * u * u * u)));
    if ((i / 100) % 5 != 2) gold.push_back(page.back());
  }
  const auto match = align_tokens(page, gold);
  std::size_t matched = 0, kept_right = 0;
  std::int64_t last = -1;
  bool monotone = true;
  for (std::size_t i = 0; i < match.size(); ++i) {
    if (match[i] < 0) continue;
    monotone = monotone && match[i] > last;
    last = match[i];
    ++matched;
    if ((i / 100) % 5 != 2) ++kept_right;
  }
  CHECK(monotone);
  CHECK(matched >= gold.size() * 97 / 100);
  CHECK(kept_right >= matched * 99 / 100);  // matches land on the tokens the gold really kept
}

TEST_CASE("a page that repeats its article still aligns to a gold text that has it once") {
  const auto page = alignment_tokens(
      "teaser: the council voted to close the old bridge on friday after cables corroded "
      "menu home news the council voted to close the old bridge on friday after cables corroded footer");
  const auto gold = alignment_tokens("the council voted to close the old bridge on friday after cables corroded");
  const auto match = align_tokens(page, gold);
  std::size_t matched = 0;
  for (auto m : match) matched += m >= 0;
  CHECK(matched == gold.size());
}
