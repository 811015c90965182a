#include "features/hashed_features.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "features/unicode.h"

namespace pith {

namespace {

// A word of a paragraph's text: bytes [begin, end). Words are runs of letters and digits, every
// CJK character a word of its own (as the text-level measures count them).
struct WordSpan {
  std::uint32_t begin = 0, end = 0;
};

// What the word sources take from a paragraph's words: every word while there are at most
// kShortParagraphWords (one more tells a long paragraph), the last two, and the first two of
// each of the first kMaxLineTokens lines. Words are kept as spans of the text, not copies, so
// a page's paragraphs cost no allocation here.
struct WordSummary {
  // words counted, up to a point: once past kShortParagraphWords the exact number matters to
  // no token, and the words in the middle of a long paragraph are not looked at
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

// What the word scan does with a byte: ASCII is told by table, the rest is decoded.
enum class ByteKind : std::uint8_t { other, word, newline, multibyte };

constexpr std::array<ByteKind, 256> kByteKinds = [] {
  std::array<ByteKind, 256> kinds{};
  for (int byte = 0; byte < 256; ++byte) {
    const bool word = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
    kinds[static_cast<std::size_t>(byte)] = byte >= 0x80    ? ByteKind::multibyte
                                            : word          ? ByteKind::word
                                            : byte == '\n'  ? ByteKind::newline
                                                            : ByteKind::other;
  }
  return kinds;
}();

ByteKind kind_of(char byte) { return kByteKinds[static_cast<unsigned char>(byte)]; }

// Calls `on_word` with each word of text[i..], in order; `i` is a code-point boundary outside
// any word. Counts the line breaks passed in `line_breaks`, each after the word it ends.
// `on_word` returns false to stop the scan: it stops at the character that ended that word,
// a boundary outside any word, which is not yet looked at and is returned (text.size() when
// the scan ran to the end). Lines end at '\n', which is no word character, so one pass gives
// the words of the text and those of each line alike.
template <class OnWord>
std::size_t scan_words(std::string_view text, std::size_t i, std::size_t& line_breaks, OnWord&& on_word) {
  const auto at = [](std::size_t k) { return static_cast<std::uint32_t>(k); };
  std::size_t word_start = std::string_view::npos;
  while (i < text.size()) {
    const std::size_t start = i;
    const ByteKind kind = kind_of(text[i]);
    bool word_character;
    if (kind != ByteKind::multibyte) {  // ASCII, the common case, without decoding
      ++i;
      word_character = kind == ByteKind::word;
    } else {
      const char32_t c = next_code_point(text, i);
      if (is_cjk(c)) {
        if (word_start != std::string_view::npos && !on_word(WordSpan{at(word_start), at(start)})) return start;
        word_start = std::string_view::npos;
        if (!on_word(WordSpan{at(start), at(i)})) return i;
        continue;
      }
      word_character = is_word_character(c);
    }
    if (word_character) {
      if (word_start == std::string_view::npos) word_start = start;
      continue;
    }
    if (word_start != std::string_view::npos) {
      if (!on_word(WordSpan{at(word_start), at(start)})) return start;
      word_start = std::string_view::npos;
    }
    if (kind == ByteKind::newline) ++line_breaks;
  }
  if (word_start != std::string_view::npos) on_word(WordSpan{at(word_start), at(text.size())});
  return text.size();
}

// Where a scan from `from` may resume to find the last two words of the text without scanning
// what lies between: the start of the second-last ASCII word that follows an ASCII non-word
// byte. A scan is at a code-point boundary there when the three bytes before that non-word
// byte are ASCII too (no longer sequence can reach over them), so it finds the same words from
// there as from `from`. text.size() when there is no such place (scripts without ASCII spaces).
std::size_t last_words_resume(std::string_view text, std::size_t from) {
  const auto ascii_before = [&](std::size_t k) {
    for (std::size_t j = k; j > from && j + 3 > k; --j)
      if (static_cast<unsigned char>(text[j - 1]) >= 0x80) return false;
    return true;
  };
  int starts = 0;
  for (std::size_t k = text.size() - 1; k > from; --k) {
    const ByteKind before = kind_of(text[k - 1]);
    if (kind_of(text[k]) == ByteKind::word && (before == ByteKind::other || before == ByteKind::newline) &&
        ascii_before(k - 1) && ++starts == 2)
      return k;
  }
  return text.size();
}

// The summary of the words of `text`. A long paragraph's middle matters to no token: once its
// leading words and line starts are known, the scan skips to just before its last two words.
WordSummary summarise_words(std::string_view text) {
  WordSummary summary;
  std::size_t line_breaks = 0;
  std::size_t lines_end = std::string_view::npos;  // after the last '\n', found when needed
  // after `word`: whether a word or line break still to come may change the summary but for
  // its last two words (the scan stops at word.end, so no '\n' at or after it may count)
  const auto needs_more = [&](WordSpan word) {
    if (summary.count <= kShortParagraphWords) return true;
    if (summary.line_count > kMaxLineTokens) return false;
    if (lines_end == std::string_view::npos) {
      const void* newline = memrchr(text.data(), '\n', text.size());
      lines_end = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) + 1 : 0;
    }
    return word.end < lines_end || summary.lines[summary.line_count - 1].words < 2;
  };
  const std::size_t stop = scan_words(text, 0, line_breaks, [&](WordSpan word) {
    summary.line_count = 1 + line_breaks;
    add_word(summary, word);
    return needs_more(word);
  });
  summary.line_count = 1 + line_breaks;
  if (stop == text.size()) return summary;
  // the rest has no '\n' that counts, and gives only the last two words
  const std::size_t resume = last_words_resume(text, stop);
  std::size_t ignored_breaks = 0;
  scan_words(text, resume == text.size() ? stop : resume, ignored_breaks, [&](WordSpan word) {
    summary.last[0] = summary.last[1];
    summary.last[1] = word;
    return true;
  });
  return summary;
}

// The sources of the tokens; a token is the source's prefix and its text.
enum class TokenSource : std::uint8_t { class_word, path, line, word, words, first, last };
constexpr std::array<std::string_view, 7> kSourcePrefixes{"class:", "path:", "line:", "word:",
                                                          "words:", "first:", "last:"};

std::string_view prefix_of(TokenSource source) { return kSourcePrefixes[static_cast<std::size_t>(source)]; }

// A token in parts, as the token visitors get it: "<prefix><first>", or "<prefix><first>
// <second>" for a pair of words. The word sources' words are lower-cased (ASCII only, as the
// tokens are hashed and the scripts with case beyond ASCII are few in the datasets); class
// words and tag paths are taken as they are.
struct TokenParts {
  TokenSource source;
  std::string_view first;
  std::string_view second;  // pairs only
  bool pair = false;
};

bool lower_cased(TokenSource source) { return source != TokenSource::class_word && source != TokenSource::path; }

// The class and path tokens of an HTML paragraph, in their fixed order (before the word tokens).
template <class Visit>
void visit_markup_tokens(const Document& document, const Paragraph& paragraph, Visit&& visit) {
  std::string_view words = document.class_id_words(paragraph);
  while (!words.empty()) {
    const std::size_t space = words.find(' ');
    const std::string_view word = words.substr(0, space);
    words.remove_prefix(space == std::string_view::npos ? words.size() : space + 1);
    if (!word.empty()) visit(TokenParts{TokenSource::class_word, word, {}, false});
  }
  // suffixes of the tag path: "p", "article p", "div article p"
  const std::string_view path = document.tag_path(paragraph);
  std::size_t start = path.size();
  for (int length = 1; length <= 3 && start > 0; ++length) {
    const std::size_t space = path.rfind(' ', start - 1);
    start = space == std::string_view::npos ? 0 : space + 1;
    visit(TokenParts{TokenSource::path, path.substr(start), {}, false});
    if (space == std::string_view::npos) break;
    start = space;
  }
}

// The line, word, words, first and last tokens, in their fixed order. Templates, so
// append_hashed_rows's visitor is inlined rather than called through std::function per token.
template <class Visit>
void visit_word_tokens(std::string_view text, Visit&& visit) {
  const WordSummary words = summarise_words(text);
  const auto of = [&](WordSpan word) { return text.substr(word.begin, word.end - word.begin); };
  const auto single = [&](TokenSource source, WordSpan a) { visit(TokenParts{source, of(a), {}, false}); };
  const auto pair = [&](TokenSource source, WordSpan a, WordSpan b) { visit(TokenParts{source, of(a), of(b), true}); };
  // a paragraph of several lines (share links, menus, addresses): how each line starts
  if (words.line_count > 1) {
    for (std::size_t k = 0; k < std::min(words.line_count, kMaxLineTokens); ++k) {
      const WordSummary::Line& line = words.lines[k];
      if (line.words == 1) single(TokenSource::line, line.first[0]);
      if (line.words == 2) pair(TokenSource::line, line.first[0], line.first[1]);
    }
  }
  if (words.count == 0) return;
  if (words.count <= kShortParagraphWords) {
    for (std::size_t i = 0; i < words.count; ++i) {
      single(TokenSource::word, words.leading[i]);
      if (i + 1 < words.count) pair(TokenSource::words, words.leading[i], words.leading[i + 1]);
    }
  }
  if (words.count > 1) {
    pair(TokenSource::first, words.leading[0], words.leading[1]);
    pair(TokenSource::last, words.last[0], words.last[1]);
  } else {
    single(TokenSource::first, words.leading[0]);
  }
}

// Spells a token, for the callers that name tokens.
std::string_view spell(const TokenParts& token, std::string& out) {
  const auto append = [&](std::string_view part) {
    if (!lower_cased(token.source)) {
      out += part;
      return;
    }
    for (const char c : part) out += static_cast<char>(TokenHash::ascii_lower(static_cast<unsigned char>(c)));
  };
  out.assign(prefix_of(token.source));
  append(token.first);
  if (token.pair) {
    out += ' ';
    append(token.second);
  }
  return out;
}

// Columns of tokens given in parts, hashing each source's prefix once: the same bytes as
// FeatureHashing::column(spelled token), so the same column.
class TokenColumns {
 public:
  explicit TokenColumns(const FeatureHashing& hashing) : hashing_(hashing) {
    for (std::size_t s = 0; s < kSourcePrefixes.size(); ++s) {
      prefixed_.push_back(hashing.start());
      prefixed_.back().add(kSourcePrefixes[s]);
    }
  }

