#include "train/trainer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <optional>
#include <thread>

#include "datasets/plain_text_rendering.h"
#include "features/error.h"
#include "features/feature_table.h"
#include "features/version.h"
#include "model/stacking_features.h"

namespace pith::train {
namespace {

// Population standard deviation; a constant column gets scale 1 so it standardises to 0.
void standardisation(const Eigen::MatrixXd& x, Eigen::VectorXd& mean, Eigen::VectorXd& scale) {
  mean = x.colwise().mean().transpose();
  scale.resize(x.cols());
  for (Eigen::Index c = 0; c < x.cols(); ++c) {
    const double variance = (x.col(c).array() - mean[c]).square().mean();
    scale[c] = variance > 1e-24 ? std::sqrt(variance) : 1.0;
  }
}

}  // namespace

// Every paragraph of the page becomes a row, in order, so the stacking stage sees whole pages;
// unknown labels are NaN and left out of every fit.
void TrainingSet::append_rows(const LabelledPage& page, PageKind layout_kind, HeadRows& rows) {
  const Eigen::MatrixXd dense = FeatureLayout::of(layout_kind).rows(page.document);
  for (Eigen::Index i = 0; i < dense.rows(); ++i) {
    for (Eigen::Index c = 0; c < dense.cols(); ++c) rows.values.push_back(dense(i, c));
    const Label label = page.labels[static_cast<std::size_t>(i)];
    rows.labels.push_back(label == Label::unknown ? std::nan("") : label == Label::content ? 1.0 : 0.0);
  }
  if (hashing_.enabled()) {
    const auto page_number = static_cast<std::uint32_t>(rows.page_ends.size() + 1);
    // The rows as inference builds them, hashing tokens in pieces without spelling them; a
    // paragraph's tokens are spelled only when one of its columns has no name yet, so each
    // column still gets the first token seen in it, in page, paragraph and token order.
    const std::size_t first_row = rows.sparse.rows();
    append_hashed_rows(page.document, layout_kind, hashing_, rows.sparse);
    for (std::size_t r = first_row; r < rows.sparse.rows(); ++r) {
      bool unnamed = false;
      for (const SparseEntry* e = rows.sparse.row_begin(r); e != rows.sparse.row_end(r); ++e) {
        if (rows.column_last_page[e->column] != page_number) {
          rows.column_last_page[e->column] = page_number;
          // a column on no page before has no name: it gets one from this paragraph
          unnamed = unnamed || rows.column_pages[e->column] == 0;
          ++rows.column_pages[e->column];
        }
      }
      if (!unnamed) continue;
      for_each_hashed_token(page.document, page.document.paragraphs[r - first_row], layout_kind, [&](std::string_view token) {
        std::string& name = rows.column_token[hashing_.column(token)];
        if (name.empty()) name = token;
      });
    }
  }
  rows.page_ends.push_back(rows.labels.size());
}

bool TrainingSet::add_page(const LabelledPage& page, TrainingHeads heads) {
  if (!page.left_out.empty()) {
    ++pages_left_out_;
    return false;
  }
  if (page.labels.size() != page.document.paragraphs.size())
    throw Error(page.document.source, "",
                fmt::format("{} labels for {} paragraphs", page.labels.size(), page.document.paragraphs.size()));
  if (heads.html && page.document.kind == PageKind::html) append_rows(page, PageKind::html, html_);
  // The text head scores plain-text pages: it learns from HTML pages rendered as one.
  if (heads.text) {
    if (page.document.kind == PageKind::html)
      append_rows(render_as_plain_text(page), PageKind::text, text_);
    else
      append_rows(page, PageKind::text, text_);
  }
  ++pages_;
  return true;
}

SparseRows TrainingSet::frequent_hashed_rows(PageKind kind, std::size_t min_pages, std::size_t* kept) const {
  const HeadRows& data = head(kind);
  SparseRows rows = data.sparse;
  std::vector<bool> keep(data.column_pages.size());
  std::size_t count = 0;
  for (std::size_t j = 0; j < keep.size(); ++j) count += (keep[j] = data.column_pages[j] >= min_pages);
  rows.keep_columns(keep);
  if (kept) *kept = count;
  return rows;
}

double favor_beta(Favor favor) {
  switch (favor) {
    case Favor::precision: return 0.5;
    case Favor::recall: return 2.0;
    case Favor::f1: break;
  }
  return 1.0;
}

std::string_view favor_name(Favor favor) {
  switch (favor) {
    case Favor::precision: return "precision";
    case Favor::recall: return "recall";
    case Favor::f1: break;
  }
  return "f1";
}

ThresholdChoice threshold_maximising_f_beta(const Eigen::VectorXd& p_content, const Eigen::VectorXd& is_content,
                                            double beta) {
  const double positives = is_content.sum();
  if (positives <= 0) return {};
  const double beta_sq = beta * beta;
  std::vector<Eigen::Index> order(static_cast<std::size_t>(p_content.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return p_content[a] > p_content[b]; });
  ThresholdChoice best{0.5, -1.0};
  double true_positives = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    true_positives += is_content[order[k]];
    // only cut between distinct scores, so the threshold separates exactly these k+1 rows
    if (k + 1 < order.size() && p_content[order[k + 1]] == p_content[order[k]]) continue;
    const double predicted = static_cast<double>(k + 1);
    const double f = (1 + beta_sq) * true_positives / (predicted + beta_sq * positives);
    if (f > best.f_beta) {
      best.f_beta = f;
      const double next = k + 1 < order.size() ? p_content[order[k + 1]] : 0.0;
      best.threshold = (p_content[order[k]] + next) / 2;
    }
  }
  return best;
}

