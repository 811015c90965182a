#include "features/html_character_references.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <string_view>

using pith::read_character_reference;
using pith::windows_1252_control;

namespace {

const std::string kFFFD = "\xEF\xBF\xBD";

struct Read {
  std::size_t taken;
  std::string text;
};

// `text` read from its first byte, as in a text node (or an attribute value).
Read read(std::string_view text, bool in_attribute = false) {
  Read result{0, ""};
  result.taken = read_character_reference(text, 0, in_attribute, result.text);
  return result;
}

// The C string literal of the generated table, unescaped (the generator writes printable
// ASCII as is and every other byte as a three-digit octal escape).
std::string unescape(std::string_view literal) {
  std::string bytes;
  for (std::size_t i = 0; i < literal.size(); ++i) {
    if (literal[i] == '\\') {
      bytes.push_back(static_cast<char>(std::stoi(std::string(literal.substr(i + 1, 3)), nullptr, 8)));
      i += 3;
    } else {
      bytes.push_back(literal[i]);
    }
  }
  return bytes;
}

}  // namespace

TEST_CASE("character references: named references with and without a semicolon", "[html_character_references]") {
  CHECK(read("&amp;").taken == 5);
  CHECK(read("&amp;").text == "&");
  CHECK(read("&amp; rest").taken == 5);
  CHECK(read("&amp").taken == 4);
  CHECK(read("&amp").text == "&");
  CHECK(read("&lt;b&gt;").taken == 4);
  CHECK(read("&lt;b&gt;").text == "<");
}

TEST_CASE("character references: the longest name wins, a legacy name without a semicolon included", "[html_character_references]") {
  // "&notit;" is not a name, but its prefix "not" is a legacy one: ¬ then the text "it;".
  const Read notit = read("&notit;");
  CHECK(notit.taken == 4);
  CHECK(notit.text == "\xC2\xAC");
  const Read notin = read("&notin;");
  CHECK(notin.taken == 7);
  CHECK(notin.text == "\xE2\x88\x89");
  // "notin" without ';' is no name: back to "not".
  CHECK(read("&notin").taken == 4);
  CHECK(read("&notin").text == "\xC2\xAC");
}

TEST_CASE("character references: a reference may stand for two code points", "[html_character_references]") {
  const Read tilde = read("&NotEqualTilde;");
  CHECK(tilde.taken == 15);
  CHECK(tilde.text == "\xE2\x89\x82\xCC\xB8");  // U+2242 U+0338
}

TEST_CASE("character references: in attribute values a legacy name before '=' or an alphanumeric stays text",
          "[html_character_references]") {
  std::string out;
  CHECK(read_character_reference("?a=1&amp=2", 4, true, out) == 0);
  CHECK(read_character_reference("&ampx", 0, true, out) == 0);
  CHECK(read_character_reference("&amp1", 0, true, out) == 0);
  // html5lib-tests tokenizer/entities.test: attribute values "&noti;", "&lang=", "&not=" stay text.
  CHECK(read_character_reference("&noti;", 0, true, out) == 0);
  CHECK(read_character_reference("&lang=", 0, true, out) == 0);
  CHECK(read_character_reference("&not=", 0, true, out) == 0);
  CHECK(out.empty());
  CHECK(read("&amp;", true).taken == 5);
  CHECK(read("&amp;", true).text == "&");
  CHECK(read("&amp;x", true).taken == 5);
  CHECK(read("&amp x", true).taken == 4);
  CHECK(read("&amp", true).taken == 4);
  // Outside attributes the same text is read.
  CHECK(read("&amp=").taken == 4);
  CHECK(read("&ampx").text == "&");
}

TEST_CASE("character references: decimal and hexadecimal references", "[html_character_references]") {
  CHECK(read("&#39;").taken == 5);
  CHECK(read("&#39;").text == "'");
  CHECK(read("&#x27;").taken == 6);
  CHECK(read("&#x27;").text == "'");
  CHECK(read("&#X27").taken == 5);
  CHECK(read("&#X27").text == "'");
  CHECK(read("&#x27g").taken == 5);
  CHECK(read("&#xAbC;").text == "\xE0\xAA\xBC");
  CHECK(read("&#128512;").text == "\xF0\x9F\x98\x80");
  std::string out = "before ";
  CHECK(read_character_reference("a &#65; b", 2, false, out) == 5);
  CHECK(out == "before A");
}

