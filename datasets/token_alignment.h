#pragma once
// Aligning two token sequences that tell mostly the same text in the same order (a page's
// paragraphs and an annotated or gold copy of it), without quadratic tables on long pages.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pith {

// Tokens for alignment: runs of letters and digits, lower-cased (ASCII); every CJK character
// is a token of its own; punctuation, symbols and white space separate tokens. So "Kosovo’s"
// and "Kosovo?s" (a copy that lost the apostrophe) give the same tokens.
std::vector<std::string> alignment_tokens(std::string_view utf8);

// For each token of `left`, the index of the equal token of `right` it is aligned to, or -1.
// The alignment is monotone (order-preserving). Method: match common prefix and suffix,
// anchor on the rarest tokens that occur equally often in both ranges (once, as in patience
// diff, where possible), keep the longest increasing run of their positions, recurse between
// anchors with an explicit stack; ranges without such tokens fall back to an exact LCS table
// only when small (bounded memory), and are otherwise left unaligned rather than guessed.
std::vector<std::int64_t> align_tokens(const std::vector<std::string>& left, const std::vector<std::string>& right);

}  // namespace pith
