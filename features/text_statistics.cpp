#include "features/text_statistics.h"

#include <string_view>

namespace pith {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes the code point starting at text[i]; the text is valid UTF-8 (convention 2).
char32_t code_point_at(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return lead;
  if (lead < 0xE0 && i + 1 < text.size()) return ((lead & 0x1Fu) << 6) | (byte(i + 1) & 0x3Fu);
  if (lead < 0xF0 && i + 2 < text.size())
    return ((lead & 0x0Fu) << 12) | ((byte(i + 1) & 0x3Fu) << 6) | (byte(i + 2) & 0x3Fu);
  if (i + 3 < text.size())
    return ((lead & 0x07u) << 18) | ((byte(i + 1) & 0x3Fu) << 12) | ((byte(i + 2) & 0x3Fu) << 6) |
           (byte(i + 3) & 0x3Fu);
  return 0xFFFD;
}

// Upper-case letters of the scripts common in the datasets (Latin, Greek, Cyrillic); enough
// for a share-of-capitalised-words feature without a Unicode table.
bool is_upper_case(char32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return true;
  if (c >= 0x391 && c <= 0x3A9) return true;
  if (c >= 0x410 && c <= 0x42F) return true;
  return false;
}

bool ends_like_sentence(std::string_view text) {
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return false;
  const char last = text.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == '"' || last == ')') return true;
  // closing quotes ’ ” and the ellipsis … (U+2019, U+201D, U+2026)
  return text.ends_with("\u2019") || text.ends_with("\u201D") || text.ends_with("\u2026");
}

}  // namespace

TextStatistics compute_text_statistics(const Paragraph& paragraph) {
  const std::string_view text = paragraph.text;
  TextStatistics stats;
  stats.lines = 1;
  std::size_t line_length = 0;      // code points on the wrapped line being filled
  std::size_t words_on_line = 0;
  std::size_t wrapped_lines = 0;    // completed wrapped lines
  std::size_t words_in_completed_lines = 0;

  std::size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      if (text[i] == '\n') ++stats.lines;
      ++stats.code_points;
      ++i;
      continue;
    }
    // one word
    std::size_t length = 0;
    const bool capitalised = is_upper_case(code_point_at(text, i));
    while (i < text.size() && !is_space(text[i])) {
      const char c = text[i];
      if (!is_continuation_byte(static_cast<unsigned char>(c))) ++length;
      if (c == '.') ++stats.full_stops;
      if (c >= '0' && c <= '9') ++stats.digits;
      ++i;
    }
    ++stats.words;
    stats.code_points += length;
    stats.word_code_points += length;
    if (capitalised) ++stats.capitalised_words;

    const std::size_t needed = line_length == 0 ? length : line_length + 1 + length;
    if (line_length > 0 && needed > kWrapColumn) {
      ++wrapped_lines;
      words_in_completed_lines += words_on_line;
      line_length = length;
      words_on_line = 1;
    } else {
      line_length = needed;
      ++words_on_line;
    }
  }
  if (wrapped_lines == 0) {
    stats.text_density = static_cast<double>(stats.words);
  } else {
    stats.text_density = static_cast<double>(words_in_completed_lines) / static_cast<double>(wrapped_lines);
  }
  stats.ends_like_sentence = ends_like_sentence(text);
  return stats;
}

}  // namespace pith
