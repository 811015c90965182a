#include "features/html_event_parser.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <unordered_map>
#include <utility>
#include <vector>

#include "features/charset_decoder.h"
#include "features/html_character_references.h"
#include "features/html_tags.h"
#include "features/html_tokenizer.h"
#include "features/unicode.h"

namespace pith {
namespace {

// The windows-1252 character for the two bytes at `at` (U+0080..U+009F in UTF-8), 0 if none:
// pages encoded as UTF-8 still hold these where the author's tool copied windows-1252 bytes, and
// browsers show them so.
char32_t cp1252_at(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size() || text[at] != '\xC2') return 0;
  const auto next = static_cast<unsigned char>(text[at + 1]);
  return next >= 0x80 && next <= 0x9F ? windows_1252_control(next) : 0;
}

// `text` with U+0080..U+009F read as windows-1252; `text` itself, uncopied, when none occurs.
std::string_view with_cp1252_controls(std::string_view text, std::string& scratch) {
  std::size_t at = 0;
  for (;; ++at) {
    const void* found = std::memchr(text.data() + at, '\xC2', text.size() - at);
    if (!found) return text;
    at = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
    if (cp1252_at(text, at) != 0) break;
  }
  scratch.assign(text.substr(0, at));
  while (at < text.size()) {
    if (const char32_t c = cp1252_at(text, at)) {
      append_utf8(scratch, c);
      at += 2;
    } else {
      scratch += text[at++];
    }
  }
  return scratch;
}

// The elements whose start and end tags the tree builder places itself.
enum class Structural { other, html, head, body, title };

Structural structural(std::string_view name) {
  if (name.size() == 4) {
    if (name == "html") return Structural::html;
    if (name == "head") return Structural::head;
    if (name == "body") return Structural::body;
  } else if (name.size() == 5 && name == "title") {
    return Structural::title;
  }
  return Structural::other;
}

// Whether the tag `lower_opening` ("<body", "</title"; any case in `html`) starts at `at`,
// its name ending there ("</titlevalue" is no </title> tag).
bool tag_at(std::string_view html, std::size_t at, std::string_view lower_opening) {
  if (html.size() - at <= lower_opening.size()) return false;
  for (std::size_t i = 1; i < lower_opening.size(); ++i)
    if (ascii_lower(html[at + i]) != lower_opening[i]) return false;
  const char after = html[at + lower_opening.size()];
  return is_ascii_space(after) || after == '>' || after == '/';
}

// Where the first </title> end tag at or after `from` starts, npos if none.
std::size_t find_title_end_tag(std::string_view html, std::size_t from) {
  for (std::size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2))
    if (tag_at(html, at, "</title")) return at;
  return std::string_view::npos;
}

// A lower-case element name written in the code, its html_name_hash computed at compile time.
struct KnownName {
  std::string_view name;
  std::uint64_t hash;
  consteval KnownName(const char* lower_name) : name(lower_name), hash(html_name_hash(name)) {}
};

// Whether the element `name` of html_name_hash `hash` is `known`; one compare when it is not
// (these run for every tag of every page).
inline bool is_named(std::uint64_t hash, std::string_view name, KnownName known) {
  return hash == known.hash && name == known.name;
}

bool is_white_space(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_ascii_space(c); });
}

// The HTML standard's stack of open elements, without the tree: start and end events go to the
// handler as the standard's tree builder opens and closes elements.
// - A start tag ends what the standard ends before it: an open <p> (block starts), a heading
//   (heading starts), <li>, <dd>/<dt>, <option>, table cells, rows and sections, an <a> or a
//   <button> (their own start), a <table> started right inside a table.
// - An end tag ends the element it names when that is open in the standard's scope, and every
//   element opened inside it; one that names nothing open is dropped, but </p> (an empty p) and
//   </br> (a <br>). A formatting element (<a>, <font>, ...) or <form> with a block open inside
//   it ends once that block has ended, as the standard's adoption agency keeps the block.
//
// Every one of these rules asks "is an element of kind T open, with no element of kind S opened
// after it?". Scanning the stack for the answer made hostile pages quadratic (50,000 nested
// <div>: each start looked through all of them for a <p>, 1.5 s for 250 kB; 25,000 <span> then
// <a></a> pairs, 28 s for 300 kB), so the stack keeps, for each kind, the positions of the open
// elements of that kind, and for each element name the innermost open one: every rule is then
// a comparison of two positions.
class Html5Stack {
 public:
  explicit Html5Stack(HtmlEventHandler& handler)
      : handler_(handler), tags_(HtmlTagTable::instance()), kinds_of_tag_(kinds_of_tags()) {
    elements_.reserve(64);
    innermost_tag_.fill(-1);
  }

