#include "infer/page_output.h"

#include <fmt/format.h>

#include "features/json_string.h"

namespace pith {

namespace {
std::string contributions_json(const std::vector<FeatureContribution>& terms) {
  std::string out = "[";
  for (const FeatureContribution& term : terms)
    out += fmt::format("{}[{},{:.4f}]", out.size() > 1 ? "," : "", json_string(term.feature), term.contribution);
  return out + "]";
}
}  // namespace

std::string paragraph_json_line(std::string_view page, std::size_t index, const ParagraphScore& score,
                                std::string_view text) {
  std::string explanation;
  if (!score.paragraph_contributions.empty() || !score.stacking_contributions.empty())
    explanation = fmt::format(",\"explain\":{{\"paragraph\":{},\"stacking\":{}}}",
                              contributions_json(score.paragraph_contributions),
                              contributions_json(score.stacking_contributions));
  return fmt::format("{{\"page\":{},\"index\":{},\"label\":\"{}\",\"p_content\":{:.4f},\"text\":{}{}}}\n",
                     json_string(page), index, score.is_content ? "content" : "boilerplate", score.p_content,
                     json_string(text), explanation);
}

std::string main_text(const Document& document, const std::vector<ParagraphScore>& scores) {
  std::string out;
  for (std::size_t i = 0; i < document.paragraphs.size() && i < scores.size(); ++i) {
    if (!scores[i].is_content) continue;
    if (!out.empty()) out += "\n";
    out += document.paragraphs[i].text;
    out += "\n";
  }
  return out;
}

}  // namespace pith
