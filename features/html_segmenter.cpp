#include "features/html_segmenter.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "features/class_id_chain_cache.h"
#include "features/element_context.h"
#include "features/fnv1a.h"
#include "features/html_event_parser.h"
#include "features/html_tags.h"
#include "features/quick_hash.h"
#include "features/unicode.h"
#include "features/utf8.h"

namespace pith {
namespace {

using namespace html_tag;

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (ascii_lower(text[i]) != lower[i]) return false;
  return true;
}

std::string_view trim_css_space(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Whether an inline style hides the element and its content: display:none or
// visibility:hidden (or collapse), in any case and spacing, "!important" or not; as in CSS,
// the last declaration of a property wins. (A descendant's visibility:visible, which CSS
// would show again, is not looked for: pages hardly do it.)
bool style_hides(std::string_view style) {
  bool display_none = false, visibility_hidden = false;
  while (!style.empty()) {
    const std::size_t semicolon = style.find(';');
    const std::string_view declaration = style.substr(0, semicolon);
    style.remove_prefix(semicolon == std::string_view::npos ? style.size() : semicolon + 1);
    const std::size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view property = trim_css_space(declaration.substr(0, colon));
    std::string_view value = declaration.substr(colon + 1);
    value = trim_css_space(value.substr(0, value.find('!')));
    if (equals_ignoring_case(property, "display"))
      display_none = equals_ignoring_case(value, "none");
    else if (equals_ignoring_case(property, "visibility"))
      visibility_hidden = equals_ignoring_case(value, "hidden") || equals_ignoring_case(value, "collapse");
  }
  return display_none || visibility_hidden;
}

// The attributes the segmenter reads, found in one pass over a start tag's (the first of each
// name counts, as for HtmlAttributes::get).
struct SegmenterAttributes {
  std::string_view class_value, id_value, hidden, aria_hidden, style;
  bool has_href = false, has_hidden = false;

  explicit SegmenterAttributes(const HtmlAttributes& attributes) {
    unsigned seen = 0;
    const auto take = [&](unsigned bit, std::string_view& into, const HtmlAttribute& attribute) {
      if (seen & bit) return;
      seen |= bit;
      into = attribute.value;
    };
    attributes.for_each([&](const HtmlAttribute& attribute) {
      const std::string_view name = attribute.name;
      if (name == "class") take(1, class_value, attribute);
      else if (name == "id") take(2, id_value, attribute);
      else if (name == "href") has_href = true;
      else if (name == "hidden") {
        take(4, hidden, attribute);
        has_hidden = true;
      } else if (name == "aria-hidden") take(8, aria_hidden, attribute);
      else if (name == "style") take(16, style, attribute);
    });
  }
};

// Whether markup hides the element's content until a click or a script shows it: the `hidden`
// attribute (but hidden="until-found", which the browser's find and fragment links open, and
// React's streamed parts), aria-hidden="true", or an inline style that hides it. <html> and
// <body> are exempt: pages hide them until a script has run, and the reader sees the page then.
bool attributes_hide(const SegmenterAttributes& attributes) {
  // React's streamed server rendering sends late parts of the page as <div hidden id="S:n">,
  // which its inline script moves into place: the reader sees them.
  if (attributes.has_hidden && !equals_ignoring_case(trim_css_space(attributes.hidden), "until-found") &&
      !attributes.id_value.starts_with("S:"))
    return true;
  if (equals_ignoring_case(trim_css_space(attributes.aria_hidden), "true")) return true;
  return !attributes.style.empty() && style_hides(attributes.style);
}

// Parser events to paragraphs, with pith's own element stack.
class HtmlSegmenter : public HtmlEventHandler {
 public:
  // `input_size`: bytes of the page, which paragraph offsets stay inside.
  HtmlSegmenter(Document& document, std::size_t input_size, ClassIdChainCache& chain_cache)
      : document_(document),
        tags_(HtmlTagTable::instance()),
        body_tag_(tag_id("body")),
        input_size_(input_size),
        chain_cache_(chain_cache) {
    stack_.reserve(64);
    text_.reserve(1024);
  }

  void start_element(std::string_view name, const HtmlAttributes& html_attributes) override {
    const std::uint64_t hash = html_name_hash(name);
    const int tag = tags_.find(name, hash);
    const SegmenterAttributes attributes(html_attributes);
    std::uint8_t flags = tag >= 0 ? tags_[tag].flags : 0;
    // <noscript> is parsed as markup and kept, its paragraphs marked kInNoscript: forum
    // software puts whole threads there. Other listeners (visible text) still skip it.
    if (flags & kNoscript) flags &= static_cast<std::uint8_t>(~kSkip);
    if ((flags & kAnchor) && !attributes.has_href) flags = 0;
    if (skip_depth_ == 0) {
      if (flags & kBlock) finish_paragraph();
      if (flags & kBreak) line_break();
      if (name == "tr") ++table_rows_;
    }
    // Past the limit elements are only counted, so that their end events still match.
    if (stack_.size() >= kMaxDepth) {
      ++overflow_;
      return;
    }
    const std::int32_t innermost_block = (flags & kBlock) ? static_cast<std::int32_t>(stack_.size())
                                         : stack_.empty() ? -1
                                                          : stack_.back().innermost_block;
    const std::string_view class_value = attributes.class_value, id_value = attributes.id_value;
    // only compared and cached by (never a feature): the quick hash, not FNV-1a's byte a step
    const std::uint64_t class_hash = quick_hash(class_value);
    // the same bits as element_context(name, class_value, id_value); ids are mostly unique, so
    // only class values go through the cache
    std::uint32_t context = (stack_.empty() ? 0u : stack_.back().context) | tag_bits(tag, name, hash) |
                            class_context_.bits(class_value, class_hash) | named_context(id_value);
    // Text hidden by markup is kept and marked (kHiddenByMarkup), not dropped: on WCXB and
    // Google-Trends-2017 most of it is content a click or a script shows, and gold text holds it.
    // Inside a skipped subtree nothing is text anyway: attributes are only read outside one.
    if (skip_depth_ == 0 && !(context & kHiddenByMarkup) && name != "html" && name != "body" &&
        attributes_hide(attributes))
      context |= kHiddenByMarkup;
    OpenElement element{hash, innermost_block, static_cast<std::int16_t>(tag), flags, context};
    open_structure(element, name, class_value, class_hash, id_value);
    stack_.push_back(element);
    if (flags & kSkip) ++skip_depth_;
    if (flags & kAnchor) ++link_depth_;
    if (flags & kHead) ++head_depth_;
    if (flags & kTitle) ++title_depth_;
  }

  void end_element(std::string_view name) override {
    const std::uint64_t hash = html_name_hash(name);
    if (overflow_ > 0) {
      --overflow_;
      const int tag = tags_.find(name, hash);
      if (tag >= 0 && (tags_[tag].flags & kBlock) && skip_depth_ == 0) finish_paragraph();
      return;
    }
    // The parser closes what it auto-closes with end events of its own, so the match is
    // normally on top; an end for an element that is not open is ignored.
    for (std::size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i].hash != hash) continue;
      while (stack_.size() > i) close_top();
      return;
    }
  }

