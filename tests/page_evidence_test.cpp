// Page-level evidence (features/page_evidence.h) on small pages built by the segmenter.
#include <catch2/catch.hpp>

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

TEST_CASE("a page without a title matches nothing") {
  const Document page = segment_html("<p>Harbour bridge reopens</p><p>Another paragraph here</p>", "page.html");
  const PageEvidence evidence = evidence_of(page);
  CHECK(evidence.title_match == std::vector<float>{0.0f, 0.0f});
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
