#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "features/byte_sniffing.h"
#include "features/error.h"
#include "features/text_segmenter.h"

using namespace pith;

namespace {
std::string utf16(std::string_view ascii, bool little_endian) {
  std::string out;
  for (char c : ascii) {
    if (little_endian) {
      out += c;
      out += '\0';
    } else {
      out += '\0';
      out += c;
    }
  }
  return out;
}
}  // namespace

// Issue 18, item 8: binary files named like pages.
TEST_CASE("binary formats are recognised by their magic numbers") {
  CHECK(binary_kind("\x89PNG\r\n\x1A\n\0\0\0\rIHDR") == "a PNG image");
  CHECK(binary_kind("\xFF\xD8\xFF\xE0\0\x10JFIF") == "a JPEG image");
  CHECK(binary_kind("GIF89a\x01\0\x01\0") == "a GIF image");
  CHECK(binary_kind("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n") == "a PDF document");
  CHECK_THAT(std::string(binary_kind("\x1F\x8B\x08\0\0\0\0\0")), Catch::Contains("gzip"));
  CHECK(binary_kind("PK\x03\x04\x14\0") == "a zip archive");
  CHECK(binary_kind(std::string_view("\xFD" "7zXZ\0\0", 8)) == "xz data");
  CHECK(binary_kind("\x7F" "ELF\x02\x01\x01") == "an ELF executable");
  CHECK(binary_kind("RIFF\x10\0\0\0WEBPVP8 ") != "");
}

TEST_CASE("random bytes and NUL bytes are binary, text, HTML and UTF-16 are not") {
  std::mt19937 random(18);
  std::string noise(100000, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xFF);
  noise[0] = 'x';  // no magic number: caught by the share of control bytes
  CHECK(binary_kind(noise) == "control bytes");
  CHECK(binary_kind(std::string(4096, '\0')) == "control bytes");
  CHECK(binary_kind("") == "");
  CHECK(binary_kind("<!doctype html><p>Caf\xC3\xA9 \x1B$B escape and\ttab\f\r\n</p>") == "");
  CHECK(binary_kind("caf\xE9 in windows-1252, \x92quoted\x92") == "");
  CHECK(binary_kind("ID3 tags, PK and GIF are words too") == "");
  CHECK(binary_kind(utf16("plain text in UTF-16", true)) == "");
  CHECK(binary_kind("\xFF\xFE" + utf16("with a BOM", true)) == "");
  CHECK_THROWS_WITH(check_not_binary("\x89PNG\r\n\x1A\n", "a.html"), Catch::Contains("a.html") && Catch::Contains("PNG"));
  CHECK_NOTHROW(check_not_binary("<p>hello</p>", "a.html"));
}

TEST_CASE("UTF-16 is seen with and without a byte order mark") {
  CHECK(sniff_utf16("\xFF\xFEh\0i\0") == "UTF-16LE");
  CHECK(sniff_utf16("\xFE\xFF\0h\0i") == "UTF-16BE");
  CHECK(sniff_utf16(utf16("Hello, world.\n", true)) == "UTF-16LE");
  CHECK(sniff_utf16(utf16("Hello, world.\n", false)) == "UTF-16BE");
  CHECK(sniff_utf16("Hello, world.") == "");
  CHECK(sniff_utf16(std::string(64, '\0')) == "");  // NULs everywhere is no text at all
}

// Issue 18, item 10: UTF-16 .txt pages were segmented as bytes.
TEST_CASE("plain text in UTF-16 is decoded into paragraphs") {
  const std::string text = "First paragraph, caf\xC3\xA9.\n\nSecond one.\n";
  std::string le = "\xFF\xFE", be = "\xFE\xFF";
  // Build UTF-16 by hand: ASCII plus U+00E9.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\xC3\xA9") == 0) {
      le += "\xE9";
      le += '\0';
      be += '\0';
      be += "\xE9";
      ++i;
      continue;
    }
    le += text[i];
    le += '\0';
    be += '\0';
    be += text[i];
  }
  for (const std::string& bytes : {le, be, le.substr(2), be.substr(2)}) {
    const Document document = segment_text(bytes, "page.txt");
    REQUIRE(document.paragraphs.size() == 2);
    CHECK(document.text(0) == "First paragraph, caf\xC3\xA9.");
    CHECK(document.text(1) == "Second one.");
    CHECK(document.paragraphs[1].byte_offset > document.paragraphs[0].byte_offset);
    CHECK(document.paragraphs[1].byte_offset < bytes.size());
  }
}

TEST_CASE("the control-byte share is counted exactly: 2% passes, one byte more is binary") {
  // 10,000 bytes; controls spread over the counting blocks, the text controls never counted
  std::string page(10000, 'a');
  for (std::size_t i = 0; i < page.size(); i += 7) page[i] = "\t\n\v\f\r\x1B"[i % 6];
  const std::string controls("\x00\x01\x08\x0E\x1A\x1C\x1F\x7F", 8);
  for (std::size_t k = 0; k < 200; ++k) page[k * 49 + 3] = controls[k % controls.size()];
  CHECK(binary_kind(page) == "");  // 200 of 10,000: not over 2%
  page[9998] = '\x7F';
  CHECK(binary_kind(page) == "control bytes");
  page[9998] = '\x80';  // bytes of 0x80 and over are never controls
  CHECK(binary_kind(page) == "");
}

TEST_CASE("every byte value is told control or not, wherever it falls in the counting steps") {
  for (int value = 0; value < 256; ++value) {
    INFO(value);
    const auto byte = static_cast<char>(value);
    const bool control = (value < 0x20 && !(value >= 9 && value <= 13) && value != 0x1B) || value == 0x7F;
    // 5,003 bytes (not a multiple of 16), every 50th this byte: 2% exactly passes, one more fails
    std::string page(5003, 'a');
    for (std::size_t i = 1; i < page.size(); i += 50) page[i] = byte;
    const std::size_t copies = (page.size() - 1 + 49) / 50;
    CHECK(copies == 101);
    CHECK(binary_kind(page) == (control ? "control bytes" : ""));
    page[1] = 'a';  // 100 copies: 2% of 5,003 is 100.06, so not over
    CHECK(binary_kind(page) == "");
  }
}
