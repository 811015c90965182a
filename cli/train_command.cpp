// pith train: learn a model from labelled pages.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "datasets/dataset.h"
#include "features/error.h"
#include "features/feature_table.h"
#include "features/output_file.h"
#include "model/model_file.h"
#include "train/trainer.h"

namespace pith::cli {
namespace {

struct TrainOptions {
  std::vector<std::string> datasets;
  std::vector<std::string> text_datasets;  // when given, the text head learns from these only
  std::string class_weight;  // "", "balanced" or "content=W,boilerplate=W"
  std::vector<double> cost_grid;
  std::string favor = "f1";
  std::string split = "train";
  std::string output;
  pith::train::TrainerOptions trainer;
  FeatureHashing hashing{kDefaultHashBits, kDefaultHashSeed};
};

std::string dataset_help() {
  std::string help = "Labelled pages as KIND:PATH (repeatable). Kinds:";
  for (const DatasetKind& kind : dataset_kinds()) help += fmt::format("\n  {}: {}", kind.name, kind.description);
  return help;
}

// "balanced" or "content=W,boilerplate=W" (either may be left out: weight 1).
pith::train::ClassWeights parse_class_weight(const std::string& text) {
  pith::train::ClassWeights weights;
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
      throw UsageError(fmt::format("--class-weight: expected 'balanced' or 'content=W,boilerplate=W' with W > 0, got '{}'", text));
    (key == "content" ? weights.content : weights.boilerplate) = value;
    start = end + 1;
  }
  return weights;
}

int run_train(const TrainOptions& options) {
  // Before hours of training, not after them: a missing folder, a device or a folder as the output.
  check_output_path(options.output);
  pith::train::TrainerOptions trainer = options.trainer;
  trainer.class_weights = parse_class_weight(options.class_weight);
  trainer.cost_grid = options.cost_grid;
  trainer.favor = options.favor == "precision" ? pith::train::Favor::precision
                  : options.favor == "recall"  ? pith::train::Favor::recall
                                               : pith::train::Favor::f1;
  for (const std::string& family : trainer.families) {
    const bool known = std::any_of(std::begin(kDenseFeatures), std::end(kDenseFeatures),
                                   [&](const DenseFeature& feature) { return feature.family == family; });
    if (!known) throw UsageError(fmt::format("--families: no dense feature belongs to a family '{}'", family));
  }
  if (trainer.stacking_folds == 1) throw UsageError("--stacking-folds must be 0 (no stacking stage) or at least 2");
  if (trainer.cv_folds == 1) throw UsageError("--cv-folds must be 0 (no cross-validation) or at least 2");
  if (!trainer.cost_grid.empty() && trainer.cv_folds < 2)
    throw UsageError("--cost-grid needs --cv-folds K with K >= 2 to choose among the costs");
  const std::vector<DatasetSpec> datasets = parse_dataset_arguments(options.datasets);
  const std::vector<DatasetSpec> text_datasets = parse_dataset_arguments(options.text_datasets);
  ProgressDisplay display;
  pith::train::TrainingSet training_set(options.hashing);
  pith::train::TrainingRun run;
  const auto add_dataset = [&](const DatasetSpec& dataset, pith::train::TrainingHeads heads,
                               std::vector<std::string>& names) {
    const std::size_t pages_before = training_set.pages(), left_out_before = training_set.pages_left_out();
    for_each_labelled_page(
        dataset, options.split,
        [&](LabelledPage&& page) {
          if (!training_set.add_page(page, heads))
            display.note(fmt::format("left out {}: {}", page.document.source, page.left_out));
        },
        &display);
    display.note(fmt::format("{}:{} ({}{}): {} pages, {} left out", dataset.kind, dataset.path.string(), options.split,
                             heads.html ? "" : ", text head", training_set.pages() - pages_before,
                             training_set.pages_left_out() - left_out_before));
    names.push_back(fmt::format("{}:{}", dataset.kind, options.split));
  };
  for (const DatasetSpec& dataset : datasets) add_dataset(dataset, {true, text_datasets.empty()}, run.datasets);
  for (const DatasetSpec& dataset : text_datasets) add_dataset(dataset, {false, true}, run.text_datasets);
  std::string dataset_paths;
  for (const std::vector<std::string>* list : {&options.datasets, &options.text_datasets})
    for (const std::string& text : *list) dataset_paths += (dataset_paths.empty() ? "" : ", ") + text;
  if (training_set.pages() == 0)
    throw Error(dataset_paths, "",
                fmt::format("no labelled pages in the '{}' split (is the folder empty, or are the pages in another "
                            "split?)",
                            options.split));
  run.pages = training_set.pages();

  const Model model =
      pith::train::train_model(training_set, trainer, pith::train::model_settings(trainer, run), &display);
  save_model(model, options.output);
  display.note(fmt::format("wrote {}", options.output));
  return kExitSuccess;
}

}  // namespace

