#pragma once
// A page with one label per paragraph: what dataset readers produce and training and
// evaluation consume.
#include <cstdint>
#include <vector>

#include "features/paragraph.h"

namespace pith {

enum class Label : std::int8_t { unknown = -1, boilerplate = 0, content = 1 };

struct LabelledPage {
  Document document;
  std::vector<Label> labels;  // one per document.paragraphs entry
};

}  // namespace pith
