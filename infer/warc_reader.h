#pragma once
// WARC 1.0/1.1 files, plain or gzipped (one gzip member per record, as Common Crawl and wget
// write them, or one gzip stream over the whole file), streamed record by record. docs/inputs.md
// describes what is read, skipped and reported.
#include <memory>
#include <string>

#include "infer/byte_source.h"
#include "infer/page_input.h"

namespace pith {

class WarcReader : public PageInputReader {
 public:
  // `source_name` names the input in PageInput::source and messages.
  WarcReader(std::unique_ptr<ByteSource> source, std::string source_name, InputLimits limits = {});
  // Throws pith::Error naming the file when it cannot be opened.
  static std::unique_ptr<WarcReader> open(const std::string& path, InputLimits limits = {});

  bool next(PageInput& page) override;
  std::uint64_t total_bytes() const override { return input_.size(); }
  std::uint64_t bytes_read() const override { return input_.bytes_consumed(); }
  const SkippedRecords& skipped() const override { return skipped_; }

 private:
  enum class Outcome { page, skipped, failed, end };
  Outcome read_record(PageInput& page);
  // Skips to the next line that starts with "WARC/1." (left unread), after bytes of this
  // record already consumed (`consumed`, searched first, then given back from the match on).
  void resynchronise(std::string_view consumed);
  // Reads `size` bytes of the block into block_, or skips them when they are not needed and
  // many (keeps memory bounded). Returns the input status.
  BufferedInput::Status take_block_bytes(std::size_t size, bool keep);
  Outcome fail(PageInput& page, std::string message, bool damaged);

  BufferedInput input_;
  std::string source_name_;
  InputLimits limits_;
  SkippedRecords skipped_;
  std::uint64_t record_number_ = 0;
  std::string location_;
  std::string line_;
  std::string block_;
  std::string body_;
};

}  // namespace pith
