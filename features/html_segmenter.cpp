#include "features/html_segmenter.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "features/element_context.h"
#include "features/html_event_parser.h"
#include "features/html_tags.h"
#include "features/utf8.h"

namespace pith {
namespace {

using namespace html_tag;

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

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

// Whether markup hides the element's content until a click or a script shows it: the `hidden`
// attribute (but hidden="until-found", which the browser's find and fragment links open, and
// React's streamed parts), aria-hidden="true", or an inline style that hides it. <html> and
// <body> are exempt: pages hide them until a script has run, and the reader sees the page then.
bool attributes_hide(const HtmlAttributes& attributes) {
  bool present = false;
  const std::string_view hidden = attributes.get("hidden", &present);
  // React's streamed server rendering sends late parts of the page as <div hidden id="S:n">,
  // which its inline script moves into place: the reader sees them.
  if (present && !equals_ignoring_case(trim_css_space(hidden), "until-found") &&
      !attributes.get("id").starts_with("S:"))
    return true;
  if (equals_ignoring_case(trim_css_space(attributes.get("aria-hidden")), "true")) return true;
  const std::string_view style = attributes.get("style");
  return !style.empty() && style_hides(style);
}

// Parser events to paragraphs, with pith's own element stack.
class HtmlSegmenter : public HtmlEventHandler {
 public:
  explicit HtmlSegmenter(Document& document) : document_(document), tags_(HtmlTagTable::instance()) {
    stack_.reserve(64);
    text_.reserve(1024);
  }

  void start_element(std::string_view name, const HtmlAttributes& attributes) override {
    const std::uint64_t hash = html_name_hash(name);
    const int tag = tags_.find(name, hash);
    std::uint8_t flags = tag >= 0 ? tags_[tag].flags : 0;
    // <noscript> is parsed as markup and kept, its paragraphs marked kInNoscript: forum
    // software puts whole threads there. Other listeners (visible text) still skip it.
    if (flags & kNoscript) flags &= static_cast<std::uint8_t>(~kSkip);
    if (flags & kAnchor) {
      bool has_href = false;
      attributes.get("href", &has_href);
      if (!has_href) flags = 0;
    }
    if (skip_depth_ == 0) {
      if (flags & kBlock) finish_paragraph();
      if (flags & kBreak) line_break();
    }
    // Past the limit elements are only counted, so that their end events still match.
    if (stack_.size() >= kMaxDepth) {
      ++overflow_;
      return;
    }
    const std::int32_t innermost_block = (flags & kBlock) ? static_cast<std::int32_t>(stack_.size())
                                         : stack_.empty() ? -1
                                                          : stack_.back().innermost_block;
    std::uint32_t context = (stack_.empty() ? 0u : stack_.back().context) |
                            element_context(name, attributes.get("class"), attributes.get("id"));
    // Text hidden by markup is kept and marked (kHiddenByMarkup), not dropped: on WCXB and
    // Google-Trends-2017 most of it is content a click or a script shows, and gold text holds it.
    // Inside a skipped subtree nothing is text anyway: attributes are only read outside one.
    if (skip_depth_ == 0 && !(context & kHiddenByMarkup) && name != "html" && name != "body" &&
        attributes_hide(attributes))
      context |= kHiddenByMarkup;
    stack_.push_back({hash, innermost_block, static_cast<std::int16_t>(tag), flags, context});
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
      while (stack_.size() > i) {
        const OpenElement element = stack_.back();
        stack_.pop_back();
        close(element);
      }
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
    std::size_t i = 0;
    while (i < chunk.size()) {
      const std::size_t space = space_length(chunk, i);
      if (space > 0) {
        pending_space_ = true;
        i += space;
        continue;
      }
      if (text_.empty()) {
        begin_paragraph(byte_offset + i);
      } else if (pending_breaks_ > 0 || pending_space_) {
        text_ += pending_breaks_ > 0 ? '\n' : ' ';
        if (in_link && last_was_link_) ++link_bytes_;
      }
      pending_space_ = false;
      pending_breaks_ = 0;
      const std::size_t before = text_.size();
      i = append_word(chunk, i);
      if (in_link) link_bytes_ += text_.size() - before;
      last_was_link_ = in_link;
    }
  }

  void finish_paragraph() {
    pending_space_ = false;
    pending_breaks_ = 0;
    last_was_link_ = false;
    if (text_.empty()) return;
    Paragraph& paragraph = document_.paragraphs.emplace_back();
    paragraph.text = is_valid_utf8(text_) ? text_ : to_valid_utf8(text_);
    paragraph.tag = paragraph_tag_ >= 0 ? tags_[paragraph_tag_].name : "body";
    paragraph.depth = paragraph_depth_;
    paragraph.context = paragraph_context_;
    paragraph.link_chars = std::min(link_bytes_, paragraph.text.size());
    paragraph.byte_offset = paragraph_offset_;
    text_.clear();
    link_bytes_ = 0;
  }

  void finish_title() {
    if (!title_.empty() && title_.back() == ' ') title_.pop_back();
    document_.title = is_valid_utf8(title_) ? title_ : to_valid_utf8(title_);
  }

 private:
  struct OpenElement {
    std::uint64_t hash;
    std::int32_t innermost_block;  // index in the stack of the nearest block at or below, -1: none
    std::int16_t tag;              // index in the tag table, -1: not in it
    std::uint8_t flags;
    std::uint32_t context;         // ContextBits of this element and its ancestors
  };
  static constexpr std::size_t kMaxDepth = 10000;

  void close(const OpenElement& element) {
    if (element.flags & kSkip) --skip_depth_;
    if (element.flags & kAnchor) --link_depth_;
    if (element.flags & kHead) --head_depth_;
    if (element.flags & kTitle) {
      // Only the first <title> names the page; later ones (inside <svg>) are not text either.
      if (--title_depth_ == 0) title_done_ = true;
    }
    if ((element.flags & kBlock) && skip_depth_ == 0) finish_paragraph();
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

  // Appends the run of non-space text at `i`; returns where it ends.
  std::size_t append_word(std::string_view chunk, std::size_t i) {
    const std::size_t start = i;
    while (i < chunk.size() && space_length(chunk, i) == 0) ++i;
    text_.append(chunk.substr(start, i - start));
    return i;
  }

  // The paragraph's first text starts at input byte `offset` (the text event's offset plus
  // the white space before the word; exact unless the page was transcoded).
  void begin_paragraph(std::size_t offset) {
    paragraph_tag_ =
        stack_.empty() || stack_.back().innermost_block < 0 ? -1 : stack_[stack_.back().innermost_block].tag;
    paragraph_depth_ = static_cast<int>(stack_.size() + overflow_);
    paragraph_context_ = stack_.empty() ? 0u : stack_.back().context;
    paragraph_offset_ = last_offset_ = std::max(offset, last_offset_);
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
  int paragraph_depth_ = 0;
  std::uint32_t paragraph_context_ = 0;
  std::size_t paragraph_offset_ = 0, last_offset_ = 0;
};

}  // namespace

Document segment_html(std::string_view html_bytes, const std::string& source, const HtmlSegmenterOptions& options) {
  Document document;
  document.source = source;
  document.kind = PageKind::html;
  if (html_bytes.empty()) return document;
  HtmlSegmenter segmenter(document);
  parse_html_events(html_bytes, source, options.charset_hint, segmenter);
  segmenter.finish_paragraph();
  segmenter.finish_title();
  return document;
}

}  // namespace pith
