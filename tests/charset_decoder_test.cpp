#include "features/charset_decoder.h"

#include <iconv.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <random>
#include <string>

#include "features/utf8.h"

namespace {

std::string decode(const std::string& bytes, const std::string& hint = "") {
  std::string storage;
  return std::string(pith::decode_to_utf8(bytes, hint, storage).utf8);
}

}  // namespace

TEST_CASE("valid UTF-8 is the input itself, uncopied, whatever the page declares", "[charset_decoder]") {
  const std::string page = "<meta charset=iso-8859-1><p>It\xE2\x80\x99s caf\xC3\xA9</p>";
  std::string storage;
  const pith::DecodedText decoded = pith::decode_to_utf8(page, "", storage);
  CHECK(decoded.utf8.data() == page.data());
  CHECK(decoded.utf8.size() == page.size());
  CHECK(decoded.input_prefix == 0);
  CHECK(decoded.input_bytes_per_byte == 1.0);
  CHECK(decoded.input_offset(10) == 10);
}

TEST_CASE("a byte order mark decides and is not part of the text", "[charset_decoder]") {
  const std::string page = "\xEF\xBB\xBF<p>x</p>";
  std::string storage;
  const pith::DecodedText decoded = pith::decode_to_utf8(page, "windows-1252", storage);
  CHECK(decoded.utf8 == "<p>x</p>");
  CHECK(decoded.input_prefix == 3);
  CHECK(decoded.input_offset(3) == page.find('x'));

  std::string utf16le = "\xFF\xFE";
  for (char c : std::string("<p>h")) utf16le += {c, '\0'};
  utf16le += {'\xE9', '\0', '\xAC', '\x20'};
  CHECK(decode(utf16le) == "<p>h\xC3\xA9\xE2\x82\xAC");
  // UTF-16 without a BOM shows itself by the NUL bytes around ASCII markup.
  std::string utf16be;
  for (char c : std::string("<p>ok")) utf16be += {'\0', c};
  CHECK(decode(utf16be) == "<p>ok");
}

