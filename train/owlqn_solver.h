#pragma once
// The OWL-QN solver for an L1 penalty on a range of variables, on an Objective.
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
// OwlqnSolver: OWL-QN (Andrew & Gao, "Scalable training of L1-regularized log-linear models",
// ICML 2007) for F(w) = f(w) + l1 sum_{j in [l1_begin, l1_end)} |w_j| with f smooth (the
// Objective). Each iteration: the pseudo-gradient pg (the subgradient of least norm); the L-BFGS
// direction d = -H pg, with its components on L1 variables that disagree in sign with -pg set to
// 0; the orthant xi (sign of w_j, or of -pg_j where w_j = 0); backtracking on
// w(alpha) = P_xi(w + alpha d), which zeroes the L1 components that would leave the orthant,
// until F(w(alpha)) <= F(w) + gamma pg . (w(alpha) - w). The L-BFGS pairs use the gradient of
// f alone. Stops on ||pg|| <= eps ||pg(w = 0)||, the Newton solver's rule.
class OwlqnSolver {
 public:
  OwlqnSolver(Objective& objective, Index l1_begin, Index l1_end, double l1, double eps, int max_iterations, int memory,
              ProgressSink* progress)
      : objective_(objective),
        l1_begin_(l1_begin),
        l1_end_(l1_end),
        l1_(l1),
        eps_(eps),
        max_iterations_(max_iterations),
        memory_(std::max(memory, 1)),
        progress_(progress) {}

  NewtonResult minimise(VectorXd& w) {
    const Index n = objective_.variables();
    assert(w.size() == n);
    VectorXd g(n), pg(n), d(n), w_new(n), g_new(n);
    const VectorXd zero = VectorXd::Zero(n);
    objective_.evaluate(zero);
    objective_.gradient(zero, g);
    pseudo_gradient(zero, g, pg);
    const double pg_norm0 = pg.norm();
    double f = objective_.evaluate(w);
    objective_.gradient(w, g);
    double big_f = f + penalty(w);
    pseudo_gradient(w, g, pg);
    double pg_norm = pg.norm();
    note(fmt::format("owlqn: init F {:.6e} |pg| {:.3e} (stop at |pg| <= {:.3e}), l1 {:g}", big_f, pg_norm,
                     eps_ * pg_norm0, l1_));

    NewtonResult result;
    const char* stop = pg_norm <= eps_ * pg_norm0 ? "pseudo-gradient small enough" : "iteration limit";
    std::vector<VectorXd> s_history, y_history;
    std::vector<double> rho_history;
    while (result.iterations < max_iterations_ && pg_norm > eps_ * pg_norm0) {
      direction(pg, s_history, y_history, rho_history, d);
      double pg_dot_d = pg.dot(d);
      if (!(pg_dot_d < 0.0)) {  // not a descent direction (rounding): restart from steepest descent
        s_history.clear();
        y_history.clear();
        rho_history.clear();
        d = -pg;
        pg_dot_d = -pg_norm * pg_norm;
      }
      // The first step has no curvature yet: a step of length 1 along -pg.
      double alpha = s_history.empty() ? std::min(1.0, 1.0 / d.norm()) : 1.0;
      double big_f_new = 0.0, f_new = 0.0;
      bool accepted = false;
      for (int trial = 0; trial < kMaxLineSearchTrials; ++trial) {
        w_new = w + alpha * d;
        for (Index j = l1_begin_; j < l1_end_; ++j) {
          const double orthant = w(j) != 0.0 ? w(j) : -pg(j);
          if (w_new(j) * orthant <= 0.0) w_new(j) = 0.0;  // left (or never entered) the orthant
        }
        f_new = objective_.evaluate(w_new);
        big_f_new = f_new + penalty(w_new);
        if (big_f_new - big_f <= kGamma * pg.dot(w_new - w)) {
          accepted = true;
          break;
        }
        alpha *= 0.5;
      }
      if (!accepted) {
        objective_.evaluate(w);  // back to the last accepted point
        stop = "line search failed";
        break;
      }
      objective_.gradient(w_new, g_new);
      VectorXd s = w_new - w, y = g_new - g;
      const double s_dot_y = s.dot(y);
      if (s_dot_y > 1e-12 * y.squaredNorm()) {  // keep H positive definite
        if (static_cast<int>(s_history.size()) == memory_) {
          s_history.erase(s_history.begin());
          y_history.erase(y_history.begin());
          rho_history.erase(rho_history.begin());
        }
        s_history.push_back(std::move(s));
        y_history.push_back(std::move(y));
        rho_history.push_back(1.0 / s_dot_y);
      }
      const double big_f_old = big_f;
      w = w_new;
      g = g_new;
      f = f_new;
      big_f = big_f_new;
      pseudo_gradient(w, g, pg);
      pg_norm = pg.norm();
      ++result.iterations;
      note(fmt::format("owlqn: iter {:4d} F {:.6e} |pg| {:.3e} step {:.2e} zero L1 weights {}", result.iterations,
                       big_f, pg_norm, alpha, (w.segment(l1_begin_, l1_end_ - l1_begin_).array() == 0.0).count()));
      if (pg_norm <= eps_ * pg_norm0) {
        stop = "pseudo-gradient small enough";
        break;
      }
      if (std::abs(big_f_old - big_f) <= 1.0e-15 * std::abs(big_f)) {
        stop = "actual reduction too small";
        break;
      }
    }
    note(fmt::format("owlqn: stopped after {} iterations: {}", result.iterations, stop));
    result.objective = big_f;
    result.gradient_norm = pg_norm;
    return result;
  }

