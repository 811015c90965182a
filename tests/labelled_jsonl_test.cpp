#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "datasets/base64.h"
#include "datasets/dataset.h"
#include "datasets/labelled_jsonl.h"
#include "features/error.h"
#include "features/text_segmenter.h"

using namespace pith;

namespace {
LabelledPage text_page(const std::string& text) {
  LabelledPage page;
  page.id = "p1";
  page.page_bytes = text;
  page.document = segment_text(text, "p1.txt");
  page.labels.assign(page.document.paragraphs.size(), Label::content);
  page.labels.back() = Label::boilerplate;
  return page;
}

std::string refusal(std::string_view line) {
  try {
    parse_labelled_page_json(line, "pages.jsonl", 7);
  } catch (const Error& e) {
    return e.what();
  }
  FAIL("accepted");
  return "";
}
}  // namespace

TEST_CASE("base64 round trip, padding and refusals") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode(std::string("\xff\xfe\x00x", 4)) == "//4AeA==");
  CHECK(base64_decode("Zm9vYg==") == std::optional<std::string>("foob"));
  CHECK(base64_decode(base64_encode(std::string("\x00\x80\xff", 3))) == std::optional<std::string>(std::string("\x00\x80\xff", 3)));
  CHECK_FALSE(base64_decode("Zm9"));
  CHECK_FALSE(base64_decode("Zm=v"));
  CHECK_FALSE(base64_decode("Zm9*"));
}

TEST_CASE("a labelled page survives export and reading back") {
  const LabelledPage page = text_page("A title\n\nThe article says \"this\".\n\nShare\nTweet\n");
  const std::string line = labelled_page_json_line(page, "train");
  CHECK(line.ends_with("}\n"));
  CHECK(line.find("\"split\":\"train\"") != std::string::npos);
  const LabelledPage back = parse_labelled_page_json(line, "pages.jsonl", 1);
  CHECK(back.id == "p1");
  CHECK(back.labels == page.labels);
  REQUIRE(back.document.paragraphs.size() == 3);
  CHECK(back.document.text(2) == "Share\nTweet");
  CHECK(back.page_bytes == page.page_bytes);
  CHECK(back.page_type.empty());
  CHECK(line.find("page_type") == std::string::npos);
  LabelledPage typed = page;
  typed.page_type = "forum";
  CHECK(parse_labelled_page_json(labelled_page_json_line(typed, "train"), "pages.jsonl", 1).page_type == "forum");
}

TEST_CASE("pages that are not UTF-8 travel as base64, byte for byte") {
  LabelledPage page = text_page("caf\xe9 au lait\n\nmenu\n");
  const std::string line = labelled_page_json_line(page, "");
  CHECK(line.find("page_base64") != std::string::npos);
  CHECK(parse_labelled_page_json(line, "pages.jsonl", 1).page_bytes == page.page_bytes);
}

TEST_CASE("a record with gold text and no paragraphs is labelled by alignment") {
  const std::string line =
      R"({"id":"g","kind":"text","page":"Home News\n\nThe mayor opened the new library on Monday morning.\n\nCopyright","gold_text":"The mayor opened the new library on Monday morning."})";
  const LabelledPage page = parse_labelled_page_json(line, "pages.jsonl", 1);
  CHECK(page.labels == std::vector<Label>{Label::boilerplate, Label::content, Label::boilerplate});
  CHECK(page.coverage == 1.0);
  CHECK(page.left_out.empty());
}

