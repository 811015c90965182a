#pragma once
// Plain-text pages: blank lines separate paragraphs; single newlines inside a paragraph are
// kept, since a paragraph of many short lines (a list of share links) is itself a signal.
#include <string>
#include <string_view>

#include "features/paragraph.h"

namespace pith {

// `text` may hold any bytes: UTF-16 (a BOM, or seen without one: features/byte_sniffing.h) is
// decoded; otherwise invalid UTF-8 is replaced by U+FFFD, a UTF-8 BOM is dropped,
// CRLF is read as LF.
Document segment_text(std::string_view text, const std::string& source);

}  // namespace pith
