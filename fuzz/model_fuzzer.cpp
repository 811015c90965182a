// libFuzzer target for the model loader (model/model_file.h): a model file is input like any
// other (issue 18). On arbitrary bytes parse_model may only throw pith::Error; what it accepts
// must serialize and parse back to the same bytes, and score a small page with probabilities in
// [0, 1] (or refuse that page with pith::Error). Seeds: a small trained model and its truncations
// (fuzz/make-corpus). Build and run: fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "features/error.h"
#include "features/text_segmenter.h"
#include "infer/paragraph_classifier.h"
#include "model/model_file.h"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "model_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

const pith::Document& sample_page() {
  static const pith::Document document = pith::segment_text(
      "Home | News | Contact\n\nThe allotment produced forty kilograms of tomatoes this summer, despite the "
      "dry spell in July.\n\nCopyright 2024. All rights reserved.\n",
      "sample.txt");
  return document;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  pith::Model model;
  try {
    model = pith::parse_model(input, "fuzz.model");
  } catch (const pith::Error&) {
    return 0;  // refused with a message: what the loader must do with bad bytes
  }
  const std::string saved = pith::serialize_model(model);
  try {
    if (pith::serialize_model(pith::parse_model(saved, "saved.model")) != saved) fail("save, load, save differs");
  } catch (const pith::Error&) {
    fail("a model pith wrote is refused when read back");
  }
  try {
    for (const pith::ParagraphScore& score : pith::classify_paragraphs(model, sample_page()))
      if (!(score.p_content >= 0.0 && score.p_content <= 1.0)) fail("p_content outside [0, 1]");
  } catch (const pith::Error&) {
    // no head for text pages, or no probability: refused with a message
  }
  return 0;
}
