// The inflater (ISA-L) and the gzip stream over it, against zlib-made data: any split of the
// input and the output gives the same bytes, and damage or a cut is reported, never garbage.
#include "features/inflater.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "infer/gzip_stream.h"
#include "tests/test_files.h"

namespace {

// Text that compresses like a page: repeats with variation, so back references and literals mix.
std::string page_like_text(std::size_t size) {
  std::string text;
  unsigned seed = 12345;
  while (text.size() < size) {
    seed = seed * 1103515245u + 12345u;
    text += "<p class=\"item-" + std::to_string(seed % 97) + "\">paragraph " + std::to_string(seed % 10007) + " of words</p>\n";
  }
  text.resize(size);
  return text;
}

// Hands out the compressed bytes `step` at a time, as a slow pipe would.
class TrickleSource : public pith::ByteSource {
 public:
  TrickleSource(std::string bytes, std::size_t step) : bytes_(std::move(bytes)), step_(step) {}
  std::size_t read(char* out, std::size_t size) override {
    const std::size_t n = std::min({size, step_, bytes_.size() - position_});
    bytes_.copy(out, n, position_);
    position_ += n;
    return n;
  }
  std::uint64_t bytes_consumed() const override { return position_; }

 private:
  std::string bytes_;
  std::size_t step_;
  std::size_t position_ = 0;
};

std::string inflate_in_steps(pith::DeflateWrapper wrapper, const std::string& compressed, std::size_t in_step,
                             std::size_t out_step, pith::Inflater::Status& last) {
  pith::Inflater inflater(wrapper);
  std::string out;
  std::size_t position = 0;
  for (int calls = 0; calls < 10'000'000; ++calls) {
    const std::size_t in_size = std::min(in_step, compressed.size() - position);
    const char* in = compressed.data() + position;
    std::size_t in_left = in_size;
    std::string chunk(out_step, '\0');
    char* next_out = chunk.data();
    std::size_t out_left = out_step;
    last = inflater.inflate(in, in_left, next_out, out_left);
    position = static_cast<std::size_t>(in - compressed.data());  // can move back at a stream's end
    out.append(chunk.data(), out_step - out_left);
    if (last != pith::Inflater::Status::more) return out;
    if (in_size == 0 && out_left == out_step) return out;  // no input left and nothing more out
  }
  FAIL("the inflater did not stop");
  return out;
}

std::string gunzip_stream(const std::string& compressed, std::size_t in_step, std::size_t read_size, std::string& error) {
  pith::GzipSource source(std::make_unique<TrickleSource>(compressed, in_step));
  std::string out, buffer(read_size, '\0');
  for (int reads = 0; reads < 10'000'000; ++reads) {
    const std::size_t n = source.read(buffer.data(), read_size);
    if (n == 0) {
      const std::string damage = source.take_error();
      if (damage.empty()) return out;
      error += damage;
      continue;  // reading again goes on after the damage
    }
    out.append(buffer.data(), n);
  }
  FAIL("the gzip stream did not end");
  return out;
}

}  // namespace

