#pragma once
// What the first bytes of a page say before any decoding: UTF-16 (with or without a byte order
// mark) and binary data that is no page at all (an image, an archive, an executable, random
// bytes). Callers that read page bytes (features/page_reader.h, the batch pipeline on in-memory
// records) call check_not_binary before segmenting, so that a PNG named `.html` is a data error
// of that page, not one megabyte-long "content" paragraph.
#include <string>
#include <string_view>

namespace pith {

// "UTF-16LE" or "UTF-16BE" when `bytes` start with that byte order mark, or, without one, when
// the first code units look like UTF-16 text (nearly every other byte NUL, the others not);
// "" otherwise.
std::string_view sniff_utf16(std::string_view bytes);

// A name for the binary format `bytes` hold ("PNG image", "gzip data", ...), "control bytes"
// when too large a share of the bytes are control characters no text uses (NUL included), or
// "" when the bytes may be a page. UTF-16 text is never binary.
std::string_view binary_kind(std::string_view bytes);

// Throws pith::Error naming `source` when binary_kind(bytes) is not "".
void check_not_binary(std::string_view bytes, const std::string& source);

}  // namespace pith
