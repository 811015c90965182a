#pragma once
// UTF-8 validation and repair (DESIGN.md convention 2: nothing downstream sees invalid UTF-8).
#include <string>
#include <string_view>

namespace pith {

// Copy of `bytes` in which every invalid UTF-8 sequence is replaced by U+FFFD.
std::string to_valid_utf8(std::string_view bytes);

bool is_valid_utf8(std::string_view bytes);

}  // namespace pith
