#include "infer/gzip_stream.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "features/error.h"
#include "features/page_limits.h"

namespace pith {
namespace {

constexpr std::size_t kInputChunk = std::size_t{1} << 16;
constexpr std::size_t kRememberedMembers = 256;
constexpr char kGzipMagic[] = "\x1f\x8b\x08";

std::string zlib_detail(const z_stream& stream) { return stream.msg ? std::string(": ") + stream.msg : std::string(); }

}  // namespace

GzipSource::GzipSource(std::unique_ptr<ByteSource> compressed) : compressed_(std::move(compressed)) {
  if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) throw Error("", "", "cannot initialise zlib");
  stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
  stream_.avail_in = 0;
}

GzipSource::~GzipSource() { inflateEnd(&stream_); }

bool GzipSource::refill_input() {
  const std::size_t keep = stream_.avail_in;
  const std::uint64_t next_offset = input_offset();
  std::string rest(reinterpret_cast<const char*>(stream_.next_in), keep);
  input_ = std::move(rest);
  input_.resize(keep + kInputChunk);
  const std::size_t n = compressed_->read(input_.data() + keep, kInputChunk);
  input_.resize(keep + n);
  input_base_ = next_offset;
  stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
  stream_.avail_in = static_cast<uInt>(input_.size());
  if (n == 0) {
    std::string error = compressed_->take_error();
    if (!error.empty() && error_.empty()) error_ = std::move(error);
  }
  return n > 0;
}

bool GzipSource::start_member() {
  for (;;) {
    while (stream_.avail_in > 0 && *stream_.next_in == 0) {
      ++stream_.next_in;
      --stream_.avail_in;
    }
    if (stream_.avail_in > 0) break;
    if (!refill_input()) return false;
  }
  members_.emplace_back(output_offset_, input_offset());
  if (members_.size() > kRememberedMembers) members_.pop_front();
  inflateReset(&stream_);
  in_member_ = true;
  return true;
}

bool GzipSource::resynchronise() {
  // Look again from just after the damaged member's start when those bytes are still here:
  // zlib may have read past the start of the next member before noticing the damage.
  const std::uint64_t member_start = members_.empty() ? 0 : members_.back().second;
  if (member_start + 1 >= input_base_ && member_start + 1 <= input_base_ + input_.size()) {
    const std::size_t from = static_cast<std::size_t>(member_start + 1 - input_base_);
    stream_.next_in = reinterpret_cast<Bytef*>(input_.data() + from);
    stream_.avail_in = static_cast<uInt>(input_.size() - from);
  }
  for (;;) {
    const std::string_view view(reinterpret_cast<const char*>(stream_.next_in), stream_.avail_in);
    const std::size_t found = view.find(std::string_view(kGzipMagic, 3));
    if (found != std::string_view::npos) {
      stream_.next_in += found;
      stream_.avail_in -= static_cast<uInt>(found);
      return true;
    }
    // Keep the last two bytes: they may be the start of a header cut by the chunk boundary.
    const std::size_t drop = view.size() > 2 ? view.size() - 2 : 0;
    stream_.next_in += drop;
    stream_.avail_in -= static_cast<uInt>(drop);
    if (!refill_input()) return false;
  }
}

std::size_t GzipSource::read(char* out, std::size_t size) {
  if (damage_next_) {
    damage_next_ = false;
    return 0;
  }
  std::size_t produced = 0;
  // Where the current member's output starts in `out` when it started during this call: its
  // bytes are dropped if it turns out damaged, so that the reader sees the damage before garbage.
  std::optional<std::size_t> member_start;
  while (!finished_ && produced < size) {
    if (!in_member_) {
      if (!start_member()) {
        finished_ = true;
        break;
      }
      member_start = produced;
    }
    if (stream_.avail_in == 0 && !refill_input()) {
      if (error_.empty())
        error_ = "truncated gzip member (the input ends inside it, byte " + std::to_string(input_offset()) + ")";
      finished_ = true;
      if (member_start) {
        output_offset_ -= produced - *member_start;
        produced = *member_start;
      }
      break;
    }
    const std::size_t room = std::min<std::size_t>(size - produced, std::size_t{1} << 30);
    stream_.next_out = reinterpret_cast<Bytef*>(out + produced);
    stream_.avail_out = static_cast<uInt>(room);
    const int status = inflate(&stream_, Z_NO_FLUSH);
    const std::size_t n = room - stream_.avail_out;
    produced += n;
    output_offset_ += n;
    if (status == Z_STREAM_END) {
      in_member_ = false;
      continue;
    }
    if (status == Z_OK) continue;
    error_ = "corrupt gzip data (byte " + std::to_string(input_offset()) + ")" + zlib_detail(stream_);
    in_member_ = false;
    if (member_start) {
      output_offset_ -= produced - *member_start;
      produced = *member_start;
    }
    if (!resynchronise()) finished_ = true;
    break;
  }
  if (!error_.empty() && produced > 0) damage_next_ = true;
  return produced;
}

std::uint64_t GzipSource::origin_of(std::uint64_t output_offset) {
  for (auto member = members_.rbegin(); member != members_.rend(); ++member)
    if (member->first <= output_offset) return member->second;
  return 0;
}

std::string inflate_buffer(std::string_view compressed, Compression compression, std::size_t max_bytes,
                           std::string& out) {
  const auto attempt = [&](int window_bits) -> std::string {
    out.clear();
    z_stream stream{};
    if (inflateInit2(&stream, window_bits) != Z_OK) return "cannot initialise zlib";
    std::string error;
    std::size_t in_pos = 0;
    for (;;) {
      if (out.size() > max_bytes) {
        error = page_over_byte_limit(0, max_bytes);
        break;
      }
      const std::size_t old_size = out.size();
      const std::size_t room = std::min<std::size_t>(std::max<std::size_t>(old_size, kInputChunk), max_bytes + 1 - old_size);
      out.resize(old_size + room);
      const std::size_t in_chunk = std::min<std::size_t>(compressed.size() - in_pos, std::size_t{1} << 30);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + in_pos));
      stream.avail_in = static_cast<uInt>(in_chunk);
      stream.next_out = reinterpret_cast<Bytef*>(out.data() + old_size);
      stream.avail_out = static_cast<uInt>(room);
      const int status = inflate(&stream, Z_NO_FLUSH);
      in_pos += in_chunk - stream.avail_in;
      out.resize(old_size + room - stream.avail_out);
      if (status == Z_STREAM_END) break;
      if (status == Z_OK) continue;
      if (status == Z_BUF_ERROR && stream.avail_out == 0) continue;
      if (status == Z_BUF_ERROR && in_pos == compressed.size()) {
        error = "truncated compressed body";
        break;
      }
      error = "corrupt compressed body" + zlib_detail(stream);
      break;
    }
    inflateEnd(&stream);
    if (error.empty() && out.size() > max_bytes) error = page_over_byte_limit(0, max_bytes);
    return error;
  };
  if (compression == Compression::gzip) return attempt(16 + MAX_WBITS);
  std::string error = attempt(MAX_WBITS);
  if (!error.empty()) error = attempt(-MAX_WBITS);
  return error;
}

}  // namespace pith
