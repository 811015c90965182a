#include "eval/text_metrics.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "features/unicode.h"

namespace pith {
namespace {

bool is_space(char32_t c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0xA0; }

// Precision and recall of the multiset overlap; the empty cases as the measures define them.
TextScores overlap_scores(std::size_t overlap, std::size_t extracted, std::size_t gold) {
  if (extracted == 0 && gold == 0) return {1.0, 1.0, 1.0};
  if (extracted == 0 || gold == 0) return {extracted == 0 ? 1.0 : 0.0, gold == 0 ? 1.0 : 0.0, 0.0};
  TextScores scores;
  scores.precision = static_cast<double>(overlap) / static_cast<double>(extracted);
  scores.recall = static_cast<double>(overlap) / static_cast<double>(gold);
  scores.f1 = overlap == 0 ? 0.0 : 2 * scores.precision * scores.recall / (scores.precision + scores.recall);
  return scores;
}

template <typename Token>
std::size_t multiset_overlap(const std::vector<Token>& extracted, const std::vector<Token>& gold) {
  std::map<Token, std::size_t> counts;
  for (const Token& token : gold) ++counts[token];
  std::size_t overlap = 0;
  for (const Token& token : extracted) {
    auto found = counts.find(token);
    if (found != counts.end() && found->second > 0) {
      --found->second;
      ++overlap;
    }
  }
  return overlap;
}

// \w+ runs, lower-cased (ASCII), joined into shingles of kShingleLength tokens; a text with
// fewer tokens is one shingle of all of them.
std::vector<std::string> shingles(std::string_view utf8) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(utf8, i);
    if (is_word_character(c) || c == '_') {
      if (c >= 'A' && c <= 'Z') {
        word.push_back(static_cast<char>(c - 'A' + 'a'));
      } else {
        word.append(utf8.substr(start, i - start));
      }
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::vector<std::string> result;
  if (words.empty()) return result;
  const std::size_t count = words.size() < kShingleLength ? 1 : words.size() - kShingleLength + 1;
  for (std::size_t s = 0; s < count; ++s) {
    std::string shingle;
    for (std::size_t k = s; k < std::min(words.size(), s + kShingleLength); ++k) {
      if (k > s) shingle.push_back(' ');
      shingle += words[k];
    }
    result.push_back(std::move(shingle));
  }
  return result;
}

}  // namespace

std::vector<std::string> bag_of_words_tokens(std::string_view utf8) {
  std::vector<std::string> tokens;
  std::string word;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(utf8, i);
    if (is_space(c) || is_cjk(c)) {
      if (!word.empty()) tokens.push_back(std::move(word)), word.clear();
      if (is_cjk(c)) tokens.emplace_back(utf8.substr(start, i - start));
    } else {
      word.append(utf8.substr(start, i - start));
    }
  }
  if (!word.empty()) tokens.push_back(std::move(word));
  return tokens;
}

TextScores bag_of_words_scores(std::string_view extracted, std::string_view gold) {
  const auto extracted_tokens = bag_of_words_tokens(extracted), gold_tokens = bag_of_words_tokens(gold);
  return overlap_scores(multiset_overlap(extracted_tokens, gold_tokens), extracted_tokens.size(), gold_tokens.size());
}

TextScores shingle_scores(std::string_view extracted, std::string_view gold) {
  const auto extracted_shingles = shingles(extracted), gold_shingles = shingles(gold);
  return overlap_scores(multiset_overlap(extracted_shingles, gold_shingles), extracted_shingles.size(),
                        gold_shingles.size());
}

void TextMetrics::add(std::string_view extracted, std::string_view gold) {
  ++pages_;
  bag_of_words_f1_sum_ += bag_of_words_scores(extracted, gold).f1;
  const TextScores shingle = shingle_scores(extracted, gold);
  shingle_precision_sum_ += shingle.precision;
  shingle_recall_sum_ += shingle.recall;
}

double TextMetrics::mean_bag_of_words_f1() const {
  return pages_ == 0 ? 0.0 : bag_of_words_f1_sum_ / static_cast<double>(pages_);
}

TextScores TextMetrics::shingle_means() const {
  TextScores means;
  if (pages_ == 0) return means;
  means.precision = shingle_precision_sum_ / static_cast<double>(pages_);
  means.recall = shingle_recall_sum_ / static_cast<double>(pages_);
  const double sum = means.precision + means.recall;
  means.f1 = sum > 0 ? 2 * means.precision * means.recall / sum : 0.0;
  return means;
}

}  // namespace pith
