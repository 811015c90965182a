#include "datasets/cleaneval.h"

#include <catch2/catch.hpp>
#include <string>

#include "features/utf8.h"

using namespace pith;

TEST_CASE("CleanEval gold: the URL line and the markers are dropped, paragraphs end at the next marker") {
  const std::string gold =
      "URL: http://example.com/page.html\n"
      "\n"
      "<h>A Heading\n"
      "<p>First paragraph starts here\n"
      "and continues on this line.\n"
      "\n"
      "   still the same paragraph after a blank line\n"
      "<l>A list item\n"
      "<l>Another item\n";
  CHECK(cleaneval_gold_text(gold) ==
        "A Heading\n\n"
        "First paragraph starts here\nand continues on this line.\nstill the same paragraph after a blank line\n\n"
        "A list item\n\n"
        "Another item");
}

TEST_CASE("CleanEval gold: indented and upper-case markers, markers in the middle of a line") {
  const std::string gold =
      "URL: http://example.com/\n"
      "      <h>Indented   heading  \n"
      "\t<p>Tabbed paragraph\n"
      "<P>Upper-case marker\n"
      "   <h>Figure 2. <p>Equilibrium curve\n"
      "   <l>103.508 <l>2629.15\n";
  CHECK(cleaneval_gold_text(gold) ==
        "Indented heading\n\nTabbed paragraph\n\nUpper-case marker\n\nFigure 2.\n\nEquilibrium "
        "curve\n\n103.508\n\n2629.15");
}

TEST_CASE("CleanEval gold: text before the first marker is gold text, and without a URL line nothing is dropped") {
  CHECK(cleaneval_gold_text("Page Title Line\n\n<p>Body text\n") == "Page Title Line\n\nBody text");
  CHECK(cleaneval_gold_text("URL: http://a.b/\nLoose text\n<p>Body\n") == "Loose text\n\nBody");
}

TEST_CASE("CleanEval gold: a URL wrapped onto the next line is part of the URL line") {
  CHECK(cleaneval_gold_text("URL: \nhttp://books.example.co.uk/story/0,6000,1509033,00.html\n\n<h>Your heart\n") ==
        "Your heart");
  // a text line after an empty URL line is kept
  CHECK(cleaneval_gold_text("URL: \nMilitary news\n<p>Body\n") == "Military news\n\nBody");
}

TEST_CASE("CleanEval gold: a gold file with no paragraphs, or only an annotator's note, is empty") {
  CHECK(cleaneval_gold_text("URL: http://www.example.com/NN_011602.htm\n \n").empty());
  CHECK(cleaneval_gold_text("\nURL: http://bbc.co.uk/news/x\n<!-- this page contains no article -->\n").empty());
  CHECK(cleaneval_gold_text("").empty());
  // after the first marker, a comment line is text of the page (a tutorial's code sample)
  CHECK(cleaneval_gold_text("<p><form action=\"p.php\">\n<!-- Rest of form here -->\n") ==
        "<form action=\"p.php\">\n<!-- Rest of form here -->");
}

TEST_CASE("CleanEval gold: byte order mark and CRLF") {
  CHECK(cleaneval_gold_text("\xEF\xBB\xBFURL: http://a.b/\r\n\r\n<p>Caf\xC3\xA9 one\r\ntwo\r\n<p>three\r\n") ==
        "Caf\xC3\xA9 one\ntwo\n\nthree");
  CHECK(cleaneval_gold_text("\r\n\r\nURL: http://a.b/\r\n<h>Title\r\n") == "Title");
}

TEST_CASE("CleanEval gold: Latin-1 and windows-1252 bytes become proper UTF-8") {
  // 0xE9 is é in Latin-1; 0x92, 0x93, 0x94 are windows-1252's curly quotes
  const std::string text = cleaneval_gold_text("URL: http://a.b/\n<p>Caf\xE9 \x93quoted\x94 don\x92t\n");
  CHECK(is_valid_utf8(text));
  CHECK(text == "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D don\xE2\x80\x99t");
  // a file that mixes UTF-8 with a stray windows-1252 byte keeps its UTF-8 characters
  CHECK(cleaneval_gold_text("<p>S\xC3\xB8ren \x96 ok\n") == "S\xC3\xB8ren \xE2\x80\x93 ok");
}

TEST_CASE("gold files in UTF-16 with a byte order mark are decoded") {
  CHECK(gold_file_to_utf8(std::string("\xFF\xFE"
                                      "A\0\r\0\n\0\xE9\0",
                                      10)) == "A\n\xC3\xA9");
  CHECK(gold_file_to_utf8(std::string("\xFE\xFF\0A\xD8\x3D\xDE\x00", 8)) == "A\xF0\x9F\x98\x80");
  CHECK(gold_file_to_utf8(std::string("\xFF\xFE"
                                      "A\0\x00\xD8",
                                      6)) == "A\xEF\xBF\xBD");  // lone surrogate
}

TEST_CASE("the CleanEval wrapper line around the page is removed") {
  std::string encoding;
  const std::string page =
      "<text id=\"http://x.org/\" title=\"T\" encoding=\"iso-8859-1\">\n<html><body>Hi</body></html>\n</text>\n";
  CHECK(without_cleaneval_wrapper(page, &encoding) == "<html><body>Hi</body></html>");
  CHECK(encoding == "iso-8859-1");
  // CleanPortalEval: a blank line first, no encoding attribute, CRLF
  CHECK(without_cleaneval_wrapper("\r\n<text id=\"http://bbc.co.uk/n\"> \r\n<html>x</html>\r\n</text>\r\n",
                                  &encoding) == "<html>x</html>");
  CHECK(encoding.empty());
  // no wrapper: the page is left whole
  CHECK(without_cleaneval_wrapper("<html>plain</html>") == "<html>plain</html>");
}
