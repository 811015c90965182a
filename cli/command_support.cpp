// What several subcommands share.
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "features/error.h"
#include "features/page_reader.h"

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

int for_each_page(const std::vector<std::string>& pages,
                  const std::function<std::string(const std::string& page, const Document& document)>& render) {
  std::size_t failed = 0;
  for (const std::string& page : pages) {
    std::string out;
    try {
      out = render(page, read_page(page));
    } catch (const Error& e) {
      fmt::print(stderr, "pith: {}\n", e.what());
      ++failed;
      continue;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  std::fflush(stdout);
  if (failed > 0) {
    fmt::print(stderr, "pith: {} of {} pages failed\n", failed, pages.size());
    return kExitDataError;
  }
  return kExitSuccess;
}

}  // namespace pith::cli
