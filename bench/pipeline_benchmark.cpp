// The whole `pith infer` pipeline (read the page files, decode, parse, segment, features,
// score, render JSON lines, write) through run_pipeline, on 1 and on 2 threads, beside
// libxml2's one-thread SAX parse of the same pages (decoded to UTF-8 before timing) measured in
// the same run. The fastest of --rounds rounds counts; wall time. Prints pages/s, MB/s (of page
// bytes after gunzip), the ratios to libxml2, 2 threads over 1, and the process's peak RSS.
// With --warc, the same for a (gzipped) WARC of the pages, as pith_make_warc writes it: MB/s of
// the HTML labelled, its ratio to libxml2's MB/s on the page files.
//
//   pith_pipeline_benchmark [--rounds N] [--threads N]... [--model FILE] [--warc FILE] FILE... | --list FILE
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/libxml2_sax.h"
#include "features/charset_decoder.h"
#include "features/error.h"
#include "features/page_reader.h"
#include "infer/batch_pipeline.h"
#include "infer/default_model.h"
#include "infer/page_output.h"
#include "infer/warc_reader.h"

namespace {

// The page files, read from disk (the page cache) page by page as `pith infer` reads them.
class FilesReader : public pith::PageInputReader {
 public:
  explicit FilesReader(const std::vector<std::string>& paths) : paths_(paths) {}
  bool next(pith::PageInput& page) override {
    if (next_ == paths_.size()) return false;
    page = pith::PageInput{};
    page.source = paths_[next_++];
    page.bytes = pith::read_file_bytes(page.source);
    page.kind = pith::guess_page_kind(page.source, page.bytes);
    read_ += page.bytes.size();
    return true;
  }
  std::uint64_t bytes_read() const override { return read_; }
  const pith::SkippedRecords& skipped() const override { return skipped_; }

 private:
  const std::vector<std::string>& paths_;
  std::size_t next_ = 0;
  std::uint64_t read_ = 0;
  pith::SkippedRecords skipped_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// User + system CPU seconds of the whole process so far: on a loaded machine the CPU a run
// takes moves far less than its wall time.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 3;
  std::vector<unsigned> thread_counts;
  std::string model_path;
  std::string warc_path;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else if (argument == "--threads" && i + 1 < argc) thread_counts.push_back(unsigned(std::max(1, std::atoi(argv[++i]))));
    else if (argument == "--model" && i + 1 < argc) model_path = argv[++i];
    else if (argument == "--warc" && i + 1 < argc) warc_path = argv[++i];
    else if (argument == "--list" && i + 1 < argc) {
      std::ifstream list(argv[++i]);
      for (std::string line; std::getline(list, line);)
        if (!line.empty()) files.push_back(line);
    } else if (argument == "--help" || argument == "-h") {
      fmt::print("usage: pith_pipeline_benchmark [--rounds N] [--threads N]... [--model FILE] [--warc FILE] FILE... | --list FILE\n");
      return 0;
    } else {
      files.push_back(argument);
    }
  }
  if (thread_counts.empty()) thread_counts = {1, 2};
  if (files.empty()) {
    fmt::print(stderr, "pith_pipeline_benchmark: no pages given; --help for usage\n");
    return 2;
  }
  try {
    std::vector<std::string> decoded;
    std::size_t bytes = 0;
    for (const std::string& file : files) {
      const std::string page = pith::read_file_bytes(file);
      bytes += page.size();
      std::string storage;
      decoded.emplace_back(pith::decode_to_utf8(page, "", storage).utf8);
    }
    const pith::Model model = pith::load_model_or_default(model_path);
    init_libxml2();
    htmlSAXHandler sax = empty_handler();

    double libxml2 = 1e300, libxml2_cpu = 1e300;
    for (int round = 0; round < rounds; ++round) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = cpu_seconds();
      for (const std::string& page : decoded) parse_only(page, sax);
      libxml2 = std::min(libxml2, seconds_since(start));
      libxml2_cpu = std::min(libxml2_cpu, cpu_seconds() - cpu_start);
    }
    decoded.clear();
    decoded.shrink_to_fit();
    const double mb = static_cast<double>(bytes) / 1e6;
    fmt::print("{} pages, {:.1f} MB; wall time (fastest round), then CPU time (user + sys, least of the rounds)\n",
               files.size(), mb);
    fmt::print("{:<40} {:>8.3f} s {:>8.1f} MB/s {:>8.0f} pages/s   CPU {:.3f} s\n", "(a) libxml2 SAX parse, 1 thread",
               libxml2, mb / libxml2, double(files.size()) / libxml2, libxml2_cpu);

