#pragma once
// The one narrow seam between pith and an HTML parser (DESIGN.md section 3): start element
// with attributes, end element, text. It is also the only place pith calls libxml2: charset
// decoding, libxml2's workarounds and browser-like repairs of broken pages live behind it,
// so every listener (segmenter, visible text, annotation readers) sees the same page. A
// purpose-built HTML5 tokenizer can replace libxml2 here without touching what listens.
#include <cstddef>
#include <string>
#include <string_view>

namespace pith {

// One attribute of a start tag: its name (lower case) and its value, read only when asked for
// (a value may be long: style, srcset, data-*).
struct HtmlAttribute {
  std::string_view name;
  const char* raw_value;  // NUL-terminated, nullptr when the attribute has no value
  std::string_view value() const { return raw_value ? std::string_view(raw_value) : std::string_view(); }
};

// Attributes of one start tag, valid only during the start_element call.
class HtmlAttributes {
 public:
  explicit HtmlAttributes(const unsigned char* const* pairs) : pairs_(pairs) {}
  // Value of the attribute `name` (lower case); `present` tells an empty value from absence.
  std::string_view get(std::string_view name, bool* present = nullptr) const;
  // Calls visit(HtmlAttribute) for each attribute, in the tag's order: one pass for a listener
  // that reads several.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    if (!pairs_) return;
    for (const unsigned char* const* pair = pairs_; pair[0]; pair += 2)
      visit(HtmlAttribute{reinterpret_cast<const char*>(pair[0]), reinterpret_cast<const char*>(pair[1])});
  }

 private:
  const unsigned char* const* pairs_;  // name, value, name, value, ..., nullptr
};

// What a handler can rely on:
// - element names are lower case; every start has exactly one matching end, in nesting order;
// - elements nest as the HTML standard's tree builder nests them where libxml2 2.9 would not
//   ("<nav><div>menu</nav>" ends the nav, "<p>a<section>" ends the p); what an event stream
//   cannot say (an element taken out from under an open one) ends with the innermost;
// - <html>, <head> and <body> start at most once each; <body> and <html> end only after the
//   last event, as in browsers (content after </body> or </html> is still body content);
// - text is UTF-8 with entities decoded, and with U+0080..U+009F read as windows-1252 (old
//   pages write &#146; for a right quote, and browsers show it so);
// - a text event's byte_offset is where the text starts in the INPUT bytes (exact unless the
//   page was transcoded or repaired, then proportional), never less than the previous one.
class HtmlEventHandler {
 public:
  virtual ~HtmlEventHandler() = default;
  virtual void start_element(std::string_view name, const HtmlAttributes& attributes) = 0;
  virtual void end_element(std::string_view name) = 0;
  virtual void text(std::string_view utf8, std::size_t byte_offset) = 0;
};

// Decodes `html` (features/charset_decoder.h; `charset` is the caller's hint, empty: none)
// and calls `handler` for each event, in document order. Never prints. Throws pith::Error
// naming `source` only when the parser cannot be created; an exception thrown by the handler
// stops the parse and is rethrown from here.
void parse_html_events(std::string_view html, const std::string& source, const std::string& charset,
                       HtmlEventHandler& handler);

}  // namespace pith
