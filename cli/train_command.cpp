// pith train: learn a model from labelled pages.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "datasets/dataset.h"
#include "features/error.h"
#include "features/output_file.h"
#include "model/model_file.h"
#include "train/dataset_training.h"

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

int run_train(const TrainOptions& options) {
  // Before hours of training, not after them: a missing folder, a device or a folder as the output.
  check_output_path(options.output);
  pith::train::DatasetTrainingOptions training;
  training.trainer = options.trainer;
  training.trainer.cost_grid = options.cost_grid;
  training.split = options.split;
  training.hashing = options.hashing;
  try {
    training.trainer.class_weights = pith::train::parse_class_weight(options.class_weight);
    training.trainer.favor = pith::train::parse_favor(options.favor);
    training.datasets = parse_dataset_arguments(options.datasets);
    training.text_datasets = parse_dataset_arguments(options.text_datasets);
    pith::train::check_training_options(training);
  } catch (const Error& e) {
    throw UsageError(e.message());
  }
  ProgressDisplay display;
  const Model model = pith::train::train_from_datasets(training, &display);
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
  command->add_option("-s,--split", options->split,
                      "Which pages of each dataset: train, dev, test, all or train+dev (both train and dev)")
      ->check(CLI::IsMember(std::vector<std::string>(std::begin(kSplitNames), std::end(kSplitNames))))
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
  // one per core unless told: the stacking and cross-validation folds are fitted side by side
  options->trainer.solver.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  command->add_option("--threads", options->trainer.solver.threads,
                      "Threads for the stacking and cross-validation folds (fitted side by side) and the solver's "
                      "passes over the rows; default one per core (any count gives the same model)")
      ->check(CLI::PositiveNumber);
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