  void text(std::string_view chunk, std::size_t byte_offset) override {
    if (skip_depth_ > 0 || chunk.empty()) return;
    if (title_depth_ > 0) {
      if (!title_done_) append_title(chunk);
      return;
    }
    if (head_depth_ > 0) return;
    const bool in_link = link_depth_ > 0;
    const std::size_t text_before = text_.size(), link_before = link_bytes_;
    std::size_t i = 0;
    while (i < chunk.size()) {
      const std::size_t space = space_length(chunk, i);
      if (space > 0) {
        pending_space_ = true;
        i += space;
        continue;
      }
      if (text_.empty()) {
        // `i` counts bytes of the decoded chunk, `byte_offset` bytes of the input: the same
        // unit unless the page was transcoded, where the parser's offsets are proportional and
        // white space that grew in decoding (windows-1252 0xA0 is two bytes of UTF-8) could put
        // the sum past the page's end (fuzzer input "\xA0\xA0" "2"). Keep it inside the page.
        begin_paragraph(std::min(byte_offset + i, input_size_ - 1));
      } else if (pending_breaks_ > 0 || pending_space_) {
        text_ += pending_breaks_ > 0 ? '\n' : ' ';
        if (in_link && last_was_link_) ++link_bytes_;
      }
      pending_space_ = false;
      pending_breaks_ = 0;
      const std::size_t before = text_.size();
      // words with single spaces between them go in one append: the same text, and the same
      // link bytes (inside a link every space after the first word is one)
      i = append_words(chunk, i);
      if (in_link) {
        link_bytes_ += text_.size() - before;
        count_link();
      }
      last_was_link_ = in_link;
    }
    // The text belongs to the innermost open element; its ancestors get it when it closes.
    const std::size_t added = text_.size() - text_before, added_links = link_bytes_ - link_before;
    page_text_bytes_ += added;
    page_link_bytes_ += added_links;
    if (!stack_.empty()) {
      stack_.back().text_bytes += added;
      stack_.back().link_bytes += added_links;
    }
  }

  void finish_paragraph() {
    pending_space_ = false;
    pending_breaks_ = 0;
    last_was_link_ = false;
    if (text_.empty()) return;
    Paragraph& paragraph =
        is_valid_utf8(text_) ? document_.add_paragraph(text_) : document_.add_paragraph(to_valid_utf8(text_));
    paragraph.tag = paragraph_tag_ >= 0 ? static_cast<TagId>(paragraph_tag_) : body_tag_;
    paragraph.depth = paragraph_depth_;
    paragraph.context = paragraph_context_;
    paragraph.link_chars = static_cast<std::uint32_t>(std::min<std::size_t>(link_bytes_, paragraph.text_size));
    paragraph.byte_offset = paragraph_offset_;
    paragraph.tag_path = paragraph_tag_path_;
    paragraph.class_id_words = paragraph_words_;
    paragraph.links = static_cast<std::uint32_t>(paragraph_links_);
    paragraph.heading = heading_;
    paragraph.table_row = table_rows_;
    if (paragraph_context_ & kInHeading) set_heading(document_.text(paragraph));
    wait_for_ancestors(document_.paragraphs.size() - 1);
    text_.clear();
    link_bytes_ = 0;
    paragraph_links_ = 0;
    paragraph_link_ = 0;
  }

