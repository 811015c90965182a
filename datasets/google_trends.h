#pragma once
// BoilerNet's GoogleTrends-2017 (Leonhardt et al., WWW'20): page ids `gt_<n>` name the
// BoilerNet-prepared copies, but pith reads the annotator's raw page (found through
// `raw-to-prepared.tsv`), whose elements carry `__label="main"` (also title, author, date,
// caption, image, video, subtitle, ...) on content and `__label="comment"` on comments.
//
// The labels are exact: a text node is content when its nearest __label ancestor holds a
// content label. Every value except the comment labels counts as content (PEERS.md: gold text
// is the text whose nearest __label ancestor is not a comment label), typos included
// ("substitle", "main ", "title&quot;"); "commen" is a comment label.
//
// Features must not see the annotation, so the page is segmented with every __label attribute
// removed; the labelled text nodes of the raw page are then carried over to the paragraphs by
// token alignment (datasets/reference_alignment.h), which is exact here since both parses
// hold the same text.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"

namespace pith {

// `html` without any `__label=...` attribute (double-quoted, single-quoted or unquoted value,
// with the white space before it) in its start tags. Text, comments, end tags and the raw text
// of script/style are left byte for byte, so "__label" written in them survives.
std::string strip_label_attributes(std::string_view html);

// True for the annotators' comment labels ("comment" and the typo "commen").
bool is_comment_label(std::string_view label);

// A raw annotated page, labelled: `page_bytes` holds the stripped page, `document` its
// paragraphs, `labels` the exact labels carried over, `gold_text` the text of the content
// text nodes (blocks separated by blank lines), `coverage` the share of those text nodes'
// tokens found in the paragraphs. `source` names the page.
LabelledPage label_google_trends_page(std::string_view raw_html, const std::string& source);

// Pages by the folder's splits.tsv, each read from the raw page raw-to-prepared.tsv names.
std::unique_ptr<DatasetReader> open_google_trends_dataset(const std::filesystem::path& folder);

}  // namespace pith
