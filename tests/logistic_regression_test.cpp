#include "train/logistic_regression.h"
#include "train/logistic_regression_detail.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Cholesky>


namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using pith::train::fit_logistic_regression;
using pith::train::logistic_regression_objective;
using pith::train::LogisticRegressionFit;
using pith::train::LogisticRegressionOptions;
namespace detail = pith::train::detail;

struct Problem {
  MatrixXd rows;
  VectorXd is_positive;
  VectorXd row_cost;  // may be empty
  double c = 1.0;
};

// Labels drawn from a logistic model around a random hyperplane: both classes overlap, so
// the optimum is interior and well conditioned.
Problem random_problem(int rows, int cols, unsigned seed, bool with_costs, double c = 1.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Problem p;
  p.c = c;
  p.rows.resize(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) p.rows(i, j) = normal(rng);
  VectorXd truth(cols);
  for (int j = 0; j < cols; ++j) truth(j) = normal(rng);
  const double true_bias = 0.3;
  p.is_positive.resize(rows);
  for (int i = 0; i < rows; ++i) {
    const double margin = p.rows.row(i).dot(truth) + true_bias;
    p.is_positive(i) = uniform(rng) < 1.0 / (1.0 + std::exp(-margin)) ? 1.0 : 0.0;
  }
  if (with_costs) {
    p.row_cost.resize(rows);
    for (int i = 0; i < rows; ++i) p.row_cost(i) = 0.25 + 2.0 * uniform(rng);
  }
  return p;
}

LogisticRegressionFit fit(const Problem& p, double tolerance = 1e-3, int max_iterations = 200,
                          pith::ProgressSink* sink = nullptr) {
  LogisticRegressionOptions options;
  options.c = p.c;
  options.tolerance = tolerance;
  options.max_iterations = max_iterations;
  return fit_logistic_regression(p.rows, p.is_positive, p.row_cost, options, sink);
}

double objective(const Problem& p, const VectorXd& wb) {
  const Eigen::Index n = p.rows.cols();
  return logistic_regression_objective(p.rows, p.is_positive, p.row_cost, p.c, wb.head(n), wb(n));
}

VectorXd gradient(const Problem& p, const VectorXd& wb) {
  const Eigen::Index n = p.rows.cols();
  return detail::logistic_regression_gradient(p.rows, p.is_positive, p.row_cost, p.c, wb.head(n), wb(n));
}

VectorXd hessian_vector(const Problem& p, const VectorXd& wb, const VectorXd& s) {
  const Eigen::Index n = p.rows.cols();
  return detail::logistic_regression_hessian_vector(p.rows, p.is_positive, p.row_cost, p.c, wb.head(n), wb(n), s);
}

VectorXd as_point(const LogisticRegressionFit& f) {
  VectorXd wb(f.weights.size() + 1);
  wb << f.weights, f.bias;
  return wb;
}

// An independent reference: the same objective written out directly, with an explicit
// Hessian [X 1]^T diag(C_i s_i (1 - s_i)) [X 1] + diag(1, ..., 1, 0), minimised by damped
// Newton with an LDLT solve until the step stops changing anything.
struct Reference {
  VectorXd point;
  double objective = 0.0;
};

Reference reference_optimum(const Problem& p) {
  const Eigen::Index l = p.rows.rows();
  const Eigen::Index n = p.rows.cols();
  MatrixXd xa(l, n + 1);
  xa << p.rows, VectorXd::Ones(l);
  VectorXd y(l), cost(l);
  for (Eigen::Index i = 0; i < l; ++i) {
    y(i) = p.is_positive(i) == 1.0 ? 1.0 : -1.0;
    cost(i) = p.c * (p.row_cost.size() == 0 ? 1.0 : p.row_cost(i));
  }
  auto value = [&](const VectorXd& wb) {
    double f = 0.5 * wb.head(n).squaredNorm();
    const VectorXd margin = (xa * wb).cwiseProduct(y);
    for (Eigen::Index i = 0; i < l; ++i)
      f += cost(i) * (margin(i) > 0 ? std::log1p(std::exp(-margin(i))) : -margin(i) + std::log1p(std::exp(margin(i))));
    return f;
  };
  VectorXd wb = VectorXd::Zero(n + 1);
  for (int iteration = 0; iteration < 100; ++iteration) {
    const VectorXd margin = (xa * wb).cwiseProduct(y);
    VectorXd slope(l), curvature(l);
    for (Eigen::Index i = 0; i < l; ++i) {
      const double sigma = 1.0 / (1.0 + std::exp(-margin(i)));
      slope(i) = -cost(i) * (1.0 - sigma) * y(i);
      curvature(i) = cost(i) * sigma * (1.0 - sigma);
    }
    VectorXd regulariser = VectorXd::Ones(n + 1);
    regulariser(n) = 0.0;
    const VectorXd g = xa.transpose() * slope + regulariser.cwiseProduct(wb);
    MatrixXd h = xa.transpose() * curvature.asDiagonal() * xa;
    h.diagonal() += regulariser;
    VectorXd step = h.ldlt().solve(-g);
    const double f = value(wb);
    double t = 1.0;
    while (value(wb + t * step) > f && t > 1e-10) t *= 0.5;
    wb += t * step;
    if ((t * step).norm() <= 1e-15 * (1.0 + wb.norm())) break;
  }
  return {wb, value(wb)};
}

