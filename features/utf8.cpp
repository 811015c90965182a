#include "features/utf8.h"

#include <cstdint>
#include <cstring>

namespace pith {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence starting at `p` (which holds a byte >= 0x80), or 0 when
// it is invalid; `*maximal_subpart` then receives how many bytes form the "maximal subpart of
// an ill-formed subsequence" (Unicode 15, section 3.9, U+FFFD substitution best practice):
// the lead byte and the continuation bytes that were acceptable so far, at least 1.
std::size_t sequence_length(const unsigned char* p, const unsigned char* end, std::size_t* maximal_subpart) {
  const unsigned char lead = p[0];
  std::size_t length = 0;
  // The second byte's range is narrower for some leads: that is what rejects overlongs
  // (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    *maximal_subpart = 1;  // 80..C1, F5..FF never start a sequence
    return 0;
  }
  std::size_t i = 1;
  for (; i < length; ++i) {
    if (p + i >= end) break;
    const unsigned char c = p[i];
    if (i == 1 ? (c < low || c > high) : (c < 0x80 || c > 0xBF)) break;
  }
  if (i == length) return length;
  *maximal_subpart = i;
  return 0;
}

// Bytes before the first non-ASCII byte, 32 and then eight at a time: most text is ASCII.
std::size_t ascii_prefix(const unsigned char* p, std::size_t size) {
  std::size_t i = 0;
  for (; i + 32 <= size; i += 32) {
    std::uint64_t words[4];
    std::memcpy(words, p + i, 32);
    if ((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) break;
  }
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < size && p[i] < 0x80) ++i;
  return i;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = p + bytes.size();
  while (p < end) {
    p += ascii_prefix(p, static_cast<std::size_t>(end - p));
    if (p == end) break;
    std::size_t subpart = 0;
    const std::size_t length = sequence_length(p, end, &subpart);
    if (length == 0) return false;
    p += length;
  }
  return true;
}

std::string to_valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = begin + bytes.size();
  const unsigned char* p = begin;
  const unsigned char* valid_start = p;  // start of the valid run not yet copied
  while (p < end) {
    p += ascii_prefix(p, static_cast<std::size_t>(end - p));
    if (p == end) break;
    std::size_t subpart = 0;
    const std::size_t length = sequence_length(p, end, &subpart);
    if (length > 0) {
      p += length;
      continue;
    }
    out.append(reinterpret_cast<const char*>(valid_start), static_cast<std::size_t>(p - valid_start));
    out.append(kReplacement, 3);
    p += subpart;
    valid_start = p;
  }
  out.append(reinterpret_cast<const char*>(valid_start), static_cast<std::size_t>(end - valid_start));
  return out;
}

}  // namespace pith
