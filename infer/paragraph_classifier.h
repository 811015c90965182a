#pragma once
// Scoring a segmented page with a model: one p(content) and label per paragraph, and on
// request the features that weighed most in each decision.
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "features/paragraph.h"
#include "features/sparse_rows.h"
#include "model/model_file.h"

namespace pith {

// One term of a scorer's margin: weight times (standardised) value, named after the feature
// ("log_words", "prev1.link_density", "class:comment"; several tokens sharing a hashed column
// are joined by " | ").
struct FeatureContribution {
  std::string feature;
  double contribution = 0.0;
};

struct ParagraphScore {
  ParagraphScore() = default;
  ParagraphScore(double p, bool content) : p_content(p), is_content(content) {}

  double p_content = 0.0;
  bool is_content = false;
  // Filled when asked for (classify_paragraphs' `explain`): the paragraph stage's largest
  // contributions by size, then the stacking stage's (names prefixed "stacking.").
  std::vector<FeatureContribution> paragraph_contributions;
  std::vector<FeatureContribution> stacking_contributions;
};

// A page's rows for one head: dense FeatureLayout rows and, when the head hashes, sparse rows.
struct PageRows {
  Eigen::MatrixXd dense;
  SparseRows sparse;
};
PageRows page_rows(const ModelHead& head, const Document& document);

// Throws pith::Error when the model has no head that can score this kind of page. With
// `explain` > 0, each score lists that many of the largest contributions of each stage.
std::vector<ParagraphScore> classify_paragraphs(const Model& model, const Document& document, int explain = 0);

}  // namespace pith
