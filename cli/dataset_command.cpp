// pith dataset stats|export: what a labelled dataset holds, and its pages in pith's own format.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <system_error>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/progress_display.h"
#include "datasets/dataset.h"
#include "datasets/dataset_export.h"
#include "features/error.h"
#include "features/output_file.h"

namespace pith::cli {
namespace {

struct DatasetOptions {
  std::string dataset;
  std::string split = "all";
  std::string output;
};

double quantile(std::vector<double> sorted_values, double q) {
  if (sorted_values.empty()) return 0.0;
  const auto at = static_cast<std::size_t>(q * static_cast<double>(sorted_values.size() - 1) + 0.5);
  return sorted_values[at];
}

int run_stats(const DatasetOptions& options) {
  const DatasetSpec dataset = parse_dataset_argument(options.dataset);
  ProgressDisplay display;
  std::size_t pages = 0, paragraphs = 0, content = 0;
  std::vector<double> coverage;
  std::vector<std::string> left_out;
  for_each_labelled_page(
      dataset, options.split,
      [&](LabelledPage&& page) {
        ++pages;
        paragraphs += page.labels.size();
        content += static_cast<std::size_t>(std::count(page.labels.begin(), page.labels.end(), Label::content));
        coverage.push_back(page.coverage);
        if (!page.left_out.empty()) left_out.push_back(fmt::format("{}: {}", page.id, page.left_out));
      },
      &display);
  std::sort(coverage.begin(), coverage.end());
  double mean = 0;
  for (double c : coverage) mean += c;
  mean = coverage.empty() ? 0.0 : mean / static_cast<double>(coverage.size());
  fmt::print("dataset          {}:{}\n", dataset.kind, dataset.path.string());
  fmt::print("split            {}\n", options.split);
  fmt::print("pages            {}\n", pages);
  fmt::print("paragraphs       {}\n", paragraphs);
  fmt::print("content share    {:.4f} of paragraphs\n", paragraphs ? double(content) / double(paragraphs) : 0.0);
  fmt::print("coverage         min {:.3f}  p10 {:.3f}  p25 {:.3f}  median {:.3f}  p75 {:.3f}  mean {:.3f}\n",
             quantile(coverage, 0), quantile(coverage, 0.1), quantile(coverage, 0.25), quantile(coverage, 0.5),
             quantile(coverage, 0.75), mean);
  fmt::print("left out         {} pages\n", left_out.size());
  for (const std::string& line : left_out) fmt::print("  {}\n", line);
  return kExitSuccess;
}

int run_export(const DatasetOptions& options) {
  const DatasetSpec dataset = parse_dataset_argument(options.dataset);
  ProgressDisplay display;
  const bool to_stdout = options.output.empty() || options.output == "-";
  if (!to_stdout) check_output_path(options.output, {dataset.path});
  // The records stream to a temporary file (a dataset need not fit in memory), renamed over
  // the output once whole.
  const std::string temporary = options.output + ".tmp";
  std::error_code error;
  std::ofstream file;
  if (!to_stdout) {
    check_output_path(options.output);
    file.open(temporary, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(temporary, "", "cannot create the output file: " + std::generic_category().message(errno));
  }
  const auto refused = [&](const Error& e) { display.note(fmt::format("pith: {}", e.what())); };
  ExportCounts counts;
  try {
    counts = export_labelled_jsonl(dataset, options.split, to_stdout ? std::cout : file, refused, &display);
  } catch (...) {
    if (!to_stdout) {
      file.close();
      std::filesystem::remove(temporary);
    }
    throw;
  }
  if (to_stdout) {
    std::cout.flush();
  } else {
    file.close();
    if (!file) {
      const std::string reason = std::generic_category().message(errno);
      std::filesystem::remove(temporary, error);
      throw Error(temporary, "", "cannot write the output file: " + reason);
    }
    std::filesystem::rename(temporary, options.output, error);
    if (error) {
      std::filesystem::remove(temporary, error);
      throw Error(options.output, "", "cannot move the finished output into place: " + error.message());
    }
    display.note(fmt::format("wrote {} pages to {}", counts.written, options.output));
  }
  if (counts.written < counts.pages) {
    display.note(fmt::format("pith: {} of {} pages not exported", counts.pages - counts.written, counts.pages));
    return kExitDataError;
  }
  return kExitSuccess;
}

}  // namespace

CommandRunner add_dataset_command(CLI::App& app) {
  auto options = std::make_shared<DatasetOptions>();
  CLI::App* command = app.add_subcommand("dataset", "Look into a labelled dataset, or export it in pith's format.");
  command->require_subcommand(1);
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("dataset", options->dataset, "KIND:PATH (see pith train --help for the kinds)")->required();
    sub->add_option("-s,--split", options->split, "train, dev, test or all")
        ->check(CLI::IsMember({"train", "dev", "test", "all"}))
        ->capture_default_str();
  };
  CLI::App* stats = command->add_subcommand(
      "stats", "Pages, paragraphs, content share, gold-text coverage distribution, pages left out and why.");
  add_common(stats);
  CLI::App* exporter = command->add_subcommand(
      "export", "Write the pages as pith's labelled JSON lines (docs/labelled-jsonl.md), to correct labels and retrain.");
  add_common(exporter);
  exporter->add_option("-o,--output", options->output, "File to write (default: standard output)");
  return [options, stats] { return stats->parsed() ? run_stats(*options) : run_export(*options); };
}

}  // namespace pith::cli
