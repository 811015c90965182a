#include "features/text_statistics.h"

#include <string_view>

#include "features/unicode.h"

namespace pith {
namespace {

bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

bool ends_like_sentence(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
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
    if (is_ascii_space(text[i])) {
      if (text[i] == '\n') ++stats.lines;
      ++stats.code_points;
      ++i;
      continue;
    }
    // one word
    std::size_t length = 0;
    std::size_t first = i;
    const bool capitalised = is_upper_case(next_code_point(text, first));
    while (i < text.size() && !is_ascii_space(text[i])) {
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
