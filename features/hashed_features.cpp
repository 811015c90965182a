#include "features/hashed_features.h"

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

// Lower-cased words: runs of letters and digits, every CJK character a word of its own (as
// the text-level measures count them). Lower-casing covers ASCII only: the tokens are hashed,
// and the scripts with case beyond ASCII are few in the datasets.
std::vector<std::string> lower_case_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  const auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(text, i);
    if (is_cjk(c)) {
      flush();
      words.emplace_back(text.substr(start, i - start));
    } else if (is_word_character(c)) {
      if (c < 0x80)
        current += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      else
        current.append(text.substr(start, i - start));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

void visit_pair(std::string& token, std::string_view prefix, const std::string& a, const std::string* b,
                const std::function<void(std::string_view)>& visit) {
  token.assign(prefix);
  token += a;
  if (b) {
    token += ' ';
    token += *b;
  }
  visit(token);
}

}  // namespace

void for_each_hashed_token(const Paragraph& paragraph, PageKind layout_kind,
                           const std::function<void(std::string_view)>& visit) {
  std::string token;
  if (layout_kind == PageKind::html) {
    std::string_view words = paragraph.class_id_words;
    while (!words.empty()) {
      const std::size_t space = words.find(' ');
      const std::string_view word = words.substr(0, space);
      words.remove_prefix(space == std::string_view::npos ? words.size() : space + 1);
      if (word.empty()) continue;
      token.assign("class:");
      token += word;
      visit(token);
    }
    // suffixes of the tag path: "p", "article p", "div article p"
    const std::string_view path = paragraph.tag_path;
    std::size_t start = path.size();
    for (int length = 1; length <= 3 && start > 0; ++length) {
      const std::size_t space = path.rfind(' ', start - 1);
      start = space == std::string_view::npos ? 0 : space + 1;
      token.assign("path:");
      token += path.substr(start);
      visit(token);
      if (space == std::string_view::npos) break;
      start = space;
    }
  }
  // a paragraph of several lines (share links, menus, addresses): how each line starts
  if (paragraph.text.find('\n') != std::string::npos) {
    std::string_view lines = paragraph.text;
    for (std::size_t count = 0; !lines.empty() && count < kMaxLineTokens; ++count) {
      const std::size_t newline = lines.find('\n');
      const std::vector<std::string> line_words = lower_case_words(lines.substr(0, newline));
      lines.remove_prefix(newline == std::string_view::npos ? lines.size() : newline + 1);
      if (!line_words.empty())
        visit_pair(token, "line:", line_words[0], line_words.size() > 1 ? &line_words[1] : nullptr, visit);
    }
  }
  const std::vector<std::string> words = lower_case_words(paragraph.text);
  if (words.empty()) return;
  if (words.size() <= kShortParagraphWords) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      visit_pair(token, "word:", words[i], nullptr, visit);
      if (i + 1 < words.size()) visit_pair(token, "words:", words[i], &words[i + 1], visit);
    }
  }
  visit_pair(token, "first:", words[0], words.size() > 1 ? &words[1] : nullptr, visit);
  if (words.size() > 1) visit_pair(token, "last:", words[words.size() - 2], &words.back(), visit);
}

void append_hashed_rows(const Document& document, PageKind layout_kind, const FeatureHashing& hashing,
                        SparseRows& rows) {
  std::vector<SparseEntry> entries;
  for (const Paragraph& paragraph : document.paragraphs) {
    entries.clear();
    for_each_hashed_token(paragraph, layout_kind,
                          [&](std::string_view token) { entries.push_back({hashing.column(token), 1.0f}); });
    rows.append_row(entries);
  }
}

}  // namespace pith
