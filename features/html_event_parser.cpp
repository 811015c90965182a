#include "features/html_event_parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "features/charset_decoder.h"
#include "features/error.h"
#include "features/html_tags.h"
#include "features/unicode.h"

namespace pith {

std::string_view HtmlAttributes::get(std::string_view name, bool* present) const {
  if (present) *present = false;
  if (!pairs_) return {};
  for (const unsigned char* const* pair = pairs_; pair[0]; pair += 2) {
    const char* key = reinterpret_cast<const char*>(pair[0]);
    if (name.size() == std::strlen(key) && std::memcmp(key, name.data(), name.size()) == 0) {
      if (present) *present = true;
      return pair[1] ? std::string_view(reinterpret_cast<const char*>(pair[1])) : std::string_view();
    }
  }
  return {};
}

namespace {


char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

// What libxml2 reads as part of a tag name.
bool is_tag_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':' ||
         c == '_' || c == '.';
}

// Where libxml2 should start reading: past white space, doctype, comments, processing
// instructions and end tags that come before any element or text. libxml2 2.9.14's push
// parser drops the whole document when an end tag comes before any start tag ("</div><p>text"
// gives nothing at all), and reads a doctype's quoted identifier past its '>' (a truncated
// `<!doctype html public "-//...-->` swallows the page), where browsers end a doctype at the
// first '>' and ignore stray end tags.
std::size_t skip_prolog(std::string_view html, std::size_t pos) {
  for (;;) {
    while (pos < html.size() && is_ascii_space(html[pos])) ++pos;
    std::size_t end = std::string_view::npos;
    if (html.compare(pos, 4, "<!--") == 0) {
      end = html.find("-->", pos + 4);
      if (end != std::string_view::npos) end += 3;
    } else if (html.compare(pos, 2, "<!") == 0 || html.compare(pos, 2, "<?") == 0 || html.compare(pos, 2, "</") == 0) {
      end = html.find('>', pos);
      if (end != std::string_view::npos) ++end;
    }
    if (end == std::string_view::npos) return pos;
    pos = end;
  }
}

// Windows-1252 meaning of U+0080..U+009F: old pages write &#146; for a right quote, and
// browsers read it so. Zero where windows-1252 leaves the byte undefined.
constexpr char16_t kCp1252High[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

// The windows-1252 character for the two bytes at `at` (U+0080..U+009F in UTF-8), 0 if none.
char16_t cp1252_at(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size() || text[at] != '\xC2') return 0;
  const auto next = static_cast<unsigned char>(text[at + 1]);
  return next >= 0x80 && next <= 0x9F ? kCp1252High[next - 0x80] : 0;
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
    if (const char16_t c = cp1252_at(text, at)) {
      append_utf8(scratch, c);
      at += 2;
    } else {
      scratch += text[at++];
    }
  }
  return scratch;
}

// The elements whose start and end events the parser normalises to a browser's tree.
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

// Where the first </title end tag (any case) at or after `from` starts, npos if none.
std::size_t find_title_end_tag(std::string_view html, std::size_t from) {
  constexpr std::string_view kEndTag = "</title";
  for (std::size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    if (html.size() - at < kEndTag.size()) break;
    std::size_t i = 2;
    while (i < kEndTag.size() && ascii_lower(html[at + i]) == kEndTag[i]) ++i;
    if (i == kEndTag.size()) return at;
  }
  return std::string_view::npos;
}

// libxml2 2.9.14's priority of an element for end tags: an end tag is ignored when an element
// of higher priority is open inside the one it names (HTMLparser.c, htmlEndPriority).
int libxml_end_priority(std::string_view name) {
  switch (name.size()) {
    case 2:
      if (name == "td" || name == "th") return 160;
      if (name == "tr") return 170;
      break;
    case 3:
      if (name == "div") return 150;
      break;
    case 4:
      if (name == "head" || name == "body") return 200;
      if (name == "html") return 220;
      break;
    case 5:
      if (name == "thead" || name == "tbody" || name == "tfoot") return 180;
      if (name == "table") return 190;
      break;
    default:
      break;
  }
  return 100;
}

// Whether the element `name` of html_name_hash `hash` is `lower_name`; cheap when it is not.
bool is_named(std::uint64_t hash, std::string_view name, std::string_view lower_name) {
  return hash == html_name_hash(lower_name) && name == lower_name;
}