TEST_CASE("character references: numeric references the standard replaces", "[html_character_references]") {
  CHECK(read("&#0;").text == kFFFD);
  CHECK(read("&#x110000;").text == kFFFD);
  CHECK(read("&#x110000;").taken == 10);
  CHECK(read("&#xD800;").text == kFFFD);
  CHECK(read("&#xDFFF;").text == kFFFD);
  CHECK(read("&#128;").text == "\xE2\x82\xAC");  // windows-1252 0x80: euro sign
  CHECK(read("&#146;").text == "\xE2\x80\x99");  // right single quote
  CHECK(read("&#129;").text == "\xC2\x81");      // undefined in windows-1252: kept
  CHECK(read("&#xFFFF;").text == "\xEF\xBF\xBF");  // noncharacter: kept
  CHECK(read("&#1;").text == "\x01");              // other controls: kept
  CHECK(read("&#13;").text == "\r");
}

TEST_CASE("character references: overlong digit runs clamp instead of overflowing", "[html_character_references]") {
  const Read decimal = read("&#99999999999999999999;");
  CHECK(decimal.taken == 23);
  CHECK(decimal.text == kFFFD);
  // 2^32 + 'A' would wrap around to 'A' in 32 bits.
  CHECK(read("&#x100000041;").text == kFFFD);
  CHECK(read("&#4294967361;").text == kFFFD);
  CHECK(read("&#x" + std::string(1000, 'f')).taken == 1003);
}

TEST_CASE("character references: no reference: the '&' is text", "[html_character_references]") {
  std::string out;
  for (std::string_view text : {"&#;", "&#x;", "&#x", "&#", "&#xg", "&unknown;", "&;", "&", "& amp;", "&&amp;",
                                "&AMp;", "&Amp;"}) {
    INFO(text);
    CHECK(read_character_reference(text, 0, false, out) == 0);
    CHECK(read_character_reference(text, 0, true, out) == 0);
  }
  CHECK(out.empty());
  // A long run of letters is read no further than the longest name, and matches nothing.
  const std::string letters = "&" + std::string(100000, 'q') + ";";
  CHECK(read_character_reference(letters, 0, false, out) == 0);
  // ... unless it starts with a legacy name.
  CHECK(read("&amp" + std::string(100000, 'q')).taken == 4);
  CHECK(out.empty());
}

TEST_CASE("character references: the windows-1252 table", "[html_character_references]") {
  CHECK(windows_1252_control(0x80) == 0x20AC);
  CHECK(windows_1252_control(0x9F) == 0x0178);
  CHECK(windows_1252_control(0x81) == 0);
  CHECK(windows_1252_control(0x8D) == 0);
  CHECK(windows_1252_control(0x8F) == 0);
  CHECK(windows_1252_control(0x90) == 0);
  CHECK(windows_1252_control(0x9D) == 0);
  CHECK(windows_1252_control(0x7F) == 0);
  CHECK(windows_1252_control(0xA0) == 0);
  CHECK(windows_1252_control(0x20AC) == 0);
}

TEST_CASE("character references: every name of the table decodes to its value", "[html_character_references]") {
  std::ifstream table(PITH_SOURCE_DIR "/features/html_entities.inc");
  REQUIRE(table);
  std::size_t entries = 0;
  std::size_t legacy = 0;
  for (std::string line; std::getline(table, line);) {
    if (line.rfind("//", 0) == 0) continue;
    // {"name", "value"},
    const std::size_t name_end = line.find("\", \"");
    REQUIRE(line.rfind("{\"", 0) == 0);
    REQUIRE(name_end != std::string::npos);
    const std::string name = line.substr(2, name_end - 2);
    const std::string value = unescape(std::string_view(line).substr(name_end + 4, line.size() - name_end - 4 - 3));
    INFO(name);
    const Read decoded = read("&" + name);
    CHECK(decoded.taken == name.size() + 1);
    CHECK(decoded.text == value);
    ++entries;
    if (name.back() != ';') ++legacy;
  }
  CHECK(entries == 2231);
  CHECK(legacy == 106);
}
