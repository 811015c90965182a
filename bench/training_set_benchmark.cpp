// The part of `pith train` before any fit: reading the labelled pages and turning them into each
// head's rows (dense feature table, hashed sparse rows, page counts and names of the hashed
// columns). Prints, per pass over the same pages, wall and CPU seconds: first reading alone
// (decode, segment, align the gold text), then reading and TrainingSet::add_page as `pith train`
// calls it (--dataset pages feed the html head; --text-dataset pages, rendered as plain text,
// the text head). The difference of the two is the rows' own cost. See bench/README.md.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "datasets/dataset.h"
#include "features/hashed_features.h"
#include "train/trainer.h"

namespace {

struct Timing {
  double wall = 0.0, cpu = 0.0;
};

template <class Work>
Timing timed(Work&& work) {
  const auto wall_start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  work();
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count(),
          static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC};
}

int usage() {
  std::fprintf(stderr,
               "usage: pith_training_set_benchmark -d KIND:PATH [-d ...] [--text-dataset KIND:PATH ...] "
               "[--split train] [--hash-bits 18]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<pith::DatasetSpec> html_datasets, text_datasets;
  std::string split = "train";
  int hash_bits = pith::kDefaultHashBits;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string argument = argv[i];
      if (i + 1 >= argc) return usage();
      const std::string value = argv[++i];
      if (argument == "-d" || argument == "--dataset")
        html_datasets.push_back(pith::parse_dataset_spec(value));
      else if (argument == "--text-dataset")
        text_datasets.push_back(pith::parse_dataset_spec(value));
      else if (argument == "--split")
        split = value;
      else if (argument == "--hash-bits")
        hash_bits = std::stoi(value);
      else
        return usage();
    }
    if (html_datasets.empty()) return usage();
    // as pith train: without --text-dataset, the --dataset pages feed both heads
    const bool separate_text_head = !text_datasets.empty();
    const auto for_each_page = [&](const auto& visit) {
      for (const pith::DatasetSpec& dataset : html_datasets)
        pith::for_each_labelled_page(dataset, split, [&](pith::LabelledPage&& page) {
          visit(page, pith::train::TrainingHeads{true, !separate_text_head});
        });
      for (const pith::DatasetSpec& dataset : text_datasets)
        pith::for_each_labelled_page(dataset, split, [&](pith::LabelledPage&& page) {
          visit(page, pith::train::TrainingHeads{false, true});
        });
    };

    std::size_t pages = 0, bytes = 0;
    const Timing reading = timed([&] {
      for_each_page([&](const pith::LabelledPage& page, pith::train::TrainingHeads) {
        ++pages;
        bytes += page.page_bytes.size();
      });
    });
    pith::train::TrainingSet training_set(pith::FeatureHashing{hash_bits, pith::kDefaultHashSeed});
    const Timing rows = timed([&] {
      for_each_page([&](const pith::LabelledPage& page, pith::train::TrainingHeads heads) {
        training_set.add_page(page, heads);
      });
    });
    fmt::print("{} pages, {:.1f} MB, {} html rows, {} text rows\n", pages, static_cast<double>(bytes) / 1e6,
               training_set.rows(pith::PageKind::html), training_set.rows(pith::PageKind::text));
    fmt::print("reading alone:        {:7.2f} s wall {:7.2f} s CPU\n", reading.wall, reading.cpu);
    fmt::print("reading and add_page: {:7.2f} s wall {:7.2f} s CPU\n", rows.wall, rows.cpu);
    fmt::print("add_page's own share: {:7.2f} s wall {:7.2f} s CPU\n", rows.wall - reading.wall,
               rows.cpu - reading.cpu);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pith_training_set_benchmark: %s\n", e.what());
    return 1;
  }
  return 0;
}
