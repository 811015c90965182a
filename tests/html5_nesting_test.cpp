// Misnested markup as the shared datasets' pages have it, where libxml2 2.9 (which read pith's
// pages until the tokenizer replaced it) nested otherwise than an HTML5 parser: the parser seam
// keeps its element stack as the HTML standard's tree builder does, so the article's paragraphs
// do not land under the header, the nav, a button or a link (features/html_event_parser.cpp,
// Html5Stack).
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "features/element_context.h"
#include "features/html_event_parser.h"
#include "features/html_segmenter.h"

namespace {

using pith::kInAnchor;
using pith::kInArticle;
using pith::kInForm;
using pith::kInHeader;
using pith::kInHeading;
using pith::kInList;
using pith::kInNav;

// Each paragraph's text with its context bits.
using Contexts = std::vector<std::pair<std::string, std::uint32_t>>;

Contexts contexts(const std::string& html) {
  Contexts out;
  for (const pith::Paragraph& paragraph : pith::segment_html(html, "test.html").paragraphs)
    out.emplace_back(paragraph.text, paragraph.context);
  return out;
}

// Element events as "<name>" and "</name>", text as itself (white space alone left out).
class Recorder : public pith::HtmlEventHandler {
 public:
  void start_element(std::string_view name, const pith::HtmlAttributes&) override {
    events.push_back("<" + std::string(name) + ">");
  }
  void end_element(std::string_view name) override { events.push_back("</" + std::string(name) + ">"); }
  void text(std::string_view utf8, std::size_t) override {
    if (utf8.find_first_not_of(" \n") != std::string_view::npos) events.emplace_back(utf8);
  }
  std::vector<std::string> events;
};

using Events = std::vector<std::string>;

Events events(const std::string& html) {
  Recorder recorder;
  pith::parse_html_events(html, "test.html", "", recorder);
  return recorder.events;
}

}  // namespace

TEST_CASE("</nav></div> in the wrong order does not keep the article under header and nav", "[html5_nesting]") {
  // libxml2 ignores </nav> while the <div> inside it is open, and its </div> then ends that
  // inner div, so nav and header stayed open around the article. The standard's </nav> ends the
  // div and the nav; the </div> after it ends the div around the header.
  const std::string page =
      "<body><div><header><nav><div><ul><li>Home</li><li>World</li></ul></nav></div></header>"
      "<article><h1>Storm hits the coast</h1><p>The first paragraph of the story.</p>"
      "<p>The second paragraph.</p></article></body>";
  CHECK(contexts(page) == Contexts{{"Home", kInHeader | kInNav | kInList},
                                   {"World", kInHeader | kInNav | kInList},
                                   {"Storm hits the coast", kInArticle | kInHeading},
                                   {"The first paragraph of the story.", kInArticle},
                                   {"The second paragraph.", kInArticle}});
  CHECK(events("<body><div><header><nav><div>menu</nav></div></header><p>text</p>") ==
        Events{"<html>", "<body>", "<div>", "<header>", "<nav>", "<div>", "menu", "</div>", "</nav>", "</header>",
               "</div>", "<p>", "text", "</p>", "</body>", "</html>"});
}

TEST_CASE("an end tag ends its element when a div is open inside it", "[html5_nesting]") {
  // libxml2's end-tag priorities (a div, td, tr or table inside blocks the end tag) against the
  // standard's scope: the header's own end tag ends it, and the article is not in the header.
  CHECK(contexts("<body><header><div>Site name</header><article><p>Story text</p></article></body>") ==
        Contexts{{"Site name", kInHeader}, {"Story text", kInArticle}});
  // An unclosed div inside a list item: </li> and </ul> end it, and what follows is no list.
  CHECK(contexts("<body><ul><li>One<div>detail</li><li>Two</ul><p>After the list</p></body>") ==
        Contexts{{"One", kInList}, {"detail", kInList}, {"Two", kInList}, {"After the list", 0}});
  // But not across a table cell, as in the standard: the div around the table stays open.
  CHECK(events("<body><div><table><tr><td><span>cell</div>after</td></tr></table></div>") ==
        Events{"<html>", "<body>", "<div>", "<table>", "<tr>", "<td>", "<span>", "cell", "after", "</span>", "</td>",
               "</tr>", "</table>", "</div>", "</body>", "</html>"});
}

TEST_CASE("a <button> holding a <div> does not take the rest of the page", "[html5_nesting]") {
  // "</button></div>": the </button> ends the div and the button; the </div> after it then ends
  // the div around the button, not the one libxml2 still holds open inside the button.
  const std::string page =
      "<body><div><button><div>Share</button></div>"
      "<p>The article's first paragraph.</p><p>Its second paragraph.</p></body>";
  CHECK(contexts(page) == Contexts{{"Share", kInForm},
                                   {"The article's first paragraph.", 0},
                                   {"Its second paragraph.", 0}});
  // A well-formed button keeps what sits in it.
  CHECK(contexts("<body><button><div><p>Inside</p></div></button><p>Outside</p></body>") ==
        Contexts{{"Inside", kInForm}, {"Outside", 0}});
}

