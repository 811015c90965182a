#pragma once
// The second stage of a head (DESIGN.md section 4, "page decision"): a small logistic
// regression over the first stage's scores of a paragraph, its neighbours and its whole page.
// It stands in for the sequence models (HMM, LSTM) of Web2Text and BoilerNet, and corrects
// calibration across sites: on an unfamiliar site the article may score 0.1-0.3 while its
// boilerplate scores 0.0, which the page-relative features see and an absolute threshold does
// not. kStackingFeatures is the only place a stacking feature is defined: its name and its value
// in one entry.
#include <Eigen/Dense>
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace pith {

// One page's first-stage probabilities and the figures of the page every feature may read,
// computed once per page.
struct PageScores {
  explicit PageScores(const Eigen::Ref<const Eigen::VectorXd>& first_stage_p);
  // p of paragraph i, 0 past the page's edges.
  double at(Eigen::Index i) const { return i >= 0 && i < n ? p[i] : 0.0; }

  Eigen::Ref<const Eigen::VectorXd> p;
  Eigen::Index n;
  double max_p = 0, mean_p = 0;
  double centre = 0;                            // p-weighted mean index
  Eigen::Index first_strong, last_strong = -1;  // first and last paragraph scoring >= max_p / 2
  std::vector<double> sorted;                   // p ascending
};

struct StackingFeature {
  std::string_view name;  // as the model file lists it
  double (*value)(const PageScores& page, Eigen::Index i);
};

extern const std::array<StackingFeature, 14> kStackingFeatures;

// The names of kStackingFeatures, in order: a stacking scorer's feature names.
std::vector<std::string> stacking_feature_names();

// One row per paragraph, one column per kStackingFeatures entry, from the first stage's
// probabilities of one page's paragraphs in order.
Eigen::MatrixXd stacking_rows(const Eigen::Ref<const Eigen::VectorXd>& first_stage_p);
// Rows [first, last) of the page's stacking_rows, column-major into `out`, whose columns are
// `stride` doubles apart (stride >= last - first): a long page is stacked a block at a time,
// never holding every row at once.
void stacking_block_rows(const PageScores& page, Eigen::Index first, Eigen::Index last, Eigen::Index stride,
                         double* out);

}  // namespace pith
