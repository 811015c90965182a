#include "train/logistic_regression.h"
#include "train/logistic_regression_detail.h"

// Solver: the line-search Newton method with preconditioned conjugate gradient of LIBLINEAR
// >= 2.40 (newton.cpp, release 2.40 replaced the trust-region TRON of earlier releases; Debian
// 12's liblinear-tools 2.3 still runs TRON). Objective: LIBLINEAR's l2r_lr_fun with
// regularize_bias = 0, the bias being the last of the n + 1 variables.
//
// Stopping rule as in LIBLINEAR's train_one: ||g|| <= eps * ||g(0)|| with
// eps = tolerance * max(min(#positive, #negative), 1) / #rows, so `tolerance` means what
// LIBLINEAR's `-e` means for `-s 0`. (The header's one-line comment on `tolerance` leaves out
// this class-balance factor.)

#include <fmt/format.h>

#include <cmath>
#include <string_view>

#include "train/newton_solver.h"
#include "train/objective.h"
#include "train/owlqn_solver.h"
#include "train/solver_validation.h"

namespace pith::train {

using namespace solver;
using Eigen::Index;
using Eigen::VectorXd;

LogisticRegressionFit fit_logistic_regression(const DesignMatrix& rows, const Eigen::VectorXd& is_positive,
                                              const Eigen::VectorXd& row_cost,
                                              const LogisticRegressionOptions& options, ProgressSink* progress,
                                              const Eigen::VectorXd* start) {
  constexpr std::string_view kFunction = "fit_logistic_regression";
  const ClassCounts counts = validate_data(kFunction, rows, is_positive, row_cost, options.c);
  if (!(options.tolerance > 0.0) || !std::isfinite(options.tolerance))
    fail(kFunction, fmt::format("tolerance must be positive and finite, got {}", options.tolerance));
  if (options.threads < 1) fail(kFunction, fmt::format("threads must be at least 1, got {}", options.threads));
  if (options.max_iterations < 0)
    fail(kFunction, fmt::format("max_iterations must not be negative, got {}", options.max_iterations));
  if (!(options.l1 >= 0.0) || !std::isfinite(options.l1))
    fail(kFunction, fmt::format("l1 must be non-negative and finite, got {}", options.l1));
  if (options.l1 > 0.0 && options.method == LogisticRegressionOptions::Method::newton)
    fail(kFunction, "the Newton method cannot fit an L1 term; use Method::automatic or Method::owlqn");
  if (options.max_quasi_newton_iterations < 0 || options.quasi_newton_memory < 1)
    fail(kFunction, fmt::format("max_quasi_newton_iterations must not be negative and quasi_newton_memory must be at "
                                "least 1, got {} and {}",
                                options.max_quasi_newton_iterations, options.quasi_newton_memory));
  // With the bias unregularised, one class alone (or one class at zero cost) has no finite
  // minimiser: the bias would run off to infinity.
  if (!(counts.positive_cost > 0.0) || !(counts.negative_cost > 0.0))
    fail(kFunction, fmt::format("both classes need rows of positive cost ({} positive, {} negative rows)",
                                counts.positive, counts.negative));

  const double l = static_cast<double>(rows.rows());
  const double eps =
      options.tolerance * std::max(static_cast<double>(std::min(counts.positive, counts.negative)), 1.0) / l;
  constexpr double kEpsCg = 0.5;

  LogisticObjective objective(rows, is_positive, row_cost, options.c, options.threads);
  VectorXd w = VectorXd::Zero(objective.variables());
  if (start && start->size() != 0) {
    if (start->size() != objective.variables())
      fail(kFunction, fmt::format("start has {} values for {} columns and the bias", start->size(),
                                  objective.variables()));
    if (!start->allFinite()) fail(kFunction, "start must be finite");
    w = *start;
  }
  // L1 on the sparse columns, which sit between the dense ones and the bias.
  const Index l1_begin = rows.dense.cols(), l1_end = rows.columns();
  const bool owlqn = options.method == LogisticRegressionOptions::Method::owlqn ||
                     (options.method == LogisticRegressionOptions::Method::automatic && options.l1 > 0.0 &&
                      l1_end > l1_begin);
  LogisticRegressionFit fit;
  if (owlqn) {
    OwlqnSolver solver(objective, l1_begin, l1_end, options.l1, eps, options.max_quasi_newton_iterations,
                       options.quasi_newton_memory, progress);
    const NewtonResult result = solver.minimise(w);
    fit.weights = w.head(rows.columns());
    fit.bias = w(rows.columns());
    fit.iterations = result.iterations;
    fit.used_owlqn = true;
    fit.objective = objective.evaluate(w) + solver.penalty(w);
    VectorXd g(objective.variables()), pg(objective.variables());
    objective.gradient(w, g);
    solver.pseudo_gradient(w, g, pg);
    fit.gradient_norm = pg.norm();
    return fit;
  }
  NewtonSolver solver(objective, eps, kEpsCg, options.max_iterations, progress);
  const NewtonResult result = solver.minimise(w);

  fit.weights = w.head(rows.columns());
  fit.bias = w(rows.columns());
  fit.iterations = result.iterations;
  // Re-evaluated from scratch (the solver's X w is updated incrementally) so that `objective`
  // equals logistic_regression_objective() at the returned weights bit for bit.
  fit.objective = objective.evaluate(w);
  VectorXd g(objective.variables());
  objective.gradient(w, g);
  fit.gradient_norm = g.norm();
  return fit;
}

double logistic_regression_objective(const DesignMatrix& rows, const Eigen::VectorXd& is_positive,
                                     const Eigen::VectorXd& row_cost, double c, const Eigen::VectorXd& weights,
                                     double bias) {
  constexpr std::string_view kFunction = "logistic_regression_objective";
  validate_data(kFunction, rows, is_positive, row_cost, c);
  validate_point(kFunction, rows, weights, bias);
  LogisticObjective objective(rows, is_positive, row_cost, c, 1);
  return objective.evaluate(with_bias(weights, bias));
}

// Test hooks (declared in train/logistic_regression_detail.h): they run the same Objective
// code as the solver.
namespace detail {

Eigen::VectorXd logistic_regression_gradient(const DesignMatrix& rows, const Eigen::VectorXd& is_positive,
                                             const Eigen::VectorXd& row_cost, double c,
                                             const Eigen::VectorXd& weights, double bias) {
  constexpr std::string_view kFunction = "logistic_regression_gradient";
  validate_data(kFunction, rows, is_positive, row_cost, c);
  validate_point(kFunction, rows, weights, bias);
  LogisticObjective objective(rows, is_positive, row_cost, c, 1);
  const VectorXd w = with_bias(weights, bias);
  objective.evaluate(w);
  VectorXd g;
  objective.gradient(w, g);
  return g;
}

Eigen::VectorXd logistic_regression_hessian_vector(const DesignMatrix& rows,
                                                   const Eigen::VectorXd& is_positive,
                                                   const Eigen::VectorXd& row_cost, double c,
                                                   const Eigen::VectorXd& weights, double bias,
                                                   const Eigen::VectorXd& direction) {
  constexpr std::string_view kFunction = "logistic_regression_hessian_vector";
  validate_data(kFunction, rows, is_positive, row_cost, c);
  validate_point(kFunction, rows, weights, bias);
  if (direction.size() != rows.columns() + 1)
    fail(kFunction, fmt::format("direction has {} entries, expected {}", direction.size(), rows.columns() + 1));
  LogisticObjective objective(rows, is_positive, row_cost, c, 1);
  const VectorXd w = with_bias(weights, bias);
  objective.evaluate(w);
  VectorXd hs;
  objective.hessian_vector(w, direction, hs);
  return hs;
}

Eigen::VectorXd logistic_regression_hessian_diagonal(const DesignMatrix& rows,
                                                     const Eigen::VectorXd& is_positive,
                                                     const Eigen::VectorXd& row_cost, double c,
                                                     const Eigen::VectorXd& weights, double bias) {
  constexpr std::string_view kFunction = "logistic_regression_hessian_diagonal";
  validate_data(kFunction, rows, is_positive, row_cost, c);
  validate_point(kFunction, rows, weights, bias);
  LogisticObjective objective(rows, is_positive, row_cost, c, 1);
  objective.want_dense_diagonal();
  const VectorXd w = with_bias(weights, bias);
  objective.evaluate(w);
  VectorXd m;
  objective.hessian_diagonal(w, m);
  return m;
}

}  // namespace detail
}  // namespace pith::train