TEST_CASE("legacy charsets named by <meta> or an XML declaration are transcoded", "[charset_decoder]") {
  CHECK(decode("<meta charset=\"ISO-8859-1\"><p>Caf\xE9 na\xEFve \xBD</p>") ==
        "<meta charset=\"ISO-8859-1\"><p>Caf\xC3\xA9 na\xC3\xAFve \xC2\xBD</p>");
  // iso-8859-1 is read as windows-1252, as browsers do.
  CHECK(decode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\x93q\x94") ==
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\xE2\x80\x9Cq\xE2\x80\x9D");
  CHECK(decode("<?xml version=\"1.0\" encoding=\"windows-1251\"?><p>\xC4\xE8\xF1</p>") ==
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?><p>\xD0\x94\xD0\xB8\xD1\x81</p>");
  CHECK(decode("<meta charset=Shift_JIS><p>\x93\xFA\x96\x7B</p>") == "<meta charset=Shift_JIS><p>\xE6\x97\xA5\xE6\x9C\xAC</p>");
  // 7-bit ISO-2022-JP is valid UTF-8 byte-wise, yet its declaration is believed.
  CHECK(decode("<meta charset=iso-2022-jp><p>\x1B$BF|K\\\x1B(B</p>") ==
        "<meta charset=iso-2022-jp><p>\xE6\x97\xA5\xE6\x9C\xAC</p>");
  // A <meta> describing charsets in prose is not a declaration; the real one after it is.
  CHECK(decode("<meta name=description content=\"all about charset names\"><meta charset=windows-1252>\x93") ==
        "<meta name=description content=\"all about charset names\"><meta charset=windows-1252>\xE2\x80\x9C");
  // A <meta> inside a comment declares nothing.
  CHECK(decode("<!-- <meta charset=windows-1251> --><p>caf\xE9") == "<!-- <meta charset=windows-1251> --><p>caf\xC3\xA9");
}

TEST_CASE("the caller's charset outranks the page's", "[charset_decoder]") {
  CHECK(decode("<meta charset=utf-8><p>\xC4\xE8\xF1</p>", "windows-1251") ==
        "<meta charset=utf-8><p>\xD0\x94\xD0\xB8\xD1\x81</p>");
  CHECK(decode("caf\xC3\xA9", " \"UTF-8\" ") == "caf\xC3\xA9");
  // A hint iconv does not know, or that is no charset name at all, is passed over.
  CHECK(decode("caf\xC3\xA9", "x-no-such-charset") == "caf\xC3\xA9");
  CHECK(decode("caf\xC3\xA9", "not a label!") == "caf\xC3\xA9");
}

TEST_CASE("undecodable bytes become U+FFFD and decoding goes on", "[charset_decoder]") {
  CHECK(decode("<meta charset=windows-1252>a\x81"
               "b") == "<meta charset=windows-1252>a\xEF\xBF\xBD"
                       "b");
  CHECK(decode("<meta charset=utf-8>bad\xFF byte \xC3\xA9") == "<meta charset=utf-8>bad\xEF\xBF\xBD byte \xC3\xA9");
}

TEST_CASE("undeclared non-UTF-8 is repaired when mostly UTF-8, else read as windows-1252", "[charset_decoder]") {
  CHECK(decode("Caf\xE9 \x93ok\x94") == "Caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D");
  CHECK(decode("a\xE9 b \xC3\xA9") == "a\xEF\xBF\xBD b \xC3\xA9");
  CHECK(decode("\xE2\x80\x9Cquote\xE2\x80\x9D caf\xC3\xA9 \xFF") == "\xE2\x80\x9Cquote\xE2\x80\x9D caf\xC3\xA9 \xEF\xBF\xBD");
  // A charset iconv does not know, and UTF-16 declared inside an ASCII page, are ignored.
  CHECK(decode("<meta charset=\"x-no-such-charset\">caf\xE9") == "<meta charset=\"x-no-such-charset\">caf\xC3\xA9");
  CHECK(decode("<meta charset=utf-16>caf\xE9") == "<meta charset=utf-16>caf\xC3\xA9");
  CHECK(decode("<meta charset=\"\xFF\xFE<>\">x") == "<meta charset=\"\xC3\xBF\xC3\xBE<>\">x");
}

TEST_CASE("offsets after conversion map proportionally back to input bytes", "[charset_decoder]") {
  const std::string latin1 = "<meta charset=iso-8859-1><p>caf\xE9</p><p>na\xEFve</p>";
  std::string storage;
  const pith::DecodedText decoded = pith::decode_to_utf8(latin1, "", storage);
  CHECK(decoded.utf8.data() == storage.data());
  CHECK(decoded.input_prefix == 0);
  CHECK(decoded.input_bytes_per_byte < 1.0);
  CHECK(decoded.input_offset(0) == 0);
  const std::size_t na = std::string(decoded.utf8).find("na");
  CHECK(decoded.input_offset(na) + 2 >= latin1.find("na"));
  CHECK(decoded.input_offset(na) <= latin1.find("na") + 2);
  CHECK(decoded.input_offset(decoded.utf8.size()) <= latin1.size());
}

TEST_CASE("whatever the bytes, the text is valid UTF-8", "[charset_decoder]") {
  std::uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  const std::string hints[] = {"", "utf-8", "windows-1252", "shift_jis", "utf-16", "iso-2022-jp"};
  for (int page = 0; page < 300; ++page) {
    std::string bytes = page % 3 == 0 ? "<meta charset=gb2312>" : "";
    const std::size_t size = next() % 200;
    for (std::size_t i = 0; i < size; ++i) bytes += static_cast<char>(next() >> 24);
    std::string storage;
    const pith::DecodedText decoded = pith::decode_to_utf8(bytes, hints[page % 6], storage);
    CHECK(pith::is_valid_utf8(decoded.utf8));
  }
}

// The single-byte charsets are decoded from a table read from iconv: the same bytes as iconv's
// own loop, with the same U+FFFD for each byte it refuses, for every byte in any order.
TEST_CASE("single-byte charsets decode as iconv does, byte by byte", "[charset_decoder]") {
  std::mt19937 random(5);
  for (const char* name : {"windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254",
                           "windows-1256", "windows-1257", "windows-874", "koi8-r", "koi8-u", "iso-8859-2",
                           "iso-8859-5", "iso-8859-7", "iso-8859-8", "iso-8859-15", "iso-8859-16", "cp866",
                           "windows-1255", "windows-1258"}) {
    INFO(name);
    std::string upper(name);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    for (int i = 0; i < 4000; ++i) bytes += static_cast<char>(random() % 256);
    // iconv's loop, as charset_decoder.cpp ran it before the tables
    iconv_t converter = iconv_open("UTF-8", upper.c_str());
    REQUIRE(converter != reinterpret_cast<iconv_t>(-1));
    std::string expected;
    char* in = bytes.data();
    std::size_t in_left = bytes.size();
    while (in_left > 0) {
      char buffer[64];
      char* out = buffer;
      std::size_t out_left = sizeof buffer;
      const std::size_t status = iconv(converter, &in, &in_left, &out, &out_left);
      const int error = errno;
      expected.append(buffer, static_cast<std::size_t>(out - buffer));
      if (status == static_cast<std::size_t>(-1) && error != E2BIG) {
        expected += "\xEF\xBF\xBD";
        if (error != EILSEQ) break;
        ++in;
        --in_left;
      }
    }
    char buffer[64];
    char* out = buffer;
    std::size_t out_left = sizeof buffer;
    iconv(converter, nullptr, nullptr, &out, &out_left);
    expected.append(buffer, static_cast<std::size_t>(out - buffer));
    iconv_close(converter);
    std::string storage;
    CHECK(std::string(pith::decode_to_utf8(bytes, name, storage).utf8) == expected);
  }
}
