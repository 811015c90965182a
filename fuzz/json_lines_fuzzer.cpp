// libFuzzer target for the JSON-lines reader (fuzz/README.md): any bytes give pages or
// per-line errors with their line number, never a crash or a page over the limit.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "infer/json_lines_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pith::InputLimits limits;
  limits.max_page_bytes = 1 << 16;
  pith::JsonLinesFields fields;
  if (size > 0 && data[0] == 'F') fields.text.clear();  // field names are options: exercise one
  pith::JsonLinesReader reader(pith::memory_source(std::string(reinterpret_cast<const char*>(data), size)), "fuzz.jsonl",
                               limits, fields);
  pith::PageInput page;
  std::size_t lines = 0;
  while (reader.next(page)) {
    // gzip inflates at most about 1032 times: more records than that is a loop.
    if (++lines > size * 1032 + 1) std::abort();
    if (!page.location.starts_with("line ")) std::abort();
    if (!page.error.empty() && !page.bytes.empty()) std::abort();
    if (page.error.empty() && !page.kind) std::abort();
    if (page.bytes.size() > limits.max_page_bytes) std::abort();
  }
  return 0;
}
