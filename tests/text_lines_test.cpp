#include "features/text_lines.h"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using pith::for_each_line;

namespace {
std::vector<std::pair<std::string, std::size_t>> lines_of(std::string_view text) {
  std::vector<std::pair<std::string, std::size_t>> lines;
  for_each_line(text, [&](std::string_view line, std::size_t number) { lines.emplace_back(line, number); });
  return lines;
}
using Lines = std::vector<std::pair<std::string, std::size_t>>;
}  // namespace

TEST_CASE("lines are numbered from 1, empty lines included", "[text_lines]") {
  CHECK(lines_of("a\tb\n\nc\n") == Lines{{"a\tb", 1}, {"", 2}, {"c", 3}});
}

TEST_CASE("a final newline does not start another line, a missing one loses nothing", "[text_lines]") {
  CHECK(lines_of("").empty());
  CHECK(lines_of("\n") == Lines{{"", 1}});
  CHECK(lines_of("one") == Lines{{"one", 1}});
  CHECK(lines_of("one\ntwo") == Lines{{"one", 1}, {"two", 2}});
}

TEST_CASE("CRLF reads like LF, a lone carriage return inside a line stays", "[text_lines]") {
  CHECK(lines_of("a\r\nb\r\n") == Lines{{"a", 1}, {"b", 2}});
  CHECK(lines_of("a\rb\n\r\n") == Lines{{"a\rb", 1}, {"", 2}});
}

TEST_CASE("each line views the text, so its offset is known", "[text_lines]") {
  const std::string text = "first\nsecond\r\nthird";
  std::vector<std::size_t> offsets;
  for_each_line(text, [&](std::string_view line, std::size_t) {
    offsets.push_back(static_cast<std::size_t>(line.data() - text.data()));
  });
  CHECK(offsets == std::vector<std::size_t>{0, 6, 14});
}

TEST_CASE("a visitor returning false stops the walk", "[text_lines]") {
  std::vector<std::string> seen;
  for_each_line("a\nstop\nb\n", [&](std::string_view line, std::size_t) {
    seen.emplace_back(line);
    return line != "stop";
  });
  CHECK(seen == std::vector<std::string>{"a", "stop"});
}
