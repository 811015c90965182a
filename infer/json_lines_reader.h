#pragma once
// JSON lines (plain or gzipped): one page a line, `{"id": ..., "url": ..., "html": ...}` or with
// `text` instead of `html`. A bad line is a page with an error at "line N", and reading goes on.
#include <memory>
#include <string>

#include "infer/byte_source.h"
#include "infer/page_input.h"

namespace pith {

// The field names to read; an empty name turns that field off.
struct JsonLinesFields {
  std::string html = "html";
  std::string text = "text";  // a page of plain text (PageKind::text)
  std::string id = "id";      // a string or an integer
  std::string url = "url";
  std::string charset = "charset";
};

class JsonLinesReader : public PageInputReader {
 public:
  JsonLinesReader(std::unique_ptr<ByteSource> source, std::string source_name, InputLimits limits = {},
                  JsonLinesFields fields = {});
  ~JsonLinesReader() override;
  // Throws pith::Error naming the file when it cannot be opened.
  static std::unique_ptr<JsonLinesReader> open(const std::string& path, InputLimits limits = {},
                                               JsonLinesFields fields = {});

  bool next(PageInput& page) override;
  std::uint64_t total_bytes() const override { return input_.size(); }
  std::uint64_t bytes_read() const override { return input_.bytes_consumed(); }
  const SkippedRecords& skipped() const override { return skipped_; }

 private:
  // Parses line_ into `page`; returns the error message, empty on success.
  std::string parse_line(PageInput& page);

  BufferedInput input_;
  std::string source_name_;
  InputLimits limits_;
  JsonLinesFields fields_;
  SkippedRecords skipped_;
  std::size_t max_line_bytes_;
  std::uint64_t line_number_ = 0;
  std::string line_;
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace pith
