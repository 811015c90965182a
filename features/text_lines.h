#pragma once
// Line-by-line reading of small text files (splits, label and mapping tables, gold files),
// so every reader counts lines and treats CRLF alike.
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace pith {

// Calls `visit(line, line_number)` for each line of `text`: lines end at '\n', a trailing '\r'
// is dropped (CRLF files read like LF files), line numbers count from 1 and include empty
// lines, and a final '\n' does not start another line. Each `line` views `text`, so
// `line.data() - text.data()` is its byte offset. When `visit` returns bool, false stops.
template <typename Visit>
void for_each_line(std::string_view text, Visit&& visit) {
  std::size_t start = 0, line_number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if constexpr (std::is_same_v<std::invoke_result_t<Visit&, std::string_view, std::size_t>, bool>) {
      if (!visit(line, line_number)) return;
    } else {
      visit(line, line_number);
    }
  }
}

}  // namespace pith
