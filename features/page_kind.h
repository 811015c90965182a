#pragma once
// What a page is read as: HTML or plain text. The names are those of the model file's heads,
// the labelled JSON lines' "kind" and the feature layouts; spelled here only.
#include <optional>
#include <string_view>

namespace pith {

enum class PageKind { html, text };

constexpr std::string_view page_kind_name(PageKind kind) { return kind == PageKind::html ? "html" : "text"; }

// The kind named `name` ("html" or "text"), or nullopt.
constexpr std::optional<PageKind> page_kind_from_name(std::string_view name) {
  if (name == page_kind_name(PageKind::html)) return PageKind::html;
  if (name == page_kind_name(PageKind::text)) return PageKind::text;
  return std::nullopt;
}

}  // namespace pith
