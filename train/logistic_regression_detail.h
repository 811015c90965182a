#pragma once
// The objective's derivatives at a point, exposed for tests that check them against finite
// differences; training goes through fit_logistic_regression only.
#include <Eigen/Dense>

#include "train/logistic_regression.h"

namespace pith::train::detail {
// Gradient, Hessian-vector product and Hessian diagonal at (weights, bias), n + 1 entries, bias last.
Eigen::VectorXd logistic_regression_gradient(const DesignMatrix& rows, const Eigen::VectorXd& is_positive,
                                             const Eigen::VectorXd& row_cost, double c,
                                             const Eigen::VectorXd& weights, double bias);
Eigen::VectorXd logistic_regression_hessian_vector(const DesignMatrix& rows,
                                                   const Eigen::VectorXd& is_positive,
                                                   const Eigen::VectorXd& row_cost, double c,
                                                   const Eigen::VectorXd& weights, double bias,
                                                   const Eigen::VectorXd& direction);
Eigen::VectorXd logistic_regression_hessian_diagonal(const DesignMatrix& rows,
                                                     const Eigen::VectorXd& is_positive,
                                                     const Eigen::VectorXd& row_cost, double c,
                                                     const Eigen::VectorXd& weights, double bias);
}  // namespace pith::train::detail
