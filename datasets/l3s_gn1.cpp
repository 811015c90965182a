#include "datasets/l3s_gn1.h"

#include <algorithm>

#include "datasets/dataset.h"
#include "datasets/token_alignment.h"
#include "features/html_event_parser.h"
#include "features/page_reader.h"
#include "features/html_segmenter.h"

namespace pith {
namespace {

// Label and visibility of the open elements; an explicit stack (no recursion on input depth).
class AnnotationCollector : public HtmlEventHandler {
 public:
  explicit AnnotationCollector(ReferenceTokens& out) : out_(out) { stack_.push_back({Label::boilerplate, false, false, ""}); }

  void start_element(std::string_view name, const HtmlAttributes& attributes) override {
    Frame frame = stack_.back();
    frame.name = std::string(name);
    const std::string_view classes = attributes.get("class");
    for (std::size_t start = 0; start < classes.size();) {
      const std::size_t end = std::min(classes.find(' ', start), classes.size());
      const std::string_view token = classes.substr(start, end - start);
      if (token == "x-nc-invisible") frame.invisible = true;
      if (token.size() == 9 && token.starts_with("x-nc-sel")) {
        const char level = token[8];
        frame.label = (level >= '1' && level <= '3') ? Label::content : Label::boilerplate;
      }
      start = end + 1;
    }
    if (name == "script" || name == "style" || name == "noscript" || name == "title") frame.skipped = true;
    if (stack_.size() < kMaxDepth) stack_.push_back(std::move(frame));
    else ++overflow_;
  }

  void end_element(std::string_view name) override {
    if (overflow_ > 0) {
      --overflow_;
      return;
    }
    // pop to the matching element when it is open; ignore a stray end tag
    for (std::size_t i = stack_.size(); i-- > 1;) {
      if (stack_[i].name == name) {
        stack_.resize(i);
        return;
      }
    }
  }

  void text(std::string_view utf8, std::size_t) override {
    const Frame& frame = stack_.back();
    if (frame.invisible || frame.skipped) return;
    out_.add_text(utf8, frame.label);
  }

 private:
  struct Frame {
    Label label;
    bool invisible;
    bool skipped;
    std::string name;
  };
  static constexpr std::size_t kMaxDepth = 10000;
  ReferenceTokens& out_;
  std::vector<Frame> stack_;
  std::size_t overflow_ = 0;
};

}  // namespace

ReferenceTokens read_l3s_gn1_annotation(const std::filesystem::path& annotated_html) {
  ReferenceTokens reference;
  AnnotationCollector collector(reference);
  parse_html_events(read_file_bytes(annotated_html), annotated_html.string(), "", collector);
  return reference;
}

LabelledPage read_l3s_gn1_page(const std::filesystem::path& dataset_dir, const std::string& page_id) {
  const std::filesystem::path original = dataset_dir / "original" / (page_id + ".html");
  LabelledPage page;
  page.page_bytes = read_file_bytes(original);
  page.document = segment_html(page.page_bytes, original.string());
  label_by_reference(page, read_l3s_gn1_annotation(dataset_dir / "annotated" / (page_id + ".html")));
  return page;
}

namespace {
class L3sGn1Reader : public DatasetReader {
 public:
  explicit L3sGn1Reader(std::filesystem::path folder) : folder_(std::move(folder)) {}
  std::vector<std::string> page_ids(std::string_view split) const override {
    return read_split_ids(folder_ / "splits.tsv", split);
  }
  LabelledPage read_page(const std::string& page_id) const override { return read_l3s_gn1_page(folder_, page_id); }

 private:
  std::filesystem::path folder_;
};
}  // namespace

std::unique_ptr<DatasetReader> open_l3s_gn1_dataset(const std::filesystem::path& folder) {
  return std::make_unique<L3sGn1Reader>(folder);
}

}  // namespace pith
