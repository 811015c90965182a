#pragma once
// Labels for pith's paragraphs from a reference that says, token by token, what is content:
// the gold main text of a page (every token content), or an annotated copy of the page (each
// token labelled by its annotation). The reference's own paragraph breaks never need to match
// pith's: both sides become token sequences and are aligned (datasets/token_alignment.h).
#include <string_view>
#include <vector>

#include "datasets/labelled_page.h"

namespace pith {

struct ReferenceTokens {
  std::vector<std::string> tokens;
  std::vector<Label> labels;  // one per token

  void add_text(std::string_view utf8, Label label);
};

struct AlignmentRule {
  // A paragraph is content when at least this share of its tokens align to content tokens.
  double content_share = 0.5;
  // Pages whose gold text is found in their paragraphs below this share are left out of
  // training: their labels from alignment cannot be trusted (the gold may belong to another
  // version of the page, or the page may hide its text from a parser).
  double minimum_coverage = 0.8;
};

struct AlignedLabels {
  std::vector<Label> labels;       // one per paragraph
  double coverage = 1.0;           // share of the reference's content tokens found in the paragraphs
  std::size_t content_tokens = 0;  // in the reference
};

AlignedLabels align_reference(const Document& document, const ReferenceTokens& reference,
                              const AlignmentRule& rule = {});

// The gold text as a reference of content tokens only.
ReferenceTokens gold_text_reference(std::string_view gold_text);

// Labels `page`'s paragraphs (already segmented) by aligning them to `reference`, and sets
// its coverage and, when coverage is below the rule's minimum, left_out.
void label_by_reference(LabelledPage& page, const ReferenceTokens& reference, const AlignmentRule& rule = {});

// For readers of gold-text datasets: labels `page`'s paragraphs (already segmented) by
// aligning them to `gold_text`, and sets its gold_text, coverage and, when coverage is below
// the rule's minimum, left_out. A page whose gold text is empty gets every paragraph
// boilerplate (an all-boilerplate page) and coverage 1.
void label_by_gold_text(LabelledPage& page, std::string gold_text, const AlignmentRule& rule = {});

}  // namespace pith