bool bit_identical(const VectorXd& a, const VectorXd& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

bool bit_identical(double a, double b) { return std::memcmp(&a, &b, sizeof(double)) == 0; }

class RecordingSink final : public pith::ProgressSink {
 public:
  void progress(std::string_view, std::size_t, std::size_t) override {}
  void note(std::string_view message) override { notes.emplace_back(message); }
  std::vector<std::string> notes;
};

}  // namespace

TEST_CASE("logistic regression: gradient matches central differences of the objective", "[train][lr]") {
  const Problem p = random_problem(60, 5, 11, /*with_costs=*/true, /*c=*/0.7);
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0.0, 0.5);
  for (int trial = 0; trial < 3; ++trial) {
    VectorXd wb(6);
    for (Eigen::Index j = 0; j < wb.size(); ++j) wb(j) = normal(rng);
    const VectorXd g = gradient(p, wb);
    REQUIRE(g.size() == 6);
    const double h = 1e-5;
    for (Eigen::Index j = 0; j < wb.size(); ++j) {
      VectorXd plus = wb, minus = wb;
      plus(j) += h;
      minus(j) -= h;
      const double numeric = (objective(p, plus) - objective(p, minus)) / (2 * h);
      CHECK(g(j) == Approx(numeric).epsilon(1e-6).margin(1e-7));
    }
  }
}

TEST_CASE("logistic regression: Hessian-vector products match differences of the gradient", "[train][lr]") {
  const Problem p = random_problem(60, 5, 12, /*with_costs=*/true, /*c=*/1.3);
  std::mt19937 rng(4);
  std::normal_distribution<double> normal(0.0, 0.5);
  for (int trial = 0; trial < 3; ++trial) {
    VectorXd wb(6), s(6);
    for (Eigen::Index j = 0; j < 6; ++j) {
      wb(j) = normal(rng);
      s(j) = normal(rng);
    }
    const VectorXd hs = hessian_vector(p, wb, s);
    const double h = 1e-5;
    const VectorXd numeric = (gradient(p, wb + h * s) - gradient(p, wb - h * s)) / (2 * h);
    for (Eigen::Index j = 0; j < 6; ++j) CHECK(hs(j) == Approx(numeric(j)).epsilon(1e-6).margin(1e-7));
  }

  SECTION("the bias is not regularised and the diagonal preconditioner is diag(H)") {
    VectorXd wb = VectorXd::Constant(6, 0.1);
    const VectorXd diagonal = detail::logistic_regression_hessian_diagonal(p.rows, p.is_positive, p.row_cost, p.c,
                                                                           wb.head(5), wb(5));
    for (Eigen::Index j = 0; j < 6; ++j) {
      const VectorXd unit = VectorXd::Unit(6, j);
      CHECK(diagonal(j) == Approx(hessian_vector(p, wb, unit)(j)).epsilon(1e-12));
    }
    // On a problem with zero loss weight the Hessian is the regulariser alone: I for w, 0 for b.
    Problem zero_cost = p;
    zero_cost.row_cost = VectorXd::Zero(p.rows.rows());
    const VectorXd s = VectorXd::LinSpaced(6, 1.0, 6.0);
    const VectorXd hs = hessian_vector(zero_cost, wb, s);
    CHECK(hs.head(5) == s.head(5));
    CHECK(hs(5) == 0.0);
    CHECK(gradient(zero_cost, wb)(5) == 0.0);
  }
}

