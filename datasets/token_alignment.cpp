#include "datasets/token_alignment.h"

#include <algorithm>
#include <unordered_map>

namespace pith {
namespace {

// Largest table (cells) the LCS fallback may fill; 4 M cells is 4 MB.
constexpr std::size_t kMaxLcsCells = 4'000'000;

bool is_cjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// Non-ASCII code points that are punctuation or symbols rather than letters.
bool is_separator(char32_t c) {
  if (c < 0x80) return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  return (c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) || c == 0xFFFD;
}

// Decodes one code point of valid UTF-8 at text[i], advancing i.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[k])); };
  const char32_t lead = byte(i);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (i + length > text.size()) length = 1;
  char32_t c = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
  for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (byte(i + k) & 0x3F);
  i += length;
  return c;
}

struct Range {
  std::size_t left_begin, left_end, right_begin, right_end;
};

void align_by_lcs(const std::vector<std::string>& left, const std::vector<std::string>& right, const Range& r,
                  std::vector<std::int64_t>& match) {
  const std::size_t n = r.left_end - r.left_begin, m = r.right_end - r.right_begin;
  // lengths[i][j] = LCS of left[i..] and right[j..]; filled backwards so the walk goes forwards.
  std::vector<std::uint32_t> lengths((n + 1) * (m + 1), 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lengths[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) = left[r.left_begin + i] == right[r.right_begin + j] ? at(i + 1, j + 1) + 1
                                                                     : std::max(at(i + 1, j), at(i, j + 1));
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (left[r.left_begin + i] == right[r.right_begin + j]) {
      match[r.left_begin + i] = static_cast<std::int64_t>(r.right_begin + j);
      ++i, ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
}

// Anchors: tokens occurring equally often, and as rarely as possible, on both sides of the
// range (once each in the common case, as in patience diff; the rarest count otherwise, as in
// histogram diff), their k-th occurrences paired, kept where the positions increase together
// (longest increasing subsequence, O(k log k)).
std::vector<std::pair<std::size_t, std::size_t>> rare_anchors(const std::vector<std::string>& left,
                                                              const std::vector<std::string>& right,
                                                              const Range& r) {
  constexpr std::uint32_t kMaxOccurrences = 64;
  struct Seen {
    std::uint32_t left_count = 0, right_count = 0;
    std::vector<std::size_t> right_positions;  // filled only for the chosen tokens
  };
  std::unordered_map<std::string_view, Seen> seen;
  seen.reserve(r.left_end - r.left_begin);
  for (std::size_t i = r.left_begin; i < r.left_end; ++i) ++seen[left[i]].left_count;
  for (std::size_t j = r.right_begin; j < r.right_end; ++j) {
    auto found = seen.find(right[j]);
    if (found != seen.end()) ++found->second.right_count;
  }
  std::uint32_t rarest = kMaxOccurrences + 1;
  for (const auto& [token, s] : seen)
    if (s.left_count == s.right_count) rarest = std::min(rarest, s.left_count);
  if (rarest > kMaxOccurrences) return {};
  for (std::size_t j = r.right_begin; j < r.right_end; ++j) {
    auto found = seen.find(right[j]);
    if (found != seen.end() && found->second.left_count == rarest && found->second.right_count == rarest)
      found->second.right_positions.push_back(j);
  }
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::unordered_map<std::string_view, std::uint32_t> occurrence;
  for (std::size_t i = r.left_begin; i < r.left_end; ++i) {
    const Seen& s = seen.find(left[i])->second;
    if (s.left_count == rarest && s.right_count == rarest) pairs.emplace_back(i, s.right_positions[occurrence[left[i]]++]);
  }
  // longest increasing subsequence of right positions (pairs are ordered by left position)
  std::vector<std::size_t> tails, tail_index, previous(pairs.size(), SIZE_MAX);
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const auto it = std::lower_bound(tails.begin(), tails.end(), pairs[k].second);
    const std::size_t length = static_cast<std::size_t>(it - tails.begin());
    if (it == tails.end()) {
      tails.push_back(pairs[k].second);
      tail_index.push_back(k);
    } else {
      *it = pairs[k].second;
      tail_index[length] = k;
    }
    if (length > 0) previous[k] = tail_index[length - 1];
  }
  std::vector<std::pair<std::size_t, std::size_t>> anchors;
  for (std::size_t k = tail_index.empty() ? SIZE_MAX : tail_index.back(); k != SIZE_MAX; k = previous[k])
    anchors.push_back(pairs[k]);
  std::reverse(anchors.begin(), anchors.end());
  return anchors;
}

}  // namespace

std::vector<std::string> alignment_tokens(std::string_view utf8) {
  std::vector<std::string> tokens;
  std::string current;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::size_t start = i;
    const char32_t c = next_code_point(utf8, i);
    if (is_separator(c) || is_cjk(c)) {
      if (!current.empty()) tokens.push_back(std::move(current)), current.clear();
      if (is_cjk(c)) tokens.emplace_back(utf8.substr(start, i - start));
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      current.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      current.append(utf8.substr(start, i - start));
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::vector<std::int64_t> align_tokens(const std::vector<std::string>& left, const std::vector<std::string>& right) {
  std::vector<std::int64_t> match(left.size(), -1);
  std::vector<Range> pending{{0, left.size(), 0, right.size()}};
  while (!pending.empty()) {
    Range r = pending.back();
    pending.pop_back();
    while (r.left_begin < r.left_end && r.right_begin < r.right_end && left[r.left_begin] == right[r.right_begin])
      match[r.left_begin++] = static_cast<std::int64_t>(r.right_begin++);
    while (r.left_begin < r.left_end && r.right_begin < r.right_end &&
           left[r.left_end - 1] == right[r.right_end - 1])
      match[--r.left_end] = static_cast<std::int64_t>(--r.right_end);
    if (r.left_begin == r.left_end || r.right_begin == r.right_end) continue;

    const auto anchors = rare_anchors(left, right, r);
    if (anchors.empty()) {
      if ((r.left_end - r.left_begin + 1) * (r.right_end - r.right_begin + 1) <= kMaxLcsCells)
        align_by_lcs(left, right, r, match);
      continue;  // too large and without anchors: left unaligned rather than guessed
    }
    std::size_t left_from = r.left_begin, right_from = r.right_begin;
    for (const auto& [i, j] : anchors) {
      match[i] = static_cast<std::int64_t>(j);
      if (i > left_from && j > right_from) pending.push_back({left_from, i, right_from, j});
      left_from = i + 1;
      right_from = j + 1;
    }
    if (left_from < r.left_end && right_from < r.right_end)
      pending.push_back({left_from, r.left_end, right_from, r.right_end});
  }
  return match;
}

}  // namespace pith
