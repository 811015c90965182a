#pragma once
// The batch pipeline: N worker threads each pull their next page from a PageInputReader (one
// at a time, in turn), label it (each with its own PageLabeller over one shared Model) and
// render its output, and the calling thread hands the results to a sink in input order. Read, labelled and not yet
// written pages are bounded by a fixed count, so memory does not grow with the input, and the
// sink sees the same pages in the same order whatever the thread count.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>

#include "infer/page_input.h"
#include "infer/page_labeller.h"
#include "model/model_file.h"

namespace pith {

struct PipelineOptions {
  unsigned threads = 0;  // workers; 0: one per core (std::thread::hardware_concurrency)
  LabelLimits limits;
  int explain = 0;       // contributions per stage in each score; 0: none
};

// One page's outcome, handed to the sink in input order. `page` keeps everything the reader
// gave except its bytes (released once labelled).
struct PageOutcome {
  std::size_t index = 0;    // 0-based position in the input
  PageInput page;
  std::uint64_t bytes = 0;  // size of the page's bytes as read
  // The reader's bytes_read() just after this page was read: progress through the input.
  std::uint64_t input_bytes_read = 0;
  std::string output;       // what the renderer made of the labelled page
  std::size_t paragraphs = 0;
  // Non-empty: the page failed (the reader's error or the labeller's); `output` is empty.
  std::string error_location;
  std::string error;
};

// Renders one labelled page (on a worker thread; must be safe to call from several at once).
using PageRenderer = std::function<std::string(const PageInput& page, const ScoredPage& labelled)>;

// Called on the calling thread, in input order; may throw to stop the run (the exception is
// rethrown by run_pipeline once the threads have stopped).
using PageSink = std::function<void(PageOutcome& outcome)>;

struct PipelineSummary {
  std::uint64_t pages = 0;   // pages and failed records handed to the sink
  std::uint64_t failed = 0;
  std::uint64_t bytes = 0;   // page bytes labelled
};

// Runs the whole input through. Throws what the reader throws when the input cannot go on
// (after the pages before it were handed to the sink), and what the sink throws.
PipelineSummary run_pipeline(PageInputReader& reader, const Model& model, const PipelineOptions& options,
                             const PageRenderer& render, const PageSink& sink);

// Workers for `requested` (0: one per core, at least 1).
unsigned pipeline_threads(unsigned requested);

}  // namespace pith
