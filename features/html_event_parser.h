#pragma once
// The one narrow seam between pith and HTML (DESIGN.md section 3): start element with
// attributes, end element, text. Behind it: charset decoding, pith's own tokenizer
// (features/html_tokenizer.h) and a tree builder that keeps the HTML standard's element stack
// without building a tree, so every listener (segmenter, visible text, annotation readers)
// sees the same page, nested as a browser nests it.
#include <cstddef>
#include <string>
#include <string_view>

#include "features/html_attributes.h"

namespace pith {

// What a handler can rely on:
// - element names are lower case; every start has exactly one matching end, in nesting order;
// - elements nest as the HTML standard's tree builder nests them ("<nav><div>menu</nav>" ends
//   the div and the nav, "<p>a<section>" ends the p, "<td>a<td>" the first cell); what an
//   event stream cannot say (an element taken out from under an open one, text a table
//   fosters out of it) ends with the innermost or stays where it stands;
// - at most 100,000 elements are open at once: a start tag nested deeper is dropped, start and
//   end (DESIGN.md convention 3: no unbounded stack on hostile input);
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
// and calls `handler` for each event, in document order. Never prints and never fails on any
// input (`source` names the page for errors of later stages); an exception thrown by the
// handler stops the parse and passes through.
void parse_html_events(std::string_view html, const std::string& source, const std::string& charset,
                       HtmlEventHandler& handler);

}  // namespace pith
