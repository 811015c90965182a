#pragma once
// The default limits on one page, one definition for the readers (InputLimits), the labeller
// (LabelLimits), the public API (pith::PageOptions) and the CLI's --max-page-bytes and
// --max-paragraphs. Passing one is an error of that page, never a silent cut.
#include <cstddef>

namespace pith {

// Bytes of a page after decompression, before decoding: gzip inflation stops here. Real pages
// are rarely over a few MB; 64 MiB keeps a worker's memory bounded on any input.
inline constexpr std::size_t kDefaultMaxPageBytes = std::size_t{64} << 20;

// Paragraphs of one page (`<p>x</p>` a million times has a million). Labelling keeps about 300
// bytes a paragraph beyond its text, and the JSON lines about 90 more (bench/README.md,
// pith_paragraph_memory_benchmark), so this bounds one page's memory under 1 GB.
inline constexpr std::size_t kDefaultMaxParagraphs = 2'000'000;

}  // namespace pith