TEST_CASE("logistic regression: the solver reaches the optimum", "[train][lr]") {
  const Problem p = random_problem(300, 6, 21, /*with_costs=*/true, /*c=*/0.8);
  const LogisticRegressionFit f = fit(p, /*tolerance=*/1e-10);
  const VectorXd wb = as_point(f);
  const double g0 = gradient(p, VectorXd::Zero(7)).norm();

  CHECK(f.iterations > 0);
  CHECK(f.iterations < 50);
  CHECK(f.gradient_norm <= 1e-9 * g0);
  CHECK(gradient(p, wb).norm() == f.gradient_norm);
  CHECK(f.objective == objective(p, wb));  // bit for bit: the same evaluation

  std::mt19937 rng(5);
  std::normal_distribution<double> normal(0.0, 1e-3);
  for (int trial = 0; trial < 20; ++trial) {
    VectorXd perturbed = wb;
    for (Eigen::Index j = 0; j < perturbed.size(); ++j) perturbed(j) += normal(rng);
    CHECK(objective(p, perturbed) > f.objective);
  }

  const Reference reference = reference_optimum(p);
  for (Eigen::Index j = 0; j < wb.size(); ++j) CHECK(wb(j) == Approx(reference.point(j)).margin(1e-6));
  CHECK(f.objective == Approx(reference.objective).epsilon(1e-12));

  SECTION("the default tolerance already lands close to the optimum") {
    const LogisticRegressionFit loose = fit(p);
    CHECK(loose.objective == Approx(reference.objective).epsilon(1e-4));
  }
  SECTION("without row costs as well") {
    Problem unweighted = p;
    unweighted.row_cost.resize(0);
    const LogisticRegressionFit g = fit(unweighted, 1e-10);
    const Reference r = reference_optimum(unweighted);
    for (Eigen::Index j = 0; j < wb.size(); ++j) CHECK(as_point(g)(j) == Approx(r.point(j)).margin(1e-6));
  }
}

TEST_CASE("logistic regression: a start near the optimum reaches it in fewer iterations", "[train][lr]") {
  const Problem p = random_problem(400, 6, 33, /*with_costs=*/false);
  LogisticRegressionOptions options;
  options.c = p.c;
  const LogisticRegressionFit cold = fit_logistic_regression(p.rows, p.is_positive, p.row_cost, options);
  // the optimum of most of the rows is close to the optimum of all of them
  const Problem most{p.rows.topRows(360), p.is_positive.head(360), VectorXd(), p.c};
  const LogisticRegressionFit near = fit_logistic_regression(most.rows, most.is_positive, most.row_cost, options);
  const VectorXd start = as_point(near);
  const LogisticRegressionFit warm =
      fit_logistic_regression(p.rows, p.is_positive, p.row_cost, options, nullptr, &start);
  CHECK(warm.iterations < cold.iterations);
  CHECK(warm.objective == Approx(cold.objective).epsilon(1e-6));
  // the same stopping rule as from 0: the gradient is measured against the gradient at 0
  CHECK(warm.gradient_norm <= options.tolerance * gradient(p, VectorXd::Zero(7)).norm());

  const VectorXd wrong_size = VectorXd::Zero(3);
  CHECK_THROWS_AS(fit_logistic_regression(p.rows, p.is_positive, p.row_cost, options, nullptr, &wrong_size),
                  std::invalid_argument);
}

TEST_CASE("logistic regression: progress is reported per iteration", "[train][lr]") {
  const Problem p = random_problem(200, 4, 31, false);
  RecordingSink sink;
  const LogisticRegressionFit f = fit(p, 1e-6, 200, &sink);
  int iteration_lines = 0;
  for (const std::string& note : sink.notes)
    if (note.find(" iter ") != std::string::npos) {
      ++iteration_lines;
      CHECK(note.find("|g|") != std::string::npos);
      CHECK(note.find("CG") != std::string::npos);
      CHECK(note.find("step") != std::string::npos);
    }
  CHECK(iteration_lines == f.iterations);
  CHECK(sink.notes.size() == static_cast<std::size_t>(f.iterations) + 2);  // init and stop lines

  SECTION("max_iterations caps the work; zero iterations returns the origin") {
    const LogisticRegressionFit one = fit(p, 1e-12, 1);
    CHECK(one.iterations == 1);
    const LogisticRegressionFit none = fit(p, 1e-12, 0);
    CHECK(none.iterations == 0);
    CHECK(none.weights.isZero(0.0));
    CHECK(none.bias == 0.0);
    CHECK(none.objective == Approx(200 * std::log(2.0)).epsilon(1e-14));
    CHECK(none.gradient_norm == gradient(p, VectorXd::Zero(5)).norm());
  }
}

TEST_CASE("logistic regression: separable data converges to finite weights", "[train][lr]") {
  std::mt19937 rng(41);
  std::uniform_real_distribution<double> noise(-1.0, 1.0);
  Problem p;
  const int l = 60;
  p.rows.resize(l, 2);
  p.is_positive.resize(l);
  for (int i = 0; i < l; ++i) {
    const bool positive = i % 2 == 0;
    const double centre = positive ? 2.0 : -2.0;
    p.rows(i, 0) = centre + noise(rng);
    p.rows(i, 1) = centre + noise(rng);
    p.is_positive(i) = positive ? 1.0 : 0.0;
  }
  const LogisticRegressionFit f = fit(p, 1e-8);
  REQUIRE(f.weights.allFinite());
  REQUIRE(std::isfinite(f.bias));
  CHECK(f.iterations < 50);
  CHECK(f.gradient_norm <= 1e-8 * gradient(p, VectorXd::Zero(3)).norm());
  CHECK(f.weights.norm() < 100.0);
  for (int i = 0; i < l; ++i) {
    const double margin = p.rows.row(i).dot(f.weights) + f.bias;
    CHECK((margin > 0.0) == (p.is_positive(i) == 1.0));
  }
}

