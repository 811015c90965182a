#include "features/page_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

#include "features/byte_sniffing.h"
#include "features/error.h"
#include "features/html_segmenter.h"
#include "features/text_segmenter.h"
#include "features/unicode.h"

namespace pith {
namespace {

// A decompressed page larger than this is a gzip bomb or not a page; refusing it keeps memory
// bounded (DESIGN.md convention 7).
constexpr std::size_t kMaxInflatedBytes = std::size_t{1} << 30;

std::string system_message(int error_number) { return std::generic_category().message(error_number); }

std::string read_raw(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw Error(name, "", "cannot open file: " + system_message(errno));
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
    bytes.append(buffer, n);
    if (n < sizeof buffer) break;
  }
  if (std::ferror(file.get())) throw Error(name, "", "cannot read file: " + system_message(errno));
  return bytes;
}

bool all_zero(std::string_view bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == 0; });
}

// Handles concatenated gzip members (what `cat a.gz b.gz` and many WARC writers produce).
std::string gunzip(std::string_view compressed, const std::string& name) {
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw Error(name, "", "cannot initialise zlib");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, &inflateEnd);
  std::string out;
  out.resize(std::max<std::size_t>(compressed.size() * 4, 1 << 16));
  std::size_t in_pos = 0, out_pos = 0;
  for (;;) {
    if (out_pos == out.size()) {
      if (out.size() >= kMaxInflatedBytes)
        throw Error(name, "", "decompressed data larger than " + std::to_string(kMaxInflatedBytes) + " bytes");
      out.resize(std::min(out.size() * 2, kMaxInflatedBytes));
    }
    // zlib counts in 32-bit unsigned ints: feed at most 1 GiB at a time.
    const std::size_t in_chunk = std::min<std::size_t>(compressed.size() - in_pos, std::size_t{1} << 30);
    const std::size_t out_chunk = std::min<std::size_t>(out.size() - out_pos, std::size_t{1} << 30);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + in_pos));
    stream.avail_in = static_cast<uInt>(in_chunk);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + out_pos);
    stream.avail_out = static_cast<uInt>(out_chunk);
    const int status = inflate(&stream, Z_NO_FLUSH);
    in_pos += in_chunk - stream.avail_in;
    out_pos += out_chunk - stream.avail_out;
    if (status == Z_STREAM_END) {
      const std::string_view rest = compressed.substr(in_pos);
      if (rest.empty() || all_zero(rest)) break;  // zero padding after the last member is common
      inflateReset(&stream);
      continue;
    }
    if (status == Z_OK) continue;
    if (status == Z_BUF_ERROR && stream.avail_out == 0) continue;  // only needs more output room
    if (status == Z_BUF_ERROR && in_pos == compressed.size())
      throw Error(name, "byte " + std::to_string(in_pos), "truncated gzip data (unexpected end of file)");
    if (status == Z_MEM_ERROR) throw Error(name, "", "out of memory while decompressing");
    const std::string detail = stream.msg ? std::string(": ") + stream.msg : std::string();
    throw Error(name, "byte " + std::to_string(in_pos), "corrupt gzip data" + detail);
  }
  out.resize(out_pos);
  return out;
}

std::string lower_extension(const std::filesystem::path& path) { return ascii_lowered(path.extension().string()); }

}  // namespace

bool is_gzip_file_name(const std::filesystem::path& path) { return lower_extension(path) == ".gz"; }

std::optional<PageKind> page_kind_of_file_name(const std::filesystem::path& path) {
  std::string extension = lower_extension(path);
  if (extension == ".gz") extension = lower_extension(path.stem());
  if (extension == ".html" || extension == ".htm" || extension == ".xhtml") return PageKind::html;
  if (extension == ".txt") return PageKind::text;
  return std::nullopt;
}

std::string read_file_bytes(const std::filesystem::path& path) {
  std::string bytes = read_raw(path);
  if (!is_gzip_file_name(path)) return bytes;
  return gunzip(bytes, path.string());
}

PageKind guess_page_kind(const std::filesystem::path& path, std::string_view bytes) {
  if (const std::optional<PageKind> named = page_kind_of_file_name(path)) return *named;
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const std::size_t first = bytes.find_first_not_of(" \t\r\n\f\v");
  return first != std::string_view::npos && bytes[first] == '<' ? PageKind::html : PageKind::text;
}

Document read_page(const std::filesystem::path& path) {
  const std::string bytes = read_file_bytes(path);
  check_not_binary(bytes, path.string());
  if (guess_page_kind(path, bytes) == PageKind::html) return segment_html(bytes, path.string());
  return segment_text(bytes, path.string());
}

}  // namespace pith
