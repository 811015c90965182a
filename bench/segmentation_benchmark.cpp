// Segmentation speed against libxml2's parse alone (issue 4's yardstick): (a) libxml2 2.9's SAX
// parse, callbacks empty, with the options pith used when libxml2 read its pages, over the
// pages decoded to UTF-8 before timing; (b) segment_html (charset decoding, pith's tokenizer and
// tree builder, paragraphs); (c) segment_html and the dense feature rows
// (FeatureLayout(html).rows); (d) (c) and the hashed sparse rows (append_hashed_rows with the
// default hashing), everything `pith infer` computes per page before scoring. Pages are read
// into memory first; each pass runs over all pages, `--rounds` times, and the fastest round
// counts. Prints pages/s, MB/s and the ratios to (a).
//
// Each pass's page work is a function of its own (pass_a_libxml2 ... pass_d_hashed_rows), so
// under `valgrind --tool=callgrind` their inclusive instruction counts are the passes' counts,
// free of the file reading and decoding before them.
//
//   pith_segmentation_benchmark [--rounds N] [--pass a|b|c|d] FILE|FOLDER...
//
// --pass runs that pass alone (a profile of one pass; no ratios then).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/libxml2_sax.h"
#include "features/charset_decoder.h"
#include "features/feature_table.h"
#include "features/hashed_features.h"
#include "features/html_segmenter.h"
#include "features/page_reader.h"

namespace {

bool is_html_file(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".html" || extension == ".htm" || extension == ".gz";
}

// The passes' page work, not inlined so that callgrind counts each under its own name.
[[gnu::noinline]] std::size_t pass_a_libxml2(const std::string& decoded_page, htmlSAXHandler& sax) {
  return parse_only(decoded_page, sax);
}

[[gnu::noinline]] std::size_t pass_b_segment(const std::string& page) {
  return pith::segment_html(page, "page").paragraphs.size();
}

[[gnu::noinline]] std::size_t pass_c_dense_rows(const std::string& page, const pith::FeatureLayout& layout) {
  const pith::Document document = pith::segment_html(page, "page");
  return static_cast<std::size_t>(layout.rows(document).size());
}

[[gnu::noinline]] std::size_t pass_d_hashed_rows(const std::string& page, const pith::FeatureLayout& layout,
                                                 const pith::FeatureHashing& hashing) {
  const pith::Document document = pith::segment_html(page, "page");
  pith::SparseRows hashed(hashing.columns());
  pith::append_hashed_rows(document, pith::PageKind::html, hashing, hashed);
  return static_cast<std::size_t>(layout.rows(document).size()) + hashed.non_zeros();
}

struct Pass {
  std::string name;
  double seconds = 1e300;      // fastest round, wall time
  double cpu_seconds = 1e300;  // fastest round, this thread's CPU time
};

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 3;
  std::string only_pass;  // empty: all
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--pass" && i + 1 < argc) {
      only_pass = argv[++i];
    } else if (argument == "--help" || argument == "-h") {
      fmt::print("usage: pith_segmentation_benchmark [--rounds N] [--pass a|b|c|d] FILE|FOLDER...\n"
                 "Times libxml2's SAX parse alone, segment_html, segment_html with the dense feature rows,\n"
                 "and with the dense and the hashed sparse rows.\n");
      return 0;
    } else if (std::filesystem::is_directory(argument)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(argument))
        if (entry.is_regular_file() && is_html_file(entry.path())) found.push_back(entry.path());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.emplace_back(argument);
    }
  }
  if (files.empty()) {
    fmt::print(stderr, "pith_segmentation_benchmark: no pages given; --help for usage\n");
    return 2;
  }

  std::vector<std::string> pages, decoded_pages;
  std::size_t bytes = 0;
  try {
    for (const auto& file : files) {
      pages.push_back(pith::read_file_bytes(file));
      bytes += pages.back().size();
      std::string storage;
      decoded_pages.emplace_back(pith::decode_to_utf8(pages.back(), "", storage).utf8);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "pith_segmentation_benchmark: {}\n", e.what());
    return 1;
  }

  init_libxml2();
  htmlSAXHandler sax = empty_handler();
  const pith::FeatureLayout layout(pith::PageKind::html);
  const pith::FeatureHashing hashing{pith::kDefaultHashBits, pith::kDefaultHashSeed};

  std::size_t sink = 0;  // keeps the work observable
  std::vector<std::pair<std::string, std::function<void(std::size_t)>>> passes = {
      {"(a) libxml2 SAX parse, empty callbacks", [&](std::size_t i) { sink += pass_a_libxml2(decoded_pages[i], sax); }},
      {"(b) segment_html", [&](std::size_t i) { sink += pass_b_segment(pages[i]); }},
      {"(c) segment_html + dense feature rows", [&](std::size_t i) { sink += pass_c_dense_rows(pages[i], layout); }},
      {"(d) (c) + hashed sparse rows", [&](std::size_t i) { sink += pass_d_hashed_rows(pages[i], layout, hashing); }},
  };

  // Rounds go round-robin over the passes, so a spell of load from other processes falls on
  // every pass alike; each pass keeps its fastest round, in wall time and in this thread's CPU
  // time (which excludes the time the thread waited for a core: the steadier figure on a
  // shared machine).
  std::vector<Pass> results;
  std::vector<const std::function<void(std::size_t)>*> works;
  for (const auto& [name, work] : passes) {
    if (!only_pass.empty() && name.compare(1, only_pass.size(), only_pass) != 0) continue;
    results.push_back({name});
    works.push_back(&work);
  }
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t p = 0; p < results.size(); ++p) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = thread_cpu_seconds();
      for (std::size_t i = 0; i < pages.size(); ++i) (*works[p])(i);
      results[p].cpu_seconds = std::min(results[p].cpu_seconds, thread_cpu_seconds() - cpu_start);
      results[p].seconds = std::min(results[p].seconds,
                                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }

  fmt::print("{} pages, {:.1f} MB ({:.0f} KB a page), fastest of {} rounds, one thread\n", pages.size(),
             static_cast<double>(bytes) / 1e6, static_cast<double>(bytes) / 1e3 / static_cast<double>(pages.size()),
             rounds);
  fmt::print("{:<42} {:>8} {:>8} {:>9} {:>7} {:>10} {:>10}\n", "pass", "CPU s", "wall s", "pages/s", "MB/s",
             "CPU / (a)", "wall / (a)");
  for (const Pass& pass : results) {
    const bool ratios = only_pass.empty();
    fmt::print("{:<42} {:>8.3f} {:>8.3f} {:>9.1f} {:>7.1f} {:>10} {:>10}\n", pass.name, pass.cpu_seconds, pass.seconds,
               static_cast<double>(pages.size()) / pass.cpu_seconds,
               static_cast<double>(bytes) / 1e6 / pass.cpu_seconds,
               ratios ? fmt::format("{:.2f}x", pass.cpu_seconds / results.front().cpu_seconds) : "-",
               ratios ? fmt::format("{:.2f}x", pass.seconds / results.front().seconds) : "-");
  }
  if (sink == 0) fmt::print("(no paragraphs)\n");
  return 0;
}
