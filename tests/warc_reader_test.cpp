#include "infer/warc_reader.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/test_files.h"

namespace {

// Records are built here by hand, byte by byte, so that the reader is checked against the
// format and not against a writer of our own.
using pith::test::compress;
using pith::test::gzip;

std::string record(const std::string& type, const std::string& headers, const std::string& block) {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\n" + headers + "Content-Length: " + std::to_string(block.size()) +
         "\r\n\r\n" + block + "\r\n\r\n";
}

std::string response_record(const std::string& uri, const std::string& id, const std::string& http) {
  return record("response",
                "WARC-Target-URI: " + uri + "\r\nWARC-Record-ID: <" + id +
                    ">\r\nContent-Type: application/http; msgtype=response\r\n",
                http);
}

std::string http(const std::string& status, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body;
}

const std::string kPage = "<html><body><p>Hello from a WARC record</p></body></html>";
const std::string kWarcinfo = record("warcinfo", "Content-Type: application/warc-fields\r\n", "software: hand\r\n");
const std::string kRequest =
    record("request", "WARC-Target-URI: http://a.example/\r\n", "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n");

std::string chunked(const std::string& body, std::size_t piece) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); i += piece) {
    const std::string part = body.substr(i, piece);
    char size[32];
    std::snprintf(size, sizeof size, "%zx", part.size());
    out += std::string(size) + "\r\n" + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

struct ReadResult {
  std::vector<pith::PageInput> pages;
  pith::SkippedRecords skipped;
};

ReadResult read_warc(const std::string& bytes, pith::InputLimits limits = {}) {
  pith::WarcReader reader(pith::memory_source(bytes), "test.warc", limits);
  ReadResult result;
  pith::PageInput page;
  while (reader.next(page)) result.pages.push_back(page);
  result.skipped = reader.skipped();
  CHECK(reader.bytes_read() == bytes.size());
  return result;
}

std::vector<std::string> urls(const ReadResult& result) {
  std::vector<std::string> out;
  for (const auto& page : result.pages) out.push_back(page.error.empty() ? page.url : "error:" + page.url);
  return out;
}

}  // namespace

TEST_CASE("a plain WARC gives its HTML responses with URI, record id, charset and location", "[warc_reader]") {
  const std::string response =
      response_record("http://a.example/", "urn:uuid:1", http("200 OK", "Content-Type: text/html; charset=\"ISO-8859-1\"\r\n", kPage));
  const std::string file = kWarcinfo + kRequest + response;
  const ReadResult result = read_warc(file);
  REQUIRE(result.pages.size() == 1);
  const pith::PageInput& page = result.pages[0];
  CHECK(page.error.empty());
  CHECK(page.bytes == kPage);
  CHECK(page.url == "http://a.example/");
  CHECK(page.id == "urn:uuid:1");
  CHECK(page.charset == "ISO-8859-1");
  CHECK(page.kind == pith::PageKind::html);
  CHECK(page.source == "test.warc");
  CHECK(page.location == "record 3 (byte " + std::to_string(kWarcinfo.size() + kRequest.size()) + ")");
  CHECK(result.skipped.other_record_types == 2);
}

TEST_CASE("gzip members per record, and one gzip stream over the whole file, read alike", "[warc_reader]") {
  const std::string first = response_record("http://a.example/1", "urn:uuid:1", http("200 OK", "Content-Type: text/html\r\n", kPage));
  const std::string second = response_record("http://a.example/2", "urn:uuid:2", http("200 OK", "Content-Type: text/html\r\n", kPage));
  SECTION("one member per record: the location is the member's offset") {
    const std::string a = gzip(kWarcinfo), b = gzip(first), c = gzip(second);
    const ReadResult result = read_warc(a + b + c);
    REQUIRE(result.pages.size() == 2);
    CHECK(result.pages[0].bytes == kPage);
    CHECK(result.pages[0].location == "record 2 (byte " + std::to_string(a.size()) + ")");
    CHECK(result.pages[1].location == "record 3 (byte " + std::to_string(a.size() + b.size()) + ")");
    CHECK(result.pages[1].url == "http://a.example/2");
  }
  SECTION("one stream") {
    const ReadResult result = read_warc(gzip(kWarcinfo + first + second));
    REQUIRE(result.pages.size() == 2);
    CHECK(result.pages[1].bytes == kPage);
    CHECK(result.pages[1].error.empty());
  }
}

