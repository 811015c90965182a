#pragma once
// HTML bytes to paragraphs: a listener on the parser seam (features/html_event_parser.h). pith
// keeps its own element stack, so block boundaries, depth, context and link text are known at
// each text event without a DOM.
#include <string>
#include <string_view>

#include "features/paragraph.h"

namespace pith {

struct HtmlSegmenterOptions {
  // Charset the caller knows (an HTTP header, a dataset's metadata); a byte order mark still
  // outranks it. Empty: a BOM decides; else bytes that are valid UTF-8 are read as UTF-8
  // whatever <meta> claims (7-bit ISO-2022 pages excepted); else the charset <meta> declares;
  // else UTF-8 with invalid bytes replaced when most non-ASCII bytes form UTF-8, windows-1252
  // otherwise (features/charset_decoder.h).
  std::string charset_hint;
};

// Throws pith::Error (naming `source`) only when the page cannot be read at all; malformed
// markup is recovered from, as browsers do.
Document segment_html(std::string_view html_bytes, const std::string& source, const HtmlSegmenterOptions& options = {});

}  // namespace pith