// The tag libxml2 is reading when it ends an element: an end tag it has read whole, or a start
// tag of which it has read only the name (it ends the elements the new one closes before it
// reads the attributes); `name` lower case, empty when it is neither (the end of the input).
struct TagBeingRead {
  bool end_tag = false;
  std::string name;
};

// pith's own element stack, kept as the HTML standard's tree builder keeps its own where
// libxml2 2.9 builds another tree. libxml2 knows no HTML5 element and ignores an end tag when a
// div, td, tr or table is open inside the element it names, so "<nav><div>..</nav>" leaves the
// nav open and the rest of the page lands in it (as it does under a <button> or an <a> holding a
// <div>); and its start tags close elements the standard keeps open (<form> a <ul>, <p> an
// <h3>). The stack sits between the session's balanced events and the handler, forwards them,
// and ends elements where the standard would:
// - an end tag libxml2 ignored ends the element it names when that is open in scope, and every
//   element opened inside it; a formatting element (<a>, <font>, ...) or <form> with a block
//   open inside it ends once that block has ended, as the standard keeps the block;
// - a start tag ends an open <p>, <li>, <dd>/<dt> or heading where the standard's does.
// An element ended early is still open for libxml2 ("zombie"); libxml2's own end of it later is
// dropped, unless an end tag naming it made that end: the standard applies such an end tag to
// the elements open then ("<button><div>b</button></div>": the </div> ends the div around the
// button). An element libxml2 ends at a start tag the standard would not end it at stays open
// ("orphan") until an end tag or the end of an element around it ends it.
class Html5Stack {
 public:
  explicit Html5Stack(HtmlEventHandler& handler) : handler_(handler), tags_(HtmlTagTable::instance()) {
    elements_.reserve(64);
  }

  void start(std::string_view name, const HtmlAttributes& attributes) {
    const std::uint64_t hash = html_name_hash(name);
    const int tag = tags_.find(name, hash);
    const std::uint8_t tree = tag >= 0 ? tags_[tag].tree : 0;
    if (tree & html_tree::kClosesParagraph) end_open_paragraph();
    if (tree & html_tree::kHeading) {
      const int top = open_top();
      if (top >= 0 && (elements_[static_cast<std::size_t>(top)].tree & html_tree::kHeading)) end_from(top);
    }
    if (is_named(hash, name, "li")) {
      end_list_item("li", "li");
    } else if (is_named(hash, name, "dd") || is_named(hash, name, "dt")) {
      end_list_item("dd", "dt");
    }
    elements_.push_back({tag >= 0 ? tags_[tag].name : other_name(name), hash, tree, true, true, false});
    handler_.start_element(name, attributes);
  }

  // The session ends its innermost element; `tag_being_read()` tells why (asked only when the
  // element was ended early here, or is one libxml2 may end where the standard does not).
  template <typename TagBeingReadFunction>
  void end(std::string_view name, TagBeingReadFunction&& tag_being_read) {
    int index = static_cast<int>(elements_.size()) - 1;
    while (index >= 0 && !elements_[static_cast<std::size_t>(index)].in_session) --index;
    if (index < 0) return;  // the session's events are balanced: never
    Element& element = elements_[static_cast<std::size_t>(index)];
    if (!element.open) {
      elements_.erase(elements_.begin() + index);
      const TagBeingRead tag = tag_being_read();
      if (tag.end_tag && tag.name == name) end_tag(name);
      return;
    }
    if (element.tree & html_tree::kEndedEarlyByLibxml) {
      const TagBeingRead tag = tag_being_read();
      if (!tag.end_tag && !tag.name.empty() && !start_tag_ends(tag.name, element)) {
        element.in_session = false;
        return;
      }
    }
    element.in_session = false;
    end_from(index);
  }

  // The standard's rules for an end tag, applied to the open elements.
  void end_tag(std::string_view name) {
    const std::uint64_t hash = html_name_hash(name);
    const std::uint8_t tree = tags_.tree(name, hash);
    // Special and formatting elements are looked for "in scope"; any other element only up to
    // the nearest special one.
    const bool in_scope_rule = (tree & (html_tree::kSpecial | html_tree::kFormatting)) != 0;
    const bool list_item = is_named(hash, name, "li"), paragraph = is_named(hash, name, "p");
    bool block_inside = false;
    for (std::size_t i = elements_.size(); i-- > 0;) {
      Element& element = elements_[i];
      if (!element.open) continue;
      if ((element.hash == hash && element.name == name) ||
          ((tree & html_tree::kHeading) && (element.tree & html_tree::kHeading))) {
        if (block_inside && ((tree & html_tree::kFormatting) || name == "form"))
          element.end_when_innermost = true;
        else
          end_from(static_cast<int>(i));
        return;
      }
      if (in_scope_rule) {
        if (element.tree & html_tree::kScopeBoundary) return;
        if ((list_item && (element.is("ul") || element.is("ol"))) || (paragraph && element.is("button")))
          return;
      } else if (element.tree & (html_tree::kSpecial | html_tree::kScopeBoundary)) {
        return;
      }
      if (element.tree & html_tree::kSpecial) block_inside = true;
    }
  }

