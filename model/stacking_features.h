#pragma once
// The second stage of a head (DESIGN.md section 4, "page decision"): a small logistic
// regression over the first stage's scores of a paragraph, its neighbours and its whole page.
// It stands in for the sequence models (HMM, LSTM) of Web2Text and BoilerNet, and corrects
// calibration across sites: on an unfamiliar site the article may score 0.1-0.3 while its
// boilerplate scores 0.0, which the page-relative features see and an absolute threshold does
// not. kStackingFeatures is the only place a stacking feature is defined.
#include <array>
#include <string_view>

#include <Eigen/Dense>

namespace pith {

inline constexpr std::array<std::string_view, 14> kStackingFeatures = {
    "logit",             // the paragraph's first-stage logit, clipped to [-10, 10]
    "p",                 // its first-stage probability
    "prev1.p",           // the neighbours' probabilities (0 past the page's edges)
    "next1.p",
    "prev2.p",
    "next2.p",
    "page_max_p",        // the page's strongest paragraph
    "page_mean_p",
    "p_over_page_max",   // a threshold relative to the page's strongest paragraph
    "moving_average_5",  // mean p over the paragraph and two each side
    "moving_average_11",
    "distance_to_centre",  // |index - p-weighted centre of the page| / paragraphs
    "inside_content_span", // 1 between the first and last paragraph scoring at least half the page maximum
    "share_scoring_higher",  // share of the page's paragraphs scoring higher
};

// One row per paragraph, one column per kStackingFeatures entry, from the first stage's
// probabilities of one page's paragraphs in order.
Eigen::MatrixXd stacking_rows(const Eigen::Ref<const Eigen::VectorXd>& first_stage_p);

}  // namespace pith
