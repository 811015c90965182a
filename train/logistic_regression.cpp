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

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

namespace pith::train {

namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// ---------------------------------------------------------------------------------------------
// Objective: what the Newton solver minimises. The solver sees only vectors of variables().
//
// Cache contract: evaluate(w) computes f(w) and makes w the *current point*; step() moves it.
// gradient(), hessian_vector() and diag_preconditioner() describe the current point and read
// caches set up there; they take the point as `w` only so that debug builds can assert that it
// is the one cached. The line search moves along s without re-reading the data:
// set_direction(w, s) caches X s once, value_along(alpha) is f(w + alpha s) in O(rows) and leaves
// the current point alone, step(alpha, w) sets w += alpha s, makes it the current point and
// returns f there.
class Objective {
 public:
  virtual ~Objective() = default;

  virtual Index variables() const = 0;
  virtual double evaluate(const VectorXd& w) = 0;
  virtual void gradient(const VectorXd& w, VectorXd& g) const = 0;
  // H s at the current point; `hs` must not alias `s`.
  virtual void hessian_vector(const VectorXd& w, const VectorXd& s, VectorXd& hs) = 0;
  // Builds the CG preconditioner M ~ H at the current point; precondition(r, z) then sets
  // z = M^-1 r.
  virtual void prepare_preconditioner(const VectorXd& w) = 0;
  virtual void precondition(const VectorXd& r, VectorXd& z) = 0;

  virtual void set_direction(const VectorXd& w, const VectorXd& s) = 0;
  virtual double value_along(double alpha) const = 0;
  virtual double step(double alpha, VectorXd& w) = 0;
};

// Sums non-negative terms of very different sizes over ~1e6 rows without losing the small
// differences the line search compares (Neumaier's compensated summation).
class CompensatedSum {
 public:
  void add(double v) {
    const double t = sum_ + v;
    compensation_ += std::abs(sum_) >= std::abs(v) ? (sum_ - t) + v : (v - t) + sum_;
    sum_ = t;
  }
  double value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

// log(1 + exp(-z)) without overflow or cancellation: for z < 0 it is -z + log(1 + exp(z)).
// `e` is exp(-|z|).
inline double log_loss(double z, double e) { return std::log1p(e) + (z < 0.0 ? -z : 0.0); }

// Runs task(chunk) for chunk = 0 .. chunks - 1 on up to `threads` threads (the calling thread
// included): thread t takes chunks t, t + threads, ... The tasks write only their own chunk's
// slots, so which thread ran a chunk never shows in the result.
template <class Task>
void run_chunks(int threads, Index chunks, const Task& task) {
  const Index workers = std::min<Index>(std::max(threads, 1), chunks);
  if (workers <= 1) {
    for (Index chunk = 0; chunk < chunks; ++chunk) task(chunk);
    return;
  }
  const auto work = [&](Index first) {
    for (Index chunk = first; chunk < chunks; chunk += workers) task(chunk);
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(workers - 1));
  for (Index t = 1; t < workers; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& thread : pool) thread.join();
}

// f(w, b) = ||w||^2 / 2 + sum_i C_i log(1 + exp(-y_i (x_i . w + b))) on a design matrix of dense
// columns and optional sparse ones. Variables: the dense columns' weights, the sparse columns'
// weights, then the (unregularised) bias. Holds a reference to the rows; the
// caller keeps them alive for the objective's lifetime.
//
// Every pass over X walks it in blocks of consecutive rows small enough to stay in cache, and
// does all the work that needs those rows while they are there: the Hessian-vector product
// X^T (D o (X s)) + s reads X once instead of twice, and evaluate()/step() produce f, the
// gradient and diag(H) in one pass.
//
// Data parallelism: blocks are grouped into chunks of a fixed number of rows; each chunk sums
// its own blocks in order into its own column of partial sums, and the chunks' columns are then
// added in chunk order on the calling thread. Block and chunk sizes depend only on the shape of
// X, so the order of every floating-point sum, and with it the result, is fixed by the input:
// any thread count gives the same bits.
class LogisticObjective final : public Objective {
 public:
  LogisticObjective(const DesignMatrix& x, const VectorXd& is_positive, const VectorXd& row_cost, double c,
                    int threads)
      : x_(x.dense),
        sparse_(x.sparse),
        dense_columns_(x.dense.cols()),
        n_(x.columns()),
        block_rows_(block_rows(x.dense.cols())),
        chunk_rows_(block_rows_ * std::max<Index>(1, kChunkRows / block_rows_)),
        chunks_(std::max<Index>(1, (x.rows() + chunk_rows_ - 1) / chunk_rows_)),
        threads_(threads),
        label_(x.rows()),
        cost_(x.rows()),
        xw_(x.rows()),
        xs_(x.rows()),
        hv_scratch_(x.rows()),
        loss_slope_(x.rows()),
        curvature_(x.rows()),
        partial_first_(dense_columns_ + 1, chunks_),
        partial_second_(dense_columns_ + 1, chunks_),
        partial_loss_(static_cast<std::size_t>(chunks_)),
        point_(VectorXd::Zero(n_ + 1)),
        gradient_(n_ + 1),
        hessian_diagonal_(n_ + 1) {
    for (Index i = 0; i < x.rows(); ++i) {
      label_(i) = is_positive(i) == 1.0 ? 1.0 : -1.0;
      cost_(i) = row_cost.size() == 0 ? c : c * row_cost(i);
    }
    if (sparse_) build_sparse_columns();
  }

