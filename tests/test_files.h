#pragma once
// Files for the tests that need them: a scratch folder removed at the end, whole-file reads and
// writes, and gzip/deflate bytes made with zlib (so the readers are checked against the format,
// not against a writer of our own). One definition for every test file.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

namespace pith::test {

// A fresh folder under the system temp dir, named `prefix-<random>`, removed when it goes.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "pith-test") {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes `bytes` to `path`, creating the folders on the way.
inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream file(path, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(file.good());
}

// zlib's deflate of `bytes` in one go; `window_bits` picks the wrapper as in deflateInit2:
// 16 + MAX_WBITS gzip, MAX_WBITS zlib, -MAX_WBITS raw deflate.
inline std::string compress(const std::string& bytes, int window_bits, int level = 6) {
  z_stream stream{};
  REQUIRE(deflateInit2(&stream, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// One gzip member holding `bytes`.
inline std::string gzip(const std::string& bytes, int level = 6) { return compress(bytes, 16 + MAX_WBITS, level); }

}  // namespace pith::test
