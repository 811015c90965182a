#include "features/html_tokenizer.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "features/html_character_references.h"
#include "features/unicode.h"

namespace pith {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

bool is_ascii_alpha(char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }

// What a byte is to the tag and attribute name loops, one table look-up where there were
// seven comparisons a byte: what ends a tag name (white space, '/', '>'), what ends an
// attribute name too ('='), and what makes a name need rewriting (upper case, NUL).
enum NameByte : std::uint8_t { kEndsTagName = 1, kEndsAttributeName = 2, kNeedsRewrite = 4 };
constexpr std::array<std::uint8_t, 256> kNameBytes = [] {
  std::array<std::uint8_t, 256> table{};
  for (const char c : {' ', '\t', '\n', '\r', '\f', '/', '>'})
    table[static_cast<unsigned char>(c)] = kEndsTagName | kEndsAttributeName;
  table['='] = kEndsAttributeName;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = kNeedsRewrite;
  table[0] = kNeedsRewrite;
  return table;
}();
std::uint8_t name_byte(char c) { return kNameBytes[static_cast<unsigned char>(c)]; }

// Where the first of up to four bytes occurs in [at, end), `end` if none: the loop text runs
// through, 16 bytes at a time where SSE2 is there (every x86-64).
template <char A, char B, char C, char D>
const char* find_any(const char* at, const char* end) {
#if defined(__SSE2__)
  const __m128i a = _mm_set1_epi8(A), b = _mm_set1_epi8(B), c = _mm_set1_epi8(C), d = _mm_set1_epi8(D);
  for (; end - at >= 16; at += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, a), _mm_cmpeq_epi8(chunk, b)),
                                     _mm_or_si128(_mm_cmpeq_epi8(chunk, c), _mm_cmpeq_epi8(chunk, d)));
    if (const int mask = _mm_movemask_epi8(hit)) return at + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  for (; at < end; ++at)
    if (*at == A || *at == B || *at == C || *at == D) return at;
  return end;
}

// One page's tokenizer. Text runs are handed on as views into the input wherever nothing in
// them needs rewriting; names and values are copied only when they hold upper case, a
// character reference, a CR or a NUL.
class Tokenizer {
 public:
  Tokenizer(std::string_view input, HtmlTokenSink& sink) : in_(input), sink_(sink) { attributes_.reserve(16); }

  void run(HtmlTextModel model, std::string_view last_start_tag) {
    last_start_tag_.assign(last_start_tag);
    while (pos_ < in_.size()) {
      switch (model) {
        case HtmlTextModel::data:
          model = data();
          break;
        case HtmlTextModel::rcdata:
        case HtmlTextModel::rawtext:
        case HtmlTextModel::script_data:
          model = raw_text(model == HtmlTextModel::rcdata);
          break;
        case HtmlTextModel::plaintext:
          plain_text();
          break;
      }
    }
  }

 private:
  // ---- text ----

  // Hands text [from, to) on, CR LF and CR read as LF.
  void emit_text(std::size_t from, std::size_t to) {
    while (from < to) {
      const char* cr = static_cast<const char*>(std::memchr(in_.data() + from, '\r', to - from));
      if (!cr) {
        sink_.text(in_.substr(from, to - from), from);
        return;
      }
      const std::size_t at = static_cast<std::size_t>(cr - in_.data());
      if (at > from) sink_.text(in_.substr(from, at - from), from);
      if (at + 1 < to && in_[at + 1] == '\n') {
        from = at + 1;  // the LF stands for both
      } else {
        sink_.text("\n", at);
        from = at + 1;
      }
    }
  }

  // Hands text [from, to) on as it is: the data and raw text loops stop at every CR, so the
  // runs they hand on hold none (emit_text's search for one was a library call per text event).
  void emit_plain_text(std::size_t from, std::size_t to) {
    if (to > from) sink_.text(in_.substr(from, to - from), from);
  }

  // At a CR in text (pos_): hands on the run before it, and a LF for it unless a LF follows,
  // which then stands for both (as emit_text reads them).
  void carriage_return(std::size_t& run) {
    emit_plain_text(run, pos_);
    if (pos_ + 1 >= in_.size() || in_[pos_ + 1] != '\n') sink_.text("\n", pos_);
    run = ++pos_;
  }

