// Memory a paragraph costs beyond the page's own text (issue 18: at most 400 bytes), and the
// time, on a generated page of N paragraphs: `<p>x</p>` N times by default, or `<p>` + a few
// words + `</p>` with --words K. Counts every heap byte the process allocates (operator new and
// delete replaced below), so the figures are exact and repeatable where peak RSS is not:
//   (1) PageLabeller::label: segment, text statistics, features in blocks, score, stacking;
//   (2) then the page's JSON lines, as `pith infer` renders them.
// (0) is segmentation alone (segment_html), for where the peak of (1) lies.
// Prints the peak heap bytes of each stage above what was held before it, less the page's bytes
// and its paragraph text, per paragraph; and the size of the per-paragraph records.
//
//   pith_paragraph_memory_benchmark [--paragraphs N] [--words K] [--model FILE]
#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include <fmt/format.h>

#include "features/error.h"
#include "features/html_segmenter.h"
#include "features/paragraph.h"
#include "features/text_statistics.h"
#include "infer/default_model.h"
#include "infer/page_labeller.h"
#include "infer/page_output.h"
#include "model/model_file.h"

namespace {
std::atomic<std::size_t> g_current{0}, g_peak{0};

void note_allocated(void* p) {
  if (!p) return;
  const std::size_t now = g_current += malloc_usable_size(p);
  std::size_t peak = g_peak.load();
  while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {
  }
}
void note_freed(void* p) {
  if (p) g_current -= malloc_usable_size(p);
}
void* allocate(std::size_t size) {
  void* p = std::malloc(size ? size : 1);
  if (!p) throw std::bad_alloc();
  note_allocated(p);
  return p;
}
void* allocate_aligned(std::size_t size, std::align_val_t alignment) {
  void* p = nullptr;
  if (posix_memalign(&p, std::max(sizeof(void*), static_cast<std::size_t>(alignment)), size ? size : 1) != 0)
    throw std::bad_alloc();
  note_allocated(p);
  return p;
}
void release(void* p) {
  note_freed(p);
  std::free(p);
}

// Peak heap above the bytes held when the stage starts.
class Stage {
 public:
  Stage() : start_(g_current.load()), clock_(std::chrono::steady_clock::now()) { g_peak = start_; }
  std::size_t peak_above_start() const { return g_peak.load() - start_; }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_).count();
  }

 private:
  std::size_t start_;
  std::chrono::steady_clock::time_point clock_;
};
}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t alignment) { return allocate_aligned(size, alignment); }
void* operator new[](std::size_t size, std::align_val_t alignment) { return allocate_aligned(size, alignment); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }

int main(int argc, char** argv) {
  std::size_t paragraphs = 1'000'000, words = 0;
  std::string model_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--paragraphs" && i + 1 < argc) paragraphs = std::stoul(argv[++i]);
    else if (arg == "--words" && i + 1 < argc) words = std::stoul(argv[++i]);
    else if (arg == "--model" && i + 1 < argc) model_path = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--paragraphs N] [--words K] [--model FILE]\n", argv[0]);
      return 2;
    }
  }
  try {
    const pith::Model model = pith::load_model_or_default(model_path);
    std::string body = "x";
    if (words > 0) {
      body.clear();
      for (std::size_t w = 0; w < words; ++w) body += w ? " word" : "Word";
    }
    std::string page;
    page.reserve(paragraphs * (body.size() + 7));
    for (std::size_t p = 0; p < paragraphs; ++p) page += "<p>" + body + "</p>";

    pith::LabelLimits limits;
    limits.max_paragraphs = paragraphs;
    pith::PageLabeller labeller(model, limits);
    pith::PageToLabel input;
    input.bytes = page;
    input.source = "generated.html";

    {
      const Stage segmenting;
      const pith::Document document = pith::segment_html(page, "generated.html");
      const std::size_t peak = segmenting.peak_above_start();
      const std::size_t text = document.text_buffer().size();
      fmt::print("(0) segment: {:.3f} s, peak heap {:.1f} MB: {:.0f} bytes a paragraph beyond its text\n",
                 segmenting.seconds(), peak / 1e6,
                 double(peak - std::min(peak, text)) / double(std::max<std::size_t>(document.paragraphs.size(), 1)));
    }

    const Stage labelling;
    const pith::ScoredPage& scored = labeller.label(input);
    const std::size_t label_peak = labelling.peak_above_start();
    const double label_seconds = labelling.seconds();
    const std::size_t n = scored.document.paragraphs.size();
    const std::size_t text = scored.document.text_buffer().size();

    const Stage rendering;
    const pith::PageName name{input.source, "", ""};
    std::string out;
    pith::append_paragraph_json_lines(out, name, scored.document, scored.scores);
    const std::size_t render_peak = rendering.peak_above_start();
    const double render_seconds = rendering.seconds();

    const auto per = [&](std::size_t bytes) { return double(bytes) / double(n ? n : 1); };
    fmt::print("page: {} paragraphs, {} bytes, {} bytes of paragraph text; output {} bytes\n", n, page.size(), text,
               out.size());
    fmt::print("records: Paragraph {} B, TextStatistics {} B, ParagraphScore {} B\n", sizeof(pith::Paragraph),
               sizeof(pith::TextStatistics), sizeof(pith::ParagraphScore));
    fmt::print("(1) label: {:.3f} s, peak heap {:.1f} MB above the page: {:.0f} bytes a paragraph beyond its text\n",
               label_seconds, label_peak / 1e6, per(label_peak - std::min(label_peak, text)));
    fmt::print("(2) JSON lines: {:.3f} s, peak heap {:.1f} MB above (1)'s result: {:.0f} bytes a paragraph "
               "({:.0f} of them the output itself)\n",
               render_seconds, render_peak / 1e6, per(render_peak), per(out.size()));
  } catch (const pith::Error& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  return 0;
}
