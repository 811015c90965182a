#include "features/inflater.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstdint>

namespace pith {
namespace {

constexpr std::size_t kMaxStep = std::size_t{1} << 30;  // ISA-L counts in 32-bit unsigned ints
static_assert(Inflater::kMaxHandBack >= ISAL_DEF_MAX_HDR_SIZE + sizeof(std::uint64_t));

std::uint32_t crc_flag_of(DeflateWrapper wrapper) {
  switch (wrapper) {
    case DeflateWrapper::gzip:
      return ISAL_GZIP;  // parses the header and checks the CRC-32 and length trailer
    case DeflateWrapper::zlib:
      return ISAL_ZLIB;  // parses the header and checks the Adler-32 trailer
    case DeflateWrapper::raw:
      break;
  }
  return ISAL_DEFLATE;
}

std::string describe(int status) {
  switch (status) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "invalid distance too far back";
    case ISAL_INVALID_WRAPPER:
      return "invalid header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "incorrect data check";
    case ISAL_NEED_DICT:
      return "needs a preset dictionary";
    default:
      return "inflation failed (code " + std::to_string(status) + ")";
  }
}

}  // namespace

// ISA-L's state holds the window and decoding tables inline (about 90 KB): on the heap, once.
struct Inflater::State {
  inflate_state stream;
};

Inflater::Inflater(DeflateWrapper wrapper) : state_(std::make_unique<State>()), wrapper_(wrapper) { reset(); }

Inflater::~Inflater() = default;

void Inflater::reset() {
  consumed_since_reset_ = 0;
  isal_inflate_init(&state_->stream);
  state_->stream.crc_flag = crc_flag_of(wrapper_);
}

Inflater::Status Inflater::inflate(const char*& in, std::size_t& in_size, char*& out, std::size_t& out_size) {
  inflate_state& stream = state_->stream;
  for (;;) {
    const std::size_t in_step = std::min(in_size, kMaxStep);
    const std::size_t out_step = std::min(out_size, kMaxStep);
    stream.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(in));
    stream.avail_in = static_cast<std::uint32_t>(in_step);
    stream.next_out = reinterpret_cast<std::uint8_t*>(out);
    stream.avail_out = static_cast<std::uint32_t>(out_step);
    const int status = isal_inflate(&stream);
    // Signed: at the end of a stream ISA-L hands back the bytes it read ahead, which can move
    // `in` back before where this call started (inflater.h).
    const std::ptrdiff_t consumed = reinterpret_cast<const char*>(stream.next_in) - in;
    consumed_since_reset_ += consumed;
    if (consumed < -static_cast<std::ptrdiff_t>(kMaxHandBack) || consumed_since_reset_ < 0) {
      error_ = "the inflater stepped back " + std::to_string(-consumed) + " bytes, out of its input";
      return Status::corrupt;  // `in` stays where it was
    }
    const std::size_t produced = out_step - stream.avail_out;
    in += consumed;
    in_size = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(in_size) - consumed);
    out += produced;
    out_size -= produced;
    if (status != ISAL_DECOMP_OK) {
      error_ = describe(status);
      return Status::corrupt;
    }
    if (stream.block_state == ISAL_BLOCK_FINISH) return Status::stream_end;
    // A step stops when its input or its output is used up; go on only when that was a cap.
    if ((stream.avail_in == 0 && in_size == 0) || (stream.avail_out == 0 && out_size == 0)) return Status::more;
    if (consumed <= 0 && produced == 0) return Status::more;
  }
}

}  // namespace pith