  // At a '&' in text: hands on the run before it and the reference's characters, or keeps a
  // '&' that starts no reference in the run.
  void character_reference(std::size_t& run) {
    scratch_.clear();
    const std::size_t length = read_character_reference(in_, pos_, false, scratch_);
    if (length == 0) {
      ++pos_;
      return;
    }
    emit_plain_text(run, pos_);
    sink_.text(scratch_, pos_);
    pos_ += length;
    run = pos_;
  }

  // Data state: text up to the next tag. Returns the text model the next tag asks for.
  HtmlTextModel data() {
    std::size_t run = pos_;  // start of the text not handed on yet
    const char* const end = in_.data() + in_.size();
    for (;;) {
      const char* hit = find_any<'<', '&', '\0', '\r'>(in_.data() + pos_, end);
      pos_ = static_cast<std::size_t>(hit - in_.data());
      if (hit == end) {
        emit_plain_text(run, pos_);
        return HtmlTextModel::data;
      }
      if (*hit == '&') {
        character_reference(run);
        continue;
      }
      if (*hit == '\r') {
        carriage_return(run);
        continue;
      }
      if (*hit == '\0') {
        emit_plain_text(run, pos_);
        sink_.text(std::string_view("\0", 1), pos_);
        run = ++pos_;
        continue;
      }
      // '<'
      const std::size_t tag = pos_;
      if (tag + 1 >= in_.size()) {
        pos_ = in_.size();
        emit_plain_text(run, pos_);
        return HtmlTextModel::data;
      }
      const char next = in_[tag + 1];
      if (is_ascii_alpha(next)) {
        emit_plain_text(run, tag);
        return start_tag(tag);
      }
      if (next == '/') {
        if (tag + 2 >= in_.size()) {  // "</" at the end is text
          pos_ = in_.size();
          emit_plain_text(run, pos_);
          return HtmlTextModel::data;
        }
        emit_plain_text(run, tag);
        const char first = in_[tag + 2];
        if (is_ascii_alpha(first)) {
          end_tag(tag);
        } else if (first == '>') {
          pos_ = tag + 3;  // "</>" is nothing
        } else {
          bogus_comment(tag, tag + 2);
        }
        return HtmlTextModel::data;
      }
      if (next == '!') {
        emit_plain_text(run, tag);
        markup_declaration(tag);
        return HtmlTextModel::data;
      }
      if (next == '?') {
        emit_plain_text(run, tag);
        bogus_comment(tag, tag + 1);
        return HtmlTextModel::data;
      }
      ++pos_;  // a '<' that starts nothing is text
    }
  }

  // RCDATA, RAWTEXT and script data: text up to an end tag naming the last start tag.
  HtmlTextModel raw_text(bool references) {
    std::size_t run = pos_;
    const char* const end = in_.data() + in_.size();
    for (;;) {
      const char* hit = references ? find_any<'<', '&', '\0', '\r'>(in_.data() + pos_, end)
                                   : find_any<'<', '\0', '\r', '\r'>(in_.data() + pos_, end);
      pos_ = static_cast<std::size_t>(hit - in_.data());
      if (hit == end) {
        emit_plain_text(run, pos_);
        return HtmlTextModel::data;
      }
      if (*hit == '&') {
        character_reference(run);
        continue;
      }
      if (*hit == '\r') {
        carriage_return(run);
        continue;
      }
      if (*hit == '\0') {  // outside data a NUL reads as U+FFFD
        emit_plain_text(run, pos_);
        sink_.text(kReplacementCharacter, pos_);
        run = ++pos_;
        continue;
      }
      if (appropriate_end_tag_at(pos_)) {
        emit_plain_text(run, pos_);
        end_tag(pos_);
        return HtmlTextModel::data;
      }
      ++pos_;
    }
  }

