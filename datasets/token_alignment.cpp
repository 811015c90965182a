#include "datasets/token_alignment.h"

#include <algorithm>
#include <unordered_map>

#include "features/unicode.h"

namespace pith {
namespace {

// Largest table (cells) the LCS fallback may fill; 4 M cells is 4 MB.
constexpr std::size_t kMaxLcsCells = 4'000'000;

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
  // Without such tokens (a page that repeats its article where the reference has it once),
  // tokens unique on the right are paired with each of their occurrences on the left: the
  // increasing run then follows one copy.
  const bool repeated_left = rarest > kMaxOccurrences;
  const auto chosen = [&](const Seen& s) {
    return repeated_left ? s.right_count == 1 && s.left_count <= kMaxOccurrences
                         : s.left_count == rarest && s.right_count == rarest;
  };
  for (std::size_t j = r.right_begin; j < r.right_end; ++j) {
    auto found = seen.find(right[j]);
    if (found != seen.end() && chosen(found->second)) found->second.right_positions.push_back(j);
  }
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::unordered_map<std::string_view, std::uint32_t> occurrence;
  for (std::size_t i = r.left_begin; i < r.left_end; ++i) {
    const Seen& s = seen.find(left[i])->second;
    if (!chosen(s)) continue;
    pairs.emplace_back(i, repeated_left ? s.right_positions.front() : s.right_positions[occurrence[left[i]]++]);
  }
  // longest strictly increasing subsequence of right positions (pairs are ordered by left
  // position, so both coordinates increase along it)
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
    if (!is_word_character(c) || is_cjk(c)) {
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
