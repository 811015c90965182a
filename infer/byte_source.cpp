#include "infer/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "features/error.h"
#include "infer/gzip_stream.h"

namespace pith {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 16;

class FileSource : public ByteSource {
 public:
  FileSource(std::FILE* file, std::string name, std::uint64_t size) : file_(file), name_(std::move(name)), size_(size) {}
  ~FileSource() override { std::fclose(file_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* out, std::size_t size) override {
    const std::size_t n = std::fread(out, 1, size, file_);
    consumed_ += n;
    if (n == 0 && std::ferror(file_) && !failed_) {
      failed_ = true;
      error_ = "cannot read file: " + std::generic_category().message(errno);
    }
    return n;
  }
  std::string take_error() override { return std::exchange(error_, std::string()); }
  std::uint64_t bytes_consumed() const override { return consumed_; }
  std::uint64_t size() const override { return size_; }

 private:
  std::FILE* file_;
  std::string name_;
  std::uint64_t size_;
  std::uint64_t consumed_ = 0;
  bool failed_ = false;
  std::string error_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::size_t read(char* out, std::size_t size) override {
    const std::size_t n = std::min(size, bytes_.size() - offset_);
    std::memcpy(out, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  std::uint64_t bytes_consumed() const override { return offset_; }
  std::uint64_t size() const override { return bytes_.size(); }

 private:
  std::string bytes_;
  std::size_t offset_ = 0;
};

class IstreamSource : public ByteSource {
 public:
  explicit IstreamSource(std::istream& stream) : stream_(stream) {}
  std::size_t read(char* out, std::size_t size) override {
    stream_.read(out, static_cast<std::streamsize>(size));
    const auto n = static_cast<std::size_t>(stream_.gcount());
    consumed_ += n;
    return n;
  }
  std::uint64_t bytes_consumed() const override { return consumed_; }

 private:
  std::istream& stream_;
  std::uint64_t consumed_ = 0;
};

// Hands out the bytes it peeked first, then the rest of the source.
class PeekedSource : public ByteSource {
 public:
  PeekedSource(std::unique_ptr<ByteSource> source, std::string peeked)
      : source_(std::move(source)), peeked_(std::move(peeked)) {}
  std::size_t read(char* out, std::size_t size) override {
    if (offset_ < peeked_.size()) {
      const std::size_t n = std::min(size, peeked_.size() - offset_);
      std::memcpy(out, peeked_.data() + offset_, n);
      offset_ += n;
      return n;
    }
    return source_->read(out, size);
  }
  std::string take_error() override { return source_->take_error(); }
  std::uint64_t bytes_consumed() const override { return source_->bytes_consumed() - (peeked_.size() - offset_); }
  std::uint64_t size() const override { return source_->size(); }

 private:
  std::unique_ptr<ByteSource> source_;
  std::string peeked_;
  std::size_t offset_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> open_file_source(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw Error(path.string(), "", "cannot open file: " + std::generic_category().message(errno));
  std::error_code ignored;
  const std::uintmax_t size = std::filesystem::file_size(path, ignored);
  return std::make_unique<FileSource>(file, path.string(), ignored ? 0 : size);
}

std::unique_ptr<ByteSource> memory_source(std::string bytes) { return std::make_unique<MemorySource>(std::move(bytes)); }

std::unique_ptr<ByteSource> istream_source(std::istream& stream) { return std::make_unique<IstreamSource>(stream); }

std::unique_ptr<ByteSource> maybe_gunzip(std::unique_ptr<ByteSource> source) {
  std::string peeked(2, '\0');
  std::size_t have = 0;
  while (have < 2) {
    const std::size_t n = source->read(peeked.data() + have, 2 - have);
    if (n == 0) break;
    have += n;
  }
  peeked.resize(have);
  const bool gzip = peeked.size() == 2 && peeked[0] == '\x1f' && peeked[1] == '\x8b';
  auto restored = std::make_unique<PeekedSource>(std::move(source), std::move(peeked));
  if (!gzip) return restored;
  return std::make_unique<GzipSource>(std::move(restored));
}

BufferedInput::BufferedInput(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

bool BufferedInput::fill() {
  if (begin_ > 0 && (begin_ == buffer_.size() || begin_ >= kChunkBytes)) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  const std::size_t old_size = buffer_.size();
  buffer_.resize(old_size + kChunkBytes);
  const std::size_t n = read_source(buffer_.data() + old_size, kChunkBytes);
  buffer_.resize(old_size + n);
  return n > 0;
}

std::size_t BufferedInput::read_source(char* out, std::size_t size) {
  const std::size_t n = source_->read(out, size);
  if (n > 0) return n;
  std::string error = source_->take_error();
  if (!error.empty()) {
    damaged_ = true;
    error_ = std::move(error);
  }
  return 0;
}

BufferedInput::Status BufferedInput::read_line(std::string& line, std::size_t max_bytes) {
  line.clear();
  if (pending_damage()) return Status::damaged;
  std::size_t searched = 0;
  for (;;) {
    const std::string_view view = buffered();
    const std::size_t newline = view.find('\n', searched);
    if (newline != std::string_view::npos && newline < max_bytes) {
      line.assign(view.substr(0, newline + 1));
      consume(newline + 1);
      return Status::ok;
    }
    if (view.size() >= max_bytes) {
      line.assign(view.substr(0, max_bytes));
      consume(max_bytes);
      return Status::too_long;
    }
    searched = view.size();
    if (!fill()) {
      line.assign(buffered());
      consume(line.size());
      if (damaged_) return Status::damaged;
      return line.empty() ? Status::end : Status::ok;
    }
  }
}

BufferedInput::Status BufferedInput::read_exact(std::string& out, std::size_t size) {
  if (pending_damage()) return Status::damaged;
  while (size > 0) {
    if (begin_ == buffer_.size() && size >= kChunkBytes) {
      // A page's body: read (inflate) it straight into `out` rather than through the buffer.
      const std::size_t old_size = out.size();
      out.resize(old_size + size);
      const std::size_t n = read_source(out.data() + old_size, size);
      out.resize(old_size + n);
      if (n == 0) return damaged_ ? Status::damaged : Status::end;
      position_ += n;
      size -= n;
      continue;
    }
    if (begin_ == buffer_.size() && !fill()) return damaged_ ? Status::damaged : Status::end;
    const std::size_t n = std::min(size, buffer_.size() - begin_);
    out.append(buffer_, begin_, n);
    consume(n);
    size -= n;
  }
  return Status::ok;
}

BufferedInput::Status BufferedInput::skip(std::size_t size) {
  if (pending_damage()) return Status::damaged;
  while (size > 0) {
    if (begin_ == buffer_.size() && !fill()) return damaged_ ? Status::damaged : Status::end;
    const std::size_t n = std::min(size, buffer_.size() - begin_);
    consume(n);
    size -= n;
  }
  return Status::ok;
}

BufferedInput::Status BufferedInput::skip_line() {
  if (pending_damage()) return Status::damaged;
  for (;;) {
    const std::string_view view = buffered();
    const std::size_t newline = view.find('\n');
    if (newline != std::string_view::npos) {
      consume(newline + 1);
      return Status::ok;
    }
    consume(view.size());
    if (!fill()) return damaged_ ? Status::damaged : Status::end;
  }
}

void BufferedInput::unread(std::string_view bytes) {
  if (bytes.empty()) return;  // an empty view may have no data pointer for memcpy
  if (bytes.size() <= begin_) {
    begin_ -= bytes.size();
    std::memcpy(buffer_.data() + begin_, bytes.data(), bytes.size());
  } else {
    buffer_ = std::string(bytes) + std::string(buffered());
    begin_ = 0;
  }
  position_ -= bytes.size();
}

bool BufferedInput::at_end() {
  if (begin_ < buffer_.size()) return false;
  if (fill()) return false;
  return !damaged_;
}

std::string BufferedInput::take_error() {
  damaged_ = false;
  return std::exchange(error_, std::string());
}

}  // namespace pith
