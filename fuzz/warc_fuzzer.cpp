// libFuzzer target for the WARC reader (fuzz/README.md): any bytes, plain or gzipped, must give
// pages or per-record errors, never a crash, a hang or a page over the limit.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "infer/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pith::InputLimits limits;
  limits.max_page_bytes = 1 << 20;
  pith::WarcReader reader(pith::memory_source(std::string(reinterpret_cast<const char*>(data), size)), "fuzz.warc", limits);
  pith::PageInput page;
  std::size_t records = 0;
  while (reader.next(page)) {
    // gzip inflates at most about 1032 times: more records than that is a loop.
    if (++records > size * 1032 + 1) std::abort();
    if (page.source != "fuzz.warc" || page.location.empty()) std::abort();
    if (!page.error.empty() && !page.bytes.empty()) std::abort();
    if (page.bytes.size() > limits.max_page_bytes) std::abort();
  }
  if (reader.bytes_read() > size) std::abort();
  return 0;
}
