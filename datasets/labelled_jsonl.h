#pragma once
// pith's native labelled format: JSON lines, one page a line (docs/labelled-jsonl.md).
//
//   {"id":"0001","split":"train","kind":"html","source":"wcxb/dev/html/0001.html.gz",
//    "page":"<!DOCTYPE html>...",
//    "paragraphs":[{"label":"boilerplate","text":"Home"},{"label":"content","text":"..."}],
//    "gold_text":"...","coverage":0.97}
//
// - kind: html or text; page: the page as UTF-8 text, or page_base64 when its bytes are not
//   UTF-8 (a windows-1251 page stays exactly as it was, <meta charset> included).
// - paragraphs: pith's paragraphs in order with their labels. When present they are the
//   labels; a person corrects a label in place. Their texts must still match what pith's
//   segmenter makes of the page (a guard against a changed segmenter).
// - gold_text: when there are no paragraphs, labels come from aligning it to the page.
// - split (optional): train, dev or test; a record without one is in every split.
// - left_out (optional): why training skips the page; export keeps the reader's reason.
#include <filesystem>
#include <string>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"

namespace pith {

// One record, ending in '\n'. `split` may be empty.
std::string labelled_page_json_line(const LabelledPage& page, std::string_view split);

// Parses one record; `source` and `line_number` name it in errors.
LabelledPage parse_labelled_page_json(std::string_view line, const std::string& source, std::size_t line_number);

// A .jsonl file of records; page ids are the records' "id" fields (or their line numbers).
std::unique_ptr<DatasetReader> open_labelled_jsonl_dataset(const std::filesystem::path& path);

}  // namespace pith
