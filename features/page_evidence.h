#pragma once
// Page-level evidence: what kind of page a paragraph is on (cards and comment threads, lists,
// tables, forms, articles) and the page's own headline. The same repeated block is content on
// a forum or a listing page and boilerplate under an article; a linear model can only tell
// them apart when it sees the page's make-up beside the paragraph's own features. Computed
// once per page from the segmenter's paragraphs. Not yet read by the dense feature table: a
// model trained with it as table features (title_match, the page shares and the list, table and
// comment products, without the repeated-block ones) gained on WCXB (word F1 0.8115 to 0.8225,
// every page type up) and four other test splits, but lost 0.0008 BoW F1 on L3S-GN1, so the
// default model does not use it yet (branch acc, issue 19 report).
#include <cstddef>
#include <vector>

#include "features/feature_table.h"
#include "features/paragraph.h"
#include "features/text_statistics.h"

namespace pith {

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
};

PageEvidence compute_page_evidence(const Document& document, const std::vector<TextStatistics>& stats);

}  // namespace pith