    std::FILE* out = std::fopen("/dev/null", "wb");
    // The fastest of the rounds through run_pipeline, as `pith infer` renders JSON lines; the
    // page bytes labelled (after gunzip, HTTP decoding) in `labelled_bytes`.
    const auto time_pipeline = [&](const std::function<std::unique_ptr<pith::PageInputReader>()>& open,
                                   unsigned threads, std::uint64_t& labelled_bytes, double& cpu) {
      cpu = 1e300;
      double best = 1e300;
      for (int round = 0; round < rounds; ++round) {
        const std::unique_ptr<pith::PageInputReader> reader = open();
        const double cpu_start = cpu_seconds();
        pith::PipelineOptions options;
        options.threads = threads;
        const auto start = std::chrono::steady_clock::now();
        const pith::PipelineSummary summary = pith::run_pipeline(
            *reader, model, options,
            [](const pith::PageInput& page, const pith::ScoredPage& scored) {
              std::string lines;
              pith::append_paragraph_json_lines(lines, pith::PageName{page.source, page.id, page.url},
                                                scored.document, scored.scores);
              return lines;
            },
            [&](pith::PageOutcome& outcome) { std::fwrite(outcome.output.data(), 1, outcome.output.size(), out); });
        best = std::min(best, seconds_since(start));
        cpu = std::min(cpu, cpu_seconds() - cpu_start);
        labelled_bytes = summary.bytes;
      }
      return best;
    };
    const double libxml2_mb_s = mb / libxml2;
    const auto report = [&](const std::string& what, unsigned threads, double seconds, double one_thread,
                            std::uint64_t labelled_bytes, double cpu, double one_thread_cpu) {
      const double mb_s = static_cast<double>(labelled_bytes) / 1e6 / seconds;
      // on one thread, CPU MB/s against libxml2's CPU MB/s; on more, CPU over one thread's CPU
      const std::string cpu_ratio =
          threads == 1 ? fmt::format("{:.2f}x libxml2", (static_cast<double>(labelled_bytes) / cpu) / (static_cast<double>(bytes) / libxml2_cpu))
                       : fmt::format("{:.2f}x 1 thread's CPU", one_thread_cpu > 0 ? cpu / one_thread_cpu : 0.0);
      fmt::print("{:<40} {:>8.3f} s {:>8.1f} MB/s  {:.2f}x libxml2{}   CPU {:.3f} s {}\n",
                 fmt::format("{}, {} thread{}", what, threads, threads > 1 ? "s" : ""), seconds, mb_s,
                 mb_s / libxml2_mb_s,
                 one_thread > 0 && threads > 1 ? fmt::format("  {:.2f}x 1 thread", one_thread / seconds) : "", cpu,
                 cpu_ratio);
    };
    const auto run_all = [&](const std::string& what,
                             const std::function<std::unique_ptr<pith::PageInputReader>()>& open) {
      double one_thread = 0, one_thread_cpu = 0;
      for (unsigned threads : thread_counts) {
        std::uint64_t labelled = 0;
        double cpu = 0;
        const double best = time_pipeline(open, threads, labelled, cpu);
        if (threads == 1) {
          one_thread = best;
          one_thread_cpu = cpu;
        }
        report(what, threads, best, one_thread, labelled, cpu, one_thread_cpu);
      }
    };
    run_all("(b) pith infer pipeline", [&] { return std::make_unique<FilesReader>(files); });
    if (!warc_path.empty()) run_all("(c) pith infer on the WARC", [&] { return pith::WarcReader::open(warc_path); });
    std::fclose(out);
    fmt::print("peak RSS {} MB\n", peak_rss_mb());
  } catch (const std::exception& e) {
    fmt::print(stderr, "pith_pipeline_benchmark: {}\n", e.what());
    return 1;
  }
  return 0;
}
