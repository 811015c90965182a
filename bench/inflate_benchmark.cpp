// Inflates a gzip file (one member or many, as a WARC written record by record) with zlib and
// with pith's Inflater (ISA-L), in the same run, 64 KB of input a step as the gzip stream reads:
// the measured reason for ISA-L (docs/design-departures.md). Usage:
//   pith_inflate_benchmark FILE.gz [ROUNDS]
#include <zlib.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "features/inflater.h"

namespace {

constexpr std::size_t kInputStep = std::size_t{1} << 16;
constexpr std::size_t kOutputStep = std::size_t{1} << 18;

// Returns the inflated size; -1 on damage.
long long inflate_with_zlib(const std::string& compressed, std::string& out) {
  z_stream stream{};
  inflateInit2(&stream, 16 + MAX_WBITS);
  long long total = 0;
  std::size_t position = 0;
  for (;;) {
    if (stream.avail_in == 0) {
      const std::size_t n = std::min(kInputStep, compressed.size() - position);
      if (n == 0) break;
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + position));
      stream.avail_in = static_cast<uInt>(n);
      position += n;
    }
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    total += static_cast<long long>(out.size() - stream.avail_out);
    if (status == Z_STREAM_END) {
      inflateReset(&stream);
      continue;
    }
    if (status != Z_OK) {
      total = -1;
      break;
    }
  }
  inflateEnd(&stream);
  return total;
}

long long inflate_with_pith(const std::string& compressed, std::string& out) {
  pith::Inflater inflater(pith::DeflateWrapper::gzip);
  long long total = 0;
  const char* in = compressed.data();
  const char* end = compressed.data() + compressed.size();
  for (;;) {
    std::size_t in_size = std::min<std::size_t>(kInputStep, static_cast<std::size_t>(end - in));
    const std::size_t offered = in_size;
    char* next_out = out.data();
    std::size_t out_size = out.size();
    const pith::Inflater::Status status = inflater.inflate(in, in_size, next_out, out_size);
    total += static_cast<long long>(out.size() - out_size);
    if (status == pith::Inflater::Status::stream_end) {
      if (in == end) break;
      inflater.reset();
      continue;
    }
    if (status == pith::Inflater::Status::corrupt) return -1;
    if (offered == 0 && out_size == out.size()) break;
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.gz [ROUNDS]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  const std::string compressed((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  std::string out(kOutputStep, '\0');
  fmt::print("{}: {:.1f} MB compressed, {} rounds\n", argv[1], compressed.size() / 1e6, rounds);
  for (int round = 0; round < rounds; ++round) {
    const auto time = [&](auto inflate_all) {
      const auto start = std::chrono::steady_clock::now();
      const long long bytes = inflate_all(compressed, out);
      return std::pair(bytes, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
    const auto [zlib_bytes, zlib_seconds] = time(inflate_with_zlib);
    const auto [pith_bytes, pith_seconds] = time(inflate_with_pith);
    if (zlib_bytes < 0 || pith_bytes < 0 || zlib_bytes != pith_bytes) {
      fmt::print(stderr, "the two inflated sizes differ or a stream is damaged ({} / {})\n", zlib_bytes, pith_bytes);
      return 1;
    }
    fmt::print("round {}: {:.1f} MB inflated; zlib {:.3f} s {:.0f} MB/s; ISA-L (pith::Inflater) {:.3f} s {:.0f} MB/s, {:.2f}x zlib\n",
               round + 1, zlib_bytes / 1e6, zlib_seconds, zlib_bytes / zlib_seconds / 1e6, pith_seconds,
               pith_bytes / pith_seconds / 1e6, zlib_seconds / pith_seconds);
  }
  return 0;
}
