#include "features/page_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

#include "features/byte_sniffing.h"
#include "features/error.h"
#include "features/html_segmenter.h"
#include "features/inflater.h"
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
  Inflater inflater(DeflateWrapper::gzip);
  std::string out;
  out.resize(std::max<std::size_t>(compressed.size() * 4, 1 << 16));
  const char* next_in = compressed.data();
  std::size_t avail_in = compressed.size();
  std::size_t out_pos = 0;
  const auto position = [&] { return "byte " + std::to_string(compressed.size() - avail_in); };
  for (;;) {
    if (out_pos == out.size()) {
      if (out.size() >= kMaxInflatedBytes)
        throw Error(name, "", "decompressed data larger than " + std::to_string(kMaxInflatedBytes) + " bytes");
      out.resize(std::min(out.size() * 2, kMaxInflatedBytes));
    }
    char* next_out = out.data() + out_pos;
    std::size_t avail_out = out.size() - out_pos;
    const std::size_t input_before = avail_in;
    const Inflater::Status status = inflater.inflate(next_in, avail_in, next_out, avail_out);
    const std::size_t produced = out.size() - out_pos - avail_out;
    out_pos += produced;
    if (status == Inflater::Status::stream_end) {
      if (avail_in == 0 || all_zero(std::string_view(next_in, avail_in))) break;  // zero padding is common
      inflater.reset();
      continue;
    }
    if (status == Inflater::Status::corrupt) throw Error(name, position(), "corrupt gzip data: " + inflater.error());
    // A step with room that took and gave nothing has nothing more to give: the data ends early.
    if (produced == 0 && avail_in == input_before && out_pos < out.size())
      throw Error(name, position(), "truncated gzip data (unexpected end of file)");
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
