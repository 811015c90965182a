#pragma once
// The per-thread page labeller, in the spirit of simdjson's parser: one per thread, reused page
// after page, holding every buffer the work needs (text statistics, feature blocks, hashed
// rows, scores) and the model's standardisation folded into its weights once, so that a run
// allocates only when a page is larger than any before it. The Model is shared, read only.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "features/feature_table.h"
#include "features/page_limits.h"
#include "features/paragraph.h"
#include "features/sparse_rows.h"
#include "features/text_statistics.h"
#include "infer/paragraph_classifier.h"
#include "model/model_file.h"

namespace pith {

// Limits on one page, each an error of that page when passed: never a silent cut.
struct LabelLimits {
  // Bytes of the page before decoding (readers also stop inflating gzip here).
  std::size_t max_page_bytes = kDefaultMaxPageBytes;
  // Paragraphs of one page (features/page_limits.h says why this default).
  std::size_t max_paragraphs = kDefaultMaxParagraphs;
};

// One page to label: its bytes as served and what is known about them.
struct PageToLabel {
  std::string_view bytes;
  std::string source;                 // for messages and output: a file name, a record id
  std::optional<PageKind> kind;       // unset: HTML when the first non-blank byte is '<'
  std::string charset;                // declared charset (HTTP header); empty if none
};

struct ScoredPage {
  Document document;
  std::vector<ParagraphScore> scores;  // one per document.paragraphs entry
};

class PageLabeller {
 public:
  // `model` must outlive the labeller.
  explicit PageLabeller(const Model& model, LabelLimits limits = {});

  // Segments and scores one page. The result lives until the next call. Throws pith::Error
  // naming `page.source` when the page cannot be labelled: over a limit, the model has no head
  // for its kind, undecodable. With `explain` > 0, each score lists that many contributions.
  const ScoredPage& label(const PageToLabel& page, int explain = 0);
  // Scores an already segmented page (kept in the result as given).
  const ScoredPage& label(Document document, int explain = 0);
  // Scores a segmented page the caller keeps (evaluation): one score per paragraph, valid
  // until the next call. Checks max_paragraphs; throws as label() does.
  const std::vector<ParagraphScore>& score(const Document& document);

  const LabelLimits& limits() const { return limits_; }
  void set_limits(const LabelLimits& limits) { limits_ = limits; }

 private:
  // A LinearScorer with (x - mean) / scale folded into its weights: w / scale and
  // bias - (w / scale) . mean, the same arithmetic LinearScorer::margins does per call.
  struct FoldedScorer {
    Eigen::VectorXd weights;
    double bias = 0.0;
    const Eigen::VectorXd* sparse_weights = nullptr;
    bool exact_layout_margins = false;  // layout_margins gives Eigen's product bit for bit
  };
  struct FoldedHead {
    const ModelHead* head = nullptr;
    FoldedScorer paragraph;
    std::optional<FoldedScorer> stacking;
  };
  void score_into(const Document& document, std::vector<ParagraphScore>& scores);
  void check_paragraphs(const Document& document) const;
  const FoldedHead& head_for(const Document& document) const;

  const Model& model_;
  LabelLimits limits_;
  std::vector<FoldedHead> heads_;
  ScoredPage page_;
  // buffers kept across pages
  std::vector<TextStatistics> stats_;
  std::vector<FeatureInput> inputs_;
  std::vector<double> values_;       // table feature values of one block and its neighbours
  std::vector<double> rows_;         // the block's layout rows, column-major (or their sums)
  std::vector<double> stacked_;      // the block's stacking rows, column-major
  SparseRows sparse_;
  Eigen::VectorXd first_stage_;      // grows only
  Eigen::VectorXd margins_;          // grows only
};

}  // namespace pith
