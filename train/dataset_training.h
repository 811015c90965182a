#pragma once
// `pith train` as a library call: labelled datasets in, a model out, with the settings the model
// header records. The CLI (cli/train_command.cpp) and the Python module (pith.train) both call
// this, so the two cannot drift apart.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/dataset.h"
#include "features/hashed_features.h"
#include "features/progress.h"
#include "model/model_file.h"
#include "train/trainer.h"

namespace pith::train {

struct DatasetTrainingOptions {
  std::vector<DatasetSpec> datasets;
  std::vector<DatasetSpec> text_datasets;  // when given, the text head learns from these only
  std::string split = "train";             // train, dev, test or all
  TrainerOptions trainer;
  FeatureHashing hashing{kDefaultHashBits, kDefaultHashSeed};
};

// "f1", "precision" or "recall"; throws pith::Error otherwise.
Favor parse_favor(std::string_view text);

// "balanced" or "content=W,boilerplate=W" (either may be left out: weight 1); "" is no weighting.
// Throws pith::Error saying what was expected.
ClassWeights parse_class_weight(const std::string& text);

// Options that contradict each other or name unknown things; throws pith::Error (no source)
// with what was expected. train_from_datasets calls it first.
void check_training_options(const DatasetTrainingOptions& options);

// Reads the datasets page by page and trains. `progress` (may be null) gets the reading and
// solver progress and one note per dataset and per page left out.
Model train_from_datasets(const DatasetTrainingOptions& options, ProgressSink* progress = nullptr);

}  // namespace pith::train
