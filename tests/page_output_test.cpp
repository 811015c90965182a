// What `pith infer` writes: Markdown with headings, lists and tables; page-level JSON; TSV;
// names that are not UTF-8 made valid JSON.
#include <catch2/catch.hpp>

#include "features/html_segmenter.h"
#include "features/json_string.h"
#include "infer/page_output.h"

using namespace pith;

namespace {
std::vector<ParagraphScore> all_content(const Document& document) {
  return std::vector<ParagraphScore>(document.paragraphs.size(), ParagraphScore(0.9, true));
}
}  // namespace

TEST_CASE("markdown: headings as #, list items as -, table rows as | rows, in page order") {
  const Document document = segment_html(
      "<h1>Title</h1><p>Intro *text*</p><ul><li>one</li><li>two</li></ul>"
      "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>x|y</td></tr></table><h3>Sub</h3><p>After<br>line</p>",
      "t.html");
  CHECK(main_markdown(document, all_content(document)) ==
        "# Title\n\nIntro \\*text\\*\n\n- one\n- two\n\n| A | B |\n| --- | --- |\n| 1 | x\\|y |\n\n### Sub\n\n"
        "After  \nline\n");
}

TEST_CASE("markdown leaves out boilerplate and keeps a one-row table without a rule") {
  const Document document = segment_html("<p>Menu</p><table><tr><td>only</td><td>row</td></tr></table>", "t.html");
  std::vector<ParagraphScore> scores = all_content(document);
  scores[0] = ParagraphScore(0.1, false);
  CHECK(main_markdown(document, scores) == "| only | row |\n");
}

TEST_CASE("page-level JSON: one line with the main text and each paragraph's label and p") {
  const Document document = segment_html("<p>One</p><p>Two</p>", "t.html");
  std::vector<ParagraphScore> scores = all_content(document);
  scores[1] = ParagraphScore(0.25, false);
  CHECK(page_json_line(PageName{"a.warc.gz", "<urn:uuid:1>", "https://example.com/"}, document, scores) ==
        "{\"page\":\"a.warc.gz\",\"id\":\"<urn:uuid:1>\",\"url\":\"https://example.com/\",\"main_text\":\"One\\n\","
        "\"paragraphs\":[{\"label\":\"content\",\"p_content\":0.9000},{\"label\":\"boilerplate\",\"p_content\":0.2500}]}\n");
}

TEST_CASE("paragraph JSON lines: id and url only when the input has them") {
  const ParagraphScore score(0.5, true);
  CHECK(paragraph_json_line("p.html", 0, score, "x") ==
        "{\"page\":\"p.html\",\"index\":0,\"label\":\"content\",\"p_content\":0.5000,\"text\":\"x\"}\n");
  CHECK(paragraph_json_line(PageName{"l.jsonl", "7", ""}, 2, score, "x") ==
        "{\"page\":\"l.jsonl\",\"id\":\"7\",\"index\":2,\"label\":\"content\",\"p_content\":0.5000,\"text\":\"x\"}\n");
}

TEST_CASE("a file name with invalid UTF-8 comes out as valid JSON, the bad byte as U+FFFD (issue 18 item 9)") {
  const std::string line = paragraph_json_line("caf\xE9.html", 0, ParagraphScore(0.5, true), "x");
  CHECK_THAT(line, Catch::StartsWith("{\"page\":\"caf\xEF\xBF\xBD.html\""));
}

TEST_CASE("TSV rows escape tabs, line breaks and backslashes") {
  const Document document = segment_html("<p>a\tb<br>c\\d</p>", "t.html");
  CHECK(tsv_header() == "page\tid\turl\tindex\tlabel\tp_content\ttext\n");
  CHECK(paragraph_tsv_rows(PageName{"t.html", "", ""}, document, all_content(document)) ==
        "t.html\t\t\t0\tcontent\t0.9000\ta b\\nc\\\\d\n");
}

TEST_CASE("JSON strings escape quotes, backslashes and every control character, and nothing else") {
  CHECK(json_string("plain é text") == "\"plain é text\"");
  CHECK(json_string("a\"b\\c\nd\re\tf") == "\"a\\\"b\\\\c\\nd\\re\\tf\"");
  CHECK(json_string(std::string_view("\x00\x01\x08\x0c\x1f\x7f", 6)) == "\"\\u0000\\u0001\\u0008\\u000c\\u001f\x7f\"");
  std::string out = "[";
  append_json_string(out, "x\"");
  append_json_string(out, "");
  CHECK(out == "[\"x\\\"\"\"\"");
  // long strings are searched sixteen bytes at a time: every byte value at every position of
  // a 40-byte text (inside a block, at its edges, in the byte-by-byte tail) escapes as alone
  for (int byte = 0; byte < 256; ++byte) {
    const std::string alone = json_string(std::string(1, static_cast<char>(byte)));
    const std::string escaped = alone.substr(1, alone.size() - 2);
    for (std::size_t at = 0; at < 40; ++at) {
      std::string text(40, 'a');
      text[at] = static_cast<char>(byte);
      CHECK(json_string(text) == "\"" + std::string(at, 'a') + escaped + std::string(39 - at, 'a') + "\"");
    }
  }
}

TEST_CASE("a page's paragraph lines in one buffer are the lines paragraph_json_line gives") {
  const Document document = segment_html("<p>One \"quoted\"</p><p>Two\\</p><p>Three</p>", "t.html");
  std::vector<ParagraphScore> scores = all_content(document);
  scores[1] = ParagraphScore(0.123456, false);
  const PageName name{"caf\xE9.warc", "<urn:uuid:1>", "https://example.com/\"q\""};
  std::string expected;
  for (std::size_t i = 0; i < scores.size(); ++i)
    expected += paragraph_json_line(name, i, scores[i], document.text(i));
  std::string out = "kept";
  append_paragraph_json_lines(out, name, document, scores);
  CHECK(out == "kept" + expected);
}
