#include "datasets/visible_text.h"

#include <catch2/catch.hpp>

#include "features/utf8.h"

using namespace pith;

TEST_CASE("visible text ends a paragraph at every block element") {
  CHECK(visible_text("<div><h1>Title</h1><p>One <b>bold</b> word.</p><p>Two</p></div>", "t") ==
        "Title\n\nOne bold word.\n\nTwo");
  // words in adjacent blocks are never glued together
  CHECK(visible_text("<ul><li>alpha</li><li>beta</li></ul><table><tr><td>x</td><td>y</td></tr></table>", "t") ==
        "alpha\n\nbeta\n\nx\n\ny");
}

TEST_CASE("visible text keeps inline runs together, collapses white space and breaks lines at br") {
  CHECK(visible_text("<p>  a <span>b</span>c\n\t d<br>next   line </p>", "t") == "a bc d\nnext line");
  CHECK(visible_text("<pre>line one\nline two</pre>", "t") == "line one\nline two");
}

TEST_CASE("visible text drops script, style, noscript and the title") {
  CHECK(visible_text("<html><head><title>T</title><style>p{}</style></head><body><p>shown</p>"
                     "<script>var a = '<p>not</p>';</script><noscript>no</noscript></body></html>",
                     "t") == "shown");
}

TEST_CASE("visible text decodes entities and reads valid UTF-8 as UTF-8 whatever the page declares") {
  CHECK(visible_text("<p>caf&eacute; &amp; cr&#232;me&nbsp;br&#xFB;l&eacute;e &lt;3</p>", "t") ==
        "caf\xC3\xA9 & cr\xC3\xA8me br\xC3\xBBl\xC3\xA9\x65 <3");
  CHECK(visible_text("<html><head><meta charset=\"iso-8859-1\"></head><body><p>\xC3\xA9t\xC3\xA9</p></body></html>",
                     "t") == "\xC3\xA9t\xC3\xA9");
  CHECK(visible_text("<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; Charset=windows-1252\">"
                     "</head><body><p>\xE2\x80\x99</p></body></html>",
                     "t") == "\xE2\x80\x99");
  // whatever the bytes, the text is valid UTF-8
  CHECK(is_valid_utf8(visible_text("<p>a\xE9 b\xFF</p><p>\xC3\xA9 \xC3</p>", "t")));
}

TEST_CASE("visible text of an empty or text-free page is empty") {
  CHECK(visible_text("", "t").empty());
  CHECK(visible_text("<div><img src=x></div>", "t").empty());
}
