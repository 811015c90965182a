// pith eval: block-level figures of a model on labelled pages.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "datasets/dataset.h"
#include "features/error.h"
#include "infer/block_metrics.h"
#include "infer/default_model.h"
#include "infer/model_file.h"

namespace pith::cli {
namespace {

struct EvalOptions {
  std::vector<std::string> datasets;
  std::string split = "test";
  std::string model;
};

int run_eval(const EvalOptions& options) {
  std::vector<DatasetSpec> datasets;
  for (const std::string& text : options.datasets) {
    try {
      datasets.push_back(parse_dataset_spec(text));
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  }
  const Model model = load_model(options.model.empty() ? default_model_path() : std::filesystem::path(options.model));
  ProgressDisplay display;
  fmt::print("{:<12} {:>6} {:>8} {:>10} {:>7} {:>7} {:>7} {:>9}\n", "dataset", "split", "pages", "paragraphs",
             "prec", "recall", "F1", "accuracy");
  for (const DatasetSpec& dataset : datasets) {
    BlockCounts counts;
    std::size_t pages = 0;
    for_each_labelled_page(
        dataset, options.split,
        [&](LabelledPage&& page) {
          counts.add(page.labels, classify_paragraphs(model, page.document));
          ++pages;
        },
        &display);
    fmt::print("{:<12} {:>6} {:>8} {:>10} {:>7.4f} {:>7.4f} {:>7.4f} {:>9.4f}\n", dataset.kind, options.split, pages,
               counts.total(), counts.precision(), counts.recall(), counts.f1(), counts.accuracy());
    std::fflush(stdout);
  }
  return kExitSuccess;
}

}  // namespace

CommandRunner add_eval_command(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand(
      "eval", "Block-level precision, recall and F1 of the content class, and accuracy, on labelled pages.");
  command->add_option("-d,--dataset", options->datasets, "Labelled pages as KIND:PATH (repeatable; see pith train --help)")
      ->required();
  command->add_option("-s,--split", options->split, "Which pages of each dataset: train, dev, test or all")
      ->check(CLI::IsMember({"train", "dev", "test", "all"}))
      ->capture_default_str();
  command->add_option("-m,--model", options->model, "Model file (default: the shipped model)")->check(CLI::ExistingFile);
  return [options] { return run_eval(*options); };
}

}  // namespace pith::cli
