#include "train/trainer.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "features/error.h"
#include "features/feature_table.h"
#include "infer/paragraph_classifier.h"

namespace pith::train {
namespace {

void append_rows(const LabelledPage& page, PageKind layout_kind, std::vector<double>& values,
                 std::vector<double>& labels) {
  const Eigen::MatrixXd rows = FeatureLayout(layout_kind).rows(page.document);
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    const Label label = page.labels[static_cast<std::size_t>(i)];
    if (label == Label::unknown) continue;
    for (Eigen::Index c = 0; c < rows.cols(); ++c) values.push_back(rows(i, c));
    labels.push_back(label == Label::content ? 1.0 : 0.0);
  }
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
  if (page.document.kind == PageKind::html) append_rows(page, PageKind::html, html_.values, html_.labels);
  append_rows(page, PageKind::text, text_.values, text_.labels);
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

Model train_model(const TrainingSet& training_set, const TrainerOptions& options,
                  std::vector<std::pair<std::string, std::string>> settings, ProgressSink* progress) {
  Model model;
  model.settings = std::move(settings);
  for (PageKind kind : {PageKind::html, PageKind::text}) {
    const TrainingSet::HeadRows& data = training_set.head(kind);
    if (data.labels.empty()) continue;
    const FeatureLayout layout(kind);
    const auto row_count = static_cast<Eigen::Index>(data.labels.size());
    const auto column_count = static_cast<Eigen::Index>(layout.size());
    const Eigen::MatrixXd raw =
        Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(data.values.data(),
                                                                                                 row_count, column_count);
    const Eigen::VectorXd labels = Eigen::Map<const Eigen::VectorXd>(data.labels.data(), row_count);

    ModelHead head;
    head.kind = kind;
    head.feature_names = layout.names();
    standardisation(raw, head.mean, head.scale);
    const Eigen::MatrixXd standardised =
        (raw.rowwise() - head.mean.transpose()).array().rowwise() / head.scale.transpose().array();
    if (progress) progress->note(fmt::format("{} head: {} rows, {} features", layout.name(), row_count, column_count));
    const LogisticRegressionFit fit =
        fit_logistic_regression(standardised, labels, Eigen::VectorXd(), options.solver, progress);
    head.weights = fit.weights;
    head.bias = fit.bias;
    head.regularization_c = options.solver.c;
    head.training_rows = static_cast<std::uint64_t>(row_count);
    head.threshold = threshold_maximising_f1(content_probabilities(head, raw), labels);
    if (progress)
      progress->note(fmt::format("{} head: {} Newton iterations, objective {:.6g}, threshold {:.3f}", layout.name(),
                                 fit.iterations, fit.objective, head.threshold));
    model.heads.push_back(std::move(head));
  }
  if (model.heads.empty()) throw Error("", "", "no labelled paragraphs to train on");
  return model;
}

}  // namespace pith::train
