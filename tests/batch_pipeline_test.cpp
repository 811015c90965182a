// The batch pipeline: input order and the same bytes for any thread count; failed pages
// reported in order and skipped; a reader that cannot go on stops the run after what it read.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "features/error.h"
#include "infer/batch_pipeline.h"
#include "infer/default_model.h"
#include "infer/page_output.h"
#include "model/model_file.h"

using namespace pith;

namespace {

const Model& default_model() {
  static const Model model = load_model_or_default("");
  return model;
}

// Pages from memory: the smallest PageInputReader.
class VectorReader : public PageInputReader {
 public:
  explicit VectorReader(std::vector<PageInput> pages, std::size_t throw_at = SIZE_MAX)
      : pages_(std::move(pages)), throw_at_(throw_at) {}
  bool next(PageInput& page) override {
    if (next_ == throw_at_) throw Error("list", "line 3", "cannot read the list of paths");
    if (next_ == pages_.size()) return false;
    page = pages_[next_++];
    read_ += page.bytes.size();
    return true;
  }
  std::uint64_t bytes_read() const override { return read_; }
  const SkippedRecords& skipped() const override { return skipped_; }

 private:
  std::vector<PageInput> pages_;
  std::size_t next_ = 0, throw_at_;
  std::uint64_t read_ = 0;
  SkippedRecords skipped_;
};

std::vector<PageInput> test_pages() {
  std::vector<PageInput> pages;
  for (int i = 0; i < 40; ++i) {
    PageInput page;
    page.source = "page" + std::to_string(i) + ".html";
    page.id = i % 3 == 0 ? "<urn:uuid:" + std::to_string(i) + ">" : "";
    std::string html = "<title>" + std::to_string(i) + "</title><nav><a href=/>Home</a> | <a href=/a>About</a></nav>";
    for (int p = 0; p < (i * 7) % 23; ++p)
      html += "<p>Paragraph " + std::to_string(p) + " of page " + std::to_string(i) +
              " tells a story in words enough to count as prose, with a full stop.</p>";
    page.bytes = html;
    if (i == 5) page = PageInput{{}, "broken.warc", "record 6 (byte 512)", "", "", "", {}, "truncated record"};
    if (i == 17)  // over max_paragraphs below
      for (int p = 0; p < 30; ++p) page.bytes += "<p>" + std::to_string(p);
    pages.push_back(page);
  }
  return pages;
}

struct Collected {
  std::string output;
  std::vector<std::string> errors;
  PipelineSummary summary;
};

Collected run_with(unsigned threads, std::size_t throw_at = SIZE_MAX) {
  VectorReader reader(test_pages(), throw_at);
  PipelineOptions options;
  options.threads = threads;
  options.limits.max_paragraphs = 25;
  Collected collected;
  std::size_t expected_index = 0;
  collected.summary = run_pipeline(
      reader, default_model(), options,
      [](const PageInput& page, const ScoredPage& labelled) {
        std::string out;
        for (std::size_t i = 0; i < labelled.scores.size(); ++i)
          out += paragraph_json_line(PageName{page.source, page.id, page.url}, i, labelled.scores[i],
                                     labelled.document.text(i));
        return out;
      },
      [&](PageOutcome& outcome) {
        REQUIRE(outcome.index == expected_index++);  // input order
        collected.output += outcome.output;
        if (!outcome.error.empty())
          collected.errors.push_back(outcome.page.source + ": " + outcome.error_location + ": " + outcome.error);
      });
  return collected;
}

}  // namespace

TEST_CASE("the pipeline writes the same bytes in input order for 1, 2 and 4 threads") {
  const Collected one = run_with(1);
  CHECK(one.summary.pages == 40);
  CHECK(one.summary.failed == 2);
  CHECK_THAT(one.output, Catch::Contains("\"page\":\"page3.html\",\"id\":\"<urn:uuid:3>\",\"index\":0"));
  for (unsigned threads : {2u, 4u}) {
    INFO(threads << " threads");
    const Collected many = run_with(threads);
    CHECK(many.output == one.output);
    CHECK(many.errors == one.errors);
    CHECK(many.summary.pages == one.summary.pages);
    CHECK(many.summary.failed == one.summary.failed);
  }
}

TEST_CASE("failed pages come through in order with where they are, and are skipped") {
  const Collected run = run_with(2);
  REQUIRE(run.errors.size() == 2);
  CHECK(run.errors[0] == "broken.warc: record 6 (byte 512): truncated record");
  CHECK_THAT(run.errors[1], Catch::StartsWith("page17.html") && Catch::Contains("--max-paragraphs"));
  CHECK_THAT(run.output, !Catch::Contains("page17.html") && Catch::Contains("page18.html"));
}

TEST_CASE("a reader that cannot go on stops the run after the pages it read") {
  for (unsigned threads : {1u, 3u}) {
    INFO(threads << " threads");
    VectorReader reader(test_pages(), 3);
    std::size_t seen = 0;
    CHECK_THROWS_WITH(run_pipeline(
                          reader, default_model(), PipelineOptions{threads, {}, 0},
                          [](const PageInput&, const ScoredPage&) { return std::string("x"); },
                          [&](PageOutcome&) { ++seen; }),
                      Catch::Contains("cannot read the list of paths"));
    CHECK(seen == 3);
  }
}

TEST_CASE("a sink that throws stops the run and its exception comes out") {
  VectorReader reader(test_pages());
  std::size_t seen = 0;
  CHECK_THROWS_WITH(run_pipeline(
                        reader, default_model(), PipelineOptions{2, {}, 0},
                        [](const PageInput&, const ScoredPage&) { return std::string(); },
                        [&](PageOutcome&) {
                          if (++seen == 4) throw Error("out.txt", "", "disk full");
                        }),
                    Catch::Contains("disk full"));
  CHECK(seen == 4);
}