  // Open elements at most (DESIGN.md convention 3): a start tag deeper than this is dropped,
  // with no start or end event, so a page of endless nesting holds a bounded stack (a few MB).
  // Ten times the segmenter's limit, so that what the segmenter does past its own (counting
  // elements, still ending paragraphs at blocks) is unchanged; no shared page comes near either.
  static constexpr std::size_t kMaxOpenElements = 100000;

  // Starts the element `name` (table entry `tag`, -1 if none) after ending what its start ends;
  // false when it was dropped, kMaxOpenElements being open.
  bool start(std::string_view name, std::uint64_t hash, int tag, const HtmlAttributes& attributes) {
    const std::uint8_t tree = tag >= 0 ? tags_[tag].tree : 0;
    if (tree & html_tree::kClosesParagraph) end_open(innermost(kP), kParagraphScope);
    if (tree & html_tree::kHeading) {
      if (!elements_.empty() && (elements_.back().tree & html_tree::kHeading)) end_from(elements_.size() - 1);
    }
    end_before_start(name, hash);
    if (elements_.size() >= kMaxOpenElements) return false;
    push(name, hash, tag, attributes);
    return true;
  }
  // Starts an element inside <svg> or <math> (no rules); false when it was dropped.
  bool start_foreign(std::string_view name, std::uint64_t hash, int tag, const HtmlAttributes& attributes) {
    if (elements_.size() >= kMaxOpenElements) return false;
    push(name, hash, tag, attributes);
    return true;
  }

  // Starts an element with none of the standard's rules (inside <svg> and <math>).
  void push(std::string_view name, std::uint64_t hash, int tag, const HtmlAttributes& attributes) {
    const std::uint8_t tree = tag >= 0 ? tags_[tag].tree : 0;
    const std::uint32_t kinds = tag >= 0 ? kinds_of_tag_[static_cast<std::size_t>(tag)] : 0;
    const auto index = static_cast<std::int32_t>(elements_.size());
    std::int32_t outer_same;
    std::string_view kept_name;
    if (tag >= 0) {
      kept_name = tags_[tag].name;
      outer_same = std::exchange(innermost_tag_[static_cast<std::size_t>(tag)], index);
    } else {
      kept_name = other_name(name);
      const auto [it, inserted] = innermost_other_.try_emplace(kept_name, index);
      outer_same = inserted ? -1 : std::exchange(it->second, index);
    }
    elements_.push_back({kept_name, hash, tree, false, static_cast<std::int16_t>(tag), kinds, outer_same});
    for (std::uint32_t rest = kinds; rest != 0; rest &= rest - 1)
      open_of_kind_[static_cast<std::size_t>(std::countr_zero(rest))].push_back(index);
    if (is_named(hash, name, "svg") || is_named(hash, name, "math")) ++foreign_depth_;
    handler_.start_element(name, attributes);
  }

  void end_innermost() { end_from(elements_.size() - 1); }
  void end_all() {
    if (!elements_.empty()) end_from(0);
  }

