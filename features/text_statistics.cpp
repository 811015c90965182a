#include "features/text_statistics.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "features/unicode.h"

namespace pith {
namespace {

std::string_view trim_trailing_space(std::string_view text) {
  while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
  return text;
}

bool ends_like_sentence(std::string_view text) {
  text = trim_trailing_space(text);
  if (text.empty()) return false;
  const char last = text.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == '"' || last == ')') return true;
  // closing quotes ’ ” and the ellipsis … (U+2019, U+201D, U+2026)
  return text.ends_with("\u2019") || text.ends_with("\u201D") || text.ends_with("\u2026");
}

bool ends_with_ellipsis(std::string_view text) {
  text = trim_trailing_space(text);
  return text.ends_with("...") || text.ends_with("\u2026");
}

// A word without the ASCII punctuation around it: "(2019-05-03)," -> "2019-05-03".
std::string_view strip_ascii_punctuation(std::string_view word) {
  const auto is_punctuation = [](char c) {
    return static_cast<unsigned char>(c) < 0x80 &&
           !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  };
  while (!word.empty() && is_punctuation(word.front())) word.remove_prefix(1);
  while (!word.empty() && is_punctuation(word.back())) word.remove_suffix(1);
  return word;
}

// Three groups of digits joined by one separator ('-', '.' or '/'), shaped like a day, month
// and year in some order: 2019-05-03, 03.05.2019, 3/5/19. The year (2 or 4 digits) is first
// or last, so version numbers like 1.2.3 are not dates.
bool is_numeric_date(std::string_view word) {
  std::array<std::size_t, 3> length{};
  std::size_t group = 0;
  char separator = 0;
  for (const char c : word) {
    if (c >= '0' && c <= '9') {
      ++length[group];
    } else if ((c == '-' || c == '.' || c == '/') && group < 2 && length[group] > 0 &&
               (separator == 0 || separator == c)) {
      separator = c;
      ++group;
    } else {
      return false;
    }
  }
  if (group != 2 || length[1] == 0 || length[1] > 2 || length[0] > 4 || length[2] > 4 || length[2] == 0) return false;
  const bool year_first = length[0] == 4 && length[2] <= 2;
  const bool year_last = length[0] <= 2 && (length[2] == 2 || length[2] == 4);
  return year_first || year_last;
}

// An English month name or its three-letter abbreviation, capitalised ("May", "Sept.",
// "december" is not: lower-case "may" and "march" are mostly verbs). The one language list
// here, kept because dates in English pages are the common case and the test is cheap.
bool is_month_name(std::string_view word) {
  if (word.size() < 3 || word.size() > 9 || word[0] < 'A' || word[0] > 'Z') return false;
  // most capitalised words fail here, before they are lowered and compared with every month
  constexpr std::uint32_t kMonthInitials = [] {
    std::uint32_t initials = 0;
    for (const char c : {'J', 'F', 'M', 'A', 'S', 'O', 'N', 'D'}) initials |= std::uint32_t{1} << (c - 'A');
    return initials;
  }();
  if (((kMonthInitials >> (word[0] - 'A')) & 1) == 0) return false;
  std::array<char, 9> lower{};
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view name(lower.data(), word.size());
  static constexpr std::string_view kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
  for (const std::string_view month : kMonths)
    if (name == month || (name.size() == 3 && month.starts_with(name))) return true;
  return name == "sept";
}

// name@host.tld: something before the '@', a dot after it with something on both sides.
bool is_email(std::string_view word) {
  const std::size_t at = word.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  const std::size_t dot = word.find('.', at + 2);
  return dot != std::string_view::npos && dot + 1 < word.size();
}

bool is_url(std::string_view word) {
  if (word.find("://") != std::string_view::npos) return true;
  return word.size() > 4 && (word[0] == 'w' || word[0] == 'W') && (word[1] == 'w' || word[1] == 'W') &&
         (word[2] == 'w' || word[2] == 'W') && word[3] == '.';
}

// TextScanner's inner loop sums, per ASCII byte, its classes packed as counts in lanes of one
// integer: one table load and one add count a byte's digit, upper-case, word-character and
// marked classes at once. A lane holds kLaneBits, so a sum is flushed every kMaxBytesPerSum
// bytes before a lane could carry into the next.
enum class AsciiLane { digit, upper, word, full_stop, other_marked };
constexpr int kLaneBits = 12;
constexpr std::size_t kMaxBytesPerSum = (std::size_t{1} << kLaneBits) - 1;
constexpr std::uint64_t lane_unit(AsciiLane lane) { return std::uint64_t{1} << (static_cast<int>(lane) * kLaneBits); }
constexpr std::size_t lane_count(std::uint64_t sum, AsciiLane lane) {
  return (sum >> (static_cast<int>(lane) * kLaneBits)) & kMaxBytesPerSum;
}
// White space (the token's end) and bytes of multi-byte code points end a run of ASCII bytes;
// their entry is never added, so this bit cannot be reached by a sum.
constexpr std::uint64_t kEndsAsciiRun = std::uint64_t{1} << 63;
// '.' is counted in its own lane; '|', '@', ':' and '(' are rare, so a token holding one is
// searched for them again (find_marked).
constexpr std::array<std::uint64_t, 256> kByteClasses = [] {
  std::array<std::uint64_t, 256> classes{};
  for (int c = '0'; c <= '9'; ++c) classes[c] = lane_unit(AsciiLane::digit) | lane_unit(AsciiLane::word);
  for (int c = 'A'; c <= 'Z'; ++c) classes[c] = lane_unit(AsciiLane::upper) | lane_unit(AsciiLane::word);
  for (int c = 'a'; c <= 'z'; ++c) classes[c] = lane_unit(AsciiLane::word);
  classes['.'] = lane_unit(AsciiLane::full_stop);
  for (const char c : {'|', '@', ':', '('}) classes[static_cast<unsigned char>(c)] = lane_unit(AsciiLane::other_marked);
  for (const char c : {' ', '\t', '\n', '\r', '\f'}) classes[static_cast<unsigned char>(c)] = kEndsAsciiRun;
  for (int c = 0x80; c < 0x100; ++c) classes[c] = kEndsAsciiRun;
  return classes;
}();

// Like next_code_point, but a code point's bytes stop at white space as the token does: a
// sequence cut short by a space (invalid UTF-8) yields its lead byte alone.
char32_t next_code_point_in_token(std::string_view text, std::size_t& i) {
  std::size_t end = i + 1;
  while (end < text.size() && end < i + 4 && !is_ascii_space(text[end])) ++end;
  return next_code_point(text.substr(0, end), i);
}

// One pass over a text: words (every CJK character one), character classes, patterns, and
// boilerpipe's wrapped lines.
class TextScanner {
 public:
  explicit TextScanner(TextStatistics& stats) : stats_(stats) {}