  Index variables() const override { return n_ + 1; }

  double evaluate(const VectorXd& w) override {
    assert(w.size() == variables());
    point_ = w;
    has_direction_ = false;
    return refresh(/*recompute_xw=*/true);
  }

  void gradient(const VectorXd& w, VectorXd& g) const override {
    assert_current_point(w);
    g = gradient_;
  }

  void hessian_vector(const VectorXd& w, const VectorXd& s, VectorXd& hs) override {
    assert_current_point(w);
    assert(s.size() == variables() && &s != &hs);
    run_chunks(threads_, chunks_, [&](Index chunk) {
      auto partial = partial_first_.col(chunk);
      partial.setZero();
      for_each_block(chunk, [&](Index begin, Index size, const auto& xb) {
        auto xs = hv_scratch_.segment(begin, size);
        xs.noalias() = xb * s.head(dense_columns_);
        add_sparse_products(begin, size, s, xs);
        xs.array() = (xs.array() + s(n_)) * curvature_.segment(begin, size).array();
        partial.head(dense_columns_).noalias() += xb.transpose() * xs;
        partial(dense_columns_) += xs.sum();
      });
    });
    hs = s;
    hs(n_) = 0.0;  // the bias is not regularised
    for (Index chunk = 0; chunk < chunks_; ++chunk) {
      hs.head(dense_columns_) += partial_first_.col(chunk).head(dense_columns_);
      hs(n_) += partial_first_(dense_columns_, chunk);
    }
    add_sparse_transpose_products(hv_scratch_, hs, nullptr);
  }

  // diag(H) at the current point (test hook; call want_dense_diagonal() before evaluate()).
  void hessian_diagonal(const VectorXd& w, VectorXd& m) const {
    assert_current_point(w);
    assert(dense_diagonal_);
    m = hessian_diagonal_;
  }
  void want_dense_diagonal() { dense_diagonal_ = true; }