  // The standard's rules for an end tag; false when it names nothing open in scope.
  bool end_tag(std::string_view name, std::uint64_t hash) {
    const int tag = tags_.find(name, hash);
    const std::uint8_t tree = tag >= 0 ? tags_[tag].tree : 0;
    // Any heading's end tag ends the innermost open heading.
    const std::int32_t index = (tree & html_tree::kHeading) ? innermost(kHeading) : find(name, tag);
    if (index < 0) return false;
    Kind stop;
    if (table_part(name, hash)) {
      // rows, sections and tables are looked for "in table scope": through open cells, up to
      // the table
      stop = kTableScope;
    } else if (tree & (html_tree::kSpecial | html_tree::kFormatting)) {
      // special and formatting elements are looked for "in scope", <li> in list item scope and
      // <p> in button scope
      stop = is_named(hash, name, "li") ? kListItemScope : is_named(hash, name, "p") ? kParagraphScope : kScope;
    } else {
      stop = kSpecialOrScope;  // any other element only up to the nearest special one
    }
    if (index < innermost(stop)) return false;
    // A block opened inside a formatting element or <form> keeps it open until the block ends.
    if (innermost(kSpecial) > index && ((tree & html_tree::kFormatting) || is_named(hash, name, "form")))
      elements_[static_cast<std::size_t>(index)].end_when_innermost = true;
    else
      end_from(static_cast<std::size_t>(index));
    return true;
  }

  // Index of the innermost open element `name`, -1 if none.
  int find(std::string_view name) const { return find(name, tags_.find(name)); }
  void end_from(std::size_t index) {
    while (elements_.size() > index) pop();
    while (!elements_.empty() && elements_.back().end_when_innermost) pop();
  }
  bool innermost_is(std::string_view name) const { return !elements_.empty() && elements_.back().name == name; }
  bool in_foreign_content() const { return foreign_depth_ > 0; }

 private:
  struct Element {
    std::string_view name;  // the tag table's, or other_names_'s
    std::uint64_t hash;
    std::uint8_t tree;        // html_tree flags
    bool end_when_innermost;  // its end tag came while a block inside it was open
    std::int16_t tag;         // index in the tag table, -1 if none
    std::uint32_t kinds;      // bits of Kind
    std::int32_t outer_same;  // index of the next open element of its name further out, -1 if none

    bool is(KnownName known) const { return is_named(hash, name, known); }
  };

  // What the rules ask about the open elements: kinds that are looked for, and kinds that stop
  // the look (the standard's scopes). An element may be of several.
  enum Kind : unsigned {
    kP, kA, kButton, kSelect, kLi, kDdDt, kCell, kRow, kSection, kTable, kHeading,
    kParagraphScope,  // what stops the look for a <p> to close: scope boundaries, <button>
    kAStop,           // td th caption table html button object
    kButtonStop,      // td th caption table html object
    kSelectStop,      // td th caption table html
    kListItemStop,    // special elements and scope boundaries but address, div and p
    kTablePartStop,   // table html: what stops the look for a cell, row or section to end
    kTableStop,       // td th caption html: a table inside them does not end the outer table
    kTableScope,      // table html template
    kScope,           // scope boundaries
    kListItemScope,   // scope boundaries, ul, ol
    kSpecialOrScope,  // special elements and scope boundaries
    kSpecial,         // special elements
    kKindCount
  };