double threshold_maximising_f1(const Eigen::VectorXd& p_content, const Eigen::VectorXd& is_content) {
  return threshold_maximising_f_beta(p_content, is_content, 1.0).threshold;
}

namespace {

// The rows of `x` at `rows`, in order.
template <class Matrix>
Eigen::MatrixXd select_rows(const Matrix& x, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t k = 0; k < rows.size(); ++k) out.row(static_cast<Eigen::Index>(k)) = x.row(rows[k]);
  return out;
}

Eigen::VectorXd select(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& rows) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) out[static_cast<Eigen::Index>(k)] = v[rows[k]];
  return out;
}

// Standardises the dense columns of `x` (in place: the rows are the caller's copy, and the
// largest object of a fit), fits on them and the hashed columns of `sparse` (may be null), and
// returns the scorer.
// `start` (may be null): a scorer over the same columns the solver starts from, carried over to
// these rows' standardisation so that it scores every row as it does.
LinearScorer fit_scorer(Eigen::MatrixXd x, const SparseRows* sparse, const Eigen::VectorXd& labels,
                        const Eigen::VectorXd& row_cost, std::vector<std::string> names,
                        const LogisticRegressionOptions& solver, ProgressSink* progress, std::string_view what,
                        const LinearScorer* start = nullptr) {
  LinearScorer scorer;
  scorer.feature_names = std::move(names);
  standardisation(x, scorer.mean, scorer.scale);
  x = (x.rowwise() - scorer.mean.transpose()).array().rowwise() / scorer.scale.transpose().array();
  Eigen::VectorXd start_weights;
  if (start) {
    // w' = w s' / s and b' = b + sum w (m' - m) / s give w' . (x - m') / s' + b' = w . (x - m) / s + b
    const Eigen::Index dense = x.cols(), hashed = sparse ? Eigen::Index{sparse->columns()} : 0;
    start_weights.resize(dense + hashed + 1);
    const Eigen::ArrayXd raw_weights = start->weights.array() / start->scale.array();
    start_weights.head(dense) = raw_weights * scorer.scale.array();
    if (hashed) start_weights.segment(dense, hashed) = start->sparse_weights;
    start_weights[dense + hashed] =
        start->bias + (raw_weights * (scorer.mean.array() - start->mean.array())).sum();
  }
  const LogisticRegressionFit fit =
      fit_logistic_regression(DesignMatrix(x, sparse), labels, row_cost, solver, nullptr, start ? &start_weights : nullptr);
  scorer.weights = fit.weights.head(x.cols());
  // Hashed weights are kept in single precision, as the model file stores them (there are
  // hundreds of thousands): what is scored after training is what a loaded model scores.
  if (sparse) scorer.sparse_weights = fit.weights.tail(sparse->columns()).cast<float>().cast<double>();
  scorer.bias = fit.bias;
  if (progress)
    progress->note(fmt::format("{}: {} rows, {} features{}, {} {} iterations, objective {:.6g}", what, x.rows(),
                               x.cols(),
                               sparse ? fmt::format(" and {} hashed columns ({} non-zeros)", sparse->columns(),
                                                    sparse->non_zeros())
                                      : "",
                               fit.iterations, fit.used_owlqn ? "OWL-QN" : "Newton", fit.objective));
  return scorer;
}

}  // namespace

