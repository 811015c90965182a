#include "features/hashed_features.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <vector>

#include "features/unicode.h"

namespace pith {

std::uint32_t FeatureHashing::column(std::string_view token) const {
  // FNV-1a from a seeded start, then the splitmix64 finaliser, whose top bits are well mixed
  // even for tokens that differ only in their last byte.
  std::uint64_t hash = 0xcbf29ce484222325ull ^ (seed * 0x9e3779b97f4a7c15ull);
  for (unsigned char c : token) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return static_cast<std::uint32_t>(hash >> (64 - bits));
}

namespace {

// A word of a paragraph's text: bytes [begin, end). Words are runs of letters and digits, every
// CJK character a word of its own (as the text-level measures count them).
struct WordSpan {
  std::uint32_t begin = 0, end = 0;
};

// What the word sources take from a paragraph's words, found in one pass over its text: every
// word while there are at most kShortParagraphWords (one more tells a long paragraph), the last
// two, and the first two of each of the first kMaxLineTokens lines. Words are kept as spans of
// the text, not copies, so a page's paragraphs cost no allocation here.
struct WordSummary {
  std::size_t count = 0;
  std::array<WordSpan, kShortParagraphWords + 1> leading;
  std::array<WordSpan, 2> last;  // last[1] is the final word
  struct Line {
    std::array<WordSpan, 2> first;
    std::uint8_t words = 0;  // up to 2
  };
  std::array<Line, kMaxLineTokens> lines;
  std::size_t line_count = 1;  // lines seen (1 + line breaks), only the first kMaxLineTokens kept
};

void add_word(WordSummary& summary, WordSpan word) {
  if (summary.count < summary.leading.size()) summary.leading[summary.count] = word;
  ++summary.count;
  summary.last[0] = summary.last[1];
  summary.last[1] = word;
  if (summary.line_count <= kMaxLineTokens) {
    WordSummary::Line& line = summary.lines[summary.line_count - 1];
    if (line.words < 2) line.first[line.words++] = word;
  }
}

// Lines end at '\n', which is no word character, so one pass gives the words of the text and
// those of each line alike.
WordSummary summarise_words(std::string_view text) {
  WordSummary summary;
  const auto at = [](std::size_t i) { return static_cast<std::uint32_t>(i); };
  std::size_t word_start = std::string_view::npos;
  const auto end_word = [&](std::size_t end) {
    if (word_start != std::string_view::npos) add_word(summary, {at(word_start), at(end)});
    word_start = std::string_view::npos;
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const auto byte = static_cast<unsigned char>(text[i]);
    bool word_character;
    if (byte < 0x80) {  // ASCII, the common case, without decoding
      ++i;
      word_character = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
    } else {
      const char32_t c = next_code_point(text, i);
      if (is_cjk(c)) {
        end_word(start);
        add_word(summary, {at(start), at(i)});
        continue;
      }
      word_character = is_word_character(c);
    }
    if (word_character) {
      if (word_start == std::string_view::npos) word_start = start;
    } else {
      end_word(start);
      if (byte == '\n') ++summary.line_count;
    }
  }
  end_word(text.size());
  return summary;
}

// Builds "<prefix><a>" or "<prefix><a> <b>" in `token`, lower-cased: ASCII only, as the tokens
// are hashed and the scripts with case beyond ASCII are few in the datasets.
std::string_view pair_token(std::string& token, std::string_view prefix, std::string_view text, WordSpan a,
                            const WordSpan* b) {
  const auto append_lower = [&](WordSpan word) {
    for (std::uint32_t k = word.begin; k < word.end; ++k) {
      const char c = text[k];
      token += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  };
  token.assign(prefix);
  append_lower(a);
  if (b) {
    token += ' ';
    append_lower(*b);
  }
  return token;
}

// The class and path tokens of an HTML paragraph, in their fixed order (before the word tokens).
template <class Visit>
void visit_markup_tokens(const Paragraph& paragraph, std::string& token, Visit&& visit) {
  std::string_view words = paragraph.class_id_words;
  while (!words.empty()) {
    const std::size_t space = words.find(' ');
    const std::string_view word = words.substr(0, space);
    words.remove_prefix(space == std::string_view::npos ? words.size() : space + 1);
    if (word.empty()) continue;
    token.assign("class:");
    token += word;
    visit(std::string_view(token));
  }
  // suffixes of the tag path: "p", "article p", "div article p"
  const std::string_view path = paragraph.tag_path;
  std::size_t start = path.size();
  for (int length = 1; length <= 3 && start > 0; ++length) {
    const std::size_t space = path.rfind(' ', start - 1);
    start = space == std::string_view::npos ? 0 : space + 1;
    token.assign("path:");
    token += path.substr(start);
    visit(std::string_view(token));
    if (space == std::string_view::npos) break;
    start = space;
  }
}

// The line, word, words, first and last tokens, in their fixed order. Templates, so
// append_hashed_rows's visitor is inlined rather than called through std::function per token.
template <class Visit>
void visit_word_tokens(const Paragraph& paragraph, std::string& token, Visit&& visit) {
  const std::string_view text = paragraph.text;
  const WordSummary words = summarise_words(text);
  // a paragraph of several lines (share links, menus, addresses): how each line starts
  if (words.line_count > 1) {
    for (std::size_t k = 0; k < std::min(words.line_count, kMaxLineTokens); ++k) {
      const WordSummary::Line& line = words.lines[k];
      if (line.words > 0)
        visit(pair_token(token, "line:", text, line.first[0], line.words > 1 ? &line.first[1] : nullptr));
    }
  }
  if (words.count == 0) return;
  if (words.count <= kShortParagraphWords) {
    for (std::size_t i = 0; i < words.count; ++i) {
      visit(pair_token(token, "word:", text, words.leading[i], nullptr));
      if (i + 1 < words.count) visit(pair_token(token, "words:", text, words.leading[i], &words.leading[i + 1]));
    }
  }
  visit(pair_token(token, "first:", text, words.leading[0], words.count > 1 ? &words.leading[1] : nullptr));
  if (words.count > 1) visit(pair_token(token, "last:", text, words.last[0], &words.last[1]));
}

}  // namespace

void for_each_hashed_token(const Paragraph& paragraph, PageKind layout_kind,
                           const std::function<void(std::string_view)>& visit) {
  std::string token;
  if (layout_kind == PageKind::html) visit_markup_tokens(paragraph, token, visit);
  visit_word_tokens(paragraph, token, visit);
}

void append_hashed_rows(const Document& document, PageKind layout_kind, const FeatureHashing& hashing,
                        SparseRows& rows) {
  // Neighbouring paragraphs mostly sit in the same elements, so their class and path tokens
  // (up to 35 a paragraph, most of the tokens on deeply classed pages) are the previous
  // paragraph's: those are hashed and sorted once per run of equal class words and tag path,
  // and merged with each paragraph's sorted word tokens. The row is the same as from sorting
  // all tokens together.
  std::vector<SparseEntry> markup, words, merged;
  std::string token;  // reused: its buffer outgrows every token after a few paragraphs
  const Paragraph* previous = nullptr;
  const auto add = [&](std::vector<SparseEntry>& entries) {
    return [&](std::string_view t) { entries.push_back({hashing.column(t), 1.0f}); };
  };
  for (const Paragraph& paragraph : document.paragraphs) {
    if (layout_kind == PageKind::html &&
        (!previous || paragraph.class_id_words != previous->class_id_words || paragraph.tag_path != previous->tag_path)) {
      markup.clear();
      visit_markup_tokens(paragraph, token, add(markup));
      std::sort(markup.begin(), markup.end(), column_less);
    }
    previous = &paragraph;
    words.clear();
    visit_word_tokens(paragraph, token, add(words));
    std::sort(words.begin(), words.end(), column_less);
    merged.clear();
    std::merge(markup.begin(), markup.end(), words.begin(), words.end(), std::back_inserter(merged), column_less);
    rows.append_sorted_row(merged);
  }
}

}  // namespace pith
