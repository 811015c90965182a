#include "features/html_segmenter.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "features/element_context.h"
#include "features/utf8.h"

namespace {

using Texts = std::vector<std::string>;

pith::Document segment(const std::string& html, const std::string& charset = "") {
  pith::HtmlSegmenterOptions options;
  options.charset_hint = charset;
  return pith::segment_html(html, "test.html", options);
}

Texts texts(const pith::Document& document) {
  Texts out;
  for (const pith::Paragraph& paragraph : document.paragraphs) out.emplace_back(document.text(paragraph));
  return out;
}

Texts texts(const std::string& html, const std::string& charset = "") { return texts(segment(html, charset)); }

}  // namespace

TEST_CASE("block elements end paragraphs, inline elements join text", "[html_segmenter]") {
  CHECK(texts("<html><body><h1>Head line</h1><p>One <b>bold</b> word</p><div>Two</div>"
              "<blockquote>Three</blockquote><section>Four</section></body></html>") ==
        Texts{"Head line", "One bold word", "Two", "Three", "Four"});
  // No space is invented between adjacent inline elements, none is lost where the page has one.
  CHECK(texts("<p><b>foo</b>bar <span>a</span> <span>b</span><i>c</i>\n<em>d</em></p>") == Texts{"foobar a bc d"});
  // A block inside a block splits the outer block's text around it.
  CHECK(texts("<div>before <div>inside</div> after</div>") == Texts{"before", "inside", "after"});
  CHECK(texts("<p>a<hr>b</p>") == Texts{"a", "b"});
}

TEST_CASE("one <br> is a line break, two in a row end the paragraph", "[html_segmenter]") {
  CHECK(texts("<p>Line one<br>line two</p>") == Texts{"Line one\nline two"});
  CHECK(texts("<p>Line one <br/> line two</p>") == Texts{"Line one\nline two"});
  CHECK(texts("<p>First<br><br>Second</p>") == Texts{"First", "Second"});
  CHECK(texts("<p>First<br> <!-- gap -->\n <br><br>Second</p>") == Texts{"First", "Second"});
  // Never at the very start or end of a paragraph.
  CHECK(texts("<p><br>text<br></p><p><br><br>more<br> </p>") == Texts{"text", "more"});
}

TEST_CASE("script, style, template and head content are not text", "[html_segmenter]") {
  const pith::Document document = segment(
      "<html><head><title>The\n  title</title><meta name=a content=b><style>p { color: red }</style>"
      "<script>var s = '<p>no</p>';</script></head><body><p>Visible</p><script>document.write('x')</script>"
      "<template><p>Template</p></template>"
      "<!-- a comment --><p>Also visible</p><style>.x{}</style></body></html>");
  CHECK(texts(document) == Texts{"Visible", "Also visible"});
  CHECK(document.title == "The title");
}

TEST_CASE("entities are decoded and white space collapses, no-break space included", "[html_segmenter]") {
  CHECK(texts("<p>Fish &amp; chips, caf&eacute;, it&#8217;s &lt;ok&gt; &#x2014; done</p>") ==
        Texts{"Fish & chips, caf\xC3\xA9, it\xE2\x80\x99s <ok> \xE2\x80\x94 done"});
  CHECK(texts("<p>  a \t\n\r b&nbsp;&nbsp;c\xC2\xA0 \xC2\xA0"
              "d  </p><p>&nbsp;</p><p> \n </p>") == Texts{"a b c d"});
  // Old pages write windows-1252 code points as numeric references; browsers read them so.
  CHECK(texts("<p>&#147;quoted&#148; &#150; it&#146;s &#128;5</p>") ==
        Texts{"\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x93 it\xE2\x80\x99s \xE2\x82\xAC"
              "5"});
}

