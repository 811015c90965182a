#include "features/html_event_parser.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <initializer_list>
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

// Where the first </title> end tag (any case) at or after `from` starts, npos if none.
std::size_t find_title_end_tag(std::string_view html, std::size_t from) {
  constexpr std::string_view kEndTag = "</title";
  for (std::size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    if (html.size() - at < kEndTag.size()) break;
    std::size_t i = 2;
    while (i < kEndTag.size() && ascii_lower(html[at + i]) == kEndTag[i]) ++i;
    if (i < kEndTag.size() || at + i >= html.size()) continue;
    const char after = html[at + i];  // "</titlevalue" ends nothing
    if (is_ascii_space(after) || after == '/' || after == '>') return at;
  }
  return std::string_view::npos;
}

// Whether a <body> start tag (any case) starts at `at`.
bool starts_body_tag(std::string_view html, std::size_t at) {
  constexpr std::string_view kTag = "<body";
  if (html.size() - at <= kTag.size()) return false;
  for (std::size_t i = 1; i < kTag.size(); ++i)
    if (ascii_lower(html[at + i]) != kTag[i]) return false;
  const char after = html[at + kTag.size()];
  return is_ascii_space(after) || after == '>' || after == '/';
}

// Whether the element `name` of html_name_hash `hash` is `lower_name`; cheap when it is not.
bool is_named(std::uint64_t hash, std::string_view name, std::string_view lower_name) {
  return hash == html_name_hash(lower_name) && name == lower_name;
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
class Html5Stack {
 public:
  explicit Html5Stack(HtmlEventHandler& handler) : handler_(handler), tags_(HtmlTagTable::instance()) {
    elements_.reserve(64);
  }

  // Starts the element `name` (table entry `tag`, -1 if none) after ending what its start ends.
  void start(std::string_view name, std::uint64_t hash, int tag, const HtmlAttributes& attributes) {
    const std::uint8_t tree = tag >= 0 ? tags_[tag].tree : 0;
    if (tree & html_tree::kClosesParagraph) end_open_paragraph();
    if (tree & html_tree::kHeading) {
      if (!elements_.empty() && (elements_.back().tree & html_tree::kHeading)) end_from(elements_.size() - 1);
    }
    end_before_start(name, hash);
    push(name, hash, tag, attributes);
  }

  // Starts an element with none of the standard's rules (inside <svg> and <math>).
  void push(std::string_view name, std::uint64_t hash, int tag, const HtmlAttributes& attributes) {
    const std::uint8_t tree = tag >= 0 ? tags_[tag].tree : 0;
    elements_.push_back({tag >= 0 ? tags_[tag].name : other_name(name), hash, tree, false});
    if (is_named(hash, name, "svg") || is_named(hash, name, "math")) ++foreign_depth_;
    handler_.start_element(name, attributes);
  }

  void end_innermost() { end_from(elements_.size() - 1); }
  void end_all() {
    if (!elements_.empty()) end_from(0);
  }

  // The standard's rules for an end tag; false when it names nothing open in scope.
  bool end_tag(std::string_view name, std::uint64_t hash) {
    const std::uint8_t tree = tags_.tree(name, hash);
    if (table_part(name, hash)) return end_in_table_scope(name, hash);
    // Special and formatting elements are looked for "in scope"; any other element only up to
    // the nearest special one.
    const bool in_scope_rule = (tree & (html_tree::kSpecial | html_tree::kFormatting)) != 0;
    const bool list_item = is_named(hash, name, "li"), paragraph = is_named(hash, name, "p");
    bool block_inside = false;
    for (std::size_t i = elements_.size(); i-- > 0;) {
      Element& element = elements_[i];
      if (element.is(hash, name) || ((tree & html_tree::kHeading) && (element.tree & html_tree::kHeading))) {
        if (block_inside && ((tree & html_tree::kFormatting) || is_named(hash, name, "form")))
          element.end_when_innermost = true;
        else
          end_from(i);
        return true;
      }
      if (in_scope_rule) {
        if (element.tree & html_tree::kScopeBoundary) return false;
        if ((list_item && (element.is("ul") || element.is("ol"))) || (paragraph && element.is("button")))
          return false;
      } else if (element.tree & (html_tree::kSpecial | html_tree::kScopeBoundary)) {
        return false;
      }
      if (element.tree & html_tree::kSpecial) block_inside = true;
    }
    return false;
  }

  // Index of the innermost open element `name`, -1 if none.
  int find(std::string_view name) const {
    for (std::size_t i = elements_.size(); i-- > 0;)
      if (elements_[i].name == name) return static_cast<int>(i);
    return -1;
  }
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

    // Whether it is the element `lower_name`: the hash turns nearly all others away without a
    // string compare (these run for every open element a start tag looks through).
    bool is(std::string_view lower_name) const { return is_named(hash, name, lower_name); }
    bool is(std::uint64_t other_hash, std::string_view other) const { return hash == other_hash && name == other; }
  };

  void pop() {
    const Element& element = elements_.back();
    if (element.is("svg") || element.is("math")) --foreign_depth_;
    handler_.end_element(element.name);
    elements_.pop_back();
  }

  // The standard's "close a p element" when a <p> is in button scope.
  void end_open_paragraph() {
    for (std::size_t i = elements_.size(); i-- > 0;) {
      const Element& element = elements_[i];
      if (element.is("p")) {
        end_from(i);
        return;
      }
      if ((element.tree & html_tree::kScopeBoundary) || element.is("button")) return;
    }
  }

  static bool table_part(std::string_view name, std::uint64_t hash) {
    return is_named(hash, name, "tr") || is_named(hash, name, "tbody") || is_named(hash, name, "thead") ||
           is_named(hash, name, "tfoot") || is_named(hash, name, "table");
  }

  // End tags of rows, sections and tables look "in table scope": through open cells, up to the
  // table.
  bool end_in_table_scope(std::string_view name, std::uint64_t hash) {
    for (std::size_t i = elements_.size(); i-- > 0;) {
      const Element& element = elements_[i];
      if (element.is(hash, name)) {
        end_from(i);
        return true;
      }
      if (element.is("table") || element.is("html") || element.is("template")) return false;
    }
    return false;
  }

  // Ends the innermost open element named in `ends` unless one named in `stops` comes first.
  void end_open(std::initializer_list<std::string_view> ends, std::initializer_list<std::string_view> stops) {
    for (std::size_t i = elements_.size(); i-- > 0;) {
      const Element& element = elements_[i];
      for (std::string_view end : ends)
        if (element.is(end)) {
          end_from(i);
          return;
        }
      for (std::string_view stop : stops)
        if (element.is(stop)) return;
    }
  }

  // What the start of a special or formatting element ends besides an open p or heading.
  void end_before_start(std::string_view name, std::uint64_t hash) {
    switch (name.size()) {
      case 1:
        if (name == "a") end_open({"a"}, {"td", "th", "caption", "table", "html", "button", "object"});
        return;
      case 2:
        if (is_named(hash, name, "li")) {
          end_list_item("li", "li");
        } else if (is_named(hash, name, "dd") || is_named(hash, name, "dt")) {
          end_list_item("dd", "dt");
        } else if (is_named(hash, name, "td") || is_named(hash, name, "th")) {
          end_open({"td", "th"}, {"table", "html"});
        } else if (is_named(hash, name, "tr")) {
          end_open({"tr"}, {"table", "html"});
        }
        return;
      case 5:
        if (is_named(hash, name, "tbody") || is_named(hash, name, "thead") || is_named(hash, name, "tfoot")) {
          end_open({"tbody", "thead", "tfoot"}, {"table", "html"});
        } else if (is_named(hash, name, "table")) {
          // A table started right inside a table (not in a cell) ends the first one.
          for (std::size_t i = elements_.size(); i-- > 0;) {
            const Element& element = elements_[i];
            if (element.is("table")) {
              end_from(i);
              return;
            }
            if (element.is("td") || element.is("th") || element.is("caption") || element.is("html")) return;
          }
        }
        return;
      case 6:
        if (is_named(hash, name, "option")) {
          if (innermost_is("option")) end_innermost();
        } else if (is_named(hash, name, "button")) {
          end_open({"button"}, {"td", "th", "caption", "table", "html", "object"});
        } else if (is_named(hash, name, "select")) {
          end_open({"select"}, {"td", "th", "caption", "table", "html"});
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

  // A <li> (<dd>, <dt>) start ends an open one, looking through inline elements, <address>,
  // <div> and <p> but no other special element.
  void end_list_item(std::string_view first, std::string_view second) {
    for (std::size_t i = elements_.size(); i-- > 0;) {
      const Element& element = elements_[i];
      if (element.is(first) || element.is(second)) {
        end_from(i);
        return;
      }
      if ((element.tree & (html_tree::kSpecial | html_tree::kScopeBoundary)) && !element.is("address") &&
          !element.is("div") && !element.is("p"))
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
  std::vector<Element> elements_;  // open elements, outermost first
  int foreign_depth_ = 0;          // open <svg> and <math> elements
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
      stack_.push(name, hash, tag, attributes);
      if (self_closing) stack_.end_innermost();
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
    stack_.start(name, hash, tag, attributes);
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
        case Structural::body:
          if (head_open_) end_head();
          return;  // they end after the last token
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
      } else if (stack_.innermost_is("head") || stack_.innermost_is("html")) {
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
      if (!starts_body_tag(utf8, at)) continue;
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
