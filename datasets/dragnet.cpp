#include "datasets/dragnet.h"

#include "datasets/cleaneval.h"
#include "datasets/dataset.h"
#include "datasets/reference_alignment.h"
#include "features/page_reader.h"
#include "features/text_lines.h"

namespace pith {
namespace {

bool is_white(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_white(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_white(text.back())) text.remove_suffix(1);
  return text;
}

// The comments line: the symbols (once with a doubled '!') and then at most one word.
bool is_comments_line(std::string_view line) {
  line = trim(line);
  if (line.starts_with("!!")) line.remove_prefix(1);
  if (!line.starts_with("!@#$%^&*()")) return false;
  const std::string_view word = trim(line.substr(10));
  for (char c : word)
    if (!(c >= 'A' && c <= 'Z')) return false;
  return true;
}

// Pages whose labels cannot be trusted whatever the alignment says.
constexpr std::string_view kServerErrorPage = "R427";

}  // namespace

std::string dragnet_gold_text(std::string_view file_bytes) {
  const std::string text = gold_file_to_utf8(file_bytes);
  std::string_view article = text;
  for_each_line(text, [&](std::string_view line, std::size_t) {
    if (!is_comments_line(line)) return true;
    article = article.substr(0, static_cast<std::size_t>(line.data() - text.data()));
    return false;
  });
  return std::string(trim(article));
}

LabelledPage read_dragnet_page(const std::filesystem::path& dataset_dir, const std::string& page_id) {
  const std::filesystem::path html = dataset_dir / "HTML" / (page_id + ".html");
  const std::filesystem::path gold = dataset_dir / "Corrected" / (page_id + ".html.corrected.txt");
  LabelledPage page = segmented_page(read_file_bytes(html), PageKind::html, html.string());
  label_by_gold_text(page, dragnet_gold_text(read_file_bytes(gold)));
  // Its alignment may even look fine by chance; the page itself holds no article.
  if (page_id == kServerErrorPage)
    page.left_out = "a server error page whose gold holds an article (datasets/README.md)";
  return page;
}

std::unique_ptr<DatasetReader> open_dragnet_dataset(const std::filesystem::path& folder) {
  return split_file_dataset(folder, read_dragnet_page);
}

}  // namespace pith
