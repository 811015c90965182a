#pragma once
// What the elements around a paragraph say about it: the sectioning and layout elements it
// sits in (nav, header, footer, list, table, form, ...) and the words sites use in class and
// id attributes for their parts (Readability's signal: "comment", "sidebar", "share" against
// "article", "content", "post"). Each open element adds its bits to its parent's, so a
// paragraph's context is the union over its ancestors.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pith {

enum ContextBit : std::uint32_t {
  kInList = 1u << 0,        // ul, ol, dl, menu
  kInTable = 1u << 1,       // table
  kInForm = 1u << 2,        // form, button, select, label, input, textarea
  kInNav = 1u << 3,         // nav
  kInHeader = 1u << 4,      // header
  kInFooter = 1u << 5,      // footer
  kInAside = 1u << 6,       // aside
  kInArticle = 1u << 7,     // article
  kInMain = 1u << 8,        // main
  kInAnchor = 1u << 9,      // a (any)
  kInHeading = 1u << 10,    // h1..h6
  kInBlockquote = 1u << 11, // blockquote, pre
  kInFigure = 1u << 12,     // figure, figcaption
  kInNoscript = 1u << 13,   // noscript (parsed as markup, as forum software relies on)
  // hidden attribute, aria-hidden="true", inline display:none or visibility:hidden: marked, not
  // dropped, as most such text is shown by a click or a script (tabs, accordions, "read more",
  // streamed parts) and the datasets' gold text holds it (set by the segmenter, not by a tag)
  kHiddenByMarkup = 1u << 14,
  // class/id words, lower-cased substrings
  kNamedContent = 1u << 16,     // article, content, entry, main, post, story, text, body, blog
  kNamedComment = 1u << 17,     // comment, reply, review, discuss, respond
  kNamedNavigation = 1u << 18,  // nav, menu, breadcrumb, pagination, pager
  kNamedFooter = 1u << 19,      // footer, copyright, legal
  kNamedHeader = 1u << 20,      // header, masthead, topbar, banner
  kNamedSidebar = 1u << 21,     // sidebar, widget, aside, rail
  kNamedShare = 1u << 22,       // share, social, facebook, twitter
  kNamedRelated = 1u << 23,     // related, recommend, more-, popular, trending, teaser
  kNamedPromotion = 1u << 24,   // ad-, ads, advert, sponsor, promo, newsletter, subscribe, cookie
  kNamedMeta = 1u << 25,        // meta, byline, author, date, tags, caption
};

// The bits an element adds for itself: its tag name (lower case) and its class and id values.
// The same as tag_context(tag) | named_context(class_value) | named_context(id_value).
std::uint32_t element_context(std::string_view tag, std::string_view class_value, std::string_view id_value);

// The bits of a tag name (lower case) alone; `hash` is html_name_hash(tag)
// (features/html_tags.h), which the segmenter has already.
std::uint32_t tag_context(std::string_view tag, std::uint64_t hash);
std::uint32_t tag_context(std::string_view tag);

// The bits of the words in one class or id value.
std::uint32_t named_context(std::string_view value);

// named_context of the values a page has used before, by value: a page writes a few class
// values on most of its elements, and the substring search is the costly part of a start tag.
// One per page (or per segmenter); bounded, so a page of a million distinct values costs
// what it costs without the cache.
class NamedContextCache {
 public:
  // `hash` is quick_hash(value) (features/quick_hash.h).
  std::uint32_t bits(std::string_view value, std::uint64_t hash);

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0, length = 0;  // the value in text_; length 0: a free slot
    std::uint32_t bits = 0;
  };
  static constexpr std::size_t kSlots = 1024;             // a power of two
  static constexpr std::size_t kMaxEntries = kSlots / 2;  // probes stay short
  static constexpr std::size_t kMaxTextBytes = 64 * 1024;
  std::vector<Slot> slots_;  // allocated at the first value: most pages' first tags have none
  std::string text_;
  std::size_t entries_ = 0;
};

}  // namespace pith
