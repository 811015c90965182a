#include "eval/block_metrics.h"

namespace pith {
namespace {
double share(std::size_t part, std::size_t whole) {
  return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
}
}  // namespace

void BlockCounts::add(const std::vector<Label>& truth, const std::vector<ParagraphScore>& predicted) {
  for (std::size_t i = 0; i < truth.size() && i < predicted.size(); ++i) {
    if (truth[i] == Label::unknown) continue;
    const bool is_content = truth[i] == Label::content;
    if (predicted[i].is_content) {
      ++(is_content ? true_content : false_content);
    } else {
      ++(is_content ? missed_content : true_boilerplate);
    }
  }
}

double BlockCounts::precision() const { return share(true_content, true_content + false_content); }
double BlockCounts::recall() const { return share(true_content, true_content + missed_content); }
double BlockCounts::f1() const {
  const std::size_t denominator = 2 * true_content + false_content + missed_content;
  return denominator == 0 ? 1.0 : 2.0 * static_cast<double>(true_content) / static_cast<double>(denominator);
}
double BlockCounts::accuracy() const { return share(true_content + true_boilerplate, total()); }

}  // namespace pith
