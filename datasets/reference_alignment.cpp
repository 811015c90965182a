#include "datasets/reference_alignment.h"

#include <fmt/format.h>

#include "datasets/token_alignment.h"

namespace pith {

void ReferenceTokens::add_text(std::string_view utf8, Label label) {
  for (std::string& token : alignment_tokens(utf8)) {
    tokens.push_back(std::move(token));
    labels.push_back(label);
  }
}

ReferenceTokens gold_text_reference(std::string_view gold_text) {
  ReferenceTokens reference;
  reference.add_text(gold_text, Label::content);
  return reference;
}

AlignedLabels align_reference(const Document& document, const ReferenceTokens& reference, const AlignmentRule& rule) {
  std::vector<std::string> tokens;
  std::vector<std::size_t> paragraph_of_token;
  for (std::size_t p = 0; p < document.paragraphs.size(); ++p) {
    for (std::string& token : alignment_tokens(document.text(p))) {
      tokens.push_back(std::move(token));
      paragraph_of_token.push_back(p);
    }
  }
  const std::vector<std::int64_t> match = align_tokens(tokens, reference.tokens);

  const std::size_t count = document.paragraphs.size();
  std::vector<std::size_t> content(count, 0), total(count, 0);
  std::size_t matched_content = 0;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    ++total[paragraph_of_token[t]];
    if (match[t] >= 0 && reference.labels[static_cast<std::size_t>(match[t])] == Label::content) {
      ++content[paragraph_of_token[t]];
      ++matched_content;
    }
  }
  AlignedLabels result;
  result.labels.assign(count, Label::boilerplate);
  for (std::size_t p = 0; p < count; ++p)
    if (total[p] > 0 && static_cast<double>(content[p]) >= rule.content_share * static_cast<double>(total[p]))
      result.labels[p] = Label::content;
  for (Label label : reference.labels) result.content_tokens += label == Label::content;
  result.coverage = result.content_tokens == 0
                        ? 1.0
                        : static_cast<double>(matched_content) / static_cast<double>(result.content_tokens);
  return result;
}

void label_by_reference(LabelledPage& page, const ReferenceTokens& reference, const AlignmentRule& rule) {
  AlignedLabels aligned = align_reference(page.document, reference, rule);
  page.labels = std::move(aligned.labels);
  page.coverage = aligned.coverage;
  if (page.coverage < rule.minimum_coverage)
    page.left_out = fmt::format("only {:.0f} % of the {} content tokens are in the page's paragraphs (minimum {:.0f} %)",
                                100 * page.coverage, aligned.content_tokens, 100 * rule.minimum_coverage);
}

void label_by_gold_text(LabelledPage& page, std::string gold_text, const AlignmentRule& rule) {
  label_by_reference(page, gold_text_reference(gold_text), rule);
  page.gold_text = std::move(gold_text);
}

}  // namespace pith
