// The library API (include/pith/pith.h) over the internal PageLabeller.
#include "pith/pith.h"

#include "infer/default_model.h"
#include "infer/page_labeller.h"
#include "infer/page_output.h"
#include "model/model_file.h"

namespace pith {

Classifier Classifier::load(const std::string& model_path) {
  return Classifier(std::make_shared<const Model>(load_model_or_default(model_path)));
}

Classifier::Classifier(std::shared_ptr<const Model> model)
    : model_(std::move(model)), labeller_(std::make_unique<PageLabeller>(*model_)) {}
Classifier::Classifier(const Classifier& other) : Classifier(other.model_) {}
Classifier& Classifier::operator=(const Classifier& other) {
  if (this != &other) *this = Classifier(other.model_);
  return *this;
}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

PageResult Classifier::label(std::string_view page_bytes, const PageOptions& options) {
  PageToLabel page;
  page.bytes = page_bytes;
  page.source = options.source.empty() ? "<page>" : options.source;
  page.charset = options.charset;
  if (options.kind == "html") page.kind = PageKind::html;
  else if (options.kind == "text") page.kind = PageKind::text;
  else if (!options.kind.empty())
    throw Error(page.source, "", "unknown page kind '" + options.kind + "' (html, text, or empty to detect)");
  LabelLimits limits;
  limits.max_page_bytes = options.max_page_bytes;
  limits.max_paragraphs = options.max_paragraphs;
  labeller_->set_limits(limits);
  const ScoredPage& labelled = labeller_->label(page);
  PageResult result;
  result.title = labelled.document.title;
  result.paragraphs.reserve(labelled.scores.size());
  for (std::size_t i = 0; i < labelled.scores.size(); ++i) {
    const Paragraph& paragraph = labelled.document.paragraphs[i];
    result.paragraphs.push_back({i, std::string(labelled.document.text(paragraph)),
                                 labelled.scores[i].is_content ? "content" : "boilerplate",
                                 labelled.scores[i].p_content, std::string(tag_name(paragraph.tag))});
  }
  result.main_text = main_text(labelled.document, labelled.scores);
  result.markdown = main_markdown(labelled.document, labelled.scores);
  return result;
}

}  // namespace pith
