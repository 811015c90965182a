#include "datasets/google_trends.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <vector>

#include "datasets/annotation_collector.h"
#include "datasets/dataset.h"
#include "datasets/reference_alignment.h"
#include "features/error.h"
#include "features/page_reader.h"
#include "features/text_lines.h"
#include "features/unicode.h"

namespace pith {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool equals_lower(std::string_view text, std::string_view lower_word) {
  return text.size() == lower_word.size() &&
         std::equal(text.begin(), text.end(), lower_word.begin(), [](char a, char b) { return ascii_lower(a) == b; });
}

// Where the raw text of a script or style element opened before `from` ends: at its end tag
// (as the HTML tokenizer decides, whatever "<" the script holds), or at the end of the page.
std::size_t raw_text_end(std::string_view html, std::size_t from, std::string_view lower_name) {
  for (std::size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    const std::size_t after = at + 2 + lower_name.size();
    if (after <= html.size() && equals_lower(html.substr(at + 2, lower_name.size()), lower_name) &&
        (after == html.size() || is_ascii_space(html[after]) || html[after] == '/' || html[after] == '>'))
      return at;
  }
  return html.size();
}

}  // namespace

std::string strip_label_attributes(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  const std::size_t n = html.size();
  while (i < n) {
    const std::size_t open = html.find('<', i);
    if (open == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, open - i));
    i = open;
    if (html.compare(i, 4, "<!--") == 0) {
      const std::size_t close = html.find("-->", i + 4);
      const std::size_t end = close == std::string_view::npos ? n : close + 3;
      out.append(html.substr(i, end - i));
      i = end;
      continue;
    }
    if (i + 1 >= n || !is_letter(html[i + 1])) {  // end tag, doctype, or a lone '<' in text
      out += '<';
      ++i;
      continue;
    }
    // A start tag: its name, then attributes as the HTML tokenizer reads them.
    std::size_t j = i + 1;
    while (j < n && !is_ascii_space(html[j]) && html[j] != '/' && html[j] != '>') ++j;
    const std::string_view tag_name = html.substr(i + 1, j - i - 1);
    out.append(html.substr(i, j - i));
    i = j;
    bool tag_closed = false;
    while (i < n) {
      const std::size_t attribute_start = i;  // the white space before an attribute goes with it
      while (i < n && (is_ascii_space(html[i]) || html[i] == '/')) ++i;
      if (i >= n) {
        out.append(html.substr(attribute_start));
        break;
      }
      if (html[i] == '>') {
        out.append(html.substr(attribute_start, i + 1 - attribute_start));
        ++i;
        tag_closed = true;
        break;
      }
      const std::size_t name_start = i++;  // a first '=' belongs to the name, as in HTML
      while (i < n && !is_ascii_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
      const std::string_view attribute_name = html.substr(name_start, i - name_start);
      std::size_t k = i;
      while (k < n && is_ascii_space(html[k])) ++k;
      if (k < n && html[k] == '=') {
        ++k;
        while (k < n && is_ascii_space(html[k])) ++k;
        if (k < n && (html[k] == '"' || html[k] == '\'')) {
          const std::size_t close = html.find(html[k], k + 1);
          i = close == std::string_view::npos ? n : close + 1;
        } else {
          while (k < n && !is_ascii_space(html[k]) && html[k] != '>') ++k;
          i = k;
        }
      }
      if (equals_lower(attribute_name, "__label")) {
        // keep what follows apart from what precedes (`<p __label="x"class="y">`)
        if (i < n && !is_ascii_space(html[i]) && html[i] != '>' && html[i] != '/') out += ' ';
      } else {
        out.append(html.substr(attribute_start, i - attribute_start));
      }
    }
    if (tag_closed && (equals_lower(tag_name, "script") || equals_lower(tag_name, "style"))) {
      const std::size_t end = raw_text_end(html, i, equals_lower(tag_name, "script") ? "script" : "style");
      out.append(html.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

bool is_comment_label(std::string_view label) {
  while (!label.empty() && is_ascii_space(label.front())) label.remove_prefix(1);
  while (!label.empty() && is_ascii_space(label.back())) label.remove_suffix(1);
  return equals_lower(label, "comment") || equals_lower(label, "commen");
}

LabelledPage label_google_trends_page(std::string_view raw_html, const std::string& source) {
  LabelledPage page = segmented_page(strip_label_attributes(raw_html), PageKind::html, source);

  // Decoded as segment_html decoded the stripped page (no charset hint either), so both see the
  // same text; a few raw pages declare one charset and hold another.
  const AnnotationScheme scheme{[](const HtmlAttributes& attributes) -> std::optional<Label> {
                                  bool labelled = false;
                                  const std::string_view label = attributes.get("__label", &labelled);
                                  if (!labelled) return std::nullopt;
                                  return is_comment_label(label) ? Label::boilerplate : Label::content;
                                },
                                nullptr};
  Annotation annotation = collect_annotation(raw_html, source, scheme);
  label_by_reference(page, annotation.reference);
  page.gold_text = std::move(annotation.gold_text);
  return page;
}

namespace {

// prepared_id -> raw file (relative to the dataset folder), from raw-to-prepared.tsv: '#'
// comment lines, a header line, then `prepared_id<TAB>raw_file<TAB>jaccard` rows.
std::unordered_map<std::string, std::string> read_raw_page_map(const std::filesystem::path& tsv) {
  const std::string text = read_file_bytes(tsv);
  std::unordered_map<std::string, std::string> raw_of;
  bool header_seen = false;
  for_each_line(text, [&](std::string_view line, std::size_t line_number) {
    if (line.empty() || line.starts_with('#')) return;
    if (!header_seen) {
      header_seen = true;
      if (line.starts_with("prepared_id\t")) return;
    }
    const std::size_t tab = line.find('\t');
    const std::size_t second_tab = tab == std::string_view::npos ? tab : line.find('\t', tab + 1);
    if (tab == 0 || second_tab == std::string_view::npos || second_tab == tab + 1)
      throw Error(tsv.string(), fmt::format("line {}", line_number), "expected 'prepared_id<TAB>raw_file<TAB>jaccard'");
    const auto [where, inserted] =
        raw_of.emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1, second_tab - tab - 1)));
    if (!inserted)
      throw Error(tsv.string(), fmt::format("line {}", line_number), fmt::format("'{}' is listed twice", where->first));
  });
  return raw_of;
}

}  // namespace

std::unique_ptr<DatasetReader> open_google_trends_dataset(const std::filesystem::path& folder) {
  // The map is read once, when the dataset is opened.
  const auto raw_of = std::make_shared<const std::unordered_map<std::string, std::string>>(
      read_raw_page_map(folder / "raw-to-prepared.tsv"));
  return split_file_dataset(folder, [raw_of](const std::filesystem::path& dataset_dir, const std::string& page_id) {
    const auto raw = raw_of->find(page_id);
    if (raw == raw_of->end())
      throw Error((dataset_dir / "raw-to-prepared.tsv").string(), "",
                  fmt::format("no raw page listed for '{}'", page_id));
    const std::filesystem::path path = dataset_dir / raw->second;
    return label_google_trends_page(read_file_bytes(path), path.string());
  });
}

}  // namespace pith
