// pith eval: block-level and text-level figures of a model on labelled pages, optionally
// leave-one-dataset-out, optionally with an HTML report (docs/evaluation.md).
#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "datasets/dataset.h"
#include "eval/block_metrics.h"
#include "eval/evaluation_report.h"
#include "eval/leave_one_out.h"
#include "eval/text_metrics.h"
#include "features/error.h"
#include "features/version.h"
#include "infer/default_model.h"
#include "infer/page_labeller.h"
#include "infer/page_output.h"
#include "model/model_file.h"

namespace pith::cli {
namespace {

struct EvalOptions {
  std::vector<std::string> datasets;
  std::string split = "test";
  std::string model;
  bool leave_one_out = false;
  train::TrainerOptions trainer;  // for --leave-one-out's models
  std::string report;
  bool markdown = false;
};

// A figures table, as fixed-width text for a terminal or as a Markdown table for a README.
// Widths: negative left-aligns, positive right-aligns; `markdown_rule` is the Markdown
// table's alignment line.
class FiguresTable {
 public:
  FiguresTable(bool markdown, std::vector<int> widths, std::string markdown_rule)
      : markdown_(markdown), widths_(std::move(widths)), markdown_rule_(std::move(markdown_rule)) {}

  void header(const std::vector<std::string>& names) {
    row(names);
    if (markdown_) fmt::print("{}\n", markdown_rule_);
  }

  void row(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const int width = i < widths_.size() ? widths_[i] : 8;
      if (markdown_)
        line += "| " + cells[i] + " ";
      else if (width < 0)
        line += fmt::format("{}{:<{}}", i > 0 ? " " : "", cells[i], -width);
      else
        line += fmt::format(" {:>{}}", cells[i], width);
    }
    fmt::print("{}{}\n", line, markdown_ ? "|" : "");
    std::fflush(stdout);
  }

 private:
  bool markdown_;
  std::vector<int> widths_;
  std::string markdown_rule_;
};

// The text-level figures by page type of the datasets that give page types (WCXB), each
// dataset's types then its "all" row; nothing when no dataset gives types.
void print_page_types(const EvaluationRecorder& recorder, bool markdown) {
  bool any = false;
  for (const DatasetFigures& d : recorder.datasets()) any = any || !d.page_types.empty();
  if (!any) return;
  fmt::print("\n");
  FiguresTable table(markdown, {-18, 5, -14, 6, 7, 7, 7, 7}, "|---|---|---|---:|---:|---:|---:|---:|");
  table.header({"dataset", "split", "page type", "pages", "BoW-F1", "word-P", "word-R", "word-F1"});
  for (const DatasetFigures& d : recorder.datasets()) {
    if (d.page_types.empty()) continue;
    for (const PageTypeFigures& t : d.page_types)
      table.row({d.dataset, d.split, t.type, std::to_string(t.pages), format_figure(t.bag_of_words_f1),
                 format_figure(t.word.precision), format_figure(t.word.recall), format_figure(t.word.f1)});
    table.row({d.dataset, d.split, "all", std::to_string(d.text_pages), format_figure(d.bag_of_words_f1),
               format_figure(d.word.precision), format_figure(d.word.recall), format_figure(d.word.f1)});
  }
}

int run_eval(const EvalOptions& options) {
  const std::vector<DatasetSpec> datasets = parse_dataset_arguments(options.datasets);
  if (options.leave_one_out && datasets.size() < 2) throw UsageError("--leave-one-out needs at least two --dataset");
  if (options.leave_one_out && !options.model.empty())
    throw UsageError("--leave-one-out trains its own models: drop --model");
  std::optional<Model> fixed_model;
  if (!options.leave_one_out) {
    fixed_model = load_model_or_default(options.model);
  }
  const std::string fixed_model_name = options.model.empty() ? "default" : options.model;
  ProgressDisplay display;
  EvaluationRecorder recorder;
  // block level over labelled paragraphs; text level (mean BoW F1, shingle F1) over pages
  // with a gold text
  FiguresTable table(options.markdown, {-18, 5, 6, 10, 7, 7, 7, 8, 7, 7, 7, 8},
                     "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  table.header({"dataset", "split", "pages", "paragraphs", "prec", "recall", "F1", "accuracy", "ROC-AUC", "BoW-F1",
                "word-F1", "shingle"});
  for (std::size_t d = 0; d < datasets.size(); ++d) {
    const DatasetSpec& dataset = datasets[d];
    std::optional<Model> trained;
    if (options.leave_one_out) trained = eval::train_without(datasets, d, options.trainer, &display);
    const Model& model = options.leave_one_out ? *trained : *fixed_model;
    recorder.begin_dataset(dataset.kind, options.split,
                           options.leave_one_out ? "trained on the others" : fixed_model_name);
    // datasets are trusted input: no page limits
    PageLabeller labeller(model, LabelLimits{SIZE_MAX, SIZE_MAX});
    for_each_labelled_page(
        dataset, options.split,
        [&](LabelledPage&& page) {
          const std::vector<ParagraphScore>& scores = labeller.score(page.document);
          recorder.add_page(page, scores, page.gold_text ? main_text(page.document, scores) : std::string());
        },
        &display);
    const DatasetFigures& figures = recorder.end_dataset();
    // Figures over no pages would read as a perfect score (issue 18, item 6).
    if (figures.pages == 0)
      throw Error(fmt::format("{}:{}", dataset.kind, dataset.path.string()), "",
                  fmt::format("no labelled pages in the '{}' split: nothing to evaluate", options.split));
    const auto text_figure = [&](double value) {
      return figures.text_pages > 0 ? format_figure(value) : std::string("-");
    };
    table.row({dataset.kind, options.split, std::to_string(figures.pages), std::to_string(figures.counts.total()),
               format_figure(figures.counts.precision()), format_figure(figures.counts.recall()), format_figure(figures.counts.f1()),
               format_figure(figures.counts.accuracy()), format_figure(figures.roc_auc), text_figure(figures.bag_of_words_f1),
               text_figure(figures.word.f1), text_figure(figures.shingle.f1)});
  }
  if (datasets.size() > 1) {
    const auto macro = recorder.macro_bag_of_words_f1();
    const auto macro_word = recorder.macro_word_f1();
    const auto macro_shingle = recorder.macro_shingle_f1();
    table.row({"macro", options.split, "", "", "", "", "", "", "", macro ? format_figure(*macro) : "-",
               macro_word ? format_figure(*macro_word) : "-", macro_shingle ? format_figure(*macro_shingle) : "-"});
  }
  print_page_types(recorder, options.markdown);
  if (!options.report.empty()) {
    recorder.write_report(options.report, fmt::format("pith {} evaluation, {} split{}", kVersion, options.split,
                                                      options.leave_one_out ? ", leave one dataset out" : ""));
    display.note(fmt::format("wrote {}/index.html and {}/pages.csv", options.report, options.report));
  }
  return kExitSuccess;
}

}  // namespace

