#include "eval/evaluation_report.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "datasets/dataset.h"
#include "eval/svg_plot.h"
#include "infer/page_output.h"

using namespace pith;

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

LabelledPage tiny_fixture_page() {
  std::vector<LabelledPage> pages;
  for_each_labelled_page(DatasetSpec{"text", std::filesystem::path(PITH_FIXTURES_DIR) / "labelled"}, "all",
                         [&](LabelledPage&& page) { pages.push_back(std::move(page)); });
  REQUIRE(pages.size() == 1);
  REQUIRE(pages[0].labels ==
          std::vector<Label>{Label::boilerplate, Label::content, Label::content, Label::boilerplate});
  return pages[0];
}

// A URL with every character HTML escapes, outside any markup a page could inject.
LabelledPage hostile_page() {
  LabelledPage page;
  page.id = "hostile";
  page.document.kind = PageKind::text;
  page.document.add_paragraph("<script>alert('x & y')</script> see http://example.com/?a=1&b=\"2\"");
  page.document.add_paragraph("plain words of the article");
  page.labels = {Label::boilerplate, Label::content};
  page.gold_text = "plain words of the article";
  return page;
}

}  // namespace

TEST_CASE("ROC-AUC on hand-computed cases, ties counting one half") {
  // positives 0.9, 0.4; negatives 0.8, 0.1: pairs (0.9>0.8) (0.9>0.1) (0.4<0.8) (0.4>0.1) -> 3/4
  CHECK(roc_auc({0.9, 0.8, 0.4, 0.1}, {true, false, true, false}) == Approx(0.75));
  CHECK(roc_auc({0.9, 0.8, 0.2, 0.1}, {true, true, false, false}) == 1.0);
  CHECK(roc_auc({0.1, 0.2, 0.8, 0.9}, {true, true, false, false}) == 0.0);
  // everything tied: every pair counts one half
  CHECK(roc_auc({0.5, 0.5, 0.5}, {true, false, false}) == Approx(0.5));
  // positives 0.7, 0.5; negatives 0.5, 0.3: (0.7>0.5) 1, (0.7>0.3) 1, (0.5=0.5) 0.5, (0.5>0.3) 1 -> 3.5/4
  CHECK(roc_auc({0.7, 0.5, 0.5, 0.3}, {true, true, false, false}) == Approx(0.875));
  CHECK(std::isnan(roc_auc({0.3, 0.4}, {true, true})));
  CHECK(std::isnan(roc_auc({}, {})));
}

