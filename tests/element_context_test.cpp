#include "features/element_context.h"

#include <string>

#include <catch2/catch.hpp>

#include "features/html_tags.h"
#include "features/quick_hash.h"

using namespace pith;

TEST_CASE("element context: tags give their bits", "[element_context]") {
  CHECK(element_context("nav", "", "") == kInNav);
  CHECK(element_context("li", "", "") == 0);
  CHECK(element_context("h3", "", "") == kInHeading);
}

TEST_CASE("element context: class and id words are lower-cased substrings", "[element_context]") {
  CHECK(element_context("div", "mainContent", "") == kNamedContent);
  CHECK(element_context("div", "", "COMMENTS") == kNamedComment);
  CHECK(element_context("div", "comment-list sidebar", "") == (kNamedComment | kNamedSidebar));
  // several words of one kind set its bit once; words inside other words count ("navbar", "subnav")
  CHECK(element_context("div", "subnav menu pagination", "") == kNamedNavigation);
  CHECK(element_context("div", "see-more-link", "") == kNamedRelated);
  CHECK(element_context("div", "read-more-box", "") == (kNamedRelated | kNamedPromotion));  // "ad-" in "read-"
  CHECK(element_context("div", "more", "") == 0);  // only "more-"
  CHECK(element_context("div", "ad-slot", "") == kNamedPromotion);
  CHECK(element_context("div", "head loads", "") == kNamedPromotion);  // "ads" in "loads"
  CHECK(element_context("div", "x", "y") == 0);
  CHECK(element_context("footer", "copyright", "site-header") == (kInFooter | kNamedFooter | kNamedHeader));
  // a word at the very end, and one cut by the 256-byte limit
  CHECK(element_context("div", "zzzz tags", "") == kNamedMeta);
  CHECK(element_context("div", std::string(254, 'z') + "tags", "") == 0);
  // words sharing their first letters, and look-alikes the index cannot tell from them
  CHECK(element_context("div", "recommendations", "") == kNamedRelated);
  CHECK(element_context("div", "respond-form", "") == kNamedComment);
  CHECK(element_context("div", "0ost 3hare", "") == 0);  // '0' and 'p', '3' and 's' share five bits
  // bytes of other scripts are skipped, not misread
  CHECK(element_context("div", "\xC3\xA9l\xC3\xA9ment-share", "") == kNamedShare);
}

TEST_CASE("element context: tag and named parts add up to element_context", "[element_context]") {
  for (const std::string_view tag : {"nav", "a", "h6", "figcaption", "noscript", "div", "span", "custom-element", ""})
    for (const std::string_view value : {"", "comment-list sidebar", "mainContent", "x"})
      CHECK(element_context(tag, value, "site-header") ==
            (tag_context(tag) | named_context(value) | named_context("site-header")));
  CHECK(tag_context("figure") == kInFigure);
  CHECK(tag_context("figures") == 0);
}

TEST_CASE("element context: the cache gives named_context of each value, seen or not", "[element_context]") {
  NamedContextCache cache;
  const auto bits = [&](std::string_view value) { return cache.bits(value, quick_hash(value)); };
  CHECK(bits("") == 0);
  CHECK(bits("comment-list") == kNamedComment);
  CHECK(bits("comment-list") == kNamedComment);  // a hit
  CHECK(bits("sidebar") == kNamedSidebar);
  // more values than the cache keeps: the ones past its bound are computed each time
  for (int i = 0; i < 3000; ++i) {
    const std::string value = "widget-" + std::to_string(i);
    CHECK(bits(value) == kNamedSidebar);
    CHECK(bits(value) == kNamedSidebar);
  }
  CHECK(bits("comment-list") == kNamedComment);
  CHECK(bits("nothing") == 0);
}