CommandRunner add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train", "Learn a model from labelled pages and write it to a file.");
  command->add_option("-d,--dataset", options->datasets, dataset_help())->required();
  command->add_option("--text-dataset", options->text_datasets,
                      "Pages the text head (plain-text pages) learns from instead of the --dataset pages, as "
                      "KIND:PATH (repeatable); HTML pages are rendered as plain text first");
  command->add_option("-s,--split", options->split, "Which pages of each dataset: train, dev, test or all")
      ->check(CLI::IsMember({"train", "dev", "test", "all"}))
      ->capture_default_str();
  command->add_option("-o,--output", options->output, "Model file to write (replaced atomically)")->required();
  command->add_option("-C,--cost", options->trainer.solver.c, "Cost of the loss against the L2 regulariser (LIBLINEAR's C)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--tolerance", options->trainer.solver.tolerance,
                      "Stop when the gradient norm falls below this share of its start")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--max-iterations", options->trainer.solver.max_iterations, "Newton iterations at most")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--l1", options->trainer.solver.l1,
                      "L1 strength on the hashed sparse columns (0: none); above 0 those fits use OWL-QN and "
                      "leave weak hashed columns at exactly 0 (L2 stays on every weight, the bias is never "
                      "regularised)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--class-weight", options->class_weight,
                      "Multipliers of C per class: 'balanced' (both classes weigh the same) or "
                      "'content=W,boilerplate=W'");
  command->add_option("--threads", options->trainer.solver.threads,
                      "Threads for the solver's passes over the rows (any count gives the same model)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command->add_option("--cv-folds", options->trainer.cv_folds,
                      "Choose C by K-fold cross-validation grouped by page (0: no cross-validation)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--cost-grid", options->cost_grid, "Values of C to cross-validate, e.g. 0.1,1,10 (needs --cv-folds)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  command->add_option("--favor", options->favor,
                      "What the threshold (and cross-validated C) maximises: f1, precision (F0.5) or recall (F2)")
      ->check(CLI::IsMember({"f1", "precision", "recall"}))
      ->capture_default_str();
  command->add_option("--families", options->trainer.families,
                      "Dense feature families the paragraph stage may use, e.g. boilerpipe,shape (default: all; the "
                      "others get weight 0; see docs/features.md)")
      ->delimiter(',');
  command->add_option("--stacking-folds", options->trainer.stacking_folds,
                      "Folds (by page) for the stacking stage's held-out scores; 0: no stacking stage")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command->add_option("--hash-bits", options->hashing.bits,
                      "Hashed sparse features (class/id words, tag paths, words of short paragraphs) go to 2^BITS "
                      "columns; 0 leaves them out")
      ->check(CLI::Range(0, kMaxHashBits))
      ->capture_default_str();
  command->add_option("--hash-seed", options->hashing.seed, "Seed of the feature hash (stored in the model)")
      ->capture_default_str();
  command->add_option("--hashed-min-pages", options->trainer.hashed_min_pages,
                      "Leave out hashed columns that occur on fewer training pages than this")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  return [options] { return run_train(*options); };
}

}  // namespace pith::cli
