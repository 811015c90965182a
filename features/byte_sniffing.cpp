#include "features/byte_sniffing.h"

#include <algorithm>
#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "features/error.h"

namespace pith {
namespace {

struct Magic {
  std::string_view bytes;
  std::string_view name;
};

// Formats that are never a page, by the bytes they must start with. Only signatures at least
// four bytes long (or three very unlikely ones): a text page must not match by chance.
constexpr std::array kMagics{
    Magic{"\x89PNG\r\n\x1A\n", "a PNG image"},
    Magic{"\xFF\xD8\xFF", "a JPEG image"},
    Magic{"GIF87a", "a GIF image"},
    Magic{"GIF89a", "a GIF image"},
    Magic{"%PDF-", "a PDF document"},
    Magic{"\x1F\x8B", "gzip data (compressed, but the file name does not end in .gz)"},
    Magic{"PK\x03\x04", "a zip archive"},
    Magic{"\xFD" "7zXZ", "xz data"},
    Magic{"\x28\xB5\x2F\xFD", "zstd data"},
    Magic{"7z\xBC\xAF\x27\x1C", "a 7z archive"},
    Magic{"Rar!\x1A\x07", "a RAR archive"},
    Magic{"\x7F" "ELF", "an ELF executable"},
    Magic{std::string_view("\0asm", 4), "WebAssembly"},
    Magic{std::string_view("SQLite format 3\0", 16), "an SQLite database"},
    Magic{"\x1A\x45\xDF\xA3", "Matroska/WebM media"},
    Magic{"\xCA\xFE\xBA\xBE", "a Java class or Mach-O binary"},
    Magic{"\xCF\xFA\xED\xFE", "a Mach-O binary"},
    Magic{std::string_view("\x00\x00\x01\x00", 4), "an icon"},
};

// Bytes of `sample` below 0x20 that no text uses, and DEL. Text uses tab, line feed, vertical
// tab, form feed, carriage return and escape (ISO-2022 charsets shift with it). Every page
// passes through here, up to a megabyte of it: sixteen bytes a step where SSE2 is there (each
// control byte's mask subtracted from byte-wide counters, summed every 255 steps), else sums
// of comparisons without branches, in blocks whose byte-sized counts cannot overflow, which
// the compiler vectorises (1.6 instructions a byte against 0.9 by hand).
std::size_t count_controls(std::string_view sample) {
  const auto* p = reinterpret_cast<const unsigned char*>(sample.data());
  std::size_t left = sample.size(), controls = 0;
#if defined(__SSE2__)
  const __m128i below_space_max = _mm_set1_epi8(0x1F), nine = _mm_set1_epi8(9), four = _mm_set1_epi8(4),
                escape = _mm_set1_epi8(0x1B), del = _mm_set1_epi8(0x7F), zero = _mm_setzero_si128();
  while (left >= 16) {
    const std::size_t steps = std::min<std::size_t>(left / 16, 255);
    __m128i counts = zero;
    for (std::size_t k = 0; k < steps; ++k, p += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i below_space = _mm_cmpeq_epi8(_mm_min_epu8(bytes, below_space_max), bytes);
      // tab, line feed, vertical tab, form feed, carriage return (9..13) and escape
      const __m128i from_tab = _mm_sub_epi8(bytes, nine);
      const __m128i text_control =
          _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(from_tab, four), from_tab), _mm_cmpeq_epi8(bytes, escape));
      const __m128i control = _mm_or_si128(_mm_andnot_si128(text_control, below_space), _mm_cmpeq_epi8(bytes, del));
      counts = _mm_sub_epi8(counts, control);
    }
    const __m128i sums = _mm_sad_epu8(counts, zero);
    controls += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
                static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums)));
    left -= steps * 16;
  }
#endif
  while (left > 0) {
    const std::size_t block = std::min<std::size_t>(left, 255);
    unsigned char below_space = 0, text_controls = 0, del = 0;
    for (std::size_t i = 0; i < block; ++i) {
      const unsigned char byte = p[i];
      below_space += byte < 0x20;
      // tab, line feed, vertical tab, form feed, carriage return (9..13) and escape
      text_controls += static_cast<unsigned char>(byte - 9) < 5 || byte == 0x1B;
      del += byte == 0x7F;
    }
    controls += std::size_t{below_space} - text_controls + del;
    p += block;
    left -= block;
  }
  return controls;
}

// Share of control bytes above which the bytes are not text: random bytes have about 10%,
// real pages a handful in a million.
constexpr double kMaxControlShare = 0.02;
// Enough to judge; a page with text up front and a binary tail still shows its controls there.
constexpr std::size_t kSampleBytes = std::size_t{1} << 20;

}  // namespace

std::string_view sniff_utf16(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE")) return "UTF-16LE";
  if (bytes.starts_with("\xFE\xFF")) return "UTF-16BE";
  // Without a BOM: in the first code units, count NULs at even and odd positions. ASCII-range
  // text in UTF-16LE has a NUL at every odd byte and none at the even ones.
  const std::size_t units = std::min<std::size_t>(bytes.size() / 2, 512);
  if (units < 2) return "";
  std::size_t even_nul = 0, odd_nul = 0;
  for (std::size_t i = 0; i < units; ++i) {
    even_nul += bytes[2 * i] == '\0';
    odd_nul += bytes[2 * i + 1] == '\0';
  }
  const auto most = [&](std::size_t n) { return n * 10 >= units * 9; };
  const auto few = [&](std::size_t n) { return n * 10 <= units; };
  if (most(odd_nul) && few(even_nul)) return "UTF-16LE";
  if (most(even_nul) && few(odd_nul)) return "UTF-16BE";
  return "";
}

std::string_view binary_kind(std::string_view bytes) {
  for (const Magic& magic : kMagics)
    if (bytes.starts_with(magic.bytes)) return magic.name;
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") &&
      (bytes.substr(8, 4) == "WEBP" || bytes.substr(8, 4) == "WAVE" || bytes.substr(8, 4) == "AVI "))
    return "RIFF media (WebP, WAV or AVI)";
  if (bytes.size() >= 12 && bytes.substr(4, 4) == "ftyp") return "MP4/QuickTime media";
  if (bytes.size() >= 10 && bytes.starts_with("BZh") && bytes.substr(4, 6) == "1AY&SY") return "bzip2 data";
  if (!sniff_utf16(bytes).empty()) return "";
  const std::string_view sample = bytes.substr(0, kSampleBytes);
  const std::size_t controls = count_controls(sample);
  if (!sample.empty() && static_cast<double>(controls) > kMaxControlShare * static_cast<double>(sample.size()))
    return "control bytes";
  return "";
}

void check_not_binary(std::string_view bytes, const std::string& source) {
  const std::string_view kind = binary_kind(bytes);
  if (kind.empty()) return;
  if (kind == "control bytes")
    throw Error(source, "",
                "binary data, not a page: more than 2% of its first bytes are control characters (NUL and the "
                "like) that no text holds");
  throw Error(source, "", fmt::format("binary data, not a page: {}", kind));
}

}  // namespace pith
