#pragma once
#include <string>
#include <string_view>

namespace pith {

// JSON string literal, quotes included, for UTF-8 text (convention 2: text inside pith is
// valid UTF-8, so only quotes, backslashes and control characters need escaping).
std::string json_string(std::string_view utf8);
// The same literal appended to `out` (writers that build one buffer for many strings).
void append_json_string(std::string& out, std::string_view utf8);

}  // namespace pith