  // Fills what is known only when the page has ended: the ancestor shares and the repeated
  // siblings. Closes what the parser left open (it should leave nothing).
  void finish_page() {
    while (!stack_.empty()) close_top();
    finish_paragraph();
    count_repeats(0);
    // Pre-order: an element's record comes after its parent's, so one forward sweep gives each
    // element the largest repeat count on its path from the root.
    for (Record& record : records_)
      if (record.parent >= 0) record.repeats = std::max(record.repeats, records_[record.parent].repeats);
    const TextBytes page{page_text_bytes_, page_link_bytes_};
    const double page_text = static_cast<double>(page_text_bytes_);
    const auto share = [&](std::size_t bytes) { return page_text > 0 ? float(double(bytes) / page_text) : 0.0f; };
    const auto density = [](std::size_t links, std::size_t text) {
      return text > 0 ? float(std::min(1.0, double(links) / double(text))) : 0.0f;
    };
    for (std::size_t p = 0; p < document_.paragraphs.size(); ++p) {
      Paragraph& paragraph = document_.paragraphs[p];
      const Ancestry& ancestry = ancestry_[p];
      // Text outside any block element has the page itself as its parent (Web2Text's root).
      const TextBytes& parent = ancestry.parent.known() ? ancestry.parent : page;
      const TextBytes& grandparent = ancestry.grandparent.known() ? ancestry.grandparent : page;
      paragraph.parent_link_density = density(parent.link_bytes, parent.text_bytes);
      paragraph.parent_text_share = share(parent.text_bytes);
      paragraph.grandparent_link_density = density(grandparent.link_bytes, grandparent.text_bytes);
      paragraph.grandparent_text_share = share(grandparent.text_bytes);
      paragraph.repeated_siblings = ancestry.record >= 0 ? records_[ancestry.record].repeats : 1;
    }
  }

  void finish_title() {
    if (!title_.empty() && title_.back() == ' ') title_.pop_back();
    document_.title = is_valid_utf8(title_) ? title_ : to_valid_utf8(title_);
  }

 private:
  static constexpr std::uint32_t kNoChain = ~std::uint32_t{0};
  struct OpenElement {
    std::uint64_t hash;
    std::int32_t innermost_block;  // index in the stack of the nearest block at or below, -1: none
    std::int16_t tag;              // index in the tag table, -1: not in it
    std::uint8_t flags;
    std::uint32_t context;         // ContextBits of this element and its ancestors
    std::int32_t record = -1;      // index in records_
    std::uint32_t link = 0;        // serial of the innermost <a href> at or around it, 0: none
    std::int32_t named = -1;       // index in the stack of the nearest element at or below with class/id words
    // Its class and id values, as written (split into words only when a chain needs them):
    // class_id_values_[values_begin, values_end).
    std::uint32_t values_begin = 0, values_end = 0;
    // The words of its whole chain, what a paragraph whose first text sits here gets:
    // chain_words_[chain_begin, chain_end), chain_text_[chain_text_begin, chain_text_end).
    // Built when a paragraph first needs them; kNoChain: not yet.
    std::uint32_t chain_begin = kNoChain, chain_end = 0, chain_text_begin = 0, chain_text_end = 0;
    StringId chain_id = kEmptyString;  // the chain's words as one string, in document_.strings
    std::size_t path_length = 0;   // tag_path_'s length before this element's name
    // tag_path_ (cut to kMaxTagPathBytes) while this element is the innermost open one, in
    // document_.strings: interned once per element, not once per paragraph. kNoChain: not yet.
    StringId path_id = kNoChain;
    std::size_t children_begin = 0;  // its children's signatures start here in siblings_
    // Text inside the element so far (its descendants' is added when they close), in bytes.
    std::size_t text_bytes = 0, link_bytes = 0;
    // Paragraphs whose parent (grandparent) this element is: heads of lists through ancestry_.
    std::int32_t parent_waiters = -1, grandparent_waiters = -1;
  };
  // One per element of the page, in document order, for the repeated-sibling counts.
  struct Record {
    std::int32_t parent;     // index in records_, -1 for a root
    std::uint32_t repeats;   // siblings sharing its (tag, class); after finish_page, the path's largest
  };
  // A class/id word: where its text sits in its arena (split_text_ or chain_text_), and its hash,
  // which is what duplicates are found by.
  struct Word {
    std::uint32_t offset, length;
    std::uint64_t hash;
  };
  struct Sibling {
    std::uint64_t signature;  // hash of the tag and the class value
    std::int32_t record;
  };
  // Unknown until the element closes: no flag of its own, so that Ancestry, one a paragraph,
  // stays 48 bytes (issue 18).
  struct TextBytes {
    static constexpr std::size_t kUnknown = ~std::size_t{0};
    std::size_t text_bytes = kUnknown, link_bytes = 0;
    bool known() const { return text_bytes != kUnknown; }
  };
  // Per paragraph, what the segmenter learns about its ancestors after the paragraph ended.
  struct Ancestry {
    TextBytes parent, grandparent;
    std::int32_t next_parent_waiter = -1, next_grandparent_waiter = -1;
    std::int32_t record = -1;  // the element whose path gives repeated_siblings
  };
  static constexpr std::size_t kMaxDepth = 10000;
  // Bounds that keep hostile pages (thousands of nested or classed elements) cheap.
  static constexpr std::size_t kMaxClassIdWords = 32;
  static constexpr std::size_t kMaxAttributeBytes = 256;
  static constexpr std::size_t kMaxTagPathBytes = 512;
  static constexpr std::size_t kMaxHeadingBytes = 256;

