#pragma once
// Leave one dataset out: a model trained without a dataset, to measure pith on sites it never saw.
#include <cstddef>
#include <vector>

#include "datasets/dataset.h"
#include "features/progress.h"
#include "model/model_file.h"
#include "train/trainer.h"

namespace pith::eval {

// A model trained with `options` (pith train's defaults unless the caller sets C or the
// families, as scripts/train-default-model does) on the train splits of every dataset but
// `datasets[left_out]`. Throws pith::Error naming the left-out dataset when the others hold
// no labelled training pages.
Model train_without(const std::vector<DatasetSpec>& datasets, std::size_t left_out,
                    const train::TrainerOptions& options, ProgressSink* progress);

}  // namespace pith::eval
