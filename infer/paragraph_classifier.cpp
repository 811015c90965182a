#include "infer/paragraph_classifier.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "features/error.h"
#include "features/feature_table.h"
#include "features/hashed_features.h"
#include "model/stacking_features.h"

namespace pith {

PageRows page_rows(const ModelHead& head, const Document& document) {
  PageRows rows{FeatureLayout::of(head.kind).rows(document), SparseRows(head.hashing.columns())};
  if (head.hashing.enabled()) append_hashed_rows(document, head.kind, head.hashing, rows.sparse);
  return rows;
}

namespace {

// The `count` largest terms (by size) of `all`, largest first; ties keep the given order.
std::vector<FeatureContribution> largest(std::vector<FeatureContribution> all, int count) {
  std::stable_sort(all.begin(), all.end(), [](const FeatureContribution& a, const FeatureContribution& b) {
    return std::abs(a.contribution) > std::abs(b.contribution);
  });
  if (all.size() > static_cast<std::size_t>(count)) all.resize(static_cast<std::size_t>(count));
  return all;
}

std::vector<FeatureContribution> dense_contributions(const LinearScorer& scorer, const Eigen::RowVectorXd& row,
                                                     std::string_view prefix) {
  std::vector<FeatureContribution> terms;
  for (Eigen::Index j = 0; j < row.size(); ++j) {
    const double term = scorer.weights[j] * (row[j] - scorer.mean[j]) / scorer.scale[j];
    if (term != 0.0)
      terms.push_back({std::string(prefix) + scorer.feature_names[static_cast<std::size_t>(j)], term});
  }
  return terms;
}

// The hashed terms of one paragraph, named by the tokens that produced them.
void add_sparse_contributions(const ModelHead& head, const Document& document, const Paragraph& paragraph,
                              std::vector<FeatureContribution>& terms) {
  std::map<std::uint32_t, std::pair<std::string, double>> columns;
  for_each_hashed_token(document, paragraph, head.kind, [&](std::string_view token) {
    auto& [name, value] = columns[head.hashing.column(token)];
    if (name.find(token) == std::string::npos) name += (name.empty() ? "" : " | ") + std::string(token);
    value += 1.0;
  });
  for (const auto& [column, named] : columns) {
    const double term = head.paragraph.sparse_weights[column] * named.second;
    if (term != 0.0) terms.push_back({named.first, term});
  }
}

}  // namespace

std::vector<ParagraphScore> classify_paragraphs(const Model& model, const Document& document, int explain) {
  const ModelHead* head = model.head_for(document.kind);
  if (!head)
    throw Error(document.source, "",
                "the model has no head for this kind of page (it was trained on HTML only: retrain with text pages)");
  const PageRows rows = page_rows(*head, document);
  const Eigen::VectorXd first_stage = head->paragraph.probabilities(rows.dense, &rows.sparse);
  const Eigen::MatrixXd stacked = head->stacking ? stacking_rows(first_stage) : Eigen::MatrixXd();
  const Eigen::VectorXd p = head->stacking ? head->stacking->probabilities(stacked) : first_stage;
  std::vector<ParagraphScore> scores(document.paragraphs.size());
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    // Finite weights can still overflow to inf - inf on extreme feature values: never print NaN.
    if (!(p[row] >= 0.0 && p[row] <= 1.0))
      throw Error(document.source, fmt::format("paragraph {}", i + 1),
                  "the model gives no probability for this paragraph (its weights or this paragraph's features "
                  "are out of range)");
    scores[i].p_content = p[row];
    scores[i].is_content = scores[i].p_content >= head->threshold;
    if (explain <= 0) continue;
    std::vector<FeatureContribution> terms = dense_contributions(head->paragraph, rows.dense.row(row), "");
    if (head->hashing.enabled()) add_sparse_contributions(*head, document, document.paragraphs[i], terms);
    scores[i].paragraph_contributions = largest(std::move(terms), explain);
    if (head->stacking)
      scores[i].stacking_contributions =
          largest(dense_contributions(*head->stacking, stacked.row(row), "stacking."), explain);
  }
  return scores;
}

}  // namespace pith
