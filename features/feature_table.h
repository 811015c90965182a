#pragma once
// The dense feature table (DESIGN.md convention 9): kDenseFeatures is the only place a dense
// feature is defined. Extraction, the model header, documentation and `pith features` all
// read it; adding a feature is one entry.
#include <array>
#include <bitset>
#include <cmath>
#include <concepts>
#include <utility>
#include <optional>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "features/element_context.h"
#include "features/page_evidence.h"
#include "features/paragraph.h"
#include "features/text_statistics.h"

namespace pith {

// What the whole page says about where a paragraph stands: computed once per page.
struct PageStatistics {
  std::size_t max_words = 0;                  // of the page's longest paragraph
  std::size_t total_words = 0;
  std::vector<std::size_t> words_before;      // per paragraph: words in the paragraphs before it
  std::vector<std::size_t> distance_to_long;  // per paragraph: paragraphs to the nearest long one
  // Index of the page's last long paragraph, or none: where an article ends and comments,
  // teasers and footers begin.
  std::optional<std::size_t> last_long;
  // What kind of page it is, and its headline (features/page_evidence.h); HTML pages only.
  PageEvidence evidence;
};

struct FeatureInput {
  const Paragraph& paragraph;
  const TextStatistics& stats;
  const PageStatistics& page;
  std::size_t index;  // position of the paragraph in its page
  std::size_t count;  // paragraphs in the page
};

using FeatureFunction = double (*)(const FeatureInput&);

struct DenseFeature {
  std::string_view name;
  // "boilerpipe", "shape", "position", "page", "markup", "context", "class-id", "ancestor",
  // "pattern", "charclass", "structure", "heading", "page-type": what an ablation switches on and off
  std::string_view family;
  bool needs_markup;        // absent from plain-text pages, so left out of the text model
  FeatureFunction compute;
  std::string_view description;
};

namespace feature_detail {
inline double ratio(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

// log1p of the small counts most log features take, looked up: libm's log1p was a tenth of the
// table's cost. feature_table.cpp fills the table by calling std::log1p at run time, so a value
// is the same double either way.
inline constexpr std::size_t kLog1pTableSize = 1024;
extern const std::array<double, kLog1pTableSize> kLog1pOfCount;
template <std::integral Count>
double log1p_count(Count n) {
  if (std::cmp_greater_equal(n, 0) && std::cmp_less(n, kLog1pTableSize)) return kLog1pOfCount[static_cast<std::size_t>(n)];
  return std::log1p(static_cast<double>(n));
}
inline double has_context(const FeatureInput& in, std::uint32_t bits) {
  return (in.paragraph.context & bits) != 0 ? 1.0 : 0.0;
}
// A set of tag ids, built from names once: a tag feature tests one bit where it compared the
// paragraph's tag with a list of names.
class TagSet {
 public:
  explicit TagSet(std::initializer_list<std::string_view> names) {
    for (std::string_view name : names)
      if (const TagId tag = tag_id(name); tag != kNoTag) bits_.set(static_cast<std::size_t>(tag));
  }
  bool contains(TagId tag) const { return tag >= 0 && bits_.test(static_cast<std::size_t>(tag)); }

 private:
  std::bitset<256> bits_;  // the tag table's size (features/html_tags.h)
};
inline const TagSet kParagraphTags{"p"};
inline const TagSet kHeadingTags{"h1", "h2", "h3", "h4", "h5", "h6"};
inline const TagSet kListItemTags{"li", "dt", "dd", "option"};
inline const TagSet kTableCellTags{"td", "th", "caption"};
inline const TagSet kContainerTags{"div", "section", "article", "main", "body"};
inline double tag_in(const FeatureInput& in, const TagSet& tags) { return tags.contains(in.paragraph.tag) ? 1.0 : 0.0; }
}  // namespace feature_detail

// Counts enter through log1p: a linear model then sees "twice as long" the same at 10 and at
// 1000 words, which is how length separates content from boilerplate.
inline constexpr DenseFeature kDenseFeatures[] = {
    {"present", "position", false, [](const FeatureInput&) { return 1.0; },
     "1 for a real paragraph; 0 in a neighbour slot past the start or end of the page"},
    {"log_words", "boilerpipe", false, [](const FeatureInput& in) { return feature_detail::log1p_count(in.stats.words); },
     "log(1 + number of words)"},
    {"average_word_length", "boilerpipe", false,
     [](const FeatureInput& in) {
       return std::min(20.0, feature_detail::ratio(double(in.stats.word_code_points), double(in.stats.words)));
     },
     "mean characters per word, capped at 20"},
    {"link_density", "boilerpipe", true,
     [](const FeatureInput& in) {
       return feature_detail::ratio(double(in.paragraph.link_chars), double(in.paragraph.text_size));
     },
     "share of the paragraph's text inside links"},
    {"text_density", "boilerpipe", false, [](const FeatureInput& in) { return in.stats.text_density; },
     "words per line when wrapped at 80 characters (boilerpipe)"},
    {"capitalised_share", "boilerpipe", false,
     [](const FeatureInput& in) {
       return feature_detail::ratio(double(in.stats.capitalised_words), double(in.stats.words));
     },
     "share of words starting with an upper-case letter"},
    {"log_full_stops", "boilerpipe", false,
     [](const FeatureInput& in) { return feature_detail::log1p_count(in.stats.full_stops); }, "log(1 + number of '.')"},
    {"digit_share", "boilerpipe", false,
     [](const FeatureInput& in) {
       return feature_detail::ratio(double(in.stats.digits), double(in.stats.code_points));
     },
     "share of characters that are digits"},
    {"relative_position", "position", false,
     [](const FeatureInput& in) {
       return in.count > 1 ? double(in.index) / double(in.count - 1) : 0.0;
     },
     "index of the paragraph over the index of the last one (0 first, 1 last)"},
    {"few_words", "shape", false, [](const FeatureInput& in) { return in.stats.words <= 4 ? 1.0 : 0.0; },
     "1 when the paragraph has at most 4 words (labels, menu items, buttons)"},
    {"ends_like_sentence", "shape", false,
     [](const FeatureInput& in) { return in.stats.ends_like_sentence ? 1.0 : 0.0; },
     "1 when the text ends with . ! ? : or a closing quote"},
    {"log_line_breaks", "shape", false,
     [](const FeatureInput& in) { return feature_detail::log1p_count(in.stats.lines - 1); },
     "log(1 + line breaks kept inside the paragraph); many short lines are lists of links"},
    {"log_words_per_line", "shape", false,
     [](const FeatureInput& in) { return std::log1p(feature_detail::ratio(double(in.stats.words), double(in.stats.lines))); },
     "log(1 + words per line); share-link lists and menus have one or two words a line"},
    {"share_of_longest", "page", false,
     [](const FeatureInput& in) { return feature_detail::ratio(double(in.stats.words), double(in.page.max_words)); },
     "words over the words of the page's longest paragraph"},
    {"text_before_share", "page", false,
     [](const FeatureInput& in) {
       return feature_detail::ratio(double(in.page.words_before[in.index]), double(in.page.total_words));
     },
     "share of the page's words in the paragraphs before this one"},
    {"log_distance_to_long", "page", false,
     [](const FeatureInput& in) { return feature_detail::log1p_count(in.page.distance_to_long[in.index]); },
     "log(1 + paragraphs to the nearest paragraph of 30 words or more; page size if none)"},
    {"log_depth", "markup", true, [](const FeatureInput& in) { return feature_detail::log1p_count(in.paragraph.depth); },
     "log(1 + number of elements around the paragraph)"},
    {"tag_p", "markup", true, [](const FeatureInput& in) { return feature_detail::tag_in(in, feature_detail::kParagraphTags); },
     "paragraph held by <p>"},
    {"tag_heading", "markup", true,
     [](const FeatureInput& in) { return feature_detail::tag_in(in, feature_detail::kHeadingTags); },
     "paragraph held by <h1>..<h6>"},
    {"tag_list_item", "markup", true,
     [](const FeatureInput& in) { return feature_detail::tag_in(in, feature_detail::kListItemTags); },
     "paragraph held by a list item"},
    {"tag_table_cell", "markup", true,
     [](const FeatureInput& in) { return feature_detail::tag_in(in, feature_detail::kTableCellTags); },
     "paragraph held by a table cell"},
    {"tag_div", "markup", true,
     [](const FeatureInput& in) { return feature_detail::tag_in(in, feature_detail::kContainerTags); },
     "paragraph held by a generic container"},
    {"in_list", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInList); },
     "inside ul, ol, dl or menu"},
    {"in_table", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInTable); },
     "inside a table"},
    {"in_form", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInForm); },
     "inside a form or form control"},
    {"in_nav", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInNav); },
     "inside nav"},
    {"in_header", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInHeader); },
     "inside header"},
    {"in_footer", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInFooter); },
     "inside footer"},
    {"in_aside", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInAside); },
     "inside aside"},
    {"in_article_or_main", "context", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kInArticle | kInMain); },
     "inside article or main"},
    {"in_heading", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInHeading); },
     "inside h1..h6"},
    {"in_quote_or_figure", "context", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kInBlockquote | kInFigure); },
     "inside blockquote, pre, figure or figcaption"},
    {"in_noscript", "context", true, [](const FeatureInput& in) { return feature_detail::has_context(in, kInNoscript); },
     "inside noscript"},
    {"hidden_by_markup", "context", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kHiddenByMarkup); },
     "inside an element marked hidden, aria-hidden or display:none / visibility:hidden (tabs, accordions)"},
    {"named_content", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedContent); },
     "an ancestor's class or id says article, content, entry, main, post, story, text, body or blog"},
    {"named_comment", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedComment); },
     "an ancestor's class or id says comment, reply, review, discuss or respond"},
    {"named_navigation", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedNavigation); },
     "an ancestor's class or id says nav, menu, breadcrumb, pagination or pager"},
    {"named_footer", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedFooter); },
     "an ancestor's class or id says footer, copyright or legal"},
    {"named_header", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedHeader); },
     "an ancestor's class or id says header, masthead, topbar or banner"},
    {"named_sidebar", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedSidebar); },
     "an ancestor's class or id says sidebar, widget, aside or rail"},
    {"named_share", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedShare); },
     "an ancestor's class or id says share, social, facebook or twitter"},
    {"named_related", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedRelated); },
     "an ancestor's class or id says related, recommend, more-, popular, trending or teaser"},
    {"named_promotion", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedPromotion); },
     "an ancestor's class or id says ad-, ads, advert, sponsor, promo, newsletter, subscribe or cookie"},
    {"named_meta", "class-id", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kNamedMeta); },
     "an ancestor's class or id says meta, byline, author, date, tags or caption"},
    // Web2Text: the paragraph's block (parent) and the block around it (grandparent); the page
    // stands in for a missing one.
    {"parent_link_density", "ancestor", true,
     [](const FeatureInput& in) { return double(in.paragraph.parent_link_density); },
     "share of the parent block's text inside links"},
    {"parent_text_share", "ancestor", true, [](const FeatureInput& in) { return double(in.paragraph.parent_text_share); },
     "the parent block's text over the page's"},
    {"grandparent_link_density", "ancestor", true,
     [](const FeatureInput& in) { return double(in.paragraph.grandparent_link_density); },
     "share of the grandparent block's text inside links"},
    {"grandparent_text_share", "ancestor", true,
     [](const FeatureInput& in) { return double(in.paragraph.grandparent_text_share); },
     "the grandparent block's text over the page's"},
    {"log_links", "ancestor", true, [](const FeatureInput& in) { return feature_detail::log1p_count(in.paragraph.links); },
     "log(1 + number of links the paragraph's text touches)"},
    {"links_per_word", "ancestor", true,
     [](const FeatureInput& in) { return feature_detail::ratio(double(in.paragraph.links), double(in.stats.words)); },
     "links over words: menus have one link every word or two"},
    {"has_copyright", "pattern", false, [](const FeatureInput& in) { return in.stats.has_copyright ? 1.0 : 0.0; },
     "the text holds the copyright sign or (c)"},
    {"has_date", "pattern", false, [](const FeatureInput& in) { return in.stats.has_date ? 1.0 : 0.0; },
     "the text holds a date like 2019-05-03, 03.05.2019 or 3/5/19, or an English month name"},
    {"has_email", "pattern", false, [](const FeatureInput& in) { return in.stats.has_email ? 1.0 : 0.0; },
     "the text holds an e-mail address"},
    {"has_url", "pattern", false, [](const FeatureInput& in) { return in.stats.has_url ? 1.0 : 0.0; },
     "the text holds a URL (\"://\" or \"www.\")"},
    {"log_separators", "pattern", false,
     [](const FeatureInput& in) { return feature_detail::log1p_count(in.stats.separators); },
     "log(1 + number of '|', '·' and '•'): menus and bylines"},
    {"ends_with_ellipsis", "pattern", false,
     [](const FeatureInput& in) { return in.stats.ends_with_ellipsis ? 1.0 : 0.0; },
     "the text ends with \"...\" or \"…\": teasers"},
    {"all_caps_share", "pattern", false,
     [](const FeatureInput& in) {
       return feature_detail::ratio(double(in.stats.all_caps_words), double(in.stats.words));
     },
     "share of words of two or more letters all in upper case"},
    // jusText without language lists: function words are short in most languages.
    {"short_word_share", "charclass", false,
     [](const FeatureInput& in) { return feature_detail::ratio(double(in.stats.short_words), double(in.stats.words)); },
     "share of words of 1 to 3 letters or digits (every CJK character is a word)"},
    {"punctuation_share", "charclass", false,
     [](const FeatureInput& in) {
       return feature_detail::ratio(double(in.stats.punctuation), double(in.stats.word_code_points));
     },
     "share of the characters in words that are neither letters nor digits"},
    {"upper_case_share", "charclass", false,
     [](const FeatureInput& in) {
       return feature_detail::ratio(double(in.stats.upper_case_letters), double(in.stats.letters));
     },
     "share of letters that are upper case"},
    {"log_repeated_siblings", "structure", true,
     [](const FeatureInput& in) { return feature_detail::log1p_count(in.paragraph.repeated_siblings); },
     "log(1 + siblings sharing the tag and class of the paragraph's block or an ancestor): comments, listings"},
    {"after_last_long", "structure", false,
     [](const FeatureInput& in) { return !in.page.last_long || in.index >= *in.page.last_long ? 1.0 : 0.0; },
     "1 when no paragraph of 30 words or more comes after this one"},
    {"title_match", "heading", true,
     [](const FeatureInput& in) { return double(in.page.evidence.title_match[in.index]); },
     "share of the paragraph's distinct words the page's <title> holds (2 to 40 words; 0 otherwise)"},
    {"headline_cover", "heading", true,
     [](const FeatureInput& in) { return double(in.page.evidence.headline_cover[in.index]); },
     "share of the headline's distinct words the paragraph holds (the longest part of the <title>; 2 to 40 words)"},
    {"has_heading", "heading", true, [](const FeatureInput& in) { return in.paragraph.heading == kEmptyString ? 0.0 : 1.0; },
     "a heading (h1..h6) comes before the paragraph"},
    {"log_heading_words", "heading", true,
     [](const FeatureInput& in) { return feature_detail::log1p_count(in.stats.heading_words); },
     "log(1 + words of the nearest heading before the paragraph)"},
    // The paragraph's own markup weighed by what kind of page it is on (features/
    // page_evidence.h): a list item or a comment is content on a listing or a forum thread and
    // boilerplate under an article. They enter the row of the paragraph itself only. The page's
    // shares alone (a constant per page) were tried as features too: they gained on WCXB but
    // lost 0.002 BoW F1 on L3S-GN1 and 0.001 on Dragnet's test splits (issue 19, branch acc2).
    {"list_on_list_page", "page-type", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kInList) * in.page.evidence.list_share; },
     "the share of the page's words inside lists when the paragraph is in a list, else 0"},
    {"table_on_table_page", "page-type", true,
     [](const FeatureInput& in) { return feature_detail::has_context(in, kInTable) * in.page.evidence.table_share; },
     "the share of the page's words inside tables when the paragraph is in a table, else 0"},
    {"comment_on_comment_page", "page-type", true,
     [](const FeatureInput& in) {
       return feature_detail::has_context(in, kNamedComment) * in.page.evidence.comment_share;
     },
     "the share of the page's words under comment classes or ids when the paragraph is under one, else 0"},
};

