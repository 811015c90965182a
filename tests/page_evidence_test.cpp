// Page-level evidence (features/page_evidence.h) on small pages built by the segmenter.
#include <catch2/catch.hpp>

#include <algorithm>

#include "features/feature_table.h"
#include "features/html_segmenter.h"
#include "features/page_evidence.h"
#include "features/text_statistics.h"

using namespace pith;

namespace {
PageEvidence evidence_of(const Document& document) {
  std::vector<TextStatistics> stats;
  HeadingWordCounter headings;
  for (const Paragraph& paragraph : document.paragraphs) stats.push_back(compute_text_statistics(document, paragraph, headings));
  return compute_page_evidence(document, stats);
}

std::size_t index_of(const Document& document, std::string_view text) {
  for (std::size_t i = 0; i < document.paragraphs.size(); ++i)
    if (document.text(i) == text) return i;
  FAIL("no paragraph " << text);
  return 0;
}
}  // namespace

TEST_CASE("the headline matches the title, the menu and the story do not") {
  const Document page = segment_html(
      "<html><head><title>Harbour bridge reopens | The Gazette</title></head><body>"
      "<ul><li><a href=/n>News</a></li><li><a href=/s>Sport pages</a></li></ul>"
      "<h1>Harbour bridge reopens</h1><p>The old bridge reopened to traffic on Friday after two years.</p>"
      "</body></html>",
      "page.html");
  const PageEvidence evidence = evidence_of(page);
  REQUIRE(evidence.title_match.size() == page.paragraphs.size());
  CHECK(evidence.title_match[index_of(page, "Harbour bridge reopens")] == 1.0f);
  CHECK(evidence.title_match[index_of(page, "Sport pages")] == 0.0f);
  CHECK(evidence.title_match[index_of(page, "News")] == 0.0f);  // one word: never matched
  // "the" and "bridge" of 11 distinct words
  CHECK(evidence.title_match[index_of(page, "The old bridge reopened to traffic on Friday after two years.")] ==
        Approx(2.0 / 11.0));
}

TEST_CASE("the headline is the title less the site's name: the logo does not cover it") {
  const Document page = segment_html(
      "<html><head><title>Harbour bridge reopens after repairs \xE2\x80\x94 The Coastal Gazette</title></head>"
      "<body><div><a href=/>The Coastal Gazette</a></div>"
      "<h1>Harbour bridge reopens after repairs</h1><p>Bridge repairs went on for two years, said the council.</p>"
      "</body></html>",
      "page.html");
  const PageEvidence evidence = evidence_of(page);
  REQUIRE(evidence.headline_cover.size() == page.paragraphs.size());
  // every word of the logo is in the title, none in its headline part
  CHECK(evidence.title_match[index_of(page, "The Coastal Gazette")] == 1.0f);
  CHECK(evidence.headline_cover[index_of(page, "The Coastal Gazette")] == 0.0f);
  CHECK(evidence.headline_cover[index_of(page, "Harbour bridge reopens after repairs")] == 1.0f);
  // "bridge" and "repairs" of the headline's five words
  CHECK(evidence.headline_cover[index_of(page, "Bridge repairs went on for two years, said the council.")] ==
        Approx(2.0 / 5.0));
}

TEST_CASE("a page without a title matches nothing") {
  const Document page = segment_html("<p>Harbour bridge reopens</p><p>Another paragraph here</p>", "page.html");
  const PageEvidence evidence = evidence_of(page);
  CHECK(evidence.title_match == std::vector<float>{0.0f, 0.0f});
  CHECK(evidence.headline_cover == std::vector<float>{0.0f, 0.0f});
}

TEST_CASE("shares of the page's words in lists, tables, forms and repeated blocks") {
  const Document page = segment_html(
      "<html><body><ul><li>one two</li><li>three four</li></ul>"
      "<table><tr><td>five six seven eight</td></tr></table>"
      "<div class=card>a b</div><div class=card>c d</div><div class=card>e f</div>"
      "<form><label>g h</label></form><div class=comments><p>i j</p></div></body></html>",
      "page.html");
  const PageEvidence evidence = evidence_of(page);
  // 4 list words, 4 table words, 6 card words, 2 form words, 2 comment words of 18
  CHECK(evidence.list_share == Approx(4.0 / 18.0));
  CHECK(evidence.table_share == Approx(4.0 / 18.0));
  CHECK(evidence.form_share == Approx(2.0 / 18.0));
  CHECK(evidence.comment_share == Approx(2.0 / 18.0));
  CHECK(evidence.repeated_share >= 6.0 / 18.0);
  CHECK(evidence.long_paragraphs == 0);
}

TEST_CASE("page-type features enter the paragraph's own row only") {
  const FeatureLayout& html = FeatureLayout::of(PageKind::html);
  const auto has = [&](std::string_view name) {
    return std::find(html.names().begin(), html.names().end(), name) != html.names().end();
  };
  CHECK(has("list_on_list_page"));
  CHECK_FALSE(has("prev1.list_on_list_page"));
  CHECK(has("prev1.title_match"));
  CHECK(has("next1.headline_cover"));
  // plain-text pages have no markup: none of it in their layout
  const FeatureLayout& text = FeatureLayout::of(PageKind::text);
  CHECK(std::find(text.names().begin(), text.names().end(), "list_on_list_page") == text.names().end());
  CHECK(std::find(text.names().begin(), text.names().end(), "headline_cover") == text.names().end());
}
