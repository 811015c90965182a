#pragma once
// Dragnet (Peters & Lecocq, WWW 2013; seomoz/dragnet_data): `HTML/<id>.html` is the page,
// `Corrected/<id>.html.corrected.txt` its hand-corrected main text, article first and, when
// the page has comments, a line `!@#$%^&*()  COMMENTS` before the comment text
// (../shared/datasets/README.md). Comments are not content: the gold text is the part before
// that line. Labels come from aligning it to pith's paragraphs (label_by_gold_text).
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"

namespace pith {

// The article part of a Dragnet gold file, decoded as gold_file_to_utf8 does (datasets/cleaneval.h),
// without leading and trailing white space. The comments line is recognised in the typed
// variants 13 of the 409 files that have one use besides the usual one: one or three spaces or
// a tab before the word, COMMNENTS or CORRECTED for COMMENTS, "!!" for "!", no word at all.
std::string dragnet_gold_text(std::string_view file_bytes);

LabelledPage read_dragnet_page(const std::filesystem::path& dataset_dir, const std::string& page_id);

// Pages by the folder's splits.tsv.
std::unique_ptr<DatasetReader> open_dragnet_dataset(const std::filesystem::path& folder);

}  // namespace pith
