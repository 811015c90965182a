#include "features/page_evidence.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "features/element_context.h"
#include "features/fnv1a.h"

namespace pith {
namespace {

// Distinct words of `text`, as sorted FNV-1a hashes into `out`: runs of ASCII letters and
// digits and of non-ASCII bytes (letters of other scripts), ASCII lower-cased. Cheaper than the
// text statistics' words and enough to match a headline against the title it repeats; hashes,
// not strings, so that a page's paragraphs cost no allocation (a 64-bit collision between two
// words of one page is not a concern).
void distinct_words(std::string_view text, std::vector<std::uint64_t>& out) {
  out.clear();
  std::uint64_t hash = fnv1a::kOffsetBasis;
  bool in_word = false;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool word_byte = byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                           (byte >= 'A' && byte <= 'Z');
    if (word_byte) {
      hash = fnv1a::add(hash, static_cast<unsigned char>(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte));
      in_word = true;
    } else if (in_word) {
      out.push_back(hash);
      hash = fnv1a::kOffsetBasis;
      in_word = false;
    }
  }
  if (in_word) out.push_back(hash);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// The longest part of `title` between separators (" | ", " - ", " – ", " — ", " :: ", " · "):
// the headline, without the site's name.
std::string_view headline_of(std::string_view title) {
  static constexpr std::string_view kSeparators[] = {" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00b7 "};
  std::string_view best;
  std::size_t begin = 0;
  while (begin <= title.size()) {
    std::size_t end = title.size(), width = 0;
    for (std::string_view separator : kSeparators) {
      const std::size_t at = title.find(separator, begin);
      if (at < end) {
        end = at;
        width = separator.size();
      }
    }
    if (end - begin > best.size()) best = title.substr(begin, end - begin);
    if (end == title.size()) break;
    begin = end + width;
  }
  return best;
}

}  // namespace

PageEvidence compute_page_evidence(const Document& document, const std::vector<TextStatistics>& stats) {
  PageEvidence evidence;
  const std::size_t count = document.paragraphs.size();
  evidence.title_match.assign(count, 0.0f);
  evidence.headline_cover.assign(count, 0.0f);
  double words = 0, list = 0, table = 0, form = 0, repeated = 0, comment = 0, article = 0;
  std::vector<std::uint64_t> title, headline, own;
  distinct_words(document.title, title);
  distinct_words(headline_of(document.title), headline);
  for (std::size_t i = 0; i < count; ++i) {
    const Paragraph& paragraph = document.paragraphs[i];
    const auto w = static_cast<double>(stats[i].words);
    words += w;
    if (paragraph.context & kInList) list += w;
    if (paragraph.context & kInTable) table += w;
    if (paragraph.context & kInForm) form += w;
    if (paragraph.repeated_siblings >= kRepeatedBlock) repeated += w;
    if (paragraph.context & kNamedComment) comment += w;
    if (paragraph.context & (kInArticle | kInMain)) article += w;
    if (stats[i].words >= kLongParagraphWords) ++evidence.long_paragraphs;
    if (!title.empty() && stats[i].words >= 2 && stats[i].words <= kMaxHeadlineWords) {
      distinct_words(document.text(paragraph), own);
      std::size_t in_title = 0;
      for (const std::uint64_t word : own) in_title += std::binary_search(title.begin(), title.end(), word) ? 1 : 0;
      if (!own.empty()) evidence.title_match[i] = static_cast<float>(static_cast<double>(in_title) / static_cast<double>(own.size()));
      std::size_t of_headline = 0;
      for (const std::uint64_t word : headline)
        of_headline += std::binary_search(own.begin(), own.end(), word) ? 1 : 0;
      if (!headline.empty())
        evidence.headline_cover[i] = static_cast<float>(static_cast<double>(of_headline) / static_cast<double>(headline.size()));
    }
  }
  if (words > 0) {
    evidence.list_share = list / words;
    evidence.table_share = table / words;
    evidence.form_share = form / words;
    evidence.repeated_share = repeated / words;
    evidence.comment_share = comment / words;
    evidence.article_share = article / words;
  }
  return evidence;
}

}  // namespace pith
