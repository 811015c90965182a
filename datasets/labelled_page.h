#pragma once
// A page with one label per paragraph: what dataset readers produce and training and
// evaluation consume.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/paragraph.h"

namespace pith {

enum class Label : std::int8_t { unknown = -1, boilerplate = 0, content = 1 };

struct LabelledPage {
  Document document;
  std::vector<Label> labels;             // one per document.paragraphs entry
  std::string id;                        // the page's id in its dataset
  std::optional<std::string> gold_text;  // the dataset's gold main text, where it has one
  // What kind of page the dataset says this is ("article", "forum", "product", ...), for
  // figures by page type; empty when the dataset does not say (only WCXB does).
  std::string page_type;
  // Share of the gold text's tokens found in the page's paragraphs (1 for exact labels); low
  // coverage means the labels from alignment cannot be trusted.
  double coverage = 1.0;
  std::string left_out;                  // non-empty: why training skips this page
  // The page's bytes as they were segmented (after any cleaning the dataset needs, such as
  // stripping annotation attributes or CleanEval's wrapper line), so `pith dataset export` can
  // write the page itself. Set together with `document` by segmented_page.
  std::string page_bytes;
};

// An unlabelled page: `page_bytes` kept and segmented (HTML or plain text) into `document`.
// Every reader starts from it, so the bytes an export writes are the bytes that were segmented.
LabelledPage segmented_page(std::string page_bytes, PageKind kind, const std::string& source);

}  // namespace pith
