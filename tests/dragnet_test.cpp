#include "datasets/dragnet.h"

#include <catch2/catch.hpp>
#include <string>

#include "features/utf8.h"

using namespace pith;

TEST_CASE("Dragnet gold: the comments after the marker line are not content") {
  const std::string gold =
      "Title of the article\n\nFirst paragraph.\n\nSecond paragraph.\n\n\n\n"
      "!@#$%^&*()  COMMENTS\n\n\nReader One\nGreat post!\n";
  CHECK(dragnet_gold_text(gold) == "Title of the article\n\nFirst paragraph.\n\nSecond paragraph.");
}

TEST_CASE("Dragnet gold: the marker line as the last line, and without a final newline") {
  CHECK(dragnet_gold_text("Article text\n!@#$%^&*()  COMMENTS\n") == "Article text");
  CHECK(dragnet_gold_text("Article text\n!@#$%^&*()  COMMENTS") == "Article text");
  CHECK(dragnet_gold_text("Article text\r\n!@#$%^&*()  COMMENTS\r\nA comment\r\n") == "Article text");
}

TEST_CASE("Dragnet gold: the marker's typed variants found in the data also end the article") {
  for (const char* marker :
       {"!@#$%^&*() COMMENTS", "!@#$%^&*()   COMMENTS", "!@#$%^&*()  \tCOMMENTS", "!@#$%^&*()  COMMENTS\t",
        "!@#$%^&*()  COMMNENTS", "!@#$%^&*()  CORRECTED", "!!@#$%^&*()  COMMENTS", "!@#$%^&*()"})
    CHECK(dragnet_gold_text(std::string("Article\n\n") + marker + "\n\nComment text\n") == "Article");
  // symbols followed by ordinary text are not the marker
  CHECK(dragnet_gold_text("Article\n!@#$%^&*() is a row of symbols\n") == "Article\n!@#$%^&*() is a row of symbols");
}

TEST_CASE("Dragnet gold: no marker keeps the whole text, and an empty gold stays empty") {
  CHECK(dragnet_gold_text("\n\nHeadline\n\nBody text.\n\n") == "Headline\n\nBody text.");
  CHECK(dragnet_gold_text("").empty());
  CHECK(dragnet_gold_text("\n \n").empty());
  CHECK(dragnet_gold_text("!@#$%^&*()  COMMENTS\nonly comments\n").empty());
}

TEST_CASE("Dragnet gold: Latin-1, windows-1252 and UTF-16 files become UTF-8") {
  const std::string text = dragnet_gold_text("Na\xEFve caf\xE9 isn\x92t \x85\n");
  CHECK(is_valid_utf8(text));
  CHECK(text == "Na\xC3\xAFve caf\xC3\xA9 isn\xE2\x80\x99t \xE2\x80\xA6");
  CHECK(dragnet_gold_text(std::string("\xFF\xFE"
                                      "H\0i\0\r\0\n\0",
                                      10)) == "Hi");
  CHECK(dragnet_gold_text("\xEF\xBB\xBFWith BOM\n") == "With BOM");
}