 private:
  struct Element {
    std::string_view name;  // the tag table's, or other_names_'s
    std::uint64_t hash;
    std::uint8_t tree;        // html_tree flags
    bool open;                // forwarded and not yet ended; false: a zombie
    bool in_session;          // open in the session (libxml2); false: an orphan
    bool end_when_innermost;  // ends as soon as the elements opened inside it have

    // Whether it is the element `lower_name`: the hash turns nearly all others away without a
    // string compare (these run for every open element a start tag looks through).
    bool is(std::string_view lower_name) const { return is_named(hash, name, lower_name); }
  };

  // Index of the innermost element still open here, -1 if none.
  int open_top() const {
    for (std::size_t i = elements_.size(); i-- > 0;)
      if (elements_[i].open) return static_cast<int>(i);
    return -1;
  }

  // Ends the open elements from the innermost out to `index`, that one included, and forgets
  // those libxml2 has ended too.
  void end_from(int index) {
    for (std::size_t i = elements_.size(); i-- > static_cast<std::size_t>(index);) {
      Element& element = elements_[i];
      if (!element.open) continue;
      element.open = false;
      handler_.end_element(element.name);
    }
    forget_ended(static_cast<std::size_t>(index));
    end_deferred();
  }

  void end_deferred() {
    for (int top = open_top(); top >= 0 && elements_[static_cast<std::size_t>(top)].end_when_innermost;
         top = open_top()) {
      Element& element = elements_[static_cast<std::size_t>(top)];
      element.open = false;
      handler_.end_element(element.name);
      forget_ended(static_cast<std::size_t>(top));
    }
  }

  // Drops the elements from `from` on that are ended both here and in the session.
  void forget_ended(std::size_t from) {
    elements_.erase(std::remove_if(elements_.begin() + static_cast<std::ptrdiff_t>(from), elements_.end(),
                                   [](const Element& e) { return !e.open && !e.in_session; }),
                    elements_.end());
  }

  // Whether the standard's start tag `tag` ends `element` (one libxml2 may end early).
  bool start_tag_ends(std::string_view tag, const Element& element) const {
    return (element.tree & html_tree::kHeading) && (tags_.tree(tag, html_name_hash(tag)) & html_tree::kHeading);
  }

  // The standard's "close a p element" when a <p> is in button scope.
  void end_open_paragraph() {
    for (std::size_t i = elements_.size(); i-- > 0;) {
      const Element& element = elements_[i];
      if (!element.open) continue;
      if (element.is("p")) {
        end_from(static_cast<int>(i));
        return;
      }
      if ((element.tree & html_tree::kScopeBoundary) || element.is("button")) return;
    }
  }

  // A <li> (<dd>, <dt>) start ends an open one, looking through inline elements, <address>,
  // <div> and <p> but no other special element.
  void end_list_item(std::string_view first, std::string_view second) {
    for (std::size_t i = elements_.size(); i-- > 0;) {
      const Element& element = elements_[i];
      if (!element.open) continue;
      if (element.is(first) || element.is(second)) {
        end_from(static_cast<int>(i));
        return;
      }
      if ((element.tree & (html_tree::kSpecial | html_tree::kScopeBoundary)) && !element.is("address") &&
          !element.is("div") && !element.is("p"))
        return;
    }
  }

  HtmlEventHandler& handler_;
  const HtmlTagTable& tags_;
  // The elements open here or in the session, outermost first: zombies (open in the session
  // only) and orphans (open here only) among the others.
  std::vector<Element> elements_;
  // Names of elements the tag table does not hold (custom elements, typos), kept for the page:
  // a deque never moves what it holds, so the elements' views stay valid.
  std::deque<std::string> other_names_;

  std::string_view other_name(std::string_view name) {
    // a run of one custom element (a page of a million <x>) keeps one copy
    if (!other_names_.empty() && other_names_.back() == name) return other_names_.back();
    return other_names_.emplace_back(name);
  }
};

