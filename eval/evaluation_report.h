#pragma once
// What `pith eval` measures per dataset and page, and the report it writes from that:
// block-level counts and ROC-AUC over labelled paragraphs, text-level measures over pages with
// a gold text, a per-page CSV and a self-contained HTML report (docs/evaluation.md).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/labelled_page.h"
#include "eval/block_metrics.h"
#include "eval/text_metrics.h"
#include "infer/paragraph_classifier.h"

namespace pith {

// Area under the ROC curve of `scores` for the examples marked positive: the probability that
// a random positive scores above a random negative, ties counting one half (Mann-Whitney U with
// mid-ranks). NaN when either class is empty.
double roc_auc(const std::vector<double>& scores, const std::vector<bool>& positive);

// A measure as the figures table and the report print it: four decimals, "-" for NaN.
std::string format_figure(double value);

struct PageFigures {
  std::string dataset;
  std::string page;
  std::size_t paragraphs = 0;  // labelled (not unknown) paragraphs
  double block_f1 = 1.0;
  std::optional<double> bag_of_words_f1;  // only with a gold text
  std::optional<double> shingle_f1;
  std::optional<double> word_f1;  // WCXB's measure
  std::string page_type;          // empty when the dataset gives none
};

// The text-level figures of the pages of one type (datasets that give page types).
struct PageTypeFigures {
  std::string type;
  std::size_t pages = 0;
  double bag_of_words_f1 = 0.0;
  TextScores word;  // WCXB's: mean precision, mean recall, mean F1
};

// The order WCXB's evaluate.py lists page types in; other types follow by name.
bool page_type_before(std::string_view a, std::string_view b);

struct DatasetFigures {
  std::string dataset;
  std::string split;
  std::string model;  // what model scored it ("default", a file, "trained without this dataset")
  std::size_t pages = 0;
  BlockCounts counts;
  double roc_auc = 0.0;  // NaN when a class is missing
  std::size_t text_pages = 0;
  double bag_of_words_f1 = 0.0;  // mean over text_pages
  TextScores shingle;
  TextScores word;  // WCXB's measure: means over text_pages of precision, recall and F1
  // by page type (pages with a gold text and a type), in page_type_before order; empty when
  // the dataset gives no types
  std::vector<PageTypeFigures> page_types;
};

// Collects one evaluation: datasets one after another, pages within each. Memory holds one
// (score, label) pair per labelled paragraph, one small row per page and the paragraphs of the
// `worst_pages_kept` worst pages only.
class EvaluationRecorder {
 public:
  explicit EvaluationRecorder(std::size_t worst_pages_kept = 10);

  // add_page and end_dataset outside a begin_dataset ... end_dataset bracket throw
  // std::logic_error: a misuse of the class, not bad data.
  void begin_dataset(std::string dataset, std::string split, std::string model);
  // `extracted` is the page's main text under `scores`.
  const PageFigures& add_page(const LabelledPage& page, const std::vector<ParagraphScore>& scores,
                              std::string_view extracted);
  const DatasetFigures& end_dataset();

  const std::vector<DatasetFigures>& datasets() const { return datasets_; }
  const std::vector<PageFigures>& pages() const { return pages_; }
  // Mean over the datasets that have text-level figures; nullopt when none has.
  std::optional<double> macro_bag_of_words_f1() const;
  std::optional<double> macro_shingle_f1() const;
  std::optional<double> macro_word_f1() const;

  // pages.csv: dataset,page,paragraphs,block_f1,bow_f1,shingle_f1,word_f1,page_type (the
  // text-level fields empty when no gold text, page_type empty when the dataset gives none).
  std::string pages_csv() const;
  // index.html: figures, precision-recall, calibration, histogram, worst pages.
  std::string html_report(std::string_view title) const;
  // Writes index.html and pages.csv into `folder` (created when missing).
  void write_report(const std::filesystem::path& folder, std::string_view title) const;

 private:
  struct WorstPage {
    PageFigures figures;
    std::vector<std::string> texts;
    std::vector<Label> labels;
    std::vector<ParagraphScore> scores;
  };
  static double badness_key(const PageFigures& figures);

  std::size_t worst_pages_kept_;
  std::vector<DatasetFigures> datasets_;
  std::vector<PageFigures> pages_;
  std::vector<WorstPage> worst_;
  std::vector<double> p_content_;  // every labelled paragraph of every dataset
  std::vector<bool> is_content_;
  std::vector<bool> predicted_content_;
  std::size_t dataset_first_paragraph_ = 0;
  DatasetFigures current_;
  TextMetrics current_text_;
  std::vector<std::pair<std::string, TextMetrics>> current_types_;  // by page type, first seen first
  bool in_dataset_ = false;
};

}  // namespace pith
