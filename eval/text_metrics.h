#pragma once
// Text-level measures of extracted main text against a gold text, the two the field uses
// (DESIGN.md section 5):
// - bag of words: tokens are white-space separated words, except that every CJK character is
//   a token of its own; precision and recall of the multiset overlap; F1 per page, averaged
//   over pages. Both texts empty scores 1; exactly one empty scores 0.
// - the article-extraction benchmark's: \w+ tokens (lower-cased), shingles of 4 tokens,
//   per-page precision and recall averaged over pages, F1 of the two averages.
// - WCXB's (its evaluate.py `word_f1`): lower-cased \w+ tokens, precision and recall of the
//   multiset overlap, F1 per page, each averaged over pages. An empty gold scores 1 when the
//   extracted text is empty too and 0 otherwise; an empty extraction of a non-empty gold scores 0.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pith {

struct TextScores {
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
};

std::vector<std::string> bag_of_words_tokens(std::string_view utf8);
TextScores bag_of_words_scores(std::string_view extracted, std::string_view gold);

inline constexpr std::size_t kShingleLength = 4;
TextScores shingle_scores(std::string_view extracted, std::string_view gold);

// Python's `re.findall(r'\w+', text.lower())`, approximated without a Unicode library: letters
// and digits of any script (features/unicode.h is_word_character) and '_', but not the combining
// marks Python's \w leaves out (which split words); lower case for Latin, Greek and Cyrillic.
std::vector<std::string> word_tokens(std::string_view utf8);
TextScores word_scores(std::string_view extracted, std::string_view gold);

// Accumulates the measures over the pages of a dataset.
class TextMetrics {
 public:
  void add(std::string_view extracted, std::string_view gold);

  std::size_t pages() const { return pages_; }
  double mean_bag_of_words_f1() const;
  // mean shingle precision and recall over pages, and the F1 of those means
  TextScores shingle_means() const;
  // WCXB's figures: mean precision, mean recall and mean F1 over pages (not the F1 of the means)
  TextScores word_means() const;

 private:
  std::size_t pages_ = 0;
  double bag_of_words_f1_sum_ = 0.0;
  double shingle_precision_sum_ = 0.0;
  double shingle_recall_sum_ = 0.0;
  TextScores word_sums_;
};

}  // namespace pith
