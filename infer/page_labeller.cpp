#include "infer/page_labeller.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "features/byte_sniffing.h"
#include "features/error.h"
#include "features/hashed_features.h"
#include "features/html_segmenter.h"
#include "features/page_reader.h"
#include "features/text_segmenter.h"
#include "model/stacking_features.h"

namespace pith {
namespace {

// Rows scored at once on a long page. Eigen's matrix-vector product sums a row's terms in
// groups whose size depends on the matrix's row count (16 columns under 4,000 rows, 4 from
// there), so a page is scored in one block when it has fewer than this many paragraphs and in
// blocks of exactly this many otherwise: each row then sums in the order a whole-page product
// would, and scores stay bit for bit what LinearScorer::probabilities gives.
constexpr std::size_t kBlockRows = 4096;

double sigmoid(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }

template <class T>
void grow(std::vector<T>& buffer, std::size_t size) {
  if (buffer.size() < size) buffer.resize(size);
}
void grow(Eigen::VectorXd& buffer, Eigen::Index size) {
  if (buffer.size() < size) buffer.resize(size);
}

// Whether layout_margins gives Eigen's sums bit for bit: without FMA (Eigen's products then
// round every product and sum on its own, as the loop below does) and with finite weights (a
// row outside the page then adds 0 * w, which changes no sum, and is skipped).
bool layout_margins_exact(const Eigen::VectorXd& weights) {
#if defined(__FMA__)
  (void)weights;
  return false;
#else
  return weights.allFinite();
#endif
}

// margins[r] = row r of FeatureLayout::block_rows(...) times `weights`, for the block's rows
// [first, last) of a page of `count` paragraphs, without building the rows: each column is
// read where block_rows would copy it from. Bit for bit what Eigen's column-major
// matrix-vector product gives on those rows (Eigen 3.4's general_matrix_vector_product): per
// row, the columns are summed in groups (all of them under 128 columns, else 16 while the
// block's column is under 32,000 bytes, 4 from there), each group from 0 in column order, and
// the groups' sums added to the row's margin in turn. (A block of one row, which Eigen takes as
// a dot product, is not scored here.)
void layout_margins(const FeatureLayout& layout, const double* values, std::size_t values_first,
                    std::size_t values_last, std::size_t count, std::size_t first, std::size_t last,
                    const Eigen::VectorXd& weights, std::vector<double>& sums, double* margins) {
  const std::size_t block = last - first, columns = layout.size(), values_rows = values_last - values_first;
  const std::size_t group = columns < 128 ? columns : block * sizeof(double) < 32000 ? 16 : 4;
  const auto n = static_cast<std::ptrdiff_t>(count);
  const auto begin = static_cast<std::ptrdiff_t>(first), end = static_cast<std::ptrdiff_t>(last);
  grow(sums, block);
  std::fill(margins, margins + block, 0.0);
  for (std::size_t group_first = 0; group_first < columns; group_first += group) {
    const std::size_t group_last = std::min(group_first + group, columns);
    std::fill(sums.begin(), sums.begin() + static_cast<std::ptrdiff_t>(block), 0.0);
    // four columns a pass over the sums, each row's terms still added in column order
    for (std::size_t c = group_first; c < group_last; c += 4) {
      const std::size_t taken = std::min<std::size_t>(4, group_last - c);
      std::array<const double*, 4> column{};  // column[j][p + shift[j]]: page row p's value
      std::array<std::ptrdiff_t, 4> shift{}, inside_first{}, inside_last{};
      std::array<double, 4> w{};
      std::ptrdiff_t common_first = begin, common_last = end;  // rows inside all `taken` columns
      for (std::size_t j = 0; j < taken; ++j) {
        const std::ptrdiff_t offset = layout.column_offset(c + j);
        w[j] = weights[static_cast<Eigen::Index>(c + j)];
        inside_first[j] = std::clamp<std::ptrdiff_t>(-offset, begin, end);
        inside_last[j] = std::clamp<std::ptrdiff_t>(n - offset, inside_first[j], end);
        column[j] = values + layout.column_feature(c + j) * values_rows;
        shift[j] = offset - static_cast<std::ptrdiff_t>(values_first);
        common_first = std::max(common_first, inside_first[j]);
        common_last = std::min(common_last, inside_last[j]);
      }
      common_last = std::max(common_last, common_first);
      // rows near the page's edges, where some of the columns have no neighbour: one by one
      const auto edge_row = [&](std::ptrdiff_t p) {
        for (std::size_t j = 0; j < taken; ++j)
          if (p >= inside_first[j] && p < inside_last[j])
            sums[static_cast<std::size_t>(p - begin)] += column[j][p + shift[j]] * w[j];
      };
      for (std::ptrdiff_t p = begin; p < common_first; ++p) edge_row(p);
      for (std::ptrdiff_t p = common_last; p < end; ++p) edge_row(p);
      const std::ptrdiff_t rows = common_last - common_first;
      if (rows == 0) continue;  // (and no pointer is formed past a column's end)
      double* const sum = sums.data() + (common_first - begin);
      if (taken == 4) {
        const double* const a = column[0] + (common_first + shift[0]);
        const double* const b = column[1] + (common_first + shift[1]);
        const double* const d = column[2] + (common_first + shift[2]);
        const double* const e = column[3] + (common_first + shift[3]);
        for (std::ptrdiff_t k = 0; k < rows; ++k) sum[k] = (((sum[k] + a[k] * w[0]) + b[k] * w[1]) + d[k] * w[2]) + e[k] * w[3];
      } else {
        for (std::size_t j = 0; j < taken; ++j) {
          const double* const a = column[j] + (common_first + shift[j]);
          for (std::ptrdiff_t k = 0; k < rows; ++k) sum[k] += a[k] * w[j];
        }
      }
    }
    for (std::size_t r = 0; r < block; ++r) margins[r] += sums[r];
  }
}

}  // namespace

PageLabeller::PageLabeller(const Model& model, LabelLimits limits) : model_(model), limits_(limits) {
  const auto fold = [](const LinearScorer& scorer) {
    FoldedScorer folded;
    folded.weights = scorer.weights.cwiseQuotient(scorer.scale);
    folded.bias = scorer.bias - folded.weights.dot(scorer.mean);
    folded.exact_layout_margins = layout_margins_exact(folded.weights);
    if (scorer.sparse_weights.size() > 0) folded.sparse_weights = &scorer.sparse_weights;
    return folded;
  };
  for (const ModelHead& head : model_.heads) {
    FoldedHead& folded = heads_.emplace_back();
    folded.head = &head;
    folded.paragraph = fold(head.paragraph);
    if (head.stacking) folded.stacking = fold(*head.stacking);
  }
}

const PageLabeller::FoldedHead& PageLabeller::head_for(const Document& document) const {
  const ModelHead* head = model_.head_for(document.kind);
  for (const FoldedHead& folded : heads_)
    if (folded.head == head && head) return folded;
  throw Error(document.source, "",
              "the model has no head for this kind of page (it was trained on HTML only: retrain with text pages)");
}

const ScoredPage& PageLabeller::label(const PageToLabel& page, int explain) {
  if (page.bytes.size() > limits_.max_page_bytes)
    throw Error(page.source, "", page_over_byte_limit(page.bytes.size(), limits_.max_page_bytes));
  check_not_binary(page.bytes, page.source);  // a PNG named .html is an error of that page (issue 18, item 8)
  const PageKind kind = page.kind ? *page.kind : guess_page_kind({}, page.bytes);
  if (kind == PageKind::html) {
    HtmlSegmenterOptions options;
    options.charset_hint = page.charset;
    return label(segment_html(page.bytes, page.source, options), explain);
  }
  return label(segment_text(page.bytes, page.source), explain);
}

const ScoredPage& PageLabeller::label(Document document, int explain) {
  page_.document = std::move(document);
  check_paragraphs(page_.document);
  if (explain > 0) {
    page_.scores = classify_paragraphs(model_, page_.document, explain);
    return page_;
  }
  score_into(page_.document, page_.scores);
  return page_;
}

const std::vector<ParagraphScore>& PageLabeller::score(const Document& document) {
  check_paragraphs(document);
  score_into(document, page_.scores);
  return page_.scores;
}

void PageLabeller::check_paragraphs(const Document& document) const {
  const std::size_t n = document.paragraphs.size();
  if (n > limits_.max_paragraphs)
    throw Error(document.source, "",
                fmt::format("the page has {} paragraphs, over the limit of {} (--max-paragraphs)", n,
                            limits_.max_paragraphs));
}

void PageLabeller::score_into(const Document& document, std::vector<ParagraphScore>& scores) {
  const FoldedHead& folded = head_for(document);
  const ModelHead& head = *folded.head;
  const std::size_t n = document.paragraphs.size();
  scores.resize(n);
  if (n == 0) return;

  stats_.clear();
  stats_.reserve(n);  // exactly: grown by doubling, a page could keep twice the bytes it needs
  HeadingWordCounter headings;
  for (const Paragraph& paragraph : document.paragraphs)
    stats_.push_back(compute_text_statistics(document, paragraph, headings));
  const PageStatistics page = compute_page_statistics(document, stats_);
  const FeatureLayout& layout = FeatureLayout::of(head.kind);
  const std::size_t columns = layout.size();
  const std::size_t block = std::min(n, kBlockRows);
  grow(first_stage_, static_cast<Eigen::Index>(n));
  grow(margins_, static_cast<Eigen::Index>(block));

  for (std::size_t start = 0; start < n; start += block) {
    const std::size_t last = std::min(start + block, n);
    const std::size_t first = last - block;  // the last block of a long page overlaps the one before
    const std::size_t values_first = first >= kNeighbourWindow ? first - kNeighbourWindow : 0;
    const std::size_t values_last = std::min(last + kNeighbourWindow, n);
    grow(values_, (values_last - values_first) * kDenseFeatureCount);
    table_feature_values_of(document, stats_, page, values_first, values_last, inputs_, values_.data());
    auto margins = margins_.head(static_cast<Eigen::Index>(block));
    if (block > 1 && folded.paragraph.exact_layout_margins) {
      // the rows' copy (300 doubles a paragraph) and the product in one pass over the values
      layout_margins(layout, values_.data(), values_first, values_last, n, first, last, folded.paragraph.weights,
                     rows_, margins.data());
    } else {
      grow(rows_, block * columns);
      layout.block_rows(values_.data(), values_first, values_last, n, first, last, block, rows_.data());
      const Eigen::Map<const Eigen::MatrixXd> rows(rows_.data(), static_cast<Eigen::Index>(block),
                                                   static_cast<Eigen::Index>(columns));
      margins.noalias() = rows * folded.paragraph.weights;
    }
    if (folded.paragraph.sparse_weights) {
      sparse_.clear();
      append_hashed_rows(document, first, last, head.kind, head.hashing, sparse_);
    }
    for (std::size_t r = 0; r < block; ++r) {
      double margin = margins[static_cast<Eigen::Index>(r)] + folded.paragraph.bias;
      if (folded.paragraph.sparse_weights)
        for (const SparseEntry* e = sparse_.row_begin(r); e != sparse_.row_end(r); ++e)
          margin += (*folded.paragraph.sparse_weights)[e->column] * e->value;
      first_stage_[static_cast<Eigen::Index>(first + r)] = sigmoid(margin);
    }
  }

  const auto p_of = [&](std::size_t i) { return first_stage_[static_cast<Eigen::Index>(i)]; };
  if (folded.stacking) {
    // in the first stage's blocks, for the same sums as one product over the whole page
    const PageScores page_scores(first_stage_.head(static_cast<Eigen::Index>(n)));
    const auto stacking_columns = static_cast<Eigen::Index>(kStackingFeatures.size());
    grow(stacked_, block * kStackingFeatures.size());
    for (std::size_t start = 0; start < n; start += block) {
      const std::size_t last = std::min(start + block, n);
      const std::size_t first = last - block;
      stacking_block_rows(page_scores, static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(last),
                          static_cast<Eigen::Index>(block), stacked_.data());
      const Eigen::Map<const Eigen::MatrixXd> stacked(stacked_.data(), static_cast<Eigen::Index>(block),
                                                      stacking_columns);
      auto margins = margins_.head(static_cast<Eigen::Index>(block));
      margins.noalias() = stacked * folded.stacking->weights;
      for (std::size_t r = 0; r < block; ++r)
        scores[first + r].p_content = sigmoid(margins[static_cast<Eigen::Index>(r)] + folded.stacking->bias);
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) scores[i].p_content = p_of(i);
  }
  for (ParagraphScore& score : scores) {
    score.is_content = score.p_content >= head.threshold;
    score.paragraph_contributions.clear();
    score.stacking_contributions.clear();
  }
}

}  // namespace pith