  void plain_text() {
    std::size_t run = pos_;
    for (;;) {
      const char* nul = static_cast<const char*>(std::memchr(in_.data() + pos_, '\0', in_.size() - pos_));
      if (!nul) break;
      pos_ = static_cast<std::size_t>(nul - in_.data());
      emit_text(run, pos_);
      sink_.text(kReplacementCharacter, pos_);
      run = ++pos_;
    }
    pos_ = in_.size();
    emit_text(run, pos_);
  }

  // Whether "</" + the last start tag's name (any case) + white space, '/' or '>' is at `at`.
  bool appropriate_end_tag_at(std::size_t at) const {
    const std::size_t name_end = at + 2 + last_start_tag_.size();
    if (last_start_tag_.empty() || name_end >= in_.size() || in_[at + 1] != '/') return false;
    for (std::size_t i = 0; i < last_start_tag_.size(); ++i)
      if (ascii_lower(in_[at + 2 + i]) != last_start_tag_[i]) return false;
    const char after = in_[name_end];
    return is_ascii_space(after) || after == '/' || after == '>';
  }

  // ---- tags ----

  // Reads a tag name from pos_ (an ASCII letter); `name_` holds it lower case.
  void read_tag_name() {
    const std::size_t from = pos_;
    bool plain = true;  // lower case, nothing to replace: a view into the input will do
    for (; pos_ < in_.size(); ++pos_) {
      const std::uint8_t kind = name_byte(in_[pos_]);
      if (kind & kEndsTagName) break;
      if (kind & kNeedsRewrite) plain = false;
    }
    if (plain) {
      name_ = in_.substr(from, pos_ - from);
      return;
    }
    name_buffer_.clear();
    for (std::size_t i = from; i < pos_; ++i) {
      if (in_[i] == '\0')
        name_buffer_ += kReplacementCharacter;
      else
        name_buffer_ += ascii_lower(in_[i]);
    }
    name_ = name_buffer_;
  }

  // Reads attributes up to and including the tag's '>'; false when the input ends inside the
  // tag (the standard drops such a tag). Sets self_closing_.
  bool read_attributes() {
    attributes_.clear();
    values_.clear();
    spans_.clear();
    self_closing_ = false;
    for (;;) {
      while (pos_ < in_.size() && is_ascii_space(in_[pos_])) ++pos_;
      if (pos_ >= in_.size()) return false;
      char c = in_[pos_];
      if (c == '>') {
        ++pos_;
        return true;
      }
      if (c == '/') {
        ++pos_;
        if (pos_ < in_.size() && in_[pos_] == '>') {
          self_closing_ = true;
          ++pos_;
          return true;
        }
        continue;
      }
      // Attribute name: a first '=' belongs to it.
      const std::size_t name_from = pos_++;
      bool plain_name = c != '\0' && !(c >= 'A' && c <= 'Z');
      for (; pos_ < in_.size(); ++pos_) {
        const std::uint8_t kind = name_byte(in_[pos_]);
        if (kind & kEndsAttributeName) break;
        if (kind & kNeedsRewrite) plain_name = false;
      }
      Span span{};
      if (plain_name) {
        span.name = {false, name_from, pos_ - name_from};
      } else {
        span.name = {true, values_.size(), 0};
        for (std::size_t i = name_from; i < pos_; ++i) {
          if (in_[i] == '\0')
            values_ += kReplacementCharacter;
          else
            values_ += ascii_lower(in_[i]);
        }
        span.name.length = values_.size() - span.name.from;
      }
      while (pos_ < in_.size() && is_ascii_space(in_[pos_])) ++pos_;
      if (pos_ < in_.size() && in_[pos_] == '=') {
        ++pos_;
        while (pos_ < in_.size() && is_ascii_space(in_[pos_])) ++pos_;
        if (pos_ >= in_.size()) return false;
        c = in_[pos_];
        if (c == '"' || c == '\'') {
          const char* close = static_cast<const char*>(std::memchr(in_.data() + pos_ + 1, c, in_.size() - pos_ - 1));
          if (!close) return false;
          const std::size_t value_from = pos_ + 1, value_to = static_cast<std::size_t>(close - in_.data());
          span.value = read_value(value_from, value_to);
          pos_ = value_to + 1;
        } else if (c != '>') {  // unquoted, up to white space or '>'
          const std::size_t value_from = pos_;
          while (pos_ < in_.size() && !is_ascii_space(in_[pos_]) && in_[pos_] != '>') ++pos_;
          if (pos_ >= in_.size()) return false;
          span.value = read_value(value_from, pos_);
        }
      }
      spans_.push_back(span);
    }
  }