// The segmenter copies words and the single spaces between them in runs, sixteen bytes a step,
// and the tokenizer hands text on between CRs, '&'s and tags: generated text of every mix of
// white space (CR and CR LF too), at every length and alignment, must collapse as word by word. Deterministic: a fixed seed and a fixed generator.
TEST_CASE("white space collapses the same in long runs of text as word by word", "[html_segmenter]") {
  const std::vector<std::string> pieces{"word", "a", "longerword", " ", " ", " ", "  ", "\t", "\n", " \n ",
                                        "\xC2\xA0", " \xC2\xA0", "\xC2\xAB", "\xC2\xBB", "caf\xC3\xA9", "\xE2\x80\x94",
                                        "\r", "\r\n", "x\ry", "&amp;"};
  const auto is_space_at = [](const std::string& text, std::size_t i) -> std::size_t {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') return 1;
    return c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0' ? 2 : 0;
  };
  std::mt19937 random(17);
  for (int page = 0; page < 300; ++page) {
    std::string text;
    const std::size_t count = 1 + random() % 40;
    for (std::size_t k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    std::string expected;
    bool space = false;
    for (std::size_t i = 0; i < text.size();) {
      if (const std::size_t length = is_space_at(text, i)) {
        space = true;
        i += length;
        continue;
      }
      if (space && !expected.empty()) expected += ' ';
      space = false;
      expected += text[i++];
    }
    // "&amp;" is one '&' in the page's text
    for (std::size_t at = expected.find("&amp;"); at != std::string::npos; at = expected.find("&amp;", at + 1))
      expected.erase(at + 1, 4);
    const pith::Document document = segment("<p>" + text + "</p><p><a href=\"/x\">" + text + "</a></p>");
    if (expected.empty()) {
      CHECK(document.paragraphs.empty());
      continue;
    }
    REQUIRE(document.paragraphs.size() == 2);
    CHECK(document.text(0) == expected);
    CHECK(document.text(1) == expected);
    CHECK(document.paragraphs[1].link_chars == expected.size());
  }
}

TEST_CASE("nested lists and tables give one paragraph per item and cell", "[html_segmenter]") {
  CHECK(texts("<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul><ol><li>e<li>f</ol>") ==
        Texts{"a", "b", "c", "d", "e", "f"});
  CHECK(texts("<table><caption>Cap</caption><tr><th>H1</th><th>H2</th></tr>"
              "<tr><td>c1 <i>x</i></td><td><p>c2</p></td></tr></table>") == Texts{"Cap", "H1", "H2", "c1 x", "c2"});
}

TEST_CASE("link_chars counts the bytes that sit inside <a href>", "[html_segmenter]") {
  const pith::Document document = segment(
      "<p>Read the <a href=\"/story\">full story</a></p><p><a name=\"x\">anchor</a> only</p>"
      "<p><a href=\"/a\">all</a> <a href=\"/b\">links</a></p>");
  REQUIRE(document.paragraphs.size() == 3);
  CHECK(document.text(0) == "Read the full story");
  CHECK(document.paragraphs[0].link_chars == std::string("full story").size());
  CHECK(document.paragraphs[1].link_chars == 0);  // no href: not a link
  CHECK(document.text(2) == "all links");
  CHECK(document.paragraphs[2].link_chars <= document.text(2).size());
  CHECK(document.paragraphs[2].link_chars >= std::string("alllinks").size());
}

TEST_CASE("tag, depth and byte offset of a simple page", "[html_segmenter]") {
  const std::string html = "<html><body><div><p>Para <b>text</b></p></div>Loose</body></html>";
  const pith::Document document = segment(html);
  CHECK(document.kind == pith::PageKind::html);
  CHECK(document.source == "test.html");
  REQUIRE(document.paragraphs.size() == 2);
  CHECK(document.tag(document.paragraphs[0]) == "p");
  CHECK(document.paragraphs[0].depth == 4);  // html body div p
  CHECK(document.paragraphs[0].byte_offset == html.find("Para"));
  CHECK(document.tag(document.paragraphs[1]) == "body");
  CHECK(document.paragraphs[1].depth == 2);
  CHECK(document.paragraphs[1].byte_offset == html.find("Loose"));
}

TEST_CASE("byte offsets count the input's bytes, a byte order mark included", "[html_segmenter]") {
  const std::string html = "\xEF\xBB\xBF<p>First</p>\n<p>Second</p>";
  const pith::Document document = segment(html);
  REQUIRE(document.paragraphs.size() == 2);
  CHECK(document.paragraphs[0].byte_offset == html.find("First"));
  CHECK(document.paragraphs[1].byte_offset == html.find("Second"));
  // After transcoding offsets are proportional, so roughly right.
  const std::string latin1 = "<meta charset=iso-8859-1><p>caf\xE9</p><p>na\xEFve</p>";
  const pith::Document transcoded = segment(latin1);
  REQUIRE(transcoded.paragraphs.size() == 2);
  CHECK(transcoded.paragraphs[1].byte_offset + 3 >= latin1.find("na"));
  CHECK(transcoded.paragraphs[1].byte_offset <= latin1.find("na") + 3);
}

TEST_CASE("byte offsets never decrease", "[html_segmenter]") {
  std::string html = "<html><body>";
  for (int i = 0; i < 2000; ++i) html += "<p>paragraph " + std::to_string(i) + " &amp; more</p>\n<div>x</div>";
  const pith::Document document = segment(html);
  REQUIRE(document.paragraphs.size() == 4000);
  for (std::size_t i = 1; i < document.paragraphs.size(); ++i)
    CHECK(document.paragraphs[i].byte_offset >= document.paragraphs[i - 1].byte_offset);
  CHECK(document.paragraphs.back().byte_offset < html.size());
}

TEST_CASE("legacy charsets declared by <meta> come out as UTF-8", "[html_segmenter]") {
  SECTION("ISO-8859-1 via <meta charset>") {
    CHECK(texts("<html><head><meta charset=\"ISO-8859-1\"></head><body><p>Caf\xE9 na\xEFve \xBD</p></body></html>") ==
          Texts{"Caf\xC3\xA9 na\xC3\xAFve \xC2\xBD"});
  }
  SECTION("windows-1252 via http-equiv") {
    CHECK(texts("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
                "</head><body><p>\x93Quoted\x94 \x96 it\x92s \x80"
                "5</p></body></html>") ==
          Texts{"\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x93 it\xE2\x80\x99s \xE2\x82\xAC"
                "5"});
  }
  SECTION("a byte windows-1252 leaves undefined does not stop the parse") {
    CHECK(texts("<meta charset=windows-1252><p>a\x81"
                "b</p><p>after</p>") == Texts{"a\xEF\xBF\xBD"
                                              "b",
                                              "after"});
  }
  SECTION("a page that declares nothing and is not UTF-8 reads as windows-1252") {
    CHECK(texts("<p>Caf\xE9 \x93ok\x94</p>") == Texts{"Caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D"});
  }
  SECTION("multi-byte legacy charsets: Shift_JIS, and 7-bit ISO-2022-JP that is valid UTF-8 byte-wise") {
    CHECK(texts("<meta charset=Shift_JIS><p>\x93\xFA\x96\x7B</p>") == Texts{"\xE6\x97\xA5\xE6\x9C\xAC"});
    CHECK(texts("<meta charset=iso-2022-jp><p>\x1B$BF|K\\\x1B(B</p>") == Texts{"\xE6\x97\xA5\xE6\x9C\xAC"});
  }
  SECTION("the caller's charset outranks the page's") {
    CHECK(texts("<meta charset=utf-8><p>\xC4\xE8\xF1</p>", "windows-1251") == Texts{"\xD0\x94\xD0\xB8\xD1\x81"});
  }
}

TEST_CASE("valid UTF-8 is read as UTF-8 even when the page claims otherwise", "[html_segmenter]") {
  // What L3S-GN1 ships: pages re-encoded to UTF-8 that still declare iso-8859-1.
  CHECK(texts("<meta charset=iso-8859-1><p>It\xE2\x80\x99s caf\xC3\xA9</p>") == Texts{"It\xE2\x80\x99s caf\xC3\xA9"});
}

TEST_CASE("a UTF-16 page with a byte order mark", "[html_segmenter]") {
  const std::string utf8 =
      "<html><head><title>T\xC3\xA9</title></head><body><p>h\xC3\xA9llo \xE2\x82\xAC</p></body></html>";
  std::string utf16le = "\xFF\xFE";
  for (unsigned char c : std::string("<html><head><title>T")) utf16le += {static_cast<char>(c), '\0'};
  utf16le += {'\xE9', '\0'};
  for (unsigned char c : std::string("</title></head><body><p>h")) utf16le += {static_cast<char>(c), '\0'};
  utf16le += {'\xE9', '\0'};
  for (unsigned char c : std::string("llo ")) utf16le += {static_cast<char>(c), '\0'};
  utf16le += {'\xAC', '\x20'};
  for (unsigned char c : std::string("</p></body></html>")) utf16le += {static_cast<char>(c), '\0'};
  const pith::Document document = segment(utf16le);
  CHECK(texts(document) == Texts{"h\xC3\xA9llo \xE2\x82\xAC"});
  CHECK(document.title == "T\xC3\xA9");
}

TEST_CASE("an unknown charset name does not throw", "[html_segmenter]") {
  CHECK(texts("<meta charset=\"x-no-such-charset\"><p>caf\xC3\xA9</p>") == Texts{"caf\xC3\xA9"});
  CHECK(texts("<meta charset=\"x-no-such-charset\"><p>caf\xE9</p>") == Texts{"caf\xC3\xA9"});
  CHECK(texts("<p>caf\xC3\xA9</p>", "x-no-such-charset") == Texts{"caf\xC3\xA9"});
  CHECK(texts("<meta charset=\"\xFF\xFE<>\"><p>x</p>") == Texts{"x"});
  CHECK(texts("<p>caf\xC3\xA9</p>", "not a label!") == Texts{"caf\xC3\xA9"});
  // A <meta> describing charsets in prose is not a declaration; the real one after it is.
  CHECK(texts("<meta name=description content=\"all about charset names\"><meta charset=windows-1252>"
              "<p>\x93x\x94</p>") == Texts{"\xE2\x80\x9Cx\xE2\x80\x9D"});
  // UTF-16 cannot be declared inside an ASCII-compatible page.
  CHECK(texts("<meta charset=utf-16><p>caf\xE9</p>") == Texts{"caf\xC3\xA9"});
}

TEST_CASE("invalid bytes in a UTF-8 page become U+FFFD, the rest stays UTF-8", "[html_segmenter]") {
  const pith::Document document =
      segment("<meta charset=utf-8><p>caf\xC3\xA9 bad\xFF byte, caf\xC3\xA9 again</p><p>\xE2\x80 cut</p>");
  CHECK(texts(document) == Texts{"caf\xC3\xA9 bad\xEF\xBF\xBD byte, caf\xC3\xA9 again", "\xEF\xBF\xBD cut"});
  // Undeclared but mostly UTF-8: repaired rather than read as windows-1252.
  CHECK(texts("<p>a\xE9 b</p><p>\xC3\xA9</p>") == Texts{"a\xEF\xBF\xBD b", "\xC3\xA9"});
  CHECK(texts("<p>\xE2\x80\x9Cquote\xE2\x80\x9D caf\xC3\xA9 \xFF</p>") ==
        Texts{"\xE2\x80\x9Cquote\xE2\x80\x9D caf\xC3\xA9 \xEF\xBF\xBD"});
}

TEST_CASE("empty and text-free input give no paragraphs", "[html_segmenter]") {
  const pith::Document empty = segment("");
  CHECK(empty.paragraphs.empty());
  CHECK(empty.source == "test.html");
  CHECK(empty.kind == pith::PageKind::html);
  CHECK(segment("   \n ").paragraphs.empty());
  CHECK(segment("<html><body><div> </div></body></html>").paragraphs.empty());
  CHECK(segment("\xEF\xBB\xBF").paragraphs.empty());
}

TEST_CASE("pathological markup is survived", "[html_segmenter]") {
  SECTION("nesting far deeper than the element stack") {
    std::string html = "<html><body>";
    for (int i = 0; i < 30000; ++i) html += "<div>";
    html += "deep";
    for (int i = 0; i < 30000; ++i) html += "</div>";
    html += "<p>after</p>";
    const pith::Document document = segment(html);
    CHECK(texts(document) == Texts{"deep", "after"});
    CHECK(document.paragraphs[0].depth == 30002);
    CHECK(document.tag(document.paragraphs[1]) == "p");
  }
  SECTION("stray end tags, unclosed elements, NUL bytes") {
    const Texts result = texts(std::string("</div></p><p>one<div>two</span></li>three<p>four") + '\0' + "five");
    CHECK(result.size() >= 3);
    for (const std::string& text : result) CHECK(pith::is_valid_utf8(text));
  }
}

// Broken pages as crawls have them (each from an L3S-GN1 page); recovered as browsers do.

TEST_CASE("a <title> never closed ends at the first '<', as browsers before HTML5 ended it", "[html_segmenter]") {
  // A crawl spliced the title into a script: the HTML standard would make the whole page the title.
  const pith::Document document = segment(
      "<html><head><title>Gale to drive Nation'?' + OAS_query + '\"><\\/SCRIPT>');\n//-->\n</SCRIPT>\n"
      "<SCRIPT>function f() {}</SCRIPT>\n<div class=updated>UPDATED: today</div><p>Cale Gale is going Nationwide.</p>"
      "</body></html>");
  CHECK(document.title == "Gale to drive Nation'?' + OAS_query + '\">");
  CHECK(texts(document) == Texts{"<\\/SCRIPT>'); //-->", "UPDATED: today", "Cale Gale is going Nationwide."});
  const pith::Document scripted = segment(
      "<html><head><title>Israel closes crossings - Ne(OAS_version >= 11)\n  document.write('<SCRIPT SR' + 'C=\"' + "
      "OAS_url + '\"><\\/SCRIPT>');\n//-->\n</SCRIPT>\n<div>GAZA CITY (AP) - Israel sought</div></html>");
  CHECK(scripted.title == "Israel closes crossings - Ne(OAS_version >= 11) document.write('");
  CHECK(texts(scripted) == Texts{"GAZA CITY (AP) - Israel sought"});
  // A closed title is untouched, however far its end tag; its text is text up to it, markup
  // and comments included, as browsers show it.
  CHECK(segment("<title>A <!-- x --> title</title><p>text</p>").title == "A <!-- x --> title");
}

TEST_CASE("content after </body> and </html> is body content", "[html_segmenter]") {
  // Two pages in one file, as some crawls store them.
  const pith::Document document = segment(
      "<html><body><p>Weather: clear</p></body>\n</html>\n<script>function up() {}</script>\n"
      "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<html><head><title>Clinton, Obama Spar</title>"
      "</head><body><p>LAS VEGAS - The primary is taking on a racial tone.</p></body></html>");
  CHECK(texts(document) == Texts{"Weather: clear", "LAS VEGAS - The primary is taking on a racial tone."});
  REQUIRE(document.paragraphs.size() == 2);
  CHECK(document.tag(document.paragraphs[1]) == "p");
  CHECK(document.paragraphs[1].depth == 3);  // html body p: the second <html> and <body> are not elements
  CHECK(document.title == "Clinton, Obama Spar");
  CHECK(texts("<p>a</p></body><p>b</p></html>c") == Texts{"a", "b", "c"});
}

TEST_CASE("a doctype ends at its first '>'", "[html_segmenter]") {
  // Truncated public identifiers: libxml2 read on to the next quote and lost the page.
  CHECK(texts("<!doctype html public \"-//wsi library v1.27-->\n<script src=\"/newsi.js\" type=\"text/javascript\">"
              "</script>\n<div>One-Minute World News</div><p>Story</p>") == Texts{"One-Minute World News", "Story"});
  CHECK(texts("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"http://www.w3.org/TR/xhtml1-tr (OAS_version >= 11)\n"
              "  document.write('x');\n<div>UPDATED</div>") == Texts{"= 11) document.write('x');", "UPDATED"});
}

TEST_CASE("a self-closed <html .../> does not end the page", "[html_segmenter]") {
  // A crawl spliced <html xmlns=...> into an <img ... />; the rest starts with stray end tags.
  CHECK(texts("<!DOCTYPE html>\n<html xmogo.jpg\" alt=\"Free &amp; News\" width=\"145\" border=\"0\" /></a></td>\n"
              "<td><div><a href=\"/\">Home</a></div></td><p>Submit a press release</p>") ==
        Texts{"Home", "Submit a press release"});
}

TEST_CASE("an element that cannot sit in <head> ends it", "[html_segmenter]") {
  // An unclosed <head> followed by elements libxml2 does not know kept the whole page in <head>.
  const pith::Document document = segment(
      "<html><head><title>Harry Potter tops the list</title><meta name=robots content=all>\n<mbox>\n"
      "<tr><td><div class=searchbox>Search</div></td></tr><p>The book was the best seller.</p></mbox></html>");
  CHECK(document.title == "Harry Potter tops the list");
  CHECK(texts(document) == Texts{"Search", "The book was the best seller."});
  CHECK(texts("<head><link rel=x><header><h1>Site</h1></header><p>Story</p>") == Texts{"Site", "Story"});
  // What may sit in <head> stays there.
  CHECK(texts("<head><noscript><p>no</p></noscript><style>p{}</style><base href=/><p>yes</p>") == Texts{"yes"});
}

TEST_CASE("segmenting on several threads at once gives the same paragraphs", "[html_segmenter]") {
  const std::string pages[] = {"<meta charset=windows-1252><p>caf\xE9</p><p>b\x81</p>",
                               "<p>plain <a href=x>link</a></p><script>x</script>",
                               "<meta charset=utf-8><p>bad\xFF</p>", "<ul><li>a<li>b</ul>"};
  std::vector<Texts> expected;
  for (const std::string& page : pages) expected.push_back(texts(page));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i)
        for (std::size_t p = 0; p < std::size(pages); ++p)
          if (texts(pages[p]) != expected[p]) ++mismatches[t];
    });
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}

