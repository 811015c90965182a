#include "model/stacking_features.h"

#include <algorithm>
#include <cmath>

namespace pith {
namespace {
double windowed_mean(const Eigen::Ref<const Eigen::VectorXd>& p, Eigen::Index i, Eigen::Index half_width) {
  const Eigen::Index from = std::max<Eigen::Index>(0, i - half_width);
  const Eigen::Index to = std::min<Eigen::Index>(p.size() - 1, i + half_width);
  return p.segment(from, to - from + 1).mean();
}
}  // namespace

PageScores::PageScores(const Eigen::Ref<const Eigen::VectorXd>& first_stage_p)
    : p(first_stage_p), n(first_stage_p.size()), first_strong(first_stage_p.size()) {
  if (n == 0) return;
  max_p = p.maxCoeff();
  mean_p = p.mean();
  const double mass = p.sum();
  for (Eigen::Index i = 0; i < n; ++i) centre += static_cast<double>(i) * p[i];
  centre = mass > 0 ? centre / mass : static_cast<double>(n - 1) / 2;
  for (Eigen::Index i = 0; i < n; ++i)
    if (p[i] >= 0.5 * max_p) first_strong = std::min(first_strong, i), last_strong = i;
  sorted.assign(p.data(), p.data() + n);
  std::sort(sorted.begin(), sorted.end());
}

const std::array<StackingFeature, 14> kStackingFeatures = {{
    // the paragraph's first-stage logit, clipped to [-10, 10]
    {"logit",
     [](const PageScores& s, Eigen::Index i) {
       const double clipped = std::clamp(s.p[i], 1e-10, 1 - 1e-10);
       return std::clamp(std::log(clipped / (1 - clipped)), -10.0, 10.0);
     }},
    // its first-stage probability
    {"p", [](const PageScores& s, Eigen::Index i) { return s.p[i]; }},
    // the neighbours' probabilities (0 past the page's edges)
    {"prev1.p", [](const PageScores& s, Eigen::Index i) { return s.at(i - 1); }},
    {"next1.p", [](const PageScores& s, Eigen::Index i) { return s.at(i + 1); }},
    {"prev2.p", [](const PageScores& s, Eigen::Index i) { return s.at(i - 2); }},
    {"next2.p", [](const PageScores& s, Eigen::Index i) { return s.at(i + 2); }},
    // the page's strongest paragraph
    {"page_max_p", [](const PageScores& s, Eigen::Index) { return s.max_p; }},
    {"page_mean_p", [](const PageScores& s, Eigen::Index) { return s.mean_p; }},
    // a threshold relative to the page's strongest paragraph
    {"p_over_page_max", [](const PageScores& s, Eigen::Index i) { return s.max_p > 0 ? s.p[i] / s.max_p : 0.0; }},
    // mean p over the paragraph and two (five) each side
    {"moving_average_5", [](const PageScores& s, Eigen::Index i) { return windowed_mean(s.p, i, 2); }},
    {"moving_average_11", [](const PageScores& s, Eigen::Index i) { return windowed_mean(s.p, i, 5); }},
    // |index - p-weighted centre of the page| / paragraphs
    {"distance_to_centre",
     [](const PageScores& s, Eigen::Index i) {
       return std::abs(static_cast<double>(i) - s.centre) / static_cast<double>(s.n);
     }},
    // 1 between the first and last paragraph scoring at least half the page maximum
    {"inside_content_span",
     [](const PageScores& s, Eigen::Index i) { return i >= s.first_strong && i <= s.last_strong ? 1.0 : 0.0; }},
    // share of the page's paragraphs scoring higher
    {"share_scoring_higher",
     [](const PageScores& s, Eigen::Index i) {
       const auto higher = s.sorted.end() - std::upper_bound(s.sorted.begin(), s.sorted.end(), s.p[i]);
       return static_cast<double>(higher) / static_cast<double>(s.n);
     }},
}};

std::vector<std::string> stacking_feature_names() {
  std::vector<std::string> names;
  for (const StackingFeature& feature : kStackingFeatures) names.emplace_back(feature.name);
  return names;
}

Eigen::MatrixXd stacking_rows(const Eigen::Ref<const Eigen::VectorXd>& p) {
  const PageScores page(p);
  Eigen::MatrixXd rows = Eigen::MatrixXd::Zero(page.n, static_cast<Eigen::Index>(kStackingFeatures.size()));
  if (page.n > 0) stacking_block_rows(page, 0, page.n, page.n, rows.data());
  return rows;
}

void stacking_block_rows(const PageScores& page, Eigen::Index first, Eigen::Index last, Eigen::Index stride,
                         double* out) {
  for (std::size_t c = 0; c < kStackingFeatures.size(); ++c) {
    double* column = out + static_cast<Eigen::Index>(c) * stride;
    for (Eigen::Index i = first; i < last; ++i) column[i - first] = kStackingFeatures[c].value(page, i);
  }
}

}  // namespace pith
