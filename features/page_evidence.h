#pragma once
// Page-level evidence: what kind of page a paragraph is on (cards and comment threads, lists,
// tables, forms, articles) and the page's own headline. The same repeated block is content on
// a forum or a listing page and boilerplate under an article; a linear model can only tell
// them apart when it sees the page's make-up beside the paragraph's own features. Computed
// once per page from the segmenter's paragraphs; the dense feature table (feature_table.h,
// families "page-type" and "heading") reads it.
#include <cstddef>
#include <vector>

#include "features/paragraph.h"
#include "features/text_statistics.h"

namespace pith {

// A paragraph of at least this many words is "long": article text, rarely boilerplate.
inline constexpr std::size_t kLongParagraphWords = 30;
// A block repeated this many times among its siblings is a card, comment or listing entry.
inline constexpr std::size_t kRepeatedBlock = 3;
// Paragraphs of more words than this are never matched against the title: a headline is short.
inline constexpr std::size_t kMaxHeadlineWords = 40;

struct PageEvidence {
  // Shares of the page's words (TextStatistics::words) in paragraphs ...
  double list_share = 0;      // inside ul, ol, dl or menu
  double table_share = 0;     // inside a table
  double form_share = 0;      // inside a form or form control
  double repeated_share = 0;  // whose block is repeated kRepeatedBlock times or more
  double comment_share = 0;   // under a class or id naming comments, replies or reviews
  double article_share = 0;   // inside article or main
  std::size_t long_paragraphs = 0;  // paragraphs of kLongParagraphWords or more words
  // Per paragraph: the share of its distinct words (ASCII lower-cased) that the page's <title>
  // holds, for paragraphs of 2 to kMaxHeadlineWords words; 0 otherwise or without a title.
  std::vector<float> title_match;
  // Per paragraph: the share of the headline's distinct words the paragraph holds, for
  // paragraphs of 2 to kMaxHeadlineWords words; 0 otherwise. The headline is the longest part of
  // the <title> split at " | ", " - ", " – ", " — ", " :: " and " · " ("Bridge reopens | The
  // Gazette" -> "Bridge reopens"): a title names the site too, and a site's logo holds only
  // title words, but few of the headline's.
  std::vector<float> headline_cover;
};

PageEvidence compute_page_evidence(const Document& document, const std::vector<TextStatistics>& stats);

}  // namespace pith
