// Every shared dataset's test split through pith's labelled JSON lines and back (issue 21): each
// page's record is written as `pith dataset export` writes it and read as `--dataset jsonl:`
// reads it, and `pith eval`'s block and text figures with the default model must come out the
// same as on the original pages. (The unit tests train on exports of every kind; training here
// would add minutes to CI.)
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "datasets/dataset.h"
#include "datasets/labelled_jsonl.h"
#include "eval/evaluation_report.h"
#include "infer/page_output.h"
#include "infer/paragraph_classifier.h"
#include "model/model_file.h"
#include "shared_data.h"

using namespace pith;

namespace {

std::vector<std::string> paragraph_texts(const Document& document) {
  std::vector<std::string> texts;
  for (const Paragraph& paragraph : document.paragraphs) texts.emplace_back(document.text(paragraph));
  return texts;
}

// Equal, NaN included (ROC-AUC of a split without one class).
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

}  // namespace

TEST_CASE("every shared test split reads back from its export with the same eval figures") {
  const Model model = load_model(PITH_DEFAULT_MODEL);
  for (const char* kind : {"cleaneval", "cleanportaleval", "dragnet", "google-trends-2017", "l3s-gn1", "readability",
                           "wcxb"}) {
    INFO(kind);
    EvaluationRecorder original, exported;
    original.begin_dataset(kind, "test", "default");
    exported.begin_dataset(kind, "test", "default");
    std::size_t pages = 0, page_mismatches = 0, bytes = 0;
    const auto evaluate = [&](EvaluationRecorder& recorder, const LabelledPage& page) {
      const std::vector<ParagraphScore> scores = classify_paragraphs(model, page.document);
      recorder.add_page(page, scores, page.gold_text ? main_text(page.document, scores) : std::string());
    };
    for_each_labelled_page(parse_dataset_spec(std::string(kind) + ":" + testing::dataset_path(kind)), "test",
                           [&](LabelledPage&& page) {
                             const std::string line = labelled_page_json_line(page, "test");
                             bytes += line.size();
                             const LabelledPage back = parse_labelled_page_json(line, "export.jsonl", ++pages);
                             const bool whole = back.id == page.id && back.labels == page.labels &&
                                                paragraph_texts(back.document) == paragraph_texts(page.document) &&
                                                back.gold_text == page.gold_text && back.left_out == page.left_out;
                             if (!whole) UNSCOPED_INFO("page " << page.id << " differs after the round trip");
                             page_mismatches += !whole;
                             evaluate(original, page);
                             evaluate(exported, back);
                           });
    const DatasetFigures& a = original.end_dataset();
    const DatasetFigures& b = exported.end_dataset();
    WARN(fmt::format("{} test: {} pages exported ({:.1f} MB) and read back; block F1 {:.4f} / {:.4f}, ROC-AUC "
                     "{:.4f} / {:.4f}, BoW F1 {:.4f} / {:.4f}, shingle F1 {:.4f} / {:.4f} (original / export)",
                     kind, pages, double(bytes) / 1e6, a.counts.f1(), b.counts.f1(), a.roc_auc, b.roc_auc,
                     a.bag_of_words_f1, b.bag_of_words_f1, a.shingle.f1, b.shingle.f1));
    CHECK(pages > 0);
    CHECK(page_mismatches == 0);
    CHECK(b.pages == a.pages);
    CHECK(b.counts.true_content == a.counts.true_content);
    CHECK(b.counts.false_content == a.counts.false_content);
    CHECK(b.counts.missed_content == a.counts.missed_content);
    CHECK(b.counts.true_boilerplate == a.counts.true_boilerplate);
    CHECK(same(b.roc_auc, a.roc_auc));
    CHECK(b.text_pages == a.text_pages);
    CHECK(b.bag_of_words_f1 == a.bag_of_words_f1);
    CHECK(b.shingle.f1 == a.shingle.f1);
  }
}