namespace {

// Texts of the paragraphs marked hidden by markup, and of the others.
std::pair<Texts, Texts> hidden_and_shown(const std::string& html) {
  std::pair<Texts, Texts> out;
  const pith::Document document = segment(html);
  for (const pith::Paragraph& paragraph : document.paragraphs)
    ((paragraph.context & pith::kHiddenByMarkup) ? out.first : out.second).emplace_back(document.text(paragraph));
  return out;
}

}  // namespace

// Hidden text is kept and marked, not dropped: on WCXB and Google-Trends-2017 most of it is
// content that a click or a script shows (tabs, accordions, "read more"), and the gold holds it.
TEST_CASE("elements with the hidden attribute are marked kHiddenByMarkup", "[html_segmenter]") {
  CHECK(hidden_and_shown("<p>Shown</p><div hidden><p>Hidden</p><ul><li>Hidden item</li></ul></div>"
                         "<p hidden=\"\">Also hidden</p><p HIDDEN=hidden>Upper case</p><p>After</p>") ==
        std::pair<Texts, Texts>{{"Hidden", "Hidden item", "Also hidden", "Upper case"}, {"Shown", "After"}});
  // An inline hidden element joins its paragraph; the paragraph's mark is its first text's.
  CHECK(texts("<p>foo<span hidden>bar</span>baz</p>") == Texts{"foobarbaz"});
  // hidden="until-found" is opened by the browser's find and by links to it: not marked.
  CHECK(hidden_and_shown("<div hidden=\"until-found\"><p>Answer</p></div><p>Next</p>") ==
        std::pair<Texts, Texts>{{}, {"Answer", "Next"}});
  // React's streamed server rendering: a script moves <div hidden id="S:n"> into the page.
  CHECK(hidden_and_shown("<div id=\"B:0\"></div><p>Shell</p><div hidden id=\"S:0\"><p>Streamed article</p></div>"
                         "<div hidden id=\"X:0\"><p>Hidden</p></div>") ==
        std::pair<Texts, Texts>{{"Hidden"}, {"Shell", "Streamed article"}});
}

