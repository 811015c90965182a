// Split names (datasets/dataset.h): which pages --split takes from a splits.tsv.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "features/error.h"

using namespace pith;

TEST_CASE("train+dev takes the pages of both splits, and no test page") {
  CHECK(is_split_name("train+dev"));
  CHECK_FALSE(is_split_name("train+test"));
  CHECK(split_takes("train+dev", "train"));
  CHECK(split_takes("train+dev", "dev"));
  CHECK_FALSE(split_takes("train+dev", "test"));
  CHECK(split_takes("all", "test"));
  CHECK_FALSE(split_takes("dev", "train"));
}

TEST_CASE("read_split_ids by split name") {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "pith_dataset_split_test";
  std::filesystem::create_directories(folder);
  const std::filesystem::path splits = folder / "splits.tsv";
  std::ofstream(splits) << "a\ttrain\nb\tdev\nc\ttest\nd\ttrain\n";
  CHECK(read_split_ids(splits, "train+dev") == std::vector<std::string>{"a", "b", "d"});
  CHECK(read_split_ids(splits, "test") == std::vector<std::string>{"c"});
  CHECK_THROWS_AS(read_split_ids(splits, "train+test"), Error);
  std::filesystem::remove_all(folder);
}