// Whether a <body> start tag (any case) starts at `at`.
bool starts_body_tag(std::string_view html, std::size_t at) {
  constexpr std::string_view kTag = "<body";
  if (html.size() - at <= kTag.size()) return false;
  for (std::size_t i = 1; i < kTag.size(); ++i)
    if (ascii_lower(html[at + i]) != kTag[i]) return false;
  const char after = html[at + kTag.size()];
  return is_ascii_space(after) || after == '>' || after == '/';
}

// Parses `tag`, one start tag alone, and hands the attributes libxml2 reads for its element
// `name` to `use` (during the call); false when libxml2 reads no such element.
bool read_start_tag(std::string_view tag, std::string_view name, const std::function<void(const HtmlAttributes&)>& use);

// One page's parse. libxml2 calls back into it; it forwards events to the handler after
// repairing what libxml2 2.9.14 gets wrong where browsers recover:
// - libxml2 ends the document at </html> (or at a self-closed <html .../>) and drops the rest;
//   browsers keep reading into <body>. The parse restarts after it, and the restarted
//   document's <html>, <head> and <body> are dropped, as a second one is in browsers.
// - libxml2 keeps an unclosed <head> open for any element it does not know (<mbox>, <header>),
//   so the page lands in <head>; the HTML standard ends <head> at any element not allowed there.
// - A <title> never closed takes libxml2 the rest of the page (the HTML standard too: a blank
//   page). Browsers before HTML5 ended it at the first '<', which is what the L3S-GN1 annotated
//   copies (rendered in 2008) show, and what keeps the page's text.
// - Where libxml2 nests elements otherwise than the HTML standard (misnested end tags, HTML5
//   elements), the events go through Html5Stack, which keeps the standard's nesting.
class ParseSession {
 public:
  ParseSession(HtmlEventHandler& handler, const DecodedText& decoded)
      : handler_(handler), decoded_(decoded), tree_(handler) {}

  void run(const std::string& source);

  static void on_start(void* session, const xmlChar* name, const xmlChar** attributes) {
    static_cast<ParseSession*>(session)->guarded([&](ParseSession& s) {
      s.settle_last_start(s.libxml_depth() - 1);
      const std::string_view element(reinterpret_cast<const char*>(name));
      s.start(element, attributes);
      s.last_start_ = element;
      s.last_start_depth_ = s.libxml_depth();
    });
  }
  static void on_end(void* session, const xmlChar* name) {
    static_cast<ParseSession*>(session)->guarded([&](ParseSession& s) {
      s.settle_last_start(s.libxml_depth());
      s.end(std::string_view(reinterpret_cast<const char*>(name)), s.libxml_depth());
    });
  }
  // libxml2 reports an end tag it ignores only as an error: "Opening and ending tag mismatch:
  // nav and div" (str1 the end tag, str2 the element open inside), or "Unexpected end tag : nav"
  // when nothing of that name is open. It raises the first also for each element it does end
  // on the way to the named one; it ignored the tag when one of higher priority is in the way.
  static void on_error(void* session, xmlErrorPtr error) {
    if (!error || error->code != XML_ERR_TAG_NAME_MISMATCH || !error->str1) return;
    static_cast<ParseSession*>(session)->guarded([&](ParseSession& s) {
      const std::string_view name(error->str1);
      if (!s.context_ || !s.libxml_ignores_end_tag(name)) return;
      s.settle_last_start(s.libxml_depth());
      if (s.title_cut_at_ != kNone) s.end_cut_title();
      s.tree_.end_tag(name);
    });
  }
  static void on_text(void* session, const xmlChar* text, int length) {
    if (length <= 0) return;
    static_cast<ParseSession*>(session)->guarded([&](ParseSession& s) {
      s.settle_last_start(s.libxml_depth());
      s.text(text, static_cast<std::size_t>(length));
    });
  }

 private:
  // A restart costs a parser context and its first chunk: a page of a million self-closed
  // <html/> must not cost a million, and a restart reads a small chunk first.
  static constexpr int kMaxRestarts = 1000;
  static constexpr std::size_t kChunkBytes = 256 * 1024;
  static constexpr std::size_t kRestartChunkBytes = 4 * 1024;
  static constexpr std::size_t kNone = std::string_view::npos;

