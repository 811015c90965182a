#pragma once
// Checks of fit_logistic_regression's arguments, kept apart from the numerics. They throw
// std::invalid_argument: a call that breaks the solver's contract is a programming error
// (docs/design-departures.md). Private to train/.
#include <Eigen/Dense>
#include <string>
#include <string_view>

#include "train/logistic_regression.h"

namespace pith::train::solver {

[[noreturn]] void fail(std::string_view function, const std::string& message);

struct ClassCounts {
  Eigen::Index positive = 0;
  Eigen::Index negative = 0;
  double positive_cost = 0.0;
  double negative_cost = 0.0;
};

// Sizes, labels (0 or 1), costs (finite, >= 0), C and every feature value (finite, in range);
// the count and cost of each class.
ClassCounts validate_data(std::string_view function, const DesignMatrix& rows, const Eigen::VectorXd& is_positive,
                          const Eigen::VectorXd& row_cost, double c);

// A point (weights of every column, a bias) for `rows`: sizes match, all finite.
void validate_point(std::string_view function, const DesignMatrix& rows, const Eigen::VectorXd& weights, double bias);

// The solver's variables: the weights, then the bias.
Eigen::VectorXd with_bias(const Eigen::VectorXd& weights, double bias);

}  // namespace pith::train::solver
