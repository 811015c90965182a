#pragma once
// L2-regularised logistic regression, LIBLINEAR's primal objective (`train -s 0`):
//   f(w, b) = ||w||^2 / 2 + sum_i C_i * log(1 + exp(-y_i (w . x_i + b))),  y_i in {-1, +1}
// The bias b is not regularised. Solved by a line-search Newton method with conjugate
// gradient on Hessian-vector products (the method of LIBLINEAR >= 2.40, newton.cpp); the full
// Hessian is never formed (only the block of the few dense columns, as CG's preconditioner).
//
// Optionally an L1 term on the sparse hashed columns only (elastic net there: L2 stays on every
// weight, the bias is never regularised):
//   F(w, b) = f(w, b) + l1 * sum_{j sparse} |w_j|
// solved by OWL-QN (L-BFGS restricted to an orthant at each step, Andrew & Gao 2007), which
// leaves weak hashed columns at exactly 0.
#include <Eigen/Dense>

#include "features/progress.h"
#include "features/sparse_rows.h"

namespace pith::train {

// The rows to fit: dense columns (standardised by the caller), then, optionally, sparse hashed
// columns kept sparse all the way (binary token indicators need no standardisation). The
// weights follow the same order: dense columns first, then sparse ones.
struct DesignMatrix {
  DesignMatrix(const Eigen::MatrixXd& dense_columns, const SparseRows* sparse_columns = nullptr)  // NOLINT: implicit on purpose
      : dense(dense_columns), sparse(sparse_columns) {}
  const Eigen::MatrixXd& dense;
  const SparseRows* sparse;

  Eigen::Index rows() const { return dense.rows(); }
  Eigen::Index columns() const { return dense.cols() + (sparse ? Eigen::Index{sparse->columns()} : 0); }
};

struct LogisticRegressionOptions {
  double c = 1.0;             // cost of the summed loss against the regulariser
  // Stop when ||grad|| <= tolerance * max(min(#positive, #negative), 1) / #rows * ||grad at w=0||
  // (LIBLINEAR's rule, scaled for class imbalance).
  double tolerance = 1e-3;
  int max_iterations = 200;   // Newton iterations
  // Threads for the passes over the rows. Rows are cut into fixed chunks whatever the thread
  // count and the chunks' partial sums are added in chunk order, so every thread count gives
  // bit-identical results (1 runs everything on the calling thread).
  int threads = 1;
  // L1 strength on the sparse columns (0: none). Above 0, and with sparse columns present, the
  // fit uses OWL-QN; `tolerance` then applies to the norm of F's pseudo-gradient.
  double l1 = 0.0;
  enum class Method { automatic, newton, owlqn };
  // automatic: Newton without L1, OWL-QN with it. owlqn with l1 = 0 is plain L-BFGS (for
  // comparisons); newton with l1 > 0 is refused.
  Method method = Method::automatic;
  int max_quasi_newton_iterations = 2000;  // OWL-QN iterations (one or two passes over X each)
  int quasi_newton_memory = 10;            // L-BFGS correction pairs kept
};

struct LogisticRegressionFit {
  Eigen::VectorXd weights;    // one per column of the design matrix, dense columns first
  double bias = 0.0;
  int iterations = 0;
  double objective = 0.0;     // f at the returned weights (plus the L1 term when l1 > 0)
  double gradient_norm = 0.0; // of f, or of F's pseudo-gradient (the minimum-norm subgradient) when l1 > 0
  bool used_owlqn = false;
};

// `rows`: one row per example, already standardised by the caller. `is_positive`: 1 for the
// positive (content) class, 0 otherwise. `row_cost`: per-example multiplier of C (class or
// page weights); empty means 1 for every row. `start`: where the solver starts (one weight per
// column, then the bias), e.g. a fit on most of the same rows, which needs fewer iterations to
// reach the same stopping rule (still measured against the gradient at 0); null or empty: all 0.
// Throws std::invalid_argument on mismatched sizes.
LogisticRegressionFit fit_logistic_regression(const DesignMatrix& rows,
                                              const Eigen::VectorXd& is_positive,
                                              const Eigen::VectorXd& row_cost,
                                              const LogisticRegressionOptions& options,
                                              ProgressSink* progress = nullptr,
                                              const Eigen::VectorXd* start = nullptr);

// The objective above as a value for given weights, for tests and reports.
double logistic_regression_objective(const DesignMatrix& rows, const Eigen::VectorXd& is_positive,
                                     const Eigen::VectorXd& row_cost, double c,
                                     const Eigen::VectorXd& weights, double bias);

}  // namespace pith::train
