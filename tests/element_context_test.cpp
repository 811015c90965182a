#include "features/element_context.h"

#include <catch2/catch.hpp>

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
  // bytes of other scripts are skipped, not misread
  CHECK(element_context("div", "\xC3\xA9l\xC3\xA9ment-share", "") == kNamedShare);
}
