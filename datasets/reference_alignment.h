#pragma once
// Labels for pith's paragraphs from a reference that says, token by token, what is content:
// the gold main text of a page (every token content), or an annotated copy of the page (each
// token labelled by its annotation). The reference's own paragraph breaks never need to match
// pith's: both sides become token sequences and are aligned (datasets/token_alignment.h).
#include <string_view>
#include <vector>

#include "features/labelled_page.h"

namespace pith {

struct ReferenceTokens {
  std::vector<std::string> tokens;
  std::vector<Label> labels;  // one per token

  void add_text(std::string_view utf8, Label label);
};

struct AlignmentRule {
  // A paragraph is content when at least this share of its tokens align to content tokens.
  double content_share = 0.5;
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

}  // namespace pith
