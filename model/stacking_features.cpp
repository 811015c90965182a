#include "model/stacking_features.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace pith {
namespace {
double windowed_mean(const Eigen::Ref<const Eigen::VectorXd>& p, Eigen::Index i, Eigen::Index half_width) {
  const Eigen::Index from = std::max<Eigen::Index>(0, i - half_width);
  const Eigen::Index to = std::min<Eigen::Index>(p.size() - 1, i + half_width);
  return p.segment(from, to - from + 1).mean();
}
}  // namespace

Eigen::MatrixXd stacking_rows(const Eigen::Ref<const Eigen::VectorXd>& p) {
  const Eigen::Index n = p.size();
  Eigen::MatrixXd rows = Eigen::MatrixXd::Zero(n, static_cast<Eigen::Index>(kStackingFeatures.size()));
  if (n == 0) return rows;
  const double max_p = p.maxCoeff();
  const double mean_p = p.mean();
  const double mass = p.sum();
  double centre = 0;
  for (Eigen::Index i = 0; i < n; ++i) centre += static_cast<double>(i) * p[i];
  centre = mass > 0 ? centre / mass : static_cast<double>(n - 1) / 2;
  Eigen::Index first_strong = n, last_strong = -1;
  for (Eigen::Index i = 0; i < n; ++i)
    if (p[i] >= 0.5 * max_p) first_strong = std::min(first_strong, i), last_strong = i;
  std::vector<double> sorted(p.data(), p.data() + n);
  std::sort(sorted.begin(), sorted.end());

  const auto at = [&](Eigen::Index i) { return i >= 0 && i < n ? p[i] : 0.0; };
  for (Eigen::Index i = 0; i < n; ++i) {
    const double clipped = std::clamp(p[i], 1e-10, 1 - 1e-10);
    const auto higher = sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), p[i]);
    const double values[] = {
        std::clamp(std::log(clipped / (1 - clipped)), -10.0, 10.0),
        p[i],
        at(i - 1),
        at(i + 1),
        at(i - 2),
        at(i + 2),
        max_p,
        mean_p,
        max_p > 0 ? p[i] / max_p : 0.0,
        windowed_mean(p, i, 2),
        windowed_mean(p, i, 5),
        std::abs(static_cast<double>(i) - centre) / static_cast<double>(n),
        i >= first_strong && i <= last_strong ? 1.0 : 0.0,
        static_cast<double>(higher) / static_cast<double>(n),
    };
    static_assert(sizeof(values) / sizeof(values[0]) == kStackingFeatures.size());
    for (Eigen::Index c = 0; c < rows.cols(); ++c) rows(i, c) = values[c];
  }
  return rows;
}

}  // namespace pith
