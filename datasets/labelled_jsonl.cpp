#include "datasets/labelled_jsonl.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <fstream>
#include <optional>
#include <unordered_map>

#include "datasets/base64.h"
#include "datasets/dataset.h"
#include "datasets/reference_alignment.h"
#include "features/error.h"
#include "features/json_string.h"
#include "features/page_kind.h"
#include "features/utf8.h"

namespace pith {
namespace {

std::string_view label_name(Label label) {
  switch (label) {
    case Label::content: return "content";
    case Label::boilerplate: return "boilerplate";
    case Label::unknown: break;
  }
  return "unknown";
}

class RecordReader {
 public:
  RecordReader(simdjson::dom::element record, const std::string& source, std::size_t line_number)
      : record_(record), source_(source), location_(fmt::format("line {}", line_number)) {}

  [[noreturn]] void fail(const std::string& message) const { throw Error(source_, location_, message); }

  bool has(std::string_view key) const { return record_[key].error() == simdjson::SUCCESS; }

  std::string_view string(std::string_view key) const {
    std::string_view value;
    if (record_[key].get_string().get(value) != simdjson::SUCCESS) fail(fmt::format("'{}' must be a string", key));
    return value;
  }

  simdjson::dom::array array(std::string_view key) const {
    simdjson::dom::array value;
    if (record_[key].get_array().get(value) != simdjson::SUCCESS) fail(fmt::format("'{}' must be an array", key));
    return value;
  }

  double number(std::string_view key) const {
    double value = 0;
    if (record_[key].get_double().get(value) != simdjson::SUCCESS) fail(fmt::format("'{}' must be a number", key));
    return value;
  }

 private:
  simdjson::dom::element record_;
  const std::string& source_;
  std::string location_;
};

// Throws unless `page` would read back as it is: its bytes present and segmenting into its
// paragraphs. A reader that lost the page (or segmented other bytes than it kept) is caught here,
// at export, instead of in every later train or eval of the file.
void check_readable_back(const LabelledPage& page) {
  const auto refuse = [&](const std::string& why) {
    throw Error(to_valid_utf8(page.document.source), fmt::format("page '{}'", to_valid_utf8(page.id)),
                why + ": its record could not be read back, so it is not written");
  };
  if (page.page_bytes.empty()) refuse("the page is empty (the dataset reader kept none of its bytes)");
  if (page.labels.size() != page.document.paragraphs.size())
    refuse(fmt::format("{} labels for {} paragraphs", page.labels.size(), page.document.paragraphs.size()));
  const LabelledPage again = segmented_page(page.page_bytes, page.document.kind, page.document.source);
  const auto& kept = page.document.paragraphs;
  const auto& segmented = again.document.paragraphs;
  if (segmented.size() != kept.size())
    refuse(fmt::format("the page's bytes segment into {} paragraphs, not the {} the dataset reader labelled",
                       segmented.size(), kept.size()));
  for (std::size_t i = 0; i < kept.size(); ++i)
    if (again.document.text(segmented[i]) != page.document.text(kept[i]))
      refuse(fmt::format("paragraph {} of the page's bytes differs from the one the dataset reader labelled", i));
}

}  // namespace

std::string labelled_page_json_line(const LabelledPage& page, std::string_view split) {
  check_readable_back(page);
  std::string out = fmt::format("{{\"id\":{}", json_string(page.id));
  if (!split.empty()) out += fmt::format(",\"split\":{}", json_string(split));
  out += fmt::format(",\"kind\":\"{}\",\"source\":{}", page_kind_name(page.document.kind),
                     json_string(to_valid_utf8(page.document.source)));
  if (is_valid_utf8(page.page_bytes)) {
    out += fmt::format(",\"page\":{}", json_string(page.page_bytes));
  } else {
    out += fmt::format(",\"page_base64\":\"{}\"", base64_encode(page.page_bytes));
  }
  out += ",\"paragraphs\":[";
  for (std::size_t i = 0; i < page.document.paragraphs.size(); ++i)
    out += fmt::format("{}{{\"label\":\"{}\",\"text\":{}}}", i ? "," : "", label_name(page.labels[i]),
                       json_string(page.document.text(i)));
  out += "]";
  if (page.gold_text) out += fmt::format(",\"gold_text\":{}", json_string(*page.gold_text));
  out += fmt::format(",\"coverage\":{:.4f}", page.coverage);
  if (!page.left_out.empty()) out += fmt::format(",\"left_out\":{}", json_string(page.left_out));
  if (!page.page_type.empty()) out += fmt::format(",\"page_type\":{}", json_string(page.page_type));
  out += "}\n";
  return out;
}

LabelledPage parse_labelled_page_json(std::string_view line, const std::string& source, std::size_t line_number) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  if (const auto error = parser.parse(line.data(), line.size()).get(element); error != simdjson::SUCCESS)
    throw Error(source, fmt::format("line {}", line_number), fmt::format("not valid JSON: {}", simdjson::error_message(error)));
  const RecordReader record(element, source, line_number);

