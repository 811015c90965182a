#pragma once
// DEFLATE inflation, step by step, for every gzip, zlib and raw deflate stream pith reads (page
// files named .gz, gzipped WARC and JSON lines, HTTP content encodings). ISA-L's igzip does the
// work: 2.3x zlib's speed on a WARC of the shared test pages, which made inflation a quarter of
// a WARC run with zlib (docs/design-departures.md, "ISA-L for inflation").
#include <cstddef>
#include <memory>
#include <string>

namespace pith {

enum class DeflateWrapper { gzip, zlib, raw };

class Inflater {
 public:
  enum class Status {
    more,        // used all the input or filled all the output; call again with more of either
    stream_end,  // the stream (a gzip member) ended; reset() before the next one
    corrupt,     // the data is damaged; error() says how
  };

  explicit Inflater(DeflateWrapper wrapper);
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Inflates from [in, in + in_size) into [out, out + out_size) and moves the four on past what
  // it consumed and produced. Any size; it feeds the library at most 1 GiB at a time.
  // `in` can move BACK: ISA-L reads ahead (8 bytes) and keeps a block header cut by the end of
  // the input (up to 328 bytes), and hands back what it did not use. So the kMaxHandBack input
  // bytes before `in` that earlier calls consumed must still be there, unchanged, in the same
  // buffer. A hand-back larger than that, or of more than the stream consumed, is reported as
  // corrupt data rather than followed out of the buffer.
  static constexpr std::size_t kMaxHandBack = 512;
  Status inflate(const char*& in, std::size_t& in_size, char*& out, std::size_t& out_size);
  // Starts the next stream (the next gzip member of a file).
  void reset();
  // What the last `corrupt` was, e.g. "invalid deflate block".
  const std::string& error() const { return error_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  DeflateWrapper wrapper_;
  std::ptrdiff_t consumed_since_reset_ = 0;
  std::string error_;
};

}  // namespace pith