// Features of this family describe the page, or the paragraph against it: only the paragraph's
// own row holds them (FeatureLayout), not its neighbours'.
inline constexpr std::string_view kPageTypeFamily = "page-type";

inline constexpr std::size_t kDenseFeatureCount = std::size(kDenseFeatures);

// Each paragraph's row holds its own features and those of this many neighbours each side,
// with the "present" feature 0 (and every other 0) where a neighbour does not exist.
inline constexpr int kNeighbourWindow = 2;

// The columns a model head uses: every table feature at every window offset, less the markup
// features for plain-text pages. Column names are "<name>" for the paragraph itself and
// "prev2.<name>", "prev1.<name>", "next1.<name>", "next2.<name>" for its neighbours.
class FeatureLayout {
 public:
  explicit FeatureLayout(PageKind kind);

  // The layout of `kind`, built once: scoring a page must not rebuild its column names.
  static const FeatureLayout& of(PageKind kind);

  PageKind kind() const { return kind_; }
  std::string_view name() const { return page_kind_name(kind_); }
  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }

  // One row per paragraph of `document`, one column per name, raw (not standardised).
  Eigen::MatrixXd rows(const Document& document) const;

  // Rows [first, last) of a page of `count` paragraphs, built from `values`: the table feature
  // values (table_feature_values_of) of paragraphs [values_first, values_last), which must
  // hold the rows' neighbours within the window. Column-major into `out`, whose columns are
  // `stride` doubles apart (stride >= last - first). What rows() gives for those rows, a block
  // at a time, so that scoring a long page never holds every row at once.
  void block_rows(const double* values, std::size_t values_first, std::size_t values_last, std::size_t count,
                  std::size_t first, std::size_t last, std::size_t stride, double* out) const;

  // The family (DenseFeature::family) of column `c`.
  std::string_view column_family(std::size_t c) const { return kDenseFeatures[columns_[c].feature].family; }
  // Column `c` holds table feature column_feature(c) of the paragraph column_offset(c) away
  // (0: the paragraph itself; past the page's edge: 0).
  std::size_t column_feature(std::size_t c) const { return columns_[c].feature; }
  int column_offset(std::size_t c) const { return columns_[c].offset; }

 private:
  struct Column {
    std::size_t feature;  // index into kDenseFeatures
    int offset;           // neighbour offset, 0 for the paragraph itself
  };
  PageKind kind_;
  std::vector<Column> columns_;
  std::vector<std::string> names_;
};

PageStatistics compute_page_statistics(const std::vector<TextStatistics>& paragraphs);
// The same with the page's evidence (PageStatistics::evidence) from `document`, whose paragraphs
// `paragraphs` describes: what the feature table reads.
PageStatistics compute_page_statistics(const Document& document, const std::vector<TextStatistics>& paragraphs);

// Values of every table feature for every paragraph: rows = paragraphs, columns = table order.
Eigen::MatrixXd table_feature_values(const Document& document);

// Values of every table feature for paragraphs [first, last) of `document`, column-major into
// `values` (last - first doubles a column): table_feature_values by parts. `stats` and `page`
// are those of the whole page; `inputs` is scratch space kept by the caller across calls.
void table_feature_values_of(const Document& document, const std::vector<TextStatistics>& stats,
                             const PageStatistics& page, std::size_t first, std::size_t last,
                             std::vector<FeatureInput>& inputs, double* values);

}  // namespace pith
