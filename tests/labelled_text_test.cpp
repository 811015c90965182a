#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "datasets/dataset.h"
#include "datasets/labelled_text.h"
#include "features/error.h"

using namespace pith;

namespace {
const std::filesystem::path kFixtures = PITH_FIXTURES_DIR;

// A page and labels written to a fresh temporary folder.
std::filesystem::path write_page(const std::string& text, const std::string& labels) {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "pith-labelled-text-test";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "page.txt") << text;
  std::ofstream(folder / "page.labels.tsv") << labels;
  return folder / "page.txt";
}

std::string refusal(const std::filesystem::path& page) {
  try {
    read_labelled_text_page(page);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("accepted");
  return "";
}
}  // namespace

TEST_CASE("a hand-written labelled text page reads with its labels") {
  const LabelledPage page = read_labelled_text_page(kFixtures / "labelled" / "tiny.txt");
  REQUIRE(page.document.paragraphs.size() == 4);
  CHECK(page.document.kind == PageKind::text);
  CHECK(page.labels == std::vector<Label>{Label::boilerplate, Label::content, Label::content, Label::boilerplate});
  CHECK(page.document.text(0) == "Menu\nHome\nAbout");
}

TEST_CASE("a folder of labelled text pages is a dataset") {
  std::vector<std::string> sources;
  for_each_labelled_page(parse_dataset_spec("text:" + (kFixtures / "labelled").string()), "all",
                         [&](LabelledPage&& page) { sources.push_back(page.document.source); });
  REQUIRE(sources.size() == 1);
  CHECK(sources[0].ends_with("tiny.txt"));
}

TEST_CASE("bad labels are refused with the file and line") {
  const std::string text = "First paragraph.\n\nSecond paragraph.\n";
  CHECK_THAT(refusal(write_page(text, "index\tlabel\n0\tcontent\n1\tmaybe\n")),
             Catch::Contains("page.labels.tsv: line 3") && Catch::Contains("'maybe'"));
  CHECK_THAT(refusal(write_page(text, "0\tcontent\n")), Catch::Contains("paragraph 1 of 2 has no label"));
  CHECK_THAT(refusal(write_page(text, "0\tcontent\n1\tcontent\n2\tcontent\n")),
             Catch::Contains("line 3") && Catch::Contains("paragraph 2 does not exist"));
  CHECK_THAT(refusal(write_page(text, "0\tcontent\tSecond\n1\tcontent\n")),
             Catch::Contains("line 1") && Catch::Contains("do the labels still match"));
  CHECK_THAT(refusal(write_page(text, "0\tcontent\n0\tcontent\n")), Catch::Contains("labelled twice"));
  std::filesystem::remove(write_page(text, "").parent_path() / "page.labels.tsv");
  CHECK_THAT(refusal(write_page(text, "").parent_path() / "missing.txt"), Catch::Contains("missing.txt"));
}

TEST_CASE("dataset specs name a known kind and a path") {
  CHECK(parse_dataset_spec("l3s-gn1:/data/l3s").kind == "l3s-gn1");
  CHECK(parse_dataset_spec("text:a:b").path == "a:b");
  CHECK_THROWS_WITH(parse_dataset_spec("nope:/x"), Catch::Contains("unknown dataset kind 'nope'"));
  CHECK_THROWS_WITH(parse_dataset_spec("/just/a/path"), Catch::Contains("KIND:PATH"));
}