  // The kinds of each tag table entry, worked out once.
  static const std::array<std::uint32_t, 256>& kinds_of_tags() {
    static const std::array<std::uint32_t, 256> kinds = [] {
      std::array<std::uint32_t, 256> result{};
      const HtmlTagTable& tags = HtmlTagTable::instance();
      for (std::size_t i = 0; i < result.size(); ++i) {
        const HtmlTag& tag = tags[static_cast<int>(i)];
        if (tag.name.empty()) continue;
        const auto named = [&](std::initializer_list<std::string_view> names) {
          return std::find(names.begin(), names.end(), tag.name) != names.end();
        };
        const bool special = tag.tree & html_tree::kSpecial, scope = tag.tree & html_tree::kScopeBoundary;
        const auto bit = [](Kind kind) { return std::uint32_t{1} << kind; };
        std::uint32_t k = 0;
        if (named({"p"})) k |= bit(kP);
        if (named({"a"})) k |= bit(kA);
        if (named({"button"})) k |= bit(kButton);
        if (named({"select"})) k |= bit(kSelect);
        if (named({"li"})) k |= bit(kLi);
        if (named({"dd", "dt"})) k |= bit(kDdDt);
        if (named({"td", "th"})) k |= bit(kCell);
        if (named({"tr"})) k |= bit(kRow);
        if (named({"tbody", "thead", "tfoot"})) k |= bit(kSection);
        if (named({"table"})) k |= bit(kTable);
        if (tag.tree & html_tree::kHeading) k |= bit(kHeading);
        if (scope || named({"button"})) k |= bit(kParagraphScope);
        if (named({"td", "th", "caption", "table", "html", "button", "object"})) k |= bit(kAStop);
        if (named({"td", "th", "caption", "table", "html", "object"})) k |= bit(kButtonStop);
        if (named({"td", "th", "caption", "table", "html"})) k |= bit(kSelectStop);
        if ((special || scope) && !named({"address", "div", "p"})) k |= bit(kListItemStop);
        if (named({"table", "html"})) k |= bit(kTablePartStop);
        if (named({"td", "th", "caption", "html"})) k |= bit(kTableStop);
        if (named({"table", "html", "template"})) k |= bit(kTableScope);
        if (scope) k |= bit(kScope);
        if (scope || named({"ul", "ol"})) k |= bit(kListItemScope);
        if (special || scope) k |= bit(kSpecialOrScope);
        if (special) k |= bit(kSpecial);
        result[i] = k;
      }
      return result;
    }();
    return kinds;
  }

  // Index of the innermost open element of `kind`, -1 if none.
  std::int32_t innermost(Kind kind) const {
    const std::vector<std::int32_t>& open = open_of_kind_[kind];
    return open.empty() ? -1 : open.back();
  }
  // Index of the innermost open element `name` (tag table entry `tag`, -1 if none), -1 if none.
  std::int32_t find(std::string_view name, int tag) const {
    if (tag >= 0) return innermost_tag_[static_cast<std::size_t>(tag)];
    const auto it = innermost_other_.find(name);
    return it == innermost_other_.end() ? -1 : it->second;
  }

  void pop() {
    const Element& element = elements_.back();
    if (element.is("svg") || element.is("math")) --foreign_depth_;
    handler_.end_element(element.name);
    for (std::uint32_t rest = element.kinds; rest != 0; rest &= rest - 1)
      open_of_kind_[static_cast<std::size_t>(std::countr_zero(rest))].pop_back();
    if (element.tag >= 0) {
      innermost_tag_[static_cast<std::size_t>(element.tag)] = element.outer_same;
    } else if (element.outer_same >= 0) {
      innermost_other_[element.name] = element.outer_same;
    } else {
      innermost_other_.erase(element.name);
    }
    elements_.pop_back();
  }

  // Ends the element at `index` (the innermost open one of a kind, -1 if none) and what is
  // inside it, unless an element of the kind `stop` was opened inside it: scanning from the
  // innermost element, the look for it would stop there first. An element that is of both
  // kinds is found, as the look checks for what it wants before it checks for a stop.
  void end_open(std::int32_t index, Kind stop) {
    if (index >= 0 && index >= innermost(stop)) end_from(static_cast<std::size_t>(index));
  }

  static bool table_part(std::string_view name, std::uint64_t hash) {
    return is_named(hash, name, "tr") || is_named(hash, name, "tbody") || is_named(hash, name, "thead") ||
           is_named(hash, name, "tfoot") || is_named(hash, name, "table");
  }

