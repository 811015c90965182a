#include "train/dataset_training.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "features/error.h"
#include "features/feature_table.h"

namespace pith::train {
namespace {

[[noreturn]] void refuse(std::string message) { throw Error("", "", std::move(message)); }

}  // namespace

Favor parse_favor(std::string_view text) {
  if (text == "f1") return Favor::f1;
  if (text == "precision") return Favor::precision;
  if (text == "recall") return Favor::recall;
  refuse(fmt::format("favor: expected f1, precision or recall, got '{}'", text));
}

ClassWeights parse_class_weight(const std::string& text) {
  ClassWeights weights;
  if (text.empty()) return weights;
  if (text == "balanced") {
    weights.balanced = true;
    return weights;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, end - start);
    const std::size_t equals = item.find('=');
    double value = 0.0;
    std::size_t used = 0;
    try {
      if (equals != std::string::npos) value = std::stod(item.substr(equals + 1), &used);
    } catch (const std::exception&) {
      used = 0;
    }
    const std::string key = item.substr(0, equals);
    if (equals == std::string::npos || used == 0 || used != item.size() - equals - 1 || !(value > 0) ||
        !std::isfinite(value) || (key != "content" && key != "boilerplate"))
      refuse(fmt::format("--class-weight: expected 'balanced' or 'content=W,boilerplate=W' with W > 0, got '{}'", text));
    (key == "content" ? weights.content : weights.boilerplate) = value;
    start = end + 1;
  }
  return weights;
}

void check_training_options(const DatasetTrainingOptions& options) {
  const TrainerOptions& trainer = options.trainer;
  for (const std::string& family : trainer.families) {
    const bool known = std::any_of(std::begin(kDenseFeatures), std::end(kDenseFeatures),
                                   [&](const DenseFeature& feature) { return feature.family == family; });
    if (!known) refuse(fmt::format("--families: no dense feature belongs to a family '{}'", family));
  }
  if (trainer.stacking_folds == 1) refuse("--stacking-folds must be 0 (no stacking stage) or at least 2");
  if (trainer.cv_folds == 1) refuse("--cv-folds must be 0 (no cross-validation) or at least 2");
  if (!trainer.cost_grid.empty() && trainer.cv_folds < 2)
    refuse("--cost-grid needs --cv-folds K with K >= 2 to choose among the costs");
  if (!is_split_name(options.split))
    refuse(fmt::format("--split: expected train, dev, test, all or train+dev, got '{}'", options.split));
  if (options.hashing.bits < 0 || options.hashing.bits > kMaxHashBits)
    refuse(fmt::format("--hash-bits: expected 0 to {}, got {}", kMaxHashBits, options.hashing.bits));
  if (options.datasets.empty()) refuse("--dataset: at least one dataset is needed");
}

Model train_from_datasets(const DatasetTrainingOptions& options, ProgressSink* progress) {
  check_training_options(options);
  const TrainerOptions& trainer = options.trainer;
  const auto note = [&](const std::string& message) {
    if (progress) progress->note(message);
  };
  TrainingSet training_set(options.hashing);
  TrainingRun run;
  const auto add_dataset = [&](const DatasetSpec& dataset, TrainingHeads heads, std::vector<std::string>& names) {
    const std::size_t pages_before = training_set.pages(), left_out_before = training_set.pages_left_out();
    for_each_labelled_page(
        dataset, options.split,
        [&](LabelledPage&& page) {
          if (!training_set.add_page(page, heads)) note(fmt::format("left out {}: {}", page.document.source, page.left_out));
        },
        progress);
    note(fmt::format("{}:{} ({}{}): {} pages, {} left out", dataset.kind, dataset.path.string(), options.split,
                     heads.html ? "" : ", text head", training_set.pages() - pages_before,
                     training_set.pages_left_out() - left_out_before));
    names.push_back(fmt::format("{}:{}", dataset.kind, options.split));
  };
  for (const DatasetSpec& dataset : options.datasets)
    add_dataset(dataset, {true, options.text_datasets.empty()}, run.datasets);
  for (const DatasetSpec& dataset : options.text_datasets) add_dataset(dataset, {false, true}, run.text_datasets);
  if (training_set.pages() == 0) {
    // Name the folders, not "<input>": an empty folder is the usual cause (issue 18, item 12).
    std::string dataset_paths;
    for (const std::vector<DatasetSpec>* list : {&options.datasets, &options.text_datasets})
      for (const DatasetSpec& dataset : *list)
        dataset_paths += fmt::format("{}{}:{}", dataset_paths.empty() ? "" : ", ", dataset.kind, dataset.path.string());
    throw Error(dataset_paths, "",
                fmt::format("no labelled pages in the '{}' split (is the folder empty, or are the pages in another "
                            "split?)",
                            options.split));
  }
  run.pages = training_set.pages();
  return train_model(training_set, trainer, model_settings(trainer, run), progress);
}

}  // namespace pith::train
