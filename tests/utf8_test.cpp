#include "features/utf8.h"

#include <catch2/catch.hpp>

using pith::is_valid_utf8;
using pith::to_valid_utf8;

namespace {
const std::string kFFFD = "\xEF\xBF\xBD";
}

TEST_CASE("valid UTF-8 passes through unchanged", "[utf8]") {
  const std::string samples[] = {"",
                                 "plain ascii",
                                 "caf\xC3\xA9",
                                 "\xE2\x80\x99",
                                 "\xF0\x9F\x98\x80 emoji",
                                 "\xED\x9F\xBF",
                                 "\xEE\x80\x80",
                                 "\xF4\x8F\xBF\xBF",
                                 std::string("nul\0inside", 10)};
  for (const std::string& s : samples) {
    CHECK(is_valid_utf8(s));
    CHECK(to_valid_utf8(s) == s);
  }
}

TEST_CASE("a lone invalid byte becomes one U+FFFD", "[utf8]") {
  CHECK_FALSE(is_valid_utf8("caf\xE9"));
  CHECK(to_valid_utf8("caf\xE9") == "caf" + kFFFD);
  CHECK(to_valid_utf8("\x80") == kFFFD);
  CHECK(to_valid_utf8("a\xFF"
                      "b") == "a" + kFFFD + "b");
  CHECK(to_valid_utf8("\xC0\xC1\xF5\xFF") == kFFFD + kFFFD + kFFFD + kFFFD);
}

TEST_CASE("overlongs, surrogates and code points above U+10FFFF are rejected", "[utf8]") {
  // Overlong '/' (C0 AF) and overlong 3- and 4-byte forms: E0 and F0 need a higher second byte,
  // so each byte is its own maximal subpart.
  CHECK(to_valid_utf8("\xC0\xAF") == kFFFD + kFFFD);
  CHECK(to_valid_utf8("\xE0\x80\xAF") == kFFFD + kFFFD + kFFFD);
  CHECK(to_valid_utf8("\xF0\x80\x80\xAF") == kFFFD + kFFFD + kFFFD + kFFFD);
  // Surrogate U+D800 (ED A0 80).
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));
  CHECK(to_valid_utf8("\xED\xA0\x80") == kFFFD + kFFFD + kFFFD);
  // U+110000 (F4 90 80 80).
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));
  CHECK(to_valid_utf8("\xF4\x90\x80\x80") == kFFFD + kFFFD + kFFFD + kFFFD);
}

TEST_CASE("a truncated sequence is one U+FFFD for its maximal subpart", "[utf8]") {
  CHECK(to_valid_utf8("\xE2\x80") == kFFFD);
  CHECK(to_valid_utf8("\xE2\x80z") == kFFFD + "z");
  CHECK(to_valid_utf8("\xF0\x9F\x98") == kFFFD);
  CHECK(to_valid_utf8("\xF0\x9F\x98\xC3\xA9") == kFFFD + "\xC3\xA9");
  // The Unicode standard's own example (table 3-8): 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
  CHECK(to_valid_utf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64") ==
        "a" + kFFFD + kFFFD + kFFFD + "b" + kFFFD + "c" + kFFFD + kFFFD + "d");
}

TEST_CASE("repair output is always valid and long inputs take the ASCII fast path", "[utf8]") {
  std::string mixed;
  for (int i = 0; i < 1000; ++i) {
    mixed += "abcdefghijklmnop";
    mixed += static_cast<char>(0x80 + (i % 128));
    if (i % 7 == 0) mixed += "\xE2\x82\xAC";
  }
  const std::string repaired = to_valid_utf8(mixed);
  CHECK(is_valid_utf8(repaired));
  CHECK(is_valid_utf8(std::string(10000, 'x')));
  CHECK_FALSE(is_valid_utf8(std::string(10000, 'x') + "\xC3"));
}