TEST_CASE("logistic regression: doubling a row's cost equals duplicating the row", "[train][lr]") {
  const Problem base = random_problem(80, 3, 51, false);
  Problem doubled = base;
  doubled.row_cost = VectorXd::Ones(80);
  doubled.row_cost(7) = 2.0;
  doubled.row_cost(42) = 2.0;

  Problem duplicated = base;
  duplicated.rows.resize(82, 3);
  duplicated.rows << base.rows, base.rows.row(7), base.rows.row(42);
  duplicated.is_positive.resize(82);
  duplicated.is_positive << base.is_positive, base.is_positive(7), base.is_positive(42);

  const LogisticRegressionFit a = fit(doubled, 1e-10);
  const LogisticRegressionFit b = fit(duplicated, 1e-10);
  for (Eigen::Index j = 0; j < 3; ++j) CHECK(a.weights(j) == Approx(b.weights(j)).margin(1e-8));
  CHECK(a.bias == Approx(b.bias).margin(1e-8));
  CHECK(a.objective == Approx(b.objective).epsilon(1e-12));

  // And both differ from the unweighted fit: the weights matter.
  const LogisticRegressionFit plain = fit(base, 1e-10);
  CHECK((plain.weights - a.weights).norm() > 1e-4);
}

TEST_CASE("logistic regression: a one-dimensional case solved by hand", "[train][lr]") {
  // One positive at x = 1, one negative at x = -1. By symmetry b = 0, and w solves
  // w = 2 C (1 - sigma(w)); with C = 2 ln 3 that is w = ln 3 (sigma(ln 3) = 3/4).
  Problem p;
  p.rows.resize(2, 1);
  p.rows << 1.0, -1.0;
  p.is_positive.resize(2);
  p.is_positive << 1.0, 0.0;
  p.c = 2.0 * std::log(3.0);
  const LogisticRegressionFit f = fit(p, 1e-12);
  CHECK(f.weights(0) == Approx(std::log(3.0)).epsilon(1e-12));
  CHECK(f.bias == Approx(0.0).margin(1e-14));
  const double expected = std::log(3.0) * std::log(3.0) / 2 + 2 * p.c * std::log(4.0 / 3.0);
  CHECK(f.objective == Approx(expected).epsilon(1e-14));

  SECTION("no feature columns: the bias is the log-odds of the class costs") {
    // f(b) = C P log(1 + e^-b) + C N log(1 + e^b) is minimal at sigma(b) = P / (P + N).
    Problem q;
    q.rows.resize(5, 0);
    q.is_positive.resize(5);
    q.is_positive << 1, 0, 1, 1, 0;
    q.row_cost.resize(5);
    q.row_cost << 0.5, 1.0, 2.0, 1.5, 0.25;  // P = 4, N = 1.25
    const LogisticRegressionFit g = fit(q, 1e-12);
    CHECK(g.weights.size() == 0);
    // (CG stops once d.Hd <= 1e-16, as LIBLINEAR's does, so |g| ends near 1e-12 here.)
    CHECK(g.bias == Approx(std::log(4.0 / 1.25)).epsilon(1e-10));
  }

  SECTION("mirror-symmetric data with overlap: the bias is exactly zero at the optimum") {
    Problem q;
    q.rows.resize(6, 1);
    q.rows << 2.0, 1.0, -0.5, -2.0, -1.0, 0.5;
    q.is_positive.resize(6);
    q.is_positive << 1, 1, 1, 0, 0, 0;
    const LogisticRegressionFit g = fit(q, 1e-12);
    CHECK(g.bias == Approx(0.0).margin(1e-12));
    // w solves w = sum_i y_i x_i (1 - sigma(y_i x_i w)) over the six rows; bisection on it.
    auto residual = [&](double w) {
      double r = w;
      for (int i = 0; i < 6; ++i) {
        const double yx = (q.is_positive(i) == 1.0 ? 1.0 : -1.0) * q.rows(i, 0);
        r -= yx / (1.0 + std::exp(yx * w));
      }
      return r;
    };
    double lo = 0.0, hi = 10.0;
    for (int k = 0; k < 200; ++k) (residual(0.5 * (lo + hi)) > 0 ? hi : lo) = 0.5 * (lo + hi);
    CHECK(g.weights(0) == Approx(0.5 * (lo + hi)).epsilon(1e-10));
  }
}

