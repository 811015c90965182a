#include "infer/json_lines_reader.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/test_files.h"

namespace {

std::vector<pith::PageInput> read_lines(const std::string& bytes, pith::JsonLinesFields fields = {},
                                        pith::InputLimits limits = {}) {
  pith::JsonLinesReader reader(pith::memory_source(bytes), "pages.jsonl", limits, std::move(fields));
  std::vector<pith::PageInput> pages;
  pith::PageInput page;
  while (reader.next(page)) pages.push_back(page);
  CHECK(reader.bytes_read() == bytes.size());
  return pages;
}

using pith::test::gzip;

}  // namespace

TEST_CASE("JSON lines give html and text pages with id, url and charset", "[json_lines_reader]") {
  const std::string input =
      "{\"id\": \"a\", \"url\": \"http://a.example/\", \"html\": \"<p>caf\\u00e9</p>\", \"charset\": \"utf-8\"}\n"
      "\n"
      "{\"id\": 42, \"text\": \"Plain words.\\n\\nMore.\"}\r\n"
      "{\"html\": \"<p>no id</p>\", \"url\": null, \"extra\": [1, 2, {\"x\": 3}]}";
  const auto pages = read_lines(input);
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].error.empty());
  CHECK(pages[0].bytes == "<p>caf\xC3\xA9</p>");
  CHECK(pages[0].kind == pith::PageKind::html);
  CHECK(pages[0].id == "a");
  CHECK(pages[0].url == "http://a.example/");
  CHECK(pages[0].charset == "utf-8");
  CHECK(pages[0].location == "line 1");
  CHECK(pages[0].source == "pages.jsonl");
  CHECK(pages[1].kind == pith::PageKind::text);
  CHECK(pages[1].bytes == "Plain words.\n\nMore.");
  CHECK(pages[1].id == "42");
  CHECK(pages[1].location == "line 3");
  CHECK(pages[2].error.empty());
  CHECK(pages[2].id.empty());
  CHECK(pages[2].url.empty());
  CHECK(pages[2].location == "line 4");
}

TEST_CASE("bad JSON lines are errors with their line number, and reading goes on", "[json_lines_reader]") {
  const std::string input =
      "{\"html\": \"<p>one</p>\"}\n"
      "not json at all\n"
      "{\"title\": \"no page field\"}\n"
      "{\"html\": 17}\n"
      "{\"html\": \"<p>x</p>\", \"url\": 5}\n"
      "{\"html\": \"<p>x</p>\", \"id\": {\"nested\": true}}\n"
      "[\"an\", \"array\"]\n"
      "{\"html\": \"<p>unterminated}\n"
      "{\"html\": \"<p>last</p>\"}\n";
  const auto pages = read_lines(input);
  REQUIRE(pages.size() == 9);
  CHECK(pages[0].error.empty());
  CHECK(pages[8].error.empty());
  CHECK(pages[8].bytes == "<p>last</p>");
  CHECK(pages[8].location == "line 9");
  for (std::size_t i = 1; i < 8; ++i) {
    INFO("line " << i + 1);
    CHECK(!pages[i].error.empty());
    CHECK(pages[i].bytes.empty());
    CHECK(pages[i].location == "line " + std::to_string(i + 1));
  }
  CHECK(pages[1].error.find("not valid JSON") != std::string::npos);
  CHECK(pages[2].error == "no 'html' or 'text' field");
  CHECK(pages[3].error == "'html' must be a string");
  CHECK(pages[4].error == "'url' must be a string");
  CHECK(pages[5].error == "'id' must be a string or an integer");
  CHECK(pages[6].error == "not a JSON object");
}

TEST_CASE("JSON-lines field names are configurable", "[json_lines_reader]") {
  pith::JsonLinesFields fields;
  fields.html = "content";
  fields.text = "";
  fields.id = "doc_id";
  fields.url = "link";
  const auto pages = read_lines(
      "{\"doc_id\": \"d1\", \"link\": \"http://b.example/\", \"content\": \"<p>hi</p>\", \"html\": \"ignored\"}\n"
      "{\"text\": \"the text field is turned off\"}\n",
      fields);
  REQUIRE(pages.size() == 2);
  CHECK(pages[0].bytes == "<p>hi</p>");
  CHECK(pages[0].id == "d1");
  CHECK(pages[0].url == "http://b.example/");
  CHECK(pages[1].error == "no 'content' or '' field");
}

TEST_CASE("gzipped JSON lines, over-long lines and oversized pages", "[json_lines_reader]") {
  SECTION("gzip, in two members") {
    const auto pages = read_lines(gzip("{\"html\": \"<p>1</p>\"}\n") + gzip("{\"html\": \"<p>2</p>\"}\n"));
    REQUIRE(pages.size() == 2);
    CHECK(pages[1].bytes == "<p>2</p>");
    CHECK(pages[1].location == "line 2");
  }
  SECTION("limits") {
    pith::InputLimits limits;
    limits.max_page_bytes = 100;
    const std::string long_page(150, 'x');
    const std::string long_line(3 << 20, ' ');
    const auto pages = read_lines("{\"html\": \"" + long_page + "\"}\n{" + long_line + "}\n{\"html\": \"<p>ok</p>\"}\n", {}, limits);
    REQUIRE(pages.size() == 3);
    CHECK(pages[0].error.find("over the limit of 100 bytes") != std::string::npos);
    CHECK(pages[1].error.find("line longer than") != std::string::npos);
    CHECK(pages[2].error.empty());
    CHECK(pages[2].location == "line 3");
  }
  SECTION("deep nesting is an error, not a crash") {
    const auto pages = read_lines("{\"x\": " + std::string(100000, '[') + std::string(100000, ']') + ", \"html\": \"<p>a</p>\"}\n");
    REQUIRE(pages.size() == 1);
    CHECK(!pages[0].error.empty());
  }
}
