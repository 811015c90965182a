#include "features/page_reader.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "features/error.h"
#include "tests/test_files.h"

namespace fs = std::filesystem;

namespace {

using pith::test::gzip;
using pith::test::read_file;
using pith::test::TempDir;
using pith::test::write_file;

const std::string kHtml = "<html><head><title>T</title></head><body><p>First paragraph</p><p>Second</p></body></html>";

}  // namespace

TEST_CASE("an .html file is read and segmented as HTML", "[page_reader]") {
  TempDir dir;
  const fs::path path = dir.path() / "page.html";
  write_file(path, kHtml);
  CHECK(pith::read_file_bytes(path) == kHtml);
  const pith::Document document = pith::read_page(path);
  CHECK(document.source == path.string());
  CHECK(document.kind == pith::PageKind::html);
  CHECK(document.title == "T");
  REQUIRE(document.paragraphs.size() == 2);
  CHECK(document.paragraphs[0].text == "First paragraph");
}

TEST_CASE("a .txt file is segmented as plain text, even when it looks like markup", "[page_reader]") {
  TempDir dir;
  const fs::path path = dir.path() / "page.txt";
  write_file(path, "<not markup>\nline two\n\nSecond");
  const pith::Document document = pith::read_page(path);
  CHECK(document.kind == pith::PageKind::text);
  REQUIRE(document.paragraphs.size() == 2);
  CHECK(document.paragraphs[0].text == "<not markup>\nline two");
}

TEST_CASE("an .html.gz file is decompressed, concatenated members included", "[page_reader]") {
  TempDir dir;
  const fs::path path = dir.path() / "page.html.gz";
  write_file(path, gzip(kHtml));
  CHECK(pith::read_file_bytes(path) == kHtml);
  const pith::Document document = pith::read_page(path);
  CHECK(document.kind == pith::PageKind::html);
  CHECK(document.paragraphs.size() == 2);

  // `cat a.gz b.gz`: two members, one stream of bytes.
  const fs::path second = dir.path() / "second.gz";
  write_file(second, gzip("<p>Third</p>"));
  const fs::path joined = dir.path() / "joined.html.gz";
  write_file(joined, read_file(path) + read_file(second));
  CHECK(pith::read_file_bytes(joined) == kHtml + "<p>Third</p>");

  // Larger than one output buffer grows to.
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "<p>row " + std::to_string(i) + "</p>\n";
  const fs::path big_path = dir.path() / "big.html.gz";
  write_file(big_path, gzip(big, 9));
  CHECK(pith::read_file_bytes(big_path) == big);
}

TEST_CASE("a missing file is an error naming the file", "[page_reader]") {
  TempDir dir;
  const fs::path path = dir.path() / "absent.html";
  try {
    pith::read_page(path);
    FAIL("no exception");
  } catch (const pith::Error& error) {
    CHECK(error.source() == path.string());
    CHECK(std::string(error.what()).find(path.string()) != std::string::npos);
    CHECK(error.message() == "cannot open file: No such file or directory");
  }
}

TEST_CASE("a directory is an error naming it, an empty gzip member is an empty page", "[page_reader]") {
  TempDir dir;
  CHECK_THROWS_WITH(pith::read_file_bytes(dir.path()),
                    Catch::Contains(dir.path().string()) && Catch::Contains("cannot read file"));
  const fs::path empty = dir.path() / "empty.html.gz";
  write_file(empty, gzip(""));
  CHECK(pith::read_file_bytes(empty).empty());
  CHECK(pith::read_page(empty).paragraphs.empty());
}

TEST_CASE("corrupt and truncated gzip data are errors with a position", "[page_reader]") {
  TempDir dir;
  const fs::path good = dir.path() / "good.html.gz";
  write_file(good, gzip(kHtml + kHtml + kHtml));
  const std::string compressed = read_file(good);

  const fs::path corrupt = dir.path() / "corrupt.html.gz";
  std::string damaged = compressed;
  damaged[10] = static_cast<char>(0xFF);  // first deflate block header: reserved block type
  write_file(corrupt, damaged);
  try {
    pith::read_file_bytes(corrupt);
    FAIL("no exception");
  } catch (const pith::Error& error) {
    CHECK(error.source() == corrupt.string());
    INFO(error.what());
    CHECK(error.message().starts_with("corrupt gzip data"));
    CHECK(error.location().starts_with("byte "));
  }

  const fs::path bad_crc = dir.path() / "bad-crc.html.gz";
  std::string flipped = compressed;
  flipped[flipped.size() - 8] = static_cast<char>(flipped[flipped.size() - 8] ^ 1);
  write_file(bad_crc, flipped);
  CHECK_THROWS_WITH(pith::read_file_bytes(bad_crc), Catch::Contains("corrupt gzip data"));

  const fs::path truncated = dir.path() / "truncated.html.gz";
  write_file(truncated, compressed.substr(0, compressed.size() / 2));
  CHECK_THROWS_WITH(pith::read_file_bytes(truncated), Catch::Contains("truncated gzip data"));

  const fs::path not_gzip = dir.path() / "plain.html.gz";
  write_file(not_gzip, kHtml);
  CHECK_THROWS_WITH(pith::read_file_bytes(not_gzip), Catch::Contains("corrupt gzip data"));
}

TEST_CASE("page kind comes from the extension, else from the first byte", "[page_reader]") {
  using pith::PageKind;
  CHECK(pith::guess_page_kind("a.html", "plain") == PageKind::html);
  CHECK(pith::guess_page_kind("a.HTM", "plain") == PageKind::html);
  CHECK(pith::guess_page_kind("a.xhtml.gz", "plain") == PageKind::html);
  CHECK(pith::guess_page_kind("a.txt", "<p>") == PageKind::text);
  CHECK(pith::guess_page_kind("a.txt.gz", "<p>") == PageKind::text);
  CHECK(pith::guess_page_kind("record", " \n\t<!doctype html>") == PageKind::html);
  CHECK(pith::guess_page_kind("record.gz", "\xEF\xBB\xBF<html>") == PageKind::html);
  CHECK(pith::guess_page_kind("record", "Just words") == PageKind::text);
  CHECK(pith::guess_page_kind("record", "") == PageKind::text);
}
