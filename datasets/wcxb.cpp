#include "datasets/wcxb.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "datasets/dataset.h"
#include "datasets/reference_alignment.h"
#include "features/error.h"
#include "features/page_reader.h"

namespace pith {

std::optional<std::string> read_wcxb_main_content(const std::filesystem::path& ground_truth_json) {
  return read_wcxb_ground_truth(ground_truth_json).main_content;
}

std::optional<std::string> parse_wcxb_main_content(std::string_view json_bytes, const std::string& name) {
  return parse_wcxb_ground_truth(json_bytes, name).main_content;
}

WcxbGroundTruth read_wcxb_ground_truth(const std::filesystem::path& ground_truth_json) {
  return parse_wcxb_ground_truth(read_file_bytes(ground_truth_json), ground_truth_json.string());
}

WcxbGroundTruth parse_wcxb_ground_truth(std::string_view json_bytes, const std::string& name) {
  const simdjson::padded_string json(json_bytes);
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  if (const auto error = parser.parse(json).get(document); error != simdjson::SUCCESS)
    throw Error(name, "", fmt::format("not valid JSON: {}", simdjson::error_message(error)));
  simdjson::dom::element ground_truth;
  if (document["ground_truth"].get(ground_truth) != simdjson::SUCCESS || !ground_truth.is_object())
    throw Error(name, "", "expected an object 'ground_truth'");
  WcxbGroundTruth result;
  result.page_type = "article";
  simdjson::dom::element page_type;
  if (document.at_pointer("/_internal/page_type").get(page_type) == simdjson::SUCCESS) {
    std::string_view type;
    const auto found = page_type.is_object() ? page_type["primary"].get_string().get(type) : page_type.get_string().get(type);
    if (found == simdjson::SUCCESS && !type.empty()) result.page_type = std::string(type);
  }
  if (result.page_type == "category") result.page_type = "collection";
  std::string_view title;
  if (ground_truth["title"].get_string().get(title) == simdjson::SUCCESS) result.title = std::string(title);
  simdjson::dom::element value;
  if (ground_truth["main_content"].get(value) != simdjson::SUCCESS || value.is_null()) return result;
  std::string_view main_content;
  if (value.get_string().get(main_content) != simdjson::SUCCESS)
    throw Error(name, "", "'ground_truth.main_content' must be a string");
  // simdjson has validated the UTF-8 of every string it returns
  result.main_content = std::string(main_content);
  return result;
}

LabelledPage read_wcxb_page(const std::filesystem::path& dataset_dir, const std::string& page_id) {
  const std::filesystem::path html = dataset_dir / "dev" / "html" / (page_id + ".html.gz");
  LabelledPage page = segmented_page(read_file_bytes(html), PageKind::html, html.string());
  WcxbGroundTruth truth = read_wcxb_ground_truth(dataset_dir / "dev" / "ground-truth" / (page_id + ".json"));
  const bool has_main_content = truth.main_content.has_value();
  std::string main_content = std::move(truth.main_content).value_or("");
  // The headline is labelled content as a reader labels it (the other datasets' golds hold
  // it), when main_content does not already hold it: labels from the title and main_content,
  // gold text main_content alone. Only on pages with content, so an empty page stays all
  // boilerplate.
  if (!main_content.empty() && !truth.title.empty() && main_content.find(truth.title) == std::string::npos) {
    label_by_gold_text(page, truth.title + "\n\n" + main_content);
    page.gold_text = std::move(main_content);
  } else {
    label_by_gold_text(page, std::move(main_content));
  }
  page.page_type = std::move(truth.page_type);
  if (!has_main_content) page.left_out = "the ground truth has no main_content: the page's content is unknown";
  return page;
}

std::unique_ptr<DatasetReader> open_wcxb_dataset(const std::filesystem::path& folder) {
  return split_file_dataset(folder, read_wcxb_page);
}

}  // namespace pith
