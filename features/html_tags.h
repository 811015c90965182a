#pragma once
// What pith knows about HTML element names, in one table: which elements start and end a
// paragraph, which hold no text, which may sit in <head>. The segmenter and every other
// listener on the event parser (visible text, annotation readers) ask it, so they agree on
// where blocks are. Looked up by hash: the parser's callbacks run once per tag of millions of
// pages, so no allocation and no chain of string compares per event.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "features/fnv1a.h"
#include "features/html_tokenizer.h"

namespace pith {

// Flags of an element name; an element the table does not name has none (plain inline).
namespace html_tag {
inline constexpr std::uint8_t kBlock = 1;     // starts and ends a paragraph
inline constexpr std::uint8_t kSkip = 2;      // content is never text (script, style, ...)
inline constexpr std::uint8_t kAnchor = 4;    // <a>; a link only with an href
inline constexpr std::uint8_t kBreak = 8;     // <br>
inline constexpr std::uint8_t kTitle = 16;    // <title>
inline constexpr std::uint8_t kHead = 32;     // <head>: its text is not a paragraph
inline constexpr std::uint8_t kInHead = 64;   // may sit in <head>; any other element ends it
// <noscript>: also kSkip, as listeners that want what a reader with scripts sees (visible text
// of gold pages) drop it; the segmenter keeps its content, marked (forum threads sit there).
inline constexpr std::uint8_t kNoscript = 128;
}  // namespace html_tag

// How the HTML standard's tree builder treats an element, for the parser seam's element stack
// (features/html_event_parser.cpp), which follows the standard.
namespace html_tree {
// The standard's "special" elements: an end tag of an ordinary element (span, a custom element)
// that meets one of them while looking for its element is ignored; a <li> start looks for an
// open <li> only up to one (but address, div, p).
inline constexpr std::uint8_t kSpecial = 1;
// a, b, font, ...: their end tag never closes a block opened inside them (the standard's
// adoption agency keeps the block and takes the formatting element out).
inline constexpr std::uint8_t kFormatting = 2;
// Where the standard's "has an element in scope" stops looking (html, table, td, th, caption,
// ...); head, body and title too, whose starts and ends the parser seam manages itself.
inline constexpr std::uint8_t kScopeBoundary = 4;
// Its start tag closes an open <p> (the standard: "close a p element" if one is in button scope).
inline constexpr std::uint8_t kClosesParagraph = 8;
inline constexpr std::uint8_t kHeading = 16;  // h1..h6: an end tag of any heading closes any
// A void element (br, img, meta, ...): its start is its end, and an end tag never closes it.
inline constexpr std::uint8_t kVoid = 32;
}  // namespace html_tree

struct HtmlTag {
  std::string_view name;
  std::uint8_t flags = 0;  // html_tag
  std::uint8_t tree = 0;   // html_tree
  HtmlTextModel text_model = HtmlTextModel::data;  // how the tokenizer reads its content
};

// FNV-1a of a (lower-case) element name; callers keep it to match end tags cheaply.
constexpr std::uint64_t html_name_hash(std::string_view name) { return fnv1a::hash(name); }

// The elements pith treats specially, in an open-addressing hash table.
class HtmlTagTable {
 public:
  static const HtmlTagTable& instance();

  // Index of the element's entry, or -1 for a name the table does not hold.
  int find(std::string_view name, std::uint64_t hash) const {
    for (std::size_t slot = hash & kMask; slots_[slot] >= 0; slot = (slot + 1) & kMask)
      if (tags_[static_cast<std::size_t>(slots_[slot])].name == name) return slots_[slot];
    return -1;
  }
  int find(std::string_view name) const { return find(name, html_name_hash(name)); }
  const HtmlTag& operator[](int index) const { return tags_[static_cast<std::size_t>(index)]; }

  std::uint8_t flags(std::string_view name, std::uint64_t hash) const {
    const int index = find(name, hash);
    return index >= 0 ? tags_[static_cast<std::size_t>(index)].flags : 0;
  }
  std::uint8_t tree(std::string_view name, std::uint64_t hash) const {
    const int index = find(name, hash);
    return index >= 0 ? tags_[static_cast<std::size_t>(index)].tree : 0;
  }

 private:
  static constexpr std::size_t kMask = 255;  // mostly empty slots: about 110 names are held

  HtmlTagTable();
  void add(std::string_view name, std::uint8_t flags, std::uint8_t tree = 0);
  void add_all(std::string_view names, std::uint8_t flags, std::uint8_t tree = 0);
  void set_text_model(std::string_view names, HtmlTextModel model);

  std::array<std::int16_t, kMask + 1> slots_;
  std::array<HtmlTag, kMask + 1> tags_;
  std::size_t count_ = 0;
};

// Flags of `name` (lower case), 0 for an element the table does not name.
inline std::uint8_t html_tag_flags(std::string_view name) {
  return HtmlTagTable::instance().flags(name, html_name_hash(name));
}

// Whether `name` (lower case) starts and ends a paragraph, as pith's segmenter sees it.
inline bool is_block_element(std::string_view name) { return (html_tag_flags(name) & html_tag::kBlock) != 0; }

}  // namespace pith
