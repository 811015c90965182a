#pragma once
// Streams of input bytes for the page readers: a file, a memory buffer or an istream at the
// bottom, gzip inflation (gzip_stream.h) on top, and a buffered reader with lines, exact
// lengths and push-back that the JSON-lines and WARC readers parse from. Buffers are bounded:
// nothing here holds more of an input than the caller asks for.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace pith {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to `size` bytes into `out`; 0 at the end of the input, or where a damaged part starts
  // (take_error then says why, and reading again goes on after the damage).
  virtual std::size_t read(char* out, std::size_t size) = 0;
  // The message of the damage the last read stopped at, or empty; clears it.
  virtual std::string take_error() { return {}; }
  // Raw input bytes consumed so far (compressed bytes for gzip), for progress.
  virtual std::uint64_t bytes_consumed() const = 0;
  // Raw input size when known, else 0.
  virtual std::uint64_t size() const { return 0; }
  // The raw input offset where the byte at output offset `output_offset` came from, as exact
  // as the format allows (for gzip: the start of its member). Calls come in rising order.
  virtual std::uint64_t origin_of(std::uint64_t output_offset) { return output_offset; }
};

// Throws pith::Error naming the file when it cannot be opened.
std::unique_ptr<ByteSource> open_file_source(const std::filesystem::path& path);
std::unique_ptr<ByteSource> memory_source(std::string bytes);
// Reads from `stream`, which must outlive the source.
std::unique_ptr<ByteSource> istream_source(std::istream& stream);

// Gzip inflation over `source` when it starts with the gzip magic bytes, else `source` itself.
std::unique_ptr<ByteSource> maybe_gunzip(std::unique_ptr<ByteSource> source);

// Reads a ByteSource in chunks, for the parsers of line-based formats.
class BufferedInput {
 public:
  enum class Status { ok, end, too_long, damaged };

  explicit BufferedInput(std::unique_ptr<ByteSource> source);

  // The next line, with its '\n' (absent at the end of the input) into `line`. too_long: the
  // line is longer than `max_bytes`; `line` then holds its first `max_bytes` bytes and the rest
  // of the line stays unread. damaged: the source hit damage; `line` holds what came before.
  Status read_line(std::string& line, std::size_t max_bytes);
  // Appends exactly `size` bytes to `out`; end or damaged when fewer were there (they are
  // appended all the same).
  Status read_exact(std::string& out, std::size_t size);
  // Drops `size` bytes; end or damaged when fewer were there.
  Status skip(std::size_t size);
  // Drops bytes up to and including the next '\n'.
  Status skip_line();
  // Puts `bytes` back in front of what is still unread (bytes just read, being given back).
  void unread(std::string_view bytes);
  // True when no byte is left (reads ahead to know).
  bool at_end();

  // Output offset of the next unread byte.
  std::uint64_t position() const { return position_; }
  std::uint64_t origin_of(std::uint64_t output_offset) { return source_->origin_of(output_offset); }
  std::uint64_t bytes_consumed() const { return source_->bytes_consumed(); }
  std::uint64_t size() const { return source_->size(); }
  // The damage message of the last damaged status.
  std::string take_error();

 private:
  // Reads more into the buffer; false at the end or at damage (damaged_ set).
  bool fill();
  // Reads up to `size` bytes from the source into `out`; 0 at the end or at damage (damaged_
  // and error_ set).
  std::size_t read_source(char* out, std::size_t size);
  // Damage met by an earlier fill and not yet reported through a status.
  bool pending_damage() const { return damaged_ && begin_ == buffer_.size(); }
  std::string_view buffered() const { return std::string_view(buffer_).substr(begin_); }
  void consume(std::size_t size) {
    begin_ += size;
    position_ += size;
  }

  std::unique_ptr<ByteSource> source_;
  std::string buffer_;
  std::size_t begin_ = 0;
  std::uint64_t position_ = 0;
  bool damaged_ = false;
  std::string error_;
};

}  // namespace pith