TEST_CASE("logistic regression: invalid input throws std::invalid_argument", "[train][lr]") {
  const Problem p = random_problem(10, 2, 61, true);
  LogisticRegressionOptions options;
  auto fits = [&](const MatrixXd& rows, const VectorXd& y, const VectorXd& cost, const LogisticRegressionOptions& o) {
    return fit_logistic_regression(rows, y, cost, o);
  };
  using Catch::Matchers::Contains;

  CHECK_THROWS_WITH(fits(p.rows, p.is_positive.head(9), p.row_cost, options), Contains("is_positive has 9"));
  CHECK_THROWS_WITH(fits(p.rows, p.is_positive, p.row_cost.head(9), options), Contains("row_cost has 9"));
  CHECK_THROWS_AS(fits(MatrixXd(0, 2), VectorXd(0), VectorXd(0), options), std::invalid_argument);

  VectorXd bad_label = p.is_positive;
  bad_label(3) = 0.5;
  CHECK_THROWS_WITH(fits(p.rows, bad_label, p.row_cost, options), Contains("is_positive[3]"));
  bad_label(3) = -1.0;
  CHECK_THROWS_AS(fits(p.rows, bad_label, p.row_cost, options), std::invalid_argument);
  bad_label(3) = std::nan("");
  CHECK_THROWS_AS(fits(p.rows, bad_label, p.row_cost, options), std::invalid_argument);

  for (double c : {0.0, -1.0, std::nan(""), HUGE_VAL}) {
    LogisticRegressionOptions o;
    o.c = c;
    CHECK_THROWS_WITH(fits(p.rows, p.is_positive, p.row_cost, o), Contains("C must be positive"));
  }
  LogisticRegressionOptions bad_tolerance;
  bad_tolerance.tolerance = 0.0;
  CHECK_THROWS_AS(fits(p.rows, p.is_positive, p.row_cost, bad_tolerance), std::invalid_argument);
  LogisticRegressionOptions bad_iterations;
  bad_iterations.max_iterations = -1;
  CHECK_THROWS_AS(fits(p.rows, p.is_positive, p.row_cost, bad_iterations), std::invalid_argument);

  MatrixXd bad_rows = p.rows;
  bad_rows(4, 1) = std::nan("");
  CHECK_THROWS_WITH(fits(bad_rows, p.is_positive, p.row_cost, options), Contains("rows(4, 1)"));
  bad_rows(4, 1) = -HUGE_VAL;
  CHECK_THROWS_AS(fits(bad_rows, p.is_positive, p.row_cost, options), std::invalid_argument);

  VectorXd bad_cost = p.row_cost;
  bad_cost(2) = -0.5;
  CHECK_THROWS_WITH(fits(p.rows, p.is_positive, bad_cost, options), Contains("row_cost[2]"));
  bad_cost(2) = HUGE_VAL;
  CHECK_THROWS_AS(fits(p.rows, p.is_positive, bad_cost, options), std::invalid_argument);

  // One class only (or one class at zero cost): no finite optimum with an unregularised bias.
  CHECK_THROWS_WITH(fits(p.rows, VectorXd::Ones(10), p.row_cost, options), Contains("both classes"));
  VectorXd silenced = VectorXd::Ones(10);
  for (Eigen::Index i = 0; i < 10; ++i)
    if (p.is_positive(i) == 1.0) silenced(i) = 0.0;
  CHECK_THROWS_WITH(fits(p.rows, p.is_positive, silenced, options), Contains("both classes"));

  // The objective validates too.
  CHECK_THROWS_WITH(logistic_regression_objective(p.rows, p.is_positive, p.row_cost, 1.0, VectorXd::Zero(3), 0.0),
                    Contains("weights has 3"));
  CHECK_THROWS_AS(logistic_regression_objective(p.rows, p.is_positive, p.row_cost, 0.0, VectorXd::Zero(2), 0.0),
                  std::invalid_argument);
  CHECK_THROWS_AS(logistic_regression_objective(p.rows, p.is_positive.head(3), p.row_cost, 1.0, VectorXd::Zero(2),
                                                0.0),
                  std::invalid_argument);
  CHECK_NOTHROW(logistic_regression_objective(p.rows, p.is_positive, VectorXd(), 1.0, VectorXd::Zero(2), 0.0));
}

TEST_CASE("logistic regression: the objective is stable for large margins", "[train][lr]") {
  Problem p;
  p.rows.resize(2, 1);
  p.rows << 1.0, -1.0;
  p.is_positive.resize(2);
  p.is_positive << 1.0, 0.0;
  const VectorXd w = VectorXd::Constant(1, 1000.0);
  // Both rows are classified correctly with margin 1000: the loss underflows to ~exp(-1000).
  CHECK(logistic_regression_objective(p.rows, p.is_positive, VectorXd(), 1.0, w, 0.0) == 500000.0);
  // Wrong way round: each loss is 1000 + log1p(exp(-1000)) = 1000, not inf.
  CHECK(logistic_regression_objective(p.rows, p.is_positive, VectorXd(), 1.0, -w, 0.0) == 502000.0);
}

