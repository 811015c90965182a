#pragma once
// Labelled datasets by kind and path ("l3s-gn1:/data/l3s-gn1"), read page by page so memory
// stays flat whatever the dataset's size.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"
#include "features/progress.h"

namespace pith {

struct DatasetSpec {
  std::string kind;              // one of dataset_kinds()
  std::filesystem::path path;
};

// The kinds pith reads, each with a line of description and its reader.
const std::vector<DatasetKind>& dataset_kinds();

std::unique_ptr<DatasetReader> open_dataset(const DatasetSpec& dataset);

// "KIND:PATH"; throws pith::Error on an unknown kind or a missing colon.
DatasetSpec parse_dataset_spec(std::string_view text);

// The splits --split names: train, dev, test, all, and train+dev (the pages of train and dev
// both: the shipped model learns from them once its settings are chosen on dev).
inline constexpr const char* kSplitNames[] = {"train", "dev", "test", "all", "train+dev"};
bool is_split_name(std::string_view split);
// Whether a page of split `page_split` belongs to the pages `split` names.
bool split_takes(std::string_view split, std::string_view page_split);

// Page ids of a dataset folder's `splits.tsv` (page_id TAB split) whose split is `split`;
// `split` "all" takes every page. Throws pith::Error naming the file and line on bad rows.
std::vector<std::string> read_split_ids(const std::filesystem::path& splits_tsv, std::string_view split);

// How a split-file dataset reads one page: the dataset folder and the page id.
using PageReadFunction = std::function<LabelledPage(const std::filesystem::path& folder, const std::string& page_id)>;

// A dataset folder whose pages are listed in its `splits.tsv` (read_split_ids) and read one
// by one by `read_page`: what every reader of a published dataset is.
std::unique_ptr<DatasetReader> split_file_dataset(std::filesystem::path folder, PageReadFunction read_page);

// Calls `visit` with each labelled page of `split`, in the dataset's page-id order.
void for_each_labelled_page(const DatasetSpec& dataset, std::string_view split,
                            const std::function<void(LabelledPage&&)>& visit, ProgressSink* progress = nullptr);

}  // namespace pith