  // What the start of a special or formatting element ends besides an open p or heading.
  void end_before_start(std::string_view name, std::uint64_t hash) {
    switch (name.size()) {
      case 1:
        if (name == "a") end_open(innermost(kA), kAStop);
        return;
      case 2:
        if (is_named(hash, name, "li")) {
          // A <li> (<dd>, <dt>) start ends an open one, looking through inline elements,
          // <address>, <div> and <p> but no other special element.
          end_open(innermost(kLi), kListItemStop);
        } else if (is_named(hash, name, "dd") || is_named(hash, name, "dt")) {
          end_open(innermost(kDdDt), kListItemStop);
        } else if (is_named(hash, name, "td") || is_named(hash, name, "th")) {
          end_open(innermost(kCell), kTablePartStop);
        } else if (is_named(hash, name, "tr")) {
          end_open(innermost(kRow), kTablePartStop);
        }
        return;
      case 5:
        if (is_named(hash, name, "tbody") || is_named(hash, name, "thead") || is_named(hash, name, "tfoot")) {
          end_open(innermost(kSection), kTablePartStop);
        } else if (is_named(hash, name, "table")) {
          // A table started right inside a table (not in a cell) ends the first one.
          end_open(innermost(kTable), kTableStop);
        }
        return;
      case 6:
        if (is_named(hash, name, "option")) {
          if (innermost_is("option")) end_innermost();
        } else if (is_named(hash, name, "button")) {
          end_open(innermost(kButton), kButtonStop);
        } else if (is_named(hash, name, "select")) {
          end_open(innermost(kSelect), kSelectStop);
        }
        return;
      case 8:
        if (is_named(hash, name, "optgroup")) {
          if (innermost_is("option")) end_innermost();
          if (innermost_is("optgroup")) end_innermost();
        }
        return;
      default:
        return;
    }
  }

  std::string_view other_name(std::string_view name) {
    // a run of one custom element (a page of a million <x>) keeps one copy
    if (!other_names_.empty() && other_names_.back() == name) return other_names_.back();
    return other_names_.emplace_back(name);
  }

  HtmlEventHandler& handler_;
  const HtmlTagTable& tags_;
  const std::array<std::uint32_t, 256>& kinds_of_tag_;
  std::vector<Element> elements_;  // open elements, outermost first
  // Indices of the open elements of each kind, outermost first.
  std::array<std::vector<std::int32_t>, kKindCount> open_of_kind_;
  // Index of the innermost open element of each tag table entry, and of each other name; -1
  // (or no entry): none.
  std::array<std::int32_t, 256> innermost_tag_;
  std::unordered_map<std::string_view, std::int32_t> innermost_other_;
  int foreign_depth_ = 0;  // open <svg> and <math> elements
  // Names of elements the tag table does not hold (custom elements, typos), kept for the page:
  // a deque never moves what it holds, so the elements' views stay valid.
  std::deque<std::string> other_names_;
};

// Calls use(attributes) with the attributes of the first start tag in `tag` (the text of one
// tag), or with none.
template <typename Use>
void read_first_tag_attributes(std::string_view tag, Use&& use) {
  struct Sink : HtmlTokenSink {
    Use& use;
    bool read = false;
    explicit Sink(Use& u) : use(u) {}
    HtmlTextModel start_tag(std::string_view, const HtmlAttributes& attributes, bool, std::size_t) override {
      if (!read) use(attributes);
      read = true;
      return HtmlTextModel::plaintext;  // nothing after the tag matters
    }
    void end_tag(std::string_view, std::size_t) override {}
    void text(std::string_view, std::size_t) override {}
  } sink(use);
  tokenize_html(tag, sink);
  if (!sink.read) use(HtmlAttributes());
}

// The tree builder: takes the tokenizer's tokens and hands the handler elements as the HTML
// standard's tree builder opens and closes them. Besides Html5Stack's rules:
// - <html>, <head> and <body> open at most once; <html> is implied before anything, <body> at
//   the first content that cannot sit in <head> (which ends the head); <body> and <html> end
//   after the last token, as content after </body> and </html> is body content in browsers;
// - a <title> that is never closed ends at the next tag: the standard reads the rest of the page
//   as its text (a blank page), browsers before HTML5 ended it at the first '<', which is what
//   the L3S-GN1 annotated copies (rendered in 2008) show, and what keeps the page's text;
// - inside <svg> and <math> a self-closed tag ends its element, and the HTML rules do not apply.
class TreeBuilder : public HtmlTokenSink {
 public:
  TreeBuilder(HtmlEventHandler& handler, const DecodedText& decoded)
      : handler_(handler), decoded_(decoded), tags_(HtmlTagTable::instance()), stack_(handler) {}

