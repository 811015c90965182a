#pragma once
// CleanEval (Baroni et al., LREC 2008) and CleanPortalEval (Endrédy & Novák, Polibits 2013),
// which share one format (../shared/datasets/README.md):
//   cleaneval:       orig/<id>.html   gold/<id>.txt
//   cleanportaleval: input/<id>.html  GoldStandard/<id>.txt
// The page starts with a crawler's wrapper line `<text id="URL" title="..." encoding="...">`
// (and ends with `</text>`) around the real HTML. The gold file is plain text: a `URL:` line,
// then paragraphs each opened by a marker <h>, <p> or <l>. Labels come from aligning the
// gold text to pith's paragraphs (label_by_gold_text). Paragraph byte offsets count from the
// page inside the wrapper.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"

namespace pith {

// A hand-written gold file's bytes as UTF-8, for CleanEval and Dragnet alike: a UTF-8 BOM is
// dropped; a UTF-16 BOM decodes UTF-16; otherwise valid UTF-8 is read as UTF-8 and any byte
// that does not start a valid UTF-8 sequence as windows-1252 (the WHATWG reading of
// "Latin-1": these files' 0x92 and 0x93 are curly quotes, and a few files mix both).
// CRLF and lone CR become LF.
std::string gold_file_to_utf8(std::string_view file_bytes);

// The gold text of a CleanEval gold file: without its `URL:` line and without the <h>/<p>/<l>
// markers; paragraphs separated by a blank line, the lines of a paragraph by '\n', each line
// trimmed and its runs of spaces and tabs collapsed.
std::string cleaneval_gold_text(std::string_view file_bytes);

// The page inside the wrapper: from the line after `<text ...>` (leading blank lines allowed)
// to before a closing `</text>`; `encoding` receives the wrapper's encoding attribute ("" when
// absent). Bytes without a wrapper are returned whole.
std::string_view without_cleaneval_wrapper(std::string_view page_bytes, std::string* encoding = nullptr);

LabelledPage read_cleaneval_page(const std::filesystem::path& page_html, const std::filesystem::path& gold_txt);

// Pages by the folder's splits.tsv.
std::unique_ptr<DatasetReader> open_cleaneval_dataset(const std::filesystem::path& folder);
std::unique_ptr<DatasetReader> open_cleanportaleval_dataset(const std::filesystem::path& folder);

}  // namespace pith
