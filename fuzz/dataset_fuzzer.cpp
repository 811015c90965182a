// libFuzzer target for the dataset readers that parse a file format of their own: pith's
// labelled JSON lines (datasets/labelled_jsonl.h) and labelled text pages
// (datasets/labelled_text.h), CleanEval's and Dragnet's gold text (datasets/cleaneval.h,
// datasets/dragnet.h), WCXB's ground-truth JSON (datasets/wcxb.h), GoogleTrends' label
// stripping (datasets/google_trends.h) and L3S-GN1's annotated pages (datasets/l3s_gn1.h).
// The first byte picks the reader; the rest is the file. Two-file formats (a labelled text
// page and its labels, a page and its gold text) split the rest at the first "\n\f\n". Every
// reader may throw only pith::Error; what it returns must hold one label per paragraph.
// Build and run: fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "datasets/cleaneval.h"
#include "datasets/dragnet.h"
#include "datasets/google_trends.h"
#include "datasets/l3s_gn1.h"
#include "datasets/labelled_jsonl.h"
#include "datasets/labelled_text.h"
#include "datasets/reference_alignment.h"
#include "datasets/wcxb.h"
#include "features/error.h"
#include "features/html_segmenter.h"
#include "features/utf8.h"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "dataset_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

void check_page(const pith::LabelledPage& page) {
  if (page.labels.size() != page.document.paragraphs.size()) fail("labels and paragraphs differ in number");
  if (!(page.coverage >= 0.0 && page.coverage <= 1.0)) fail("coverage outside [0, 1]");
  if (page.gold_text && !pith::is_valid_utf8(*page.gold_text)) fail("gold text is not valid UTF-8");
}

std::pair<std::string_view, std::string_view> split_files(std::string_view rest) {
  const std::size_t at = rest.find("\n\f\n");
  if (at == std::string_view::npos) return {rest, {}};
  return {rest.substr(0, at), rest.substr(at + 3)};
}

void label_with_gold(std::string_view html, std::string gold) {
  pith::LabelledPage page;
  page.page_bytes = std::string(html);
  page.document = pith::segment_html(page.page_bytes, "fuzz.html");
  pith::label_by_gold_text(page, std::move(gold));
  check_page(page);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 7) {
      case 0: {  // one labelled JSON line; what it reads is written back and read again alike
        const pith::LabelledPage page = pith::parse_labelled_page_json(rest, "fuzz.jsonl", 1);
        check_page(page);
        const std::string line = pith::labelled_page_json_line(page, "");
        const pith::LabelledPage again = pith::parse_labelled_page_json(line, "again.jsonl", 1);
        if (again.labels != page.labels) fail("labels differ after export and import");
        break;
      }
      case 1: {  // a labelled text page and its labels
        const auto [text, labels] = split_files(rest);
        check_page(pith::label_text_page(std::string(text), labels, "fuzz.txt", "fuzz.labels.tsv"));
        break;
      }
      case 2: {  // CleanEval: wrapper, gold file, alignment
        const auto [html, gold] = split_files(rest);
        std::string encoding;
        const std::string_view inner = pith::without_cleaneval_wrapper(html, &encoding);
        if (inner.data() < html.data() || inner.data() + inner.size() > html.data() + html.size())
          fail("the page inside the wrapper is not inside the file");
        const std::string gold_text = pith::cleaneval_gold_text(gold);
        if (!pith::is_valid_utf8(gold_text)) fail("CleanEval gold text is not valid UTF-8");
        label_with_gold(inner, gold_text);
        break;
      }
      case 3: {  // Dragnet gold text
        const auto [html, gold] = split_files(rest);
        const std::string gold_text = pith::dragnet_gold_text(gold);
        if (!pith::is_valid_utf8(gold_text)) fail("Dragnet gold text is not valid UTF-8");
        if (!pith::is_valid_utf8(pith::gold_file_to_utf8(gold))) fail("gold file is not valid UTF-8");
        label_with_gold(html, gold_text);
        break;
      }
      case 4: {  // WCXB ground truth
        const std::optional<std::string> main_content = pith::parse_wcxb_main_content(rest, "fuzz.json");
        if (main_content && !pith::is_valid_utf8(*main_content)) fail("main_content is not valid UTF-8");
        break;
      }
      case 5: {  // GoogleTrends: label stripping and exact labels
        const std::string stripped = pith::strip_label_attributes(rest);
        if (stripped.size() > rest.size()) fail("stripping labels made the page longer");
        check_page(pith::label_google_trends_page(rest, "fuzz.html"));
        break;
      }
      case 6: {  // L3S-GN1 annotated page
        const pith::Annotation annotation = pith::l3s_gn1_annotation(rest, "fuzz.html");
        if (!pith::is_valid_utf8(annotation.gold_text)) fail("L3S-GN1 gold text is not valid UTF-8");
        break;
      }
    }
  } catch (const pith::Error&) {
    // refused with a message naming the file: allowed
  }
  return 0;
}
