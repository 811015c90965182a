#pragma once
// The Newton-CG solver (LIBLINEAR >= 2.40's NEWTON) on an Objective.
// Private to train/: fit_logistic_regression (train/logistic_regression.cpp) is the contract.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include "features/progress.h"
#include "train/logistic_regression.h"
#include "train/objective.h"

namespace pith::train::solver {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// ---------------------------------------------------------------------------------------------
// NewtonSolver: LIBLINEAR's NEWTON (newton.cpp, >= 2.40) on an Objective. Each iteration solves
// H s = -g approximately by conjugate gradient preconditioned with the objective's M (LIBLINEAR
// uses M = (1 - 0.01) I + 0.01 diag(H); LogisticObjective factors the dense block of H exactly,
// see prepare_preconditioner), stopped when the quadratic model Q stops decreasing fast
// enough, then backtracks (Armijo, eta = 0.01, halving, at most 20 trials) along s.
struct NewtonResult {
  int iterations = 0;  // completed Newton iterations (accepted steps)
  double objective = 0.0;
  double gradient_norm = 0.0;
};

class NewtonSolver {
 public:
  NewtonSolver(Objective& objective, double eps, double eps_cg, int max_iterations, ProgressSink* progress)
      : objective_(objective),
        eps_(eps),
        eps_cg_(eps_cg),
        max_iterations_(max_iterations),
        progress_(progress),
        g_(objective.variables()),
        s_(objective.variables()),
        r_(objective.variables()),
        z_(objective.variables()),
        d_(objective.variables()),
        hd_(objective.variables()) {}

  // Minimises from `w` (updated in place). Stops when ||g|| <= eps ||g(0)||, after
  // max_iterations, when the line search fails or when f stops decreasing.
  NewtonResult minimise(VectorXd& w) {
    const Index n = objective_.variables();
    assert(w.size() == n);

    // ||g|| at w = 0 for the relative stopping rule.
    const VectorXd zero = VectorXd::Zero(n);
    double f = objective_.evaluate(zero);
    objective_.gradient(zero, g_);
    const double gnorm0 = g_.norm();
    double gnorm = gnorm0;
    if (!(w.array() == 0.0).all()) {
      f = objective_.evaluate(w);
      objective_.gradient(w, g_);
      gnorm = g_.norm();
    }
    note(fmt::format("newton: init f {:.6e} |g| {:.3e} (stop at |g| <= {:.3e})", f, gnorm, eps_ * gnorm0));

    NewtonResult result;
    const char* stop = gnorm <= eps_ * gnorm0 ? "gradient small enough" : "iteration limit";
    while (result.iterations < max_iterations_ && gnorm > eps_ * gnorm0) {
      objective_.prepare_preconditioner(w);
      const int cg_iterations = conjugate_gradient(w);

      const double f_old = f;
      const double step_size = line_search_and_update(w, f);
      if (step_size == 0.0) {
        stop = "line search failed";
        break;
      }
      ++result.iterations;
      objective_.gradient(w, g_);
      gnorm = g_.norm();
      note(fmt::format("newton: iter {:3d} f {:.6e} |g| {:.3e} CG {:3d} step {:.2e}{}", result.iterations, f, gnorm,
                       cg_iterations, step_size, cg_iterations >= max_cg_iterations() ? " (CG iteration limit)" : ""));
      if (gnorm <= eps_ * gnorm0) {
        stop = "gradient small enough";
        break;
      }
      if (std::abs(f_old - f) <= 1.0e-12 * std::abs(f)) {
        stop = "actual reduction too small";
        break;
      }
    }
    note(fmt::format("newton: stopped after {} iterations: {}", result.iterations, stop));
    result.objective = f;
    result.gradient_norm = gnorm;
    return result;
  }

 private:
  static constexpr double kEta = 0.01;  // Armijo sufficient-decrease constant
  static constexpr int kMaxLineSearchTrials = 20;
  static constexpr double kResidualGone = 1e-24;  // (1e-12)^2 of the start's squared M^-1 norm

  int max_cg_iterations() const { return static_cast<int>(std::max<Index>(objective_.variables(), 5)); }

  // Preconditioned CG on H s = -g at the current point w; leaves s in s_ and returns the number
  // of CG iterations. Stops when the decrease of Q(s) = g.s + s.Hs/2 in the last iteration is
  // small against its average decrease: j (Q_j - Q_{j-1}) >= min(eps_cg, sqrt(||g||_{M^-1})) Q_j.
  int conjugate_gradient(const VectorXd& w) {
    s_.setZero();
    r_ = -g_;
    objective_.precondition(r_, z_);
    d_ = z_;
    double z_dot_r = z_.dot(r_);
    const double z_dot_r_start = z_dot_r;
    const double cg_tolerance = std::min(eps_cg_, std::sqrt(std::sqrt(z_dot_r)));
    const int max_iterations = max_cg_iterations();
    double q = 0.0;
    int iterations = 0;
    while (iterations < max_iterations) {
      ++iterations;
      objective_.hessian_vector(w, d_, hd_);
      const double d_hd = d_.dot(hd_);
      if (d_hd <= 1.0e-16) break;  // avoid 0/0 in alpha
      const double alpha = z_dot_r / d_hd;
      s_.noalias() += alpha * d_;
      r_.noalias() -= alpha * hd_;

      const double q_new = -0.5 * (s_.dot(r_) - s_.dot(g_));
      const double q_diff = q_new - q;
      if (!(q_new <= 0.0 && q_diff <= 0.0)) break;  // rounding: the model no longer decreases
      if (iterations * q_diff >= cg_tolerance * q_new) break;
      q = q_new;

      objective_.precondition(r_, z_);
      const double z_dot_r_new = z_.dot(r_);
      // Residual gone (an exact preconditioner solves the model in one step): another H d
      // would cost a pass over X for nothing.
      if (z_dot_r_new <= kResidualGone * z_dot_r_start) break;
      const double beta = z_dot_r_new / z_dot_r;
      d_ = z_ + beta * d_;
      z_dot_r = z_dot_r_new;
    }
    return iterations;
  }

  // Backtracking from the full Newton step; each trial costs O(rows) thanks to the cached X s.
  // On success updates w and f and returns the step size; on failure leaves both and returns 0.
  double line_search_and_update(VectorXd& w, double& f) {
    const double g_dot_s = g_.dot(s_);
    objective_.set_direction(w, s_);
    double alpha = 1.0;
    for (int trial = 0; trial < kMaxLineSearchTrials; ++trial) {
      if (objective_.value_along(alpha) - f <= kEta * alpha * g_dot_s) {
        f = objective_.step(alpha, w);
        return alpha;
      }
      alpha *= 0.5;
    }
    return 0.0;
  }

  void note(const std::string& message) const {
    if (progress_ != nullptr) progress_->note(message);
  }

  Objective& objective_;
  double eps_;
  double eps_cg_;
  int max_iterations_;
  ProgressSink* progress_;
  VectorXd g_;   // gradient at the current point
  VectorXd s_;   // Newton direction
  VectorXd r_;   // CG residual -g - H s
  VectorXd z_;   // preconditioned residual
  VectorXd d_;   // CG search direction
  VectorXd hd_;  // H d
};

}  // namespace pith::train::solver