TEST_CASE("aria-hidden=\"true\" elements are marked kHiddenByMarkup", "[html_segmenter]") {
  CHECK(hidden_and_shown("<p aria-hidden=\"true\">Icon label</p><p aria-hidden=\"false\">Shown</p>"
                         "<div aria-hidden=\" TRUE \"><p>Clone</p></div><p aria-hidden>Empty value</p>") ==
        std::pair<Texts, Texts>{{"Icon label", "Clone"}, {"Shown", "Empty value"}});
}

TEST_CASE("inline display:none and visibility:hidden are marked kHiddenByMarkup", "[html_segmenter]") {
  CHECK(hidden_and_shown("<p>One</p>"
                         "<div style=\"display:none\"><p>a</p></div>"
                         "<div style=\"DISPLAY : None\"><p>b</p></div>"
                         "<div style=\"color: red; display: none !important;\"><p>c</p></div>"
                         "<div style=\"display:none!IMPORTANT\">d</div>"
                         "<div style=\"visibility:hidden\"><p>e</p></div>"
                         "<table><tr style=\"visibility: collapse\"><td>f</td></tr><tr><td>Two</td></tr></table>"
                         "<div style=\"display:block\">Four</div>"
                         "<div style=\"display:none; display:block\">Five</div>"
                         "<div style=\"display:block; display:none\">h</div>"
                         "<div style=\"visibility: visible\">Six</div>"
                         "<div style=\"display:none-ish; margin:0\">Seven</div>"
                         "<div style=\"background:url(none.png)\">Eight</div>") ==
        std::pair<Texts, Texts>{{"a", "b", "c", "d", "e", "f", "h"},
                                {"One", "Two", "Four", "Five", "Six", "Seven", "Eight"}});
  // Pages hide <html> or <body> until a script has run; the reader sees them after that.
  CHECK(hidden_and_shown("<html style=\"visibility:hidden\"><body style=\"display:none\" hidden><p>Page</p>"
                         "<p style=\"display:none\">Not</p></body></html>") ==
        std::pair<Texts, Texts>{{"Not"}, {"Page"}});
}