  // An exception must not unwind through libxml2's C frames: it is kept, the parser stopped,
  // and it is rethrown after.
  template <typename Action>
  void guarded(Action&& action) {
    if (failure_) return;
    try {
      action(*this);
    } catch (...) {
      failure_ = std::current_exception();
      xmlStopParser(context_);
    }
  }

  void parse_from(std::size_t start, std::size_t first_chunk, const std::string& source);
  void start(std::string_view name, const xmlChar** attributes);
  // `depth`: libxml2's count of open elements, the ending one included.
  void end(std::string_view name, int depth);
  void end_open_elements();

  // libxml2 2.9.14 drops an element it has just started, with no end event, when its start tag
  // never finishes (a NUL byte or the end of input inside it). The next event tells: when
  // libxml2 holds fewer than `open_depth` elements then, the element ends here.
  void settle_last_start(int open_depth) {
    if (last_start_depth_ == 0) return;
    const int depth = last_start_depth_;
    last_start_depth_ = 0;
    if (open_depth < depth) end(last_start_, depth);
  }
  void text(const xmlChar* raw, std::size_t length);

  // Offset in the UTF-8 text just past what libxml2 has read: xmlByteConsumed, inline (it runs
  // once per text event), as the input has no encoder (HTML_PARSE_IGNORE_ENC).
  std::size_t position() const {
    const xmlParserInputPtr input = context_->input;
    if (!input || !input->base || !input->cur) return base_;
    return base_ + static_cast<std::size_t>(input->consumed) + static_cast<std::size_t>(input->cur - input->base);
  }
  int libxml_depth() const { return context_->nameNr; }

  // Whether libxml2 ignores an end tag of `name` now: nothing of that name is open, or an
  // element of higher end priority is open inside the innermost one (htmlAutoCloseOnClose).
  bool libxml_ignores_end_tag(std::string_view name) const {
    const int priority = libxml_end_priority(name);
    for (int depth = context_->nameNr; depth-- > 0;) {
      const std::string_view open(reinterpret_cast<const char*>(context_->nameTab[depth]));
      if (open == name) return false;
      if (libxml_end_priority(open) > priority) return true;
    }
    return true;
  }

  // Whether the last tag libxml2 has read is a <body> tag, not one it implies a body at.
  bool reading_body_tag() const {
    const std::size_t end = std::min(position(), decoded_.utf8.size());
    const std::size_t open = end == 0 ? kNone : decoded_.utf8.rfind('<', end - 1);
    return open != kNone && starts_body_tag(decoded_.utf8, open);
  }

  // What libxml2 is reading as it ends an element (TagBeingRead): the last '<' it has read
  // starts an end tag it has read whole, or a start tag it has read only the name of.
  TagBeingRead tag_being_read() const {
    const std::string_view utf8 = decoded_.utf8;
    const std::size_t end = std::min(position(), utf8.size());
    const std::size_t open = end == 0 ? std::string_view::npos : utf8.rfind('<', end - 1);
    TagBeingRead tag;
    if (open == std::string_view::npos || end - open < 2) return tag;
    tag.end_tag = utf8[open + 1] == '/';
    std::size_t at = open + (tag.end_tag ? 2 : 1);
    for (; at < end && is_tag_name_char(utf8[at]); ++at) tag.name += ascii_lower(utf8[at]);
    // A start tag counts only while libxml2 is just past its name, an end tag once read whole.
    if (tag.end_tag ? utf8[end - 1] != '>' : at != end) tag.name.clear();
    return tag;
  }

  // Offset in the UTF-8 text where a text event starts. libxml2 reports text once it has read
  // past it (entities make the source no shorter than the text), except a '<' that starts no
  // tag, which it reports before reading it.
  std::size_t text_start(const xmlChar* raw, std::size_t length) const {
    const std::size_t end = position();
    if (length == 1 && raw[0] == '<' && end < decoded_.utf8.size() && decoded_.utf8[end] == '<') return end;
    return end > length ? end - length : 0;
  }

