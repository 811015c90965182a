#include "eval/leave_one_out.h"

#include <fmt/format.h>

#include <string>

#include "features/error.h"
#include "features/version.h"
#include "train/trainer.h"

namespace pith::eval {

Model train_without(const std::vector<DatasetSpec>& datasets, std::size_t left_out, ProgressSink* progress) {
  pith::train::TrainingSet training_set(FeatureHashing{kDefaultHashBits, kDefaultHashSeed});
  std::string training_data;
  for (std::size_t i = 0; i < datasets.size(); ++i) {
    if (i == left_out) continue;
    for_each_labelled_page(
        datasets[i], "train", [&](LabelledPage&& page) { training_set.add_page(page); }, progress);
    training_data += fmt::format("{}{}:train", training_data.empty() ? "" : ",", datasets[i].kind);
  }
  if (training_set.pages() == 0) {
    throw Error(datasets[left_out].path.string(), "",
                "--leave-one-out: the other datasets hold no labelled training pages");
  }
  if (progress)
    progress->note(fmt::format("leave-one-out: trained on {} ({} pages) to evaluate {}", training_data,
                               training_set.pages(), datasets[left_out].kind));
  return pith::train::train_model(training_set, pith::train::TrainerOptions{},
                                  {{"created-with", fmt::format("pith {}", kVersion)},
                                   {"training-data", training_data},
                                   {"training-pages", std::to_string(training_set.pages())}},
                                  progress);
}

}  // namespace pith::eval
