#pragma once
// From labelled pages to a model: gathers each head's rows, standardises them, fits the
// logistic regression and chooses the decision threshold.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "datasets/labelled_page.h"
#include "features/hashed_features.h"
#include "features/progress.h"
#include "features/sparse_rows.h"
#include "model/model_file.h"
#include "train/logistic_regression.h"

namespace pith::train {

// Which measure the decision threshold (and the cross-validated C) maximises: content F1, F0.5
// (precision counts more) or F2 (recall counts more).
enum class Favor { f1, precision, recall };
double favor_beta(Favor favor);
std::string_view favor_name(Favor favor);

// Multipliers of C per class, applied as row costs to every fit of the trainer (both stages).
// Balanced: each class gets #rows / (2 #rows of the class), computed per head over its labelled
// rows, so both classes weigh the same in the loss.
struct ClassWeights {
  bool balanced = false;
  double content = 1.0;
  double boilerplate = 1.0;
};

struct TrainerOptions {
  LogisticRegressionOptions solver;
  // Folds (by page) for the stacking stage's held-out scores; below 2, no stacking stage.
  int stacking_folds = 5;
  ClassWeights class_weights;
  // Cross-validation of C: with cv_folds >= 2, each head's paragraph stage is fitted for every C
  // of cost_grid (empty: solver.c alone) on pages dealt to cv_folds folds, and the C whose
  // held-out scores reach the best F (see favor) at their best threshold is used. Below 2, no
  // cross-validation: solver.c is used.
  int cv_folds = 0;
  std::vector<double> cost_grid;
  Favor favor = Favor::f1;
  // Hashed columns seen on fewer training pages than this are left out (weight 0): a class
  // name of one site teaches nothing about others, and the model stays small.
  std::size_t hashed_min_pages = 3;
  // Tokens named in the model for people (model inspect): the columns of largest weight.
  std::size_t hashed_names = 1000;
  // Dense feature families (DenseFeature::family) the paragraph stage may use; empty: all. The
  // others' columns are set to 0 before fitting, so they get weight 0 (the model still lists
  // them): how the ablation table in README is measured.
  std::vector<std::string> families;
};

// Rows of both heads, added page by page so the pages themselves need not stay in memory.
// An HTML page feeds the html head and, rendered as a plain-text page would show it
// (datasets/plain_text_rendering.h: no markup, list items and table cells as lines of one
// paragraph), the text head, so one model also labels plain-text pages; a plain-text page
// feeds the text head only.
// Paragraphs labelled unknown are left out of the fits, and so are pages whose reader says why they must
// be (`LabelledPage::left_out`, e.g. low gold-text coverage).
// Which heads learn from a page.
struct TrainingHeads {
  bool html = true;
  bool text = true;
};

class TrainingSet {
 public:
  // `hashing` with bits 0: dense features only.
  explicit TrainingSet(FeatureHashing hashing = {}) : hashing_(hashing), html_(hashing), text_(hashing) {}

  // Returns false when the page was left out.
  // `heads`: which heads learn from the page (pith train --text-dataset gives the text head
  // pages of its own).
  bool add_page(const LabelledPage& page, TrainingHeads heads = {});

  std::size_t pages() const { return pages_; }
  std::size_t pages_left_out() const { return pages_left_out_; }
  std::size_t rows(PageKind kind) const { return head(kind).labels.size(); }  // unknown labels included

  // A head's rows as every fit of train_model sees them (benchmarks and tools read them here
  // rather than rebuilding them): the dense feature values, row-major, one row per paragraph
  // (unknown labels included); the labels (1 content, 0 boilerplate, NaN unknown); and the
  // hashed rows with the columns seen on fewer than `min_pages` training pages dropped
  // (`kept`, when given, gets the number of columns left). Without hashing, the hashed rows
  // have no columns.
  const std::vector<double>& dense_values(PageKind kind) const { return head(kind).values; }
  const std::vector<double>& labels(PageKind kind) const { return head(kind).labels; }
  const FeatureHashing& hashing() const { return hashing_; }
  SparseRows frequent_hashed_rows(PageKind kind, std::size_t min_pages, std::size_t* kept = nullptr) const;

 private:
  friend Model train_model(const TrainingSet&, const TrainerOptions&,
                           std::vector<std::pair<std::string, std::string>>, ProgressSink*);
  struct HeadRows {
    explicit HeadRows(const FeatureHashing& hashing)
        : sparse(hashing.columns()), column_pages(hashing.columns()), column_last_page(hashing.columns()),
          column_token(hashing.columns()) {}
    std::vector<double> values;          // row-major, one row per paragraph
    SparseRows sparse;                   // the same rows' hashed features (no columns: none)
    std::vector<double> labels;          // 1 content, 0 boilerplate, NaN unknown
    std::vector<std::size_t> page_ends;  // one past each page's last row
    // per hashed column: pages it occurs on, the last page counted (1-based), the first token seen
    std::vector<std::uint32_t> column_pages, column_last_page;
    std::vector<std::string> column_token;
  };
  const HeadRows& head(PageKind kind) const { return kind == PageKind::html ? html_ : text_; }
  void append_rows(const LabelledPage& page, PageKind layout_kind, HeadRows& rows);
  FeatureHashing hashing_;
  HeadRows html_, text_;
  std::size_t pages_ = 0;
  std::size_t pages_left_out_ = 0;
};

// What a training run learned from, as the model header names it.
struct TrainingRun {
  std::vector<std::string> datasets;       // "kind:split" of each dataset, in the order read
  std::vector<std::string> text_datasets;  // the text head's, when it learned from others; empty: datasets
  std::size_t pages = 0;                   // pages learned from (left-out pages not counted)
};

// The model header's settings of a run with `options`: created-with, training-data,
// text-head-training-data, training-pages, solver, families, stacking-folds. Every trainer of a
// model (pith train, leave-one-out, bindings) calls this, so the lines are built in one place;
// train_model appends what it decides (hashing, class weights, cross-validation) after them.
std::vector<std::pair<std::string, std::string>> model_settings(const TrainerOptions& options, const TrainingRun& run);

// One head per kind that has rows. `settings` are written into the model header as given.
Model train_model(const TrainingSet& training_set, const TrainerOptions& options,
                  std::vector<std::pair<std::string, std::string>> settings, ProgressSink* progress = nullptr);

// The threshold on p(content) that maximises content F1 over these examples (0.5 when there
// is no positive example).
double threshold_maximising_f1(const Eigen::VectorXd& p_content, const Eigen::VectorXd& is_content);

// The threshold that maximises content F-beta (beta 1: F1, 0.5: precision counts more, 2:
// recall counts more), and the F-beta it reaches (0 when there is no positive example).
struct ThresholdChoice {
  double threshold = 0.5;
  double f_beta = 0.0;
};
ThresholdChoice threshold_maximising_f_beta(const Eigen::VectorXd& p_content, const Eigen::VectorXd& is_content,
                                            double beta);

}  // namespace pith::train
