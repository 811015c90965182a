#include "python/page_labeller_adapter.h"

#include <cstdlib>

#include "features/error.h"
#include "infer/page_labeller.h"
#include "infer/page_output.h"

namespace pith::python {
namespace {

// A PageLabeller is for one thread at a time and reuses its buffers page after page: each
// thread keeps one for the model it used last (holding that model alive while it does).
struct ThreadLabeller {
  std::shared_ptr<const Model> model;
  std::unique_ptr<PageLabeller> labeller;
};

PageLabeller& labeller_for(const std::shared_ptr<const Model>& model) {
  thread_local ThreadLabeller mine;
  if (mine.model != model) {
    mine.labeller.reset();
    mine.model = model;
    mine.labeller = std::make_unique<PageLabeller>(*model);
  }
  return *mine.labeller;
}

const ScoredPage& label_page(const std::shared_ptr<const Model>& model, const PageRequest& page) {
  PageToLabel input;
  input.bytes = page.bytes;
  input.source = page.source;
  input.kind = page.kind;
  input.charset = page.charset;
  return labeller_for(model).label(input);
}

}  // namespace

std::vector<LabelledParagraph> PageLabellerAdapter::label(const PageRequest& page) const {
  const ScoredPage& labelled = label_page(model_, page);
  const std::vector<Paragraph>& paragraphs = labelled.document.paragraphs;
  std::vector<LabelledParagraph> out(paragraphs.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].index = i;
    out[i].text = paragraphs[i].text;
    out[i].tag = paragraphs[i].tag;
    out[i].is_content = labelled.scores[i].is_content;
    out[i].p_content = labelled.scores[i].p_content;
  }
  return out;
}

std::string PageLabellerAdapter::render(const PageRequest& page, TextFormat format) const {
  const ScoredPage& labelled = label_page(model_, page);
  switch (format) {
    case TextFormat::text:
      return main_text(labelled.document, labelled.scores);
    case TextFormat::markdown:
      return main_markdown(labelled.document, labelled.scores);
    case TextFormat::json_lines:
      break;
  }
  const PageName name{page.source, page.id, page.url};
  std::string out;
  append_paragraph_json_lines(out, name, labelled.document, labelled.scores);
  return out;
}

std::shared_ptr<const Model> load_model_file(const std::filesystem::path& path) {
  return std::make_shared<const Model>(load_model(path));
}

std::shared_ptr<const Model> load_default_model(const std::filesystem::path& packaged) {
  if (const char* from_environment = std::getenv("PITH_MODEL"); from_environment && *from_environment)
    return load_model_file(from_environment);
  if (!std::filesystem::exists(packaged))
    throw Error(packaged.string(), "",
                "the default model is missing (reinstall pith, set PITH_MODEL, or use pith.Model.load(path))");
  return load_model_file(packaged);
}

}  // namespace pith::python
