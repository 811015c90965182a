#include <catch2/catch.hpp>

#include "datasets/plain_text_rendering.h"

#include <algorithm>

#include "features/element_context.h"

using namespace pith;

namespace {
Paragraph paragraph(std::string text, std::string tag, std::string tag_path) {
  Paragraph p;
  p.text = std::move(text);
  p.tag = std::move(tag);
  p.tag_path = std::move(tag_path);
  p.class_id_words = "share";
  p.context = kInList;
  return p;
}
}  // namespace

TEST_CASE("rendered as plain text: one list's items with one label become lines of one paragraph") {
  LabelledPage page;
  page.document.source = "p.html";
  page.document.paragraphs = {paragraph("Title", "h1", "html body h1"),
                              paragraph("Share on facebook", "li", "html body ul li"),
                              paragraph("Share on twitter", "li", "html body ul li"),
                              paragraph("Email", "li", "html body ul li"),
                              paragraph("A paragraph.", "p", "html body p"),
                              paragraph("First cell", "td", "html body table tr td"),
                              paragraph("Second cell", "td", "html body table tr td"),
                              paragraph("Other list", "li", "html body div ul li")};
  page.labels = {Label::content, Label::boilerplate, Label::boilerplate, Label::content,
                 Label::content, Label::content,     Label::content,     Label::content};
  const LabelledPage text = render_as_plain_text(page);
  CHECK(text.document.kind == PageKind::text);
  REQUIRE(text.document.paragraphs.size() == 6);
  CHECK(text.document.paragraphs[1].text == "Share on facebook\nShare on twitter");
  CHECK(text.document.paragraphs[2].text == "Email");  // another label: not joined
  CHECK(text.document.paragraphs[4].text == "First cell\nSecond cell");
  CHECK(text.document.paragraphs[5].text == "Other list");  // another list
  CHECK(text.labels == std::vector<Label>{Label::content, Label::boilerplate, Label::content, Label::content,
                                          Label::content, Label::content});
  for (const Paragraph& p : text.document.paragraphs) {
    CHECK(p.tag.empty());
    CHECK(p.tag_path.empty());
    CHECK(p.class_id_words.empty());
    CHECK(p.context == 0);
  }
}

TEST_CASE("rendered as plain text: a long list is cut into paragraphs of at most 40 lines") {
  LabelledPage page;
  for (int i = 0; i < 100; ++i) {
    page.document.paragraphs.push_back(paragraph("item", "li", "html body ul li"));
    page.labels.push_back(Label::boilerplate);
  }
  const LabelledPage text = render_as_plain_text(page);
  REQUIRE(text.document.paragraphs.size() == 3);
  CHECK(std::count(text.document.paragraphs[0].text.begin(), text.document.paragraphs[0].text.end(), '\n') == 39);
}