  void scan(std::string_view text) {
    stats_.lines = 1;
    std::size_t i = 0;
    while (i < text.size()) {
      if (is_ascii_space(text[i])) {
        if (text[i] == '\n') ++stats_.lines;
        ++stats_.code_points;
        ++i;
        continue;
      }
      i = token(text, i);
    }
    add_ascii_counts();
    stats_.text_density = wrapped_lines_ == 0 ? static_cast<double>(stats_.words)
                                               : static_cast<double>(words_in_completed_lines_) /
                                                     static_cast<double>(wrapped_lines_);
  }

 private:
  // A run of code points inside a token that is not CJK: one word (or, when it holds no word
  // character and follows a word in the same token, punctuation attached to that word).
  struct Run {
    std::size_t length = 0, word_characters = 0, letters = 0, upper_case = 0;
    bool first_upper = false;
  };

  // What a token's ASCII bytes showed, for the patterns looked for once the token ends.
  struct TokenMarks {
    bool digit = false;
    bool other_marked = false;  // '|', '@', ':' or '('
  };

  // The white-space separated token starting at text[start], which is not white space; returns
  // the index just past it. ASCII, the common case, is counted in runs (ascii_run); the
  // patterns are only looked for in tokens holding the characters they need.
  std::size_t token(std::string_view text, std::size_t start) {
    Run run;
    bool after_space = true;  // the next unit is the token's first, so a space precedes it
    bool word_in_token = false;
    TokenMarks marks;
    std::size_t i = start;
    while (i < text.size()) {
      if (static_cast<unsigned char>(text[i]) < 0x80) {
        if (is_ascii_space(text[i])) break;
        i = ascii_run(text, i, run, marks);
        continue;
      }
      const char32_t c = next_code_point_in_token(text, i);
      if (c == 0xB7 || c == 0x2022) ++stats_.separators;
      if (c == 0xA9) stats_.has_copyright = true;
      const bool word_character = is_word_character(c);
      const bool upper = word_character && is_upper_case(c);
      if (is_cjk(c)) {
        ++stats_.code_points;
        ++stats_.word_code_points;
        ++stats_.letters;
        Run character;
        character.length = character.word_characters = character.letters = 1;
        if (run.word_characters == 0 && !word_in_token) {
          character.length += run.length;  // an opening quote or bracket belongs to the first character
          run = Run{};
        } else {
          flush(run, after_space, word_in_token);
        }
        flush(character, after_space, word_in_token);
        continue;
      }
      // past ASCII, every word character is a letter (digits are ASCII's)
      ++stats_.code_points;
      ++stats_.word_code_points;
      if (!word_character) ++stats_.punctuation;
      if (word_character) {
        ++stats_.letters;
        if (upper) ++stats_.upper_case_letters;
      }
      if (run.length == 0) run.first_upper = upper;
      ++run.length;
      if (word_character) {
        ++run.word_characters;
        ++run.letters;
        if (upper) ++run.upper_case;
      }
    }
    flush(run, after_space, word_in_token);
    find_patterns(text.substr(start, i - start), marks);
    return i;
  }

