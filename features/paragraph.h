#pragma once
// What segmentation produces and every later stage reads: a page as a list of paragraphs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pith {

enum class PageKind { html, text };

struct Paragraph {
  // UTF-8, runs of white space collapsed to one space; a single line break inside the
  // paragraph (<br>, or one newline in a plain-text page) is kept as '\n'.
  std::string text;
  // Lower-case name of the nearest block element holding the text ("p", "li", "h2", "td",
  // "div", ...); "body" for loose text; empty for plain-text pages, which have no markup.
  std::string tag;
  int depth = 0;                  // open elements around the text when the paragraph ended
  std::size_t link_chars = 0;     // bytes of `text` that sat inside <a href=...>
  std::size_t byte_offset = 0;    // where the paragraph's first text starts in the page
  // ContextBit flags (features/element_context.h) of the elements around the paragraph's
  // first text: sectioning and layout elements, and words in their class and id values.
  std::uint32_t context = 0;
  // Tag names (lower case) of the open elements from <html> down to the paragraph's first
  // text, separated by single spaces: "html body div article p". Empty for plain text. On
  // pages nested deeper than 512 bytes of names, only the nearest 512 bytes are kept.
  std::string tag_path;
  // Words of the class and id values of those elements, lower-cased and split at spaces,
  // '-', '_', digits and camelCase ("commentList" -> "comment list"), nearest element first,
  // each word once, at most 32 words, separated by single spaces. Single letters are dropped.
  std::string class_id_words;
  std::size_t links = 0;          // <a href> elements the paragraph's text touches
  // Web2Text's ancestor features. Parent: the nearest block element holding the paragraph;
  // grandparent: the nearest block element holding the parent; the page stands in for a
  // missing one. Link density is the share of the element's text inside links; text share is
  // the element's text over the page's (bytes of paragraph text, set when the page has ended).
  float parent_link_density = 0, parent_text_share = 0;
  float grandparent_link_density = 0, grandparent_text_share = 0;
  // Text of the nearest heading (h1..h6) before the paragraph, not counting the paragraph
  // itself; empty when none. At most 256 bytes.
  std::string heading;
  // Comment threads and listings repeat one structure: the largest number of siblings that
  // share the tag and class attribute of the paragraph's element (the block of `tag`) or any
  // of its ancestors (1: no repeat; 0: plain text, which has no elements).
  std::uint32_t repeated_siblings = 0;
  // <tr> start tags before the paragraph's first text (0: none): the cells of one table row
  // share it, which is how Markdown output puts them on one line.
  std::uint32_t table_row = 0;
};

struct Document {
  std::string source;  // file name or record id, for messages and output
  PageKind kind = PageKind::html;
  std::string title;   // <title>, when the page has one
  std::vector<Paragraph> paragraphs;
};

}  // namespace pith
