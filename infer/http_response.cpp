#include "infer/http_response.h"

#include <algorithm>
#include <cstdint>

#include "features/page_limits.h"
#include "features/unicode.h"
#include "infer/gzip_stream.h"

namespace pith {

std::string_view trim_header_space(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ascii_lowered(a) == ascii_lowered(b);
}

// The last coding of a comma-separated list: the one applied last, undone first.
std::string last_coding(std::string_view value) {
  const std::size_t comma = value.rfind(',');
  return ascii_lowered(trim_header_space(comma == std::string_view::npos ? value : value.substr(comma + 1)));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads "<hex>[;extensions]\r\n" at `pos`; false when it is not a chunk size line.
bool read_chunk_size(std::string_view body, std::size_t& pos, std::uint64_t& size) {
  const std::size_t end = body.find('\n', pos);
  if (end == std::string_view::npos) return false;
  std::string_view line = body.substr(pos, end - pos);
  const std::size_t semicolon = line.find(';');
  if (semicolon != std::string_view::npos) line = line.substr(0, semicolon);
  line = trim_header_space(line);
  if (line.empty() || line.size() > 15) return false;
  size = 0;
  for (const char c : line) {
    const int digit = hex_value(c);
    if (digit < 0) return false;
    size = size * 16 + static_cast<std::uint64_t>(digit);
  }
  pos = end + 1;
  return true;
}

std::string dechunk(std::string_view body, std::size_t max_bytes, std::string& out) {
  out.clear();
  std::size_t pos = 0;
  for (;;) {
    std::uint64_t size = 0;
    if (!read_chunk_size(body, pos, size)) return pos >= body.size() ? "truncated chunked body" : "bad chunk size line in chunked body";
    if (size == 0) return {};  // trailers after the last chunk carry nothing we use
    if (size > body.size() - pos) return "truncated chunked body";
    if (out.size() + size > max_bytes) return page_over_byte_limit(out.size() + size, max_bytes);
    out.append(body.substr(pos, static_cast<std::size_t>(size)));
    pos += static_cast<std::size_t>(size);
    if (body.substr(pos).starts_with("\r\n")) pos += 2;
    else if (body.substr(pos).starts_with("\n")) pos += 1;
    else if (pos < body.size()) return "chunk not followed by a line break in chunked body";
  }
}

}  // namespace

ContentType parse_content_type(std::string_view value) {
  ContentType type;
  const std::size_t semicolon = value.find(';');
  type.media_type = ascii_lowered(trim_header_space(value.substr(0, semicolon)));
  std::size_t pos = semicolon;
  while (pos != std::string_view::npos) {
    const std::size_t next = value.find(';', pos + 1);
    const std::string_view parameter = trim_header_space(value.substr(pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1));
    const std::size_t equals = parameter.find('=');
    if (equals != std::string_view::npos && equals_ignoring_case(trim_header_space(parameter.substr(0, equals)), "charset")) {
      std::string_view charset = trim_header_space(parameter.substr(equals + 1));
      if (charset.size() >= 2 && (charset.front() == '"' || charset.front() == '\'') && charset.back() == charset.front())
        charset = charset.substr(1, charset.size() - 2);
      type.charset = std::string(trim_header_space(charset));
    }
    pos = next;
  }
  return type;
}

bool looks_like_html(const ContentType& type, std::string_view body) {
  if (type.media_type == "text/html" || type.media_type == "application/xhtml+xml") return true;
  if (!type.media_type.empty()) return false;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  const std::size_t first = body.find_first_not_of(" \t\r\n\f\v");
  return first != std::string_view::npos && body[first] == '<';
}

std::string parse_http_response_head(std::string_view block, HttpResponseHead& head) {
  head = HttpResponseHead{};
  std::size_t pos = block.find('\n');
  if (pos == std::string_view::npos) return "no HTTP status line";
  const std::string_view status_line = trim_header_space(block.substr(0, pos));
  // "HTTP/1.1 200 OK", "HTTP/2 404"
  const std::size_t space = status_line.find(' ');
  if (!status_line.starts_with("HTTP/") || space == std::string_view::npos || status_line.size() < space + 4)
    return "bad HTTP status line";
  const std::string_view code = status_line.substr(space + 1, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (status_line.size() > space + 4 && status_line[space + 4] != ' '))
    return "bad HTTP status line";
  head.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  ++pos;
  for (;;) {
    const std::size_t end = block.find('\n', pos);
    if (end == std::string_view::npos) return "no blank line after the HTTP headers";
    const std::string_view line = block.substr(pos, end - pos);
    pos = end + 1;
    if (trim_header_space(line).empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // folded or junk header lines carry nothing we use
    const std::string_view name = trim_header_space(line.substr(0, colon));
    const std::string_view value = trim_header_space(line.substr(colon + 1));
    if (equals_ignoring_case(name, "content-type")) head.content_type = std::string(value);
    else if (equals_ignoring_case(name, "transfer-encoding")) head.transfer_encoding = ascii_lowered(value);
    else if (equals_ignoring_case(name, "content-encoding")) head.content_encoding = ascii_lowered(value);
  }
  head.head_bytes = pos;
  return {};
}

std::string decode_http_body(std::string_view body, const HttpResponseHead& head, std::size_t max_bytes,
                             std::string& out) {
  std::string dechunked;
  if (last_coding(head.transfer_encoding) == "chunked") {
    std::size_t probe = 0;
    std::uint64_t size = 0;
    if (read_chunk_size(body, probe, size)) {
      if (std::string error = dechunk(body, max_bytes, dechunked); !error.empty()) return error;
      body = dechunked;
    }
  }
  const std::string coding = last_coding(head.content_encoding);
  if (coding.empty() || coding == "identity" || ((coding == "gzip" || coding == "x-gzip") && !body.starts_with("\x1f\x8b"))) {
    if (body.size() > max_bytes) return page_over_byte_limit(body.size(), max_bytes);
    out.assign(body);
    return {};
  }
  if (coding == "gzip" || coding == "x-gzip") return inflate_buffer(body, Compression::gzip, max_bytes, out);
  if (coding == "deflate") return inflate_buffer(body, Compression::zlib_or_raw_deflate, max_bytes, out);
  return "unsupported Content-Encoding '" + coding + "'";
}

}  // namespace pith