TEST_CASE("a link holding a block ends with that block", "[html5_nesting]") {
  // libxml2 ignores </a> while the <div> is open and keeps the rest of the page in the link. The
  // standard takes the link out and keeps the div; here the link ends when the div does.
  const std::string page =
      "<body><a href=/teaser><div>Teaser title</a></div>"
      "<p>First paragraph of the article.</p><p>Second paragraph.</p></body>";
  const pith::Document document = pith::segment_html(page, "test.html");
  CHECK(contexts(page) == Contexts{{"Teaser title", kInAnchor},
                                   {"First paragraph of the article.", 0},
                                   {"Second paragraph.", 0}});
  REQUIRE(document.paragraphs.size() == 3);
  CHECK(document.paragraphs[1].link_chars == 0);
  // With no block inside it, </a> ends the link and what is open inside it at once.
  CHECK(events("<body><p><a href=/x><b>bold link</a> plain</p>") ==
        Events{"<html>", "<body>", "<p>", "<a>", "<b>", "bold link", "</b>", "</a>", " plain", "</p>", "</body>",
               "</html>"});
}

TEST_CASE("HTML5 blocks end an open <p>, a <li> ends an open <li>", "[html5_nesting]") {
  // libxml2 does not know <section> or <nav>, so it nested them in the <p>.
  CHECK(events("<body><p>Intro<section>Part</section><nav>Menu</nav>") ==
        Events{"<html>", "<body>", "<p>", "Intro", "</p>", "<section>", "Part", "</section>", "<nav>", "Menu",
               "</nav>", "</body>", "</html>"});
  // A new <li> ends the open one through the <div> inside it, as the standard does.
  CHECK(events("<body><ul><li>a<div>b<li>c</ul>") ==
        Events{"<html>", "<body>", "<ul>", "<li>", "a", "<div>", "b", "</div>", "</li>", "<li>", "c", "</li>",
               "</ul>", "</body>", "</html>"});
}

TEST_CASE("any heading's end tag ends the open heading", "[html5_nesting]") {
  // "<h2>..</h3>": libxml2 ignores the </h3> and the page below stays in the heading.
  CHECK(contexts("<body><h2>Title</h3><p>Body text one.</p><p>Body text two.</p></body>") ==
        Contexts{{"Title", kInHeading}, {"Body text one.", 0}, {"Body text two.", 0}});
}

TEST_CASE("a </form> with a div open inside ends the form with that div", "[html5_nesting]") {
  // The standard takes the form out and leaves the div open ("rest of box" in no form); an event
  // stream cannot take out an element with one open inside it, so the form ends with the div.
  CHECK(contexts("<body><div><form><div><p>Search</p></form><p>Rest of the box</p></div><p>Article</p></div>") ==
        Contexts{{"Search", kInForm}, {"Rest of the box", kInForm}, {"Article", 0}});
}

TEST_CASE("end tags with nothing to end are ignored, as an ordinary end tag stops at a block",
          "[html5_nesting]") {
  CHECK(events("<body><div>a</nav></section>b</div>") ==
        Events{"<html>", "<body>", "<div>", "a", "b", "</div>", "</body>", "</html>"});
  // </span> does not look past the <div> (a "special" element) for its span.
  CHECK(events("<body><span><div>x</span>y</div>z") ==
        Events{"<html>", "<body>", "<span>", "<div>", "x", "y", "</div>", "z", "</span>", "</body>", "</html>"});
}

TEST_CASE("start tags libxml2 ends a list or heading at leave it open, as the standard does", "[html5_nesting]") {
  // libxml2's <form> ends an open <ul>, its <p> an open <h3>; the standard nests them.
  CHECK(contexts("<body><ul><li>One</li><form><select><option>Two</option></select></form><li>Three</li></ul>"
                 "<p>After the list</p></body>") ==
        Contexts{{"One", kInList}, {"Two", kInList | kInForm}, {"Three", kInList}, {"After the list", 0}});
  CHECK(contexts("<body><h3>Title<p>Subtitle</p></h3><p>Body text.</p></body>") ==
        Contexts{{"Title", kInHeading}, {"Subtitle", kInHeading}, {"Body text.", 0}});
  // What stays open ends with the element around it.
  CHECK(events("<body><div><ul><form>x</form></div>y") ==
        Events{"<html>", "<body>", "<div>", "<ul>", "<form>", "x", "</form>", "</ul>", "</div>", "y", "</body>",
               "</html>"});
}

