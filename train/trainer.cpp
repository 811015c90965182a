#include "train/trainer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "datasets/plain_text_rendering.h"
#include "features/error.h"
#include "features/feature_table.h"
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
      for_each_hashed_token(page.document.paragraphs[r - first_row], layout_kind, [&](std::string_view token) {
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
LinearScorer fit_scorer(Eigen::MatrixXd x, const SparseRows* sparse, const Eigen::VectorXd& labels,
                        const Eigen::VectorXd& row_cost, std::vector<std::string> names,
                        const LogisticRegressionOptions& solver, ProgressSink* progress, std::string_view what) {
  LinearScorer scorer;
  scorer.feature_names = std::move(names);
  standardisation(x, scorer.mean, scorer.scale);
  x = (x.rowwise() - scorer.mean.transpose()).array().rowwise() / scorer.scale.transpose().array();
  const LogisticRegressionFit fit = fit_logistic_regression(DesignMatrix(x, sparse), labels, row_cost, solver);
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

Model train_model(const TrainingSet& training_set, const TrainerOptions& options,
                  std::vector<std::pair<std::string, std::string>> settings, ProgressSink* progress) {
  Model model;
  model.settings = std::move(settings);
  const double beta = favor_beta(options.favor);
  const std::string measure = options.favor == Favor::f1 ? "F1" : beta < 1 ? "F0.5" : "F2";
  if (options.favor != Favor::f1)
    model.settings.emplace_back("favor", fmt::format("{} (thresholds maximise content {})", favor_name(options.favor), measure));
  for (PageKind kind : {PageKind::html, PageKind::text}) {
    const TrainingSet::HeadRows& data = training_set.head(kind);
    const FeatureLayout layout(kind);
    const auto row_count = static_cast<Eigen::Index>(data.labels.size());
    // The head's rows where the training set holds them (row-major), not copied: a fit copies
    // only the rows it uses. With --families, a copy with the other families' columns zeroed.
    using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    RowMajorMatrix restricted;
    if (!options.families.empty()) {
      restricted = Eigen::Map<const RowMajorMatrix>(data.values.data(), row_count, static_cast<Eigen::Index>(layout.size()));
      for (std::size_t c = 0; c < layout.size(); ++c)
        if (std::find(options.families.begin(), options.families.end(), layout.column_family(c)) == options.families.end())
          restricted.col(static_cast<Eigen::Index>(c)).setZero();
    }
    const Eigen::Map<const RowMajorMatrix> raw(options.families.empty() ? data.values.data() : restricted.data(),
                                               row_count, static_cast<Eigen::Index>(layout.size()));
    const Eigen::VectorXd all_labels = Eigen::Map<const Eigen::VectorXd>(data.labels.data(), row_count);
    std::vector<Eigen::Index> labelled;
    for (Eigen::Index i = 0; i < row_count; ++i)
      if (!std::isnan(all_labels[i])) labelled.push_back(i);
    if (labelled.empty()) continue;
    const Eigen::VectorXd labels = select(all_labels, labelled);
    const std::string name(layout.name());

    // Hashed columns on too few pages are dropped from every fit of this head.
    std::optional<SparseRows> hashed;
    if (training_set.hashing_.enabled()) {
      std::size_t kept = 0;
      hashed = training_set.frequent_hashed_rows(kind, options.hashed_min_pages, &kept);
      if (progress)
        progress->note(fmt::format("{} head: {} of {} hashed columns occur on at least {} pages ({} non-zeros kept)",
                                   name, kept, data.column_pages.size(), options.hashed_min_pages, hashed->non_zeros()));
      model.settings.emplace_back("hashing." + name,
                                  fmt::format("bits={} seed={} min-pages={} columns-used={}",
                                              training_set.hashing_.bits, training_set.hashing_.seed,
                                              options.hashed_min_pages, kept));
    }
    const SparseRows* all_sparse = hashed ? &*hashed : nullptr;
    // The hashed rows at `rows` (empty when the head has none), kept alive by the caller.
    const auto sparse_rows_at = [&](const std::vector<Eigen::Index>& rows) {
      return all_sparse ? all_sparse->select(rows) : SparseRows();
    };
    const auto sparse_or_null = [&](const SparseRows& rows) { return all_sparse ? &rows : nullptr; };

    // Class weights as row costs over all rows (unknown labels get a cost too, never used).
    double content_weight = 1.0, boilerplate_weight = 1.0;
    Eigen::VectorXd all_costs;
    {
      const Eigen::VectorXd labelled_costs =
          class_costs(options.class_weights, labels, content_weight, boilerplate_weight);
      if (labelled_costs.size() != 0) {
        all_costs = Eigen::VectorXd::Ones(row_count);
        for (std::size_t k = 0; k < labelled.size(); ++k)
          all_costs[labelled[k]] = labelled_costs[static_cast<Eigen::Index>(k)];
      }
    }
    const Eigen::VectorXd costs = select_or_empty(all_costs, labelled);
    if (options.class_weights.balanced || content_weight != 1.0 || boilerplate_weight != 1.0)
      model.settings.emplace_back("class-weight." + name,
                                  fmt::format("{}content={:.6g} boilerplate={:.6g}",
                                              options.class_weights.balanced ? "balanced " : "", content_weight,
                                              boilerplate_weight));

    const std::size_t page_count = data.page_ends.size();
    const auto page_range = [&](std::size_t page) {
      const std::size_t begin = page == 0 ? 0 : data.page_ends[page - 1];
      return std::pair<Eigen::Index, Eigen::Index>(static_cast<Eigen::Index>(begin),
                                                   static_cast<Eigen::Index>(data.page_ends[page] - begin));
    };
    // Labelled rows of the pages dealt (in turn) to folds other than `fold`, or to `fold` itself.
    const auto fold_rows = [&](int folds, int fold, bool inside) {
      std::vector<Eigen::Index> rows;
      for (std::size_t page = 0; page < page_count; ++page) {
        if ((static_cast<int>(page % static_cast<std::size_t>(folds)) == fold) != inside) continue;
        const auto [begin, length] = page_range(page);
        for (Eigen::Index i = begin; i < begin + length; ++i)
          if (!std::isnan(all_labels[i])) rows.push_back(i);
      }
      return rows;
    };

    LogisticRegressionOptions solver = options.solver;
    if (options.cv_folds >= 2) {
      if (page_count < static_cast<std::size_t>(options.cv_folds))
        throw Error("", "", fmt::format("{} head: {} pages are too few for {} cross-validation folds", name, page_count,
                                        options.cv_folds));
      const std::vector<double> grid = options.cost_grid.empty() ? std::vector<double>{options.solver.c} : options.cost_grid;
      std::string curve;
      double best_score = -1.0, best_c = grid.front(), best_threshold = 0.5;
      for (std::size_t g = 0; g < grid.size(); ++g) {
        LogisticRegressionOptions fold_solver = options.solver;
        fold_solver.c = grid[g];
        std::vector<double> held_out_p, held_out_labels;
        for (int fold = 0; fold < options.cv_folds; ++fold) {
          const std::vector<Eigen::Index> train_rows = fold_rows(options.cv_folds, fold, false);
          const std::vector<Eigen::Index> test_rows = fold_rows(options.cv_folds, fold, true);
          const SparseRows train_sparse = sparse_rows_at(train_rows), test_sparse = sparse_rows_at(test_rows);
          const LinearScorer fold_scorer =
              fit_scorer(select_rows(raw, train_rows), sparse_or_null(train_sparse), select(all_labels, train_rows),
                         select_or_empty(all_costs, train_rows), layout.names(), fold_solver, nullptr, "");
          const Eigen::VectorXd p = fold_scorer.probabilities(select_rows(raw, test_rows), sparse_or_null(test_sparse));
          held_out_p.insert(held_out_p.end(), p.begin(), p.end());
          for (Eigen::Index i : test_rows) held_out_labels.push_back(all_labels[i]);
          if (progress)
            progress->progress(fmt::format("{} cross-validation C={:g}", name, grid[g]),
                               static_cast<std::size_t>(fold + 1), static_cast<std::size_t>(options.cv_folds));
        }
        const ThresholdChoice choice = threshold_maximising_f_beta(
            Eigen::Map<const Eigen::VectorXd>(held_out_p.data(), static_cast<Eigen::Index>(held_out_p.size())),
            Eigen::Map<const Eigen::VectorXd>(held_out_labels.data(), static_cast<Eigen::Index>(held_out_labels.size())),
            beta);
        if (progress)
          progress->note(fmt::format("{} cross-validation: C {:g}: held-out {} {:.4f} at threshold {:.3f}", name, grid[g],
                                     measure, choice.f_beta, choice.threshold));
        curve += fmt::format("{}{:g}:{:.4f}@{:.3f}", curve.empty() ? "" : " ", grid[g], choice.f_beta, choice.threshold);
        if (choice.f_beta > best_score) {
          best_score = choice.f_beta;
          best_c = grid[g];
          best_threshold = choice.threshold;
        }
      }
      solver.c = best_c;
      if (progress)
        progress->note(fmt::format("{} cross-validation: chose C {:g} (held-out {} {:.4f})", name, best_c, measure,
                                   best_score));
      model.settings.emplace_back("cv." + name,
                                  fmt::format("folds={} favor={} measure={} chosen-c={:g} held-out={:.4f} threshold={:.3f}",
                                              options.cv_folds, favor_name(options.favor), measure, best_c, best_score,
                                              best_threshold));
      model.settings.emplace_back("cv-curve." + name, curve);  // C:held-out measure@its threshold
    }

    ModelHead head;
    head.kind = kind;
    head.regularization_c = solver.c;
    head.training_rows = labelled.size();
    head.hashing = training_set.hashing_;
    const SparseRows labelled_sparse = sparse_rows_at(labelled);
    head.paragraph = fit_scorer(select_rows(raw, labelled), sparse_or_null(labelled_sparse), labels, costs,
                                layout.names(), solver, progress, name + " head");
    if (all_sparse) head.hashed_names = largest_named_columns(head.paragraph.sparse_weights, data.column_token,
                                                              options.hashed_names);

    if (options.stacking_folds >= 2 && page_count >= static_cast<std::size_t>(options.stacking_folds)) {
      // The stacking stage learns from scores the paragraph stage gave pages it was not trained
      // on (pages dealt to folds in turn), as it will see at inference.
      Eigen::VectorXd held_out_p(row_count);
      for (int fold = 0; fold < options.stacking_folds; ++fold) {
        const std::vector<Eigen::Index> train_rows = fold_rows(options.stacking_folds, fold, false);
        const SparseRows train_sparse = sparse_rows_at(train_rows);
        const LinearScorer fold_scorer =
            fit_scorer(select_rows(raw, train_rows), sparse_or_null(train_sparse), select(all_labels, train_rows),
                       select_or_empty(all_costs, train_rows), layout.names(), solver, nullptr, "");
        for (std::size_t page = static_cast<std::size_t>(fold); page < page_count;
             page += static_cast<std::size_t>(options.stacking_folds)) {
          const auto [begin, length] = page_range(page);
          SparseRows page_sparse;
          if (all_sparse) {
            page_sparse = SparseRows(all_sparse->columns());
            page_sparse.append_rows(*all_sparse, static_cast<std::size_t>(begin), static_cast<std::size_t>(length));
          }
          held_out_p.segment(begin, length) =
              fold_scorer.probabilities(raw.middleRows(begin, length), sparse_or_null(page_sparse));
        }
        if (progress) progress->progress(name + " stacking folds", static_cast<std::size_t>(fold + 1),
                                         static_cast<std::size_t>(options.stacking_folds));
      }
      Eigen::MatrixXd stacked(row_count, static_cast<Eigen::Index>(kStackingFeatures.size()));
      for (std::size_t page = 0; page < page_count; ++page) {
        const auto [begin, length] = page_range(page);
        stacked.middleRows(begin, length) = stacking_rows(held_out_p.segment(begin, length));
      }
      const Eigen::MatrixXd stacked_labelled = select_rows(stacked, labelled);
      head.stacking = fit_scorer(Eigen::MatrixXd(stacked_labelled), nullptr, labels, costs,
                                 std::vector<std::string>(kStackingFeatures.begin(), kStackingFeatures.end()), solver,
                                 progress, name + " stacking");
      head.threshold = threshold_maximising_f_beta(head.stacking->probabilities(stacked_labelled), labels, beta).threshold;
    } else {
      head.threshold =
          threshold_maximising_f_beta(head.paragraph.probabilities(select_rows(raw, labelled), sparse_or_null(labelled_sparse)),
                                      labels, beta)
              .threshold;
    }
    if (progress) progress->note(fmt::format("{} head: threshold {:.3f} (maximises {})", name, head.threshold, measure));
    model.heads.push_back(std::move(head));
  }
  if (model.heads.empty()) throw Error("", "", "no labelled paragraphs to train on");
  return model;
}

}  // namespace pith::train
