#pragma once
// pith's library API: the one header a program (or the Python binding) includes to label the
// paragraphs of web pages as content or boilerplate. Everything else in the source tree is
// internal and may change; docs/library.md describes this header with an example.
//
//   pith::Classifier classifier = pith::Classifier::load();        // the shipped model
//   pith::PageResult page = classifier.label(html_bytes, {.url = "https://example.com/a"});
//   for (const pith::ParagraphResult& p : page.paragraphs) ... p.label, p.p_content, p.text
//   std::string text = page.main_text;                             // or page.markdown()
//
// Errors are thrown as pith::Error (source, location, message); the library never prints
// or exits.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "features/error.h"        // pith::Error
#include "features/page_limits.h"  // the default limits

namespace pith {

struct Model;
class PageLabeller;

// One paragraph of a labelled page, in page order.
struct ParagraphResult {
  std::size_t index = 0;  // position in the page, from 0
  std::string text;       // UTF-8, white space collapsed; a kept line break is '\n'
  std::string label;      // "content" or "boilerplate"
  double p_content = 0;   // the model's probability that the paragraph is content
  std::string tag;        // the block element holding it ("p", "li", "h2", "td"...); empty for plain text
  bool is_content() const { return label == "content"; }
};

struct PageResult {
  std::vector<ParagraphResult> paragraphs;
  std::string title;      // <title>, when the page has one
  // The content paragraphs separated by blank lines, ending with a newline (empty when none).
  std::string main_text;
  // The main text as Markdown: headings as '#', list items as "- ", table rows as "| a | b |".
  std::string markdown;
};

struct PageOptions {
  std::string url;        // carried for the caller; not used to label
  std::string charset;    // declared charset (an HTTP header); empty: detected from the bytes
  // "html", "text", or empty: HTML when the first non-blank byte is '<'.
  std::string kind;
  std::string source;     // names the page in error messages; default "<page>"
  std::size_t max_page_bytes = kDefaultMaxPageBytes;    // larger pages are refused (pith::Error)
  std::size_t max_paragraphs = kDefaultMaxParagraphs;  // pages of more are refused (pith::Error)
};

// Labels pages with one model. Loading is the expensive part: load once, then label many
// pages. One Classifier is for one thread at a time; a copy shares the (read-only) model and
// has its own buffers, so give each thread its own copy.
class Classifier {
 public:
  // The model at `model_path`, or the default model ($PITH_MODEL, else the one installed with
  // pith) when empty. Throws pith::Error naming the file.
  static Classifier load(const std::string& model_path = "");

  Classifier(const Classifier& other);
  Classifier& operator=(const Classifier& other);
  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;
  ~Classifier();

  // Labels one page given as its bytes as served (any charset; gzip already undone). Throws
  // pith::Error when the page cannot be labelled (over a limit, undecodable).
  PageResult label(std::string_view page_bytes, const PageOptions& options = {});

 private:
  explicit Classifier(std::shared_ptr<const Model> model);
  std::shared_ptr<const Model> model_;
  std::unique_ptr<PageLabeller> labeller_;
};

}  // namespace pith
