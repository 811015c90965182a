#include "datasets/plain_text_rendering.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace pith {
namespace {

bool is_item(const Paragraph& paragraph) {
  static constexpr std::array<std::string_view, 5> kItemTags{"li", "dt", "dd", "td", "th"};
  return std::find(kItemTags.begin(), kItemTags.end(), paragraph.tag) != kItemTags.end();
}

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
  const std::vector<Paragraph>& paragraphs = page.document.paragraphs;
  std::size_t lines = 0;
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    const Paragraph& paragraph = paragraphs[i];
    const bool joins = i > 0 && is_item(paragraph) && is_item(paragraphs[i - 1]) &&
                       paragraph.tag_path == paragraphs[i - 1].tag_path && page.labels[i] == page.labels[i - 1] &&
                       lines < kMaxRenderedLines;
    if (joins) {
      Paragraph& last = rendered.document.paragraphs.back();
      last.text += '\n';
      last.text += paragraph.text;
      lines += 1 + static_cast<std::size_t>(std::count(paragraph.text.begin(), paragraph.text.end(), '\n'));
      continue;
    }
    Paragraph& copy = rendered.document.paragraphs.emplace_back();
    copy.text = paragraph.text;
    copy.byte_offset = paragraph.byte_offset;
    rendered.labels.push_back(page.labels[i]);
    lines = 1 + static_cast<std::size_t>(std::count(paragraph.text.begin(), paragraph.text.end(), '\n'));
  }
  return rendered;
}

}  // namespace pith
