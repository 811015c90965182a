#pragma once
// The inputs of a batch run, from its arguments: page files, folders of them, JSON-lines and
// WARC files, and `-` for a list of such paths on standard input, read one after another as one
// PageInputReader. docs/inputs.md describes the formats, options and limits.
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "infer/json_lines_reader.h"
#include "infer/page_input.h"

namespace pith {

enum class InputFormat {
  automatic,  // by name: .jsonl(.gz) JSON lines, .warc(.gz) WARC, anything else a page file
  pages,      // every file argument is a page file
  jsonl,      // every file argument is JSON lines
  warc,       // every file argument is a WARC file
};

// "auto", "pages", "jsonl", "warc"; throws pith::Error for anything else.
InputFormat parse_input_format(const std::string& name);

struct PageInputOptions {
  InputLimits limits;
  InputFormat format = InputFormat::automatic;
  JsonLinesFields json_fields;
  // Where `-` reads its list of paths (one a line); nullptr: standard input.
  std::istream* path_list = nullptr;
};

// Folders are walked recursively and sorted; with the automatic or pages format they give their
// page files (.html .htm .xhtml .txt, each also .gz), with jsonl their .jsonl(.gz) files, with
// warc their .warc(.gz) files; other files in folders are skipped. A path in the `-` list is
// read as if it were an argument. A missing or unreadable input is a page with an error. Reads
// nothing until `next` is called, except listing the folders (for total_bytes).
std::unique_ptr<PageInputReader> open_page_inputs(const std::vector<std::string>& arguments,
                                                  const PageInputOptions& options = {});

}  // namespace pith
