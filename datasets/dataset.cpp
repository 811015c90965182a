#include "datasets/dataset.h"

#include <algorithm>

#include <fmt/format.h>

#include "datasets/cleaneval.h"
#include "datasets/dragnet.h"
#include "datasets/google_trends.h"
#include "datasets/readability.h"
#include "datasets/wcxb.h"
#include "datasets/l3s_gn1.h"
#include "datasets/labelled_jsonl.h"
#include "datasets/labelled_text.h"
#include "features/error.h"
#include "features/page_reader.h"
#include "features/text_lines.h"

namespace pith {

const std::vector<DatasetKind>& dataset_kinds() {
  static const std::vector<DatasetKind> kinds{
      {"l3s-gn1", "L3S-GN1 folder (original/, annotated/, splits.tsv)", open_l3s_gn1_dataset},
      {"cleaneval", "CleanEval folder (orig/<id>.html, gold/<id>.txt, splits.tsv)", open_cleaneval_dataset},
      {"cleanportaleval", "CleanPortalEval folder (input/<id>.html, GoldStandard/<id>.txt, splits.tsv)", open_cleanportaleval_dataset},
      {"dragnet", "Dragnet folder (HTML/<id>.html, Corrected/<id>.html.corrected.txt, splits.tsv)", open_dragnet_dataset},
      {"wcxb", "WCXB dev folder (dev/html/<id>.html.gz, dev/ground-truth/<id>.json, splits.tsv)", open_wcxb_dataset},
      {"readability", "Readability.js test pages (test-pages/<id>/source.html, expected.html, splits.tsv)", open_readability_dataset},
      {"google-trends-2017", "BoilerNet GoogleTrends-2017 folder (raw_html/, raw-to-prepared.tsv, splits.tsv)", open_google_trends_dataset},
      {"text", "labelled plain-text pages: PAGE.txt with PAGE.labels.tsv beside it, or a folder of them",
       open_labelled_text_dataset},
      {"jsonl", "pith's labelled JSON lines (pith dataset export writes them): a page and its labels or gold text a line",
       open_labelled_jsonl_dataset},
  };
  return kinds;
}

DatasetSpec parse_dataset_spec(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    throw Error(std::string(text), "", "a dataset is given as KIND:PATH, e.g. l3s-gn1:datasets/l3s-gn1");
  const std::string kind(text.substr(0, colon));
  const auto& kinds = dataset_kinds();
  if (std::none_of(kinds.begin(), kinds.end(), [&](const DatasetKind& k) { return k.name == kind; })) {
    std::string known;
    for (const DatasetKind& k : kinds) known += (known.empty() ? "" : ", ") + k.name;
    throw Error(std::string(text), "", fmt::format("unknown dataset kind '{}' (known: {})", kind, known));
  }
  return {kind, std::filesystem::path(text.substr(colon + 1))};
}

std::unique_ptr<DatasetReader> open_dataset(const DatasetSpec& dataset) {
  for (const DatasetKind& kind : dataset_kinds())
    if (kind.name == dataset.kind) {
      if (!std::filesystem::exists(dataset.path))
        throw Error(dataset.path.string(), "", fmt::format("no such {} dataset folder", dataset.kind));
      return kind.open(dataset.path);
    }
  throw Error(dataset.path.string(), "", fmt::format("no reader for dataset kind '{}'", dataset.kind));
}

bool is_split_name(std::string_view split) {
  return std::find(std::begin(kSplitNames), std::end(kSplitNames), split) != std::end(kSplitNames);
}

bool split_takes(std::string_view split, std::string_view page_split) {
  if (split == "all") return true;
  if (split == "train+dev") return page_split == "train" || page_split == "dev";
  return page_split == split;
}

std::vector<std::string> read_split_ids(const std::filesystem::path& splits_tsv, std::string_view split) {
  if (!is_split_name(split))
    throw Error(splits_tsv.string(), "",
                fmt::format("unknown split '{}' (expected train, dev, test, all or train+dev)", split));
  const std::string text = read_file_bytes(splits_tsv);
  std::vector<std::string> ids;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    if (line.empty()) return;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0)
      throw Error(splits_tsv.string(), fmt::format("line {}", line_number), "expected 'page_id<TAB>split'");
    if (split_takes(split, line.substr(tab + 1))) ids.emplace_back(line.substr(0, tab));
  });
  return ids;
}

namespace {
class SplitFileDataset : public DatasetReader {
 public:
  SplitFileDataset(std::filesystem::path folder, PageReadFunction read_page)
      : folder_(std::move(folder)), read_page_(std::move(read_page)) {}
  std::vector<std::string> page_ids(std::string_view split) const override {
    return read_split_ids(folder_ / "splits.tsv", split);
  }
  LabelledPage read_page(const std::string& page_id) const override { return read_page_(folder_, page_id); }

 private:
  std::filesystem::path folder_;
  PageReadFunction read_page_;
};
}  // namespace

std::unique_ptr<DatasetReader> split_file_dataset(std::filesystem::path folder, PageReadFunction read_page) {
  return std::make_unique<SplitFileDataset>(std::move(folder), std::move(read_page));
}

void for_each_labelled_page(const DatasetSpec& dataset, std::string_view split,
                            const std::function<void(LabelledPage&&)>& visit, ProgressSink* progress) {
  const std::unique_ptr<DatasetReader> reader = open_dataset(dataset);
  const std::vector<std::string> ids = reader->page_ids(split);
  const std::string stage = fmt::format("{} {}", dataset.kind, split);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    LabelledPage page = reader->read_page(ids[i]);
    page.id = ids[i];
    visit(std::move(page));
    if (progress) progress->progress(stage, i + 1, ids.size());
  }
}

}  // namespace pith