CommandRunner add_eval_command(CLI::App& app) {
  auto options = std::make_shared<EvalOptions>();
  CLI::App* command = app.add_subcommand(
      "eval",
      "Block-level precision, recall and F1 of the content class, accuracy and ROC-AUC of p(content) over labelled "
      "paragraphs; text-level bag-of-words F1 (mean over pages), WCXB's word F1 (lower-cased \\w+ words, mean over "
      "pages) and 4-gram shingle F1 of the main text against the gold text, where the dataset has one; with several "
      "datasets, the macro mean over them; for datasets that give page types (WCXB), the text-level figures by "
      "page type. See docs/evaluation.md.");
  command
      ->add_option("-d,--dataset", options->datasets, "Labelled pages as KIND:PATH (repeatable; see pith train --help)")
      ->required();
  command->add_option("-s,--split", options->split, "Which pages of each dataset: train, dev, test or all")
      ->check(CLI::IsMember({"train", "dev", "test", "all"}))
      ->capture_default_str();
  command->add_option("-m,--model", options->model, "Model file (default: the shipped model)")
      ->check(CLI::ExistingFile);
  CLI::Option* leave_one_out = command->add_flag("--leave-one-out", options->leave_one_out,
                    "For each dataset, train a model (pith train's options, of which --cost and --families can be "
                    "set here) on the train splits of all the other datasets given and evaluate it on this one's split");
  command->add_option("-C,--cost", options->trainer.solver.c, "With --leave-one-out: the trainer's C (as pith train --cost)")
      ->check(CLI::PositiveNumber)
      ->needs(leave_one_out);
  command->add_option("--families", options->trainer.families,
                      "With --leave-one-out: the dense feature families the models may use (as pith train --families)")
      ->delimiter(',')
      ->needs(leave_one_out);
  command->add_flag("--markdown", options->markdown, "Print the figures as a Markdown table (README's results)");
  command->add_option(
      "--report", options->report,
      "Write a self-contained HTML report (index.html) and a per-page CSV (pages.csv) into this folder");
  return [options] { return run_eval(*options); };
}

}  // namespace pith::cli
