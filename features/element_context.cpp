#include "features/element_context.h"

#include <algorithm>
#include <array>
#include <string>

#include "features/html_tags.h"
#include "features/unicode.h"

namespace pith {
namespace {

struct TagBits {
  std::string_view tag;
  std::uint32_t bits;
};

constexpr TagBits kTagBits[] = {
    {"ul", kInList},       {"ol", kInList},        {"dl", kInList},          {"menu", kInList},
    {"table", kInTable},   {"form", kInForm},      {"button", kInForm},      {"select", kInForm},
    {"label", kInForm},    {"textarea", kInForm},  {"nav", kInNav},          {"header", kInHeader},
    {"footer", kInFooter}, {"aside", kInAside},    {"article", kInArticle},  {"main", kInMain},
    {"a", kInAnchor},      {"h1", kInHeading},     {"h2", kInHeading},       {"h3", kInHeading},
    {"h4", kInHeading},    {"h5", kInHeading},     {"h6", kInHeading},       {"blockquote", kInBlockquote},
    {"pre", kInBlockquote}, {"figure", kInFigure}, {"figcaption", kInFigure}, {"noscript", kInNoscript},
};

// kTagBits by html_name_hash, open addressing: a start tag costs one probe, not a scan.
struct TagBitsIndex {
  static constexpr std::size_t kMask = 63;  // 28 names in 64 slots
  std::array<std::int8_t, kMask + 1> slots{};

  TagBitsIndex() {
    slots.fill(-1);
    for (std::size_t i = 0; i < std::size(kTagBits); ++i) {
      std::size_t slot = html_name_hash(kTagBits[i].tag) & kMask;
      while (slots[slot] >= 0) slot = (slot + 1) & kMask;
      slots[slot] = static_cast<std::int8_t>(i);
    }
  }
};

struct NameBits {
  std::string_view word;
  std::uint32_t bits;
};

// Checked as substrings of the lower-cased class and id values.
constexpr NameBits kNameBits[] = {
    {"article", kNamedContent},    {"content", kNamedContent},     {"entry", kNamedContent},
    {"main", kNamedContent},       {"post", kNamedContent},        {"story", kNamedContent},
    {"text", kNamedContent},       {"body", kNamedContent},        {"blog", kNamedContent},
    {"comment", kNamedComment},    {"reply", kNamedComment},       {"review", kNamedComment},
    {"discuss", kNamedComment},    {"respond", kNamedComment},     {"nav", kNamedNavigation},
    {"menu", kNamedNavigation},    {"breadcrumb", kNamedNavigation}, {"pagination", kNamedNavigation},
    {"pager", kNamedNavigation},   {"footer", kNamedFooter},       {"copyright", kNamedFooter},
    {"legal", kNamedFooter},       {"header", kNamedHeader},       {"masthead", kNamedHeader},
    {"topbar", kNamedHeader},      {"banner", kNamedHeader},       {"sidebar", kNamedSidebar},
    {"widget", kNamedSidebar},     {"aside", kNamedSidebar},       {"rail", kNamedSidebar},
    {"share", kNamedShare},        {"social", kNamedShare},        {"facebook", kNamedShare},
    {"twitter", kNamedShare},      {"related", kNamedRelated},     {"recommend", kNamedRelated},
    {"more-", kNamedRelated},      {"popular", kNamedRelated},     {"trending", kNamedRelated},
    {"teaser", kNamedRelated},     {"ad-", kNamedPromotion},       {"ads", kNamedPromotion},
    {"advert", kNamedPromotion},   {"sponsor", kNamedPromotion},   {"promo", kNamedPromotion},
    {"newsletter", kNamedPromotion}, {"subscribe", kNamedPromotion}, {"cookie", kNamedPromotion},
    {"meta", kNamedMeta},          {"byline", kNamedMeta},         {"author", kNamedMeta},
    {"date", kNamedMeta},          {"tags", kNamedMeta},           {"caption", kNamedMeta},
};

// kNameBits by the first two letters of the word (five bits of each), so one pass over a class
// value tries only the words that can start at each position, and most positions none (a find
// per word, then a first-letter index, were pith's costliest callback steps).
struct NameBitsIndex {
  static constexpr std::size_t kCandidates = 8;  // "re": reply, review, respond, related, recommend
  std::array<std::array<std::uint8_t, kCandidates>, 1024> entries{};  // indices into kNameBits
  std::array<std::uint8_t, 1024> count{};