  // The preconditioner: the dense columns and the bias are few (a few hundred) and strongly
  // correlated, which is what makes CG with LIBLINEAR's diagonal preconditioner slow; their
  // block of H,
  //   [X_d 1]^T D [X_d 1] + diag(1, ..., 1, 0),
  // is formed (rank updates at BLAS-3 speed) and factored (Cholesky), so CG sees the dense part
  // nearly solved. The block is estimated from a sample of the rows (every stride-th chunk,
  // scaled up): a preconditioner need only be close, CG still multiplies by the exact H, and
  // the estimate from 16k-32k rows is as good as the full sum (same CG counts) for a fraction of
  // the cost. The sparse hashed columns, many and nearly orthogonal, get diag(H) (Jacobi; binary
  // token columns differ in curvature by orders of magnitude, so LIBLINEAR's mix
  // 0.99 + 0.01 diag(H) needs twice the CG steps here); the coupling between the two blocks is
  // left to CG. With more dense columns than kMaxBlockColumns (the block would cost more than
  // it saves) every variable gets LIBLINEAR's mix.
  //
  // The block is summed in a fixed number of groups of consecutive sampled chunks, each in
  // chunk order, and the groups in group order: the same bits on any thread count.
  void prepare_preconditioner(const VectorXd& w) override {
    assert_current_point(w);
    use_block_ = dense_columns_ <= kMaxBlockColumns;
    diagonal_preconditioner_ = use_block_ ? hessian_diagonal_ : (1.0 - kAlphaPcg) + kAlphaPcg * hessian_diagonal_.array();
    if (!use_block_) return;
    const Index p = dense_columns_ + 1;  // the dense columns, then the bias
    // Every stride-th chunk: kPreconditionerChunks to 2 kPreconditionerChunks of them, so 16k to
    // 32k rows (about a hundred per variable) however many rows there are.
    const Index stride = std::max<Index>(1, chunks_ / kPreconditionerChunks);
    const Index sampled = (chunks_ + stride - 1) / stride;
    const Index groups = std::min<Index>(kHessianGroups, sampled);
    partial_hessians_.resize(p, p * groups);
    std::vector<Index> group_rows(static_cast<std::size_t>(groups), 0);
    run_chunks(threads_, groups, [&](Index group) {
      auto h = partial_hessians_.middleCols(group * p, p);
      h.setZero();
      MatrixXd y(std::min(chunk_rows_, x_.rows()), p);
      for (Index k = group * sampled / groups; k < (group + 1) * sampled / groups; ++k) {
        const Index begin = k * stride * chunk_rows_, size = std::min(chunk_rows_, x_.rows() - begin);
        group_rows[static_cast<std::size_t>(group)] += size;
        const VectorXd root = curvature_.segment(begin, size).cwiseSqrt();
        y.topRows(size).leftCols(dense_columns_).noalias() = root.asDiagonal() * x_.middleRows(begin, size);
        y.topRows(size).col(dense_columns_) = root;
        h.template selfadjointView<Eigen::Lower>().rankUpdate(y.topRows(size).transpose());
      }
    });
    block_hessian_ = partial_hessians_.leftCols(p);
    for (Index group = 1; group < groups; ++group) block_hessian_ += partial_hessians_.middleCols(group * p, p);
    Index rows_used = 0;
    for (Index rows : group_rows) rows_used += rows;
    if (rows_used < x_.rows()) block_hessian_ *= static_cast<double>(x_.rows()) / static_cast<double>(rows_used);
    block_hessian_.diagonal().head(dense_columns_).array() += 1.0;
    // The bias entry is sum_i D_i > 0 unless no row has curvature left; a tiny shift keeps the
    // factor defined then (M need only be positive definite).
    block_hessian_(dense_columns_, dense_columns_) += 1e-12 * (1.0 + block_hessian_(dense_columns_, dense_columns_));
    block_factor_.compute(block_hessian_);  // reads the lower triangle
    use_block_ = block_factor_.info() == Eigen::Success;
  }

  void precondition(const VectorXd& r, VectorXd& z) override {
    z = r.cwiseQuotient(diagonal_preconditioner_);
    if (!use_block_) return;
    block_rhs_.resize(dense_columns_ + 1);
    block_rhs_.head(dense_columns_) = r.head(dense_columns_);
    block_rhs_(dense_columns_) = r(n_);
    block_factor_.solveInPlace(block_rhs_);
    z.head(dense_columns_) = block_rhs_.head(dense_columns_);
    z(n_) = block_rhs_(dense_columns_);
  }

  void set_direction(const VectorXd& w, const VectorXd& s) override {
    assert_current_point(w);
    assert(s.size() == variables());
    direction_ = &s;
    run_chunks(threads_, chunks_, [&](Index chunk) {
      for_each_block(chunk, [&](Index begin, Index size, const auto& xb) {
        auto xs = xs_.segment(begin, size);
        xs.noalias() = xb * s.head(dense_columns_);
        add_sparse_products(begin, size, s, xs);
        xs.array() += s(n_);
      });
    });
    w_dot_s_ = w.head(n_).dot(s.head(n_));
    s_norm_sq_ = s.head(n_).squaredNorm();
    has_direction_ = true;
  }

  double value_along(double alpha) const override {
    assert(has_direction_);
    run_chunks(threads_, chunks_, [&](Index chunk) {
      CompensatedSum loss;
      const Index begin = chunk * chunk_rows_, end = std::min(begin + chunk_rows_, xw_.size());
      for (Index i = begin; i < end; ++i) {
        const double z = label_(i) * (xw_(i) + alpha * xs_(i));
        loss.add(cost_(i) * log_loss(z, std::exp(-std::abs(z))));
      }
      partial_loss_[static_cast<std::size_t>(chunk)] = loss;
    });
    return total_loss() + (alpha * alpha * s_norm_sq_ + w_norm_sq_) / 2.0 + alpha * w_dot_s_;
  }

