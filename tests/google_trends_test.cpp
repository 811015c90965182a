#include "datasets/google_trends.h"

#include <catch2/catch.hpp>

using namespace pith;

TEST_CASE("strip_label_attributes removes __label in both quote styles and unquoted") {
  CHECK(strip_label_attributes("<p __label=\"main\">a</p>") == "<p>a</p>");
  CHECK(strip_label_attributes("<p __label='main'>a</p>") == "<p>a</p>");
  CHECK(strip_label_attributes("<p __label=main>a</p>") == "<p>a</p>");
  CHECK(strip_label_attributes("<P __LABEL = \"x\"\n>a</P>") == "<P\n>a</P>");
  CHECK(strip_label_attributes("<div\n  __label=\"comment\"><span __label=\"author\">b</span></div>") ==
        "<div><span>b</span></div>");
  // values holding the other quote or '>' do not end early
  CHECK(strip_label_attributes("<h1 __label=\"title&quot;\">t</h1><p __label='a>\"b'>c</p>") == "<h1>t</h1><p>c</p>");
}

TEST_CASE("strip_label_attributes leaves other attributes and everything outside start tags alone") {
  const std::string others = "<p class=\"content__label\" data-x='1' hidden id=a>text</p><br/><img src=\"a.png\" />";
  CHECK(strip_label_attributes(others) == others);
  CHECK(strip_label_attributes("<p class=\"a\" __label=\"main\" id='b'>x</p>") == "<p class=\"a\" id='b'>x</p>");
  CHECK(strip_label_attributes("<p __label=\"main\"class=\"a\">x</p>") == "<p class=\"a\">x</p>");
  // "__label" as text, in a comment, in a script, in an attribute value, in an end tag
  const std::string untouched =
      "<p>write __label=\"main\" here</p><!-- <p __label=\"main\"> --><script>s = '<p __label=\"main\">';</script>"
      "<a title='x __label=\"main\"'>l</a></p __label=\"x\">a < b __label=\"c\"";
  CHECK(strip_label_attributes(untouched) == untouched);
  CHECK(strip_label_attributes("").empty());
  CHECK(strip_label_attributes("<p __label=\"unterminated") == "<p");
}

TEST_CASE("comment labels are comment and the typo commen") {
  CHECK(is_comment_label("comment"));
  CHECK(is_comment_label("commen"));
  CHECK(is_comment_label(" Comment "));
  CHECK_FALSE(is_comment_label("main"));
  CHECK_FALSE(is_comment_label("author"));
  CHECK_FALSE(is_comment_label("comments-link"));
}

TEST_CASE("a Google-Trends page is labelled by the nearest __label ancestor of its text") {
  const std::string raw =
      "<html><head><title>Site</title><script>var x = 1;</script></head><body>"
      "<nav><a href=/>Home</a> <a href=/news>News</a></nav>"
      "<h1 __label=\"title\">A headline about things</h1>"
      "<p __label=\"author\">By Some Writer</p>"
      "<div __label=\"main\"><p>First paragraph of the article text.</p>"
      "<p>Second paragraph, <b>with</b> more article text.</p><script>var y = 2;</script></div>"
      "<p>Share this story</p>"
      "<div __label=\"comment\"><p>I disagree with everything here.</p></div>"
      "<div __label=\"commen\"><p>A typo-labelled comment.</p></div>"
      "<footer>Copyright 2017</footer></body></html>";
  const LabelledPage page = label_google_trends_page(raw, "inline");
  CHECK(page.page_bytes.find("__label") == std::string::npos);
  REQUIRE(page.document.paragraphs.size() == page.labels.size());
  std::vector<std::pair<std::string, Label>> got;
  for (std::size_t i = 0; i < page.labels.size(); ++i)
    got.emplace_back(page.document.text(i), page.labels[i]);
  using P = std::pair<std::string, Label>;
  CHECK(got == std::vector<P>{
                   P{"Home News", Label::boilerplate}, P{"A headline about things", Label::content},
                   P{"By Some Writer", Label::content}, P{"First paragraph of the article text.", Label::content},
                   P{"Second paragraph, with more article text.", Label::content},
                   P{"Share this story", Label::boilerplate}, P{"I disagree with everything here.", Label::boilerplate},
                   P{"A typo-labelled comment.", Label::boilerplate}, P{"Copyright 2017", Label::boilerplate}});
  CHECK(page.coverage == 1.0);
  CHECK(page.left_out.empty());
  REQUIRE(page.gold_text);
  CHECK(*page.gold_text ==
        "A headline about things\n\nBy Some Writer\n\nFirst paragraph of the article text.\n\n"
        "Second paragraph, with more article text.");
}
