#include "datasets/annotation_collector.h"

#include <vector>

#include "datasets/visible_text.h"
#include "features/html_tags.h"

namespace pith {
namespace {

// An explicit stack of open elements (no recursion on input depth; the event parser
// guarantees one end per start, in nesting order).
class AnnotationCollector : public HtmlEventHandler {
 public:
  AnnotationCollector(const AnnotationScheme& scheme, Annotation& out) : scheme_(scheme), out_(out) {
    stack_.push_back({Label::boilerplate, false});
  }

  void start_element(std::string_view name, const HtmlAttributes& attributes) override {
    gold_.start_element(name);
    if (name == "br" || is_block_element(name)) flush_run();
    if (stack_.size() >= kMaxDepth) {
      ++overflow_;
      return;
    }
    Frame frame{stack_.back().label, stack_.back().hidden || is_invisible_element(name)};
    if (scheme_.hidden && scheme_.hidden(attributes)) frame.hidden = true;
    if (const std::optional<Label> label = scheme_.label_of(attributes)) frame.label = *label;
    stack_.push_back(frame);
  }

  void end_element(std::string_view name) override {
    gold_.end_element(name);
    if (is_block_element(name)) flush_run();
    if (overflow_ > 0)
      --overflow_;
    else if (stack_.size() > 1)
      stack_.pop_back();
  }

  void text(std::string_view utf8, std::size_t) override {
    const Frame& frame = stack_.back();
    if (frame.hidden) return;
    if (frame.label != run_label_) flush_run();
    run_label_ = frame.label;
    run_ += utf8;
    if (frame.label == Label::content)
      gold_.text(utf8);
    else
      gold_.separate();
  }

  void finish() {
    flush_run();
    out_.gold_text = gold_.finish();
  }

 private:
  struct Frame {
    Label label;
    bool hidden;
  };

  void flush_run() {
    if (!run_.empty()) out_.reference.add_text(run_, run_label_);
    run_.clear();
  }

  static constexpr std::size_t kMaxDepth = 10000;
  const AnnotationScheme& scheme_;
  Annotation& out_;
  PlainTextBuilder gold_;
  std::vector<Frame> stack_;
  std::size_t overflow_ = 0;
  std::string run_;
  Label run_label_ = Label::boilerplate;
};

}  // namespace

Annotation collect_annotation(std::string_view html, const std::string& source, const AnnotationScheme& scheme) {
  Annotation annotation;
  AnnotationCollector collector(scheme, annotation);
  parse_html_events(html, source, "", collector);
  collector.finish();
  return annotation;
}

}  // namespace pith