  double step(double alpha, VectorXd& w) override {
    assert_current_point(w);
    assert(has_direction_);
    w.noalias() += alpha * *direction_;
    xw_.noalias() += alpha * xs_;  // X (w + alpha s) without another pass over X
    point_ = w;
    has_direction_ = false;
    return refresh(/*recompute_xw=*/false);
  }

 private:
  static constexpr Index kChunkRows = 2048;      // rows per chunk of parallel work, about
  static constexpr Index kChunkColumns = 8192;   // sparse columns per chunk of parallel work
  static constexpr Index kHessianGroups = 16;    // groups of chunks summing the preconditioner's block
  static constexpr Index kMaxBlockColumns = 1024;
  static constexpr Index kPreconditionerChunks = 8;  // chunks sampled for the block at least
  static constexpr double kAlphaPcg = 0.01;      // weight of diag(H) in the diagonal preconditioner

  // Rows per block: about 32 KiB of X (L1-sized), a multiple of 8 rows so that each block's
  // slice of a column has the alignment of the column itself.
  static Index block_rows(Index cols) {
    constexpr Index kBlockBytes = 32 * 1024;
    const Index rows = kBlockBytes / (Index{sizeof(double)} * std::max<Index>(cols, 1));
    return std::max<Index>(16, rows / 8 * 8);
  }

  // The blocks of one chunk, in order.
  template <class Kernel>
  void for_each_block(Index chunk, Kernel&& kernel) const {
    const Index end = std::min(x_.rows(), (chunk + 1) * chunk_rows_);
    for (Index begin = chunk * chunk_rows_; begin < end; begin += block_rows_) {
      const Index size = std::min(block_rows_, end - begin);
      kernel(begin, size, x_.middleRows(begin, size));
    }
  }

  // out(k) += X_sparse(begin + k, :) . v_sparse for the block's rows, from the row-wise copy.
  template <class Out>
  void add_sparse_products(Index begin, Index size, const VectorXd& v, Out&& out) const {
    if (!sparse_) return;
    const double* sparse_v = v.data() + dense_columns_;
    for (Index k = 0; k < size; ++k) {
      double sum = 0.0;
      const auto row = static_cast<std::size_t>(begin + k);
      for (const SparseEntry* e = sparse_->row_begin(row); e != sparse_->row_end(row); ++e)
        sum += static_cast<double>(e->value) * sparse_v[e->column];
      out(k) += sum;
    }
  }

  // out_sparse += X_sparse^T u, and diagonal_sparse += (X_sparse o X_sparse)^T curvature when
  // given, from the column-wise copy: each column sums its rows in row order whatever the
  // thread count, and columns are independent, so threads never share a sum.
  void add_sparse_transpose_products(const VectorXd& u, VectorXd& out, VectorXd* diagonal) const {
    if (!sparse_) return;
    const Index columns = n_ - dense_columns_;
    run_chunks(threads_, (columns + kChunkColumns - 1) / kChunkColumns, [&](Index chunk) {
      const Index end = std::min(columns, (chunk + 1) * kChunkColumns);
      for (Index j = chunk * kChunkColumns; j < end; ++j) {
        double sum = 0.0, square_sum = 0.0;
        for (std::size_t k = column_starts_[static_cast<std::size_t>(j)]; k < column_starts_[static_cast<std::size_t>(j) + 1]; ++k) {
          const double value = column_values_[k];
          sum += value * u(column_rows_[k]);
          if (diagonal) square_sum += value * value * curvature_(column_rows_[k]);
        }
        out(dense_columns_ + j) += sum;
        if (diagonal) (*diagonal)(dense_columns_ + j) += square_sum;
      }
    });
  }

  // The column-wise copy of the sparse rows (a counting sort by column, rows stay in order).
  void build_sparse_columns() {
    const std::size_t columns = sparse_->columns();
    column_starts_.assign(columns + 1, 0);
    for (std::size_t r = 0; r < sparse_->rows(); ++r)
      for (const SparseEntry* e = sparse_->row_begin(r); e != sparse_->row_end(r); ++e) ++column_starts_[e->column + 1];
    for (std::size_t j = 0; j < columns; ++j) column_starts_[j + 1] += column_starts_[j];
    column_rows_.resize(sparse_->non_zeros());
    column_values_.resize(sparse_->non_zeros());
    std::vector<std::size_t> next(column_starts_.begin(), column_starts_.end() - 1);
    for (std::size_t r = 0; r < sparse_->rows(); ++r)
      for (const SparseEntry* e = sparse_->row_begin(r); e != sparse_->row_end(r); ++e) {
        const std::size_t k = next[e->column]++;
        column_rows_[k] = static_cast<Index>(r);
        column_values_[k] = e->value;
      }
  }

