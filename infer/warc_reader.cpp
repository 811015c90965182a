#include "infer/warc_reader.h"

#include <algorithm>

#include "features/page_limits.h"
#include "features/unicode.h"
#include "infer/http_response.h"

namespace pith {
namespace {

// Header lines longer than this, or headers longer in all, are not WARC: the record is an error.
constexpr std::size_t kMaxHeaderLine = std::size_t{64} << 10;
constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 20;
// The HTTP status line and headers must lie in the first this many bytes of a response block.
constexpr std::size_t kHttpHeadBytes = std::size_t{1} << 20;
// Blocks of skipped records up to this size are kept until the record's end is confirmed, so
// that a record whose Content-Length lies can be resynchronised inside them.
constexpr std::size_t kKeptSkippedBlock = std::size_t{4} << 20;

// WARC 1.1 writes URIs bare, WARC 1.0's grammar in angle brackets: keep what is inside.
std::string_view strip_angle_brackets(std::string_view value) {
  if (value.size() >= 2 && value.front() == '<' && value.back() == '>') return value.substr(1, value.size() - 2);
  return value;
}

bool parse_length(std::string_view text, std::uint64_t& length) {
  if (text.empty() || text.size() > 18) return false;
  length = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    length = length * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

struct WarcHeader {
  std::string type;  // lower case
  std::string content_type;
  std::string target_uri;
  std::string record_id;
  bool has_length = false;
  bool bad_length = false;
  std::uint64_t length = 0;
};

}  // namespace

WarcReader::WarcReader(std::unique_ptr<ByteSource> source, std::string source_name, InputLimits limits)
    : input_(maybe_gunzip(std::move(source))), source_name_(std::move(source_name)), limits_(limits) {}

std::unique_ptr<WarcReader> WarcReader::open(const std::string& path, InputLimits limits) {
  return std::make_unique<WarcReader>(open_file_source(path), path, limits);
}

bool WarcReader::next(PageInput& page) {
  for (;;) {
    page.clear();
    switch (read_record(page)) {
      case Outcome::page:
      case Outcome::failed:
        return true;
      case Outcome::skipped:
        continue;
      case Outcome::end:
        return false;
    }
  }
}

WarcReader::Outcome WarcReader::fail(PageInput& page, std::string message, bool damaged) {
  page.bytes.clear();
  page.kind.reset();
  page.error = damaged ? input_.take_error() + (message.empty() ? "" : " (" + message + ")") : std::move(message);
  if (damaged) resynchronise({});
  return Outcome::failed;
}

void WarcReader::resynchronise(std::string_view consumed) {
  for (std::size_t from = 0;;) {
    const std::size_t found = consumed.find("WARC/1.", from);
    if (found == std::string_view::npos) break;
    if (found == 0 || consumed[found - 1] == '\n') {
      input_.unread(consumed.substr(found));
      return;
    }
    from = found + 1;
  }
  // The last, unfinished line of what was consumed may be the start of a version line cut by a
  // wrong length: read it again as a line of its own.
  const std::size_t last_line = consumed.rfind('\n') + 1;  // 0 when there is none: a block starts a line
  bool at_line_start = consumed.size() - last_line <= kMaxHeaderLine;
  if (at_line_start) input_.unread(consumed.substr(last_line));
  for (;;) {
    const BufferedInput::Status status = input_.read_line(line_, kMaxHeaderLine);
    if (status == BufferedInput::Status::end) return;
    if (status == BufferedInput::Status::damaged) {
      input_.take_error();  // part of the damage already reported
      at_line_start = true;
      continue;
    }
    if (at_line_start && line_.starts_with("WARC/1.")) {
      input_.unread(line_);
      return;
    }
    at_line_start = status == BufferedInput::Status::ok;
  }
}

BufferedInput::Status WarcReader::take_block_bytes(std::size_t size, bool keep) {
  return keep ? input_.read_exact(block_, size) : input_.skip(size);
}

WarcReader::Outcome WarcReader::read_record(PageInput& page) {
  using Status = BufferedInput::Status;
  std::uint64_t start = 0;
  Status status;
  for (;;) {
    start = input_.position();
    status = input_.read_line(line_, kMaxHeaderLine);
    if (status == Status::end) return Outcome::end;
    if (status != Status::ok || !trim_header_space(line_).empty()) break;
  }
  ++record_number_;
  page.source = source_name_;
  page.location = "record " + std::to_string(record_number_) + " (byte " + std::to_string(input_.origin_of(start)) + ")";
  if (status == Status::damaged) return fail(page, "", true);
  if (status == Status::too_long || !line_.starts_with("WARC/1.")) {
    fail(page, "expected a WARC/1.0 or WARC/1.1 version line", false);
    resynchronise({});
    return Outcome::failed;
  }

  WarcHeader header;
  std::size_t header_bytes = 0;
  for (;;) {
    status = input_.read_line(line_, kMaxHeaderLine);
    if (status == Status::damaged) return fail(page, "in the WARC header", true);
    if (status == Status::end) return fail(page, "truncated record: the input ends in its WARC header", false);
    if (status == Status::too_long || (header_bytes += line_.size()) > kMaxHeaderBytes) {
      fail(page, "WARC header line or header longer than the limit", false);
      resynchronise({});
      return Outcome::failed;
    }
    const std::string_view line = trim_header_space(line_);
    if (line.empty()) break;
    if (line_[0] == ' ' || line_[0] == '\t') continue;  // folded continuation of a field we do not use
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      fail(page, "malformed WARC header line (no ':')", false);
      resynchronise({});
      return Outcome::failed;
    }
    const std::string name = ascii_lowered(trim_header_space(line.substr(0, colon)));
    const std::string_view value = trim_header_space(line.substr(colon + 1));
    if (name == "warc-type") header.type = ascii_lowered(value);
    else if (name == "content-length") {
      header.has_length = true;
      header.bad_length = !parse_length(value, header.length);
    } else if (name == "content-type") header.content_type = std::string(value);
    else if (name == "warc-target-uri") header.target_uri = std::string(strip_angle_brackets(value));
    else if (name == "warc-record-id") header.record_id = std::string(strip_angle_brackets(value));
  }
  page.id = header.record_id;
  page.url = header.target_uri;
  if (!header.has_length || header.bad_length) {
    fail(page, header.has_length ? "bad Content-Length in the WARC header" : "no Content-Length in the WARC header", false);
    resynchronise({});
    return Outcome::failed;
  }

