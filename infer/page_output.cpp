#include "infer/page_output.h"

#include <iterator>

#include <fmt/format.h>

#include "features/json_string.h"
#include "features/utf8.h"

namespace pith {

namespace {
std::string contributions_json(const std::vector<FeatureContribution>& terms) {
  std::string out = "[";
  for (const FeatureContribution& term : terms)
    out += fmt::format("{}[{},{:.4f}]", out.size() > 1 ? "," : "", json_string(term.feature), term.contribution);
  return out + "]";
}

// Names come from file systems and WARC headers, which need not be UTF-8; JSON must be.
std::string valid(std::string_view bytes) { return is_valid_utf8(bytes) ? std::string(bytes) : to_valid_utf8(bytes); }
void append_valid_json_string(std::string& out, std::string_view bytes) {
  if (is_valid_utf8(bytes)) append_json_string(out, bytes);
  else append_json_string(out, to_valid_utf8(bytes));
}

// "page":...[,"id":...][,"url":...]
void append_name_fields(std::string& out, const PageName& name) {
  out += "\"page\":";
  append_valid_json_string(out, name.page);
  if (!name.id.empty()) {
    out += ",\"id\":";
    append_valid_json_string(out, name.id);
  }
  if (!name.url.empty()) {
    out += ",\"url\":";
    append_valid_json_string(out, name.url);
  }
}
std::string name_fields(const PageName& name) {
  std::string out;
  append_name_fields(out, name);
  return out;
}

std::string tsv_field(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : valid(text)) {
    if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\\') out += "\\\\";
    else out += c;
  }
  return out;
}

const char* label_of(const ParagraphScore& score) { return score.is_content ? "content" : "boilerplate"; }

// One paragraph's line after `{` and the page's name fields (already escaped, as
// append_name_fields writes them), appended to `out`.
void append_paragraph_line(std::string& out, std::string_view name_fields, std::size_t index,
                           const ParagraphScore& score, std::string_view text) {
  out += '{';
  out += name_fields;
  fmt::memory_buffer fields;  // on the stack: fmt grows a string behind back_inserter in small steps
  fmt::format_to(std::back_inserter(fields), ",\"index\":{},\"label\":\"{}\",\"p_content\":{:.4f},\"text\":", index,
                 label_of(score), score.p_content);
  out.append(fields.data(), fields.size());
  append_json_string(out, text);
  if (!score.paragraph_contributions.empty() || !score.stacking_contributions.empty())
    fmt::format_to(std::back_inserter(out), ",\"explain\":{{\"paragraph\":{},\"stacking\":{}}}",
                   contributions_json(score.paragraph_contributions),
                   contributions_json(score.stacking_contributions));
  out += "}\n";
}
}  // namespace

std::string paragraph_json_line(const PageName& name, std::size_t index, const ParagraphScore& score,
                                std::string_view text) {
  std::string out;
  append_paragraph_line(out, name_fields(name), index, score, text);
  return out;
}

std::string paragraph_json_line(std::string_view page, std::size_t index, const ParagraphScore& score,
                                std::string_view text) {
  return paragraph_json_line(PageName{page, {}, {}}, index, score, text);
}

void append_paragraph_json_lines(std::string& out, const PageName& name, const Document& document,
                                 const std::vector<ParagraphScore>& scores) {
  const std::string fields = name_fields(name);
  std::size_t text_bytes = 0;
  for (std::size_t i = 0; i < scores.size() && i < document.paragraphs.size(); ++i)
    text_bytes += document.paragraphs[i].text.size();
  out.reserve(out.size() + text_bytes + scores.size() * (fields.size() + 80));
  for (std::size_t i = 0; i < scores.size() && i < document.paragraphs.size(); ++i)
    append_paragraph_line(out, fields, i, scores[i], document.paragraphs[i].text);
}

std::string page_json_line(const PageName& name, const Document& document, const std::vector<ParagraphScore>& scores) {
  std::string out = "{" + name_fields(name) + ",\"main_text\":" + json_string(main_text(document, scores)) +
                    ",\"paragraphs\":[";
  for (std::size_t i = 0; i < scores.size(); ++i)
    out += fmt::format("{}{{\"label\":\"{}\",\"p_content\":{:.4f}}}", i > 0 ? "," : "", label_of(scores[i]),
                       scores[i].p_content);
  return out + "]}\n";
}

