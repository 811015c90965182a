#pragma once
// pith's own HTML tokenizer: the HTML standard's tokenizer states (section 13.2.5) in one pass
// over the decoded page, handing tokens to a sink without building anything. It replaced
// libxml2 2.9 behind the parser seam (features/html_event_parser.h): libxml2's HTML parser is
// not an HTML5 parser, and its loop alone took longer than all of pith's segmentation and
// features (bench/README.md). Checked against the html5lib tokenizer suite
// (tests/html_tokenizer_test.cpp).
//
// What it leaves to the tree builder, as the standard does: which text model follows a start
// tag (the sink's answer), and what the tokens mean. What it simplifies: the script data
// escape states (text inside a script ends at the first "</script" whatever "<!--" came
// before it) and DOCTYPE tokens (read to their '>' with their name only).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "features/html_attributes.h"

namespace pith {

// How the text after a start tag is read: the tokenizer state the standard's tree builder
// switches to.
enum class HtmlTextModel : std::uint8_t {
  data,         // markup and character references
  rcdata,       // text and character references up to the element's end tag (title, textarea)
  rawtext,      // text alone up to the element's end tag (style, xmp, iframe, noembed, noframes)
  script_data,  // as rawtext (script)
  plaintext,    // text to the end of the input (plaintext)
};

// Receives the tokens. Names are lower case; `offset` is where the token starts in the text
// given to tokenize_html. Text is UTF-8 with character references decoded and line breaks
// normalised (CR LF and CR read as LF); one run of text may come in several calls.
class HtmlTokenSink {
 public:
  virtual ~HtmlTokenSink() = default;
  // Returns how the text after this tag is read.
  virtual HtmlTextModel start_tag(std::string_view name, const HtmlAttributes& attributes, bool self_closing,
                                  std::size_t offset) = 0;
  virtual void end_tag(std::string_view name, std::size_t offset) = 0;
  // Never empty. A NUL character in data comes alone, as "\0" (the standard's tree builder
  // drops it; its tokenizer keeps it).
  virtual void text(std::string_view utf8, std::size_t offset) = 0;
  virtual void comment(std::string_view, std::size_t) {}
  virtual void doctype(std::string_view /*name*/, std::size_t) {}
};

// Reads `utf8` and calls `sink` for each token, in order. `initial` and `last_start_tag` set
// the state the standard's tokenizer starts in (html5lib's tests start in others than data).
// An exception from the sink stops the read and passes through.
void tokenize_html(std::string_view utf8, HtmlTokenSink& sink, HtmlTextModel initial = HtmlTextModel::data,
                   std::string_view last_start_tag = {});

}  // namespace pith
