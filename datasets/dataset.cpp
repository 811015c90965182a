#include "datasets/dataset.h"

#include <algorithm>

#include <fmt/format.h>

#include "datasets/l3s_gn1.h"
#include "datasets/labelled_text.h"
#include "features/error.h"
#include "features/page_reader.h"

namespace pith {
namespace {

// Labelled plain-text pages: a single PAGE.txt, or every *.txt with a .labels.tsv beside it
// in a folder (sorted by name); a folder's splits.tsv, when present, selects by file stem.
std::vector<std::filesystem::path> labelled_text_pages(const std::filesystem::path& path, std::string_view split) {
  if (std::filesystem::is_regular_file(path)) return {path};
  if (!std::filesystem::is_directory(path))
    throw Error(path.string(), "", "no such file or folder of labelled text pages");
  std::vector<std::filesystem::path> pages;
  for (const auto& entry : std::filesystem::directory_iterator(path))
    if (entry.path().extension() == ".txt" && std::filesystem::exists(labels_path_for(entry.path())))
      pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  const std::filesystem::path splits = path / "splits.tsv";
  if (split != "all" && std::filesystem::exists(splits)) {
    const std::vector<std::string> ids = read_split_ids(splits, split);
    std::erase_if(pages, [&](const auto& page) {
      return std::find(ids.begin(), ids.end(), page.stem().string()) == ids.end();
    });
  }
  return pages;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& dataset_kinds() {
  static const std::vector<std::pair<std::string, std::string>> kinds{
      {"l3s-gn1", "L3S-GN1 folder (original/, annotated/, splits.tsv)"},
      {"text", "labelled plain-text pages: PAGE.txt with PAGE.labels.tsv beside it, or a folder of them"},
  };
  return kinds;
}

DatasetSpec parse_dataset_spec(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    throw Error(std::string(text), "", "a dataset is given as KIND:PATH, e.g. l3s-gn1:datasets/l3s-gn1");
  const std::string kind(text.substr(0, colon));
  const auto& kinds = dataset_kinds();
  if (std::none_of(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; })) {
    std::string known;
    for (const auto& k : kinds) known += (known.empty() ? "" : ", ") + k.first;
    throw Error(std::string(text), "", fmt::format("unknown dataset kind '{}' (known: {})", kind, known));
  }
  return {kind, std::filesystem::path(text.substr(colon + 1))};
}

std::vector<std::string> read_split_ids(const std::filesystem::path& splits_tsv, std::string_view split) {
  if (split != "all" && split != "train" && split != "dev" && split != "test")
    throw Error(splits_tsv.string(), "", fmt::format("unknown split '{}' (expected train, dev, test or all)", split));
  const std::string text = read_file_bytes(splits_tsv);
  std::vector<std::string> ids;
  std::size_t start = 0, line_number = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0)
      throw Error(splits_tsv.string(), fmt::format("line {}", line_number), "expected 'page_id<TAB>split'");
    if (split == "all" || line.substr(tab + 1) == split) ids.emplace_back(line.substr(0, tab));
  }
  return ids;
}

void for_each_labelled_page(const DatasetSpec& dataset, std::string_view split,
                            const std::function<void(LabelledPage&&)>& visit, ProgressSink* progress) {
  const std::string stage = fmt::format("{} {}", dataset.kind, split);
  if (dataset.kind == "text") {
    const auto pages = labelled_text_pages(dataset.path, split);
    for (std::size_t i = 0; i < pages.size(); ++i) {
      visit(read_labelled_text_page(pages[i]));
      if (progress) progress->progress(stage, i + 1, pages.size());
    }
    return;
  }
  if (dataset.kind == "l3s-gn1") {
    const auto ids = read_split_ids(dataset.path / "splits.tsv", split);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      visit(read_l3s_gn1_page(dataset.path, ids[i]));
      if (progress) progress->progress(stage, i + 1, ids.size());
    }
    return;
  }
  throw Error(dataset.path.string(), "", fmt::format("no reader for dataset kind '{}'", dataset.kind));
}

}  // namespace pith