  static constexpr std::size_t key(char first, char second) {
    return (static_cast<std::size_t>(static_cast<unsigned char>(first) & 31) << 5) |
           (static_cast<unsigned char>(second) & 31);
  }

  constexpr NameBitsIndex() {
    for (std::size_t i = 0; i < std::size(kNameBits); ++i) {
      const std::size_t k = key(kNameBits[i].word[0], kNameBits[i].word[1]);
      if (count[k] == kCandidates) throw "NameBitsIndex: more words share two letters than kCandidates";
      entries[k][count[k]++] = static_cast<std::uint8_t>(i);
    }
  }
};
constexpr NameBitsIndex kNameBitsIndex;

}  // namespace

std::uint32_t named_context(std::string_view value) {
  if (value.empty()) return 0;
  // class lists are short, and a long one is cut
  const std::string_view text = value.substr(0, std::min<std::size_t>(value.size(), 256));
  // `word` (lower case) at text[at], any case: lowered only where the two-letter index (which
  // ignores case) has a candidate, not the whole value first
  const auto word_at = [&](std::size_t at, std::string_view word) {
    if (text.size() - at < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (ascii_lower(text[at + i]) != word[i]) return false;
    return true;
  };
  std::uint32_t bits = 0;
  // every word is three bytes or more, so none starts at the last two
  for (std::size_t at = 0; at + 2 < text.size(); ++at) {
    const std::size_t key = NameBitsIndex::key(text[at], text[at + 1]);
    for (std::size_t k = 0; k < kNameBitsIndex.count[key]; ++k) {
      const NameBits& entry = kNameBits[kNameBitsIndex.entries[key][k]];
      // the whole word: five bits of a byte do not tell letters from digits and punctuation
      if (!(bits & entry.bits) && word_at(at, entry.word)) bits |= entry.bits;
    }
  }
  return bits;
}

std::uint32_t tag_context(std::string_view tag, std::uint64_t hash) {
  static const TagBitsIndex index;
  for (std::size_t slot = hash & TagBitsIndex::kMask; index.slots[slot] >= 0; slot = (slot + 1) & TagBitsIndex::kMask) {
    const TagBits& entry = kTagBits[static_cast<std::size_t>(index.slots[slot])];
    if (entry.tag == tag) return entry.bits;
  }
  return 0;
}

std::uint32_t tag_context(std::string_view tag) { return tag_context(tag, html_name_hash(tag)); }

std::uint32_t element_context(std::string_view tag, std::string_view class_value, std::string_view id_value) {
  return tag_context(tag) | named_context(class_value) | named_context(id_value);
}

std::uint32_t NamedContextCache::bits(std::string_view value, std::uint64_t hash) {
  if (value.empty()) return 0;
  if (slots_.empty()) slots_.resize(kSlots);
  std::size_t slot = hash & (kSlots - 1);
  for (; slots_[slot].length > 0; slot = (slot + 1) & (kSlots - 1)) {
    const Slot& entry = slots_[slot];
    if (entry.hash == hash && std::string_view(text_).substr(entry.offset, entry.length) == value) return entry.bits;
  }
  const std::uint32_t bits = named_context(value);
  if (entries_ < kMaxEntries && text_.size() + value.size() <= kMaxTextBytes) {
    slots_[slot] = {hash, static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(value.size()), bits};
    text_ += value;
    ++entries_;
  }
  return bits;
}

}  // namespace pith
