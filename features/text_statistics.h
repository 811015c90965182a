#pragma once
// Counts over one paragraph's text that several dense features share; computed once per
// paragraph so the feature functions stay one-liners.
#include <cstddef>

#include "features/paragraph.h"

namespace pith {

struct TextStatistics {
  std::size_t code_points = 0;
  std::size_t words = 0;              // white-space separated tokens
  std::size_t word_code_points = 0;   // code points inside words
  std::size_t capitalised_words = 0;  // words whose first letter is upper case
  std::size_t full_stops = 0;         // '.' characters
  std::size_t digits = 0;             // ASCII digits
  std::size_t lines = 0;              // 1 + line breaks kept inside the paragraph
  // boilerpipe's text density: words per line when the text is wrapped at 80 characters,
  // leaving out the last (partial) line when there is more than one.
  double text_density = 0.0;
  bool ends_like_sentence = false;    // last character is . ! ? : or a closing quote
};

// Column at which boilerpipe wraps text to count lines.
inline constexpr std::size_t kWrapColumn = 80;

TextStatistics compute_text_statistics(const Paragraph& paragraph);

}  // namespace pith
