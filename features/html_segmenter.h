#pragma once
// HTML bytes to paragraphs, through libxml2's SAX (push) parser. pith keeps its own element
// stack, so block boundaries, depth and link text are known at each text event without a DOM.
#include <string>
#include <string_view>

#include "features/paragraph.h"

namespace pith {

struct HtmlSegmenterOptions {
  // Charset the caller knows (an HTTP header, a dataset's metadata). Empty: libxml2 sniffs
  // the BOM and <meta charset>, then pith falls back to UTF-8 with invalid bytes replaced.
  std::string charset_hint;
};

// Throws pith::Error (naming `source`) only when the page cannot be read at all; malformed
// markup is recovered from, as browsers do.
Document segment_html(std::string_view html_bytes, const std::string& source,
                      const HtmlSegmenterOptions& options = {});

}  // namespace pith
