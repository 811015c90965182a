#include "datasets/plain_text_rendering.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace pith {
namespace {

bool is_item(const Paragraph& paragraph) {
  static const std::array<TagId, 5> kItemTags{tag_id("li"), tag_id("dt"), tag_id("dd"), tag_id("td"), tag_id("th")};
  return paragraph.tag != kNoTag && std::find(kItemTags.begin(), kItemTags.end(), paragraph.tag) != kItemTags.end();
}

std::size_t lines_of(std::string_view text) { return 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

LabelledPage render_as_plain_text(const LabelledPage& page) {
  LabelledPage rendered;
  rendered.id = page.id;
  rendered.gold_text = page.gold_text;
  rendered.coverage = page.coverage;
  rendered.left_out = page.left_out;
  rendered.document.source = page.document.source;
  rendered.document.kind = PageKind::text;
  rendered.document.title = page.document.title;
  const Document& document = page.document;
  const std::vector<Paragraph>& paragraphs = document.paragraphs;
  std::size_t lines = 0;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const Paragraph& paragraph = paragraphs[i];
    const std::string_view text = document.text(paragraph);
    // tag paths are ids in one page's string table: the same id, the same path
    const bool joins = i > 0 && is_item(paragraph) && is_item(paragraphs[i - 1]) &&
                       paragraph.tag_path == paragraphs[i - 1].tag_path && page.labels[i] == page.labels[i - 1] &&
                       lines < kMaxRenderedLines;
    if (joins) {
      rendered.document.extend_last_paragraph("\n");
      rendered.document.extend_last_paragraph(text);
      lines += lines_of(text);
      continue;
    }
    Paragraph& copy = rendered.document.add_paragraph(text);
    copy.byte_offset = paragraph.byte_offset;
    rendered.labels.push_back(page.labels[i]);
    lines = lines_of(text);
  }
  return rendered;
}

}  // namespace pith