  HtmlTextModel start_tag(std::string_view name, const HtmlAttributes& attributes, bool self_closing,
                          std::size_t offset) override {
    if (title_cut_) end_cut_title();
    const std::uint64_t hash = html_name_hash(name);
    const int tag = tags_.find(name, hash);
    if (stack_.in_foreign_content()) {
      // <html>, <head> and <body> here would be a second start for the handler (the header
      // promises one each): the standard ignores a second <body> or <head> after breaking out
      // of the foreign element and opens <html> as a foreign element holding no text of its
      // own, so all three are dropped (found by the fuzzer: "<svg >\n<html>", "<svg>x<body>").
      if (name == "html" || name == "head" || name == "body") return HtmlTextModel::data;
      if (stack_.start_foreign(name, hash, tag, attributes) && self_closing) stack_.end_innermost();
      return HtmlTextModel::data;
    }
    const Structural kind = structural(name);
    switch (kind) {
      case Structural::html:
        open_html(attributes);
        return HtmlTextModel::data;
      case Structural::head:
        if (!head_seen_ && !body_open_) open_head(attributes);
        return HtmlTextModel::data;
      case Structural::body:
        if (!body_open_) open_body(attributes);
        return HtmlTextModel::data;
      case Structural::title:
      case Structural::other:
        break;
    }
    const std::uint8_t flags = tag >= 0 ? tags_[tag].flags : 0;
    if (!body_open_) {
      if (flags & html_tag::kInHead) {
        if (!head_seen_) open_head(HtmlAttributes());
        else open_html(HtmlAttributes());
      } else {
        open_body_at(offset);
      }
    }
    const std::uint8_t tree = tag >= 0 ? tags_[tag].tree : 0;
    if (!stack_.start(name, hash, tag, attributes)) return HtmlTextModel::data;  // nested too deep
    if (tree & html_tree::kVoid) {
      stack_.end_innermost();
      return HtmlTextModel::data;
    }
    // In <head>, <noscript> is read as browsers with scripts read it: text no reader sees.
    if (is_named(hash, name, "noscript") && head_open_) return HtmlTextModel::rawtext;
    if (kind == Structural::title && !title_end_tag_after(offset)) {
      title_cut_ = true;
      return HtmlTextModel::data;
    }
    if ((self_closing && (is_named(hash, name, "svg") || is_named(hash, name, "math")))) {
      stack_.end_innermost();
      return HtmlTextModel::data;
    }
    return tag >= 0 ? tags_[tag].text_model : HtmlTextModel::data;
  }

  void end_tag(std::string_view name, std::size_t offset) override {
    if (title_cut_) end_cut_title();
    const std::uint64_t hash = html_name_hash(name);
    if (!stack_.in_foreign_content()) {
      switch (structural(name)) {
        case Structural::html:
        case Structural::body:  // they end after the last token; all three end an open head
        case Structural::head:
          if (head_open_) end_head();
          return;
        case Structural::title:
        case Structural::other:
          break;
      }
      if (is_named(hash, name, "br")) {  // </br> is a <br>
        start_tag("br", HtmlAttributes(), false, offset);
        return;
      }
    }
    if (!html_open_) return;  // a stray end tag before anything
    if (!stack_.end_tag(name, hash) && is_named(hash, name, "p") && !stack_.in_foreign_content()) {
      start_tag("p", HtmlAttributes(), false, offset);  // </p> alone is an empty paragraph
      stack_.end_innermost();
    }
  }

  void text(std::string_view utf8, std::size_t offset) override {
    if (utf8.size() == 1 && utf8[0] == '\0') return;  // the standard's tree builder drops it
    if (title_cut_) {
      // A cut title ends at the first '<', even one that starts no tag.
      const std::size_t open = utf8.find('<');
      if (open != std::string_view::npos) {
        if (open > 0) text(utf8.substr(0, open), offset);
        end_cut_title();
        text(utf8.substr(open), offset + open);
        return;
      }
    }
    if (!body_open_) {
      if (is_white_space(utf8)) {
        if (!html_open_) return;  // white space before the page is nothing
      } else if (!html_open_ || stack_.innermost_is("head") || stack_.innermost_is("html")) {
        // text of a title, style, script or noscript before the body stays there; any other
        // ends the head and opens the body
        open_body_at(offset);
      }
    }
    last_offset_ = std::max(last_offset_, decoded_.input_offset(offset));
    handler_.text(with_cp1252_controls(utf8, scratch_), last_offset_);
  }