TEST_CASE("noscript content is parsed as markup and kept, marked kInNoscript", "[html_segmenter]") {
  const pith::Document document = segment(
      "<html><body><p>Before</p><noscript><div class=post><p>Post <b>one</b></p><p>Post two</p></div>"
      "</noscript><p>After</p></body></html>");
  REQUIRE(texts(document) == Texts{"Before", "Post one", "Post two", "After"});
  CHECK_FALSE(document.paragraphs[0].context & pith::kInNoscript);
  CHECK(document.paragraphs[1].context & pith::kInNoscript);
  CHECK(document.paragraphs[2].context & pith::kInNoscript);
  CHECK(document.paragraphs[1].context & pith::kNamedContent);
  CHECK_FALSE(document.paragraphs[3].context & pith::kInNoscript);
  // Inline: it joins the text around it, as a browser without scripts shows it.
  CHECK(texts("<p>Enable <noscript>JavaScript</noscript> please</p>") == Texts{"Enable JavaScript please"});
  // In <head> it is head content, which is never text.
  CHECK(texts("<head><noscript><style>p{}</style></noscript></head><body><p>Body</p>") == Texts{"Body"});
}

TEST_CASE("form controls keep what the parser nests under them", "[html_segmenter]") {
  const pith::Document document = segment(
      "<body><form action=/s><label for=q>Search</label> <input id=q> <button>Go</button>"
      "<div><p>Inside the form</p></div></form>"
      "<button class=more><div><p>An article under a button</p><p>Its second paragraph</p></div></button>"
      "<select><option>One</option><option>Two</option></select><p>After</p></body>");
  REQUIRE(texts(document) == Texts{"Search Go", "Inside the form", "An article under a button",
                                   "Its second paragraph", "One", "Two", "After"});
  for (std::size_t i = 0; i + 1 < document.paragraphs.size(); ++i) {
    INFO(document.text(i));
    CHECK(document.paragraphs[i].context & pith::kInForm);
  }
}

