#pragma once
// Character references (&amp; &#39; &#x27;) decoded as the HTML standard's tokenizer does
// ("character reference state" and the states after it), for the tokenizer to call at every
// '&'. Runs once per '&' of millions of pages: no allocation, and never more than 33 bytes
// read past the '&' however long the rest of the document is.
#include <cstddef>
#include <string>
#include <string_view>

namespace pith {

// Reads the character reference that starts at text[at] == '&' as the HTML standard's
// tokenizer does, appends its UTF-8 to `out` and returns how many bytes of `text` it takes
// (the '&' included); returns 0 and appends nothing when there is no reference there (the
// '&' is then literal text). `in_attribute`: the standard's rule for attribute values (a
// legacy reference without ';' followed by '=' or an ASCII alphanumeric is not read).
std::size_t read_character_reference(std::string_view text, std::size_t at, bool in_attribute, std::string& out);

// The windows-1252 character for a code point in U+0080..U+009F (the standard's numeric
// reference replacement table), 0 where windows-1252 leaves the byte undefined or `code` is outside the range.
char32_t windows_1252_control(char32_t code);

}  // namespace pith
