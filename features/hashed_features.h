#pragma once
// Sparse hashed features: the words a site's markup and its short paragraphs use for their
// parts ("comment", "share on", "read more"), which no dense table can list in advance. Each
// token, prefixed by its source, is hashed to one of 2^bits columns; the bits and seed are
// stored in the model, so training and inference hash alike.
//
// Sources (a token is "<source>:<text>"):
//   class   each word of the class and id values of the paragraph's elements (Document::class_id_words)
//   path    the last 1, 2 and 3 tag names of the paragraph's tag path ("path:div article p")
//   word    lower-cased words of a short paragraph (at most kShortParagraphWords words)
//   words   lower-cased word bigrams of a short paragraph ("words:share on")
//   first   the first two words of any paragraph ("first:posted by")
//   last    the last two words of any paragraph ("last:read more")
//   line    the first two words of each line of a paragraph of several lines (at most
//           kMaxLineTokens lines): "line:share on" six times for a list of share links
// Plain-text pages have no markup: their head uses the word sources only.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "features/fnv1a.h"
#include "features/paragraph.h"
#include "features/sparse_rows.h"

namespace pith {

inline constexpr int kDefaultHashBits = 18;
inline constexpr std::uint64_t kDefaultHashSeed = 0x70697468;  // "pith"
inline constexpr int kMaxHashBits = 26;
inline constexpr std::size_t kShortParagraphWords = 10;
inline constexpr std::size_t kMaxLineTokens = 16;

// The hash of a token, fed its bytes in pieces: FNV-1a from a seeded start, which is
// sequential, so a token's hash is the same however its bytes are split. That lets the hashed
// rows hash each source's prefix ("class:") once per page and the rest of a token straight
// from the paragraph's text, without spelling the token.
class TokenHash {
 public:
  explicit TokenHash(std::uint64_t seed) : state_(fnv1a::kOffsetBasis ^ (seed * 0x9e3779b97f4a7c15ull)) {}

  void add(unsigned char byte) { state_ = fnv1a::add(state_, byte); }
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) add(c);
  }
  // `bytes` with ASCII letters lower-cased, as the word sources spell their tokens.
  void add_ascii_lower(std::string_view bytes) {
    for (unsigned char c : bytes) add(ascii_lower(c));
  }
  // The lower case of an ASCII letter; any other byte as it is (UTF-8 bytes of other scripts too).
  static unsigned char ascii_lower(unsigned char byte) { return kAsciiLower[byte]; }

  // The top `bits` bits after the splitmix64 finaliser, whose top bits are well mixed even
  // for tokens that differ only in their last byte.
  std::uint32_t column(int bits) const {
    std::uint64_t hash = state_;
    hash ^= hash >> 30;
    hash *= 0xbf58476d1ce4e5b9ull;
    hash ^= hash >> 27;
    hash *= 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    return static_cast<std::uint32_t>(hash >> (64 - bits));
  }

 private:
  // by table: one load a byte where the comparisons cost four instructions, in the hottest loop
  static constexpr std::array<unsigned char, 256> kAsciiLower = [] {
    std::array<unsigned char, 256> lower{};
    for (int c = 0; c < 256; ++c) lower[static_cast<std::size_t>(c)] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return lower;
  }();

  std::uint64_t state_;
};

struct FeatureHashing {
  int bits = 0;  // 0: no hashed features
  std::uint64_t seed = kDefaultHashSeed;

  bool enabled() const { return bits > 0; }
  std::uint32_t columns() const { return bits > 0 ? std::uint32_t{1} << bits : 0; }
  // The column of a token ("class:comment"): the one definition of a token's column, which
  // the hashed rows reach by feeding the same bytes to TokenHash in pieces.
  std::uint32_t column(std::string_view token) const {
    TokenHash hash = start();
    hash.add(token);
    return column(hash);
  }
  TokenHash start() const { return TokenHash(seed); }
  std::uint32_t column(const TokenHash& hash) const { return hash.column(bits); }
};

// Calls `visit` with each token of the paragraph, in a fixed order; a token may repeat.
// `layout_kind` text leaves out the markup sources even for an HTML paragraph.
void for_each_hashed_token(const Document& document, const Paragraph& paragraph, PageKind layout_kind,
                           const std::function<void(std::string_view token)>& visit);

// One row per paragraph of `document`, value 1 per token (summed where tokens share a column).
void append_hashed_rows(const Document& document, PageKind layout_kind, const FeatureHashing& hashing,
                        SparseRows& rows);
// The rows of paragraphs [first, last) only: a scorer's block of a long page.
void append_hashed_rows(const Document& document, std::size_t first, std::size_t last, PageKind layout_kind,
                        const FeatureHashing& hashing, SparseRows& rows);

}  // namespace pith
