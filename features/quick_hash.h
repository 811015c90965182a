#pragma once
// A hash for pith's in-memory tables only (a page's string table, caches, sibling signatures):
// eight bytes a step, where FNV-1a (features/fnv1a.h) takes one, with a multiply in a chain per
// step. Never written to a file nor turned into a feature: the hashed features and the model's
// checksum stay FNV-1a, so this one may change freely.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace pith {

inline std::uint64_t quick_hash(std::string_view text) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  std::uint64_t hash = text.size() * kMultiplier;
  const char* at = text.data();
  std::size_t left = text.size();
  for (; left >= 8; at += 8, left -= 8) {
    std::uint64_t word;
    std::memcpy(&word, at, 8);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 31;
  }
  if (left > 0) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, left);
    hash = (hash ^ word) * kMultiplier;
  }
  // the low bits pick a table's slot: fold the high ones down
  hash ^= hash >> 32;
  hash *= 0xD6E8FEB86659FD93ull;
  return hash ^ (hash >> 32);
}

}  // namespace pith
