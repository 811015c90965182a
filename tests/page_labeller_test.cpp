// The reusable labeller: the same scores, bit for bit, as classify_paragraphs (the definition),
// on short pages and on pages long enough to be scored block by block; limits as errors.
#include <catch2/catch.hpp>

#include <string>

#include "features/error.h"
#include "features/html_segmenter.h"
#include "infer/default_model.h"
#include "infer/page_labeller.h"
#include "infer/paragraph_classifier.h"
#include "model/model_file.h"

using namespace pith;

namespace {

const Model& default_model() {
  static const Model model = load_model_or_default("");
  return model;
}

// A page of `count` paragraphs of varied shape: articles, menus, lists, tables, links.
std::string generated_page(std::size_t count) {
  std::string html = "<html><head><title>t</title></head><body><nav><ul>";
  for (std::size_t i = 0; i < count; ++i) {
    switch (i % 7) {
      case 0: html += "<li><a href=/x>Menu " + std::to_string(i) + "</a></li>"; break;
      case 1: html += "</ul></nav><article><h2>Heading number " + std::to_string(i) + "</h2>"; break;
      case 2:
        html += "<p class=story-text>The council met on Tuesday to discuss item " + std::to_string(i) +
                ", which residents had raised at several meetings over the past year. It was agreed.</p>";
        break;
      case 3: html += "<div class=comment-body>Comment " + std::to_string(i * 31 % 97) + " says so.</div>"; break;
      case 4: html += "<table><tr><td>cell " + std::to_string(i) + "</td><td>2019-05-03</td></tr></table>"; break;
      case 5: html += "<footer>© 2020 Example " + std::to_string(i % 13) + "</footer></article>"; break;
      default: html += "<nav><ul><li>Home</li>"; break;
    }
  }
  return html + "</ul></nav></body></html>";
}

void check_same_scores(PageLabeller& labeller, const std::string& html) {
  const Document document = segment_html(html, "generated.html");
  const std::vector<ParagraphScore> expected = classify_paragraphs(default_model(), document);
  const ScoredPage& labelled = labeller.label(PageToLabel{html, "generated.html", PageKind::html, ""});
  REQUIRE(labelled.scores.size() == expected.size());
  REQUIRE(labelled.document.paragraphs.size() == document.paragraphs.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("paragraph " << i << " of " << expected.size());
    REQUIRE(labelled.scores[i].p_content == expected[i].p_content);  // bit for bit, not approximately
    REQUIRE(labelled.scores[i].is_content == expected[i].is_content);
  }
}

}  // namespace

TEST_CASE("the labeller scores pages as classify_paragraphs does, bit for bit, reused across pages") {
  PageLabeller labeller(default_model());
  // one block (under 4,000 rows), one block of 4,000-4,095 rows, several blocks with an
  // overlapping last one; then small again, to show the buffers are reused correctly
  for (std::size_t count : {1u, 2u, 40u, 3999u, 4050u, 9000u, 7u}) {
    INFO(count << " generated elements");
    check_same_scores(labeller, generated_page(count));
  }
  check_same_scores(labeller, "");
  check_same_scores(labeller, "<p>only one</p>");
}

TEST_CASE("plain text pages are labelled with the text head") {
  PageLabeller labeller(default_model());
  const std::string text = "A title\n\nFirst paragraph of the text, long enough to be read as prose by anyone.\n\nHome | About";
  const ScoredPage& labelled = labeller.label(PageToLabel{text, "notes.txt", PageKind::text, ""});
  CHECK(labelled.document.kind == PageKind::text);
  CHECK(labelled.scores.size() == 3);
}

TEST_CASE("pages over the limits are errors naming the page and the limit, never cut") {
  LabelLimits limits;
  limits.max_page_bytes = 100;
  limits.max_paragraphs = 3;
  PageLabeller labeller(default_model(), limits);
  const std::string big(101, 'x');
  CHECK_THROWS_WITH(labeller.label(PageToLabel{big, "big.html", PageKind::html, ""}),
                    Catch::Contains("big.html") && Catch::Contains("101 bytes") && Catch::Contains("--max-page-bytes"));
  CHECK_THROWS_WITH(labeller.label(PageToLabel{"<p>a<p>b<p>c<p>d", "many.html", PageKind::html, ""}),
                    Catch::Contains("many.html") && Catch::Contains("4 paragraphs") &&
                        Catch::Contains("--max-paragraphs"));
  // at the limits: labelled
  CHECK(labeller.label(PageToLabel{"<p>a<p>b<p>c", "three.html", PageKind::html, ""}).scores.size() == 3);
}
