#pragma once
// One reader per labelled format. A reader lists a dataset folder's pages by split and reads
// one page at a time, so memory stays flat whatever the dataset's size.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/labelled_page.h"

namespace pith {

class DatasetReader {
 public:
  virtual ~DatasetReader() = default;
  // Page ids of `split` (train, dev, test, or all), in the dataset's order.
  virtual std::vector<std::string> page_ids(std::string_view split) const = 0;
  // Throws pith::Error naming the file (and position) when the page cannot be read.
  virtual LabelledPage read_page(const std::string& page_id) const = 0;
};

using DatasetOpener = std::unique_ptr<DatasetReader> (*)(const std::filesystem::path& folder);

struct DatasetKind {
  std::string name;         // as given on the command line: "l3s-gn1", "text", ...
  std::string description;  // one line for --help
  DatasetOpener open;
};

}  // namespace pith