  std::uint32_t operator()(const TokenParts& token) const {
    TokenHash hash = prefixed_[static_cast<std::size_t>(token.source)];
    if (!lower_cased(token.source)) {
      hash.add(token.first);
    } else {
      hash.add_ascii_lower(token.first);
      if (token.pair) {
        hash.add(' ');
        hash.add_ascii_lower(token.second);
      }
    }
    return hashing_.column(hash);
  }

 private:
  const FeatureHashing& hashing_;
  std::vector<TokenHash> prefixed_;  // after each source's prefix, by TokenSource
};

// The markup tokens' entries (by column, counts summed) of recently seen markup contexts (class
// words and tag path). Neighbouring paragraphs mostly sit in the same elements, and a page goes back and
// forth between a few contexts (list items and their list's heading, a post and its comments),
// so of a page's changes of context about 40% return to one of the last 16; their class and
// path tokens (up to 35 a paragraph, most of the tokens on deeply classed pages) are then not
// hashed and sorted again.
class MarkupEntryCache {
 public:
  const std::vector<SparseEntry>& entries_of(const Document& document, const Paragraph& paragraph,
                                             const TokenColumns& column_of) {
    if (Slot* slot = find(paragraph)) {
      slot->last_use = ++uses_;
      return slot->entries;
    }
    Slot& slot = least_recently_used();
    slot.paragraph = &paragraph;
    slot.last_use = ++uses_;
    columns_.clear();
    visit_markup_tokens(document, paragraph, [&](const TokenParts& token) { columns_.push_back(column_of(token)); });
    std::sort(columns_.begin(), columns_.end());
    slot.entries.clear();
    for (const std::uint32_t column : columns_) {
      if (!slot.entries.empty() && slot.entries.back().column == column)
        slot.entries.back().value += 1.0f;
      else
        slot.entries.push_back({column, 1.0f});
    }
    return slot.entries;
  }

