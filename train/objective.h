#pragma once
// What the solvers minimise: the Objective interface and the logistic objective
// (LIBLINEAR's l2r_lr_fun), with the summation and threading helpers its passes use.
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

namespace pith::train::solver {

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
  LogisticObjective(const DesignMatrix& x, const VectorXd& is_positive, const VectorXd& row_cost, double c, int threads)
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
    diagonal_preconditioner_ =
        use_block_ ? hessian_diagonal_ : (1.0 - kAlphaPcg) + kAlphaPcg * hessian_diagonal_.array();
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
  static constexpr Index kChunkRows = 2048;     // rows per chunk of parallel work, about
  static constexpr Index kChunkColumns = 8192;  // sparse columns per chunk of parallel work
  static constexpr Index kHessianGroups = 16;   // groups of chunks summing the preconditioner's block
  static constexpr Index kMaxBlockColumns = 1024;
  static constexpr Index kPreconditionerChunks = 8;  // chunks sampled for the block at least
  static constexpr double kAlphaPcg = 0.01;          // weight of diag(H) in the diagonal preconditioner

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
        for (std::size_t k = column_starts_[static_cast<std::size_t>(j)];
             k < column_starts_[static_cast<std::size_t>(j) + 1]; ++k) {
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
  const SparseRows* sparse_;  // nullptr: dense columns only
  Index dense_columns_;
  Index n_;  // weights: dense columns, then sparse columns (the bias is n_)
  Index block_rows_;
  Index chunk_rows_;  // a multiple of block_rows_
  Index chunks_;
  int threads_;
  VectorXd label_;           // y_i in {-1, +1}
  VectorXd cost_;            // C * row_cost_i
  VectorXd xw_;              // X w + b at the current point (step() updates it incrementally)
  VectorXd xs_;              // X s + s_b for the line-search direction
  VectorXd hv_scratch_;      // D o (X s) in hessian_vector()
  VectorXd loss_slope_;      // d loss_i / d margin_i at the current point
  VectorXd curvature_;       // d^2 loss_i / d margin_i^2 at the current point
  MatrixXd partial_first_;   // per chunk (column): dense gradient or H s partial sums, bias last
  MatrixXd partial_second_;  // per chunk: dense diag(H) partial sums, bias last
  mutable std::vector<CompensatedSum> partial_loss_;  // per chunk
  VectorXd point_;                                    // the current point
  VectorXd gradient_;                                 // at the current point
  VectorXd hessian_diagonal_;                         // at the current point
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

}  // namespace pith::train::solver
