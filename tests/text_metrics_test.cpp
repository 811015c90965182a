#include <catch2/catch.hpp>

#include "eval/text_metrics.h"

using namespace pith;

TEST_CASE("bag-of-words tokens split on white space and every CJK character") {
  CHECK(bag_of_words_tokens("The  cat,\nsat") == std::vector<std::string>{"The", "cat,", "sat"});
  CHECK(bag_of_words_tokens("東京タワー is tall") ==
        std::vector<std::string>{"東", "京", "タ", "ワ", "ー", "is", "tall"});
  CHECK(bag_of_words_tokens("ab東cd") == std::vector<std::string>{"ab", "東", "cd"});
  CHECK(bag_of_words_tokens(" \n ").empty());
}

TEST_CASE("bag-of-words scores on hand-computed cases") {
  // extracted: the cat sat the (4); gold: the cat the mat mat (5); overlap: the, the, cat = 3
  const TextScores s = bag_of_words_scores("the cat sat the", "the cat the mat mat");
  CHECK(s.precision == Approx(3.0 / 4.0));
  CHECK(s.recall == Approx(3.0 / 5.0));
  CHECK(s.f1 == Approx(2 * 0.75 * 0.6 / 1.35));
  CHECK(bag_of_words_scores("", "").f1 == 1.0);
  CHECK(bag_of_words_scores("", "gold words").f1 == 0.0);
  CHECK(bag_of_words_scores("some output", "").f1 == 0.0);
  CHECK(bag_of_words_scores("a b", "c d").f1 == 0.0);
  CHECK(bag_of_words_scores("Same text here", "Same text here").f1 == 1.0);
}

TEST_CASE("shingle scores on hand-computed cases") {
  // a b c d e -> shingles abcd, bcde; gold a b c d x -> abcd, bcdx; overlap 1 of 2 each side
  const TextScores s = shingle_scores("A b, c d e", "a b c d x");
  CHECK(s.precision == Approx(0.5));
  CHECK(s.recall == Approx(0.5));
  // fewer than four tokens: one shingle of all of them
  CHECK(shingle_scores("hello world", "Hello, world!").f1 == 1.0);
  CHECK(shingle_scores("", "").f1 == 1.0);
  CHECK(shingle_scores("x", "").precision == 0.0);
}

TEST_CASE("text metrics average per page; the shingle F1 is of the averages") {
  TextMetrics metrics;
  metrics.add("a b c d e", "a b c d x");  // BoW: P 4/5, R 4/5 -> F1 0.8; shingles 0.5 / 0.5
  metrics.add("", "");                    // 1 and 1
  CHECK(metrics.pages() == 2);
  CHECK(metrics.mean_bag_of_words_f1() == Approx(0.9));
  CHECK(metrics.shingle_means().precision == Approx(0.75));
  CHECK(metrics.shingle_means().recall == Approx(0.75));
  CHECK(metrics.shingle_means().f1 == Approx(0.75));
}