  void forward_start(std::string_view name, const HtmlAttributes& attributes) {
    if (head_open_) ++head_depth_;
    tree_.start(name, attributes);
  }
  void forward_end(std::string_view name) {
    if (head_open_) --head_depth_;
    tree_.end(name, [&] { return tag_being_read(); });
  }
  // Ends the <head> early, as browsers do at content that cannot sit in it; libxml2's own
  // end of it comes later and is dropped.
  void end_head_early() {
    head_open_ = false;
    ++head_ends_to_drop_;
    tree_.end("head", [] { return TagBeingRead(); });
  }
  // What browsers do at content that cannot sit in <head>: end it and open the body.
  void leave_head() {
    end_head_early();
    if (!body_open_) {
      body_open_ = true;
      start_body_early();
    }
  }
  // A body opened before the page's own <body> tag (by the session or by libxml2): the
  // standard adds that tag's attributes to the open body (where the segmenter reads class
  // words), but a start event cannot take attributes later, so the body opens with those of the
  // first <body> tag ahead, comments skipped.
  void start_body_early() {
    const std::string_view utf8 = decoded_.utf8;
    for (std::size_t at = utf8.find('<', position()); at != kNone; at = utf8.find('<', at + 1)) {
      if (utf8.compare(at, 4, "<!--") == 0) {
        at = utf8.find("-->", at + 4);
        if (at == kNone) break;
        continue;
      }
      if (!starts_body_tag(utf8, at)) continue;
      const std::size_t end = utf8.find('>', at);
      if (end != kNone && read_start_tag(utf8.substr(at, end + 1 - at), "body", [&](const HtmlAttributes& attributes) {
            tree_.start("body", attributes);
          }))
        return;
      break;
    }
    tree_.start("body", HtmlAttributes(nullptr));
  }
  // Ends a never-closed <title> at the first '<' after it; libxml2's own end of it is dropped.
  void end_cut_title() {
    title_cut_at_ = kNone;
    cut_title_depths_.push_back(open_title_depth_);
    forward_end("title");
  }

  HtmlEventHandler& handler_;
  const DecodedText& decoded_;
  Html5Stack tree_;               // every start and end goes through it; text goes straight on
  htmlParserCtxtPtr context_ = nullptr;
  std::size_t base_ = 0;          // offset in the UTF-8 text where the current libxml2 parse began
  std::size_t last_offset_ = 0;   // text offsets never decrease
  std::exception_ptr failure_;
  std::string scratch_;           // text with windows-1252 controls replaced

  bool root_closed_ = false;      // libxml2 ended <html>: it would read no further
  std::size_t root_end_ = 0;
  bool html_open_ = false, body_open_ = false, head_seen_ = false, head_open_ = false;
  int head_depth_ = 0;            // elements open inside the forwarded <head>
  int head_ends_to_drop_ = 0;     // libxml2 ends of heads dropped or ended early
  std::size_t title_cut_at_ = kNone;    // where an open, never-closed <title> ends
  int open_title_depth_ = 0;            // libxml2 depth of that <title>
  std::vector<int> cut_title_depths_;   // libxml2 depths of titles ended early, innermost last
  std::string_view last_start_;         // the element libxml2 started last (its dictionary's string)
  int last_start_depth_ = 0;            // and its depth, until an event shows it still open
  std::size_t title_end_tag_ = kNone;   // next </title after title_end_searched_ (kNone: none)
  std::size_t title_end_searched_ = kNone;
};

void ParseSession::start(std::string_view name, const xmlChar** raw_attributes) {
  // Any tag starts at or after the first '<' past an open never-closed <title>.
  if (title_cut_at_ != kNone) end_cut_title();
  const HtmlAttributes attributes(raw_attributes);
  const Structural kind = structural(name);
  switch (kind) {
    case Structural::html:
      if (html_open_) return;  // its end is never forwarded either
      html_open_ = true;
      break;
    case Structural::head:
      if (head_seen_) {
        ++head_ends_to_drop_;
        return;
      }
      head_seen_ = true;
      tree_.start(name, attributes);
      head_open_ = true;
      head_depth_ = 0;
      return;
    case Structural::body:
      // Its end is never forwarded either, so only a <body> right inside <html> is. libxml2 may
      // start one deeper ("<title>a<div><body>"); that one is dropped too, the body opens later.
      if (body_open_ || libxml_depth() != 2 || (head_open_ && head_depth_ > 0)) return;
      if (head_open_) end_head_early();
      body_open_ = true;
      // libxml2 implies a body, with no attributes, at content that cannot sit in <head>.
      if (!raw_attributes && !reading_body_tag()) {
        start_body_early();
        return;
      }
      break;
    case Structural::title:
    case Structural::other:
      if (head_open_ && head_depth_ == 0 && !(html_tag_flags(name) & html_tag::kInHead)) leave_head();
      break;
  }
  forward_start(name, attributes);
  if (kind == Structural::title) {
    const std::size_t after_tag = position();
    if (title_end_searched_ == kNone || after_tag < title_end_searched_ ||
        (title_end_tag_ != kNone && after_tag > title_end_tag_)) {
      title_end_tag_ = find_title_end_tag(decoded_.utf8, after_tag);
      title_end_searched_ = after_tag;
    }
    if (title_end_tag_ == kNone) {
      title_cut_at_ = decoded_.utf8.find('<', after_tag);
      open_title_depth_ = libxml_depth();
    }
  }
}

