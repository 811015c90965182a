#pragma once
// Base64 (RFC 4648, with padding) for page bytes that are not UTF-8 and so cannot sit in a
// JSON string as they are.
#include <optional>
#include <string>
#include <string_view>

namespace pith {

std::string base64_encode(std::string_view bytes);

// nullopt when `text` is not valid base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace pith
