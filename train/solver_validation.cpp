#include "train/solver_validation.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace pith::train::solver {

using Eigen::Index;
using Eigen::VectorXd;

[[noreturn]] void fail(std::string_view function, const std::string& message) {
  throw std::invalid_argument(fmt::format("{}: {}", function, message));
}

ClassCounts validate_data(std::string_view function, const DesignMatrix& rows, const VectorXd& is_positive,
                          const VectorXd& row_cost, double c) {
  const Index l = rows.rows();
  if (l == 0) fail(function, "no rows to train on");
  if (is_positive.size() != l)
    fail(function, fmt::format("is_positive has {} entries but rows has {} rows", is_positive.size(), l));
  if (row_cost.size() != 0 && row_cost.size() != l)
    fail(function, fmt::format("row_cost has {} entries but rows has {} rows (empty means all 1)", row_cost.size(), l));
  if (!(c > 0.0) || !std::isfinite(c)) fail(function, fmt::format("C must be positive and finite, got {}", c));

  ClassCounts counts;
  for (Index i = 0; i < l; ++i) {
    const double label = is_positive(i);
    if (label != 0.0 && label != 1.0)
      fail(function, fmt::format("is_positive[{}] is {}; labels must be 0 or 1", i, label));
    const double cost = row_cost.size() == 0 ? 1.0 : row_cost(i);
    if (!std::isfinite(cost) || cost < 0.0)
      fail(function, fmt::format("row_cost[{}] is {}; costs must be finite and non-negative", i, cost));
    if (label == 1.0) {
      ++counts.positive;
      counts.positive_cost += cost;
    } else {
      ++counts.negative;
      counts.negative_cost += cost;
    }
  }
  if (!rows.dense.allFinite()) {
    for (Index j = 0; j < rows.dense.cols(); ++j)
      for (Index i = 0; i < l; ++i)
        if (!std::isfinite(rows.dense(i, j)))
          fail(function, fmt::format("rows({}, {}) is {}; features must be finite", i, j, rows.dense(i, j)));
  }
  if (rows.sparse) {
    if (static_cast<Index>(rows.sparse->rows()) != l)
      fail(function, fmt::format("the sparse columns have {} rows but the dense ones {}", rows.sparse->rows(), l));
    for (std::size_t r = 0; r < rows.sparse->rows(); ++r)
      for (const SparseEntry* e = rows.sparse->row_begin(r); e != rows.sparse->row_end(r); ++e)
        if (!std::isfinite(e->value) || e->column >= rows.sparse->columns())
          fail(function, fmt::format("sparse entry ({}, {}) is {}; features must be finite and in range", r, e->column,
                                     e->value));
  }
  return counts;
}

VectorXd with_bias(const VectorXd& weights, double bias) {
  VectorXd w(weights.size() + 1);
  w.head(weights.size()) = weights;
  w(weights.size()) = bias;
  return w;
}

void validate_point(std::string_view function, const DesignMatrix& rows, const VectorXd& weights, double bias) {
  if (weights.size() != rows.columns())
    fail(function, fmt::format("weights has {} entries but rows has {} columns", weights.size(), rows.columns()));
  if (!weights.allFinite() || !std::isfinite(bias)) fail(function, "weights and bias must be finite");
}

}  // namespace pith::train::solver
