#pragma once
// pith's own labelled plain-text page, written by hand in any text editor (docs/labelled-text.md):
//   PAGE.txt         the page, paragraphs separated by blank lines
//   PAGE.labels.tsv  "index<TAB>label<TAB>first_words": a header line, then one row per
//                    paragraph in order; label is content or boilerplate; first_words is
//                    optional and, when given, must begin the paragraph (a guard against
//                    labels that drifted after the text was edited).
#include <filesystem>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"

namespace pith {

std::filesystem::path labels_path_for(const std::filesystem::path& text_path);

LabelledPage read_labelled_text_page(const std::filesystem::path& text_path);
// The same from the two files' bytes; the sources name them in errors (the fuzz target's entry).
LabelledPage label_text_page(std::string page_bytes, std::string_view labels_tsv, const std::string& text_source,
                             const std::string& labels_source);

// A single PAGE.txt, or every *.txt with a .labels.tsv beside it in a folder (file-name
// order); a folder's splits.tsv, when present, selects pages by file stem, otherwise every
// page is in every split.
std::unique_ptr<DatasetReader> open_labelled_text_dataset(const std::filesystem::path& path);

}  // namespace pith