void ParseSession::end(std::string_view name, int depth) {
  const Structural kind = structural(name);
  if (title_cut_at_ != kNone) {
    if (kind == Structural::title && depth == open_title_depth_) {
      title_cut_at_ = kNone;  // libxml2 closed it before the cut (at an ancestor's end tag)
      forward_end(name);
      return;
    }
    end_cut_title();
  }
  switch (kind) {
    case Structural::html:
      // Forwarded once everything is read; libxml2 would read no further, so its parse stops.
      root_closed_ = true;
      root_end_ = position();
      xmlStopParser(context_);
      return;
    case Structural::body:
      return;  // forwarded once everything is read
    case Structural::head:
      if (head_ends_to_drop_ > 0) {
        --head_ends_to_drop_;
        return;
      }
      if (head_open_) {
        head_open_ = false;
        tree_.end(name, [] { return TagBeingRead(); });
      }
      return;
    case Structural::title:
      if (!cut_title_depths_.empty() && depth == cut_title_depths_.back()) {
        cut_title_depths_.pop_back();
        return;
      }
      break;
    case Structural::other:
      break;
  }
  forward_end(name);
}

void ParseSession::text(const xmlChar* raw, std::size_t length) {
  const std::string_view chunk(reinterpret_cast<const char*>(raw), length);
  const std::size_t start = text_start(raw, length);
  if (title_cut_at_ != kNone && start >= title_cut_at_) end_cut_title();
  if (head_open_ && head_depth_ == 0 && std::any_of(chunk.begin(), chunk.end(), [](char c) { return !is_ascii_space(c); }))
    leave_head();  // text cannot sit in <head> either
  last_offset_ = std::max(last_offset_, decoded_.input_offset(start));
  handler_.text(with_cp1252_controls(chunk, scratch_), last_offset_);
}

// libxml2 reports thousands of recoverable errors per page; pith recovers as browsers do.
void ignore_error(void*, const char*, ...) {}
void ignore_structured_error(void*, xmlErrorPtr) {}

const htmlSAXHandler& sax_handler() {
  static const htmlSAXHandler handler = [] {
    htmlSAXHandler sax;
    std::memset(&sax, 0, sizeof sax);
    sax.startElement = ParseSession::on_start;
    sax.endElement = ParseSession::on_end;
    sax.characters = ParseSession::on_text;
    sax.ignorableWhitespace = ParseSession::on_text;  // white space between inline elements separates words
    sax.cdataBlock = ParseSession::on_text;
    sax.warning = ignore_error;
    sax.error = ignore_error;
    sax.fatalError = ignore_error;
    sax.initialized = XML_SAX2_MAGIC;  // makes libxml2 route errors to serror
    sax.serror = ParseSession::on_error;
    return sax;
  }();
  return handler;
}

// Errors libxml2 raises without a parser context (I/O, encoding, memory) go to the calling
// thread's generic handler, stderr by default. libxml2 keeps these handlers per thread: this
// swaps in silent ones for the parse and puts the caller's back.
class SilenceLibxmlErrors {
 public:
  SilenceLibxmlErrors()
      : generic_(xmlGenericError),
        generic_context_(xmlGenericErrorContext),
        structured_(xmlStructuredError),
        structured_context_(xmlStructuredErrorContext) {
    xmlSetGenericErrorFunc(nullptr, ignore_error);
    xmlSetStructuredErrorFunc(nullptr, ignore_structured_error);
  }
  ~SilenceLibxmlErrors() {
    xmlSetGenericErrorFunc(generic_context_, generic_);
    xmlSetStructuredErrorFunc(structured_context_, structured_);
  }
  SilenceLibxmlErrors(const SilenceLibxmlErrors&) = delete;
  SilenceLibxmlErrors& operator=(const SilenceLibxmlErrors&) = delete;

 private:
  xmlGenericErrorFunc generic_;
  void* generic_context_;
  xmlStructuredErrorFunc structured_;
  void* structured_context_;
};

