#include "features/json_string.h"

#include <array>

namespace pith {
namespace {

// What each byte becomes inside a JSON string: 0 when it is written as itself, else the byte
// after the backslash ('u' for the \u00XX form).
constexpr std::array<char, 256> kEscapes = [] {
  std::array<char, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = 'u';
  table['"'] = '"';
  table['\\'] = '\\';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  return table;
}();

}  // namespace

void append_json_string(std::string& out, std::string_view utf8) {
  out.push_back('"');
  // Runs of bytes that need no escape (nearly all text) are appended whole.
  std::size_t run = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const char escape = kEscapes[static_cast<unsigned char>(utf8[i])];
    if (escape == 0) continue;
    out.append(utf8.data() + run, i - run);
    run = i + 1;
    out.push_back('\\');
    out.push_back(escape);
    if (escape == 'u') {
      constexpr char kHex[] = "0123456789abcdef";
      const auto c = static_cast<unsigned char>(utf8[i]);
      out.append("00");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  out.append(utf8.data() + run, utf8.size() - run);
  out.push_back('"');
}

std::string json_string(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + 2);
  append_json_string(out, utf8);
  return out;
}

}  // namespace pith