std::string tsv_header() { return "page\tid\turl\tindex\tlabel\tp_content\ttext\n"; }

std::string paragraph_tsv_rows(const PageName& name, const Document& document,
                               const std::vector<ParagraphScore>& scores) {
  const std::string prefix = tsv_field(name.page) + "\t" + tsv_field(name.id) + "\t" + tsv_field(name.url) + "\t";
  std::string out;
  for (std::size_t i = 0; i < scores.size() && i < document.paragraphs.size(); ++i)
    out += fmt::format("{}{}\t{}\t{:.4f}\t{}\n", prefix, i, label_of(scores[i]), scores[i].p_content,
                       tsv_field(document.paragraphs[i].text));
  return out;
}

std::string main_text(const Document& document, const std::vector<ParagraphScore>& scores) {
  std::string out;
  for (std::size_t i = 0; i < document.paragraphs.size() && i < scores.size(); ++i) {
    if (!scores[i].is_content) continue;
    if (!out.empty()) out += "\n";
    out += document.paragraphs[i].text;
    out += "\n";
  }
  return out;
}

namespace {
enum class Block { none, paragraph, heading, list, table };

Block block_of(const Paragraph& paragraph) {
  const std::string& tag = paragraph.tag;
  if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') return Block::heading;
  if (tag == "li" || tag == "dt" || tag == "dd") return Block::list;
  if (tag == "td" || tag == "th") return Block::table;
  return Block::paragraph;
}

// Markdown reads these at the start of a line, or anywhere, as markup: escaped so that text
// stays text. Line breaks inside a paragraph become Markdown's hard break.
std::string markdown_text(std::string_view text, bool in_table) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      out += in_table ? " " : "  \n";
      continue;
    }
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || (c == '|' && in_table)) out += '\\';
    const bool line_start = i == 0 || text[i - 1] == '\n';
    if (line_start && (c == '#' || c == '>' || c == '-' || c == '+')) out += '\\';
    out += c;
  }
  return out;
}
}  // namespace

std::string main_markdown(const Document& document, const std::vector<ParagraphScore>& scores) {
  std::string out;
  Block previous = Block::none;
  std::uint32_t previous_row = 0;
  std::size_t table_rows = 0, row_cells = 0;  // of the table being written
  for (std::size_t i = 0; i < document.paragraphs.size() && i < scores.size(); ++i) {
    if (!scores[i].is_content) continue;
    const Paragraph& paragraph = document.paragraphs[i];
    const Block block = block_of(paragraph);
    if (block == Block::table && previous == Block::table && paragraph.table_row == previous_row) {
      out.pop_back();  // the row's newline: this cell joins its row
      out += " " + markdown_text(paragraph.text, true) + " |\n";
      ++row_cells;
      continue;
    }
    const bool continues = block == previous && (block == Block::list || block == Block::table);
    // list items and table rows run on in one block; everything else is a block of its own
    if (!out.empty() && !continues) out += "\n";
    switch (block) {
      case Block::heading:
        out += std::string(static_cast<std::size_t>(paragraph.tag[1] - '0'), '#') + " " +
               markdown_text(paragraph.text, false) + "\n";
        break;
      case Block::list: out += "- " + markdown_text(paragraph.text, false) + "\n"; break;
      case Block::table:
        // the first row is the header: Markdown tables need the rule line under it
        if (continues && table_rows == 1) {
          out += "|";
          for (std::size_t c = 0; c < row_cells; ++c) out += " --- |";
          out += "\n";
        }
        table_rows = continues ? table_rows + 1 : 1;
        row_cells = 1;
        out += "| " + markdown_text(paragraph.text, true) + " |\n";
        break;
      default: out += markdown_text(paragraph.text, false) + "\n"; break;
    }
    previous = block;
    previous_row = paragraph.table_row;
  }
  return out;
}

}  // namespace pith
