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
constexpr std::size_t kKeptHistory = Inflater::kMaxHandBack;
constexpr char kGzipMagic[] = "\x1f\x8b\x08";

}  // namespace

GzipSource::GzipSource(std::unique_ptr<ByteSource> compressed) : compressed_(std::move(compressed)) {
  next_in_ = input_.data();
}

bool GzipSource::refill_input() {
  if (input_ended_) return false;
  // Keep the last consumed bytes before the unread ones: the inflater may hand some back.
  const std::size_t consumed = static_cast<std::size_t>(next_in_ - input_.data());
  const std::size_t history = std::min(consumed, kKeptHistory);
  input_.erase(0, consumed - history);
  input_base_ += consumed - history;
  const std::size_t keep = input_.size();
  input_.resize(keep + kInputChunk);
  const std::size_t n = compressed_->read(input_.data() + keep, kInputChunk);
  input_.resize(keep + n);
  next_in_ = input_.data() + history;
  avail_in_ = input_.size() - history;
  if (n == 0) {
    input_ended_ = true;
    std::string error = compressed_->take_error();
    if (!error.empty() && error_.empty()) error_ = std::move(error);
  }
  return n > 0;
}

void GzipSource::skip_input(std::size_t n) {
  next_in_ += n;
  avail_in_ -= n;
}

bool GzipSource::start_member() {
  for (;;) {
    while (avail_in_ > 0 && *next_in_ == 0) skip_input(1);
    if (avail_in_ > 0) break;
    if (!refill_input()) return false;
  }
  members_.emplace_back(output_offset_, input_offset());
  if (members_.size() > kRememberedMembers) members_.pop_front();
  inflater_.reset();
  in_member_ = true;
  return true;
}

bool GzipSource::resynchronise() {
  // Look again from just after the damaged member's start when those bytes are still here: the
  // inflater may have read past the start of the next member before noticing the damage.
  const std::uint64_t member_start = members_.empty() ? 0 : members_.back().second;
  if (member_start + 1 >= input_base_ && member_start + 1 <= input_base_ + input_.size()) {
    const std::size_t from = static_cast<std::size_t>(member_start + 1 - input_base_);
    next_in_ = input_.data() + from;
    avail_in_ = input_.size() - from;
  }
  for (;;) {
    const std::string_view view(next_in_, avail_in_);
    const std::size_t found = view.find(std::string_view(kGzipMagic, 3));
    if (found != std::string_view::npos) {
      skip_input(found);
      return true;
    }
    // Keep the last two bytes: they may be the start of a header cut by the chunk boundary.
    skip_input(view.size() > 2 ? view.size() - 2 : 0);
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
  const auto drop_member_output = [&] {
    if (!member_start) return;
    output_offset_ -= produced - *member_start;
    produced = *member_start;
  };
  bool stalled = false;
  while (!finished_ && produced < size) {
    if (!in_member_) {
      if (!start_member()) {
        finished_ = true;
        break;
      }
      member_start = produced;
    }
    // Fresh input when all is used, or when the inflater took nothing of what is left (it needs
    // more than that to go on).
    if (avail_in_ == 0 || stalled) refill_input();
    const std::size_t input_before = avail_in_;
    char* next_out = out + produced;
    std::size_t room = size - produced;
    const Inflater::Status status = inflater_.inflate(next_in_, avail_in_, next_out, room);
    const std::size_t n = static_cast<std::size_t>(next_out - (out + produced));
    produced += n;
    output_offset_ += n;
    if (status == Inflater::Status::stream_end) {
      in_member_ = false;
      stalled = false;
      continue;
    }
    if (status == Inflater::Status::more) {
      // The inflater may hold output after using up its input, so a member is cut short only
      // when a step with room gives nothing and takes nothing, with the input at its end.
      stalled = n == 0 && avail_in_ == input_before;
      if (stalled && input_ended_) {
        if (error_.empty())
          error_ = "truncated gzip member (the input ends inside it, byte " + std::to_string(input_offset()) + ")";
        finished_ = true;
        drop_member_output();
        break;
      }
      continue;
    }
    error_ = "corrupt gzip data (byte " + std::to_string(input_offset()) + "): " + inflater_.error();
    in_member_ = false;
    drop_member_output();
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
  const auto attempt = [&](DeflateWrapper wrapper) -> std::string {
    out.clear();
    Inflater inflater(wrapper);
    const char* next_in = compressed.data();
    std::size_t avail_in = compressed.size();
    for (;;) {
      if (out.size() > max_bytes) return page_over_byte_limit(0, max_bytes);
      const std::size_t old_size = out.size();
      const std::size_t room = std::min<std::size_t>(std::max<std::size_t>(old_size, kInputChunk), max_bytes + 1 - old_size);
      out.resize(old_size + room);
      char* next_out = out.data() + old_size;
      std::size_t avail_out = room;
      const std::size_t input_before = avail_in;
      const Inflater::Status status = inflater.inflate(next_in, avail_in, next_out, avail_out);
      out.resize(old_size + room - avail_out);
      if (status == Inflater::Status::stream_end) break;
      if (status == Inflater::Status::corrupt) return "corrupt compressed body: " + inflater.error();
      // A step that had room and took and gave nothing has nothing more to give: the body ends early.
      if (avail_out == room && avail_in == input_before) return "truncated compressed body";
    }
    if (out.size() > max_bytes) return page_over_byte_limit(0, max_bytes);
    return std::string();
  };
  if (compression == Compression::gzip) return attempt(DeflateWrapper::gzip);
  std::string error = attempt(DeflateWrapper::zlib);
  if (!error.empty()) error = attempt(DeflateWrapper::raw);
  return error;
}

}  // namespace pith
