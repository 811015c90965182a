#pragma once
// The contract between the input readers (page files, directories, JSON lines, WARC) and the
// batch pipeline that labels what they read: one page at a time, in input order, pulled by
// the pipeline's reader thread. A record that cannot be read travels the same way, as a page
// with an error, so that errors are reported in input order and nothing is skipped silently.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "features/page_limits.h"
#include "features/paragraph.h"

namespace pith {

// Limits every reader applies, so that no input makes memory grow without bound.
struct InputLimits {
  // A page larger than this after decompression (gzip inflation stops here) is an error of
  // that page: reported and skipped, never silently cut.
  std::size_t max_page_bytes = kDefaultMaxPageBytes;
};

struct PageInput {
  // The page as served: transfer and content encodings (chunked, gzip, deflate) undone, the
  // charset not yet decoded.
  std::string bytes;
  std::string source;    // the file it came from: a page file, a WARC or JSON-lines file
  // Where in `source`, for messages: empty for a whole file; "record 12 (byte 40960)" in a
  // WARC; "line 7" in JSON lines.
  std::string location;
  std::string id;        // WARC-Record-ID, the JSON line's id; empty for a page file
  std::string url;       // WARC-Target-URI, the JSON line's url; empty when unknown
  std::string charset;   // declared by the HTTP Content-Type or the JSON line; empty if none
  // Known kind (a JSON line's `text` field, a `.txt` file); unset: decided from the bytes.
  std::optional<PageKind> kind;
  // Non-empty: this page or record could not be read (the message says why); `bytes` is then
  // empty and the pipeline reports it and labels nothing.
  std::string error;

  // Every field emptied, the buffers' capacity kept for the next page.
  void clear() {
    bytes.clear();
    source.clear();
    location.clear();
    id.clear();
    url.clear();
    charset.clear();
    kind.reset();
    error.clear();
  }
};

// What the readers have skipped on purpose (not errors): WARC request and metadata records,
// non-HTML and non-200 responses. Reported in the run's summary.
struct SkippedRecords {
  std::uint64_t not_html = 0;
  std::uint64_t not_200 = 0;
  std::uint64_t other_record_types = 0;
};

class PageInputReader {
 public:
  virtual ~PageInputReader() = default;
  // Fills `page` (every field overwritten) with the next page or failed record and returns
  // true; returns false at the end of the input. Throws pith::Error only when the whole input
  // cannot go on (an unreadable list of paths); an error of one record is returned in it.
  virtual bool next(PageInput& page) = 0;
  // Total input bytes when known in advance (for progress and time left), else 0.
  virtual std::uint64_t total_bytes() const { return 0; }
  // Input bytes consumed so far (compressed bytes for gzipped inputs), for progress.
  virtual std::uint64_t bytes_read() const = 0;
  virtual const SkippedRecords& skipped() const = 0;
};

}  // namespace pith