TEST_CASE("chunked transfer and gzip or deflate content encodings are undone (warcio style)", "[warc_reader]") {
  std::string file;
  file += gzip(response_record("http://a.example/chunked", "urn:uuid:1",
                               http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked(kPage, 7))));
  file += gzip(response_record("http://a.example/gzip", "urn:uuid:2",
                               http("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzip(kPage))));
  file += gzip(response_record(
      "http://a.example/both", "urn:uuid:3",
      http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", chunked(gzip(kPage), 5))));
  file += gzip(response_record("http://a.example/deflate", "urn:uuid:4",
                               http("200 OK", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", compress(kPage, MAX_WBITS))));
  file += gzip(response_record("http://a.example/raw-deflate", "urn:uuid:5",
                               http("200 OK", "Content-Type: text/html\r\nContent-Encoding: deflate\r\n", compress(kPage, -MAX_WBITS))));
  // Stored already decoded with the original headers kept, as some writers do.
  file += gzip(response_record("http://a.example/decoded", "urn:uuid:6",
                               http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", kPage)));
  const ReadResult result = read_warc(file);
  REQUIRE(result.pages.size() == 6);
  for (const auto& page : result.pages) {
    INFO(page.url << " " << page.error);
    CHECK(page.error.empty());
    CHECK(page.bytes == kPage);
  }
}

TEST_CASE("non-HTML and non-200 responses are skipped and counted, resource records are pages", "[warc_reader]") {
  std::string file;
  file += response_record("http://a.example/png", "urn:uuid:1", http("200 OK", "Content-Type: image/png\r\n", "\x89PNG...."));
  file += response_record("http://a.example/404", "urn:uuid:2", http("404 Not Found", "Content-Type: text/html\r\n", kPage));
  file += response_record("http://a.example/301", "urn:uuid:3", http("301 Moved", "Location: /x\r\n", ""));
  file += response_record("http://a.example/untyped", "urn:uuid:4", http("200 OK", "", "  " + kPage));
  file += response_record("http://a.example/untyped-binary", "urn:uuid:5", http("200 OK", "", "GIF89a"));
  file += record("resource", "WARC-Target-URI: file:///page.html\r\nContent-Type: text/html; charset=utf-8\r\n", kPage);
  file += record("resource", "WARC-Target-URI: file:///data.json\r\nContent-Type: application/json\r\n", "{}");
  file += record("metadata", "", "via: x\r\n");
  file += record("revisit", "", "HTTP/1.1 200 OK\r\n\r\n");
  const ReadResult result = read_warc(file);
  CHECK(urls(result) == std::vector<std::string>{"http://a.example/untyped", "file:///page.html"});
  CHECK(result.pages[1].charset == "utf-8");
  CHECK(result.pages[1].bytes == kPage);
  CHECK(result.skipped.not_html == 3);
  CHECK(result.skipped.not_200 == 2);
  CHECK(result.skipped.other_record_types == 2);
}

TEST_CASE("a missing Content-Length or WARC-Type is an error of that record only", "[warc_reader]") {
  const std::string good = response_record("http://a.example/good", "urn:uuid:9", http("200 OK", "Content-Type: text/html\r\n", kPage));
  SECTION("no Content-Length: resynchronised at the next WARC/1. line") {
    const std::string bad = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/bad\r\n\r\n" +
                            http("200 OK", "Content-Type: text/html\r\n", kPage) + "\r\n\r\n";
    const ReadResult result = read_warc(good + bad + good);
    CHECK(urls(result) == std::vector<std::string>{"http://a.example/good", "error:http://a.example/bad", "http://a.example/good"});
    CHECK(result.pages[1].error.find("Content-Length") != std::string::npos);
    CHECK(result.pages[1].location == "record 2 (byte " + std::to_string(good.size()) + ")");
  }
  SECTION("no WARC-Type") {
    const std::string block = http("200 OK", "Content-Type: text/html\r\n", kPage);
    const std::string bad = "WARC/1.1\r\nWARC-Target-URI: http://a.example/bad\r\nContent-Length: " +
                            std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
    const ReadResult result = read_warc(gzip(good) + gzip(bad) + gzip(good));
    CHECK(urls(result) == std::vector<std::string>{"http://a.example/good", "error:http://a.example/bad", "http://a.example/good"});
    CHECK(result.pages[1].error.find("WARC-Type") != std::string::npos);
  }
  SECTION("not a WARC record at all: one error, then the records after it") {
    const ReadResult result = read_warc("garbage\r\nmore garbage\r\n" + good);
    CHECK(urls(result) == std::vector<std::string>{"error:", "http://a.example/good"});
    CHECK(result.pages[0].location == "record 1 (byte 0)");
  }
}

TEST_CASE("a truncated last record is an error of that record only", "[warc_reader]") {
  const std::string good = response_record("http://a.example/good", "urn:uuid:1", http("200 OK", "Content-Type: text/html\r\n", kPage));
  const std::string last = response_record("http://a.example/cut", "urn:uuid:2", http("200 OK", "Content-Type: text/html\r\n", kPage));
  SECTION("plain") {
    const ReadResult result = read_warc(good + last.substr(0, last.size() - 30));
    CHECK(urls(result) == std::vector<std::string>{"http://a.example/good", "error:http://a.example/cut"});
    CHECK(result.pages[1].error.find("truncated") != std::string::npos);
  }
  SECTION("cut inside its gzip member") {
    const std::string member = gzip(last);
    const ReadResult result = read_warc(gzip(good) + member.substr(0, member.size() / 2));
    REQUIRE(result.pages.size() == 2);
    CHECK(result.pages[0].error.empty());
    CHECK(result.pages[1].error.find("truncated gzip member") != std::string::npos);
  }
  SECTION("cut in the WARC header") {
    const ReadResult result = read_warc(good + last.substr(0, 40));
    CHECK(urls(result) == std::vector<std::string>{"http://a.example/good", "error:"});
  }
}

TEST_CASE("a record whose declared length lies is an error of that record only", "[warc_reader]") {
  const std::string block = http("200 OK", "Content-Type: text/html\r\n", kPage);
  const auto lying = [&](long delta) {
    return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.example/liar\r\nContent-Length: " +
           std::to_string(static_cast<long>(block.size()) + delta) + "\r\n\r\n" + block + "\r\n\r\n";
  };
  const std::string good1 = response_record("http://a.example/1", "urn:uuid:1", http("200 OK", "Content-Type: text/html\r\n", kPage));
  const std::string good2 = response_record("http://a.example/2", "urn:uuid:2", http("200 OK", "Content-Type: text/html\r\n", kPage));
  for (const long delta : {-10L, 10L, 1000L}) {
    for (const bool gzipped : {false, true}) {
      INFO("delta " << delta << (gzipped ? " gzip" : " plain"));
      const std::string file = gzipped ? gzip(good1) + gzip(lying(delta)) + gzip(good2) : good1 + lying(delta) + good2;
      const ReadResult result = read_warc(file);
      CHECK(urls(result) == std::vector<std::string>{"http://a.example/1", "error:http://a.example/liar", "http://a.example/2"});
      CHECK(result.pages[1].error.find("Content-Length") != std::string::npos);
    }
  }
}

TEST_CASE("a bad gzip member is an error of its record, reading goes on at the next member", "[warc_reader]") {
  const auto member = [&](int n) {
    return gzip(response_record("http://a.example/" + std::to_string(n), "urn:uuid:" + std::to_string(n),
                                http("200 OK", "Content-Type: text/html\r\n", kPage)));
  };
  std::string broken = member(2);
  for (std::size_t i = 20; i < 40; ++i) broken[i] = static_cast<char>(broken[i] ^ 0x5a);
  const ReadResult result = read_warc(member(1) + broken + member(3));
  REQUIRE(result.pages.size() == 3);
  CHECK(result.pages[0].url == "http://a.example/1");
  CHECK(result.pages[1].error.find("gzip") != std::string::npos);
  CHECK(result.pages[1].location.starts_with("record 2 (byte " + std::to_string(member(1).size()) + ")"));
  CHECK(result.pages[2].error.empty());
  CHECK(result.pages[2].url == "http://a.example/3");
}

TEST_CASE("max page bytes applies to the decoded body", "[warc_reader]") {
  pith::InputLimits limits;
  limits.max_page_bytes = 1000;
  const std::string big(5000, 'a');
  std::string file;
  file += response_record("http://a.example/bomb", "urn:uuid:1",
                          http("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzip("<p>" + big)));
  file += response_record("http://a.example/big", "urn:uuid:2", http("200 OK", "Content-Type: text/html\r\n", "<p>" + big));
  file += response_record("http://a.example/chunks", "urn:uuid:3",
                          http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked("<p>" + big, 100)));
  file += response_record("http://a.example/small", "urn:uuid:4", http("200 OK", "Content-Type: text/html\r\n", kPage));
  const ReadResult result = read_warc(file, limits);
  CHECK(urls(result) == std::vector<std::string>{"error:http://a.example/bomb", "error:http://a.example/big",
                                                 "error:http://a.example/chunks", "http://a.example/small"});
  CHECK(result.pages[0].error.find("1000") != std::string::npos);
}

TEST_CASE("a bad chunked body or HTTP head is an error of that record", "[warc_reader]") {
  std::string file;
  file += response_record("http://a.example/chunks", "urn:uuid:1",
                          http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", "5\r\n<p>hi\r\nzz\r\n"));
  file += response_record("http://a.example/status", "urn:uuid:2", "HTTX/1.1 200 OK\r\n\r\n" + kPage);
  file += response_record("http://a.example/ok", "urn:uuid:3", http("200 OK", "Content-Type: text/html\r\n", kPage));
  const ReadResult result = read_warc(file);
  CHECK(urls(result) == std::vector<std::string>{"error:http://a.example/chunks", "error:http://a.example/status", "http://a.example/ok"});
}

TEST_CASE("fuzz finding: a header error with nothing consumed gives nothing back (empty unread)", "[warc_reader]") {
  // pith_warc_fuzzer (UBSan): resynchronising after a record with no Content-Length handed an
  // empty view without a data pointer to memcpy.
  const std::string good = response_record("http://a.example/good", "urn:uuid:1", http("200 OK", "Content-Type: text/html\r\n", kPage));
  const ReadResult result = read_warc(gzip("WARC/1.0\r\nWARC-Type: response\r\n\r\n") + gzip(good));
  CHECK(urls(result) == std::vector<std::string>{"error:", "http://a.example/good"});
}
