#pragma once
// A logistic regression over dense (standardised) and hashed sparse features: the unit both
// stages of a model head are made of (model/model_file.h).
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "features/sparse_rows.h"

namespace pith {

// One logistic regression: p = sigmoid(bias + w . z + v . h), z = (x - mean) / scale for the
// dense features x, h the hashed sparse features (not standardised).
struct LinearScorer {
  std::vector<std::string> feature_names;
  Eigen::VectorXd mean;
  Eigen::VectorXd scale;
  Eigen::VectorXd weights;
  double bias = 0.0;
  // One weight per hashed column (2^bits of them), or empty when the scorer has none.
  Eigen::VectorXd sparse_weights;

  // p for each row of raw (not standardised) features; `sparse` holds the same rows' hashed
  // features when the scorer has sparse weights.
  Eigen::VectorXd probabilities(const Eigen::MatrixXd& rows, const SparseRows* sparse = nullptr) const;
  // bias + w . z + v . h for each row: what probabilities() passes through the sigmoid.
  Eigen::VectorXd margins(const Eigen::MatrixXd& rows, const SparseRows* sparse = nullptr) const;
};

}  // namespace pith
