#include <catch2/catch.hpp>

#include "datasets/plain_text_rendering.h"

#include <algorithm>

#include "features/element_context.h"

using namespace pith;

namespace {
void add_paragraph(Document& document, std::string_view text, std::string_view tag, std::string_view tag_path) {
  Paragraph& p = document.add_paragraph(text);
  p.tag = tag_id(tag);
  p.tag_path = document.strings.intern(tag_path);
  p.class_id_words = document.strings.intern("share");
  p.context = kInList;
}
}  // namespace

TEST_CASE("rendered as plain text: one list's items with one label become lines of one paragraph") {
  LabelledPage page;
  page.document.source = "p.html";
  add_paragraph(page.document, "Title", "h1", "html body h1");
  add_paragraph(page.document, "Share on facebook", "li", "html body ul li");
  add_paragraph(page.document, "Share on twitter", "li", "html body ul li");
  add_paragraph(page.document, "Email", "li", "html body ul li");
  add_paragraph(page.document, "A paragraph.", "p", "html body p");
  add_paragraph(page.document, "First cell", "td", "html body table tr td");
  add_paragraph(page.document, "Second cell", "td", "html body table tr td");
  add_paragraph(page.document, "Other list", "li", "html body div ul li");
  page.labels = {Label::content, Label::boilerplate, Label::boilerplate, Label::content,
                 Label::content, Label::content,     Label::content,     Label::content};
  const LabelledPage text = render_as_plain_text(page);
  CHECK(text.document.kind == PageKind::text);
  REQUIRE(text.document.paragraphs.size() == 6);
  CHECK(text.document.text(1) == "Share on facebook\nShare on twitter");
  CHECK(text.document.text(2) == "Email");  // another label: not joined
  CHECK(text.document.text(4) == "First cell\nSecond cell");
  CHECK(text.document.text(5) == "Other list");  // another list
  CHECK(text.labels == std::vector<Label>{Label::content, Label::boilerplate, Label::content, Label::content,
                                          Label::content, Label::content});
  for (const Paragraph& p : text.document.paragraphs) {
    CHECK(p.tag == kNoTag);
    CHECK(text.document.tag_path(p).empty());
    CHECK(text.document.class_id_words(p).empty());
    CHECK(p.context == 0);
  }
}

TEST_CASE("rendered as plain text: a long list is cut into paragraphs of at most 40 lines") {
  LabelledPage page;
  for (int i = 0; i < 100; ++i) {
    add_paragraph(page.document, "item", "li", "html body ul li");
    page.labels.push_back(Label::boilerplate);
  }
  const LabelledPage text = render_as_plain_text(page);
  REQUIRE(text.document.paragraphs.size() == 3);
  CHECK(std::count(text.document.text(0).begin(), text.document.text(0).end(), '\n') == 39);
}