  // tag_context of an element, by its index in the tag table where it has one: looked up once
  // per name and page, not probed and compared at every start tag.
  std::uint32_t tag_bits(int tag, std::string_view name, std::uint64_t hash) {
    if (tag < 0) return tag_context(name, hash);
    std::uint32_t& bits = tag_bits_[static_cast<std::size_t>(tag)];
    if (bits == kUnknownTagBits) bits = tag_context(name, hash);
    return bits;
  }

  // Structure bookkeeping of an element about to be pushed: its record, its signature among
  // its parent's children, its name in the tag path, its class/id words, its link serial.
  void open_structure(OpenElement& element, std::string_view name, std::string_view class_value,
                      std::uint64_t class_hash, std::string_view id_value) {
    const OpenElement* parent = stack_.empty() ? nullptr : &stack_.back();
    element.record = static_cast<std::int32_t>(records_.size());
    records_.push_back({parent ? parent->record : -1, 1});
    const std::uint64_t signature = element.hash ^ (class_hash * 0x9E3779B97F4A7C15ULL);
    siblings_.push_back({signature, element.record});
    element.children_begin = siblings_.size();
    element.path_length = tag_path_.size();
    if (!tag_path_.empty()) tag_path_ += ' ';
    tag_path_ += name;
    // Copied, not split: most classed elements never hold a paragraph's first text or an
    // ancestor of one, so splitting waits for build_chain.
    element.values_begin = element.values_end = static_cast<std::uint32_t>(class_id_values_.size());
    if (skip_depth_ == 0 && (!class_value.empty() || !id_value.empty())) {
      class_id_values_ += class_value.substr(0, std::min(class_value.size(), kMaxAttributeBytes));
      class_id_values_ += ' ';
      class_id_values_ += id_value.substr(0, std::min(id_value.size(), kMaxAttributeBytes));
      element.values_end = static_cast<std::uint32_t>(class_id_values_.size());
    }
    element.named = element.values_end > element.values_begin ? static_cast<std::int32_t>(stack_.size())
                    : parent                                   ? parent->named
                                                               : -1;
    element.link = (element.flags & kAnchor) ? ++link_serial_ : parent ? parent->link : 0;
  }

  // Appends the words of class and id values to split_words_ and split_text_:
  // split at everything but letters (spaces, '-', '_', digits, ...) and at camelCase
  // ("commentList" -> comment list, "HTMLParser" -> html parser), lower-cased. Single letters
  // (the "x" of "col-x-4") say nothing and are dropped; bytes of other scripts are letters.
  void append_class_id_words(std::string_view value) {
    const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    const auto is_lower = [](char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; };
    std::size_t start = 0;
    const auto end_word = [&](std::size_t end) {
      if (end >= start + 2) {
        const std::size_t offset = split_text_.size();
        split_text_.resize(offset + (end - start));
        char* out = split_text_.data() + offset;
        std::uint64_t hash = fnv1a::kOffsetBasis;  // as html_name_hash
        for (std::size_t k = start; k < end; ++k) {
          const char c = ascii_lower(value[k]);
          *out++ = c;
          hash = fnv1a::add(hash, static_cast<unsigned char>(c));
        }
        split_words_.push_back({static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(end - start), hash});
      }
      start = end;
    };
    for (std::size_t i = 0; i < value.size(); ++i) {
      const char c = value[i];
      if (!is_upper(c) && !is_lower(c)) {
        end_word(i);
        start = i + 1;
      } else if (i > start && is_upper(c) &&
                 (is_lower(value[i - 1]) || (i + 1 < value.size() && is_upper(value[i - 1]) && is_lower(value[i + 1])))) {
        end_word(i);
      }
    }
    end_word(value.size());
  }

