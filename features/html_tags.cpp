#include "features/html_tags.h"

#include <algorithm>

namespace pith {
namespace {

// Elements that start and end a paragraph; any other element is inline and joins text.
constexpr std::string_view kBlockElements =
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tr td th thead tbody tfoot caption blockquote pre address "
    "article section aside nav header footer main figure figcaption form fieldset legend hr body html center option "
    "optgroup select textarea iframe menu details summary hgroup dialog dir noframes frameset title head";
// Elements whose content is never text. An <iframe>'s or <noembed>'s is fallback markup, read as
// raw text, that browsers show only where frames or plug-ins are unsupported.
constexpr std::string_view kSkippedElements = "script style noscript template iframe noembed";
// What the HTML standard's "in head" insertion mode keeps in <head>; any other start tag ends
// the head and opens the body.
constexpr std::string_view kHeadElements =
    "base basefont bgsound link meta noframes script style template title noscript";

// The HTML standard's element categories for tree building (section 13.2.4.2, "special";
// 13.2.4.3, formatting elements; 13.2.4.2, "has an element in scope"; 13.2.6.4.7, the start
// tags that close a p element, but <table>, which closes it only in no-quirks mode, while most
// pages of the shared datasets are read in quirks mode).
constexpr std::string_view kSpecialElements =
    "address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd "
    "details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header "
    "hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object "
    "ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot "
    "th thead title tr track ul wbr xmp";
constexpr std::string_view kFormattingElements = "a b big code em font i nobr s small strike strong tt u";
constexpr std::string_view kScopeBoundaries = "applet caption html table td th marquee object template head body title";
// The standard's void elements (13.1.2), and those it parses as void (basefont, bgsound,
// frame, keygen, image).
constexpr std::string_view kVoidElements =
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr";
constexpr std::string_view kParagraphClosers =
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup "
    "main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form li dd dt plaintext hr xmp";

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
  add_all(kSpecialElements, 0, html_tree::kSpecial);
  add_all(kFormattingElements, 0, html_tree::kFormatting);
  add_all(kScopeBoundaries, 0, html_tree::kScopeBoundary);
  add_all(kParagraphClosers, 0, html_tree::kClosesParagraph);
  add_all("h1 h2 h3 h4 h5 h6", 0, html_tree::kHeading);
  add_all(kVoidElements, 0, html_tree::kVoid);
  // The tokenizer states the standard's tree builder switches to after these start tags.
  // <noscript> and <noframes> are read as markup, as a browser without scripts or frames reads
  // them: forum software puts whole threads in <noscript>, and a frameset page's only text is
  // in its <noframes>.
  set_text_model("title textarea", HtmlTextModel::rcdata);
  set_text_model("style xmp iframe noembed", HtmlTextModel::rawtext);
  set_text_model("script", HtmlTextModel::script_data);
  set_text_model("plaintext", HtmlTextModel::plaintext);
}

void HtmlTagTable::set_text_model(std::string_view names, HtmlTextModel model) {
  add_all(names, 0);
  while (!names.empty()) {
    const std::size_t space = std::min(names.find(' '), names.size());
    tags_[static_cast<std::size_t>(find(names.substr(0, space)))].text_model = model;
    names.remove_prefix(std::min(space + 1, names.size()));
  }
}

const HtmlTagTable& HtmlTagTable::instance() {
  static const HtmlTagTable table;
  return table;
}

void HtmlTagTable::add(std::string_view name, std::uint8_t flags, std::uint8_t tree) {
  const int existing = find(name);
  if (existing >= 0) {
    tags_[static_cast<std::size_t>(existing)].flags |= flags;
    tags_[static_cast<std::size_t>(existing)].tree |= tree;
    return;
  }
  std::size_t slot = html_name_hash(name) & kMask;
  while (slots_[slot] >= 0) slot = (slot + 1) & kMask;
  slots_[slot] = static_cast<std::int16_t>(count_);
  tags_[count_++] = {name, flags, tree};
}

void HtmlTagTable::add_all(std::string_view names, std::uint8_t flags, std::uint8_t tree) {
  while (!names.empty()) {
    const std::size_t space = std::min(names.find(' '), names.size());
    add(names.substr(0, space), flags, tree);
    names.remove_prefix(std::min(space + 1, names.size()));
  }
}

}  // namespace pith