  // The ASCII bytes in a row from text[i], which is ASCII and not white space, the bulk of
  // most text: no code point among them ends the run, so their classes are summed and added
  // to the counts once. Returns the index of the first byte past them.
  std::size_t ascii_run(std::string_view text, std::size_t i, Run& run, TokenMarks& marks) {
    if (run.length == 0) run.first_upper = lane_count(kByteClasses[static_cast<unsigned char>(text[i])], AsciiLane::upper) > 0;
    for (;;) {
      const std::size_t begin = i;
      const std::size_t limit = std::min(text.size(), begin + kMaxBytesPerSum);
      std::uint64_t sum = 0;
      for (; i < limit; ++i) {
        const std::uint64_t classes = kByteClasses[static_cast<unsigned char>(text[i])];
        if (classes & kEndsAsciiRun) break;
        sum += classes;
      }
      add_ascii(sum, i - begin, run, marks);
      if (i < limit || i == text.size()) return i;  // else the lanes were full: go on
    }
  }

  void add_ascii(std::uint64_t sum, std::size_t count, Run& run, TokenMarks& marks) {
    const std::size_t digits = lane_count(sum, AsciiLane::digit);
    const std::size_t upper_case = lane_count(sum, AsciiLane::upper);
    const std::size_t word_characters = lane_count(sum, AsciiLane::word);
    marks.digit |= digits > 0;
    marks.other_marked |= lane_count(sum, AsciiLane::other_marked) > 0;
    if (ascii_bytes_ + count > kMaxBytesPerSum) add_ascii_counts();
    ascii_counts_ += sum;
    ascii_bytes_ += count;
    run.length += count;
    run.word_characters += word_characters;
    run.letters += word_characters - digits;
    run.upper_case += upper_case;
  }

  // Adds the classes summed over the ASCII runs so far to stats_: once per text, or sooner when
  // another run could overflow a lane.
  void add_ascii_counts() {
    const std::size_t digits = lane_count(ascii_counts_, AsciiLane::digit);
    const std::size_t word_characters = lane_count(ascii_counts_, AsciiLane::word);
    stats_.full_stops += lane_count(ascii_counts_, AsciiLane::full_stop);
    stats_.code_points += ascii_bytes_;
    stats_.word_code_points += ascii_bytes_;
    stats_.digits += digits;
    stats_.punctuation += ascii_bytes_ - word_characters;
    stats_.letters += word_characters - digits;
    stats_.upper_case_letters += lane_count(ascii_counts_, AsciiLane::upper);
    ascii_counts_ = 0;
    ascii_bytes_ = 0;
  }