  // The top element ends: what it held is complete now.
  void close_top() {
    OpenElement& element = stack_.back();
    if (element.flags & kSkip) --skip_depth_;
    if (element.flags & kAnchor) --link_depth_;
    if (element.flags & kHead) --head_depth_;
    if (element.flags & kTitle) {
      // Only the first <title> names the page; later ones (inside <svg>) are not text either.
      if (--title_depth_ == 0) title_done_ = true;
    }
    if ((element.flags & kBlock) && skip_depth_ == 0) finish_paragraph();
    const TextBytes bytes{element.text_bytes, element.link_bytes};
    for (std::int32_t p = element.parent_waiters; p >= 0; p = ancestry_[p].next_parent_waiter) ancestry_[p].parent = bytes;
    for (std::int32_t p = element.grandparent_waiters; p >= 0; p = ancestry_[p].next_grandparent_waiter)
      ancestry_[p].grandparent = bytes;
    count_repeats(element.children_begin);
    tag_path_.resize(element.path_length);
    class_id_values_.resize(element.values_begin);
    if (element.chain_begin != kNoChain) {
      chain_words_.resize(element.chain_begin);
      chain_text_.resize(element.chain_text_begin);
    }
    stack_.pop_back();
    if (!stack_.empty()) {
      stack_.back().text_bytes += bytes.text_bytes;
      stack_.back().link_bytes += bytes.link_bytes;
    }
  }

  // The children of one element (siblings_ from `begin` on) are all known: each gets the
  // number of children sharing its signature. Sorting keeps it O(n log n) without a hash map.
  void count_repeats(std::size_t begin) {
    if (siblings_.size() - begin > 1) {
      std::sort(siblings_.begin() + static_cast<std::ptrdiff_t>(begin), siblings_.end(),
                [](const Sibling& a, const Sibling& b) { return a.signature < b.signature; });
      for (std::size_t run = begin; run < siblings_.size();) {
        std::size_t end = run + 1;
        while (end < siblings_.size() && siblings_[end].signature == siblings_[run].signature) ++end;
        for (std::size_t k = run; k < end; ++k) records_[siblings_[k].record].repeats = static_cast<std::uint32_t>(end - run);
        run = end;
      }
    }
    siblings_.resize(begin);
  }

  // A word of the paragraph inside the link `stack_.back().link`: one more link the paragraph
  // touches, unless the previous linked word was in the same one.
  void count_link() {
    const std::uint32_t link = stack_.empty() ? 0 : stack_.back().link;
    if (link != paragraph_link_) {
      paragraph_link_ = link;
      ++paragraph_links_;
    }
  }

  void set_heading(std::string_view text) {
    if (text.size() > kMaxHeadingBytes) {
      std::size_t end = kMaxHeadingBytes;
      while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // whole characters
      text = text.substr(0, end);
    }
    heading_ = document_.strings.intern(text);
  }

  // The paragraph just finished (index `p`) waits for its parent and grandparent blocks to
  // close, when their text is complete.
  void wait_for_ancestors(std::size_t p) {
    Ancestry& ancestry = ancestry_.emplace_back();
    ancestry.record = paragraph_record_;
    const auto index = static_cast<std::int32_t>(p);
    // The saved records guard against an element that closed without ending the paragraph.
    if (paragraph_parent_ >= 0 && std::size_t(paragraph_parent_) < stack_.size() &&
        stack_[paragraph_parent_].record == paragraph_parent_record_) {
      ancestry.next_parent_waiter = std::exchange(stack_[paragraph_parent_].parent_waiters, index);
      const std::int32_t grandparent = paragraph_parent_ > 0 ? stack_[paragraph_parent_ - 1].innermost_block : -1;
      if (grandparent >= 0)
        ancestry.next_grandparent_waiter = std::exchange(stack_[grandparent].grandparent_waiters, index);
    }
  }

  // One <br> is a line break inside the paragraph; a second in a row ends the paragraph.
  void line_break() {
    if (text_.empty()) return;
    if (++pending_breaks_ >= 2) finish_paragraph();
  }

  // Bytes of white space at `i`: ASCII space, tab, CR, LF, form feed, and U+00A0.
  static std::size_t space_length(std::string_view chunk, std::size_t i) {
    const auto c = static_cast<unsigned char>(chunk[i]);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') return 1;
    if (c == 0xC2 && i + 1 < chunk.size() && static_cast<unsigned char>(chunk[i + 1]) == 0xA0) return 2;
    return 0;
  }

