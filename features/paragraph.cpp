#include "features/paragraph.h"

#include <limits>

#include <fmt/format.h>

#include "features/error.h"
#include "features/html_tags.h"
#include "features/quick_hash.h"

namespace pith {
namespace {
constexpr StringId kEmptySlot = ~StringId{0};
constexpr std::size_t kFirstSlots = 64;
}  // namespace

TagId tag_id(std::string_view name) {
  const int index = HtmlTagTable::instance().find(name);
  return index >= 0 ? static_cast<TagId>(index) : kNoTag;
}

std::string_view tag_name(TagId tag) { return tag == kNoTag ? std::string_view() : HtmlTagTable::instance()[tag].name; }

StringTable::StringTable() : begins_{0, 0}, hashes_{quick_hash("")}, slots_(kFirstSlots, kEmptySlot) {
  slots_[hashes_[0] & (kFirstSlots - 1)] = kEmptyString;
}

StringId StringTable::intern(std::string_view text) {
  if (text.empty()) return kEmptyString;
  const std::uint64_t hash = quick_hash(text);
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash & mask;
  for (; slots_[slot] != kEmptySlot; slot = (slot + 1) & mask)
    if (hashes_[slots_[slot]] == hash && (*this)[slots_[slot]] == text) return slots_[slot];
  const auto id = static_cast<StringId>(size());
  bytes_ += text;
  begins_.push_back(bytes_.size());
  hashes_.push_back(hash);
  slots_[slot] = id;
  if (2 * size() > slots_.size()) grow_slots();  // at most half full: probes stay short
  return id;
}

void StringTable::grow_slots() {
  slots_.assign(2 * slots_.size(), kEmptySlot);
  const std::size_t mask = slots_.size() - 1;
  for (StringId id = 0; id < size(); ++id) {
    std::size_t slot = hashes_[id] & mask;
    while (slots_[slot] != kEmptySlot) slot = (slot + 1) & mask;
    slots_[slot] = id;
  }
}

namespace {
// Paragraph::text_size is 32 bits wide: refused, never cut, past that (pages that large are far
// over any sensible --max-page-bytes).
void check_paragraph_size(const std::string& source, std::size_t size) {
  if (size > std::numeric_limits<std::uint32_t>::max())
    throw Error(source, "", fmt::format("a paragraph of {} bytes: paragraphs of 4 GiB or more are not supported", size));
}
}  // namespace

Paragraph& Document::add_paragraph(std::string_view text) {
  check_paragraph_size(source, text.size());
  Paragraph& paragraph = paragraphs.emplace_back();
  paragraph.text_begin = text_.size();
  paragraph.text_size = static_cast<std::uint32_t>(text.size());
  text_ += text;
  return paragraph;
}

void Document::extend_last_paragraph(std::string_view more) {
  Paragraph& last = paragraphs.back();
  check_paragraph_size(source, std::size_t{last.text_size} + more.size());
  if (last.text_begin + last.text_size != text_.size()) {  // not at the buffer's end: move it there
    const std::string copy(text(last));
    last.text_begin = text_.size();
    text_ += copy;
  }
  text_ += more;
  last.text_size += static_cast<std::uint32_t>(more.size());
}

}  // namespace pith
