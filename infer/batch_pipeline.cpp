#include "infer/batch_pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
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

// What the reader, the workers and the writer share, under one mutex.
struct Shared {
  std::mutex mutex;
  std::condition_variable can_read, can_work, can_write;
  struct Job {
    std::size_t index;
    std::uint64_t input_bytes_read;
    PageInput page;
  };
  std::deque<Job> to_label;
  std::map<std::size_t, PageOutcome> labelled;
  std::size_t read = 0;         // pages read so far
  std::size_t in_flight = 0;    // read and not yet handed to the sink
  bool reading_done = false;
  bool stop = false;            // the writer gave up: everyone stops
  std::exception_ptr failure;   // the reader's or a worker's exception
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

  std::thread reader_thread([&] {
    try {
      for (;;) {
        {
          std::unique_lock lock(shared.mutex);
          shared.can_read.wait(lock, [&] { return shared.stop || shared.in_flight < capacity; });
          if (shared.stop) break;
        }
        PageInput page;
        const bool more = reader.next(page);
        const std::uint64_t position = reader.bytes_read();
        std::lock_guard lock(shared.mutex);
        if (!more) break;
        shared.to_label.push_back({shared.read, position, std::move(page)});
        ++shared.read;
        ++shared.in_flight;
        shared.can_work.notify_one();
      }
    } catch (...) {
      std::lock_guard lock(shared.mutex);
      if (!shared.failure) shared.failure = std::current_exception();
    }
    std::lock_guard lock(shared.mutex);
    shared.reading_done = true;
    shared.can_work.notify_all();
    shared.can_write.notify_all();
  });

  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      PageLabeller labeller(model, options.limits);
      for (;;) {
        Shared::Job job;
        {
          std::unique_lock lock(shared.mutex);
          shared.can_work.wait(lock, [&] { return shared.stop || !shared.to_label.empty() || shared.reading_done; });
          if (shared.stop || shared.to_label.empty()) return;
          job = std::move(shared.to_label.front());
          shared.to_label.pop_front();
        }
        try {
          PageOutcome outcome = label_one(labeller, options, render, std::move(job.page), job.index, job.input_bytes_read);
          std::lock_guard lock(shared.mutex);
          shared.labelled.emplace(job.index, std::move(outcome));
          shared.can_write.notify_one();
        } catch (...) {  // not a page's error (those are in the outcome): out of memory, a bug
          std::lock_guard lock(shared.mutex);
          if (!shared.failure) shared.failure = std::current_exception();
          shared.stop = true;
          shared.can_read.notify_all();
          shared.can_work.notify_all();
          shared.can_write.notify_all();
          return;
        }
      }
    });
  }

  PipelineSummary summary;
  std::exception_ptr sink_failure;
  for (std::size_t next = 0;; ++next) {
    PageOutcome outcome;
    {
      std::unique_lock lock(shared.mutex);
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
    shared.can_work.notify_all();
  }
  reader_thread.join();
  for (std::thread& worker : workers) worker.join();
  if (sink_failure) std::rethrow_exception(sink_failure);
  if (shared.failure) std::rethrow_exception(shared.failure);
  return summary;
}

}  // namespace pith
