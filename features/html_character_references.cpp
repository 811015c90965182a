#include "features/html_character_references.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

#include "features/unicode.h"

namespace pith {
namespace {

struct NamedReference {
  std::string_view name;   // without the '&'; ends in ';' except for the legacy names
  std::string_view value;  // UTF-8, one or two code points
};

// Sorted by name bytes, so a lookup is a binary search over a constant array: nothing is
// built at startup.
constexpr NamedReference kNamedReferences[] = {
#include "features/html_entities.inc"
};

constexpr bool names_are_sorted() {
  for (std::size_t i = 1; i < std::size(kNamedReferences); ++i) {
    if (!(kNamedReferences[i - 1].name < kNamedReferences[i].name)) return false;
  }
  return true;
}
static_assert(names_are_sorted(), "rerun scripts/generate-html-entities: the lookup binary-searches the table");

constexpr bool is_legacy(const NamedReference& reference) { return reference.name.back() != ';'; }

constexpr std::size_t longest_name(bool legacy) {
  std::size_t longest = 0;
  for (const NamedReference& reference : kNamedReferences) {
    if (is_legacy(reference) == legacy) longest = std::max(longest, reference.name.size());
  }
  return longest;
}
// Names are ASCII alphanumerics with at most a final ';', so this bounds how far a lookup
// reads: 32 bytes for "CounterClockwiseContourIntegral;".
constexpr std::size_t kLongestName = longest_name(false);
static_assert(kLongestName == 32);

constexpr std::size_t kLegacyCount = [] {
  std::size_t count = 0;
  for (const NamedReference& reference : kNamedReferences) count += is_legacy(reference);
  return count;
}();

// Indices of the legacy names, in table order (at most nine share a first letter).
constexpr std::array<std::uint16_t, kLegacyCount> kLegacyNames = [] {
  std::array<std::uint16_t, kLegacyCount> legacy{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < std::size(kNamedReferences); ++i) {
    if (is_legacy(kNamedReferences[i])) legacy[n++] = static_cast<std::uint16_t>(i);
  }
  return legacy;
}();

// Where the names starting with each ASCII byte lie in a sorted list, [first, last), so a
// lookup only looks among those (at most 168, the names starting with 'n').
using FirstByteRanges = std::array<std::pair<std::uint16_t, std::uint16_t>, 128>;

constexpr FirstByteRanges first_byte_ranges(std::size_t count, auto name_at) {
  FirstByteRanges ranges{};
  for (std::size_t i = 0; i < count; ++i) {
    auto& range = ranges[static_cast<unsigned char>(name_at(i)[0])];
    if (range.first == range.second) range.first = static_cast<std::uint16_t>(i);
    range.second = static_cast<std::uint16_t>(i + 1);
  }
  return ranges;
}
constexpr FirstByteRanges kNamesByFirstByte =
    first_byte_ranges(std::size(kNamedReferences), [](std::size_t i) { return kNamedReferences[i].name; });
constexpr FirstByteRanges kLegacyNamesByFirstByte =
    first_byte_ranges(kLegacyCount, [](std::size_t i) { return kNamedReferences[kLegacyNames[i]].name; });

constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_alphanumeric(char c) {
  return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr int hex_digit_value(char c) {
  if (is_ascii_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The entry named `name` exactly, if any.
const NamedReference* find_named_reference(std::string_view name) {
  const auto [first, last] = kNamesByFirstByte[static_cast<unsigned char>(name[0])];
  const NamedReference* begin = kNamedReferences + first;
  const NamedReference* end = kNamedReferences + last;
  const NamedReference* found =
      std::lower_bound(begin, end, name, [](const NamedReference& r, std::string_view n) { return r.name < n; });
  return found != end && found->name == name ? found : nullptr;
}

// The longest legacy name that `run` starts with: a scan of the few sharing its first letter.
const NamedReference* longest_legacy_prefix(std::string_view run) {
  const NamedReference* longest = nullptr;
  const auto [first, last] = kLegacyNamesByFirstByte[static_cast<unsigned char>(run[0])];
  for (std::size_t i = first; i < last; ++i) {
    const NamedReference& candidate = kNamedReferences[kLegacyNames[i]];
    if (run.starts_with(candidate.name) && (longest == nullptr || candidate.name.size() > longest->name.size())) {
      longest = &candidate;
    }
  }
  return longest;
}

// The longest name in the table that `text` starts with. Every name is an alphanumeric run with
// an optional final ';', so only two shapes can match: the whole run with its ';', or (the
// legacy names) a prefix of the run without one.
const NamedReference* longest_named_reference(std::string_view text) {
  const std::size_t window = std::min(text.size(), kLongestName);
  std::size_t run = 0;
  while (run < window && is_ascii_alphanumeric(text[run])) ++run;
  if (run == 0) return nullptr;
  if (run < window && text[run] == ';') {
    if (const NamedReference* found = find_named_reference(text.substr(0, run + 1))) return found;
  }
  return longest_legacy_prefix(text.substr(0, run));
}

std::size_t read_named_reference(std::string_view text, std::size_t at, bool in_attribute, std::string& out) {
  const NamedReference* found = longest_named_reference(text.substr(at + 1));
  // No name: an "ambiguous ampersand", which the standard leaves as text.
  if (found == nullptr) return 0;
  const std::size_t end = at + 1 + found->name.size();
  // In attribute values "&amp=" and "&ampx" stay literal, for historical reasons: query strings
  // in URLs like "?a=1&copy=2" must survive.
  if (in_attribute && is_legacy(*found) && end < text.size() &&
      (text[end] == '=' || is_ascii_alphanumeric(text[end]))) {
    return 0;
  }
  out += found->value;
  return end - at;
}

// The standard's "numeric character reference end state": what a code point turns into.
char32_t numeric_reference_value(char32_t code) {
  if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0xFFFD;
  if (const char32_t replacement = windows_1252_control(code)) return replacement;
  return code;  // noncharacters and the other controls are parse errors, but kept
}

std::size_t read_numeric_reference(std::string_view text, std::size_t at, std::string& out) {
  std::size_t i = at + 2;  // past "&#"
  const bool hexadecimal = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hexadecimal) ++i;
  const std::size_t digits_start = i;
  // Clamped just past the Unicode range: a run of any length still means U+FFFD, without overflow.
  constexpr char32_t kPastUnicode = 0x110000;
  char32_t code = 0;
  for (; i < text.size(); ++i) {
    const int digit = hexadecimal ? hex_digit_value(text[i]) : is_ascii_digit(text[i]) ? text[i] - '0' : -1;
    if (digit < 0) break;
    code = std::min<char32_t>(code * (hexadecimal ? 16 : 10) + static_cast<char32_t>(digit), kPastUnicode);
  }
  // "&#;" and "&#x" are text ("absence of digits").
  if (i == digits_start) return 0;
  if (i < text.size() && text[i] == ';') ++i;
  append_utf8(out, numeric_reference_value(code));
  return i - at;
}

}  // namespace

std::size_t read_character_reference(std::string_view text, std::size_t at, bool in_attribute, std::string& out) {
  if (at + 1 < text.size() && text[at + 1] == '#') return read_numeric_reference(text, at, out);
  return read_named_reference(text, at, in_attribute, out);
}

char32_t windows_1252_control(char32_t code) {
  static constexpr char16_t kWindows1252[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
  };
  return code >= 0x80 && code <= 0x9F ? kWindows1252[code - 0x80] : 0;
}

}  // namespace pith