  // Bytes that may start white space (space_length's): the word loop below stops only at them.
  static constexpr std::array<bool, 256> kMayStartSpace = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {' ', '\n', '\t', '\r', '\f', '\xC2'}) table[c] = true;
    return table;
  }();

  // Where the plain text from `i` ends: bytes that start no white space, and single ' 's
  // between two of them (text that needs no collapsing: it is appended as it is). Stops at
  // any other white space, at a ' ' before one or at the end, and at every 0xC2 lead byte
  // (append_words tells a no-break space from the other U+0080..U+00BF). Sixteen bytes a
  // step where SSE2 is there: word by word, this loop was most of the segmenter's text time.
  static std::size_t plain_text_end(std::string_view chunk, std::size_t i) {
    const char* const data = chunk.data();
    const std::size_t n = chunk.size();
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' '), newline = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t'),
                  cr = _mm_set1_epi8('\r'), form_feed = _mm_set1_epi8('\f'),
                  lead = _mm_set1_epi8(static_cast<char>(0xC2));
    const auto may_start_space = [&](__m128i bytes, __m128i spaces) {
      return _mm_or_si128(_mm_or_si128(spaces, _mm_cmpeq_epi8(bytes, newline)),
                          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, tab), _mm_cmpeq_epi8(bytes, cr)),
                                       _mm_or_si128(_mm_cmpeq_epi8(bytes, form_feed), _mm_cmpeq_epi8(bytes, lead))));
    };
    // 17 bytes: the 16 looked at and the one after, which tells whether a last ' ' is single
    for (; n - i >= 17; i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + 1));
      const __m128i spaces = _mm_cmpeq_epi8(bytes, space);
      const auto white = static_cast<unsigned>(_mm_movemask_epi8(may_start_space(bytes, spaces)));
      const auto single = static_cast<unsigned>(_mm_movemask_epi8(spaces));
      const auto white_next =
          static_cast<unsigned>(_mm_movemask_epi8(may_start_space(next, _mm_cmpeq_epi8(next, space))));
      const unsigned stop = (white & ~single) | (single & white_next);
      if (stop != 0) return i + static_cast<std::size_t>(__builtin_ctz(stop));
    }
