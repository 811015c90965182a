#pragma once
// The class/id word chains the HTML segmenter builds (an element's own class/id words, then
// its nearest named ancestor's chain, each word once, at most 32), kept by what decides them:
// the element's class and id values as written and the id of the ancestor's chain. Pages
// repeat the same classed elements under the same ancestors (list items, cards, table cells,
// comments), and splitting, lower-casing, hashing, de-duplicating and interning their words
// again was the largest part of the segmenter's time. Its ids are one page's: cleared between
// pages, it keeps its buffers, so a thread's pages do not allocate them again (segment_html
// keeps one a thread). Bounded, so a page of a million distinct chains costs about what it
// costs without it.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "features/paragraph.h"

namespace pith {

class ClassIdChainCache {
 public:
  // A chain's word: where it sits in the chain's text, and its FNV-1a hash (html_name_hash).
  struct Word {
    std::uint32_t offset, length;
    std::uint64_t hash;
  };
  struct Chain {
    std::uint32_t words_begin = 0, words_end = 0;  // in words()
    std::uint32_t text_begin = 0, text_end = 0;    // in text(): the words joined by single spaces
    StringId id = kEmptyString;                    // that text in the page's string table
  };

  // Forgets every chain (a new page), keeping the buffers' room.
  void clear();

  // What find and add take as `key`.
  static std::uint64_t key(std::string_view values, StringId parent_chain);
  // The chain kept for an element whose class and id values are `values` under the ancestor
  // chain `parent_chain`, or nullptr.
  const Chain* find(std::string_view values, StringId parent_chain, std::uint64_t key) const;
  // Keeps a chain just built: `words` with offsets into `text`. Nothing when the cache is full.
  void add(std::string_view values, StringId parent_chain, std::uint64_t key, std::span<const Word> words,
           std::string_view text, StringId id);

  const Word& word(std::size_t i) const { return words_[i]; }
  std::string_view text(const Chain& chain) const {
    return std::string_view(text_).substr(chain.text_begin, chain.text_end - chain.text_begin);
  }

 private:
  struct Entry {
    std::uint64_t key;
    StringId parent_chain;
    std::uint32_t values_begin, values_end;  // in text_
    Chain chain;
  };
  static constexpr std::size_t kSlots = 4096;  // a power of two
  static constexpr std::size_t kMaxEntries = kSlots / 2;
  static constexpr std::size_t kMaxTextBytes = 1024 * 1024;
  static constexpr std::size_t kMaxWords = 64 * 1024;

  std::vector<std::uint32_t> slots_;  // index in entries_ + 1, 0: free; allocated at the first add
  std::vector<Entry> entries_;
  std::vector<Word> words_;
  std::string text_;
};

}  // namespace pith