  // Where a name or value sits: in the input, or in values_ (rewritten).
  struct Piece {
    bool rewritten;
    std::size_t from, length;
  };
  struct Span {
    Piece name, value;
  };

  Piece read_value(std::size_t from, std::size_t to) {
    std::size_t at =
        static_cast<std::size_t>(find_any<'&', '\r', '\0', '\0'>(in_.data() + from, in_.data() + to) - in_.data());
    if (at == to) return {false, from, to - from};
    const std::size_t start = values_.size();
    values_.append(in_.substr(from, at - from));
    while (at < to) {
      const char c = in_[at];
      if (c == '&') {
        // A reference reads only inside the value: the value ends where the quote was.
        const std::size_t length = read_character_reference(in_.substr(0, to), at, true, values_);
        if (length > 0) {
          at += length;
          continue;
        }
        values_ += '&';
      } else if (c == '\r') {
        values_ += '\n';
        if (at + 1 < to && in_[at + 1] == '\n') ++at;
      } else if (c == '\0') {
        values_ += kReplacementCharacter;
      } else {
        values_ += c;
      }
      ++at;
    }
    return {true, start, values_.size() - start};
  }

  std::string_view piece(const Piece& p) const {
    return p.rewritten ? std::string_view(values_).substr(p.from, p.length) : in_.substr(p.from, p.length);
  }

  // The attributes read, first of duplicates kept; views valid until the next tag.
  HtmlAttributes collect_attributes() {
    attributes_.clear();
    // Comparing each name with every kept one is quadratic: a hostile tag of 50,000 distinct
    // attributes took 4 s. Past a few, a set of the kept names answers instead.
    constexpr std::size_t kLinearLimit = 16;
    const bool use_set = spans_.size() > kLinearLimit;
    if (use_set) kept_names_.clear();
    for (const Span& span : spans_) {
      const std::string_view name = piece(span.name);
      bool duplicate = false;
      if (use_set) {
        duplicate = !kept_names_.insert(name).second;
      } else {
        for (const HtmlAttribute& kept : attributes_)
          if (kept.name == name) {
            duplicate = true;
            break;
          }
      }
      if (!duplicate) attributes_.push_back({name, piece(span.value)});
    }
    return HtmlAttributes(attributes_.data(), attributes_.size());
  }

  HtmlTextModel start_tag(std::size_t tag) {
    pos_ = tag + 1;
    read_tag_name();
    // name_ may view name_buffer_, which attributes never touch.
    if (!read_attributes()) {
      pos_ = in_.size();
      return HtmlTextModel::data;
    }
    const HtmlTextModel model = sink_.start_tag(name_, collect_attributes(), self_closing_, tag);
    if (model != HtmlTextModel::data) last_start_tag_.assign(name_);
    return model;
  }

  void end_tag(std::size_t tag) {
    pos_ = tag + 2;
    read_tag_name();
    if (!read_attributes()) {  // attributes of an end tag are read and dropped
      pos_ = in_.size();
      return;
    }
    sink_.end_tag(name_, tag);
  }

  // ---- comments and declarations ----

  // "<!": a comment, a DOCTYPE, or a bogus comment up to '>'.
  void markup_declaration(std::size_t tag) {
    if (in_.compare(tag + 2, 2, "--") == 0) {
      comment(tag);
      return;
    }
    static constexpr std::string_view kDoctype = "doctype";
    if (in_.size() - tag - 2 >= kDoctype.size()) {
      std::size_t i = 0;
      while (i < kDoctype.size() && ascii_lower(in_[tag + 2 + i]) == kDoctype[i]) ++i;
      if (i == kDoctype.size()) {
        doctype(tag, tag + 2 + kDoctype.size());
        return;
      }
    }
    bogus_comment(tag, tag + 2);
  }

