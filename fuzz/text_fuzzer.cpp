// libFuzzer target for plain-text pages and the byte sniffing every page goes through first:
// segment_text (features/text_segmenter.h) and sniff_utf16 / binary_kind
// (features/byte_sniffing.h). Checks, besides what the sanitizers catch: paragraphs are
// non-empty valid UTF-8 with no blank line inside, offsets lie inside the input and increase;
// check_not_binary throws nothing but pith::Error. Build and run: fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "features/byte_sniffing.h"
#include "features/error.h"
#include "features/text_segmenter.h"
#include "features/utf8.h"

namespace {
[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "text_fuzzer: invariant broken: %s\n", what);
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view charset = pith::sniff_utf16(input);
  if (!charset.empty() && charset != "UTF-16LE" && charset != "UTF-16BE") fail("unknown UTF-16 name");
  try {
    pith::check_not_binary(input, "fuzz.txt");
  } catch (const pith::Error&) {
  }
  const pith::Document document = pith::segment_text(input, "fuzz.txt");
  std::size_t last = 0;
  bool first = true;
  for (const pith::Paragraph& paragraph : document.paragraphs) {
    const std::string_view text = document.text(paragraph);
    if (text.empty()) fail("empty paragraph");
    if (!pith::is_valid_utf8(text)) fail("paragraph is not valid UTF-8");
    if (text.find("\n\n") != std::string_view::npos) fail("blank line inside a paragraph");
    if (paragraph.byte_offset >= size) fail("paragraph offset outside the input");
    if (!first && paragraph.byte_offset < last) fail("paragraph offsets decrease");
    last = paragraph.byte_offset;
    first = false;
  }
  return 0;
}
