#include "features/class_id_chain_cache.h"

#include <algorithm>

#include "features/quick_hash.h"

namespace pith {

std::uint64_t ClassIdChainCache::key(std::string_view values, StringId parent_chain) {
  return quick_hash(values) ^ ((std::uint64_t{parent_chain} + 1) * 0x9E3779B97F4A7C15ull);
}

void ClassIdChainCache::clear() {
  if (!entries_.empty()) std::fill(slots_.begin(), slots_.end(), 0u);
  entries_.clear();
  words_.clear();
  text_.clear();
}

const ClassIdChainCache::Chain* ClassIdChainCache::find(std::string_view values, StringId parent_chain,
                                                        std::uint64_t key) const {
  if (slots_.empty()) return nullptr;
  for (std::size_t slot = key & (kSlots - 1); slots_[slot] != 0; slot = (slot + 1) & (kSlots - 1)) {
    const Entry& entry = entries_[slots_[slot] - 1];
    if (entry.key == key && entry.parent_chain == parent_chain &&
        std::string_view(text_).substr(entry.values_begin, entry.values_end - entry.values_begin) == values)
      return &entry.chain;
  }
  return nullptr;
}

void ClassIdChainCache::add(std::string_view values, StringId parent_chain, std::uint64_t key,
                            std::span<const Word> words, std::string_view text, StringId id) {
  if (entries_.size() >= kMaxEntries || text_.size() + values.size() + text.size() > kMaxTextBytes ||
      words_.size() + words.size() > kMaxWords)
    return;
  if (slots_.empty()) slots_.resize(kSlots);
  std::size_t slot = key & (kSlots - 1);
  while (slots_[slot] != 0) slot = (slot + 1) & (kSlots - 1);
  Entry entry{key, parent_chain, static_cast<std::uint32_t>(text_.size()), 0, {}};
  text_ += values;
  entry.values_end = static_cast<std::uint32_t>(text_.size());
  entry.chain.text_begin = static_cast<std::uint32_t>(text_.size());
  text_ += text;
  entry.chain.text_end = static_cast<std::uint32_t>(text_.size());
  entry.chain.words_begin = static_cast<std::uint32_t>(words_.size());
  words_.insert(words_.end(), words.begin(), words.end());
  entry.chain.words_end = static_cast<std::uint32_t>(words_.size());
  entry.chain.id = id;
  entries_.push_back(entry);
  slots_[slot] = static_cast<std::uint32_t>(entries_.size());
}

}  // namespace pith