TEST_CASE("tag path, class/id words, links and the nearest heading", "[html_segmenter]") {
  const pith::Document document = segment(
      "<html><body><div id=\"mainContent\" class=\"post-body entry_2 x\"><h2>Breaking news</h2>"
      "<p class=\"lead-text\">Read the <a href=\"/a\">full</a> <a href=\"/b\">story</a> here</p>"
      "<h3 class=\"HTMLWidget\">Related</h3><p><a href=\"/c\">two <b>words</b></a> and <a name=\"n\">no link</a></p>"
      "</div><p>Loose</p>Tail text</body></html>");
  REQUIRE(texts(document) ==
          Texts{"Breaking news", "Read the full story here", "Related", "two words and no link", "Loose", "Tail text"});
  const auto& p = document.paragraphs;
  CHECK(document.tag_path(p[0]) == "html body div h2");
  CHECK(document.tag_path(p[1]) == "html body div p");
  CHECK(document.tag_path(p[3]) == "html body div p a");  // the open elements at the paragraph's first text
  CHECK(document.tag_path(p[4]) == "html body p");
  CHECK(document.tag_path(p[5]) == "html body");
  // nearest element first, class before id; camelCase, '-', '_' and digits split; single letters dropped
  CHECK(document.class_id_words(p[0]) == "post body entry main content");
  CHECK(document.class_id_words(p[1]) == "lead text post body entry main content");
  CHECK(document.class_id_words(p[2]) == "html widget post body entry main content");
  CHECK(document.class_id_words(p[3]) == "post body entry main content");
  CHECK(document.class_id_words(p[4]).empty());
  CHECK(p[0].links == 0);
  CHECK(p[1].links == 2);
  CHECK(p[3].links == 1);  // an <a> without href is no link
  // the heading before the paragraph, not the paragraph itself
  CHECK(document.heading(p[0]).empty());
  CHECK(document.heading(p[1]) == "Breaking news");
  CHECK(document.heading(p[2]) == "Breaking news");
  CHECK(document.heading(p[3]) == "Related");
  CHECK(document.heading(p[5]) == "Related");
}

