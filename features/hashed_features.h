#pragma once
// Sparse hashed features: the words a site's markup and its short paragraphs use for their
// parts ("comment", "share on", "read more"), which no dense table can list in advance. Each
// token, prefixed by its source, is hashed to one of 2^bits columns; the bits and seed are
// stored in the model, so training and inference hash alike.
//
// Sources (a token is "<source>:<text>"):
//   class   each word of the class and id values of the paragraph's elements (Paragraph::class_id_words)
//   path    the last 1, 2 and 3 tag names of the paragraph's tag path ("path:div article p")
//   word    lower-cased words of a short paragraph (at most kShortParagraphWords words)
//   words   lower-cased word bigrams of a short paragraph ("words:share on")
//   first   the first two words of any paragraph ("first:posted by")
//   last    the last two words of any paragraph ("last:read more")
//   line    the first two words of each line of a paragraph of several lines (at most
//           kMaxLineTokens lines): "line:share on" six times for a list of share links
// Plain-text pages have no markup: their head uses the word sources only.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "features/paragraph.h"
#include "features/sparse_rows.h"

namespace pith {

inline constexpr int kDefaultHashBits = 18;
inline constexpr std::uint64_t kDefaultHashSeed = 0x70697468;  // "pith"
inline constexpr int kMaxHashBits = 26;
inline constexpr std::size_t kShortParagraphWords = 10;
inline constexpr std::size_t kMaxLineTokens = 16;

struct FeatureHashing {
  int bits = 0;  // 0: no hashed features
  std::uint64_t seed = kDefaultHashSeed;

  bool enabled() const { return bits > 0; }
  std::uint32_t columns() const { return bits > 0 ? std::uint32_t{1} << bits : 0; }
  // The column of a token ("class:comment").
  std::uint32_t column(std::string_view token) const;
};

// Calls `visit` with each token of the paragraph, in a fixed order; a token may repeat.
// `layout_kind` text leaves out the markup sources even for an HTML paragraph.
void for_each_hashed_token(const Paragraph& paragraph, PageKind layout_kind,
                           const std::function<void(std::string_view token)>& visit);

// One row per paragraph of `document`, value 1 per token (summed where tokens share a column).
void append_hashed_rows(const Document& document, PageKind layout_kind, const FeatureHashing& hashing,
                        SparseRows& rows);

}  // namespace pith
