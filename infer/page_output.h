#pragma once
// What `pith infer` writes: JSON lines per paragraph, or a page's main text.
#include <string>
#include <string_view>
#include <vector>

#include "features/paragraph.h"
#include "infer/paragraph_classifier.h"

namespace pith {

// {"page":...,"index":...,"label":"content"|"boilerplate","p_content":...,"text":...}, and when
// the score was explained "explain":{"paragraph":[[feature,contribution],...],"stacking":[...]}
std::string paragraph_json_line(std::string_view page, std::size_t index, const ParagraphScore& score,
                                std::string_view text);

// The content paragraphs of a page, separated by blank lines, ending with a newline (empty
// when nothing is content).
std::string main_text(const Document& document, const std::vector<ParagraphScore>& scores);

}  // namespace pith
