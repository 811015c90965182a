#pragma once
// The attributes of one start tag, as the tokenizer hands them to the parser seam's listeners.
#include <cstddef>
#include <string_view>

namespace pith {

// One attribute: its name in lower case, its value with character references decoded (empty
// when the attribute has none).
struct HtmlAttribute {
  std::string_view name;
  std::string_view value;
};

// Attributes of one start tag, in the tag's order, the first of duplicates kept (the HTML
// standard drops the others); valid only during the call that receives them.
class HtmlAttributes {
 public:
  HtmlAttributes() = default;
  HtmlAttributes(const HtmlAttribute* first, std::size_t count) : first_(first), count_(count) {}

  // Value of the attribute `name` (lower case); `present` tells an empty value from absence.
  std::string_view get(std::string_view name, bool* present = nullptr) const {
    for (const HtmlAttribute& attribute : *this)
      if (attribute.name == name) {
        if (present) *present = true;
        return attribute.value;
      }
    if (present) *present = false;
    return {};
  }
  // Calls visit(HtmlAttribute) for each attribute: one pass for a listener that reads several.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (const HtmlAttribute& attribute : *this) visit(attribute);
  }

  const HtmlAttribute* begin() const { return first_; }
  const HtmlAttribute* end() const { return first_ + count_; }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  const HtmlAttribute* first_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace pith
