#pragma once
// Gzip inflation as a stream (a gzipped page file, a `.jsonl.gz`, a `.warc.gz` written record
// by record as one gzip member each, or as one stream over the whole file), and whole-buffer
// inflation with a size limit for HTTP content encodings.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "features/inflater.h"
#include "infer/byte_source.h"

namespace pith {

// Inflates concatenated gzip members; zero padding after the last member is ignored. A damaged
// member (corrupt data, a bad header, a member cut short by the end of the input, bytes after
// a member that are no gzip member) stops a read with an error (take_error), and the next read
// goes on at the next gzip member header found after it.
class GzipSource : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> compressed);
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* out, std::size_t size) override;
  std::string take_error() override { return std::exchange(error_, std::string()); }
  std::uint64_t bytes_consumed() const override { return compressed_->bytes_consumed(); }
  std::uint64_t size() const override { return compressed_->size(); }
  // The compressed offset of the member the output byte came from.
  std::uint64_t origin_of(std::uint64_t output_offset) override;

 private:
  // Reads the next chunk after the unread input; false (and input_ended_) at the end.
  bool refill_input();
  void skip_input(std::size_t n);
  // Skips zero padding; false when the input ended there.
  bool start_member();
  // Skips input up to the next gzip member header; false when none is left.
  bool resynchronise();
  std::uint64_t input_offset() const { return input_base_ + static_cast<std::uint64_t>(next_in_ - input_.data()); }

  std::unique_ptr<ByteSource> compressed_;
  Inflater inflater_{DeflateWrapper::gzip};
  std::string input_;
  const char* next_in_ = nullptr;  // the unread part of input_
  std::size_t avail_in_ = 0;
  bool input_ended_ = false;  // the compressed source has nothing more
  std::uint64_t input_base_ = 0;  // compressed offset of input_[0]
  std::uint64_t output_offset_ = 0;
  bool in_member_ = false;
  bool finished_ = false;
  bool damage_next_ = false;  // bytes before the damage were returned; the next read reports it
  std::string error_;
  // (first output offset, compressed offset) of recent members, for origin_of.
  std::deque<std::pair<std::uint64_t, std::uint64_t>> members_;
};

enum class Compression { gzip, zlib_or_raw_deflate };

// Inflates a whole buffer (an HTTP body with Content-Encoding gzip or deflate; "deflate" is
// zlib-wrapped or raw, as servers send both). Returns an empty string on success, else the
// reason; stops with an error once the output would pass `max_bytes`.
std::string inflate_buffer(std::string_view compressed, Compression compression, std::size_t max_bytes,
                           std::string& out);

}  // namespace pith
