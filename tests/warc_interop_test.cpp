// WARCs written by other tools read without a failure (docs/inputs.md lists the tools tried).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "infer/warc_reader.h"

TEST_CASE("a WARC written by wget 1.21 is read without an error", "[warc_interop]") {
  // Written by scripts/check-warc-interop: wget -r -l1 --warc-file against python3's
  // http.server serving examples/pages on loopback, plus a missing page.
  const auto reader = pith::WarcReader::open(PITH_SOURCE_DIR "/examples/warc/example-pages.warc.gz");
  std::vector<pith::PageInput> pages;
  pith::PageInput page;
  while (reader->next(page)) pages.push_back(page);
  REQUIRE(pages.size() == 2);
  for (const auto& each : pages) {
    INFO(each.location << ": " << each.error);
    CHECK(each.error.empty());
    CHECK(each.id.starts_with("urn:uuid:"));
    CHECK(each.kind == pith::PageKind::html);
  }
  CHECK(pages[0].charset == "utf-8");  // http.server's folder listing
  CHECK(pages[1].url.ends_with("/harbour-bridge-reopens.html"));
  CHECK(pages[1].bytes.size() == 3036);
  CHECK(pages[1].bytes.starts_with("<!DOCTYPE html>"));
  // allotment-diary.txt and wget's log (a resource record) are text/plain; robots.txt and
  // missing.html are 404s; warcinfo, requests and metadata are other record types.
  CHECK(reader->skipped().not_html == 3);
  CHECK(reader->skipped().not_200 == 2);
  CHECK(reader->skipped().other_record_types == 7);
  CHECK(reader->bytes_read() == reader->total_bytes());
}
