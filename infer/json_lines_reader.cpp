#include "infer/json_lines_reader.h"

#include <simdjson.h>

#include <optional>

#include "features/page_limits.h"

namespace pith {
namespace {

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

struct JsonLinesReader::Parser {
  simdjson::dom::parser parser;
};

JsonLinesReader::JsonLinesReader(std::unique_ptr<ByteSource> source, std::string source_name, InputLimits limits,
                                 JsonLinesFields fields)
    : input_(maybe_gunzip(std::move(source))),
      source_name_(std::move(source_name)),
      limits_(limits),
      fields_(std::move(fields)),
      // JSON escapes make a line longer than the page it holds; twice the page is room enough
      // for real pages (a page of nothing but "\u00e9" escapes would need six times).
      max_line_bytes_(limits.max_page_bytes * 2 + (std::size_t{1} << 20)),
      parser_(std::make_unique<Parser>()) {}

JsonLinesReader::~JsonLinesReader() = default;

std::unique_ptr<JsonLinesReader> JsonLinesReader::open(const std::string& path, InputLimits limits,
                                                       JsonLinesFields fields) {
  return std::make_unique<JsonLinesReader>(open_file_source(path), path, limits, std::move(fields));
}

bool JsonLinesReader::next(PageInput& page) {
  using Status = BufferedInput::Status;
  for (;;) {
    page.clear();
    const Status status = input_.read_line(line_, max_line_bytes_);
    if (status == Status::end) return false;
    ++line_number_;
    page.source = source_name_;
    page.location = "line " + std::to_string(line_number_);
    if (status == Status::damaged) {
      page.error = input_.take_error();
      // The line after the damage starts somewhere inside a line: drop up to its end.
      if (input_.skip_line() == Status::damaged) input_.take_error();
      return true;
    }
    if (status == Status::too_long) {
      page.error = "line longer than " + std::to_string(max_line_bytes_) + " bytes";
      if (input_.skip_line() == Status::damaged) input_.take_error();
      return true;
    }
    if (blank(line_)) continue;  // blank lines (a final empty line, spacing) hold no page
    page.error = parse_line(page);
    if (!page.error.empty()) {
      page.bytes.clear();
      page.kind.reset();
    }
    return true;
  }
}

std::string JsonLinesReader::parse_line(PageInput& page) {
  std::string_view text = line_;
  if (line_number_ == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  // simdjson reads a little past the end: give it the padding it asks for instead of a copy.
  const std::size_t offset = static_cast<std::size_t>(text.data() - line_.data());
  line_.reserve(line_.size() + simdjson::SIMDJSON_PADDING);
  text = std::string_view(line_).substr(offset, text.size());

  simdjson::dom::element document;
  if (const auto error = parser_->parser.parse(text.data(), text.size(), false).get(document); error != simdjson::SUCCESS)
    return std::string("not valid JSON: ") + simdjson::error_message(error);
  simdjson::dom::object object;
  if (document.get_object().get(object) != simdjson::SUCCESS) return "not a JSON object";

  // A field that is absent or null reads as absent; any other type than expected is an error.
  const auto field = [&](const std::string& name) -> std::optional<simdjson::dom::element> {
    if (name.empty()) return std::nullopt;
    simdjson::dom::element value;
    if (object[name].get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
    return value;
  };
  std::string error;
  const auto string_field = [&](const std::string& name, std::string& out) {
    const auto value = field(name);
    if (!value) return false;
    std::string_view text_value;
    if (value->get_string().get(text_value) != simdjson::SUCCESS) {
      if (error.empty()) error = "'" + name + "' must be a string";
      return false;
    }
    out.assign(text_value);
    return true;
  };

  if (string_field(fields_.html, page.bytes)) {
    page.kind = PageKind::html;
  } else if (error.empty() && string_field(fields_.text, page.bytes)) {
    page.kind = PageKind::text;
  } else if (error.empty()) {
    return "no '" + fields_.html + "' or '" + fields_.text + "' field";
  }
  if (!error.empty()) return error;
  if (page.bytes.size() > limits_.max_page_bytes)
    return page_over_byte_limit(page.bytes.size(), limits_.max_page_bytes);
  if (const auto id = field(fields_.id)) {
    std::string_view text_id;
    std::int64_t signed_id = 0;
    std::uint64_t unsigned_id = 0;
    if (id->get_string().get(text_id) == simdjson::SUCCESS) page.id.assign(text_id);
    else if (id->get_int64().get(signed_id) == simdjson::SUCCESS) page.id = std::to_string(signed_id);
    else if (id->get_uint64().get(unsigned_id) == simdjson::SUCCESS) page.id = std::to_string(unsigned_id);
    else return "'" + fields_.id + "' must be a string or an integer";
  }
  string_field(fields_.url, page.url);
  string_field(fields_.charset, page.charset);
  return error;
}

}  // namespace pith