TEST_CASE("class/id words are each kept once and capped", "[html_segmenter]") {
  std::string html = "<div class=\"a1 wrapper-main\">";
  for (int i = 0; i < 40; ++i) html += "<div class=\"wrapper level" + std::string(1, char('a' + i % 26)) + std::string(1, char('a' + i / 26)) + "\">";
  html += "<p class=\"Main\">text</p>";
  const pith::Document document = segment(html);
  REQUIRE(document.paragraphs.size() == 1);
  const std::string_view words = document.class_id_words(document.paragraphs[0]);
  // "main" (from <p>), then "wrapper" and "levelXY" words nearest first, never a word twice
  CHECK(words.starts_with("main wrapper level"));
  CHECK(std::count(words.begin(), words.end(), ' ') == 31);  // 32 words
  CHECK(words.find("wrapper", words.find("wrapper") + 1) == std::string::npos);
}

TEST_CASE("class/id words: an ancestor's words around a repeated one keep their order", "[html_segmenter]") {
  const pith::Document document =
      segment("<div class=\"alpha beta gamma delta\" id=\"epsilon\"><section class=\"omega beta\">"
              "<p class=\"gamma zeta\">x</p><p>y</p></section></div>");
  REQUIRE(document.paragraphs.size() == 2);
  CHECK(document.class_id_words(document.paragraphs[0]) == "gamma zeta omega beta alpha delta epsilon");
  CHECK(document.class_id_words(document.paragraphs[1]) == "omega beta alpha gamma delta epsilon");
}

