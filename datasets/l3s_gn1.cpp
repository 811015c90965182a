#include "datasets/l3s_gn1.h"

#include <algorithm>

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
    for (std::string& token : alignment_tokens(utf8)) {
      out_.tokens.push_back(std::move(token));
      out_.labels.push_back(frame.label);
    }
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

std::vector<Label> labels_by_alignment(const Document& document, const ReferenceTokens& reference) {
  std::vector<std::string> tokens;
  std::vector<std::size_t> paragraph_of_token;
  for (std::size_t p = 0; p < document.paragraphs.size(); ++p) {
    for (std::string& token : alignment_tokens(document.paragraphs[p].text)) {
      tokens.push_back(std::move(token));
      paragraph_of_token.push_back(p);
    }
  }
  const std::vector<std::int64_t> match = align_tokens(tokens, reference.tokens);
  std::vector<std::size_t> content(document.paragraphs.size(), 0), aligned(document.paragraphs.size(), 0);
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (match[t] < 0) continue;
    ++aligned[paragraph_of_token[t]];
    if (reference.labels[static_cast<std::size_t>(match[t])] == Label::content) ++content[paragraph_of_token[t]];
  }
  std::vector<Label> labels(document.paragraphs.size(), Label::boilerplate);
  for (std::size_t p = 0; p < labels.size(); ++p)
    if (aligned[p] > 0 && 2 * content[p] > aligned[p]) labels[p] = Label::content;
  return labels;
}

LabelledPage read_l3s_gn1_page(const std::filesystem::path& dataset_dir, const std::string& page_id) {
  const std::filesystem::path original = dataset_dir / "original" / (page_id + ".html");
  LabelledPage page;
  page.document = segment_html(read_file_bytes(original), original.string());
  page.labels = labels_by_alignment(page.document, read_l3s_gn1_annotation(dataset_dir / "annotated" / (page_id + ".html")));
  return page;
}

}  // namespace pith
