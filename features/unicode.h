#pragma once
// The few Unicode facts pith needs, without a Unicode library: decoding and encoding UTF-8,
// and rough character classes good enough for tokens and counts.
#include <string>
#include <string_view>

namespace pith {

// Decodes the code point at text[i] and advances i past it. `text` is valid UTF-8
// (convention 2); a truncated sequence at the end yields its lead byte.
char32_t next_code_point(std::string_view text, std::size_t& i);

void append_utf8(std::string& out, char32_t code_point);

// HTML's ASCII white space (space, tab, LF, CR, form feed): what separates attributes,
// tokens and words in markup and plain text alike.
inline bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
// A-Z to a-z, every other byte as it is: HTML's names and keywords are ASCII case-insensitive.
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }
// `text` with ascii_lower applied to every byte: header names and values, file extensions.
inline std::string ascii_lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Kana, CJK ideographs and hangul: scripts written without spaces, where every character
// counts as a word of its own.
bool is_cjk(char32_t c);

// Letters and digits of any script, approximated: ASCII letters and digits, and every
// non-ASCII code point outside the punctuation, symbol and space blocks.
bool is_word_character(char32_t c);

// Upper-case letters of the scripts common in the datasets (Latin, Greek, Cyrillic).
bool is_upper_case(char32_t c);

}  // namespace pith
