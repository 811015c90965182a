// The scorer's arithmetic: what the paragraph and stacking stages compute for each row.
#include "model/linear_scorer.h"

#include <cmath>
#include <stdexcept>

namespace pith {

Eigen::VectorXd LinearScorer::margins(const Eigen::MatrixXd& rows, const SparseRows* sparse) const {
  // Folding the standardisation into the weights keeps scoring one matrix-vector product.
  const Eigen::VectorXd scaled_weights = weights.cwiseQuotient(scale);
  const double shifted_bias = bias - scaled_weights.dot(mean);
  Eigen::VectorXd result = (rows * scaled_weights).array() + shifted_bias;
  if (sparse_weights.size() > 0) {
    if (!sparse || sparse->rows() != static_cast<std::size_t>(rows.rows()) ||
        sparse->columns() != static_cast<std::size_t>(sparse_weights.size()))
      throw std::logic_error("LinearScorer::margins: the scorer has hashed weights but no matching hashed rows");
    for (std::size_t r = 0; r < sparse->rows(); ++r)
      for (const SparseEntry* e = sparse->row_begin(r); e != sparse->row_end(r); ++e)
        result[static_cast<Eigen::Index>(r)] += sparse_weights[e->column] * e->value;
  }
  return result;
}

Eigen::VectorXd LinearScorer::probabilities(const Eigen::MatrixXd& rows, const SparseRows* sparse) const {
  return margins(rows, sparse).unaryExpr([](double z) {
    return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
  });
}

}  // namespace pith