  const std::string_view kind = record.string("kind");
  const std::optional<PageKind> page_kind = page_kind_from_name(kind);
  if (!page_kind) record.fail(fmt::format("'kind' is '{}', expected html or text", kind));
  std::string bytes;
  if (record.has("page")) {
    bytes = std::string(record.string("page"));
  } else if (record.has("page_base64")) {
    const auto decoded = base64_decode(record.string("page_base64"));
    if (!decoded) record.fail("'page_base64' is not valid base64");
    bytes = *decoded;
  } else {
    record.fail("the record has neither 'page' nor 'page_base64'");
  }
  const std::string name = record.has("source") ? std::string(record.string("source")) : fmt::format("{}:{}", source, line_number);
  LabelledPage page = segmented_page(std::move(bytes), *page_kind, name);
  if (record.has("id")) page.id = std::string(record.string("id"));
  if (record.has("coverage")) {
    page.coverage = record.number("coverage");
    // A share: anything else (2.5, -1) is a broken record, not a page to train on.
    if (!(page.coverage >= 0.0 && page.coverage <= 1.0))
      record.fail(fmt::format("'coverage' is {}, expected a share from 0 to 1", page.coverage));
  }
  if (record.has("left_out")) page.left_out = std::string(record.string("left_out"));
  if (record.has("page_type")) page.page_type = std::string(record.string("page_type"));

  if (record.has("paragraphs")) {
    const simdjson::dom::array paragraphs = record.array("paragraphs");
    // Re-exporting helps when the segmenter changed since the export, not when the page is missing.
    if (page.page_bytes.empty() && paragraphs.size() > 0)
      record.fail(fmt::format("the page is empty, but {} paragraphs are labelled: the record lacks the page they "
                              "belong to",
                              paragraphs.size()));
    if (paragraphs.size() != page.document.paragraphs.size())
      record.fail(fmt::format("{} labelled paragraphs, but pith segments the page into {}: re-export it",
                              paragraphs.size(), page.document.paragraphs.size()));
    std::size_t i = 0;
    for (simdjson::dom::element paragraph : paragraphs) {
      std::string_view label, text;
      if (paragraph["label"].get_string().get(label) != simdjson::SUCCESS ||
          paragraph["text"].get_string().get(text) != simdjson::SUCCESS)
        record.fail(fmt::format("paragraph {} needs a string 'label' and 'text'", i));
      if (label == "content") {
        page.labels.push_back(Label::content);
      } else if (label == "boilerplate") {
        page.labels.push_back(Label::boilerplate);
      } else if (label == "unknown") {
        page.labels.push_back(Label::unknown);
      } else {
        record.fail(fmt::format("paragraph {} has label '{}', expected content, boilerplate or unknown", i, label));
      }
      if (text != page.document.text(i))
        record.fail(fmt::format("paragraph {} reads '{}' in the record but '{}' in the page: re-export it", i,
                                text.substr(0, 40), page.document.text(i).substr(0, 40)));
      ++i;
    }
    if (record.has("gold_text")) page.gold_text = std::string(record.string("gold_text"));
  } else if (record.has("gold_text")) {
    const std::string left_out = page.left_out;
    label_by_gold_text(page, std::string(record.string("gold_text")));
    if (!left_out.empty()) page.left_out = left_out;
  } else {
    record.fail("the record has neither 'paragraphs' (labels) nor 'gold_text'");
  }
  return page;
}

namespace {

// Scans the file once for each record's id, split and offset; reads a record on demand.
class LabelledJsonlReader : public DatasetReader {
 public:
  explicit LabelledJsonlReader(std::filesystem::path path) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw Error(path_.string(), "", "cannot open the file");
    std::string line;
    std::size_t line_number = 0;
    std::uint64_t offset = 0;
    simdjson::dom::parser parser;
    while (std::getline(in, line)) {
      ++line_number;
      const std::uint64_t start = offset;
      offset += line.size() + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      simdjson::dom::element record;
      if (const auto error = parser.parse(line).get(record); error != simdjson::SUCCESS)
        throw Error(path_.string(), fmt::format("line {}", line_number),
                    fmt::format("not valid JSON: {}", simdjson::error_message(error)));
      std::string_view id, split;
      Entry entry{std::to_string(line_number), "", start, line_number};
      if (record["id"].get_string().get(id) == simdjson::SUCCESS) entry.id = std::string(id);
      if (record["split"].get_string().get(split) == simdjson::SUCCESS) entry.split = std::string(split);
      if (!index_of_.emplace(entry.id, entries_.size()).second)
        throw Error(path_.string(), fmt::format("line {}", line_number), fmt::format("id '{}' appears twice", entry.id));
      entries_.push_back(std::move(entry));
    }
  }

  std::vector<std::string> page_ids(std::string_view split) const override {
    std::vector<std::string> ids;
    for (const Entry& entry : entries_)
      if (entry.split.empty() || split_takes(split, entry.split)) ids.push_back(entry.id);
    return ids;
  }

  LabelledPage read_page(const std::string& page_id) const override {
    const auto found = index_of_.find(page_id);
    if (found == index_of_.end()) throw Error(path_.string(), "", fmt::format("no record with id '{}'", page_id));
    const Entry& entry = entries_[found->second];
    std::ifstream in(path_, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(entry.offset));
    std::string line;
    std::getline(in, line);
    return parse_labelled_page_json(line, path_.string(), entry.line_number);
  }

 private:
  struct Entry {
    std::string id;
    std::string split;
    std::uint64_t offset;
    std::size_t line_number;
  };
  std::filesystem::path path_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_of_;
};

}  // namespace

std::unique_ptr<DatasetReader> open_labelled_jsonl_dataset(const std::filesystem::path& path) {
  return std::make_unique<LabelledJsonlReader>(path);
}

}  // namespace pith