  double penalty(const VectorXd& w) const { return l1_ * w.segment(l1_begin_, l1_end_ - l1_begin_).lpNorm<1>(); }

  // The subgradient of F of least norm at w, given the gradient g of f.
  void pseudo_gradient(const VectorXd& w, const VectorXd& g, VectorXd& pg) const {
    pg = g;
    for (Index j = l1_begin_; j < l1_end_; ++j) {
      if (w(j) > 0.0)
        pg(j) = g(j) + l1_;
      else if (w(j) < 0.0)
        pg(j) = g(j) - l1_;
      else if (g(j) + l1_ < 0.0)
        pg(j) = g(j) + l1_;
      else if (g(j) - l1_ > 0.0)
        pg(j) = g(j) - l1_;
      else
        pg(j) = 0.0;
    }
  }

 private:
  static constexpr double kGamma = 1e-4;
  static constexpr int kMaxLineSearchTrials = 30;

  // d = -H pg by the L-BFGS two-loop recursion, H0 = (s.y / y.y) I from the newest pair; then
  // the L1 components that disagree in sign with -pg are set to 0.
  void direction(const VectorXd& pg, const std::vector<VectorXd>& s_history, const std::vector<VectorXd>& y_history,
                 const std::vector<double>& rho_history, VectorXd& d) const {
    d = -pg;
    const std::size_t m = s_history.size();
    std::vector<double> a(m);
    for (std::size_t k = m; k-- > 0;) {
      a[k] = rho_history[k] * s_history[k].dot(d);
      d.noalias() -= a[k] * y_history[k];
    }
    if (m > 0) d *= 1.0 / (rho_history[m - 1] * y_history[m - 1].squaredNorm());
    for (std::size_t k = 0; k < m; ++k) {
      const double b = rho_history[k] * y_history[k].dot(d);
      d.noalias() += (a[k] - b) * s_history[k];
    }
    for (Index j = l1_begin_; j < l1_end_; ++j)
      if (d(j) * pg(j) >= 0.0) d(j) = 0.0;
  }

  void note(const std::string& message) const {
    if (progress_ != nullptr) progress_->note(message);
  }

  Objective& objective_;
  Index l1_begin_;
  Index l1_end_;
  double l1_;
  double eps_;
  int max_iterations_;
  int memory_;
  ProgressSink* progress_;
};

}  // namespace pith::train::solver