TEST_CASE("logistic regression: two fits are identical bit for bit", "[train][lr]") {
  const Problem p = random_problem(3000, 12, 71, true, 0.5);
  const LogisticRegressionFit a = fit(p, 1e-6);
  const LogisticRegressionFit b = fit(p, 1e-6);
  CHECK(bit_identical(a.weights, b.weights));
  CHECK(bit_identical(a.bias, b.bias));
  CHECK(bit_identical(a.objective, b.objective));
  CHECK(bit_identical(a.gradient_norm, b.gradient_norm));
  CHECK(a.iterations == b.iterations);

  // A copy of the data at another address gives the same bits too.
  const Problem copy = p;
  const LogisticRegressionFit c = fit(copy, 1e-6);
  CHECK(bit_identical(a.weights, c.weights));
  CHECK(bit_identical(a.bias, c.bias));
}

TEST_CASE("logistic regression: every thread count gives the same bits", "[train][lr]") {
  // 9000 rows are several chunks of parallel work, and the last chunk is a partial one.
  const Problem p = random_problem(9000, 12, 73, true, 0.5);
  LogisticRegressionOptions options;
  options.c = p.c;
  options.tolerance = 1e-6;
  const LogisticRegressionFit one = fit_logistic_regression(p.rows, p.is_positive, p.row_cost, options);
  for (int threads : {2, 3, 4}) {
    INFO("threads " << threads);
    options.threads = threads;
    const LogisticRegressionFit many = fit_logistic_regression(p.rows, p.is_positive, p.row_cost, options);
    CHECK(bit_identical(one.weights, many.weights));
    CHECK(bit_identical(one.bias, many.bias));
    CHECK(bit_identical(one.objective, many.objective));
    CHECK(one.iterations == many.iterations);
  }
  options.threads = 0;
  CHECK_THROWS_AS(fit_logistic_regression(p.rows, p.is_positive, p.row_cost, options), std::invalid_argument);
}

namespace {

// Random binary sparse columns for `rows` rows, and the same columns written out densely.
struct SparseProblem {
  pith::SparseRows sparse;
  MatrixXd as_dense;
};

SparseProblem random_sparse_columns(int rows, std::uint32_t columns, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::uint32_t> column(0, columns - 1);
  std::uniform_int_distribution<int> count(0, 4);
  SparseProblem p{pith::SparseRows(columns), MatrixXd::Zero(rows, columns)};
  std::vector<pith::SparseEntry> entries;
  for (int i = 0; i < rows; ++i) {
    entries.clear();
    for (int k = count(rng); k > 0; --k) entries.push_back({column(rng), 1.0f});
    p.sparse.append_row(entries);
    for (const pith::SparseEntry* e = p.sparse.row_begin(static_cast<std::size_t>(i));
         e != p.sparse.row_end(static_cast<std::size_t>(i)); ++e)
      p.as_dense(i, e->column) = e->value;
  }
  return p;
}

}  // namespace

