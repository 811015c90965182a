#include "datasets/readability.h"

#include "datasets/dataset.h"
#include "datasets/reference_alignment.h"
#include "datasets/visible_text.h"
#include "features/page_reader.h"

namespace pith {

LabelledPage read_readability_page(const std::filesystem::path& dataset_dir, const std::string& page_id) {
  const std::filesystem::path folder = dataset_dir / "test-pages" / page_id;
  const std::filesystem::path source = folder / "source.html";
  const std::filesystem::path expected = folder / "expected.html";
  LabelledPage page = segmented_page(read_file_bytes(source), PageKind::html, source.string());
  label_by_gold_text(page, visible_text(read_file_bytes(expected), expected.string()));
  return page;
}

std::unique_ptr<DatasetReader> open_readability_dataset(const std::filesystem::path& folder) {
  return split_file_dataset(folder, read_readability_page);
}

}  // namespace pith