  // "<!--": ends at "-->" or "--!>"; "<!-->" and "<!--->" are empty comments.
  void comment(std::size_t tag) {
    const std::size_t from = tag + 4;
    if (in_.compare(from, 1, ">") == 0) {
      sink_.comment({}, tag);
      pos_ = from + 1;
      return;
    }
    if (in_.compare(from, 2, "->") == 0) {
      sink_.comment({}, tag);
      pos_ = from + 2;
      return;
    }
    for (std::size_t dashes = in_.find("--", from); dashes != std::string_view::npos;
         dashes = in_.find("--", dashes + 1)) {
      if (in_.compare(dashes + 2, 1, ">") == 0) {
        emit_comment(from, dashes, tag);
        pos_ = dashes + 3;
        return;
      }
      if (in_.compare(dashes + 2, 2, "!>") == 0) {
        emit_comment(from, dashes, tag);
        pos_ = dashes + 4;
        return;
      }
    }
    // The input ends inside the comment; a "-", "--" or "--!" at the very end is not its text.
    std::size_t to = in_.size();
    if (in_.ends_with("--!") && to - 3 >= from)
      to -= 3;
    else if (in_.ends_with("--") && to - 2 >= from)
      to -= 2;
    else if (in_.ends_with("-") && to - 1 >= from)
      to -= 1;
    emit_comment(from, to, tag);
    pos_ = in_.size();
  }

  // A comment from "<?", "</" + not a letter, or "<!" + neither "--" nor DOCTYPE: up to '>'.
  void bogus_comment(std::size_t tag, std::size_t from) {
    const char* close = static_cast<const char*>(std::memchr(in_.data() + from, '>', in_.size() - from));
    const std::size_t to = close ? static_cast<std::size_t>(close - in_.data()) : in_.size();
    emit_comment(from, to, tag);
    pos_ = close ? to + 1 : in_.size();
  }

  void emit_comment(std::size_t from, std::size_t to, std::size_t tag) {
    const std::string_view text = in_.substr(from, to - from);
    if (text.find_first_of(std::string_view("\r\0", 2)) == std::string_view::npos) {
      sink_.comment(text, tag);
      return;
    }
    comment_buffer_.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\0') {
        comment_buffer_ += kReplacementCharacter;
      } else if (text[i] == '\r') {
        comment_buffer_ += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        comment_buffer_ += text[i];
      }
    }
    sink_.comment(comment_buffer_, tag);
  }

  // "<!DOCTYPE": its name, lower case; the rest up to '>' is not read.
  void doctype(std::size_t tag, std::size_t from) {
    std::size_t at = from;
    while (at < in_.size() && is_ascii_space(in_[at])) ++at;
    name_buffer_.clear();
    for (; at < in_.size() && !is_ascii_space(in_[at]) && in_[at] != '>'; ++at) {
      if (in_[at] == '\0')
        name_buffer_ += kReplacementCharacter;
      else
        name_buffer_ += ascii_lower(in_[at]);
    }
    const char* close = static_cast<const char*>(std::memchr(in_.data() + from, '>', in_.size() - from));
    pos_ = close ? static_cast<std::size_t>(close - in_.data()) + 1 : in_.size();
    sink_.doctype(name_buffer_, tag);
  }

  std::string_view in_;
  HtmlTokenSink& sink_;
  std::size_t pos_ = 0;
  std::string last_start_tag_;  // what ends RCDATA, RAWTEXT and script data
  std::string_view name_;       // the tag's name: a view into the input or name_buffer_
  std::string name_buffer_;
  bool self_closing_ = false;
  std::vector<Span> spans_;
  std::string values_;  // rewritten attribute names and values of the current tag
  std::vector<HtmlAttribute> attributes_;
  std::unordered_set<std::string_view> kept_names_;  // names kept, for a tag of many attributes
  std::string scratch_;  // a decoded character reference
  std::string comment_buffer_;
};

}  // namespace

void tokenize_html(std::string_view utf8, HtmlTokenSink& sink, HtmlTextModel initial,
                   std::string_view last_start_tag) {
  Tokenizer tokenizer(utf8, sink);
  tokenizer.run(initial, last_start_tag);
}

}  // namespace pith
