#include "features/html_segmenter.h"

#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "features/error.h"
#include "features/utf8.h"

namespace pith {
namespace {

// ---------------------------------------------------------------------------------------------
// Charset. pith decodes to UTF-8 itself and gives libxml2 nothing but valid UTF-8 (with
// HTML_PARSE_IGNORE_ENC), because libxml2 2.9.14 left to itself: follows a <meta> that lies
// into mojibake (every L3S-GN1 page is UTF-8 declaring iso-8859-1); switches a UTF-8 page to
// Latin-1 for good at its first invalid byte; stops parsing at the first byte its iconv
// converter rejects (0x81 in windows-1252) and prints that to stderr past every handler; and
// mis-decodes valid UTF-8 after a <meta> naming a charset it does not know.

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c; }

bool starts_with_lower(std::string_view text, std::size_t at, std::string_view lower_word) {
  if (text.size() - at < lower_word.size()) return false;
  for (std::size_t i = 0; i < lower_word.size(); ++i)
    if (ascii_lower(text[at + i]) != lower_word[i]) return false;
  return true;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// WHATWG Encoding Standard labels whose decoder differs from what iconv calls that name:
// browsers read iso-8859-1 and us-ascii as windows-1252, gb2312 as GBK, shift_jis as cp932.
struct CharsetAlias {
  std::string_view label;
  const char* iconv_name;
};
constexpr CharsetAlias kCharsetAliases[] = {
    {"utf-8", "UTF-8"},           {"utf8", "UTF-8"},           {"unicode-1-1-utf-8", "UTF-8"},
    {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"}, {"iso_8859-1", "WINDOWS-1252"},
    {"iso8859_1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"}, {"l1", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},  {"cp819", "WINDOWS-1252"},
    {"iso-ir-100", "WINDOWS-1252"}, {"x-cp1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
    {"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"}, {"iso-8859-11", "WINDOWS-874"},
    {"tis-620", "WINDOWS-874"},    {"gb2312", "GB18030"},       {"gbk", "GB18030"},
    {"x-gbk", "GB18030"},          {"gb_2312-80", "GB18030"},   {"euc-cn", "GB18030"},
    {"shift_jis", "CP932"},        {"shift-jis", "CP932"},      {"sjis", "CP932"},
    {"x-sjis", "CP932"},           {"windows-31j", "CP932"},    {"ms_kanji", "CP932"},
    {"euc-kr", "CP949"},           {"ks_c_5601-1987", "CP949"}, {"big5", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},    {"utf-16", "UTF-16LE"},      {"utf-16le", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
};

// Upper-case iconv name for a charset label, or "" when the label cannot be a charset name.
std::string iconv_name(std::string_view label) {
  while (!label.empty() && (is_ascii_space(label.front()) || label.front() == '"' || label.front() == '\''))
    label.remove_prefix(1);
  while (!label.empty() && (is_ascii_space(label.back()) || label.back() == '"' || label.back() == '\''))
    label.remove_suffix(1);
  if (label.empty() || label.size() > 40) return {};
  std::string lower;
  for (char c : label) {
    const char l = ascii_lower(c);
    if (!((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '-' || l == '_' || l == '.' || l == ':'))
      return {};
    lower += l;
  }
  for (const CharsetAlias& alias : kCharsetAliases)
    if (alias.label == lower) return alias.iconv_name;
  for (char& c : lower) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - ('a' - 'A')) : c;
  return lower;
}

// A <meta> naming a charset in which "<meta" cannot be written as ASCII is wrong by
// construction (WHATWG reads such pages as UTF-8); UTF-7 no browser decodes.
bool can_be_declared_in_page(const std::string& name) {
  return !name.empty() && !name.starts_with("UTF-16") && !name.starts_with("UTF-32") && !name.starts_with("UCS") &&
         !name.starts_with("UTF-7");
}

// Bytes in `charset` to UTF-8; undecodable bytes become U+FFFD. nullopt when iconv does not
// know the charset.
std::optional<std::string> transcode(std::string_view bytes, const std::string& charset) {
  iconv_t converter = iconv_open("UTF-8", charset.c_str());
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, int (*)(iconv_t)> guard(converter, &iconv_close);
  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  for (bool flushing = false;;) {
    if (out.size() - used < 8) out.resize(out.size() * 2);
    char* out_ptr = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t status = flushing ? iconv(converter, nullptr, nullptr, &out_ptr, &out_left)
                                        : iconv(converter, &in, &in_left, &out_ptr, &out_left);
    const int error = errno;
    used = static_cast<std::size_t>(out_ptr - out.data());
    if (status != static_cast<std::size_t>(-1)) {
      if (flushing) break;
      flushing = true;  // stateful encodings (ISO-2022-JP) may still owe a reset sequence
      continue;
    }
    if (error == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    out.replace(used, 3, "\xEF\xBF\xBD");
    used += 3;
    if (error != EILSEQ || in_left == 0) break;  // EINVAL: a sequence cut off by the end of input
    ++in;
    --in_left;
  }
  out.resize(used);
  return out;
}

// The charset a <meta> (or an XML declaration) names in the head of the page, as written.
std::string declared_charset(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 64 * 1024);
  auto value_after = [&](std::size_t pos) {  // `pos` just past the attribute name
    while (pos < head.size() && is_ascii_space(head[pos])) ++pos;
    if (pos >= head.size() || head[pos] != '=') return std::string_view();
    ++pos;
    while (pos < head.size() && is_ascii_space(head[pos])) ++pos;
    const char quote = pos < head.size() && (head[pos] == '"' || head[pos] == '\'') ? head[pos] : '\0';
    if (quote) ++pos;
    std::size_t end = pos;
    while (end < head.size() && head[end] != '>' &&
           (quote ? head[end] != quote : !is_ascii_space(head[end]) && head[end] != ';' && head[end] != '"'))
      ++end;
    return head.substr(pos, end - pos);
  };
  if (starts_with_lower(head, 0, "<?xml")) {
    const std::size_t end = head.find("?>");
    const std::size_t at = head.substr(0, end).find("encoding");
    if (at != std::string_view::npos) return std::string(value_after(at + 8));
  }
  for (std::size_t pos = head.find('<'); pos != std::string_view::npos; pos = head.find('<', pos + 1)) {
    if (head.compare(pos, 4, "<!--") == 0) {
      pos = head.find("-->", pos + 4);
      if (pos == std::string_view::npos) break;
      continue;
    }
    if (!starts_with_lower(head, pos, "<meta") || pos + 5 >= head.size()) continue;
    const std::size_t end = std::min(head.find('>', pos), head.size());
    // `charset=` appears either as an attribute or inside content="text/html; charset=...".
    for (std::size_t at = pos + 5; at + 7 <= end; ++at) {
      if (!starts_with_lower(head, at, "charset")) continue;
      const std::string_view value = value_after(at + 7);
      if (!value.empty()) return std::string(value);
    }
  }
  return {};
}

// Whether invalid UTF-8 is mostly UTF-8 with a few bad bytes (then repair it) rather than a
// legacy single-byte charset that nothing declared (then read it as windows-1252).
bool mostly_utf8(std::string_view bytes) {
  std::size_t good = 0, bad = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    std::size_t n = length == 0 ? 0 : 1;
    while (n > 0 && n < length && i + n < bytes.size() && (static_cast<unsigned char>(bytes[i + n]) & 0xC0) == 0x80) ++n;
    if (length > 0 && n == length) {
      ++good;
      i += length;
    } else {
      ++bad;
      ++i;
    }
  }
  return good > bad;
}

// Valid UTF-8 for libxml2; `storage` holds it unless `bytes` already is.
std::string_view as_utf8(std::string_view bytes, std::string& storage) {
  if (is_valid_utf8(bytes)) return bytes;
  storage = to_valid_utf8(bytes);
  return storage;
}

std::string_view decode_to_utf8(std::string_view bytes, const std::string& hint, std::string& storage) {
  auto decode_as = [&](std::string_view data, const std::string& charset) -> std::optional<std::string_view> {
    if (charset == "UTF-8") return as_utf8(data, storage);
    std::optional<std::string> text = transcode(data, charset);
    if (!text) return std::nullopt;
    storage = std::move(*text);
    return std::string_view(storage);
  };
  auto decode_or_repair = [&](std::string_view data, const std::string& charset) {
    if (auto text = decode_as(data, charset)) return *text;
    return as_utf8(data, storage);
  };
  // A byte order mark outranks everything (as in browsers); so does UTF-16 seen without one.
  if (bytes.starts_with("\xEF\xBB\xBF")) return as_utf8(bytes.substr(3), storage);
  if (bytes.starts_with("\xFF\xFE")) return decode_or_repair(bytes.substr(2), "UTF-16LE");
  if (bytes.starts_with("\xFE\xFF")) return decode_or_repair(bytes.substr(2), "UTF-16BE");
  if (bytes.size() >= 4 && bytes[0] == '<' && bytes[1] == '\0' && bytes[3] == '\0') return decode_or_repair(bytes, "UTF-16LE");
  if (bytes.size() >= 4 && bytes[0] == '\0' && bytes[1] == '<' && bytes[2] == '\0') return decode_or_repair(bytes, "UTF-16BE");
  if (const std::string name = iconv_name(hint); !name.empty()) {
    if (auto text = decode_as(bytes, name)) return *text;
  }
  // Valid UTF-8 is read as UTF-8 whatever the page declares: a legacy charset almost never
  // yields valid multi-byte sequences by chance, while mislabelled UTF-8 pages are common.
  // The exception is the 7-bit ISO-2022 family, which is valid UTF-8 byte-wise.
  if (is_valid_utf8(bytes)) {
    if (bytes.find('\x1B') != std::string_view::npos) {
      const std::string declared = iconv_name(declared_charset(bytes));
      if (declared.starts_with("ISO-2022")) {
        if (auto text = decode_as(bytes, declared)) return *text;
      }
    }
    return bytes;
  }
  const std::string declared = iconv_name(declared_charset(bytes));
  if (can_be_declared_in_page(declared)) {
    if (auto text = decode_as(bytes, declared)) return *text;
  }
  if (mostly_utf8(bytes)) return as_utf8(bytes, storage);
  return decode_or_repair(bytes, "WINDOWS-1252");
}

// Where libxml2 should start reading. Its 2.9.14 push parser drops the whole document when an
// end tag comes before any start tag ("</div><p>text" gives nothing at all), so such stray end
// tags, and the doctype or comments before them, are skipped, as browsers ignore them.
std::size_t skip_leading_end_tags(std::string_view html) {
  std::size_t pos = 0, start = 0;
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
    if (end == std::string_view::npos) return start;
    if (html[pos + 1] == '/') start = end;
    pos = end;
  }
}

// ---------------------------------------------------------------------------------------------
// Elements. A static table looked up by hash: the SAX callbacks run once per tag of millions
// of pages, so no allocation and no string compare chains per event.

enum TagFlag : std::uint8_t {
  kBlock = 1,    // starts and ends a paragraph
  kSkip = 2,     // content is never text (script, style, ...)
  kAnchor = 4,   // <a>; counts as a link only with an href
  kBreak = 8,    // <br>
  kTitle = 16,   // <title>: Document::title
  kHead = 32,    // <head>: text inside is not a paragraph
};

struct TagInfo {
  std::string_view name;
  std::uint8_t flags;
};

constexpr TagInfo kTags[] = {
    {"p", kBlock},          {"div", kBlock},        {"li", kBlock},          {"ul", kBlock},
    {"ol", kBlock},         {"dl", kBlock},         {"dt", kBlock},          {"dd", kBlock},
    {"h1", kBlock},         {"h2", kBlock},         {"h3", kBlock},          {"h4", kBlock},
    {"h5", kBlock},         {"h6", kBlock},         {"table", kBlock},       {"tr", kBlock},
    {"td", kBlock},         {"th", kBlock},         {"thead", kBlock},       {"tbody", kBlock},
    {"tfoot", kBlock},      {"caption", kBlock},    {"blockquote", kBlock},  {"pre", kBlock},
    {"address", kBlock},    {"article", kBlock},    {"section", kBlock},     {"aside", kBlock},
    {"nav", kBlock},        {"header", kBlock},     {"footer", kBlock},      {"main", kBlock},
    {"figure", kBlock},     {"figcaption", kBlock}, {"form", kBlock},        {"fieldset", kBlock},
    {"legend", kBlock},     {"hr", kBlock},         {"body", kBlock},        {"html", kBlock},
    {"center", kBlock},     {"option", kBlock},     {"optgroup", kBlock},    {"select", kBlock},
    {"textarea", kBlock},   {"iframe", kBlock},     {"menu", kBlock},        {"details", kBlock},
    {"summary", kBlock},    {"hgroup", kBlock},     {"dialog", kBlock},      {"dir", kBlock},
    {"noframes", kBlock},   {"frameset", kBlock},   {"title", kBlock | kTitle}, {"head", kBlock | kHead},
    {"script", kSkip},      {"style", kSkip},       {"noscript", kSkip},     {"template", kSkip},
    {"a", kAnchor},         {"br", kBreak},
};
constexpr int kTagCount = static_cast<int>(std::size(kTags));

std::uint64_t name_hash(std::string_view name) {  // FNV-1a
  std::uint64_t hash = 14695981039346656037ULL;
  for (char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return hash;
}

class TagTable {
 public:
  TagTable() {
    slots_.fill(-1);
    for (int tag = 0; tag < kTagCount; ++tag) {
      std::size_t slot = name_hash(kTags[tag].name) & kMask;
      while (slots_[slot] >= 0) slot = (slot + 1) & kMask;
      slots_[slot] = static_cast<std::int16_t>(tag);
    }
  }
  // Index into kTags, or -1 for an element pith treats as plain inline.
  int find(std::string_view name, std::uint64_t hash) const {
    for (std::size_t slot = hash & kMask; slots_[slot] >= 0; slot = (slot + 1) & kMask)
      if (kTags[slots_[slot]].name == name) return slots_[slot];
    return -1;
  }

 private:
  static constexpr std::size_t kMask = 255;
  std::array<std::int16_t, kMask + 1> slots_;
};

const TagTable& tag_table() {
  static const TagTable table;
  return table;
}

// Windows-1252 meaning of U+0080..U+009F: old pages write &#146; for a right quote, and
// browsers read it so. Zero where windows-1252 leaves the byte undefined.
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

void append_utf8(std::string& out, char16_t c) {
  if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (c & 0x3F));
}

bool has_href(const xmlChar** attributes) {
  if (!attributes) return false;
  for (const xmlChar** pair = attributes; pair[0]; pair += 2)
    if (std::strcmp(reinterpret_cast<const char*>(pair[0]), "href") == 0) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Segmentation: SAX events to paragraphs, with pith's own element stack.

class HtmlSegmenter {
 public:
  // Byte offsets are in input bytes: libxml2 counts what it was given, which starts
  // `input_prefix` bytes (a BOM) into the input, plus `skipped` bytes it was spared;
  // after transcoding they are scaled by `scale` input bytes per UTF-8 byte.
  HtmlSegmenter(Document& document, std::size_t input_prefix, std::size_t skipped, double scale)
      : document_(document), input_prefix_(input_prefix), skipped_(skipped), offset_scale_(scale) {
    stack_.reserve(64);
    text_.reserve(1024);
  }

  void attach(htmlParserCtxtPtr context) { context_ = context; }

  void start(const xmlChar* raw_name, const xmlChar** attributes) {
    const std::string_view name(reinterpret_cast<const char*>(raw_name));
    const std::uint64_t hash = name_hash(name);
    const int tag = tag_table().find(name, hash);
    std::uint8_t flags = tag >= 0 ? kTags[tag].flags : 0;
    if ((flags & kAnchor) && !has_href(attributes)) flags = 0;
    if (skip_depth_ == 0) {
      if (flags & kBlock) finish_paragraph();
      if (flags & kBreak) line_break();
    }
    // Past the limit elements are only counted, so that their end events still match.
    if (stack_.size() >= kMaxDepth) {
      ++overflow_;
      return;
    }
    const std::int32_t innermost_block =
        (flags & kBlock) ? static_cast<std::int32_t>(stack_.size()) : stack_.empty() ? -1 : stack_.back().innermost_block;
    stack_.push_back({hash, innermost_block, static_cast<std::int16_t>(tag), flags});
    if (flags & kSkip) ++skip_depth_;
    if (flags & kAnchor) ++link_depth_;
    if (flags & kHead) ++head_depth_;
    if (flags & kTitle) ++title_depth_;
  }

  void end(const xmlChar* raw_name) {
    const std::string_view name(reinterpret_cast<const char*>(raw_name));
    const std::uint64_t hash = name_hash(name);
    if (overflow_ > 0) {
      --overflow_;
      const int tag = tag_table().find(name, hash);
      if (tag >= 0 && (kTags[tag].flags & kBlock) && skip_depth_ == 0) finish_paragraph();
      return;
    }
    // libxml2 closes what it auto-closes with end events of its own, so the match is
    // normally on top; an end for an element that is not open is ignored.
    for (std::size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i].hash != hash) continue;
      while (stack_.size() > i) {
        const OpenElement element = stack_.back();
        stack_.pop_back();
        close(element);
      }
      return;
    }
  }

  void text(const xmlChar* raw, int length) {
    if (skip_depth_ > 0 || length <= 0) return;
    const std::string_view chunk(reinterpret_cast<const char*>(raw), static_cast<std::size_t>(length));
    if (title_depth_ > 0) {
      if (!title_done_) append_title(chunk);
      return;
    }
    if (head_depth_ > 0) return;
    const bool in_link = link_depth_ > 0;
    std::size_t i = 0;
    while (i < chunk.size()) {
      const std::size_t space = space_length(chunk, i);
      if (space > 0) {
        pending_space_ = true;
        i += space;
        continue;
      }
      if (text_.empty()) {
        begin_paragraph(chunk.size() - i);
      } else if (pending_breaks_ > 0 || pending_space_) {
        text_ += pending_breaks_ > 0 ? '\n' : ' ';
        if (in_link && last_was_link_) ++link_bytes_;
      }
      pending_space_ = false;
      pending_breaks_ = 0;
      const std::size_t before = text_.size();
      i = append_word(chunk, i);
      if (in_link) link_bytes_ += text_.size() - before;
      last_was_link_ = in_link;
    }
  }

  void finish_paragraph() {
    pending_space_ = false;
    pending_breaks_ = 0;
    last_was_link_ = false;
    if (text_.empty()) return;
    Paragraph& paragraph = document_.paragraphs.emplace_back();
    paragraph.text = is_valid_utf8(text_) ? text_ : to_valid_utf8(text_);
    paragraph.tag = paragraph_tag_ >= 0 ? kTags[paragraph_tag_].name : "body";
    paragraph.depth = paragraph_depth_;
    paragraph.link_chars = std::min(link_bytes_, paragraph.text.size());
    paragraph.byte_offset = paragraph_offset_;
    text_.clear();
    link_bytes_ = 0;
  }

  void finish_title() {
    if (!title_.empty() && title_.back() == ' ') title_.pop_back();
    document_.title = is_valid_utf8(title_) ? title_ : to_valid_utf8(title_);
  }

 private:
  struct OpenElement {
    std::uint64_t hash;
    std::int32_t innermost_block;  // index in the stack of the nearest block at or below, -1: none
    std::int16_t tag;              // index into kTags, -1: not in the table
    std::uint8_t flags;
  };
  static constexpr std::size_t kMaxDepth = 10000;

  void close(const OpenElement& element) {
    if (element.flags & kSkip) --skip_depth_;
    if (element.flags & kAnchor) --link_depth_;
    if (element.flags & kHead) --head_depth_;
    if (element.flags & kTitle) {
      // Only the first <title> names the page; later ones (inside <svg>) are not text either.
      if (--title_depth_ == 0) title_done_ = true;
    }
    if ((element.flags & kBlock) && skip_depth_ == 0) finish_paragraph();
  }

  // One <br> is a line break inside the paragraph; a second in a row ends the paragraph.
  void line_break() {
    if (text_.empty()) return;
    if (++pending_breaks_ >= 2) finish_paragraph();
  }

  // Bytes of white space at `i`: ASCII space, tab, CR, LF, form feed, and U+00A0.
  static std::size_t space_length(std::string_view chunk, std::size_t i) {
    const auto c = static_cast<unsigned char>(chunk[i]);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') return 1;
    if (c == 0xC2 && i + 1 < chunk.size() && static_cast<unsigned char>(chunk[i + 1]) == 0xA0) return 2;
    return 0;
  }

  // Appends the run of non-space text at `i`; returns where it ends.
  std::size_t append_word(std::string_view chunk, std::size_t i) {
    std::size_t start = i;
    while (i < chunk.size() && space_length(chunk, i) == 0) {
      if (static_cast<unsigned char>(chunk[i]) == 0xC2 && i + 1 < chunk.size()) {
        const auto next = static_cast<unsigned char>(chunk[i + 1]);
        if (next >= 0x80 && next <= 0x9F && kCp1252High[next - 0x80] != 0) {
          text_.append(chunk.substr(start, i - start));
          append_utf8(text_, kCp1252High[next - 0x80]);
          i += 2;
          start = i;
          continue;
        }
      }
      ++i;
    }
    text_.append(chunk.substr(start, i - start));
    return i;
  }

  // `remaining` bytes of the current text event follow the paragraph's first byte.
  void begin_paragraph(std::size_t remaining) {
    paragraph_tag_ = stack_.empty() || stack_.back().innermost_block < 0 ? -1 : stack_[stack_.back().innermost_block].tag;
    paragraph_depth_ = static_cast<int>(stack_.size() + overflow_);
    // libxml2 reports text once it has read past it: step back over what follows.
    const long consumed = context_ ? xmlByteConsumed(context_) : -1;
    std::size_t offset = skipped_ + (consumed > 0 ? static_cast<std::size_t>(consumed) : 0);
    offset = offset > remaining ? offset - remaining : 0;
    offset = input_prefix_ + static_cast<std::size_t>(static_cast<double>(offset) * offset_scale_);
    paragraph_offset_ = last_offset_ = std::max(offset, last_offset_);
  }

  void append_title(std::string_view chunk) {
    for (std::size_t i = 0; i < chunk.size();) {
      const std::size_t space = space_length(chunk, i);
      if (space > 0) {
        if (!title_.empty() && title_.back() != ' ') title_ += ' ';
        i += space;
      } else {
        title_ += chunk[i++];
      }
    }
  }

  Document& document_;
  std::size_t input_prefix_, skipped_;
  double offset_scale_;
  htmlParserCtxtPtr context_ = nullptr;

  std::vector<OpenElement> stack_;
  std::size_t overflow_ = 0;
  int skip_depth_ = 0, link_depth_ = 0, head_depth_ = 0, title_depth_ = 0;
  bool title_done_ = false;
  std::string title_;

  std::string text_;  // the paragraph being collected, reused across paragraphs
  std::size_t link_bytes_ = 0;
  bool pending_space_ = false;
  int pending_breaks_ = 0;
  bool last_was_link_ = false;
  int paragraph_tag_ = -1;
  int paragraph_depth_ = 0;
  std::size_t paragraph_offset_ = 0, last_offset_ = 0;
};

// The parse of one page; SAX callbacks land here. An exception (std::bad_alloc) must not
// unwind through libxml2's C frames: it is kept, the parser stopped, and it is rethrown after.
struct ParseSession {
  HtmlSegmenter segmenter;
  htmlParserCtxtPtr context = nullptr;
  std::exception_ptr failure;

  template <typename Action>
  static void guarded(void* user_data, Action&& action) {
    auto* session = static_cast<ParseSession*>(user_data);
    if (session->failure) return;
    try {
      action(session->segmenter);
    } catch (...) {
      session->failure = std::current_exception();
      xmlStopParser(session->context);
    }
  }
};

void on_start(void* user_data, const xmlChar* name, const xmlChar** attributes) {
  ParseSession::guarded(user_data, [&](HtmlSegmenter& s) { s.start(name, attributes); });
}
void on_end(void* user_data, const xmlChar* name) {
  ParseSession::guarded(user_data, [&](HtmlSegmenter& s) { s.end(name); });
}
void on_text(void* user_data, const xmlChar* text, int length) {
  ParseSession::guarded(user_data, [&](HtmlSegmenter& s) { s.text(text, length); });
}

// libxml2 reports thousands of recoverable errors per page; pith recovers as browsers do.
void ignore_error(void*, const char*, ...) {}
void ignore_structured_error(void*, xmlErrorPtr) {}

const htmlSAXHandler& sax_handler() {
  static const htmlSAXHandler handler = [] {
    htmlSAXHandler sax;
    std::memset(&sax, 0, sizeof sax);
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;  // white space between inline elements separates words
    sax.cdataBlock = on_text;
    sax.warning = ignore_error;
    sax.error = ignore_error;
    sax.fatalError = ignore_error;
    sax.initialized = XML_SAX2_MAGIC;  // makes libxml2 route errors to serror
    sax.serror = ignore_structured_error;
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
      : generic_(xmlGenericError), generic_context_(xmlGenericErrorContext),
        structured_(xmlStructuredError), structured_context_(xmlStructuredErrorContext) {
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

constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
constexpr std::size_t kChunkBytes = 256 * 1024;

}  // namespace

Document segment_html(std::string_view html_bytes, const std::string& source, const HtmlSegmenterOptions& options) {
  Document document;
  document.source = source;
  document.kind = PageKind::html;
  if (html_bytes.empty()) return document;

  std::string storage;
  std::string_view utf8 = decode_to_utf8(html_bytes, options.charset_hint, storage);
  // Unless it was transcoded or repaired, the text libxml2 reads is the input minus a BOM.
  const bool converted = !storage.empty() && utf8.data() == storage.data();
  const std::size_t input_prefix = converted ? 0 : html_bytes.size() - utf8.size();
  const double scale = converted ? static_cast<double>(html_bytes.size()) / static_cast<double>(utf8.size()) : 1.0;
  const std::size_t skipped = skip_leading_end_tags(utf8);
  utf8.remove_prefix(skipped);

  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
  SilenceLibxmlErrors silence;

  ParseSession session{HtmlSegmenter(document, input_prefix, skipped, scale), nullptr, nullptr};
  htmlParserCtxtPtr context = htmlCreatePushParserCtxt(const_cast<htmlSAXHandler*>(&sax_handler()), &session,
                                                       nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  if (!context) throw Error(source, "", "cannot create an HTML parser (out of memory)");
  std::unique_ptr<htmlParserCtxt, void (*)(htmlParserCtxtPtr)> guard(context, &htmlFreeParserCtxt);
  session.context = context;
  session.segmenter.attach(context);
  htmlCtxtUseOptions(context, kParseOptions);

  for (std::size_t offset = 0; offset < utf8.size() && !session.failure; offset += kChunkBytes) {
    const std::size_t length = std::min(kChunkBytes, utf8.size() - offset);
    htmlParseChunk(context, utf8.data() + offset, static_cast<int>(length), 0);
  }
  if (!session.failure) htmlParseChunk(context, nullptr, 0, 1);
  if (session.failure) std::rethrow_exception(session.failure);
  session.segmenter.finish_paragraph();
  session.segmenter.finish_title();
  return document;
}

}  // namespace pith