TEST_CASE("logistic regression: sparse columns give what the same columns give densely", "[train][lr][sparse]") {
  const Problem p = random_problem(5000, 4, 31, /*with_costs=*/true, /*c=*/0.9);
  const SparseProblem s = random_sparse_columns(5000, 40, 32);  // 5000 rows: several chunks of parallel work
  MatrixXd dense(5000, 44);
  dense << p.rows, s.as_dense;
  const pith::train::DesignMatrix design(p.rows, &s.sparse);
  REQUIRE(design.columns() == 44);

  std::mt19937 rng(6);
  std::normal_distribution<double> normal(0.0, 0.3);
  VectorXd w(44), direction(45);
  for (Eigen::Index j = 0; j < 44; ++j) w(j) = normal(rng);
  for (Eigen::Index j = 0; j < 45; ++j) direction(j) = normal(rng);
  const double bias = -0.2;
  CHECK(logistic_regression_objective(design, p.is_positive, p.row_cost, p.c, w, bias) ==
        Approx(logistic_regression_objective(dense, p.is_positive, p.row_cost, p.c, w, bias)).epsilon(1e-13));
  const VectorXd g_sparse = detail::logistic_regression_gradient(design, p.is_positive, p.row_cost, p.c, w, bias);
  const VectorXd g_dense = detail::logistic_regression_gradient(dense, p.is_positive, p.row_cost, p.c, w, bias);
  CHECK((g_sparse - g_dense).norm() <= 1e-12 * g_dense.norm());
  const VectorXd hs_sparse =
      detail::logistic_regression_hessian_vector(design, p.is_positive, p.row_cost, p.c, w, bias, direction);
  const VectorXd hs_dense =
      detail::logistic_regression_hessian_vector(dense, p.is_positive, p.row_cost, p.c, w, bias, direction);
  CHECK((hs_sparse - hs_dense).norm() <= 1e-12 * hs_dense.norm());
  const VectorXd d_sparse = detail::logistic_regression_hessian_diagonal(design, p.is_positive, p.row_cost, p.c, w, bias);
  const VectorXd d_dense = detail::logistic_regression_hessian_diagonal(dense, p.is_positive, p.row_cost, p.c, w, bias);
  CHECK((d_sparse - d_dense).norm() <= 1e-12 * d_dense.norm());

  SECTION("the gradient matches central differences on the sparse design") {
    const double h = 1e-5;
    const VectorXd wb = (VectorXd(45) << w, bias).finished();
    for (Eigen::Index j : {0, 3, 4, 10, 43, 44}) {
      VectorXd plus = wb, minus = wb;
      plus(j) += h;
      minus(j) -= h;
      const double numeric = (logistic_regression_objective(design, p.is_positive, p.row_cost, p.c, plus.head(44), plus(44)) -
                              logistic_regression_objective(design, p.is_positive, p.row_cost, p.c, minus.head(44), minus(44))) /
                             (2 * h);
      CHECK(g_sparse(j) == Approx(numeric).epsilon(1e-6).margin(1e-7));
    }
  }
  SECTION("the fits agree, and every thread count gives the same bits") {
    LogisticRegressionOptions options;
    options.c = p.c;
    options.tolerance = 1e-8;
    const LogisticRegressionFit sparse_fit = fit_logistic_regression(design, p.is_positive, p.row_cost, options);
    const LogisticRegressionFit dense_fit = fit_logistic_regression(dense, p.is_positive, p.row_cost, options);
    CHECK(sparse_fit.objective == Approx(dense_fit.objective).epsilon(1e-12));
    CHECK((sparse_fit.weights - dense_fit.weights).norm() <= 1e-6);
    options.threads = 3;
    const LogisticRegressionFit threaded = fit_logistic_regression(design, p.is_positive, p.row_cost, options);
    CHECK(bit_identical(threaded.weights, sparse_fit.weights));
    CHECK(bit_identical(threaded.bias, sparse_fit.bias));
  }
  SECTION("sparse rows that do not match the dense ones are refused") {
    pith::SparseRows short_rows(40);
    CHECK_THROWS_AS(fit_logistic_regression(pith::train::DesignMatrix(p.rows, &short_rows), p.is_positive, p.row_cost,
                                            LogisticRegressionOptions{}),
                    std::invalid_argument);
  }
}

namespace {

// Rows with dense columns and 60 random binary sparse columns of which only two (0 and 1) say
// anything about the label: a row holding column 0 is content, one holding column 1 is not.
struct L1Problem {
  Problem p;
  SparseProblem s;
};

L1Problem l1_problem() {
  L1Problem q{random_problem(3000, 4, 81, /*with_costs=*/true, /*c=*/1.0), random_sparse_columns(3000, 60, 82)};
  for (Eigen::Index i = 0; i < 3000; ++i) {
    bool has0 = false, has1 = false;
    for (const pith::SparseEntry* e = q.s.sparse.row_begin(static_cast<std::size_t>(i));
         e != q.s.sparse.row_end(static_cast<std::size_t>(i)); ++e) {
      has0 = has0 || e->column == 0;
      has1 = has1 || e->column == 1;
    }
    if (has0 != has1) q.p.is_positive(i) = has0 ? 1.0 : 0.0;
  }
  return q;
}

LogisticRegressionFit fit_l1(const L1Problem& q, double l1, int threads = 1,
                             LogisticRegressionOptions::Method method = LogisticRegressionOptions::Method::automatic) {
  LogisticRegressionOptions options;
  options.c = q.p.c;
  options.tolerance = 1e-7;
  options.l1 = l1;
  options.threads = threads;
  options.method = method;
  return fit_logistic_regression(pith::train::DesignMatrix(q.p.rows, &q.s.sparse), q.p.is_positive, q.p.row_cost,
                                 options);
}

}  // namespace

