#pragma once
// What segmentation produces and every later stage reads: a page as a list of paragraphs.
// A Paragraph is a plain record of numbers: its text is a span of the Document's one text
// buffer, its tag an id in the tag table, its tag path, class/id words and heading ids in the
// Document's table of strings. A page of a million paragraphs then holds no string per
// paragraph, and features compare ids where they compared strings (issue 17).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "features/page_kind.h"

namespace pith {

// Index of an element name in the tag table (features/html_tags.h); kNoTag: none (plain text).
using TagId = std::int16_t;
inline constexpr TagId kNoTag = -1;
// The id of a (lower-case) element name, kNoTag for a name the tag table does not hold.
TagId tag_id(std::string_view name);
// The name of `tag`, "" for kNoTag.
std::string_view tag_name(TagId tag);

// Id of a string in a Document's string table; 0 is always the empty string.
using StringId = std::uint32_t;
inline constexpr StringId kEmptyString = 0;

// One page's distinct strings, each held once: tag paths, class/id words and headings repeat
// from paragraph to paragraph, so a page holds as many as it has contexts, not paragraphs.
class StringTable {
 public:
  StringTable();
  // The id of `text`, added when new.
  StringId intern(std::string_view text);
  std::string_view operator[](StringId id) const {
    return std::string_view(bytes_).substr(begins_[id], begins_[id + 1] - begins_[id]);
  }
  std::size_t size() const { return begins_.size() - 1; }

 private:
  void grow_slots();
  std::string bytes_;                  // the strings, one after the other
  std::vector<std::size_t> begins_;    // string i is bytes_[begins_[i], begins_[i + 1])
  std::vector<std::uint64_t> hashes_;  // per string
  std::vector<StringId> slots_;        // open addressing by hash; ~0: empty
};

struct Paragraph {
  // The text: bytes [text_begin, text_begin + text_size) of Document::text_buffer(); read it
  // with Document::text. UTF-8, runs of white space collapsed to one space; a single line
  // break inside the paragraph (<br>, or one newline in a plain-text page) is kept as '\n'.
  // Sizes and counts within one paragraph are 32 bits wide (less than 4 GiB of text).
  std::size_t text_begin = 0;
  std::size_t byte_offset = 0;    // where the paragraph's first text starts in the page
  std::uint32_t text_size = 0;
  std::uint32_t link_chars = 0;   // bytes of the text that sat inside <a href=...>
  std::uint32_t links = 0;        // <a href> elements the paragraph's text touches
  int depth = 0;                  // open elements around the text when the paragraph ended
  // ContextBit flags (features/element_context.h) of the elements around the paragraph's
  // first text: sectioning and layout elements, and words in their class and id values.
  std::uint32_t context = 0;
  // The nearest block element holding the text ("p", "li", "h2", "td", "div", ...); "body"
  // for loose text; kNoTag for plain-text pages, which have no markup.
  TagId tag = kNoTag;
  // Ids in Document::strings (read them with Document::tag_path, class_id_words, heading):
  // Tag names (lower case) of the open elements from <html> down to the paragraph's first
  // text, separated by single spaces: "html body div article p". Empty for plain text. On
  // pages nested deeper than 512 bytes of names, only the nearest 512 bytes are kept.
  StringId tag_path = kEmptyString;
  // Words of the class and id values of those elements, lower-cased and split at spaces,
  // '-', '_', digits and camelCase ("commentList" -> "comment list"), nearest element first,
  // each word once, at most 32 words, separated by single spaces. Single letters are dropped.
  StringId class_id_words = kEmptyString;
  // Text of the nearest heading (h1..h6) before the paragraph, not counting the paragraph
  // itself; empty when none. At most 256 bytes.
  StringId heading = kEmptyString;
  // Web2Text's ancestor features. Parent: the nearest block element holding the paragraph;
  // grandparent: the nearest block element holding the parent; the page stands in for a
  // missing one. Link density is the share of the element's text inside links; text share is
  // the element's text over the page's (bytes of paragraph text, set when the page has ended).
  float parent_link_density = 0, parent_text_share = 0;
  float grandparent_link_density = 0, grandparent_text_share = 0;
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
  StringTable strings;  // tag paths, class/id words and headings of the paragraphs

  // A new last paragraph holding `text` (appended to the text buffer), everything else unset.
  Paragraph& add_paragraph(std::string_view text);
  // Appends `more` to the text of the last paragraph.
  void extend_last_paragraph(std::string_view more);

  std::string_view text(const Paragraph& paragraph) const {
    return std::string_view(text_).substr(paragraph.text_begin, paragraph.text_size);
  }
  std::string_view text(std::size_t index) const { return text(paragraphs[index]); }
  std::string_view tag(const Paragraph& paragraph) const { return tag_name(paragraph.tag); }
  std::string_view tag_path(const Paragraph& paragraph) const { return strings[paragraph.tag_path]; }
  std::string_view class_id_words(const Paragraph& paragraph) const { return strings[paragraph.class_id_words]; }
  std::string_view heading(const Paragraph& paragraph) const { return strings[paragraph.heading]; }
  // Every paragraph's text, one after the other.
  const std::string& text_buffer() const { return text_; }

 private:
  std::string text_;
};

}  // namespace pith
