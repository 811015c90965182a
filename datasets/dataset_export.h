#pragma once
// pith dataset export: a dataset's pages as pith's labelled JSON lines (docs/labelled-jsonl.md).
#include <cstddef>
#include <functional>
#include <ostream>
#include <string_view>

#include "datasets/dataset.h"
#include "features/error.h"
#include "features/progress.h"

namespace pith {

struct ExportCounts {
  std::size_t pages = 0;    // listed in the split
  std::size_t written = 0;  // records written
};

// Writes one record per page of `split` to `out`, each with the split its page comes from (none
// for a page listed in every split, as in a dataset without splits). A page whose record could
// not be read back (labelled_page_json_line refuses it) is passed to `refused` and skipped, so
// the other pages are still exported. Throws pith::Error when a page cannot be read at all.
ExportCounts export_labelled_jsonl(const DatasetSpec& dataset, std::string_view split, std::ostream& out,
                                   const std::function<void(const Error&)>& refused, ProgressSink* progress = nullptr);

}  // namespace pith
