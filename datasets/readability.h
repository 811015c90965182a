#pragma once
// Mozilla Readability.js test pages: `test-pages/<id>/source.html` is the page and
// `expected.html` Readability's expected article as HTML. The gold text is the visible text of
// expected.html (datasets/visible_text.h); paragraphs are labelled by aligning it to them.
// The gold is Readability's own regression output, not an independent human annotation.
#include <filesystem>
#include <memory>
#include <string>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"

namespace pith {

LabelledPage read_readability_page(const std::filesystem::path& dataset_dir, const std::string& page_id);

// Pages by the folder's splits.tsv (ids are the test-pages/ folder names).
std::unique_ptr<DatasetReader> open_readability_dataset(const std::filesystem::path& folder);

}  // namespace pith