TEST_CASE("the inflater gives zlib's input back for any split of input and output", "[inflater]") {
  const std::string text = page_like_text(300'000);
  const struct {
    pith::DeflateWrapper wrapper;
    int window_bits;
  } formats[] = {{pith::DeflateWrapper::gzip, 16 + MAX_WBITS}, {pith::DeflateWrapper::zlib, MAX_WBITS},
                 {pith::DeflateWrapper::raw, -MAX_WBITS}};
  for (const auto& format : formats) {
    const std::string compressed = pith::test::compress(text, format.window_bits);
    for (const auto& [in_step, out_step] : {std::pair<std::size_t, std::size_t>{compressed.size(), text.size() + 1},
                                            {1, 100'000}, {compressed.size(), 1}, {7, 13}, {4096, 65536}}) {
      CAPTURE(format.window_bits, in_step, out_step);
      pith::Inflater::Status last{};
      const std::string out = inflate_in_steps(format.wrapper, compressed, in_step, out_step, last);
      CHECK(last == pith::Inflater::Status::stream_end);
      CHECK(out == text);
    }
  }
}

TEST_CASE("the inflater reports damage and a stream cut short", "[inflater]") {
  const std::string text = page_like_text(50'000);
  std::string compressed = pith::test::gzip(text);
  pith::Inflater::Status last{};
  SECTION("cut short: no end, no error") {
    const std::string out =
        inflate_in_steps(pith::DeflateWrapper::gzip, compressed.substr(0, compressed.size() / 2), 4096, 65536, last);
    CHECK(last == pith::Inflater::Status::more);
    CHECK(out.size() < text.size());
  }
  SECTION("a wrong checksum") {
    compressed[compressed.size() - 6] ^= 0x55;
    inflate_in_steps(pith::DeflateWrapper::gzip, compressed, compressed.size(), text.size() + 1, last);
    CHECK(last == pith::Inflater::Status::corrupt);
  }
  SECTION("not gzip at all") {
    inflate_in_steps(pith::DeflateWrapper::gzip, "not gzip data at all", 100, 100, last);
    CHECK(last == pith::Inflater::Status::corrupt);
  }
}

TEST_CASE("the gzip stream reads members through any trickle of input and any read size", "[inflater]") {
  const std::string first = page_like_text(70'000), second = page_like_text(1'000), third = page_like_text(200'000);
  const std::string members = pith::test::gzip(first) + pith::test::gzip(second) + pith::test::gzip(third) + std::string(5, '\0');
  for (const auto& [in_step, read_size] :
       {std::pair<std::size_t, std::size_t>{1, 65536}, {3, 1}, {65536, 10}, {65536, 1 << 20}, {100'000, 4096}}) {
    CAPTURE(in_step, read_size);
    std::string error;
    CHECK(gunzip_stream(members, in_step, read_size, error) == first + second + third);
    CHECK(error.empty());
  }
}

// Output of the cut member that an earlier read already returned cannot be taken back (the WARC
// reader drops the record on the error); within one read it is dropped, and it is never garbage.
// Fuzz finding (warc target, 2026-12-03): ISA-L hands back up to 8 read-ahead bytes at a
// member's end, and when they came from the chunk before, the stream must still hold them.
TEST_CASE("many small gzip members read through every chunk size", "[inflater]") {
  std::string members, text;
  for (int i = 0; i < 60; ++i) {
    const std::string part = page_like_text(static_cast<std::size_t>(1 + i * 37));
    text += part;
    members += pith::test::gzip(part);
  }
  for (std::size_t in_step = 1; in_step <= 40; ++in_step) {
    CAPTURE(in_step);
    std::string error;
    CHECK(gunzip_stream(members, in_step, 4096, error) == text);
    CHECK(error.empty());
  }
}

TEST_CASE("a gzip member cut anywhere is reported, and only true bytes are passed on", "[inflater]") {
  const std::string whole = page_like_text(20'000), cut = page_like_text(30'000);
  const std::string whole_member = pith::test::gzip(whole), cut_member = pith::test::gzip(cut);
  for (std::size_t keep = 1; keep < cut_member.size(); keep += 97) {
    CAPTURE(keep);
    std::string error;
    const std::string out = gunzip_stream(whole_member + cut_member.substr(0, keep), 4096, 8192, error);
    CHECK(out.starts_with(whole));
    CHECK((whole + cut).starts_with(out));
    CHECK_THAT(error, Catch::Contains("truncated gzip member"));
  }
}

TEST_CASE("inflate_buffer takes gzip, zlib and raw deflate bodies and refuses a cut one", "[inflater]") {
  const std::string text = page_like_text(100'000);
  std::string out;
  CHECK(pith::inflate_buffer(pith::test::gzip(text), pith::Compression::gzip, 1 << 20, out).empty());
  CHECK(out == text);
  CHECK(pith::inflate_buffer(pith::test::compress(text, MAX_WBITS), pith::Compression::zlib_or_raw_deflate, 1 << 20, out).empty());
  CHECK(out == text);
  CHECK(pith::inflate_buffer(pith::test::compress(text, -MAX_WBITS), pith::Compression::zlib_or_raw_deflate, 1 << 20, out).empty());
  CHECK(out == text);
  const std::string cut = pith::test::gzip(text).substr(0, 300);
  CHECK(pith::inflate_buffer(cut, pith::Compression::gzip, 1 << 20, out) == "truncated compressed body");
  CHECK_THAT(pith::inflate_buffer(pith::test::gzip(text), pith::Compression::gzip, 1000, out), Catch::Contains("1000"));
}

// Fuzz finding (warc target, 2026-12-03): a damaged gzip body on which ISA-L stepped its input
// pointer 336 bytes back, before the start of the body. The step is refused as damage.
TEST_CASE("an inflater that steps back out of its input reports damage and stays in the buffer", "[inflater]") {
  const std::string body(
      "\x1f\x8b\x08\x00\x22\xca\x11\x6b\x02\xff\x7d\x52\x3d\x4f\xc3\x30\x10\xdd\xf3\x2b\x0e\xef\x25\x62\x43\xad\xe3\x81\x82\x60"
      "\xa2\x48\x54\x42\x8c\x97\xe6\x92\x58\x72\xec\xc8\xbe\x34\x0a\xd0\xff\xce\xa5\xe9\xc0\x80\xba\xf8\x3d\xdd\xfb\xd0\xd9\xb2"
      "\xbe\x79\xdc\x6d\xf7\x9f\x6f\x4f\xd0\x72\xe7\x4c\xa6\x67\x00\x87\xbe\x29\x14\x79\x35\x0f\x08\x2b\x81\x8e\x18\xe1\xd0\x62"
      "\x4c\xc4\x85\x1a\xb8\x5e\xdd\xcf\x2a\x5b\x76\x64\x5e\x30\x96\x61\x88\x50\x46\x5b\x35\x04\x91\x42\x4f\x3e\x01\xd6\x4c\x11"
      "\x78\x0c\x30\x91\x04\x21\xd4\x22\xf5\x68\x85\xfe\xc0\xbe\x25\xd8\x06\x4c\x8c\x0e\x9e\xf1\x8b\x98\x49\xe7\x4b\x5d\xa6\x13"
      "\x4f\x82\x65\xa8\x26\xf8\x86\x3a\x78\x5e\xd5\xd8\x59\x37\xad\x21\x51\xb4\xf5\x06\x4e\xe0\xf1\x08\x28\x6a\x87\xb1\xb1\x7e"
      "\x15\x6d\xd3\xf2\x1a\xee\xa8\x13\x51\xe7\x4b\x81\x14\x1d\xa2\xed\xd9\x8c\xd6\x57\x61\xbc\x45\x8f\x6e\x62\x7b\x48\x50\x48"
      "\xb2\xc7\x86\xd6\xa0\x30\xca\xc4\x91\x82\xd3\x46\x72\x8b\x3f\xd3\xf9\xe5\xde\xf3\x0e\x97\x57\xa0\x68\x32\x00\x5d\xd9\x23"
      "\x1c\x1c\xa6\x54\x28\x17\x9a\xa0\x8c\x46\x68\x23\xd5\x85\xca\x95\xf9\xf7\x56\x68\x74\x2e\xa9\x73\x5a\xd6\x9e\x51\xd8\xe0"
      "\x16\x22\xd4\xd9\x3f\x25\x9e\xc6\xa4\xcc\xab\x9c\x4b\x52\xc4\x7f\x7d\xa9\x0f\x91\x95\x79\x9f\xe1\xba\xb3\x1c\x92\xf5\x94"
      "\xa4\xf5\xe1\xc2\xae\xfb\x47\x42\x6d\x70\x6c\x65\x2f\x0d\xeb\xee\xd0\x5b\x6f\x83\xfc\x95\xdd\x42\xce\xee\x5f\x45\xaf\xee"
      "\x2e\x58\x02\x00\x00",
      335);
  std::string out;
  CHECK_THAT(pith::inflate_buffer(body, pith::Compression::gzip, 1 << 20, out), Catch::StartsWith("corrupt compressed body"));
  for (std::size_t in_step : {std::size_t{1}, std::size_t{7}, std::size_t{64}, body.size()}) {
    CAPTURE(in_step);
    pith::Inflater inflater(pith::DeflateWrapper::gzip);
    std::string buffer(1 << 16, '\0');
    const char* in = body.data();
    for (int calls = 0; calls < 100'000; ++calls) {
      std::size_t in_size = std::min(in_step, static_cast<std::size_t>(body.data() + body.size() - in));
      char* next_out = buffer.data();
      std::size_t out_size = buffer.size();
      const pith::Inflater::Status status = inflater.inflate(in, in_size, next_out, out_size);
      REQUIRE(in >= body.data());
      REQUIRE(in <= body.data() + body.size());
      if (status != pith::Inflater::Status::more || in_size == 0) break;
    }
  }
}
