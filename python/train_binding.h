#pragma once
// pith.train's options: `pith train`'s flags with '-' written '_' (cost for -C/--cost); the
// defaults are the library's (train/dataset_training.h), not a second copy here.
#include <pybind11/pybind11.h>

#include "train/dataset_training.h"

namespace pith::python {

// Throws pith::Error on a bad dataset spec, TypeError on an unknown option, ValueError on an
// out-of-range number.
train::DatasetTrainingOptions training_options(const pybind11::handle& datasets, const pybind11::kwargs& options);

inline constexpr const char* kTrainDoc =
    "Learns a model from labelled datasets, as `pith train` does: datasets are 'KIND:PATH' strings; options "
    "are the command's flags with '_' for '-' (text_datasets, split, cost, tolerance, max_iterations, l1, "
    "class_weight, threads, cv_folds, cost_grid, favor, families, stacking_folds, hash_bits, hash_seed, "
    "hashed_min_pages).";

}  // namespace pith::python
