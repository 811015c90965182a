#pragma once
// The HTTP side of a WARC `response` record: status line, headers, transfer and content
// encodings. Pure functions on buffers, so the WARC reader stays about records.
#include <cstddef>
#include <string>
#include <string_view>

namespace pith {

struct ContentType {
  std::string media_type;  // lower case, without parameters: "text/html"
  std::string charset;     // the charset parameter as given, unquoted; empty if none
};

ContentType parse_content_type(std::string_view value);

// `text` without the spaces, tabs and line ends around it: a header line's name or value, in
// HTTP heads and WARC record headers alike (WARC borrows HTTP's header grammar).
std::string_view trim_header_space(std::string_view text);

// text/html and application/xhtml+xml; with no media type at all, a body whose first
// non-blank byte is '<'.
bool looks_like_html(const ContentType& type, std::string_view body);

struct HttpResponseHead {
  int status = 0;
  std::string content_type;       // the raw header value, empty if absent
  std::string transfer_encoding;  // lower case
  std::string content_encoding;   // lower case
  std::size_t head_bytes = 0;     // status line, headers and the blank line after them
};

// Parses the status line and headers at the start of `block`. Returns an empty string on
// success, else why it failed ("no blank line after the HTTP headers", ...).
std::string parse_http_response_head(std::string_view block, HttpResponseHead& head);

// Undoes chunked transfer encoding and gzip/deflate content encoding of `body` as `head`
// declares them, into `out` (at most `max_bytes`). Returns an empty string on success, else
// why it failed. A body declared chunked that does not start with a chunk size is taken as
// already de-chunked (some WARC writers store it so but keep the header); likewise a body
// declared gzip that does not start with the gzip magic bytes.
std::string decode_http_body(std::string_view body, const HttpResponseHead& head, std::size_t max_bytes,
                             std::string& out);

}  // namespace pith
