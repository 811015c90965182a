#include "datasets/l3s_gn1.h"

#include <algorithm>

#include "datasets/annotation_collector.h"
#include "datasets/dataset.h"
#include "datasets/token_alignment.h"
#include "features/page_reader.h"

namespace pith {
namespace {

// Whether the space-separated class list holds `wanted`.
bool has_class(std::string_view classes, std::string_view wanted) {
  for (std::size_t start = 0; start < classes.size();) {
    const std::size_t end = std::min(classes.find(' ', start), classes.size());
    if (classes.substr(start, end - start) == wanted) return true;
    start = end + 1;
  }
  return false;
}

const AnnotationScheme& l3s_gn1_scheme() {
  static const AnnotationScheme scheme{
      [](const HtmlAttributes& attributes) -> std::optional<Label> {
        const std::string_view classes = attributes.get("class");
        for (char level = '0'; level <= '5'; ++level)
          if (has_class(classes, std::string("x-nc-sel") + level))
            return level >= '1' && level <= '3' ? Label::content : Label::boilerplate;
        return std::nullopt;
      },
      [](const HtmlAttributes& attributes) { return has_class(attributes.get("class"), "x-nc-invisible"); }};
  return scheme;
}

}  // namespace

Annotation read_l3s_gn1_annotation(const std::filesystem::path& annotated_html) {
  return l3s_gn1_annotation(read_file_bytes(annotated_html), annotated_html.string());
}

Annotation l3s_gn1_annotation(std::string_view annotated_html, const std::string& source) {
  return collect_annotation(annotated_html, source, l3s_gn1_scheme());
}

LabelledPage read_l3s_gn1_page(const std::filesystem::path& dataset_dir, const std::string& page_id) {
  const std::filesystem::path original = dataset_dir / "original" / (page_id + ".html");
  LabelledPage page = segmented_page(read_file_bytes(original), PageKind::html, original.string());
  Annotation annotation = read_l3s_gn1_annotation(dataset_dir / "annotated" / (page_id + ".html"));
  label_by_reference(page, annotation.reference);
  page.gold_text = std::move(annotation.gold_text);
  return page;
}

std::unique_ptr<DatasetReader> open_l3s_gn1_dataset(const std::filesystem::path& folder) {
  return split_file_dataset(folder, read_l3s_gn1_page);
}

}  // namespace pith