// IGNORE_ENC: the text is UTF-8 already (charset_decoder), whatever a <meta> says.
constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;

bool read_start_tag(std::string_view tag, std::string_view name, const std::function<void(const HtmlAttributes&)>& use) {
  struct Reader {
    std::string_view name;
    const std::function<void(const HtmlAttributes&)>& use;
    htmlParserCtxtPtr context = nullptr;
    bool read = false;
    std::exception_ptr failure;  // from `use`: never unwound through libxml2's frames
  } reader{name, use, nullptr, false, nullptr};
  htmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.startElement = [](void* data, const xmlChar* element, const xmlChar** attributes) {
    Reader& r = *static_cast<Reader*>(data);
    if (r.read || r.name != reinterpret_cast<const char*>(element)) return;
    r.read = true;
    try {
      r.use(HtmlAttributes(attributes));
    } catch (...) {
      r.failure = std::current_exception();
      xmlStopParser(r.context);
    }
  };
  sax.warning = ignore_error;
  sax.error = ignore_error;
  sax.fatalError = ignore_error;
  sax.initialized = XML_SAX2_MAGIC;
  sax.serror = ignore_structured_error;
  htmlParserCtxtPtr context = htmlCreatePushParserCtxt(&sax, &reader, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  if (!context) return false;
  reader.context = context;
  htmlCtxtUseOptions(context, kParseOptions);
  htmlParseChunk(context, tag.data(), static_cast<int>(tag.size()), 1);
  htmlFreeParserCtxt(context);
  if (reader.failure) std::rethrow_exception(reader.failure);
  return reader.read;
}

// libxml2 2.9.14 leaves elements open, with no end events, when the input ends inside
// markup ("<p>a<"); they end here as if it had ended them, innermost first.
void ParseSession::end_open_elements() {
  settle_last_start(context_->nameNr);
  for (int depth = context_->nameNr; depth > 0; --depth)
    end(std::string_view(reinterpret_cast<const char*>(context_->nameTab[depth - 1])), depth);
}

void ParseSession::parse_from(std::size_t start, std::size_t first_chunk, const std::string& source) {
  const std::string_view utf8 = decoded_.utf8;
  htmlParserCtxtPtr context = htmlCreatePushParserCtxt(const_cast<htmlSAXHandler*>(&sax_handler()), this, nullptr, 0,
                                                       nullptr, XML_CHAR_ENCODING_UTF8);
  if (!context) throw Error(source, "", "cannot create an HTML parser (out of memory)");
  std::unique_ptr<htmlParserCtxt, void (*)(htmlParserCtxtPtr)> guard(context, &htmlFreeParserCtxt);
  htmlCtxtUseOptions(context, kParseOptions);
  context_ = context;
  last_start_depth_ = 0;
  base_ = start;
  root_closed_ = false;
  std::size_t chunk = first_chunk;
  for (std::size_t offset = start; offset < utf8.size() && !failure_ && !root_closed_; offset += chunk) {
    if (offset > start) chunk = std::min(2 * chunk, kChunkBytes);
    const std::size_t length = std::min(chunk, utf8.size() - offset);
    htmlParseChunk(context, utf8.data() + offset, static_cast<int>(length), 0);
  }
  if (!failure_ && !root_closed_) htmlParseChunk(context, nullptr, 0, 1);
  if (!failure_ && !root_closed_) end_open_elements();
  context_ = nullptr;
}

void ParseSession::run(const std::string& source) {
  std::size_t start = skip_prolog(decoded_.utf8, 0);
  for (int restarts = 0; start < decoded_.utf8.size(); ++restarts) {
    parse_from(start, restarts == 0 ? kChunkBytes : kRestartChunkBytes, source);
    if (failure_ || !root_closed_ || root_end_ <= start || restarts == kMaxRestarts) break;
    start = skip_prolog(decoded_.utf8, root_end_);
  }
  if (failure_) std::rethrow_exception(failure_);
  if (body_open_) tree_.end("body", [] { return TagBeingRead(); });
  if (html_open_) tree_.end("html", [] { return TagBeingRead(); });
}

}  // namespace

void parse_html_events(std::string_view html, const std::string& source, const std::string& charset,
                       HtmlEventHandler& handler) {
  std::string storage;
  const DecodedText decoded = decode_to_utf8(html, charset, storage);
  if (decoded.utf8.empty()) return;

  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
  SilenceLibxmlErrors silence;
  ParseSession session(handler, decoded);
  session.run(source);
}

}  // namespace pith
