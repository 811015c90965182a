#pragma once
// The text a reader sees in an HTML page or fragment, as plain text: what gold-text datasets
// whose gold is HTML (Readability's expected.html) mean by their gold, and what a reader of an
// annotated page collects from the annotated parts. Block elements (features/html_tags.h, the
// segmenter's own list) end paragraphs, so words are never glued across blocks; <br> ends a
// line; script, style, noscript, template and title hold no visible text.
#include <string>
#include <string_view>

namespace pith {

// Builds plain text from a stream of element and text events: white space collapsed,
// paragraphs (one per block that holds text) separated by blank lines. Callers decide which
// text nodes to pass; every element event should be passed so block boundaries are seen.
class PlainTextBuilder {
 public:
  void start_element(std::string_view name);
  void end_element(std::string_view name);
  void text(std::string_view utf8);
  // Text was left out here: the neighbours must not be glued into one word.
  void separate() { pending_space_ = true; }
  // The text so far, with the open paragraph ended.
  std::string finish();

 private:
  void end_line();
  void end_paragraph();

  std::string out_;
  std::string paragraph_;
  bool pending_space_ = false;
  int preformatted_depth_ = 0;
};

// True for the elements whose text is never shown (script, style, noscript, template, title).
bool is_invisible_element(std::string_view name);

// Visible text of `html`, entities decoded. The bytes are decoded as the segmenter decodes a
// page (features/charset_decoder.h), so the result is valid UTF-8. `source` names the page in
// errors.
std::string visible_text(std::string_view html, const std::string& source);

}  // namespace pith
