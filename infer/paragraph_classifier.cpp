#include "infer/paragraph_classifier.h"

#include "features/error.h"
#include "features/feature_table.h"
#include "infer/stacking_features.h"

namespace pith {

Eigen::VectorXd page_probabilities(const ModelHead& head, const Eigen::MatrixXd& page_rows) {
  const Eigen::VectorXd first_stage = head.paragraph.probabilities(page_rows);
  if (!head.stacking) return first_stage;
  return head.stacking->probabilities(stacking_rows(first_stage));
}

std::vector<ParagraphScore> classify_paragraphs(const Model& model, const Document& document) {
  const ModelHead* head = model.head_for(document.kind);
  if (!head)
    throw Error(document.source, "",
                "the model has no head for this kind of page (it was trained on HTML only: retrain with text pages)");
  const Eigen::VectorXd p = page_probabilities(*head, FeatureLayout::of(head->kind).rows(document));
  std::vector<ParagraphScore> scores(document.paragraphs.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    scores[i].p_content = p[static_cast<Eigen::Index>(i)];
    scores[i].is_content = scores[i].p_content >= head->threshold;
  }
  return scores;
}

}  // namespace pith