TEST_CASE("a body opened before the page's <body> tag gets that tag's attributes", "[html5_nesting]") {
  // An element in <head> opens the body (the parser seam); the standard adds the
  // later <body> tag's attributes to it. A <body> in a comment is no tag.
  const std::string page =
      "<html><head><title>T</title><div id=fb-root></div></head><!-- <body> -->"
      "<body class=\"single has-sidebar\"><p>Text</p></body></html>";
  CHECK(contexts(page) == Contexts{{"Text", pith::kNamedSidebar}});
  CHECK(contexts("<html><head><title>T</title><mbox>x</mbox></head><body class=sidebar><p>Text</p>") ==
        Contexts{{"x", pith::kNamedSidebar}, {"Text", pith::kNamedSidebar}});
  // With no <body> tag ahead, the body has no attributes.
  CHECK(contexts("<html><head><title>T</title><div>x</div></head><p>Text</p>") == Contexts{{"x", 0}, {"Text", 0}});
}

TEST_CASE("table cells, rows and sections end the open ones, as the standard's table modes do", "[html5_nesting]") {
  CHECK(events("<body><table><tr><td>a<td>b<tr><th>c</table>") ==
        Events{"<html>", "<body>", "<table>", "<tr>", "<td>", "a", "</td>", "<td>", "b", "</td>", "</tr>", "<tr>",
               "<th>", "c", "</th>", "</tr>", "</table>", "</body>", "</html>"});
  CHECK(events("<body><table><thead><tr><td>h<tbody><tr><td>b</table>") ==
        Events{"<html>", "<body>", "<table>", "<thead>", "<tr>", "<td>", "h", "</td>", "</tr>", "</thead>",
               "<tbody>", "<tr>", "<td>", "b", "</td>", "</tr>", "</tbody>", "</table>", "</body>", "</html>"});
  // </tr> and </table> look through open cells; a table inside a cell is its own.
  CHECK(events("<body><table><tr><td><div>x</tr><tr><td><table><tr><td>in</table>out</table>z") ==
        Events{"<html>", "<body>", "<table>", "<tr>", "<td>", "<div>", "x", "</div>", "</td>", "</tr>", "<tr>",
               "<td>", "<table>", "<tr>", "<td>", "in", "</td>", "</tr>", "</table>", "out", "</td>", "</tr>",
               "</table>", "z", "</body>", "</html>"});
  // A table started right inside a table (not in a cell) ends the first.
  CHECK(events("<body><table><table><tr><td>x</table>") ==
        Events{"<html>", "<body>", "<table>", "</table>", "<table>", "<tr>", "<td>", "x", "</td>", "</tr>",
               "</table>", "</body>", "</html>"});
}

TEST_CASE("a link, button or option starts by ending an open one", "[html5_nesting]") {
  CHECK(events("<body><a href=1>one<a href=2>two</a>") ==
        Events{"<html>", "<body>", "<a>", "one", "</a>", "<a>", "two", "</a>", "</body>", "</html>"});
  CHECK(events("<body><button>one<button>two") ==
        Events{"<html>", "<body>", "<button>", "one", "</button>", "<button>", "two", "</button>", "</body>",
               "</html>"});
  CHECK(events("<body><select><option>a<option>b<optgroup><option>c</select>") ==
        Events{"<html>", "<body>", "<select>", "<option>", "a", "</option>", "<option>", "b", "</option>",
               "<optgroup>", "<option>", "c", "</option>", "</optgroup>", "</select>", "</body>", "</html>"});
}

TEST_CASE("void elements end at once, </br> is a <br>, </p> alone an empty paragraph", "[html5_nesting]") {
  CHECK(events("<body><p>a<br>b<img src=x>c</br>d</p></p>") ==
        Events{"<html>", "<body>", "<p>", "a", "<br>", "</br>", "b", "<img>", "</img>", "c", "<br>", "</br>", "d",
               "</p>", "<p>", "</p>", "</body>", "</html>"});
  // A self-closed tag is an open tag in HTML, but inside <svg> and <math>.
  CHECK(events("<body><div/>x</div><svg><path/><title>t</title></svg><span/>y") ==
        Events{"<html>", "<body>", "<div>", "x", "</div>", "<svg>", "<path>", "</path>", "<title>", "t", "</title>",
               "</svg>", "<span>", "y", "</span>", "</body>", "</html>"});
}

TEST_CASE("script, style, textarea and plaintext are read as text up to their end tag", "[html5_nesting]") {
  CHECK(events("<body><script>if (a<b) document.write('<p>x</p>')</script><p>y") ==
        Events{"<html>", "<body>", "<script>", "if (a<b) document.write('<p>x</p>')", "</script>", "<p>", "y", "</p>",
               "</body>", "</html>"});
  CHECK(events("<body><textarea>a &amp; <b>b</b></TEXTAREA ><style>p>i{}</style>") ==
        Events{"<html>", "<body>", "<textarea>", "a ", "&", " <b>b</b>", "</textarea>", "<style>", "p>i{}",
               "</style>", "</body>", "</html>"});
  CHECK(events("<body><plaintext><p>all </plaintext> text") ==
        Events{"<html>", "<body>", "<plaintext>", "<p>all </plaintext> text", "</plaintext>", "</body>", "</html>"});
}