namespace {

// Per-row cost multipliers for these labels (1 content, 0 boilerplate); empty when both weights
// are 1 so the solver takes its plain path. Sets `content`/`boilerplate` to the weights used.
Eigen::VectorXd class_costs(const ClassWeights& weights, const Eigen::VectorXd& labels, double& content,
                            double& boilerplate) {
  content = weights.content;
  boilerplate = weights.boilerplate;
  if (weights.balanced) {
    const double rows = static_cast<double>(labels.size()), positives = labels.sum();
    content = positives > 0 ? rows / (2 * positives) : 1.0;
    boilerplate = rows - positives > 0 ? rows / (2 * (rows - positives)) : 1.0;
  }
  if (content == 1.0 && boilerplate == 1.0) return {};
  return (labels.array() == 1.0).select(Eigen::VectorXd::Constant(labels.size(), content),
                                        Eigen::VectorXd::Constant(labels.size(), boilerplate));
}

Eigen::VectorXd select_or_empty(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& rows) {
  return v.size() == 0 ? Eigen::VectorXd() : select(v, rows);
}

// Up to `count` hashed columns of largest weight (by size) that have a token, largest first.
std::vector<std::pair<std::uint32_t, std::string>> largest_named_columns(const Eigen::VectorXd& weights,
                                                                         const std::vector<std::string>& tokens,
                                                                         std::size_t count) {
  std::vector<std::uint32_t> columns;
  for (Eigen::Index j = 0; j < weights.size(); ++j)
    if (weights[j] != 0.0 && !tokens[static_cast<std::size_t>(j)].empty()) columns.push_back(static_cast<std::uint32_t>(j));
  std::stable_sort(columns.begin(), columns.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return std::abs(weights[a]) > std::abs(weights[b]); });
  if (columns.size() > count) columns.resize(count);
  std::vector<std::pair<std::uint32_t, std::string>> named;
  for (std::uint32_t column : columns) named.emplace_back(column, tokens[column]);
  return named;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> model_settings(const TrainerOptions& options, const TrainingRun& run) {
  const LogisticRegressionOptions& solver = options.solver;
  const std::string training_data = fmt::format("{}", fmt::join(run.datasets, ","));
  return {
      {"created-with", fmt::format("pith {}", kVersion)},
      {"training-data", training_data},
      {"text-head-training-data",
       run.text_datasets.empty() ? training_data : fmt::format("{}", fmt::join(run.text_datasets, ","))},
      {"training-pages", std::to_string(run.pages)},
      {"solver",
       solver.l1 > 0.0
           ? fmt::format("owlqn l1={} (hashed columns; newton-cg where a fit has none) tolerance={} "
                         "max-iterations={} max-quasi-newton-iterations={}",
                         solver.l1, solver.tolerance, solver.max_iterations, solver.max_quasi_newton_iterations)
           : fmt::format("newton-cg tolerance={} max-iterations={}", solver.tolerance, solver.max_iterations)},
      {"families", options.families.empty() ? std::string("all") : fmt::format("{}", fmt::join(options.families, ","))},
      {"stacking-folds", std::to_string(options.stacking_folds)},
  };
}

namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Settings = std::vector<std::pair<std::string, std::string>>;

// What the trainer's errors name as their source: the training data of the model settings
// (model_settings), the only name of the pages the trainer has once they are rows.
std::string training_source(const Settings& settings) {
  for (const auto& [key, value] : settings)
    if (key == "training-data" && !value.empty()) return "training data " + value;
  return "the training set";
}

// One head's rows as every fit of train_model sees them, and its pages dealt to folds.
struct HeadData {
  explicit HeadData(PageKind kind) : name(page_kind_name(kind)), layout(FeatureLayout::of(kind)) {}

