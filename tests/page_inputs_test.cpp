#include "infer/page_inputs.h"

#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "features/error.h"
#include "infer/page_file_reader.h"
#include "tests/test_files.h"

namespace fs = std::filesystem;

namespace {

using pith::test::gzip;
using pith::test::TempDir;
using pith::test::write_file;

std::vector<pith::PageInput> read_all(pith::PageInputReader& reader) {
  std::vector<pith::PageInput> pages;
  pith::PageInput page;
  while (reader.next(page)) pages.push_back(page);
  return pages;
}

std::string relative(const pith::PageInput& page, const fs::path& base) {
  return fs::path(page.source).lexically_relative(base).generic_string();
}

}  // namespace

TEST_CASE("a folder is read recursively in byte order of its paths, page files only", "[page_inputs]") {
  TempDir dir;
  std::vector<std::string> names = {"b.html", "a/z.htm", "a/b/c.txt", "A.xhtml", "a-b.html", "c.HTML.gz",
                                    "notes.md", "image.png", "a/b/deeper/d.txt.gz", "a.html", "data.jsonl"};
  std::shuffle(names.begin(), names.end(), std::mt19937(7));
  for (const std::string& name : names) {
    const fs::path path = dir.path() / name;
    if (name.ends_with(".gz")) {
      fs::create_directories(path.parent_path());
      write_file(path, gzip("<p>" + name + "</p>"));
    } else {
      write_file(path, "<p>" + name + "</p>");
    }
  }
  const auto reader = pith::open_page_inputs({dir.path().string()});
  CHECK(reader->total_bytes() > 0);
  const auto pages = read_all(*reader);
  std::vector<std::string> order;
  for (const auto& page : pages) {
    CHECK(page.error.empty());
    order.push_back(relative(page, dir.path()));
  }
  // '-' (0x2D) < '.' < '/' (0x2F) < 'A' < 'a': byte order, not the file system's.
  CHECK(order == std::vector<std::string>{"A.xhtml", "a-b.html", "a.html", "a/b/c.txt", "a/b/deeper/d.txt.gz",
                                          "a/z.htm", "b.html", "c.HTML.gz"});
  CHECK(pages[3].kind == pith::PageKind::text);
  CHECK(pages[4].bytes == "<p>a/b/deeper/d.txt.gz</p>");
  CHECK(pages[4].kind == pith::PageKind::text);
  CHECK(pages[0].kind == pith::PageKind::html);
  CHECK(reader->bytes_read() == reader->total_bytes());
}

TEST_CASE("'-' reads a list of paths, each is read like an argument", "[page_inputs]") {
  TempDir dir;
  write_file(dir.path() / "one.html", "<p>one</p>");
  write_file(dir.path() / "pages.jsonl", "{\"id\": \"j1\", \"html\": \"<p>json</p>\"}\nbad\n");
  write_file(dir.path() / "sub/two.txt", "two");
  std::istringstream list((dir.path() / "one.html").string() + "\r\n\n" + (dir.path() / "missing.html").string() + "\n" +
                          (dir.path() / "pages.jsonl").string() + "\n" + (dir.path() / "sub").string() + "\n");
  pith::PageInputOptions options;
  options.path_list = &list;
  const auto reader = pith::open_page_inputs({"-", (dir.path() / "one.html").string()}, options);
  CHECK(reader->total_bytes() == 0);  // unknown: the list is read as it goes
  const auto pages = read_all(*reader);
  REQUIRE(pages.size() == 6);
  CHECK(pages[0].bytes == "<p>one</p>");
  CHECK(pages[1].error == "no such file or folder");
  CHECK(relative(pages[1], dir.path()) == "missing.html");
  CHECK(pages[2].id == "j1");
  CHECK(pages[2].location == "line 1");
  CHECK(pages[3].location == "line 2");
  CHECK(!pages[3].error.empty());
  CHECK(relative(pages[4], dir.path()) == "sub/two.txt");
  CHECK(pages[5].bytes == "<p>one</p>");
}

TEST_CASE("unreadable, oversized and corrupt page files are errors of that page", "[page_inputs]") {
  TempDir dir;
  write_file(dir.path() / "big.html", std::string(300, 'x'));
  write_file(dir.path() / "bomb.html.gz", gzip(std::string(100000, 'x')));
  write_file(dir.path() / "corrupt.html.gz", "\x1f\x8b\x08\x00 this is not deflate data at all");
  write_file(dir.path() / "ok.html", "<p>ok</p>");
  write_file(dir.path() / "noext", "just words");
  fs::create_directories(dir.path() / "closed");
  write_file(dir.path() / "closed/hidden.html", "<p>x</p>");
  fs::permissions(dir.path() / "closed", fs::perms::none);
  const bool can_still_read = std::ifstream(dir.path() / "closed/hidden.html").good();  // running as root
  pith::PageInputOptions options;
  options.limits.max_page_bytes = 200;
  const auto reader = pith::open_page_inputs({dir.path().string(), (dir.path() / "noext").string()}, options);
  const auto pages = read_all(*reader);
  fs::permissions(dir.path() / "closed", fs::perms::owner_all);
  std::vector<std::string> summary;
  for (const auto& page : pages) summary.push_back(relative(page, dir.path()) + (page.error.empty() ? "" : " error"));
  if (can_still_read)
    CHECK(summary == std::vector<std::string>{"big.html error", "bomb.html.gz error", "closed/hidden.html", "corrupt.html.gz error", "ok.html", "noext"});
  else
    CHECK(summary == std::vector<std::string>{"big.html error", "bomb.html.gz error", "closed error", "corrupt.html.gz error", "ok.html", "noext"});
  CHECK(pages[1].error.find("when decompressed") != std::string::npos);
  CHECK(pages.back().kind == pith::PageKind::text);  // an explicit file of any name is read
}

TEST_CASE("the input format can be forced, folders then give files of that format", "[page_inputs]") {
  TempDir dir;
  write_file(dir.path() / "export.data", "{\"html\": \"<p>a</p>\"}\n");
  write_file(dir.path() / "in/b.jsonl", "{\"html\": \"<p>b</p>\"}\n");
  write_file(dir.path() / "in/c.html", "<p>c</p>");
  pith::PageInputOptions options;
  options.format = pith::parse_input_format("jsonl");
  const auto pages = read_all(*pith::open_page_inputs({(dir.path() / "export.data").string(), (dir.path() / "in").string()}, options));
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].bytes == "<p>a</p>");
  CHECK(pages[1].bytes == "<p>b</p>");
  CHECK_THROWS_AS(pith::parse_input_format("csv"), pith::Error);
}

TEST_CASE("a chain counts the bytes read and the records skipped over its WARC inputs", "[page_inputs]") {
  TempDir dir;
  const std::string block = "HTTP/1.1 404 Not Found\r\n\r\n";
  const std::string warc = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
  write_file(dir.path() / "a.warc", warc);
  write_file(dir.path() / "b.warc", warc);
  const auto reader = pith::open_page_inputs({(dir.path() / "a.warc").string(), (dir.path() / "b.warc").string()});
  CHECK(read_all(*reader).empty());
  CHECK(reader->skipped().not_200 == 2);
  CHECK(reader->bytes_read() == 2 * warc.size());
  CHECK(reader->total_bytes() == 2 * warc.size());
}
