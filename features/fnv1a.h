#pragma once
// FNV-1a, 64 bits: the one hash pith uses for element names, class/id words, hashed tokens and
// the model file's checksum. Defined here once; it is sequential, so a hash fed in pieces equals
// the hash of the whole.
#include <cstdint>
#include <string_view>

namespace pith::fnv1a {

inline constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ull;  // 14695981039346656037
inline constexpr std::uint64_t kPrime = 0x100000001b3ull;             // 1099511628211

// The state after one more byte.
constexpr std::uint64_t add(std::uint64_t state, unsigned char byte) { return (state ^ byte) * kPrime; }

// The state after `bytes`, from `state` (the offset basis: the plain FNV-1a of `bytes`).
constexpr std::uint64_t add(std::uint64_t state, std::string_view bytes) {
  for (char c : bytes) state = add(state, static_cast<unsigned char>(c));
  return state;
}

constexpr std::uint64_t hash(std::string_view bytes) { return add(kOffsetBasis, bytes); }

static_assert(hash("") == kOffsetBasis && hash("a") == 0xaf63dc4c8601ec8cull, "FNV-1a 64 test vectors");

}  // namespace pith::fnv1a