  std::string name;  // "html", "text"
  const FeatureLayout& layout;
  // The head's dense rows where the training set holds them (row-major), not copied: a fit
  // copies only the rows it uses. With --families, `restricted` is a copy with the other
  // families' columns zeroed and `values` points to it.
  const double* values = nullptr;
  RowMajorMatrix restricted;
  Eigen::Index row_count = 0;
  Eigen::VectorXd all_labels;          // NaN where unknown
  std::vector<Eigen::Index> labelled;  // rows with a label
  Eigen::VectorXd labels;              // all_labels at labelled
  std::optional<SparseRows> hashed;    // the frequent hashed columns, when hashing
  Eigen::VectorXd all_costs;           // class weights as row costs; empty: all 1
  const std::vector<std::size_t>* page_ends = nullptr;

  Eigen::Map<const RowMajorMatrix> raw() const { return {values, row_count, static_cast<Eigen::Index>(layout.size())}; }
  std::size_t pages() const { return page_ends->size(); }
  std::pair<Eigen::Index, Eigen::Index> page_range(std::size_t page) const {
    const std::size_t begin = page == 0 ? 0 : (*page_ends)[page - 1];
    return {static_cast<Eigen::Index>(begin), static_cast<Eigen::Index>((*page_ends)[page] - begin)};
  }
  // Labelled rows of the pages dealt (in turn) to folds other than `fold`, or to `fold` itself.
  std::vector<Eigen::Index> fold_rows(int folds, int fold, bool inside) const {
    std::vector<Eigen::Index> rows;
    for (std::size_t page = 0; page < pages(); ++page) {
      if ((static_cast<int>(page % static_cast<std::size_t>(folds)) == fold) != inside) continue;
      const auto [begin, length] = page_range(page);
      for (Eigen::Index i = begin; i < begin + length; ++i)
        if (!std::isnan(all_labels[i])) rows.push_back(i);
    }
    return rows;
  }
  // The hashed rows at `rows` (empty when the head has none), kept alive by the caller.
  SparseRows sparse_at(const std::vector<Eigen::Index>& rows) const {
    return hashed ? hashed->select(rows) : SparseRows();
  }
  const SparseRows* sparse_or_null(const SparseRows& rows) const { return hashed ? &rows : nullptr; }
  // The paragraph stage fitted on `rows`.
  LinearScorer fit(const std::vector<Eigen::Index>& rows, const LogisticRegressionOptions& solver,
                   ProgressSink* progress, std::string_view what, const LinearScorer* start = nullptr) const {
    const SparseRows sparse = sparse_at(rows);
    return fit_scorer(select_rows(raw(), rows), sparse_or_null(sparse), select(all_labels, rows),
                      select_or_empty(all_costs, rows), layout.names(), solver, progress, what, start);
  }
  // The paragraph scorer's probabilities of `rows`.
  Eigen::VectorXd probabilities(const LinearScorer& scorer, const std::vector<Eigen::Index>& rows) const {
    const SparseRows sparse = sparse_at(rows);
    return scorer.probabilities(select_rows(raw(), rows), sparse_or_null(sparse));
  }
};

// With --families, zeroes the other families' columns in a copy of the rows. A head without
// rows (no page of its kind) has nothing to zero, and no data to offset into.
void restrict_to_families(HeadData& data, const std::vector<std::string>& families) {
  if (families.empty() || data.row_count == 0) return;
  data.restricted =
      Eigen::Map<const RowMajorMatrix>(data.values, data.row_count, static_cast<Eigen::Index>(data.layout.size()));
  for (std::size_t c = 0; c < data.layout.size(); ++c)
    if (std::find(families.begin(), families.end(), data.layout.column_family(c)) == families.end())
      data.restricted.col(static_cast<Eigen::Index>(c)).setZero();
  data.values = data.restricted.data();
}

// Hashed columns on too few pages are dropped from every fit of this head.
void keep_frequent_hashed_columns(HeadData& data, const TrainingSet& training_set, PageKind kind,
                                  const TrainerOptions& options, Settings& settings, ProgressSink* progress) {
  if (!training_set.hashing().enabled()) return;
  std::size_t kept = 0;
  data.hashed = training_set.frequent_hashed_rows(kind, options.hashed_min_pages, &kept);
  if (progress)
    progress->note(fmt::format("{} head: {} of {} hashed columns occur on at least {} pages ({} non-zeros kept)",
                               data.name, kept, training_set.hashing().columns(), options.hashed_min_pages,
                               data.hashed->non_zeros()));
  settings.emplace_back("hashing." + data.name,
                        fmt::format("bits={} seed={} min-pages={} columns-used={}", training_set.hashing().bits,
                                    training_set.hashing().seed, options.hashed_min_pages, kept));
}

// Class weights as row costs over all rows (unknown labels get a cost too, never used).
void set_class_costs(HeadData& data, const ClassWeights& weights, Settings& settings) {
  double content_weight = 1.0, boilerplate_weight = 1.0;
  const Eigen::VectorXd labelled_costs = class_costs(weights, data.labels, content_weight, boilerplate_weight);
  if (labelled_costs.size() != 0) {
    data.all_costs = Eigen::VectorXd::Ones(data.row_count);
    for (std::size_t k = 0; k < data.labelled.size(); ++k)
      data.all_costs[data.labelled[k]] = labelled_costs[static_cast<Eigen::Index>(k)];
  }
  if (weights.balanced || content_weight != 1.0 || boilerplate_weight != 1.0)
    settings.emplace_back("class-weight." + data.name,
                          fmt::format("{}content={:.6g} boilerplate={:.6g}", weights.balanced ? "balanced " : "",
                                      content_weight, boilerplate_weight));
}

// Runs fit(k, solver_threads) for k = 0 .. count - 1 on `threads` threads: in waves of at most
// `threads` fits at once, each fit of a wave with an equal share of the threads (a last wave of
// fewer fits gets more threads each). The fits are independent and the solver gives the same
// bits for any thread count, so the results do not depend on `threads`; each fit writes only
// its own slot. `done(k)` runs on the calling thread after fit k's wave, in order of k; the first
// exception (by k) is rethrown after the wave.
template <class Fit, class Done>
void run_independent_fits(int count, int threads, const Fit& fit, const Done& done) {
  threads = std::max(threads, 1);
  for (int first = 0; first < count; first += threads) {
    const int wave = std::min(threads, count - first);
    const int share = std::max(1, threads / wave);
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(wave));
    const auto run = [&](int k) {
      try {
        fit(first + k, share);
      } catch (...) {
        errors[static_cast<std::size_t>(k)] = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (int k = 1; k < wave; ++k) pool.emplace_back(run, k);
    run(0);
    for (std::thread& thread : pool) thread.join();
    for (const std::exception_ptr& error : errors)
      if (error) std::rethrow_exception(error);
    for (int k = 0; k < wave; ++k) done(first + k);
  }
}

// The measure the thresholds maximise, as the settings and notes name it.
std::string measure_name(Favor favor) {
  const double beta = favor_beta(favor);
  return favor == Favor::f1 ? "F1" : beta < 1 ? "F0.5" : "F2";
}

// Cross-validation of C (options.cv_folds >= 2): the C of the cost grid whose held-out scores
// reach the best F at their best threshold.
double cross_validated_cost(const HeadData& data, const TrainerOptions& options, const std::string& source,
                            Settings& settings, ProgressSink* progress) {
  const double beta = favor_beta(options.favor);
  const std::string measure = measure_name(options.favor);
  if (data.pages() < static_cast<std::size_t>(options.cv_folds))
    throw Error(source, fmt::format("{} head", data.name),
                fmt::format("{} pages are too few for {} cross-validation folds", data.pages(), options.cv_folds));
  const std::vector<double> grid =
      options.cost_grid.empty() ? std::vector<double>{options.solver.c} : options.cost_grid;
  std::string curve;
  double best_score = -1.0, best_c = grid.front(), best_threshold = 0.5;
  for (const double c : grid) {
    LogisticRegressionOptions fold_solver = options.solver;
    fold_solver.c = c;
    std::vector<double> held_out_p, held_out_labels;
    // folds fitted side by side; their scores are gathered in fold order
    std::vector<Eigen::VectorXd> fold_p(static_cast<std::size_t>(options.cv_folds));
    run_independent_fits(
        options.cv_folds, options.solver.threads,
        [&](int fold, int threads) {
          LogisticRegressionOptions thread_solver = fold_solver;
          thread_solver.threads = threads;
          const LinearScorer fold_scorer =
              data.fit(data.fold_rows(options.cv_folds, fold, false), thread_solver, nullptr, "");
          fold_p[static_cast<std::size_t>(fold)] =
              data.probabilities(fold_scorer, data.fold_rows(options.cv_folds, fold, true));
        },
        [&](int fold) {
          const Eigen::VectorXd& p = fold_p[static_cast<std::size_t>(fold)];
          held_out_p.insert(held_out_p.end(), p.begin(), p.end());
          for (Eigen::Index i : data.fold_rows(options.cv_folds, fold, true)) held_out_labels.push_back(data.all_labels[i]);
          if (progress)
            progress->progress(fmt::format("{} cross-validation C={:g}", data.name, c),
                               static_cast<std::size_t>(fold + 1), static_cast<std::size_t>(options.cv_folds));
        });
    const ThresholdChoice choice = threshold_maximising_f_beta(
        Eigen::Map<const Eigen::VectorXd>(held_out_p.data(), static_cast<Eigen::Index>(held_out_p.size())),
        Eigen::Map<const Eigen::VectorXd>(held_out_labels.data(), static_cast<Eigen::Index>(held_out_labels.size())),
        beta);
    if (progress)
      progress->note(fmt::format("{} cross-validation: C {:g}: held-out {} {:.4f} at threshold {:.3f}", data.name, c,
                                 measure, choice.f_beta, choice.threshold));
    curve += fmt::format("{}{:g}:{:.4f}@{:.3f}", curve.empty() ? "" : " ", c, choice.f_beta, choice.threshold);
    if (choice.f_beta > best_score) {
      best_score = choice.f_beta;
      best_c = c;
      best_threshold = choice.threshold;
    }
  }
  if (progress)
    progress->note(
        fmt::format("{} cross-validation: chose C {:g} (held-out {} {:.4f})", data.name, best_c, measure, best_score));
  settings.emplace_back(
      "cv." + data.name,
      fmt::format("folds={} favor={} measure={} chosen-c={:g} held-out={:.4f} threshold={:.3f}", options.cv_folds,
                  favor_name(options.favor), measure, best_c, best_score, best_threshold));
  settings.emplace_back("cv-curve." + data.name, curve);  // C:held-out measure@its threshold
  return best_c;
}

// The paragraph stage's probability of every row, each from a fit on the pages of the other
// `folds` folds (pages dealt to folds in turn): what the stacking stage learns from, as it will
// see scores of unseen pages at inference. The folds are fitted side by side on the solver's
// threads (run_independent_fits), each starting from `start` (may be null), the fit on all
// pages, which is close to every fold's minimum: a third of the Newton iterations from 0.
Eigen::VectorXd held_out_probabilities(const HeadData& data, int folds, const LogisticRegressionOptions& solver,
                                       const LinearScorer* start, ProgressSink* progress) {
  Eigen::VectorXd held_out_p(data.row_count);
  const Eigen::Map<const RowMajorMatrix> raw = data.raw();
  run_independent_fits(
      folds, solver.threads,
      [&](int fold, int threads) {
        LogisticRegressionOptions fold_solver = solver;
        fold_solver.threads = threads;
        const LinearScorer fold_scorer = data.fit(data.fold_rows(folds, fold, false), fold_solver, nullptr, "", start);
        // each fold writes the rows of its own pages only
        for (std::size_t page = static_cast<std::size_t>(fold); page < data.pages();
             page += static_cast<std::size_t>(folds)) {
          const auto [begin, length] = data.page_range(page);
          SparseRows page_sparse;
          if (data.hashed) {
            page_sparse = SparseRows(data.hashed->columns());
            page_sparse.append_rows(*data.hashed, static_cast<std::size_t>(begin), static_cast<std::size_t>(length));
          }
          held_out_p.segment(begin, length) =
              fold_scorer.probabilities(raw.middleRows(begin, length), data.sparse_or_null(page_sparse));
        }
      },
      [&](int fold) {
        if (progress)
          progress->progress(data.name + " stacking folds", static_cast<std::size_t>(fold + 1),
                             static_cast<std::size_t>(folds));
      });
  return held_out_p;
}

// The stacking stage fitted on the stacking features of the held-out probabilities, and its
// probabilities of the labelled rows (to choose the threshold on).
std::pair<LinearScorer, Eigen::VectorXd> fit_stacking_stage(const HeadData& data, const Eigen::VectorXd& held_out_p,
                                                            const LogisticRegressionOptions& solver,
                                                            ProgressSink* progress) {
  Eigen::MatrixXd stacked(data.row_count, static_cast<Eigen::Index>(kStackingFeatures.size()));
  for (std::size_t page = 0; page < data.pages(); ++page) {
    const auto [begin, length] = data.page_range(page);
    stacked.middleRows(begin, length) = stacking_rows(held_out_p.segment(begin, length));
  }
  const Eigen::MatrixXd stacked_labelled = select_rows(stacked, data.labelled);
  LinearScorer stacking = fit_scorer(Eigen::MatrixXd(stacked_labelled), nullptr, data.labels,
                                     select_or_empty(data.all_costs, data.labelled), stacking_feature_names(), solver,
                                     progress, data.name + " stacking");
  Eigen::VectorXd p = stacking.probabilities(stacked_labelled);
  return {std::move(stacking), std::move(p)};
}

}  // namespace

Model train_model(const TrainingSet& training_set, const TrainerOptions& options, Settings settings,
                  ProgressSink* progress) {
  Model model;
  model.settings = std::move(settings);
  const std::string source = training_source(model.settings);
  const double beta = favor_beta(options.favor);
  const std::string measure = measure_name(options.favor);
  if (options.favor != Favor::f1)
    model.settings.emplace_back("favor", fmt::format("{} (thresholds maximise content {})", favor_name(options.favor), measure));
  for (PageKind kind : {PageKind::html, PageKind::text}) {
    const TrainingSet::HeadRows& rows = training_set.head(kind);
    HeadData data(kind);
    data.values = rows.values.data();
    data.row_count = static_cast<Eigen::Index>(rows.labels.size());
    data.page_ends = &rows.page_ends;
    restrict_to_families(data, options.families);
    data.all_labels = Eigen::Map<const Eigen::VectorXd>(rows.labels.data(), data.row_count);
    for (Eigen::Index i = 0; i < data.row_count; ++i)
      if (!std::isnan(data.all_labels[i])) data.labelled.push_back(i);
    if (data.labelled.empty()) continue;
    data.labels = select(data.all_labels, data.labelled);
    keep_frequent_hashed_columns(data, training_set, kind, options, model.settings, progress);
    set_class_costs(data, options.class_weights, model.settings);

    LogisticRegressionOptions solver = options.solver;
    if (options.cv_folds >= 2) solver.c = cross_validated_cost(data, options, source, model.settings, progress);

    ModelHead head;
    head.kind = kind;
    head.regularization_c = solver.c;
    head.training_rows = data.labelled.size();
    head.hashing = training_set.hashing();
    head.paragraph = data.fit(data.labelled, solver, progress, data.name + " head");
    if (data.hashed)
      head.hashed_names = largest_named_columns(head.paragraph.sparse_weights, rows.column_token, options.hashed_names);

    if (options.stacking_folds >= 2 && data.pages() >= static_cast<std::size_t>(options.stacking_folds)) {
      auto [stacking, p] = fit_stacking_stage(
          data, held_out_probabilities(data, options.stacking_folds, solver, &head.paragraph, progress), solver, progress);
      head.stacking = std::move(stacking);
      head.threshold = threshold_maximising_f_beta(p, data.labels, beta).threshold;
    } else {
      head.threshold =
          threshold_maximising_f_beta(data.probabilities(head.paragraph, data.labelled), data.labels, beta).threshold;
    }
    if (progress)
      progress->note(fmt::format("{} head: threshold {:.3f} (maximises {})", data.name, head.threshold, measure));
    model.heads.push_back(std::move(head));
  }
  if (model.heads.empty()) throw Error(source, "", "no labelled paragraphs to train on");
  return model;
}

}  // namespace pith::train
