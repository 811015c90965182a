#pragma once
// What `pith infer` writes: JSON lines per paragraph or per page, TSV rows, or a page's main
// text as plain text or Markdown.
#include <string>
#include <string_view>
#include <vector>

#include "features/paragraph.h"
#include "infer/paragraph_classifier.h"

namespace pith {

// Where a page came from, as the outputs name it: `page` is the file (made valid UTF-8: an
// invalid byte of a file name becomes U+FFFD), `id` and `url` are left out when empty.
struct PageName {
  std::string_view page;
  std::string_view id;
  std::string_view url;
};

// {"page":...,["id":...,]["url":...,]"index":...,"label":"content"|"boilerplate","p_content":...,
// "text":...}, and when the score was explained "explain":{"paragraph":[[feature,contribution],
// ...],"stacking":[...]}
std::string paragraph_json_line(const PageName& name, std::size_t index, const ParagraphScore& score,
                                std::string_view text);
std::string paragraph_json_line(std::string_view page, std::size_t index, const ParagraphScore& score,
                                std::string_view text);
// The lines of every paragraph of a page, in order, appended to `out`: the bytes
// paragraph_json_line gives for each, with the page's name escaped once.
void append_paragraph_json_lines(std::string& out, const PageName& name, const Document& document,
                                 const std::vector<ParagraphScore>& scores);

// One line for the whole page: {"page":...,["id":...,]["url":...,]"main_text":...,
// "paragraphs":[{"label":...,"p_content":...},...]}.
std::string page_json_line(const PageName& name, const Document& document, const std::vector<ParagraphScore>& scores);

// The header of --format tsv, and one row per paragraph: page, id, url, index, label,
// p_content, text; tabs, line breaks and backslashes in fields written as \t, \n, \\.
std::string tsv_header();
std::string paragraph_tsv_rows(const PageName& name, const Document& document, const std::vector<ParagraphScore>& scores);

// The content paragraphs of a page, separated by blank lines, ending with a newline (empty
// when nothing is content).
std::string main_text(const Document& document, const std::vector<ParagraphScore>& scores);

// The main text as Markdown, in page order: headings as '#' lines (h1 '#' to h6 '######'),
// list items as "- " lines, the cells of one table row as one "| a | b |" line; consecutive
// list items and table rows form one block, blocks are separated by blank lines.
std::string main_markdown(const Document& document, const std::vector<ParagraphScore>& scores);

}  // namespace pith
