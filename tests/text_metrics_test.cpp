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

TEST_CASE("text metrics average per page, the shingle F1 is of the averages") {
  TextMetrics metrics;
  metrics.add("a b c d e", "a b c d x");  // BoW: P 4/5, R 4/5 -> F1 0.8; shingles 0.5 / 0.5
  metrics.add("", "");                    // 1 and 1
  CHECK(metrics.pages() == 2);
  CHECK(metrics.mean_bag_of_words_f1() == Approx(0.9));
  CHECK(metrics.shingle_means().precision == Approx(0.75));
  CHECK(metrics.shingle_means().recall == Approx(0.75));
  CHECK(metrics.shingle_means().f1 == Approx(0.75));
}

// As Python's re.findall(r'\w+', text.lower()) in WCXB's evaluate.py.
TEST_CASE("WCXB's word tokens are lower-cased runs of word characters, as in WCXB's evaluate.py") {
  CHECK(word_tokens("The cat's  snake_case, 42!") == std::vector<std::string>{"the", "cat", "s", "snake_case", "42"});
  // Latin-1, Latin Extended-A, Greek and Cyrillic lower case; no split inside those letters
  CHECK(word_tokens("ÉCOLE Łódź ΑΘΗΝΑ МОСКВА") == std::vector<std::string>{"école", "łódź", "αθηνα", "москва"});
  // punctuation, symbols, emoji, the byte-order mark and U+FFFC end words; µ and ² are word characters
  CHECK(word_tokens("a\u2019b \u00AEc\U0001F600d\uFEFFe\uFFFCf 5µm²") ==
        std::vector<std::string>{"a", "b", "c", "d", "e", "f", "5µm²"});
  // a combining accent and a Devanagari vowel sign are no \w in Python: they split words
  CHECK(word_tokens("e\u0301t\u00E9") == std::vector<std::string>{"e", "té"});
  CHECK(word_tokens("\u0915\u093F\u0924") == std::vector<std::string>{"\u0915", "\u0924"});
  // CJK characters are word characters and run together, unlike the bag-of-words tokens
  CHECK(word_tokens("東京 タワー") == std::vector<std::string>{"東京", "タワー"});
  CHECK(word_tokens(" -- ").empty());
}

TEST_CASE("WCXB's word scores on hand-computed cases, its empty cases included") {
  // extracted: the cat sat the (4); gold: the cat the mat mat (5); overlap 3
  const TextScores s = word_scores("The cat, sat the.", "the CAT the mat mat");
  CHECK(s.precision == Approx(3.0 / 4.0));
  CHECK(s.recall == Approx(3.0 / 5.0));
  CHECK(s.f1 == Approx(2 * 0.75 * 0.6 / 1.35));
  // evaluate.py: an empty gold scores 1 only against an empty extraction; all three figures alike
  const TextScores both_empty = word_scores("...", "");
  CHECK((both_empty.precision == 1.0 && both_empty.recall == 1.0 && both_empty.f1 == 1.0));
  const TextScores empty_gold = word_scores("some output", " ");
  CHECK((empty_gold.precision == 0.0 && empty_gold.recall == 0.0 && empty_gold.f1 == 0.0));
  const TextScores empty_extraction = word_scores("", "gold words");
  CHECK((empty_extraction.precision == 0.0 && empty_extraction.recall == 0.0 && empty_extraction.f1 == 0.0));
}

TEST_CASE("WCXB's figures are means over pages of precision, recall and F1") {
  TextMetrics metrics;
  metrics.add("a b c d", "a b x y");  // P 0.5, R 0.5, F1 0.5
  metrics.add("a", "a b c d");        // P 1, R 0.25, F1 0.4
  CHECK(metrics.word_means().precision == Approx(0.75));
  CHECK(metrics.word_means().recall == Approx(0.375));
  CHECK(metrics.word_means().f1 == Approx(0.45));  // the mean of the F1s, not the F1 of the means
}
