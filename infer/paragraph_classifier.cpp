#include "infer/paragraph_classifier.h"

#include "features/error.h"
#include "features/feature_table.h"

namespace pith {

Eigen::VectorXd content_probabilities(const ModelHead& head, const Eigen::MatrixXd& rows) {
  // Folding the standardisation into the weights keeps scoring one matrix-vector product.
  const Eigen::VectorXd scaled_weights = head.weights.cwiseQuotient(head.scale);
  const double bias = head.bias - scaled_weights.dot(head.mean);
  const Eigen::VectorXd margins = (rows * scaled_weights).array() + bias;
  return margins.unaryExpr([](double z) {
    return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
  });
}

std::vector<ParagraphScore> classify_paragraphs(const Model& model, const Document& document) {
  const ModelHead* head = model.head_for(document.kind);
  if (!head)
    throw Error(document.source, "",
                "the model has no head for this kind of page (it was trained on HTML only: retrain with text pages)");
  const FeatureLayout layout(head->kind);
  const Eigen::VectorXd p = content_probabilities(*head, layout.rows(document));
  std::vector<ParagraphScore> scores(document.paragraphs.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    scores[i].p_content = p[static_cast<Eigen::Index>(i)];
    scores[i].is_content = scores[i].p_content >= head->threshold;
  }
  return scores;
}

}  // namespace pith
