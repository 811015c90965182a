#include "train/trainer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "features/error.h"
#include "features/feature_table.h"
#include "infer/paragraph_classifier.h"
#include "infer/stacking_features.h"

namespace pith::train {
namespace {

// Every paragraph of the page becomes a row, in order, so the stacking stage sees whole pages;
// unknown labels are NaN and left out of every fit.
void append_rows(const LabelledPage& page, PageKind layout_kind, std::vector<double>& values,
                 std::vector<double>& labels, std::vector<std::size_t>& page_ends) {
  const Eigen::MatrixXd rows = FeatureLayout(layout_kind).rows(page.document);
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    for (Eigen::Index c = 0; c < rows.cols(); ++c) values.push_back(rows(i, c));
    const Label label = page.labels[static_cast<std::size_t>(i)];
    labels.push_back(label == Label::unknown ? std::nan("") : label == Label::content ? 1.0 : 0.0);
  }
  page_ends.push_back(labels.size());
}

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

bool TrainingSet::add_page(const LabelledPage& page) {
  if (!page.left_out.empty()) {
    ++pages_left_out_;
    return false;
  }
  if (page.labels.size() != page.document.paragraphs.size())
    throw Error(page.document.source, "",
                fmt::format("{} labels for {} paragraphs", page.labels.size(), page.document.paragraphs.size()));
  if (page.document.kind == PageKind::html)
    append_rows(page, PageKind::html, html_.values, html_.labels, html_.page_ends);
  append_rows(page, PageKind::text, text_.values, text_.labels, text_.page_ends);
  ++pages_;
  return true;
}

double threshold_maximising_f1(const Eigen::VectorXd& p_content, const Eigen::VectorXd& is_content) {
  const double positives = is_content.sum();
  if (positives <= 0) return 0.5;
  std::vector<Eigen::Index> order(static_cast<std::size_t>(p_content.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return p_content[a] > p_content[b]; });
  double best_f1 = -1, best_threshold = 0.5, true_positives = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    true_positives += is_content[order[k]];
    // only cut between distinct scores, so the threshold separates exactly these k+1 rows
    if (k + 1 < order.size() && p_content[order[k + 1]] == p_content[order[k]]) continue;
    const double predicted = static_cast<double>(k + 1);
    const double f1 = 2 * true_positives / (predicted + positives);
    if (f1 > best_f1) {
      best_f1 = f1;
      const double next = k + 1 < order.size() ? p_content[order[k + 1]] : 0.0;
      best_threshold = (p_content[order[k]] + next) / 2;
    }
  }
  return best_threshold;
}

namespace {

// The rows of `x` at `rows`, in order.
Eigen::MatrixXd select_rows(const Eigen::MatrixXd& x, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t k = 0; k < rows.size(); ++k) out.row(static_cast<Eigen::Index>(k)) = x.row(rows[k]);
  return out;
}

Eigen::VectorXd select(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& rows) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) out[static_cast<Eigen::Index>(k)] = v[rows[k]];
  return out;
}

// Standardises on `x`, fits on it, and returns the scorer.
LinearScorer fit_scorer(const Eigen::MatrixXd& x, const Eigen::VectorXd& labels, std::vector<std::string> names,
                        const TrainerOptions& options, ProgressSink* progress, std::string_view what) {
  LinearScorer scorer;
  scorer.feature_names = std::move(names);
  standardisation(x, scorer.mean, scorer.scale);
  const Eigen::MatrixXd standardised =
      (x.rowwise() - scorer.mean.transpose()).array().rowwise() / scorer.scale.transpose().array();
  const LogisticRegressionFit fit = fit_logistic_regression(standardised, labels, Eigen::VectorXd(), options.solver);
  scorer.weights = fit.weights;
  scorer.bias = fit.bias;
  if (progress)
    progress->note(fmt::format("{}: {} rows, {} features, {} Newton iterations, objective {:.6g}", what, x.rows(),
                               x.cols(), fit.iterations, fit.objective));
  return scorer;
}

}  // namespace

Model train_model(const TrainingSet& training_set, const TrainerOptions& options,
                  std::vector<std::pair<std::string, std::string>> settings, ProgressSink* progress) {
  Model model;
  model.settings = std::move(settings);
  for (PageKind kind : {PageKind::html, PageKind::text}) {
    const TrainingSet::HeadRows& data = training_set.head(kind);
    const FeatureLayout layout(kind);
    const auto row_count = static_cast<Eigen::Index>(data.labels.size());
    const Eigen::MatrixXd raw = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        data.values.data(), row_count, static_cast<Eigen::Index>(layout.size()));
    const Eigen::VectorXd all_labels = Eigen::Map<const Eigen::VectorXd>(data.labels.data(), row_count);
    std::vector<Eigen::Index> labelled;
    for (Eigen::Index i = 0; i < row_count; ++i)
      if (!std::isnan(all_labels[i])) labelled.push_back(i);
    if (labelled.empty()) continue;
    const Eigen::VectorXd labels = select(all_labels, labelled);

    ModelHead head;
    head.kind = kind;
    head.regularization_c = options.solver.c;
    head.training_rows = labelled.size();
    const std::string name(layout.name());
    head.paragraph = fit_scorer(select_rows(raw, labelled), labels, layout.names(), options, progress, name + " head");

    const std::size_t page_count = data.page_ends.size();
    const auto page_range = [&](std::size_t page) {
      const std::size_t begin = page == 0 ? 0 : data.page_ends[page - 1];
      return std::pair<Eigen::Index, Eigen::Index>(static_cast<Eigen::Index>(begin),
                                                   static_cast<Eigen::Index>(data.page_ends[page] - begin));
    };
    if (options.stacking_folds >= 2 && page_count >= static_cast<std::size_t>(options.stacking_folds)) {
      // The stacking stage learns from scores the paragraph stage gave pages it was not trained
      // on (pages dealt to folds in turn), as it will see at inference.
      Eigen::VectorXd held_out_p(row_count);
      for (int fold = 0; fold < options.stacking_folds; ++fold) {
        std::vector<Eigen::Index> train_rows;
        for (std::size_t page = 0; page < page_count; ++page) {
          if (static_cast<int>(page % static_cast<std::size_t>(options.stacking_folds)) == fold) continue;
          const auto [begin, length] = page_range(page);
          for (Eigen::Index i = begin; i < begin + length; ++i)
            if (!std::isnan(all_labels[i])) train_rows.push_back(i);
        }
        const LinearScorer fold_scorer =
            fit_scorer(select_rows(raw, train_rows), select(all_labels, train_rows), layout.names(), options, nullptr, "");
        for (std::size_t page = static_cast<std::size_t>(fold); page < page_count;
             page += static_cast<std::size_t>(options.stacking_folds)) {
          const auto [begin, length] = page_range(page);
          held_out_p.segment(begin, length) = fold_scorer.probabilities(raw.middleRows(begin, length));
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
      head.stacking = fit_scorer(stacked_labelled, labels,
                                 std::vector<std::string>(kStackingFeatures.begin(), kStackingFeatures.end()), options,
                                 progress, name + " stacking");
      head.threshold = threshold_maximising_f1(head.stacking->probabilities(stacked_labelled), labels);
    } else {
      head.threshold = threshold_maximising_f1(head.paragraph.probabilities(select_rows(raw, labelled)), labels);
    }
    if (progress) progress->note(fmt::format("{} head: threshold {:.3f}", name, head.threshold));
    model.heads.push_back(std::move(head));
  }
  if (model.heads.empty()) throw Error("", "", "no labelled paragraphs to train on");
  return model;
}

}  // namespace pith::train
