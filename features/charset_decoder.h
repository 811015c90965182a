#pragma once
// Page bytes to UTF-8, once, at the edge (DESIGN.md convention 2): everything after this sees
// valid UTF-8 only: the tokenizer reads UTF-8, whatever the page declares.
#include <cstddef>
#include <string>
#include <string_view>

namespace pith {

// A page as valid UTF-8, with what maps its offsets back to the input's bytes.
struct DecodedText {
  // The input itself (less a byte order mark) when it already was valid UTF-8, else the
  // `storage` string handed to decode_to_utf8.
  std::string_view utf8;
  // Input bytes before what `utf8` starts with: a byte order mark; 0 after conversion.
  std::size_t input_prefix = 0;
  // Input bytes per byte of `utf8`: 1 unless transcoded or repaired, then the overall ratio
  // (offsets after conversion are proportional, so only roughly right).
  double input_bytes_per_byte = 1.0;

  // Offset in the input of the byte at `utf8_offset`.
  std::size_t input_offset(std::size_t utf8_offset) const {
    return input_prefix + static_cast<std::size_t>(static_cast<double>(utf8_offset) * input_bytes_per_byte);
  }
};

// Decodes a page as browsers would pick its charset: a byte order mark (or UTF-16 seen without
// one) first; then `charset_hint`, a charset the caller knows (HTTP header, dataset metadata),
// when iconv knows it; then bytes that are valid UTF-8 are UTF-8 whatever <meta> claims
// (7-bit ISO-2022 pages excepted); then the charset a <meta> or XML declaration names; then
// UTF-8 with invalid bytes replaced when most non-ASCII bytes form UTF-8, windows-1252
// otherwise. Undecodable bytes become U+FFFD. Never throws on content; `storage` holds the
// converted text when there is one.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view charset_hint, std::string& storage);

}  // namespace pith
