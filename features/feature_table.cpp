#include "features/feature_table.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

namespace pith {

namespace feature_detail {
namespace {
// Not constexpr, and a loop too long to unroll, on purpose: GCC folds std::log1p of a constant
// with its own correctly rounded arithmetic, which differs from libm's in the last bit for some
// counts (log1p(2) among them), and the table must hold what the features computed before it.
std::array<double, kLog1pTableSize> log1p_of_counts() {
  std::array<double, kLog1pTableSize> table{};
  for (std::size_t n = 0; n < kLog1pTableSize; ++n) table[n] = std::log1p(static_cast<double>(n));
  return table;
}
}  // namespace

const std::array<double, kLog1pTableSize> kLog1pOfCount = log1p_of_counts();
}  // namespace feature_detail

namespace {
std::string offset_prefix(int offset) {
  if (offset == 0) return "";
  return fmt::format("{}{}.", offset < 0 ? "prev" : "next", offset < 0 ? -offset : offset);
}
}  // namespace

FeatureLayout::FeatureLayout(PageKind kind) : kind_(kind) {
  // the paragraph's own features first, then its neighbours nearest first
  std::vector<int> offsets{0};
  for (int distance = 1; distance <= kNeighbourWindow; ++distance) {
    offsets.push_back(-distance);
    offsets.push_back(distance);
  }
  for (int offset : offsets) {
    for (std::size_t f = 0; f < kDenseFeatureCount; ++f) {
      const DenseFeature& feature = kDenseFeatures[f];
      if (feature.needs_markup && kind == PageKind::text) continue;
      if (offset == 0 && feature.name == "present") continue;  // always 1 for the paragraph itself
      if (offset != 0 && feature.family == kPageTypeFamily) continue;  // the neighbours' page is the same
      columns_.push_back({f, offset});
      names_.push_back(offset_prefix(offset) + std::string(feature.name));
    }
  }
}

PageStatistics compute_page_statistics(const std::vector<TextStatistics>& paragraphs) {
  const std::size_t count = paragraphs.size();
  PageStatistics page;
  page.words_before.resize(count);
  page.distance_to_long.assign(count, count);
  for (std::size_t i = 0; i < count; ++i) {
    page.words_before[i] = page.total_words;
    page.total_words += paragraphs[i].words;
    page.max_words = std::max<std::size_t>(page.max_words, paragraphs[i].words);
    if (paragraphs[i].words >= kLongParagraphWords) page.last_long = i;
  }
  // two sweeps give each paragraph its distance to the nearest long one, before or after
  std::size_t since_long = count;
  for (std::size_t i = 0; i < count; ++i) {
    since_long = paragraphs[i].words >= kLongParagraphWords ? 0 : std::min(count, since_long + 1);
    page.distance_to_long[i] = since_long;
  }
  since_long = count;
  for (std::size_t i = count; i-- > 0;) {
    since_long = paragraphs[i].words >= kLongParagraphWords ? 0 : std::min(count, since_long + 1);
    page.distance_to_long[i] = std::min(page.distance_to_long[i], since_long);
  }
  return page;
}

PageStatistics compute_page_statistics(const Document& document, const std::vector<TextStatistics>& paragraphs) {
  PageStatistics page = compute_page_statistics(paragraphs);
  if (document.kind == PageKind::html) {
    page.evidence = compute_page_evidence(document, paragraphs);
  } else {  // plain text has no markup to read: the markup features are left out of its model
    page.evidence.title_match.assign(paragraphs.size(), 0.0f);
    page.evidence.headline_cover.assign(paragraphs.size(), 0.0f);
  }
  return page;
}

namespace {
// Fills the column of feature F. Its function is a constant here, so the compiler inlines it into
// the loop: calling through the table's pointer, per paragraph and feature, cost more than most
// features' own arithmetic.
template <std::size_t F>
void compute_column(const std::vector<FeatureInput>& inputs, double* column) {
  constexpr FeatureFunction compute = kDenseFeatures[F].compute;
  for (std::size_t i = 0; i < inputs.size(); ++i) column[i] = compute(inputs[i]);
}

using ColumnFunction = void (*)(const std::vector<FeatureInput>&, double*);
template <std::size_t... F>
constexpr std::array<ColumnFunction, sizeof...(F)> column_functions(std::index_sequence<F...>) {
  return {&compute_column<F>...};
}
constexpr std::array<ColumnFunction, kDenseFeatureCount> kColumnFunctions =
    column_functions(std::make_index_sequence<kDenseFeatureCount>{});
}  // namespace

const FeatureLayout& FeatureLayout::of(PageKind kind) {
  static const FeatureLayout html(PageKind::html), text(PageKind::text);
  return kind == PageKind::html ? html : text;
}

void table_feature_values_of(const Document& document, const std::vector<TextStatistics>& stats,
                             const PageStatistics& page, std::size_t first, std::size_t last,
                             std::vector<FeatureInput>& inputs, double* values) {
  const std::size_t count = document.paragraphs.size();
  inputs.clear();
  for (std::size_t i = first; i < last; ++i) inputs.push_back({document.paragraphs[i], stats[i], page, i, count});
  // feature by feature: Eigen stores columns contiguously
  for (std::size_t f = 0; f < kDenseFeatureCount; ++f) kColumnFunctions[f](inputs, values + f * (last - first));
}

Eigen::MatrixXd table_feature_values(const Document& document) {
  const std::size_t count = document.paragraphs.size();
  std::vector<TextStatistics> stats;
  stats.reserve(count);
  HeadingWordCounter headings;
  for (const Paragraph& paragraph : document.paragraphs) stats.push_back(compute_text_statistics(document, paragraph, headings));
  const PageStatistics page = compute_page_statistics(document, stats);
  std::vector<FeatureInput> inputs;
  inputs.reserve(count);
  Eigen::MatrixXd values(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(kDenseFeatureCount));
  table_feature_values_of(document, stats, page, 0, count, inputs, values.data());
  return values;
}

void FeatureLayout::block_rows(const double* values, std::size_t values_first, std::size_t values_last,
                               std::size_t count, std::size_t first, std::size_t last, std::size_t stride,
                               double* out) const {
  const auto n = static_cast<std::ptrdiff_t>(count);
  const std::size_t values_rows = values_last - values_first;
  const auto begin = static_cast<std::ptrdiff_t>(first), end = static_cast<std::ptrdiff_t>(last);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const std::ptrdiff_t offset = columns_[c].offset;
    const double* feature = values + columns_[c].feature * values_rows;
    double* column = out + c * stride;
    // rows [inside_first, inside_last) have their neighbour on the page; the others get 0.
    // Plain copies and fills, as in rows(): a test per value cost more than the copy.
    const std::ptrdiff_t inside_first = std::clamp<std::ptrdiff_t>(-offset, begin, end);
    const std::ptrdiff_t inside_last = std::clamp<std::ptrdiff_t>(n - offset, inside_first, end);
    std::fill(column, column + (inside_first - begin), 0.0);
    const double* from = feature + (inside_first + offset - static_cast<std::ptrdiff_t>(values_first));
    std::copy(from, from + (inside_last - inside_first), column + (inside_first - begin));
    std::fill(column + (inside_last - begin), column + (end - begin), 0.0);
  }
}

Eigen::MatrixXd FeatureLayout::rows(const Document& document) const {
  const Eigen::MatrixXd values = table_feature_values(document);
  const Eigen::Index count = values.rows();
  Eigen::MatrixXd rows(count, static_cast<Eigen::Index>(columns_.size()));
  // No paragraphs: the columns' data() is null, and offsetting a null pointer is undefined
  // behaviour even when nothing is copied (UBSan, the sanitized unit tests).
  if (count == 0) return rows;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    // rows [first, last) have their neighbour at this offset; a neighbour past the page's edge is 0
    const Eigen::Index offset = columns_[c].offset;
    const Eigen::Index first = std::clamp<Eigen::Index>(-offset, 0, count);
    const Eigen::Index last = std::clamp<Eigen::Index>(count - offset, first, count);
    // plain copies: Eigen's segment assignment cost three instructions a value here, memmove far less
    double* column = rows.col(static_cast<Eigen::Index>(c)).data();
    const double* feature = values.col(static_cast<Eigen::Index>(columns_[c].feature)).data();
    std::fill(column, column + first, 0.0);
    std::copy(feature + first + offset, feature + last + offset, column + first);
    std::fill(column + last, column + count, 0.0);
  }
  return rows;
}

}  // namespace pith
