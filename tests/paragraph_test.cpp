// The plain paragraph record: text spans of the Document's buffer, tag ids, interned strings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "features/html_segmenter.h"
#include "features/paragraph.h"

using namespace pith;

TEST_CASE("string table: one id per distinct string, the empty string is 0, ids stay valid as it grows") {
  StringTable strings;
  CHECK(strings.intern("") == kEmptyString);
  CHECK(strings[kEmptyString].empty());
  std::vector<StringId> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(strings.intern("html body div" + std::to_string(i)));
  CHECK(strings.size() == 1001);
  for (int i = 0; i < 1000; ++i) {
    INFO(i);
    CHECK(strings[ids[static_cast<std::size_t>(i)]] == "html body div" + std::to_string(i));
    CHECK(strings.intern("html body div" + std::to_string(i)) == ids[static_cast<std::size_t>(i)]);
  }
  CHECK(strings.size() == 1001);
  // a string that hashes like none of them, and strings that are prefixes of each other
  CHECK(strings.intern("html body div1") != strings.intern("html body div10"));
}

TEST_CASE("document: paragraph text is a span of one buffer, and the last paragraph can grow") {
  Document document;
  Paragraph& first = document.add_paragraph("first");
  first.tag = tag_id("p");
  document.add_paragraph("second");
  document.extend_last_paragraph("\nline");
  CHECK(document.text(0) == "first");
  CHECK(document.text(1) == "second\nline");
  CHECK(document.tag(document.paragraphs[0]) == "p");
  CHECK(document.tag(document.paragraphs[1]).empty());
  CHECK(document.text_buffer() == "firstsecond\nline");
  const Document copy = document;  // spans, not pointers: a copy reads its own buffer
  CHECK(copy.text(1) == "second\nline");
}

TEST_CASE("tag ids: one per element name of the tag table, none for unknown names") {
  CHECK(tag_id("p") != kNoTag);
  CHECK(tag_id("p") != tag_id("li"));
  CHECK(tag_name(tag_id("h2")) == "h2");
  CHECK(tag_id("no-such-element") == kNoTag);
  CHECK(tag_name(kNoTag).empty());
}

TEST_CASE("segmented pages share one string per distinct tag path, class words and heading") {
  std::string html = "<h2>News</h2>";
  for (int i = 0; i < 50; ++i) html += "<div class=\"story\"><p>Paragraph " + std::to_string(i) + "</p></div>";
  const Document document = segment_html(html, "page.html");
  REQUIRE(document.paragraphs.size() == 51);
  for (std::size_t i = 2; i < document.paragraphs.size(); ++i) {
    CHECK(document.paragraphs[i].tag_path == document.paragraphs[1].tag_path);
    CHECK(document.paragraphs[i].class_id_words == document.paragraphs[1].class_id_words);
    CHECK(document.paragraphs[i].heading == document.paragraphs[1].heading);
  }
  CHECK(document.tag_path(document.paragraphs[1]) == "html body div p");
  CHECK(document.class_id_words(document.paragraphs[1]) == "story");
  CHECK(document.heading(document.paragraphs[1]) == "News");
  CHECK(document.strings.size() <= 6);  // "", "html body h2", "News", "html body div p", "story"
}
