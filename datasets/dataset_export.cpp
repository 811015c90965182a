#include "datasets/dataset_export.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "datasets/labelled_jsonl.h"

namespace pith {

ExportCounts export_labelled_jsonl(const DatasetSpec& dataset, std::string_view split, std::ostream& out,
                                   const std::function<void(const Error&)>& refused, ProgressSink* progress) {
  const std::unique_ptr<DatasetReader> reader = open_dataset(dataset);
  // Each record keeps the split it came from, so the exported file splits the same way.
  std::unordered_map<std::string, std::string> split_of;
  std::unordered_map<std::string, int> listed_in;
  for (const char* name : {"train", "dev", "test"})
    for (const std::string& id : reader->page_ids(name)) {
      split_of[id] = name;
      ++listed_in[id];
    }
  const std::vector<std::string> ids = reader->page_ids(split);
  ExportCounts counts;
  counts.pages = ids.size();
  std::size_t done = 0;
  for (const std::string& id : ids) {
    LabelledPage page = reader->read_page(id);
    page.id = id;
    std::string line;
    try {
      line = labelled_page_json_line(page, listed_in[id] == 1 ? split_of[id] : "");
    } catch (const Error& e) {
      refused(e);
    }
    if (!line.empty()) {
      out.write(line.data(), static_cast<std::streamsize>(line.size()));
      ++counts.written;
    }
    if (progress) progress->progress("export", ++done, ids.size());
  }
  return counts;
}

}  // namespace pith
