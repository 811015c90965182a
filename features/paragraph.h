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
};

struct Document {
  std::string source;  // file name or record id, for messages and output
  PageKind kind = PageKind::html;
  std::string title;   // <title>, when the page has one
  std::vector<Paragraph> paragraphs;
};

}  // namespace pith
