#include "features/text_segmenter.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "features/utf8.h"

namespace {

std::vector<std::string> texts(const pith::Document& document) {
  std::vector<std::string> out;
  for (const pith::Paragraph& paragraph : document.paragraphs) out.push_back(paragraph.text);
  return out;
}

}  // namespace

TEST_CASE("blank lines separate paragraphs, single newlines stay inside", "[text_segmenter]") {
  const pith::Document document = pith::segment_text("First line\nsecond line\n\n\n\nNext paragraph\n", "page.txt");
  CHECK(document.source == "page.txt");
  CHECK(document.kind == pith::PageKind::text);
  CHECK(texts(document) == std::vector<std::string>{"First line\nsecond line", "Next paragraph"});
  for (const pith::Paragraph& paragraph : document.paragraphs) {
    CHECK(paragraph.tag.empty());
    CHECK(paragraph.depth == 0);
    CHECK(paragraph.link_chars == 0);
  }
}

TEST_CASE("lines of white space are blank, and spaces inside lines collapse", "[text_segmenter]") {
  const pith::Document document = pith::segment_text("  one \t  two  \n   \t \n\tthree\t\tfour\n \f \nfive", "t");
  CHECK(texts(document) == std::vector<std::string>{"one two", "three four", "five"});
}

TEST_CASE("CRLF and lone CR read as LF", "[text_segmenter]") {
  CHECK(texts(pith::segment_text("a\r\nb\r\n\r\nc\rd\r\re", "t")) == std::vector<std::string>{"a\nb", "c\nd", "e"});
}

TEST_CASE("a UTF-8 byte order mark is dropped", "[text_segmenter]") {
  const pith::Document document = pith::segment_text("\xEF\xBB\xBFHello\n\nWorld", "t");
  CHECK(texts(document) == std::vector<std::string>{"Hello", "World"});
  CHECK(document.paragraphs[0].byte_offset == 3);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD", "[text_segmenter]") {
  const pith::Document document = pith::segment_text("caf\xE9 ok\n\n\xC3\n\nfine \xE2\x80\x99", "t");
  CHECK(texts(document) == std::vector<std::string>{"caf\xEF\xBF\xBD ok", "\xEF\xBF\xBD", "fine \xE2\x80\x99"});
  for (const pith::Paragraph& paragraph : document.paragraphs) CHECK(pith::is_valid_utf8(paragraph.text));
}

TEST_CASE("byte offsets point at each paragraph's first byte", "[text_segmenter]") {
  const std::string input = "  Alpha\nbeta\n\n\n   Gamma\r\n\r\nDelta";
  const pith::Document document = pith::segment_text(input, "t");
  REQUIRE(document.paragraphs.size() == 3);
  CHECK(document.paragraphs[0].byte_offset == input.find("Alpha"));
  CHECK(document.paragraphs[1].byte_offset == input.find("Gamma"));
  CHECK(document.paragraphs[2].byte_offset == input.find("Delta"));
}

TEST_CASE("empty and blank input give no paragraphs", "[text_segmenter]") {
  CHECK(pith::segment_text("", "t").paragraphs.empty());
  CHECK(pith::segment_text("\n \n\t\r\n", "t").paragraphs.empty());
  CHECK(pith::segment_text("\xEF\xBB\xBF", "t").paragraphs.empty());
}

TEST_CASE("the seed news page has its 46 labelled paragraphs", "[text_segmenter]") {
  const std::string path = std::string(PITH_FIXTURES_DIR) + "/../../../shared/seed/news-page.txt";
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    WARN("skipped: " << path << " is absent");
    return;
  }
  std::ostringstream bytes;
  bytes << file.rdbuf();
  const pith::Document document = pith::segment_text(bytes.str(), path);
  REQUIRE(document.paragraphs.size() == 46);
  CHECK(document.paragraphs[0].text == "News");
  CHECK(document.paragraphs[2].text.starts_with("Share on facebook\nShare on twitter\n"));
}
