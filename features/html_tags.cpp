#include "features/html_tags.h"

#include <algorithm>

namespace pith {
namespace {

// Elements that start and end a paragraph; any other element is inline and joins text.
constexpr std::string_view kBlockElements =
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tr td th thead tbody tfoot caption blockquote pre address "
    "article section aside nav header footer main figure figcaption form fieldset legend hr body html center option "
    "optgroup select textarea iframe menu details summary hgroup dialog dir noframes frameset title head";
// Elements whose content is never text.
constexpr std::string_view kSkippedElements = "script style noscript template";
// What the HTML standard's "in head" insertion mode keeps in <head>; any other start tag ends
// the head and opens the body.
constexpr std::string_view kHeadElements =
    "base basefont bgsound link meta noframes script style template title noscript";

}  // namespace

HtmlTagTable::HtmlTagTable() {
  slots_.fill(-1);
  add_all(kBlockElements, html_tag::kBlock);
  add_all(kSkippedElements, html_tag::kSkip);
  add_all(kHeadElements, html_tag::kInHead);
  add("a", html_tag::kAnchor);
  add("br", html_tag::kBreak);
  add("title", html_tag::kTitle);
  add("head", html_tag::kHead);
  add("noscript", html_tag::kNoscript);
}

const HtmlTagTable& HtmlTagTable::instance() {
  static const HtmlTagTable table;
  return table;
}

void HtmlTagTable::add(std::string_view name, std::uint8_t flags) {
  const int existing = find(name);
  if (existing >= 0) {
    tags_[static_cast<std::size_t>(existing)].flags |= flags;
    return;
  }
  std::size_t slot = html_name_hash(name) & kMask;
  while (slots_[slot] >= 0) slot = (slot + 1) & kMask;
  slots_[slot] = static_cast<std::int16_t>(count_);
  tags_[count_++] = {name, flags};
}

void HtmlTagTable::add_all(std::string_view names, std::uint8_t flags) {
  while (!names.empty()) {
    const std::size_t space = std::min(names.find(' '), names.size());
    add(names.substr(0, space), flags);
    names.remove_prefix(std::min(space + 1, names.size()));
  }
}

}  // namespace pith
