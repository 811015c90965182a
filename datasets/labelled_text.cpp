#include "datasets/labelled_text.h"

#include <algorithm>
#include <charconv>
#include <fstream>

#include <fmt/format.h>

#include "datasets/dataset.h"
#include "features/error.h"
#include "features/page_reader.h"
#include "features/text_lines.h"

namespace pith {
namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

std::string collapse_white_space(std::string_view text) {
  std::string out;
  bool in_space = true;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (!in_space) out.push_back(' ');
      in_space = true;
    } else {
      out.push_back(c);
      in_space = false;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::filesystem::path labels_path_for(const std::filesystem::path& text_path) {
  std::filesystem::path labels = text_path;
  labels.replace_extension(".labels.tsv");
  return labels;
}

LabelledPage read_labelled_text_page(const std::filesystem::path& text_path) {
  const std::filesystem::path labels_path = labels_path_for(text_path);
  std::string page_bytes = read_file_bytes(text_path);  // first: a missing page is named before its labels
  return label_text_page(std::move(page_bytes), read_file_bytes(labels_path), text_path.string(),
                         labels_path.string());
}

LabelledPage label_text_page(std::string page_bytes, std::string_view tsv, const std::string& text_source,
                             const std::string& source) {
  LabelledPage page = segmented_page(std::move(page_bytes), PageKind::text, text_source);

  const std::size_t count = page.document.paragraphs.size();
  page.labels.assign(count, Label::unknown);
  std::vector<bool> seen(count, false);
  for_each_line(tsv, [&](std::string_view line, std::size_t line_number) {
    if (line.empty() || line.starts_with('#')) return;
    if (line_number == 1 && line.starts_with("index")) return;  // the header

    const auto location = fmt::format("line {}", line_number);
    const auto fields = split_tabs(line);
    if (fields.size() < 2)
      throw Error(source, location, "expected 'index<TAB>label[<TAB>first_words]'");
    std::size_t index = 0;
    const auto [index_end, index_error] = std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), index);
    if (index_error != std::errc() || index_end != fields[0].data() + fields[0].size())
      throw Error(source, location, fmt::format("'{}' is not a paragraph index", fields[0]));
    if (index >= count)
      throw Error(source, location,
                  fmt::format("paragraph {} does not exist: {} has {} paragraphs (0 to {})", index,
                              text_source, count, count == 0 ? 0 : count - 1));
    if (seen[index]) throw Error(source, location, fmt::format("paragraph {} is labelled twice", index));
    seen[index] = true;
    if (fields[1] == "content") {
      page.labels[index] = Label::content;
    } else if (fields[1] == "boilerplate") {
      page.labels[index] = Label::boilerplate;
    } else {
      throw Error(source, location, fmt::format("label '{}' is neither content nor boilerplate", fields[1]));
    }
    if (fields.size() >= 3 && !fields[2].empty()) {
      const std::string expected = collapse_white_space(fields[2]);
      const std::string actual = collapse_white_space(page.document.text(index));
      if (!actual.starts_with(expected))
        throw Error(source, location,
                    fmt::format("paragraph {} starts with '{}', not with '{}': do the labels still match the text?",
                                index, actual.substr(0, expected.size() + 20), expected));
    }
  });
  for (std::size_t i = 0; i < count; ++i)
    if (!seen[i])
      throw Error(source, "", fmt::format("paragraph {} of {} has no label (every paragraph needs one)", i, count));
  return page;
}

namespace {
class LabelledTextReader : public DatasetReader {
 public:
  explicit LabelledTextReader(std::filesystem::path path) : path_(std::move(path)) {}

  std::vector<std::string> page_ids(std::string_view split) const override {
    if (std::filesystem::is_regular_file(path_)) return {path_.stem().string()};
    std::vector<std::string> ids;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
      if (entry.path().extension() == ".txt" && std::filesystem::exists(labels_path_for(entry.path())))
        ids.push_back(entry.path().stem().string());
    std::sort(ids.begin(), ids.end());
    const std::filesystem::path splits = path_ / "splits.tsv";
    if (split != "all" && std::filesystem::exists(splits)) {
      const std::vector<std::string> in_split = read_split_ids(splits, split);
      std::erase_if(ids, [&](const std::string& id) {
        return std::find(in_split.begin(), in_split.end(), id) == in_split.end();
      });
    }
    return ids;
  }

  LabelledPage read_page(const std::string& page_id) const override {
    if (std::filesystem::is_regular_file(path_)) return read_labelled_text_page(path_);
    return read_labelled_text_page(path_ / (page_id + ".txt"));
  }

 private:
  std::filesystem::path path_;
};
}  // namespace

std::unique_ptr<DatasetReader> open_labelled_text_dataset(const std::filesystem::path& path) {
  return std::make_unique<LabelledTextReader>(path);
}

}  // namespace pith
