// pith eval: block-level figures of a model on labelled pages.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "datasets/dataset.h"
#include "infer/block_metrics.h"
#include "infer/default_model.h"
#include "infer/model_file.h"
#include "infer/page_output.h"
#include "infer/text_metrics.h"

namespace pith::cli {
namespace {

struct EvalOptions {
  std::vector<std::string> datasets;
  std::string split = "test";
  std::string model;
};

int run_eval(const EvalOptions& options) {
  const std::vector<DatasetSpec> datasets = parse_dataset_arguments(options.datasets);
  const Model model = load_model(options.model.empty() ? default_model_path() : std::filesystem::path(options.model));
  ProgressDisplay display;
  // block level over labelled paragraphs; text level (mean BoW F1, shingle F1) over pages
  // with a gold text
  fmt::print("{:<18} {:>5} {:>6} {:>10} {:>7} {:>7} {:>7} {:>8} {:>7} {:>8}\n", "dataset", "split", "pages",
             "paragraphs", "prec", "recall", "F1", "accuracy", "BoW-F1", "shingle");
  for (const DatasetSpec& dataset : datasets) {
    BlockCounts counts;
    TextMetrics text;
    std::size_t pages = 0;
    for_each_labelled_page(
        dataset, options.split,
        [&](LabelledPage&& page) {
          const std::vector<ParagraphScore> scores = classify_paragraphs(model, page.document);
          counts.add(page.labels, scores);
          if (page.gold_text) text.add(main_text(page.document, scores), *page.gold_text);
          ++pages;
        },
        &display);
    const auto text_figure = [&](double value) {
      return text.pages() > 0 ? fmt::format("{:.4f}", value) : std::string("-");
    };
    fmt::print("{:<18} {:>5} {:>6} {:>10} {:>7.4f} {:>7.4f} {:>7.4f} {:>8.4f} {:>7} {:>8}\n", dataset.kind,
               options.split, pages, counts.total(), counts.precision(), counts.recall(), counts.f1(),
               counts.accuracy(), text_figure(text.mean_bag_of_words_f1()), text_figure(text.shingle_means().f1));
    std::fflush(stdout);
  }
  return kExitSuccess;
}

}  // namespace

CommandRunner add_eval_command(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand(
      "eval",
      "Block-level precision, recall and F1 of the content class and accuracy over labelled paragraphs; text-level "
      "bag-of-words F1 (mean over pages) and 4-gram shingle F1 of the main text against the gold text, where the "
      "dataset has one.");
  command->add_option("-d,--dataset", options->datasets, "Labelled pages as KIND:PATH (repeatable; see pith train --help)")
      ->required();
  command->add_option("-s,--split", options->split, "Which pages of each dataset: train, dev, test or all")
      ->check(CLI::IsMember({"train", "dev", "test", "all"}))
      ->capture_default_str();
  command->add_option("-m,--model", options->model, "Model file (default: the shipped model)")->check(CLI::ExistingFile);
  return [options] { return run_eval(*options); };
}

}  // namespace pith::cli