  void find_patterns(std::string_view word, const TokenMarks& marks) {
    // Most tokens are lower-case words: without a digit, a marked character, or a first
    // character a date ('A'..'Z') or URL ('w', 'W') can start with, no pattern can match.
    if (!marks.digit && !marks.other_marked && word[0] >= 'a' && word[0] <= 'z' && word[0] != 'w') return;
    bool saw_at = false, saw_colon = false, saw_paren = false;
    if (marks.other_marked) {
      stats_.separators += static_cast<std::size_t>(std::count(word.begin(), word.end(), '|'));
      saw_at = word.find('@') != std::string_view::npos;
      saw_colon = word.find(':') != std::string_view::npos;
      saw_paren = word.find('(') != std::string_view::npos;
    }
    const std::string_view bare = strip_ascii_punctuation(word);
    if (!stats_.has_date && !bare.empty() && (marks.digit || (bare[0] >= 'A' && bare[0] <= 'Z')))
      stats_.has_date = is_numeric_date(bare) || is_month_name(bare);
    if (saw_at && !stats_.has_email) stats_.has_email = is_email(bare);
    if (!stats_.has_url && !bare.empty() && (saw_colon || bare[0] == 'w' || bare[0] == 'W')) stats_.has_url = is_url(bare);
    if (saw_paren && !stats_.has_copyright)
      stats_.has_copyright = word.find("(c)") != std::string_view::npos || word.find("(C)") != std::string_view::npos;
  }

  void flush(Run& run, bool& after_space, bool& word_in_token) {
    if (run.length == 0) return;
    const bool is_word = run.word_characters > 0 || !word_in_token;
    if (is_word) {
      word_in_token = true;
      ++stats_.words;
      if (run.first_upper) ++stats_.capitalised_words;
      if (run.letters > 0 && run.word_characters <= 3) ++stats_.short_words;
      if (run.letters >= 2 && run.upper_case == run.letters) ++stats_.all_caps_words;
    }
    wrap(run.length, after_space, is_word);
    after_space = false;
    run = Run{};
  }

  // boilerpipe's wrapping at kWrapColumn; text that follows without a space (the characters of
  // a CJK sentence) needs no space on the line either.
  void wrap(std::size_t length, bool after_space, bool is_word) {
    const std::size_t gap = line_length_ > 0 && after_space ? 1 : 0;
    if (line_length_ > 0 && line_length_ + gap + length > kWrapColumn) {
      ++wrapped_lines_;
      words_in_completed_lines_ += words_on_line_;
      line_length_ = length;
      words_on_line_ = is_word ? 1 : 0;
    } else {
      line_length_ += gap + length;
      if (is_word) ++words_on_line_;
    }
  }

  TextStatistics& stats_;
  std::uint64_t ascii_counts_ = 0;  // classes of ASCII runs not yet added to stats_, in lanes
  std::size_t ascii_bytes_ = 0;     // bytes summed in ascii_counts_
  std::size_t line_length_ = 0;  // code points on the wrapped line being filled
  std::size_t words_on_line_ = 0;
  std::size_t wrapped_lines_ = 0;  // completed wrapped lines
  std::size_t words_in_completed_lines_ = 0;
};

}  // namespace

std::size_t count_words(std::string_view text) {
  TextStatistics stats;
  TextScanner(stats).scan(text);
  return stats.words;
}

std::size_t HeadingWordCounter::words(StringId heading, std::string_view text) {
  if (heading == kEmptyString) return 0;
  if (heading != last_heading_) {
    last_heading_ = heading;
    last_words_ = count_words(text);
  }
  return last_words_;
}

TextStatistics compute_text_statistics(std::string_view text, std::size_t heading_words) {
  TextStatistics stats;
  TextScanner(stats).scan(text);
  stats.ends_like_sentence = ends_like_sentence(text);
  stats.ends_with_ellipsis = ends_with_ellipsis(text);
  stats.heading_words = heading_words;
  return stats;
}

TextStatistics compute_text_statistics(const Document& document, const Paragraph& paragraph,
                                       HeadingWordCounter& headings) {
  return compute_text_statistics(document.text(paragraph),
                                 headings.words(paragraph.heading, document.heading(paragraph)));
}

}  // namespace pith
