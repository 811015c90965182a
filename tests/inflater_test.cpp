// The inflater (ISA-L) and the gzip stream over it, against zlib-made data: any split of the
// input and the output gives the same bytes, and damage or a cut is reported, never garbage.
#include "features/inflater.h"

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
    position += in_size - in_left;
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
