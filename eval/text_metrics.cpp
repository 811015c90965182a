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

// Python's \w beyond is_word_character's approximation: combining marks (categories Mn, Mc, Me:
// accents typed apart, the vowel signs of Indic and Thai scripts) and emoji are not word
// characters there, and a few Latin-1 letters and numbers (ª, µ, º, ², ³, ¹, ¼, ½, ¾) are.
bool is_python_word_character(char32_t c) {
  if (c == '_' || c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
      (c >= 0xBC && c <= 0xBE))
    return true;
  if (!is_word_character(c)) return false;
  if (c < 0x300) return true;
  const bool combining = (c >= 0x300 && c <= 0x36F) || (c >= 0x483 && c <= 0x489) || (c >= 0x591 && c <= 0x5C7) ||
                         (c >= 0x610 && c <= 0x61A) || (c >= 0x64B && c <= 0x65F) || c == 0x670 ||
                         (c >= 0x6D6 && c <= 0x6ED && c != 0x6E5 && c != 0x6E6 && c != 0x6E9) ||
                         (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
                         (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0x3099 || c == 0x309A;
  if (combining) return false;
  if (c >= 0x900 && c <= 0xDFF) {  // Devanagari to Sinhala: signs, vowel signs, virama, dandas
    const char32_t offset = c & 0x7F;
    if (offset <= 0x03 || (offset >= 0x3A && offset <= 0x4F && offset != 0x3D) || (offset >= 0x51 && offset <= 0x57) ||
        offset == 0x62 || offset == 0x63 || offset == 0x64 || offset == 0x65 || offset == 0x70)
      return false;
  }
  if ((c >= 0xE31 && c <= 0xE3A && c != 0xE32 && c != 0xE33) || (c >= 0xE47 && c <= 0xE4E)) return false;  // Thai
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;  // emoji and other pictographs
  // the byte-order mark, specials (U+FFFC) and the full-width punctuation is_word_character keeps
  if (c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFF)) return false;
  if ((c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40 && c != 0xFF3F) || (c >= 0xFF5B && c <= 0xFF65))
    return false;
  return true;
}

// str.lower() for the scripts with case common in the datasets: ASCII, Latin-1, Latin
// Extended-A, Greek and Cyrillic; other code points as they are.
char32_t lower_case(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c >= 0x100 && c <= 0x17F) {
    if (c == 0x130) return 'i';  // İ (Python gives i and a combining dot, which is no word character)
    if (c == 0x178) return 0xFF;
    const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_upper) return c % 2 == 1 ? c + 1 : c;
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    return c % 2 == 0 ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0x460 && c <= 0x4FF && c != 0x482 && !(c >= 0x483 && c <= 0x489)) {
    if (c == 0x4C0) return 0x4CF;
    if (c >= 0x4C1 && c <= 0x4CE) return c % 2 == 1 ? c + 1 : c;
    return c % 2 == 0 ? c + 1 : c;
  }
  return c;
}

}  // namespace

std::vector<std::string> word_tokens(std::string_view utf8) {
  std::vector<std::string> tokens;
  std::string word;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = next_code_point(utf8, i);
    if (is_python_word_character(c)) {
      append_utf8(word, lower_case(c));
    } else if (!word.empty()) {
      tokens.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) tokens.push_back(std::move(word));
  return tokens;
}

TextScores word_scores(std::string_view extracted, std::string_view gold) {
  const auto extracted_tokens = word_tokens(extracted), gold_tokens = word_tokens(gold);
  // evaluate.py's empty cases: P, R and F1 all 1 or all 0
  if (gold_tokens.empty()) return extracted_tokens.empty() ? TextScores{1.0, 1.0, 1.0} : TextScores{};
  if (extracted_tokens.empty()) return TextScores{};
  return overlap_scores(multiset_overlap(extracted_tokens, gold_tokens), extracted_tokens.size(), gold_tokens.size());
}

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
  const TextScores word = word_scores(extracted, gold);
  word_sums_.precision += word.precision;
  word_sums_.recall += word.recall;
  word_sums_.f1 += word.f1;
}

TextScores TextMetrics::word_means() const {
  if (pages_ == 0) return {};
  const double pages = static_cast<double>(pages_);
  return {word_sums_.precision / pages, word_sums_.recall / pages, word_sums_.f1 / pages};
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