TEST_CASE("Web2Text ancestor link density and text share", "[html_segmenter]") {
  const pith::Document document = segment(
      "<html><body><div><h2>Breaking news</h2>"
      "<p>Read the <a href=\"/a\">full</a> <a href=\"/b\">story</a> here</p></div><p>Loose</p>Tail</body></html>");
  REQUIRE(texts(document) == Texts{"Breaking news", "Read the full story here", "Loose", "Tail"});
  // text bytes: 13 + 24 + 5 + 4 = 46 on the page; links "full story" = 10 bytes (the space between
  // two links counts as link text)
  const auto& p = document.paragraphs;
  CHECK(p[1].link_chars == 10);
  // parent of "Breaking news": the h2 (13 bytes, no links); grandparent: the div (37 bytes, 10 linked)
  CHECK(p[0].parent_link_density == 0.0f);
  CHECK(p[0].parent_text_share == Approx(13.0 / 46.0));
  CHECK(p[0].grandparent_link_density == Approx(10.0 / 37.0));
  CHECK(p[0].grandparent_text_share == Approx(37.0 / 46.0));
  CHECK(p[1].parent_link_density == Approx(10.0 / 24.0));
  CHECK(p[1].parent_text_share == Approx(24.0 / 46.0));
  CHECK(p[1].grandparent_text_share == Approx(37.0 / 46.0));
  // "Loose": its <p>, then <body> (the whole page's text)
  CHECK(p[2].parent_text_share == Approx(5.0 / 46.0));
  CHECK(p[2].grandparent_link_density == Approx(10.0 / 46.0));
  CHECK(p[2].grandparent_text_share == Approx(1.0));
  // loose text: its block is <body>, and <html> around it
  CHECK(p[3].parent_text_share == Approx(1.0));
  CHECK(p[3].parent_link_density == Approx(10.0 / 46.0));
  CHECK(p[3].grandparent_text_share == Approx(1.0));
}

TEST_CASE("repeated siblings mark comment lists and listings", "[html_segmenter]") {
  const pith::Document document = segment(
      "<html><body><div class=article><p>Story one.</p><p>Story two.</p></div>"
      "<ol class=commentList><li class=comment><p>First!</p></li>"
      "<li class=comment><p>Nice <b>post</b></p><p>Second para</p></li>"
      "<li class=comment><p>Third</p></li><li class=\"comment odd\"><p>Odd one</p></li></ol>"
      "<ul><li>One</li><li>Two</li></ul><div><p>Alone</p></div>Tail</body></html>");
  REQUIRE(texts(document) == Texts{"Story one.", "Story two.", "First!", "Nice post", "Second para", "Third",
                                   "Odd one", "One", "Two", "Alone", "Tail"});
  std::vector<std::uint32_t> repeats;
  for (const pith::Paragraph& paragraph : document.paragraphs) repeats.push_back(paragraph.repeated_siblings);
  // <p> twice in the article; <li class=comment> three times ("comment odd" is another class)
  CHECK(repeats == std::vector<std::uint32_t>{2, 2, 3, 3, 3, 3, 1, 2, 2, 1, 1});
  CHECK(document.class_id_words(document.paragraphs[2]) == "comment list");
  CHECK(document.paragraphs[2].context & pith::kNamedComment);
}

TEST_CASE("structure fields survive deep nesting and stay bounded", "[html_segmenter]") {
  std::string html = "<html><body>";
  for (int i = 0; i < 12000; ++i) html += "<div class=\"dd\"><span>x " + std::to_string(i) + "</span>";
  const pith::Document document = segment(html);
  REQUIRE(document.paragraphs.size() == 12000);
  std::size_t bad = 0;
  for (const pith::Paragraph& paragraph : document.paragraphs)
    if (document.tag_path(paragraph).size() > 512 || paragraph.repeated_siblings != 1 ||
        paragraph.parent_text_share > 1.0f || document.class_id_words(paragraph) != "dd")
      ++bad;
  CHECK(bad == 0);
  CHECK(document.tag_path(document.paragraphs[0]) == "html body div span");
  // past the element stack's limit the path is that of the deepest element pith tracks
  CHECK(document.tag_path(document.paragraphs[5000]).ends_with("div div span"));
  CHECK(document.tag_path(document.paragraphs.back()).ends_with("div div"));
  CHECK(document.paragraphs[0].grandparent_text_share == Approx(1.0));  // grandparent: body
}

// Found by fuzz/html_fuzzer.cpp: in a transcoded page (windows-1252 here) the white space before
// a paragraph's first word is longer in UTF-8 than in the input (0xA0 becomes C2 A0), and the
// paragraph's offset was the chunk's input offset plus UTF-8 bytes: 4 in a page of 3 bytes.
TEST_CASE("paragraph offsets stay inside the page when it was transcoded", "[html_segmenter]") {
  const std::string html = "\xA0\xA0" "2";
  const pith::Document document = segment(html);
  REQUIRE(texts(document) == Texts{"2"});
  CHECK(document.paragraphs[0].byte_offset < html.size());
  const std::string longer = "<p>" + std::string(100, '\xA0') + "x</p>";
  for (const pith::Paragraph& paragraph : segment(longer).paragraphs) CHECK(paragraph.byte_offset < longer.size());
}