TEST_CASE("HTML escaping covers text and attribute values") {
  CHECK(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
}

TEST_CASE("the recorder's figures on the tiny fixture with hand-set scores") {
  const LabelledPage page = tiny_fixture_page();
  // truth: boilerplate, content, content, boilerplate
  const std::vector<ParagraphScore> scores{{0.2, false}, {0.9, true}, {0.4, false}, {0.6, true}};
  EvaluationRecorder recorder;
  recorder.begin_dataset("text", "all", "hand-set");
  const PageFigures& figures = recorder.add_page(page, scores, "");
  CHECK(figures.paragraphs == 4);
  CHECK(figures.block_f1 == Approx(0.5));  // TP 1, FP 1, FN 1
  CHECK_FALSE(figures.bag_of_words_f1);
  const DatasetFigures& dataset = recorder.end_dataset();
  CHECK(dataset.pages == 1);
  CHECK(dataset.text_pages == 0);
  // content 0.9, 0.4 against boilerplate 0.2, 0.6: 3 of 4 pairs ordered
  CHECK(dataset.roc_auc == Approx(0.75));
  CHECK_FALSE(recorder.macro_bag_of_words_f1());
}

TEST_CASE("figures by page type: WCXB's order, means over each type's pages, in the report and the CSV") {
  const auto typed_page = [](std::string id, std::string type, std::string gold) {
    LabelledPage page;
    page.id = std::move(id);
    page.page_type = std::move(type);
    page.document.kind = PageKind::text;
    page.document.add_paragraph("the words of the page");
    page.labels = {Label::content};
    page.gold_text = std::move(gold);
    return page;
  };
  const std::vector<ParagraphScore> kept{{0.9, true}};
  EvaluationRecorder recorder;
  recorder.begin_dataset("wcxb", "test", "hand-set");
  // service first, then two articles and a forum: the table lists article, forum, service
  recorder.add_page(typed_page("s", "service", "the words of the page"), kept, "the words of the page");  // 1
  recorder.add_page(typed_page("a1", "article", "the words"), kept, "the words of the page");  // P 0.4 R 1
  recorder.add_page(typed_page("f", "forum", "other text"), kept, "the words of the page");     // 0
  recorder.add_page(typed_page("a2", "article", "the words of the page"), kept, "the words of the page");  // 1
  const DatasetFigures& figures = recorder.end_dataset();
  REQUIRE(figures.page_types.size() == 3);
  CHECK(figures.page_types[0].type == "article");
  CHECK(figures.page_types[1].type == "forum");
  CHECK(figures.page_types[2].type == "service");
  CHECK(figures.page_types[0].pages == 2);
  const double article_f1 = (2 * 0.4 / 1.4 + 1.0) / 2;
  CHECK(figures.page_types[0].word.f1 == Approx(article_f1));
  CHECK(figures.page_types[0].word.precision == Approx(0.7));
  CHECK(figures.page_types[1].word.f1 == 0.0);
  CHECK(figures.page_types[2].word.f1 == 1.0);
  CHECK(figures.word.f1 == Approx((2 * 0.4 / 1.4 + 2.0) / 4));
  REQUIRE(recorder.macro_word_f1());
  CHECK(*recorder.macro_word_f1() == Approx(figures.word.f1));
  CHECK(page_type_before("listing", "documentation"));
  CHECK(page_type_before("service", "aardvark"));  // WCXB's types first, others by name
  CHECK_FALSE(page_type_before("article", "article"));
  const std::string html = recorder.html_report("typed");
  const std::size_t table = html.find("<h2 id=\"page-types\">By page type</h2>");
  REQUIRE(table != std::string::npos);
  CHECK(html.find(fmt::format("<td>article</td><td>2</td>"), table) != std::string::npos);
  CHECK(html.find(fmt::format("<td>all</td><td>4</td>"), table) != std::string::npos);
  CHECK(recorder.pages_csv().find("\nwcxb,f,1,1.0000,0.0000,0.0000,0.0000,forum\n") != std::string::npos);
}

TEST_CASE("the report builds from the tiny fixture and holds each section, and the CSV has one row per page") {
  const LabelledPage page = tiny_fixture_page();
  const std::vector<ParagraphScore> scores{{0.2, false}, {0.9, true}, {0.4, false}, {0.6, true}};
  LabelledPage with_gold = page;
  with_gold.id = "tiny, with gold";
  with_gold.gold_text = std::string(page.document.text(1)) + "\n\n" + std::string(page.document.text(2));
  const LabelledPage hostile = hostile_page();
  const std::vector<ParagraphScore> hostile_scores{{0.7, true}, {0.3, false}};

  EvaluationRecorder recorder(2);
  recorder.begin_dataset("text", "all", "hand-set");
  recorder.add_page(page, scores, "");
  recorder.add_page(with_gold, scores, main_text(with_gold.document, scores));
  recorder.end_dataset();
  recorder.begin_dataset("other", "all", "hand-set");
  recorder.add_page(hostile, hostile_scores, main_text(hostile.document, hostile_scores));
  recorder.end_dataset();

  const double gold_bow = bag_of_words_scores(main_text(with_gold.document, scores), *with_gold.gold_text).f1;
  const double hostile_bow = bag_of_words_scores(main_text(hostile.document, hostile_scores), *hostile.gold_text).f1;
  REQUIRE(recorder.macro_bag_of_words_f1());
  CHECK(*recorder.macro_bag_of_words_f1() == Approx((gold_bow + hostile_bow) / 2));

  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "pith-evaluation-report-test";
  std::filesystem::remove_all(folder);
  recorder.write_report(folder, "test report");
  const std::string html = read_text(folder / "index.html");
  for (const char* heading :
       {"<h2 id=\"figures\">Figures</h2>", "<h2 id=\"precision-recall\">Precision-recall curve</h2>",
        "<h2 id=\"calibration\">Calibration curve</h2>",
        "<h2 id=\"histogram\">Histogram of p(content) by true label</h2>", "<h2 id=\"worst-pages\">Worst pages</h2>",
        "macro mean", "the model&#39;s threshold", "missed content", "kept boilerplate"}) {
    INFO(heading);
    CHECK(html.find(heading) != std::string::npos);
  }
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);  // page text is escaped, the report has none of its own
  CHECK(html.find("&lt;script&gt;alert(&#39;x &amp; y&#39;)&lt;/script&gt;") != std::string::npos);
  // No network references: the only URL is the hostile page's escaped text.
  std::size_t urls = 0;
  for (const std::string scheme : {"http://", "https://"}) {
    for (std::size_t at = html.find(scheme); at != std::string::npos; at = html.find(scheme, at + 1)) {
      ++urls;
      const std::string escaped_url = "http://example.com/?a=1&amp;b=&quot;2&quot;";
      CHECK(html.compare(at, escaped_url.size(), escaped_url) == 0);
    }
  }
  CHECK(urls == 1);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find(" href=") == std::string::npos);
  // two pages kept, the worst first: the hostile page (keeps only its boilerplate: BoW F1 0),
  // then the fixture page (no gold: block F1 0.5); the page with gold (BoW F1 24/37) is left out
  const std::size_t fixture_at = html.find(fmt::format("<h3>text / {}</h3>", html_escape(page.id)));
  const std::size_t hostile_at = html.find("<h3>other / hostile</h3>");
  CHECK(fixture_at != std::string::npos);
  CHECK(hostile_at != std::string::npos);
  CHECK(hostile_at < fixture_at);
  CHECK(html.find("<h3>text / tiny, with gold</h3>") == std::string::npos);
  CHECK(hostile_bow == 0.0);
  CHECK(gold_bow == Approx(24.0 / 37.0));

  const std::string csv = read_text(folder / "pages.csv");
  CHECK(csv == fmt::format("dataset,page,paragraphs,block_f1,bow_f1,shingle_f1,word_f1,page_type\n"
                           "text,{},4,0.5000,,,,\n"
                           "text,\"tiny, with gold\",4,0.5000,{:.4f},{:.4f},{:.4f},\n"
                           "other,hostile,2,0.0000,{:.4f},{:.4f},{:.4f},\n",
                           page.id, gold_bow,
                           shingle_scores(main_text(with_gold.document, scores), *with_gold.gold_text).f1,
                           word_scores(main_text(with_gold.document, scores), *with_gold.gold_text).f1, hostile_bow,
                           shingle_scores(main_text(hostile.document, hostile_scores), *hostile.gold_text).f1,
                           word_scores(main_text(hostile.document, hostile_scores), *hostile.gold_text).f1));
  // no dataset gives page types: no table by type
  CHECK(html.find("id=\"page-types\"") == std::string::npos);
  std::filesystem::remove_all(folder);
}