TEST_CASE("L1 on the sparse columns: OWL-QN meets the optimality conditions and zeroes weak columns",
          "[train][lr][l1]") {
  const L1Problem q = l1_problem();
  const pith::train::DesignMatrix design(q.p.rows, &q.s.sparse);
  const double l1 = 10.0;
  const LogisticRegressionFit f = fit_l1(q, l1);
  REQUIRE(f.used_owlqn);
  const Eigen::Index dense = 4, n = 64;
  const VectorXd g = detail::logistic_regression_gradient(design, q.p.is_positive, q.p.row_cost, q.p.c, f.weights, f.bias);
  const double g0 = detail::logistic_regression_gradient(design, q.p.is_positive, q.p.row_cost, q.p.c,
                                                         VectorXd::Zero(n), 0.0)
                        .norm();
  const double tolerance = 1e-5 * g0;
  CHECK(f.gradient_norm <= tolerance);

  // Dense columns and the bias carry no L1 term: their gradient vanishes.
  for (Eigen::Index j = 0; j < dense; ++j) CHECK(std::abs(g(j)) <= tolerance);
  CHECK(std::abs(g(n)) <= tolerance);
  // Sparse columns: g_j = -l1 sign(w_j) where w_j != 0, |g_j| <= l1 where w_j = 0.
  int zeros = 0;
  for (Eigen::Index j = dense; j < n; ++j) {
    INFO("column " << j << " weight " << f.weights(j) << " gradient " << g(j));
    if (f.weights(j) == 0.0) {
      ++zeros;
      CHECK(std::abs(g(j)) <= l1 + tolerance);
    } else {
      CHECK(std::abs(g(j) + l1 * (f.weights(j) > 0 ? 1.0 : -1.0)) <= tolerance);
    }
  }
  // The two telling columns stay, with the right signs; most noise columns are exactly 0.
  CHECK(f.weights(dense + 0) > 0.5);
  CHECK(f.weights(dense + 1) < -0.5);
  CHECK(zeros >= 40);
  const LogisticRegressionFit plain = fit_l1(q, 0.0);
  CHECK_FALSE(plain.used_owlqn);
  CHECK((plain.weights.segment(dense, 60).array() == 0.0).count() == 0);  // L2 alone zeroes nothing

  // The reported objective is f + l1 |w_sparse|_1, and the optimum beats nearby points.
  const double f_smooth = logistic_regression_objective(design, q.p.is_positive, q.p.row_cost, q.p.c, f.weights, f.bias);
  CHECK(f.objective == Approx(f_smooth + l1 * f.weights.segment(dense, 60).lpNorm<1>()).epsilon(1e-14));
  std::mt19937 rng(7);
  std::normal_distribution<double> normal(0.0, 1e-3);
  for (int trial = 0; trial < 10; ++trial) {
    VectorXd w = f.weights;
    for (Eigen::Index j = 0; j < n; ++j) w(j) += normal(rng);
    const double value = logistic_regression_objective(design, q.p.is_positive, q.p.row_cost, q.p.c, w, f.bias) +
                         l1 * w.segment(dense, 60).lpNorm<1>();
    CHECK(value > f.objective);
  }

  SECTION("deterministic: the same bits twice and on any thread count") {
    const LogisticRegressionFit again = fit_l1(q, l1);
    const LogisticRegressionFit threaded = fit_l1(q, l1, 3);
    CHECK(bit_identical(again.weights, f.weights));
    CHECK(bit_identical(threaded.weights, f.weights));
    CHECK(bit_identical(threaded.bias, f.bias));
    CHECK(threaded.iterations == f.iterations);
  }
  SECTION("with l1 = 0, OWL-QN (plain L-BFGS) reaches the Newton solution") {
    const LogisticRegressionFit lbfgs = fit_l1(q, 0.0, 1, LogisticRegressionOptions::Method::owlqn);
    CHECK(lbfgs.used_owlqn);
    CHECK(lbfgs.objective == Approx(plain.objective).epsilon(1e-10));
    CHECK((lbfgs.weights - plain.weights).norm() <= 1e-4 * plain.weights.norm());
    CHECK(lbfgs.bias == Approx(plain.bias).margin(1e-4));
  }
  SECTION("a large l1 zeroes every sparse weight and leaves the dense fit alone") {
    const LogisticRegressionFit all_zero = fit_l1(q, 1e6);
    CHECK(all_zero.weights.segment(dense, 60).isZero(0.0));
    LogisticRegressionOptions options;
    options.c = q.p.c;
    options.tolerance = 1e-7;
    const LogisticRegressionFit dense_only = fit_logistic_regression(q.p.rows, q.p.is_positive, q.p.row_cost, options);
    CHECK((all_zero.weights.head(dense) - dense_only.weights).norm() <= 1e-5);
    CHECK(all_zero.bias == Approx(dense_only.bias).margin(1e-5));
  }
  SECTION("invalid L1 settings are refused") {
    CHECK_THROWS_AS(fit_l1(q, -1.0), std::invalid_argument);
    CHECK_THROWS_AS(fit_l1(q, 1.0, 1, LogisticRegressionOptions::Method::newton), std::invalid_argument);
  }
}
