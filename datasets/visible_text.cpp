#include "datasets/visible_text.h"

#include <vector>

#include "features/html_event_parser.h"
#include "features/html_tags.h"

namespace pith {
namespace {

bool is_collapsible_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool is_preformatted(std::string_view name) { return name == "pre" || name == "textarea"; }

// Whether each open element hides its text; an explicit stack (no recursion on input depth),
// nesting beyond the limit is counted, not stored. The event parser guarantees one end per
// start, in nesting order.
class VisibleTextCollector : public HtmlEventHandler {
 public:
  VisibleTextCollector() { invisible_.push_back(false); }

  void start_element(std::string_view name, const HtmlAttributes&) override {
    builder_.start_element(name);
    if (invisible_.size() >= kMaxDepth) {
      ++overflow_;
      return;
    }
    invisible_.push_back(invisible_.back() || is_invisible_element(name));
  }

  void end_element(std::string_view name) override {
    builder_.end_element(name);
    if (overflow_ > 0)
      --overflow_;
    else if (invisible_.size() > 1)
      invisible_.pop_back();
  }

  void text(std::string_view utf8, std::size_t) override {
    if (!invisible_.back()) builder_.text(utf8);
  }

  std::string finish() { return builder_.finish(); }

 private:
  static constexpr std::size_t kMaxDepth = 10000;
  PlainTextBuilder builder_;
  std::vector<bool> invisible_;
  std::size_t overflow_ = 0;
};

}  // namespace

bool is_invisible_element(std::string_view name) {
  return (html_tag_flags(name) & (html_tag::kSkip | html_tag::kTitle)) != 0;
}

void PlainTextBuilder::start_element(std::string_view name) {
  const std::uint8_t flags = html_tag_flags(name);
  if (flags & html_tag::kBreak)
    end_line();
  else if (flags & html_tag::kBlock)
    end_paragraph();
  if (is_preformatted(name)) ++preformatted_depth_;
}

void PlainTextBuilder::end_element(std::string_view name) {
  if (html_tag_flags(name) & html_tag::kBlock) end_paragraph();
  if (is_preformatted(name) && preformatted_depth_ > 0) --preformatted_depth_;
}

void PlainTextBuilder::text(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const char c = utf8[i];
    if (c == '\n' && preformatted_depth_ > 0) {
      end_line();
    } else if (is_collapsible_space(c)) {
      pending_space_ = true;
    } else if (c == '\xC2' && i + 1 < utf8.size() && utf8[i + 1] == '\xA0') {
      // a no-break space separates words as any space does; gold text is plain text
      pending_space_ = true;
      ++i;
    } else {
      if (pending_space_ && !paragraph_.empty() && paragraph_.back() != '\n') paragraph_ += ' ';
      pending_space_ = false;
      paragraph_ += c;
    }
  }
}

void PlainTextBuilder::end_line() {
  if (!paragraph_.empty() && paragraph_.back() != '\n') paragraph_ += '\n';
  pending_space_ = false;
}

void PlainTextBuilder::end_paragraph() {
  while (!paragraph_.empty() && paragraph_.back() == '\n') paragraph_.pop_back();
  if (!paragraph_.empty()) {
    if (!out_.empty()) out_ += "\n\n";
    out_ += paragraph_;
    paragraph_.clear();
  }
  pending_space_ = false;
}

std::string PlainTextBuilder::finish() {
  end_paragraph();
  return out_;
}

std::string visible_text(std::string_view html, const std::string& source) {
  VisibleTextCollector collector;
  parse_html_events(html, source, "", collector);
  return collector.finish();
}

}  // namespace pith
