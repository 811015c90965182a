#pragma once
// Scoring a segmented page with a model: one p(content) and label per paragraph.
#include <vector>

#include <Eigen/Dense>

#include "features/paragraph.h"
#include "infer/model_file.h"

namespace pith {

struct ParagraphScore {
  double p_content = 0.0;
  bool is_content = false;
};

// Throws pith::Error when the model has no head that can score this kind of page.
std::vector<ParagraphScore> classify_paragraphs(const Model& model, const Document& document);

// p(content) of the head's last stage for raw FeatureLayout rows of one page, in page order.
Eigen::VectorXd page_probabilities(const ModelHead& head, const Eigen::MatrixXd& page_rows);

}  // namespace pith
