#include "features/text_segmenter.h"

#include "features/byte_sniffing.h"
#include "features/charset_decoder.h"
#include "features/utf8.h"

namespace pith {
namespace {

bool is_line_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

// One paragraph being assembled from its lines.
class ParagraphBuilder {
 public:
  explicit ParagraphBuilder(Document& document) : document_(document) {}

  // `line` holds no line break; `offset` is where it starts in the input.
  void add_line(std::string_view line, std::size_t offset) {
    std::size_t begin = 0, end = line.size();
    while (begin < end && is_line_space(line[begin])) ++begin;
    while (end > begin && is_line_space(line[end - 1])) --end;
    if (begin == end) {  // a blank line separates paragraphs
      finish();
      return;
    }
    if (text_.empty()) {
      offset_ = offset + begin;
    } else {
      text_ += '\n';
    }
    bool in_space = false;
    for (std::size_t i = begin; i < end; ++i) {
      const char c = line[i];
      if (is_line_space(c)) {
        in_space = true;
        continue;
      }
      if (in_space) text_ += ' ';
      in_space = false;
      text_ += c;
    }
  }

  void finish() {
    if (text_.empty()) return;
    // Lines were split on ASCII bytes only, which never sit inside a multi-byte sequence, so
    // repairing each paragraph gives the same result as repairing the whole input first.
    Paragraph& paragraph =
        is_valid_utf8(text_) ? document_.add_paragraph(text_) : document_.add_paragraph(to_valid_utf8(text_));
    paragraph.byte_offset = offset_;
    text_.clear();
  }

 private:
  Document& document_;
  std::string text_;
  std::size_t offset_ = 0;
};

Document segment_utf8_lines(std::string_view text, const std::string& source) {
  Document document;
  document.source = source;
  document.kind = PageKind::text;
  ParagraphBuilder builder(document);
  std::size_t position = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (position < text.size()) {
    std::size_t end = position;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    builder.add_line(text.substr(position, end - position), position);
    // CRLF and a lone CR end a line just like LF.
    if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
    position = end + 1;
  }
  builder.finish();
  return document;
}

}  // namespace

Document segment_text(std::string_view text, const std::string& source) {
  // UTF-16 (with a byte order mark, or seen without one) is decoded first; offsets are mapped
  // back to the input's bytes as the HTML path does.
  if (const std::string_view charset = sniff_utf16(text); !charset.empty()) {
    std::string storage;
    const DecodedText decoded = decode_to_utf8(text, charset, storage);
    Document document = segment_utf8_lines(decoded.utf8, source);
    for (Paragraph& paragraph : document.paragraphs) paragraph.byte_offset = decoded.input_offset(paragraph.byte_offset);
    return document;
  }
  return segment_utf8_lines(text, source);
}

}  // namespace pith
