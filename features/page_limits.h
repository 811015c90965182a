#pragma once
// The default limits on one page, one definition for the readers (InputLimits), the labeller
// (LabelLimits), the public API (pith::PageOptions) and the CLI's --max-page-bytes and
// --max-paragraphs. Passing one is an error of that page, never a silent cut.
#include <cstddef>
#include <string>

namespace pith {

// Bytes of a page after decompression, before decoding: gzip inflation stops here. Real pages
// are rarely over a few MB; 64 MiB keeps a worker's memory bounded on any input.
inline constexpr std::size_t kDefaultMaxPageBytes = std::size_t{64} << 20;

// Paragraphs of one page (`<p>x</p>` a million times has a million). Labelling keeps a few
// hundred bytes a paragraph, so this bounds one page's memory near 1 GB.
inline constexpr std::size_t kDefaultMaxParagraphs = 2'000'000;

// The one message for a page over the byte limit, from every reader and the labeller:
// "the page is 2007 bytes, over the limit of 1000 bytes (--max-page-bytes)". `bytes` 0: found
// while inflating, before the whole size is known ("... when decompressed").
inline std::string page_over_byte_limit(std::size_t bytes, std::size_t limit) {
  return (bytes ? "the page is " + std::to_string(bytes) + " bytes, over" : std::string("the page is over")) +
         " the limit of " + std::to_string(limit) + " bytes (--max-page-bytes)" + (bytes ? "" : " when decompressed");
}

}  // namespace pith
