#pragma once
// The one file through which the Python module reaches the labelling library: when the
// library's own per-thread page labeller and output formats change, only this adapter and its
// .cpp change, never the bindings (python/pith_module.cpp).
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "features/paragraph.h"
#include "model/model_file.h"

namespace pith::python {

// A page as Python hands it over: bytes as served, and what is known about them.
struct PageRequest {
  std::string bytes;
  std::string source;    // names the page in errors and as JSON lines' "page": a file, "<page>"
  std::string id;        // a WARC record id or a JSON line's id; empty when none
  std::string url;       // empty when unknown
  std::string charset;   // a charset the caller knows (HTTP header); empty: decided from the bytes
  std::optional<PageKind> kind;  // unset: HTML when the first non-blank byte is '<', as the CLI decides
};

struct LabelledParagraph {
  std::size_t index = 0;
  std::string text;
  bool is_content = false;
  double p_content = 0.0;
  std::string tag;
};

// What label_many and the Dask job write per page: the main text (`pith infer --text`), as
// Markdown, or the JSON lines `pith infer` prints.
enum class TextFormat { text, markdown, json_lines };

// Labels pages with one model; const and safe to call from many threads at once (each thread
// labels with a PageLabeller of its own, infer/page_labeller.h).
class PageLabellerAdapter {
 public:
  explicit PageLabellerAdapter(std::shared_ptr<const Model> model) : model_(std::move(model)) {}

  const Model& model() const { return *model_; }

  // Throw pith::Error on a page that cannot be labelled.
  std::vector<LabelledParagraph> label(const PageRequest& page) const;
  std::string render(const PageRequest& page, TextFormat format) const;

 private:
  std::shared_ptr<const Model> model_;
};

std::shared_ptr<const Model> load_model_file(const std::filesystem::path& path);

// $PITH_MODEL when set (as for the CLI), else `packaged`: the model file shipped beside the
// module. A missing file is refused with what to do about it.
std::shared_ptr<const Model> load_default_model(const std::filesystem::path& packaged);

}  // namespace pith::python