#endif
    while (i < n) {
      const auto c = static_cast<unsigned char>(data[i]);
      if (!kMayStartSpace[c]) {
        ++i;
      } else if (c == ' ' && i + 1 < n && !kMayStartSpace[static_cast<unsigned char>(data[i + 1])]) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
  }

  // Appends the text at `i` (not white space) up to white space that needs collapsing (or the
  // end): words and the single spaces between them as they are. Returns where it stopped.
  std::size_t append_words(std::string_view chunk, std::size_t i) {
    const std::size_t start = i;
    for (;;) {
      i = plain_text_end(chunk, i);
      if (i == chunk.size()) break;
      if (space_length(chunk, i) == 0) {
        ++i;  // a U+0080..U+00BF lead byte, not a no-break space
        continue;
      }
      // a ' ' before a 0xC2 that starts no no-break space ("x \u00ABy"): one space between words
      if (chunk[i] == ' ' && i + 1 < chunk.size() && space_length(chunk, i + 1) == 0) {
        ++i;
        continue;
      }
      break;
    }
    text_.append(chunk.substr(start, i - start));
    return i;
  }

  // The paragraph's first text starts at input byte `offset` (the text event's offset plus
  // the white space before the word; exact unless the page was transcoded).
  void begin_paragraph(std::size_t offset) {
    paragraph_parent_ = stack_.empty() ? -1 : stack_.back().innermost_block;
    paragraph_parent_record_ = paragraph_parent_ >= 0 ? stack_[paragraph_parent_].record : -1;
    paragraph_tag_ = paragraph_parent_ >= 0 ? stack_[paragraph_parent_].tag : -1;
    paragraph_record_ = paragraph_parent_ >= 0 ? paragraph_parent_record_ : stack_.empty() ? -1 : stack_.back().record;
    paragraph_depth_ = static_cast<int>(stack_.size() + overflow_);
    paragraph_context_ = stack_.empty() ? 0u : stack_.back().context;
    paragraph_offset_ = last_offset_ = std::max(offset, last_offset_);
    paragraph_tag_path_ = stack_.empty() ? kEmptyString : top_path_id();
    collect_class_id_words();
  }

  // The id of the open elements' tag path, cached on the innermost: the path changes only when
  // an element opens or closes, and paragraphs that start in one element share it.
  StringId top_path_id() {
    StringId& id = stack_.back().path_id;
    if (id == kNoChain) {
      // the nearest kMaxTagPathBytes of the path, from an element's start
      std::string_view path = tag_path_;
      if (path.size() > kMaxTagPathBytes) {
        path.remove_prefix(path.size() - kMaxTagPathBytes);
        path.remove_prefix(std::min(path.size(), path.find(' ') + 1));
      }
      id = document_.strings.intern(path);
    }
    return id;
  }

  // The class/id words of the elements around the paragraph's first text, nearest first, each
  // once, at most kMaxClassIdWords: the chain words of the nearest element that has words.
  void collect_class_id_words() {
    const std::int32_t named = stack_.empty() ? -1 : stack_.back().named;
    if (named < 0) {
      paragraph_words_ = kEmptyString;
      return;
    }
    // Each element's chain is built once, from its own words and its nearest named ancestor's
    // chain, so a page costs O(elements * kMaxClassIdWords) however many paragraphs share them.
    pending_chains_.clear();
    for (std::int32_t k = named; k >= 0 && stack_[k].chain_begin == kNoChain; k = k > 0 ? stack_[k - 1].named : -1)
      pending_chains_.push_back(k);
    for (auto k = pending_chains_.rbegin(); k != pending_chains_.rend(); ++k) build_chain(*k);
    paragraph_words_ = stack_[named].chain_id;
  }

  // Chains are built while their element is open, after its ancestors' and before its
  // descendants', so the chain arenas pop with the stack like the others.
  void build_chain(std::int32_t k) {
    OpenElement& element = stack_[k];
    const std::int32_t above = k > 0 ? stack_[k - 1].named : -1;
    const std::size_t begin = chain_words_.size();
    // the same values under the same chain give the same chain: copied from the cache if built before
    const std::string_view values =
        std::string_view(class_id_values_).substr(element.values_begin, element.values_end - element.values_begin);
    const StringId parent_chain = above >= 0 ? stack_[above].chain_id : kEmptyString;
    const std::uint64_t key = ClassIdChainCache::key(values, parent_chain);
    if (const ClassIdChainCache::Chain* cached = chain_cache_.find(values, parent_chain, key)) {
      element.chain_text_begin = static_cast<std::uint32_t>(chain_text_.size());
      chain_text_ += chain_cache_.text(*cached);
      for (std::uint32_t i = cached->words_begin; i < cached->words_end; ++i) {
        const ClassIdChainCache::Word& word = chain_cache_.word(i);
        chain_words_.push_back({element.chain_text_begin + word.offset, word.length, word.hash});
      }
      element.chain_begin = static_cast<std::uint32_t>(begin);
      element.chain_end = static_cast<std::uint32_t>(chain_words_.size());
      element.chain_text_end = static_cast<std::uint32_t>(chain_text_.size());
      element.chain_id = cached->id;
      return;
    }
    // The own words' hashes by their top byte, 256 bits: most words not among them are told so
    // without the scan (a chain of 32 words checked against 32 own words was 1% of the time).
    std::array<std::uint64_t, 4> own_filter{};
    const auto seen = [&](std::uint64_t hash, std::size_t end) {
      const auto bit = static_cast<unsigned>(hash >> 56);
      if (((own_filter[bit >> 6] >> (bit & 63)) & 1) == 0) return false;
      for (std::size_t i = begin; i < end; ++i)
        if (chain_words_[i].hash == hash) return true;
      return false;
    };
    split_words_.clear();
    split_text_.clear();
    append_class_id_words(std::string_view(class_id_values_).substr(element.values_begin, element.values_end - element.values_begin));
    // room for every word it may take, so the runs appended from chain_text_ itself never move it
    chain_text_.reserve(chain_text_.size() + split_text_.size() + split_words_.size() +
                        (above >= 0 ? stack_[above].chain_text_end - stack_[above].chain_text_begin + 1 : 0));
    element.chain_text_begin = static_cast<std::uint32_t>(chain_text_.size());
    const auto add = [&](std::string_view text, std::uint64_t hash) {
      if (chain_words_.size() > begin) chain_text_ += ' ';
      chain_words_.push_back({static_cast<std::uint32_t>(chain_text_.size()), static_cast<std::uint32_t>(text.size()), hash});
      chain_text_ += text;
    };
    for (std::size_t i = 0; i < split_words_.size() && chain_words_.size() - begin < kMaxClassIdWords; ++i) {
      const Word word = split_words_[i];
      if (seen(word.hash, chain_words_.size())) continue;
      add(std::string_view(split_text_).substr(word.offset, word.length), word.hash);
      const auto bit = static_cast<unsigned>(word.hash >> 56);
      own_filter[bit >> 6] |= std::uint64_t{1} << (bit & 63);
    }
    // the chain above is free of duplicates already: its words are checked against the own
    // words only, and taken in runs, each copied in one go (its text holds the spaces between)
    const std::size_t own_end = chain_words_.size();
    if (above >= 0) {
      const OpenElement& chain = stack_[above];
      for (std::size_t i = chain.chain_begin; i < chain.chain_end && chain_words_.size() - begin < kMaxClassIdWords;) {
        if (seen(chain_words_[i].hash, own_end)) {
          ++i;
          continue;
        }
        const std::size_t room = kMaxClassIdWords - (chain_words_.size() - begin);
        std::size_t end = i + 1;
        while (end < chain.chain_end && end - i < room && !seen(chain_words_[end].hash, own_end)) ++end;
        append_chain_run(i, end, begin);
        i = end;
      }
    }
    element.chain_begin = static_cast<std::uint32_t>(begin);
    element.chain_end = static_cast<std::uint32_t>(chain_words_.size());
    element.chain_text_end = static_cast<std::uint32_t>(chain_text_.size());
    const std::string_view chain_text =
        std::string_view(chain_text_).substr(element.chain_text_begin, element.chain_text_end - element.chain_text_begin);
    element.chain_id = document_.strings.intern(chain_text);
    cached_words_.clear();
    for (std::size_t i = begin; i < chain_words_.size(); ++i)
      cached_words_.push_back({chain_words_[i].offset - element.chain_text_begin, chain_words_[i].length, chain_words_[i].hash});
    chain_cache_.add(values, parent_chain, key, cached_words_, chain_text, element.chain_id);
  }

  // Appends the words [first, end) of chain_words_ (consecutive words of an ancestor's chain)
  // and their text to the chain being built from `begin`. Copied by index: both sit in the
  // arenas it appends to (build_chain reserved the text's room).
  void append_chain_run(std::size_t first, std::size_t end, std::size_t begin) {
    if (chain_words_.size() > begin) chain_text_ += ' ';
    const Word head = chain_words_[first], tail = chain_words_[end - 1];
    const auto shift = static_cast<std::uint32_t>(chain_text_.size() - head.offset);
    chain_text_.append(chain_text_, head.offset, tail.offset + tail.length - head.offset);
    const std::size_t at = chain_words_.size();
    chain_words_.resize(at + (end - first));
    for (std::size_t i = 0; i < end - first; ++i) {
      Word& word = chain_words_[at + i];
      word = chain_words_[first + i];
      word.offset += shift;
    }
  }

  void append_title(std::string_view chunk) {
    for (std::size_t i = 0; i < chunk.size();) {
      const std::size_t space = space_length(chunk, i);
      if (space > 0) {
        if (!title_.empty() && title_.back() != ' ') title_ += ' ';
        i += space;
      } else {
        title_ += chunk[i++];
      }
    }
  }

  Document& document_;
  const HtmlTagTable& tags_;
  const TagId body_tag_;  // the tag of loose text
  NamedContextCache class_context_;

  static constexpr std::uint32_t kUnknownTagBits = ~std::uint32_t{0};
  std::array<std::uint32_t, 256> tag_bits_ = [] {  // by tag table index (HtmlTagTable holds under 256)
    std::array<std::uint32_t, 256> bits;
    bits.fill(kUnknownTagBits);
    return bits;
  }();
  std::vector<OpenElement> stack_;
  std::size_t overflow_ = 0;
  int skip_depth_ = 0, link_depth_ = 0, head_depth_ = 0, title_depth_ = 0;
  bool title_done_ = false;
  std::string title_;

  std::string text_;  // the paragraph being collected, reused across paragraphs
  std::size_t link_bytes_ = 0;
  bool pending_space_ = false;
  int pending_breaks_ = 0;
  bool last_was_link_ = false;
  int paragraph_tag_ = -1;
  std::int32_t paragraph_parent_ = -1;         // stack index of the paragraph's block, -1: none
  std::int32_t paragraph_parent_record_ = -1;
  std::int32_t paragraph_record_ = -1;         // the element whose path gives repeated_siblings
  StringId paragraph_tag_path_ = kEmptyString;  // in document_.strings
  StringId paragraph_words_ = kEmptyString;     // class/id words, in document_.strings
  std::size_t paragraph_links_ = 0;
  std::uint32_t paragraph_link_ = 0;           // serial of the link the last linked word sat in
  int paragraph_depth_ = 0;
  std::uint32_t paragraph_context_ = 0;
  std::size_t input_size_;  // never 0: segment_html does not segment an empty page
  std::size_t paragraph_offset_ = 0, last_offset_ = 0;

  // Page structure, kept along the element stack (each pops with its element).
  std::string tag_path_;           // names of the open elements, space separated
  std::string class_id_values_;    // the open elements' class and id values, as written
  std::vector<Word> split_words_;  // one element's class/id words while its chain is built
  std::string split_text_;         // their text
  std::vector<Word> chain_words_;  // chains of class/id words (OpenElement::chain_begin)
  std::string chain_text_;         // their text, the words of each chain joined by spaces
  std::vector<std::int32_t> pending_chains_;
  ClassIdChainCache& chain_cache_;                      // chains by values and ancestor chain
  std::vector<ClassIdChainCache::Word> cached_words_;  // a chain's words as the cache keeps them
  std::vector<Sibling> siblings_;  // signatures of the open elements' children seen so far
  std::vector<Record> records_;
  std::vector<Ancestry> ancestry_;  // per paragraph
  std::uint32_t link_serial_ = 0;
  std::size_t page_text_bytes_ = 0, page_link_bytes_ = 0;
  StringId heading_ = kEmptyString;  // text of the last heading paragraph, in document_.strings
  std::uint32_t table_rows_ = 0;  // <tr> start tags so far (Paragraph::table_row)
};

}  // namespace

Document segment_html(std::string_view html_bytes, const std::string& source, const HtmlSegmenterOptions& options) {
  Document document;
  document.source = source;
  document.kind = PageKind::html;
  if (html_bytes.empty()) return document;
  {
    // one a thread, emptied for each page: its buffers are not allocated again page after page
    thread_local ClassIdChainCache chain_cache;
    chain_cache.clear();
    HtmlSegmenter segmenter(document, html_bytes.size(), chain_cache);
    parse_html_events(html_bytes, source, options.charset_hint, segmenter);
    segmenter.finish_page();
    segmenter.finish_title();
  }
  // Grown by doubling, the records could keep up to twice the room they need for the rest of
  // the page's life (scoring, output: issue 18's bytes a paragraph). Copied into their size
  // once the segmenter's own buffers are gone, so the copy adds nothing to the peak.
  std::vector<Paragraph>& paragraphs = document.paragraphs;
  if (paragraphs.capacity() - paragraphs.size() > paragraphs.size() / 8) paragraphs.shrink_to_fit();
  return document;
}

}  // namespace pith
