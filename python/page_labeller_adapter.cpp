#include "python/page_labeller_adapter.h"

#include <cstdlib>

#include "features/error.h"
#include "features/html_segmenter.h"
#include "features/page_reader.h"
#include "features/text_segmenter.h"
#include "infer/page_output.h"
#include "infer/paragraph_classifier.h"

namespace pith::python {
namespace {

Document segment(const PageRequest& page) {
  // An empty path: the kind is decided from the bytes alone, as for a page file without a
  // known extension.
  const PageKind kind = page.kind ? *page.kind : guess_page_kind({}, page.bytes);
  if (kind == PageKind::text) return segment_text(page.bytes, page.source);
  HtmlSegmenterOptions options;
  options.charset_hint = page.charset;
  return segment_html(page.bytes, page.source, options);
}

}  // namespace

std::vector<LabelledParagraph> PageLabellerAdapter::label(const PageRequest& page) const {
  const Document document = segment(page);
  const std::vector<ParagraphScore> scores = classify_paragraphs(*model_, document);
  std::vector<LabelledParagraph> out(document.paragraphs.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].index = i;
    out[i].text = document.paragraphs[i].text;
    out[i].tag = document.paragraphs[i].tag;
    out[i].is_content = scores[i].is_content;
    out[i].p_content = scores[i].p_content;
  }
  return out;
}

std::string PageLabellerAdapter::render(const PageRequest& page, TextFormat format) const {
  if (format == TextFormat::markdown)
    throw Error(page.source, "", "markdown output is not available in this build of pith (use format='text')");
  const Document document = segment(page);
  const std::vector<ParagraphScore> scores = classify_paragraphs(*model_, document);
  if (format == TextFormat::text) return main_text(document, scores);
  std::string out;
  for (std::size_t i = 0; i < scores.size(); ++i)
    out += paragraph_json_line(page.source, i, scores[i], document.paragraphs[i].text);
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