  double total_loss() const {
    CompensatedSum loss;
    for (const CompensatedSum& partial : partial_loss_) loss.add(partial.value());
    return loss.value();
  }

  // One pass over X at the current point (point_): optionally X w + b into xw_, then per row
  // the loss, its slope C_i (sigma_i - 1) y_i in the margin and the curvature
  // D_i = C_i sigma_i (1 - sigma_i) with sigma_i = sigma(y_i xw_i) (one exp and one log1p per
  // row), and from those the gradient X^T slope + w and diag(H) = (X o X)^T D + 1. Returns f.
  double refresh(bool recompute_xw) {
    const auto w = point_.head(dense_columns_);
    const double bias = point_(n_);
    run_chunks(threads_, chunks_, [&](Index chunk) {
      auto gradient = partial_first_.col(chunk);
      auto diagonal = partial_second_.col(chunk);
      gradient.setZero();
      diagonal.setZero();
      CompensatedSum loss;
      for_each_block(chunk, [&](Index begin, Index size, const auto& xb) {
        if (recompute_xw) {
          auto xw = xw_.segment(begin, size);
          xw.noalias() = xb * w;
          add_sparse_products(begin, size, point_, xw);
          xw.array() += bias;
        }
        for (Index i = begin; i < begin + size; ++i) {
          const double z = label_(i) * xw_(i);
          const double e = std::exp(-std::abs(z));
          const double inverse = 1.0 / (1.0 + e);
          const double sigma = (z >= 0.0 ? 1.0 : e) * inverse;
          const double one_minus_sigma = (z >= 0.0 ? e : 1.0) * inverse;
          loss.add(cost_(i) * log_loss(z, e));
          loss_slope_(i) = -cost_(i) * one_minus_sigma * label_(i);
          curvature_(i) = cost_(i) * sigma * one_minus_sigma;
        }
        const auto slope = loss_slope_.segment(begin, size);
        const auto curvature = curvature_.segment(begin, size);
        gradient.head(dense_columns_).noalias() += xb.transpose() * slope;
        if (dense_diagonal_)
          for (Index j = 0; j < dense_columns_; ++j) diagonal(j) += xb.col(j).cwiseAbs2().dot(curvature);
        gradient(dense_columns_) += slope.sum();
        diagonal(dense_columns_) += curvature.sum();
      });
      partial_loss_[static_cast<std::size_t>(chunk)] = loss;
    });
    gradient_.head(n_) = point_.head(n_);
    gradient_(n_) = 0.0;  // the bias is not regularised
    hessian_diagonal_.head(n_).setOnes();
    hessian_diagonal_(n_) = 0.0;
    for (Index chunk = 0; chunk < chunks_; ++chunk) {
      gradient_.head(dense_columns_) += partial_first_.col(chunk).head(dense_columns_);
      hessian_diagonal_.head(dense_columns_) += partial_second_.col(chunk).head(dense_columns_);
      gradient_(n_) += partial_first_(dense_columns_, chunk);
      hessian_diagonal_(n_) += partial_second_(dense_columns_, chunk);
    }
    add_sparse_transpose_products(loss_slope_, gradient_, &hessian_diagonal_);
    w_norm_sq_ = point_.head(n_).squaredNorm();
    has_point_ = true;
    return total_loss() + w_norm_sq_ / 2.0;
  }

  void assert_current_point([[maybe_unused]] const VectorXd& w) const {
    assert(has_point_ && w.size() == point_.size() && (w.array() == point_.array()).all() &&
           "derivatives are only valid at the point of the last evaluate() or step()");
  }