TEST_CASE("pith eval on the tiny fixture prints ROC-AUC and writes a report") {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "pith-eval-report-cli-test";
  std::filesystem::remove_all(folder);
  const std::string command =
      fmt::format("\"{}\" eval -d text:\"{}/labelled\" --split all --report \"{}\" > \"{}.out\" 2>&1", PITH_BINARY,
                  PITH_FIXTURES_DIR, folder.string(), folder.string());
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string output = read_text(folder.string() + ".out");
  CHECK(output.find("ROC-AUC") != std::string::npos);
  CHECK(std::filesystem::exists(folder / "index.html"));
  CHECK(read_text(folder / "pages.csv").find("dataset,page,paragraphs,block_f1,bow_f1,shingle_f1,word_f1,page_type\ntext,") ==
        0);
  std::filesystem::remove_all(folder);
  std::filesystem::remove(folder.string() + ".out");
}

TEST_CASE("pith eval --leave-one-out needs two datasets (usage error)") {
  const std::string command = fmt::format("\"{}\" eval -d text:\"{}/labelled\" --leave-one-out > /dev/null 2>&1",
                                          PITH_BINARY, PITH_FIXTURES_DIR);
  const int status = std::system(command.c_str());
  CHECK(WEXITSTATUS(status) == 2);
}

TEST_CASE("the recorder refuses pages outside a dataset as a misuse, not a data error") {
  EvaluationRecorder recorder;
  const std::vector<ParagraphScore> scores{{0.2, false}, {0.9, true}, {0.4, false}, {0.6, true}};
  CHECK_THROWS_AS(recorder.add_page(tiny_fixture_page(), scores, ""), std::logic_error);
  CHECK_THROWS_AS(recorder.end_dataset(), std::logic_error);
}