  void comment(std::string_view, std::size_t) override {
    if (title_cut_) end_cut_title();
  }

  void finish() {
    if (title_cut_) end_cut_title();
    stack_.end_all();
  }

 private:
  void open_html(const HtmlAttributes& attributes) {
    if (html_open_) return;  // a second <html> adds attributes in browsers; events cannot
    html_open_ = true;
    stack_.push("html", html_name_hash("html"), tags_.find("html"), attributes);
  }
  void open_head(const HtmlAttributes& attributes) {
    open_html(HtmlAttributes());
    head_seen_ = head_open_ = true;
    stack_.push("head", html_name_hash("head"), tags_.find("head"), attributes);
  }
  // Ends the head and everything open in it.
  void end_head() {
    head_open_ = false;
    const int head = stack_.find("head");
    if (head >= 0) stack_.end_from(static_cast<std::size_t>(head));
  }
  void open_body(const HtmlAttributes& attributes) {
    if (head_open_) end_head();
    open_html(HtmlAttributes());
    // What sits between the head and the body (a <noscript> after </head>) ends there.
    stack_.end_from(static_cast<std::size_t>(stack_.find("html")) + 1);
    body_open_ = true;
    stack_.push("body", html_name_hash("body"), tags_.find("body"), attributes);
  }
  // A body opened before the page's own <body> tag, at content that cannot sit in <head>: the
  // standard adds that tag's attributes to the open body (where the segmenter reads class
  // words), but a start event cannot take attributes later, so the body opens with those of the
  // first <body> tag ahead, comments skipped.
  void open_body_at(std::size_t offset) {
    const std::string_view utf8 = decoded_.utf8;
    for (std::size_t at = utf8.find('<', offset); at != std::string_view::npos; at = utf8.find('<', at + 1)) {
      if (utf8.compare(at, 4, "<!--") == 0) {
        at = utf8.find("-->", at + 4);
        if (at == std::string_view::npos) break;
        continue;
      }
      if (!tag_at(utf8, at, "<body")) continue;
      const std::size_t end = utf8.find('>', at);
      if (end == std::string_view::npos) break;
      read_first_tag_attributes(utf8.substr(at, end + 1 - at),
                                [&](const HtmlAttributes& attributes) { open_body(attributes); });
      return;
    }
    open_body(HtmlAttributes());
  }

  bool title_end_tag_after(std::size_t offset) {
    if (title_end_searched_ == std::string_view::npos || offset < title_end_searched_ ||
        (title_end_tag_ != std::string_view::npos && offset > title_end_tag_)) {
      title_end_tag_ = find_title_end_tag(decoded_.utf8, offset);
      title_end_searched_ = offset;
    }
    return title_end_tag_ != std::string_view::npos;
  }
  void end_cut_title() {
    title_cut_ = false;
    const int title = stack_.find("title");
    if (title >= 0) stack_.end_from(static_cast<std::size_t>(title));
  }

  HtmlEventHandler& handler_;
  const DecodedText& decoded_;
  const HtmlTagTable& tags_;
  Html5Stack stack_;
  bool html_open_ = false, head_seen_ = false, head_open_ = false, body_open_ = false;
  bool title_cut_ = false;  // a never-closed <title> is open: the next tag ends it
  std::size_t title_end_tag_ = std::string_view::npos;  // next </title after title_end_searched_
  std::size_t title_end_searched_ = std::string_view::npos;
  std::size_t last_offset_ = 0;  // text offsets never decrease
  std::string scratch_;          // text with windows-1252 controls replaced
};

}  // namespace

void parse_html_events(std::string_view html, const std::string&, const std::string& charset,
                       HtmlEventHandler& handler) {
  std::string storage;
  const DecodedText decoded = decode_to_utf8(html, charset, storage);
  if (decoded.utf8.empty()) return;
  TreeBuilder builder(handler, decoded);
  tokenize_html(decoded.utf8, builder);
  builder.finish();
}

}  // namespace pith
