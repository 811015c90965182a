#pragma once
// Counts over one paragraph's text that several dense features share; computed in one pass
// per paragraph so the feature functions stay one-liners.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "features/paragraph.h"

namespace pith {

// Counts are 32 bits wide: a page keeps one of these per paragraph while it is scored, and
// they were half of its bytes a paragraph (issue 18). They hold any paragraph of less than
// 4 GiB of text, so any page under the default --max-page-bytes (64 MiB) many times over.
struct TextStatistics {
  std::uint32_t code_points = 0;
  // Words: white-space separated tokens, except that in scripts written without spaces
  // (features/unicode.h is_cjk) every character is a word of its own, so "東京 tower" is 3.
  std::uint32_t words = 0;
  std::uint32_t word_code_points = 0;   // code points inside words
  std::uint32_t capitalised_words = 0;  // words whose first letter is upper case
  std::uint32_t full_stops = 0;         // '.' characters
  std::uint32_t digits = 0;             // ASCII digits
  std::uint32_t lines = 0;              // 1 + line breaks kept inside the paragraph
  // boilerpipe's text density: words per line when the text is wrapped at 80 characters,
  // leaving out the last (partial) line when there is more than one.
  double text_density = 0.0;
  bool ends_like_sentence = false;    // last character is . ! ? : or a closing quote

  // jusText's idea without language lists: function words are short, so their share shows
  // running prose in any language that has them; menus and labels are poorer in them.
  std::uint32_t short_words = 0;         // words of 1 to 3 letters or digits, at least one a letter
  std::uint32_t letters = 0;             // word characters that are not ASCII digits
  std::uint32_t upper_case_letters = 0;  // of those, upper case (features/unicode.h is_upper_case)
  std::uint32_t punctuation = 0;         // code points in words that are not word characters
  std::uint32_t all_caps_words = 0;      // words of 2 or more letters, every one upper case

  // Patterns of boilerplate, found during the same pass.
  std::uint32_t separators = 0;          // '|', '·' and '•': menus and bylines
  bool has_copyright = false;          // '©' or "(c)"
  bool has_date = false;               // 2019-05-03, 03.05.2019, 3/5/19, or an English month name
  bool has_email = false;              // a word like name@host.tld
  bool has_url = false;                // a word with "://" or starting with "www."
  bool ends_with_ellipsis = false;     // "..." or "…" at the end: teasers, cut summaries

  std::uint32_t heading_words = 0;       // words of the paragraph's heading (count_words)
};

// Column at which boilerpipe wraps text to count lines.
inline constexpr std::size_t kWrapColumn = 80;

// Words of `text`, counted as TextStatistics::words counts them.
std::size_t count_words(std::string_view text);

// Words of paragraph headings, counted once per distinct heading in a row: consecutive
// paragraphs nearly always share the heading before them, and counting it again for each was a
// large share of the text statistics' cost. One counter is for one page: headings are told
// apart by their id in the page's string table.
class HeadingWordCounter {
 public:
  // Words of the heading `heading` (an id in the page's Document::strings), whose text is `text`.
  std::size_t words(StringId heading, std::string_view text);

 private:
  StringId last_heading_ = kEmptyString;
  std::size_t last_words_ = 0;
};

// `headings` carries the last heading's count from one paragraph of `document` to the next.
TextStatistics compute_text_statistics(const Document& document, const Paragraph& paragraph,
                                       HeadingWordCounter& headings);
// The statistics of `text`, under a heading of `heading_words` words.
TextStatistics compute_text_statistics(std::string_view text, std::size_t heading_words = 0);

}  // namespace pith
