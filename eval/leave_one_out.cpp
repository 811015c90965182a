#include "eval/leave_one_out.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>

#include "features/error.h"
#include "train/trainer.h"

namespace pith::eval {

Model train_without(const std::vector<DatasetSpec>& datasets, std::size_t left_out,
                    const train::TrainerOptions& options, ProgressSink* progress) {
  pith::train::TrainingSet training_set(FeatureHashing{kDefaultHashBits, kDefaultHashSeed});
  pith::train::TrainingRun run;
  for (std::size_t i = 0; i < datasets.size(); ++i) {
    if (i == left_out) continue;
    for_each_labelled_page(
        datasets[i], "train", [&](LabelledPage&& page) { training_set.add_page(page); }, progress);
    run.datasets.push_back(fmt::format("{}:train", datasets[i].kind));
  }
  if (training_set.pages() == 0) {
    throw Error(datasets[left_out].path.string(), "",
                "--leave-one-out: the other datasets hold no labelled training pages");
  }
  run.pages = training_set.pages();
  if (progress)
    progress->note(fmt::format("leave-one-out: trained on {} ({} pages) to evaluate {}", fmt::join(run.datasets, ","),
                               run.pages, datasets[left_out].kind));
  return pith::train::train_model(training_set, options, pith::train::model_settings(options, run), progress);
}

}  // namespace pith::eval