  const MatrixXd& x_;
  const SparseRows* sparse_;   // nullptr: dense columns only
  Index dense_columns_;
  Index n_;                    // weights: dense columns, then sparse columns (the bias is n_)
  Index block_rows_;
  Index chunk_rows_;           // a multiple of block_rows_
  Index chunks_;
  int threads_;
  VectorXd label_;             // y_i in {-1, +1}
  VectorXd cost_;              // C * row_cost_i
  VectorXd xw_;                // X w + b at the current point (step() updates it incrementally)
  VectorXd xs_;                // X s + s_b for the line-search direction
  VectorXd hv_scratch_;        // D o (X s) in hessian_vector()
  VectorXd loss_slope_;        // d loss_i / d margin_i at the current point
  VectorXd curvature_;         // d^2 loss_i / d margin_i^2 at the current point
  MatrixXd partial_first_;     // per chunk (column): dense gradient or H s partial sums, bias last
  MatrixXd partial_second_;    // per chunk: dense diag(H) partial sums, bias last
  mutable std::vector<CompensatedSum> partial_loss_;  // per chunk
  VectorXd point_;             // the current point
  VectorXd gradient_;          // at the current point
  VectorXd hessian_diagonal_;  // at the current point
  // the preconditioner (prepare_preconditioner)
  VectorXd diagonal_preconditioner_;
  bool use_block_ = false;
  // diag(H) of the dense columns is only needed without the block (and by the test hook):
  // it costs a multiply-add per entry of X in every refresh.
  bool dense_diagonal_ = dense_columns_ > kMaxBlockColumns;
  MatrixXd partial_hessians_;  // per group, side by side
  MatrixXd block_hessian_;     // dense columns and bias (lower triangle)
  Eigen::LLT<MatrixXd> block_factor_;
  VectorXd block_rhs_;
  // the sparse columns again, column by column (CSC), for X_sparse^T u
  std::vector<std::size_t> column_starts_;
  std::vector<Index> column_rows_;
  std::vector<float> column_values_;
  const VectorXd* direction_ = nullptr;
  double w_norm_sq_ = 0.0;  // ||w||^2 without the bias
  double w_dot_s_ = 0.0;    // w . s without the bias
  double s_norm_sq_ = 0.0;  // ||s||^2 without the bias
  bool has_point_ = false;
  bool has_direction_ = false;
};

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
      note(fmt::format("newton: iter {:3d} f {:.6e} |g| {:.3e} CG {:3d} step {:.2e}{}", result.iterations, f,
                       gnorm, cg_iterations, step_size,
                       cg_iterations >= max_cg_iterations() ? " (CG iteration limit)" : ""));
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
  static constexpr double kEta = 0.01;          // Armijo sufficient-decrease constant
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
  OwlqnSolver(Objective& objective, Index l1_begin, Index l1_end, double l1, double eps, int max_iterations,
              int memory, ProgressSink* progress)
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
                       big_f, pg_norm, alpha,
                       (w.segment(l1_begin_, l1_end_ - l1_begin_).array() == 0.0).count()));
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
      if (w(j) > 0.0) pg(j) = g(j) + l1_;
      else if (w(j) < 0.0) pg(j) = g(j) - l1_;
      else if (g(j) + l1_ < 0.0) pg(j) = g(j) + l1_;
      else if (g(j) - l1_ > 0.0) pg(j) = g(j) - l1_;
      else pg(j) = 0.0;
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

// ---------------------------------------------------------------------------------------------
// Validation (kept apart from the numerics; throws std::invalid_argument).

[[noreturn]] void fail(std::string_view function, const std::string& message) {
  throw std::invalid_argument(fmt::format("{}: {}", function, message));
}

struct ClassCounts {
  Index positive = 0;
  Index negative = 0;
  double positive_cost = 0.0;
  double negative_cost = 0.0;
};

ClassCounts validate_data(std::string_view function, const DesignMatrix& rows, const VectorXd& is_positive,
                          const VectorXd& row_cost, double c) {
  const Index l = rows.rows();
  if (l == 0) fail(function, "no rows to train on");
  if (is_positive.size() != l)
    fail(function, fmt::format("is_positive has {} entries but rows has {} rows", is_positive.size(), l));
  if (row_cost.size() != 0 && row_cost.size() != l)
    fail(function, fmt::format("row_cost has {} entries but rows has {} rows (empty means all 1)",
                               row_cost.size(), l));
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
          fail(function, fmt::format("sparse entry ({}, {}) is {}; features must be finite and in range", r,
                                     e->column, e->value));
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

}  // namespace

LogisticRegressionFit fit_logistic_regression(const DesignMatrix& rows, const Eigen::VectorXd& is_positive,
                                              const Eigen::VectorXd& row_cost,
                                              const LogisticRegressionOptions& options, ProgressSink* progress) {
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
