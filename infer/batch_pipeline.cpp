#include "infer/batch_pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "features/error.h"

namespace pith {
namespace {

PageOutcome label_one(PageLabeller& labeller, const PipelineOptions& options, const PageRenderer& render,
                      PageInput page, std::size_t index, std::uint64_t input_bytes_read) {
  PageOutcome outcome;
  outcome.index = index;
  outcome.bytes = page.bytes.size();
  outcome.input_bytes_read = input_bytes_read;
  if (!page.error.empty()) {
    outcome.error = page.error;
    outcome.error_location = page.location;
  } else {
    try {
      const ScoredPage& labelled =
          labeller.label(PageToLabel{page.bytes, page.source, page.kind, page.charset}, options.explain);
      outcome.paragraphs = labelled.document.paragraphs.size();
      page.bytes = std::string();  // the output no longer needs them: release before rendering
      outcome.output = render(page, labelled);
    } catch (const Error& e) {
      outcome.output.clear();
      outcome.error = e.message();
      outcome.error_location = page.location.empty() ? e.location()
                               : e.location().empty() ? page.location
                                                      : page.location + ", " + e.location();
    }
  }
  page.bytes = std::string();
  outcome.page = std::move(page);
  return outcome;
}

void count(PipelineSummary& summary, const PageOutcome& outcome) {
  ++summary.pages;
  if (!outcome.error.empty()) ++summary.failed;
  else summary.bytes += outcome.bytes;
}

PipelineSummary run_on_this_thread(PageInputReader& reader, const Model& model, const PipelineOptions& options,
                                   const PageRenderer& render, const PageSink& sink) {
  PageLabeller labeller(model, options.limits);
  PipelineSummary summary;
  for (std::size_t index = 0;; ++index) {
    PageInput page;
    if (!reader.next(page)) break;
    PageOutcome outcome = label_one(labeller, options, render, std::move(page), index, reader.bytes_read());
    count(summary, outcome);
    sink(outcome);
  }
  return summary;
}

// What the workers and the writer share, under one mutex.
struct Shared {
  std::mutex mutex;
  std::condition_variable can_read, can_write;
  std::map<std::size_t, PageOutcome> labelled;
  std::size_t read = 0;         // pages read so far
  std::size_t awaited = 0;      // the page the writer waits for: only it wakes the writer
  std::size_t in_flight = 0;    // being read, or read and not yet handed to the sink
  bool reading_done = false;
  bool stop = false;            // the writer gave up: everyone stops
  std::exception_ptr failure;   // the reader's or a worker's exception

  // Held while a worker reads: the reader is called by one thread at a time, in turn.
  std::mutex reader_mutex;
  bool reader_finished = false;  // under reader_mutex: next() returned false or threw
};

}  // namespace

unsigned pipeline_threads(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

PipelineSummary run_pipeline(PageInputReader& reader, const Model& model, const PipelineOptions& options,
                             const PageRenderer& render, const PageSink& sink) {
  const unsigned threads = pipeline_threads(options.threads);
  if (threads == 1) return run_on_this_thread(reader, model, options, render, sink);

  Shared shared;
  // Pages read ahead of the sink: enough to keep every worker busy while one slow page holds
  // up the output order, few enough that memory stays a small multiple of the largest page.
  const std::size_t capacity = 4 * std::size_t{threads};

  // Each worker reads its next page itself (the reader in turn, under reader_mutex), then
  // labels it. No thread of its own for the reader: with one, N workers and the reader shared
  // N cores, and a page inflated or read on one core was labelled on another; here a page is
  // labelled where it was read, while it is still in that core's cache, and reading (gzip
  // inflation of a WARC most of all) overlaps the other workers' labelling.
  const auto work = [&] {
    PageLabeller labeller(model, options.limits);
    for (;;) {
      {
        std::unique_lock lock(shared.mutex);
        shared.can_read.wait(lock, [&] { return shared.stop || shared.reading_done || shared.in_flight < capacity; });
        if (shared.stop || shared.reading_done) return;
        ++shared.in_flight;  // this worker's page, from now until the sink has it
      }
      PageInput page;
      std::size_t index = 0;
      std::uint64_t position = 0;
      bool more = false;
      std::exception_ptr read_failure;
      {
        std::lock_guard read_lock(shared.reader_mutex);
        if (!shared.reader_finished) {
          try {
            more = reader.next(page);
            position = reader.bytes_read();
          } catch (...) {
            read_failure = std::current_exception();
          }
          shared.reader_finished = !more;
        }
        if (more) {
          std::lock_guard lock(shared.mutex);
          index = shared.read++;  // in reading order, under reader_mutex
        }
      }
      if (!more) {
        std::lock_guard lock(shared.mutex);
        if (read_failure && !shared.failure) shared.failure = read_failure;
        --shared.in_flight;
        shared.reading_done = true;
        shared.can_read.notify_all();
        shared.can_write.notify_all();
        return;
      }
      try {
        PageOutcome outcome = label_one(labeller, options, render, std::move(page), index, position);
        std::lock_guard lock(shared.mutex);
        shared.labelled.emplace(index, std::move(outcome));
        // a page the writer is not waiting for waits in `labelled`: waking the writer for it
        // cost a context switch a page on a machine whose cores the workers fill
        if (index == shared.awaited) shared.can_write.notify_one();
      } catch (...) {  // not a page's error (those are in the outcome): out of memory, a bug
        std::lock_guard lock(shared.mutex);
        if (!shared.failure) shared.failure = std::current_exception();
        shared.stop = true;
        shared.can_read.notify_all();
        shared.can_write.notify_all();
        return;
      }
    }
  };
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) workers.emplace_back(work);

  PipelineSummary summary;
  std::exception_ptr sink_failure;
  for (std::size_t next = 0;; ++next) {
    PageOutcome outcome;
    {
      std::unique_lock lock(shared.mutex);
      shared.awaited = next;
      shared.can_write.wait(lock, [&] {
        return shared.stop || shared.labelled.count(next) > 0 || (shared.reading_done && next == shared.read);
      });
      const auto found = shared.labelled.find(next);
      if (found == shared.labelled.end()) break;
      outcome = std::move(found->second);
      shared.labelled.erase(found);
      --shared.in_flight;
      shared.can_read.notify_one();
    }
    count(summary, outcome);
    try {
      sink(outcome);
    } catch (...) {
      sink_failure = std::current_exception();
      break;
    }
  }
  {
    std::lock_guard lock(shared.mutex);
    shared.stop = true;
    shared.can_read.notify_all();
  }
  for (std::thread& worker : workers) worker.join();
  if (sink_failure) std::rethrow_exception(sink_failure);
  if (shared.failure) std::rethrow_exception(shared.failure);
  return summary;
}

}  // namespace pith
