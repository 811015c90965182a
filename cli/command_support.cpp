// What several subcommands share.
#include "cli/commands.h"
#include "features/error.h"

namespace pith::cli {

DatasetSpec parse_dataset_argument(const std::string& text) {
  try {
    return parse_dataset_spec(text);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
}

std::vector<DatasetSpec> parse_dataset_arguments(const std::vector<std::string>& texts) {
  std::vector<DatasetSpec> datasets;
  datasets.reserve(texts.size());
  for (const std::string& text : texts) datasets.push_back(parse_dataset_argument(text));
  return datasets;
}

}  // namespace pith::cli