 private:
  static constexpr std::size_t kSlots = 16;
  struct Slot {
    const Paragraph* paragraph = nullptr;  // whose class words and tag path the columns are
    std::uint64_t last_use = 0;
    std::vector<SparseEntry> entries;
  };

  // Ids in one page's string table: the same id, the same string.
  static bool same_context(const Paragraph& a, const Paragraph& b) {
    return a.class_id_words == b.class_id_words && a.tag_path == b.tag_path;
  }
  Slot* find(const Paragraph& paragraph) {
    if (last_ && same_context(*last_->paragraph, paragraph)) return last_;  // the common case first
    for (Slot& slot : slots_)
      if (slot.paragraph && same_context(*slot.paragraph, paragraph)) return last_ = &slot;
    return nullptr;
  }
  Slot& least_recently_used() {
    Slot* oldest = &slots_[0];
    for (Slot& slot : slots_)
      if (slot.last_use < oldest->last_use) oldest = &slot;
    return *(last_ = oldest);
  }

  std::array<Slot, kSlots> slots_;
  std::vector<std::uint32_t> columns_;  // of the context being hashed, reused
  Slot* last_ = nullptr;
  std::uint64_t uses_ = 0;
};

}  // namespace

void for_each_hashed_token(const Document& document, const Paragraph& paragraph, PageKind layout_kind,
                           const std::function<void(std::string_view)>& visit) {
  std::string token;
  const auto spelled = [&](const TokenParts& parts) { visit(spell(parts, token)); };
  if (layout_kind == PageKind::html) visit_markup_tokens(document, paragraph, spelled);
  visit_word_tokens(document.text(paragraph), spelled);
}

void append_hashed_rows(const Document& document, PageKind layout_kind, const FeatureHashing& hashing,
                        SparseRows& rows) {
  append_hashed_rows(document, 0, document.paragraphs.size(), layout_kind, hashing, rows);
}

void append_hashed_rows(const Document& document, std::size_t first, std::size_t last, PageKind layout_kind,
                        const FeatureHashing& hashing, SparseRows& rows) {
  // A row is the paragraph's markup entries (shared with other paragraphs of its context) plus
  // its sorted word columns: the same row as from sorting all its tokens' columns together.
  const TokenColumns column_of(hashing);
  MarkupEntryCache markup_cache;
  const std::vector<SparseEntry> no_markup;
  std::vector<std::uint32_t> words;
  for (std::size_t p = first; p < last; ++p) {
    const Paragraph& paragraph = document.paragraphs[p];
    const std::vector<SparseEntry>& markup =
        layout_kind == PageKind::html ? markup_cache.entries_of(document, paragraph, column_of) : no_markup;
    words.clear();
    visit_word_tokens(document.text(paragraph), [&](const TokenParts& token) { words.push_back(column_of(token)); });
    std::sort(words.begin(), words.end());
    rows.append_row_plus_columns(markup, words);
  }
}

}  // namespace pith
