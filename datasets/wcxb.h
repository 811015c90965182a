#pragma once
// WCXB (Web Content Extraction Benchmark, development part): `dev/html/<id>.html.gz` is the
// page, `dev/ground-truth/<id>.json` holds the gold main text as `ground_truth.main_content`
// (plain text, paragraphs separated by blank lines). Paragraphs are labelled by aligning that
// text, with the page's headline (`ground_truth.title`) before it, to them: a reader counts the
// headline as the article's, the other six datasets' golds hold it, and WCXB stores it in a
// field of its own (see read_wcxb_page). The gold text the text-level measures compare with is
// main_content alone, WCXB's own measure. An empty main_content makes an all-boilerplate page.
#include <filesystem>
#include <memory>
#include <string>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"

namespace pith {

// `ground_truth.main_content` of a WCXB ground-truth file; nullopt when absent or null. Throws
// pith::Error naming the file when it is not JSON, has no `ground_truth` object, or its
// main_content is neither a string nor null.
std::optional<std::string> read_wcxb_main_content(const std::filesystem::path& ground_truth_json);
// The same from the file's bytes; `source` names it in errors (the fuzz target's entry).
std::optional<std::string> parse_wcxb_main_content(std::string_view json_bytes, const std::string& source);

// What a WCXB ground-truth file says of its page: the main content as above and the page type
// as WCXB's evaluate.py reads it: `_internal.page_type.primary` (or `_internal.page_type` when
// it is a string), "article" when absent, and "category" counted as "collection".
struct WcxbGroundTruth {
  std::optional<std::string> main_content;
  std::string page_type;
  // `ground_truth.title` (empty when absent or null): WCXB keeps the page's headline in this
  // field of its own and leaves it out of main_content on 95 % of its article pages.
  std::string title;
};
WcxbGroundTruth read_wcxb_ground_truth(const std::filesystem::path& ground_truth_json);
// The same from the file's bytes; `name` names it in errors.
WcxbGroundTruth parse_wcxb_ground_truth(std::string_view json_bytes, const std::string& name);

LabelledPage read_wcxb_page(const std::filesystem::path& dataset_dir, const std::string& page_id);

// Pages by the folder's splits.tsv.
std::unique_ptr<DatasetReader> open_wcxb_dataset(const std::filesystem::path& folder);

}  // namespace pith
