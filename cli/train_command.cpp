// pith train: learn a model from labelled pages.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "datasets/dataset.h"
#include "features/error.h"
#include "features/version.h"
#include "infer/model_file.h"
#include "train/trainer.h"

namespace pith::cli {
namespace {

struct TrainOptions {
  std::vector<std::string> datasets;
  std::string split = "train";
  std::string output;
  pith::train::TrainerOptions trainer;
};

std::string dataset_help() {
  std::string help = "Labelled pages as KIND:PATH (repeatable). Kinds:";
  for (const DatasetKind& kind : dataset_kinds()) help += fmt::format("\n  {}: {}", kind.name, kind.description);
  return help;
}

int run_train(const TrainOptions& options) {
  const std::vector<DatasetSpec> datasets = parse_dataset_arguments(options.datasets);
  ProgressDisplay display;
  pith::train::TrainingSet training_set;
  std::string training_data;
  for (const DatasetSpec& dataset : datasets) {
    const std::size_t pages_before = training_set.pages(), left_out_before = training_set.pages_left_out();
    for_each_labelled_page(
        dataset, options.split,
        [&](LabelledPage&& page) {
          if (!training_set.add_page(page)) display.note(fmt::format("left out {}: {}", page.document.source, page.left_out));
        },
        &display);
    display.note(fmt::format("{}:{} ({}): {} pages, {} left out", dataset.kind, dataset.path.string(), options.split,
                             training_set.pages() - pages_before, training_set.pages_left_out() - left_out_before));
    training_data += fmt::format("{}{}:{}", training_data.empty() ? "" : ",", dataset.kind, options.split);
  }
  if (training_set.pages() == 0) throw Error("", "", "the datasets hold no labelled pages for this split");

  const Model model = pith::train::train_model(
      training_set, options.trainer,
      {{"created-with", fmt::format("pith {}", kVersion)},
       {"training-data", training_data},
       {"training-pages", std::to_string(training_set.pages())},
       {"solver", fmt::format("newton-cg tolerance={} max-iterations={}", options.trainer.solver.tolerance,
                              options.trainer.solver.max_iterations)}},
      &display);
  save_model(model, options.output);
  display.note(fmt::format("wrote {}", options.output));
  return kExitSuccess;
}

}  // namespace

CommandRunner add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train", "Learn a model from labelled pages and write it to a file.");
  command->add_option("-d,--dataset", options->datasets, dataset_help())->required();
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
  return [options] { return run_train(*options); };
}

}  // namespace pith::cli
