#pragma once
// From labelled pages to a model: gathers each head's rows, standardises them, fits the
// logistic regression and chooses the decision threshold.
#include <string>
#include <utility>
#include <vector>

#include "features/labelled_page.h"
#include "features/progress.h"
#include "infer/model_file.h"
#include "train/logistic_regression.h"

namespace pith::train {

struct TrainerOptions {
  LogisticRegressionOptions solver;
  // Folds (by page) for the stacking stage's held-out scores; below 2, no stacking stage.
  int stacking_folds = 5;
};

// Rows of both heads, added page by page so the pages themselves need not stay in memory.
// An HTML page feeds the html head and, with its markup features dropped, the text head (so
// one model also labels plain-text pages); a plain-text page feeds the text head only.
// Paragraphs labelled unknown are left out of the fits, and so are pages whose reader says why they must
// be (`LabelledPage::left_out`, e.g. low gold-text coverage).
class TrainingSet {
 public:
  // Returns false when the page was left out.
  bool add_page(const LabelledPage& page);

  std::size_t pages() const { return pages_; }
  std::size_t pages_left_out() const { return pages_left_out_; }
  std::size_t rows(PageKind kind) const { return head(kind).labels.size(); }  // unknown labels included

 private:
  friend Model train_model(const TrainingSet&, const TrainerOptions&,
                           std::vector<std::pair<std::string, std::string>>, ProgressSink*);
  struct HeadRows {
    std::vector<double> values;          // row-major, one row per paragraph
    std::vector<double> labels;          // 1 content, 0 boilerplate, NaN unknown
    std::vector<std::size_t> page_ends;  // one past each page's last row
  };
  const HeadRows& head(PageKind kind) const { return kind == PageKind::html ? html_ : text_; }
  HeadRows html_, text_;
  std::size_t pages_ = 0;
  std::size_t pages_left_out_ = 0;
};

// One head per kind that has rows. `settings` are written into the model header as given.
Model train_model(const TrainingSet& training_set, const TrainerOptions& options,
                  std::vector<std::pair<std::string, std::string>> settings, ProgressSink* progress = nullptr);

// The threshold on p(content) that maximises content F1 over these examples (0.5 when there
// is no positive example).
double threshold_maximising_f1(const Eigen::VectorXd& p_content, const Eigen::VectorXd& is_content);

}  // namespace pith::train
