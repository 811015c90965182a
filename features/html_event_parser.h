#pragma once
// The one narrow seam between pith and an HTML parser (DESIGN.md section 3): start element
// with attributes, end element, text. libxml2's SAX parser sits behind it today; a
// purpose-built HTML5 tokenizer can replace it without touching what listens.
#include <cstddef>
#include <string>
#include <string_view>

namespace pith {

// Attributes of one start tag, valid only during the start_element call.
class HtmlAttributes {
 public:
  explicit HtmlAttributes(const unsigned char* const* pairs) : pairs_(pairs) {}
  // Value of the attribute `name` (lower case); `present` tells an empty value from absence.
  std::string_view get(std::string_view name, bool* present = nullptr) const;

 private:
  const unsigned char* const* pairs_;  // name, value, name, value, ..., nullptr
};

class HtmlEventHandler {
 public:
  virtual ~HtmlEventHandler() = default;
  // Element names are lower case. Text is UTF-8 with entities decoded.
  virtual void start_element(std::string_view name, const HtmlAttributes& attributes) = 0;
  virtual void end_element(std::string_view name) = 0;
  virtual void text(std::string_view utf8, std::size_t byte_offset) = 0;
};

// Parses `html` and calls `handler` for each event, in document order. `charset` is a
// caller-known encoding (empty: sniff BOM and <meta>). Never prints; throws pith::Error
// naming `source` only when the parser cannot be created.
void parse_html_events(std::string_view html, const std::string& source, const std::string& charset,
                       HtmlEventHandler& handler);

}  // namespace pith