TEST_CASE("bad records are refused with the file and line") {
  CHECK_THAT(refusal("{not json"), Catch::Contains("pages.jsonl: line 7") && Catch::Contains("not valid JSON"));
  CHECK_THAT(refusal(R"({"kind":"pdf","page":"x","gold_text":""})"), Catch::Contains("'kind' is 'pdf'"));
  CHECK_THAT(refusal(R"({"kind":"text","gold_text":""})"), Catch::Contains("neither 'page' nor 'page_base64'"));
  CHECK_THAT(refusal(R"({"kind":"text","page":"a"})"), Catch::Contains("neither 'paragraphs'"));
  CHECK_THAT(refusal(R"({"kind":"text","page":"a\n\nb","paragraphs":[{"label":"content","text":"a"}]})"),
             Catch::Contains("1 labelled paragraphs, but pith segments the page into 2"));
  CHECK_THAT(refusal(R"({"kind":"text","page":"a","paragraphs":[{"label":"maybe","text":"a"}]})"),
             Catch::Contains("label 'maybe'"));
  CHECK_THAT(refusal(R"({"kind":"text","page":"a","paragraphs":[{"label":"content","text":"b"}]})"),
             Catch::Contains("paragraph 0 reads 'b'"));
  // Found by fuzz.dataset in CI: a coverage outside [0, 1] was taken as it stood.
  CHECK_THAT(refusal(R"({"kind":"text","page":"a","gold_text":"a","coverage":8.97})"),
             Catch::Contains("pages.jsonl: line 7") && Catch::Contains("'coverage' is 8.97, expected a share from 0 to 1"));
  CHECK_THAT(refusal(R"({"kind":"text","page":"a","gold_text":"a","coverage":-0.5})"),
             Catch::Contains("'coverage' is -0.5"));
}

TEST_CASE("a page whose record could not be read back is refused at export, naming the page") {
  const auto refusal_of = [](const LabelledPage& page) -> std::string {
    try {
      labelled_page_json_line(page, "");
    } catch (const Error& e) {
      return e.what();
    }
    return "written";
  };
  LabelledPage lost = text_page("one\n\ntwo\n");
  lost.page_bytes.clear();  // a reader that kept the paragraphs but not the page
  CHECK_THAT(refusal_of(lost), Catch::StartsWith("p1.txt: page 'p1': the page is empty") &&
                                   Catch::Contains("could not be read back"));
  LabelledPage other = text_page("one\n\ntwo\n");
  other.page_bytes = "one\n\ntwo\n\nthree\n";  // bytes other than the ones segmented
  CHECK_THAT(refusal_of(other), Catch::Contains("segment into 3 paragraphs, not the 2"));
  other.page_bytes = "one\n\nthree\n";
  CHECK_THAT(refusal_of(other), Catch::Contains("paragraph 1 of the page's bytes differs"));
  CHECK(refusal_of(text_page("one\n\ntwo\n")) == "written");
}

TEST_CASE("a record with an empty page says so, and asks for a re-export only when the segmenter changed") {
  const std::string empty = refusal(R"({"kind":"html","page":"","paragraphs":[{"label":"content","text":"a"}]})");
  CHECK_THAT(empty, Catch::Contains("the page is empty, but 1 paragraphs are labelled"));
  CHECK_THAT(empty, !Catch::Contains("re-export"));
  CHECK_THAT(refusal(R"({"kind":"text","page":"a\n\nb","paragraphs":[{"label":"content","text":"a"}]})"),
             Catch::Contains("re-export it"));
}

TEST_CASE("a JSON-lines file is a dataset, split by its records' split field") {
  const auto path = std::filesystem::temp_directory_path() / "pith-jsonl-test.jsonl";
  {
    std::ofstream out(path);
    LabelledPage page = text_page("one\n\ntwo\n");
    page.id = "a";
    out << labelled_page_json_line(page, "train");
    page.id = "b";
    out << labelled_page_json_line(page, "test");
    page.id = "c";
    out << labelled_page_json_line(page, "");
  }
  const auto reader = open_dataset(parse_dataset_spec("jsonl:" + path.string()));
  CHECK(reader->page_ids("train") == std::vector<std::string>{"a", "c"});
  CHECK(reader->page_ids("all") == std::vector<std::string>{"a", "b", "c"});
  CHECK(reader->read_page("b").labels.size() == 2);
  std::filesystem::remove(path);
}
