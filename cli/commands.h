#pragma once
// Each subcommand registers its options on the app and returns the function that runs it.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "features/paragraph.h"

#include "datasets/dataset.h"

namespace pith::cli {

// Exit codes (DESIGN.md convention 5).
inline constexpr int kExitSuccess = 0;
inline constexpr int kExitDataError = 1;
inline constexpr int kExitUsageError = 2;

using CommandRunner = std::function<int()>;

CommandRunner add_infer_command(CLI::App& app);
CommandRunner add_train_command(CLI::App& app);
CommandRunner add_eval_command(CLI::App& app);
CommandRunner add_dataset_command(CLI::App& app);
CommandRunner add_model_command(CLI::App& app);
CommandRunner add_features_command(CLI::App& app);

// Thrown by a command for a usage mistake found after parsing (exit code 2).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `--dataset KIND:PATH` arguments as datasets; a malformed one or an unknown kind is a
// UsageError (parse_dataset_spec's pith::Error, which would be a data error, converted).
DatasetSpec parse_dataset_argument(const std::string& text);
std::vector<DatasetSpec> parse_dataset_arguments(const std::vector<std::string>& texts);

// Reads and segments each page in turn and writes what `render` makes of it to standard
// output, in input order. A page that fails is reported on stderr and skipped; the return
// value is the exit code, with a closing "N of M pages failed" when any did.
int for_each_page(const std::vector<std::string>& pages,
                  const std::function<std::string(const std::string& page, const Document& document)>& render);

}  // namespace pith::cli
