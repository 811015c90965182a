#include "datasets/labelled_page.h"

#include "features/html_segmenter.h"
#include "features/text_segmenter.h"

namespace pith {

LabelledPage segmented_page(std::string page_bytes, PageKind kind, const std::string& source) {
  LabelledPage page;
  page.page_bytes = std::move(page_bytes);
  page.document = kind == PageKind::html ? segment_html(page.page_bytes, source) : segment_text(page.page_bytes, source);
  return page;
}

}  // namespace pith