  const auto length = static_cast<std::size_t>(header.length);
  const bool page_type = header.type == "response" || header.type == "resource";
  block_.clear();
  std::string problem;
  bool skip_not_html = false, skip_not_200 = false, decide_from_body = false;
  HttpResponseHead head;
  ContentType content_type;
  const std::size_t raw_limit = limits_.max_page_bytes + limits_.max_page_bytes / 8 + kHttpHeadBytes;
  if (!page_type) {
    status = take_block_bytes(length, length <= kKeptSkippedBlock);
  } else {
    const std::size_t prefix = std::min(length, kHttpHeadBytes);
    status = input_.read_exact(block_, prefix);
    if (status == Status::ok) {
      if (header.type == "response") {
        problem = parse_http_response_head(block_, head);
        content_type = parse_content_type(head.content_type);
        skip_not_200 = problem.empty() && head.status != 200;
      } else {
        content_type = parse_content_type(header.content_type);
      }
      decide_from_body = content_type.media_type.empty();
      skip_not_html = problem.empty() && !skip_not_200 && !decide_from_body && !looks_like_html(content_type, {});
      const std::size_t rest = length - prefix;
      if (!problem.empty() || skip_not_200 || skip_not_html) {
        status = take_block_bytes(rest, rest <= kKeptSkippedBlock);
      } else if (length > raw_limit) {
        problem = page_over_byte_limit(length, limits_.max_page_bytes);
        status = take_block_bytes(rest, false);
      } else {
        status = take_block_bytes(rest, true);
      }
    }
  }
  if (status == Status::damaged) return fail(page, "", true);
  if (status == Status::end) {
    fail(page, "truncated record, or its Content-Length is wrong: the input ends inside its block of " + std::to_string(length) + " bytes", false);
    resynchronise(block_);
    return Outcome::failed;
  }
  if (header.type.empty() && problem.empty()) problem = "no WARC-Type in the WARC header";

  // The block is followed by two line breaks; anything else means its Content-Length lied.
  std::string trailer;
  status = input_.read_exact(trailer, 4);
  if (status == Status::damaged) return fail(page, "after the record's block", true);
  if (trailer.starts_with("\n\n")) {
    input_.unread(std::string_view(trailer).substr(2));
  } else if (trailer != "\r\n\r\n" && !(status == Status::end && std::string_view("\r\n\r\n").starts_with(trailer))) {
    fail(page, "Content-Length " + std::to_string(length) + " does not match the record: its block is not followed by a blank line", false);
    input_.unread(trailer);
    resynchronise(block_);
    return Outcome::failed;
  }
  if (!problem.empty()) return fail(page, problem, false);
  if (!page_type) {
    ++skipped_.other_record_types;
    return Outcome::skipped;
  }
  if (skip_not_200) {
    ++skipped_.not_200;
    return Outcome::skipped;
  }
  if (skip_not_html) {
    ++skipped_.not_html;
    return Outcome::skipped;
  }
  const std::string_view body = std::string_view(block_).substr(header.type == "response" ? head.head_bytes : 0);
  if (header.type == "response") {
    if (std::string error = decode_http_body(body, head, limits_.max_page_bytes, page.bytes); !error.empty())
      return fail(page, "HTTP body: " + error, false);
  } else {
    if (body.size() > limits_.max_page_bytes)
      return fail(page, page_over_byte_limit(body.size(), limits_.max_page_bytes), false);
    page.bytes.assign(body);
  }
  if (decide_from_body && !looks_like_html(content_type, page.bytes)) {
    page.bytes.clear();
    ++skipped_.not_html;
    return Outcome::skipped;
  }
  page.charset = content_type.charset;
  page.kind = PageKind::html;
  return Outcome::page;
}

}  // namespace pith
