#include "features/feature_table.h"

#include <algorithm>

#include <fmt/format.h>

namespace pith {

std::string_view page_kind_name(PageKind kind) { return kind == PageKind::html ? "html" : "text"; }

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
    page.max_words = std::max(page.max_words, paragraphs[i].words);
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

const FeatureLayout& FeatureLayout::of(PageKind kind) {
  static const FeatureLayout html(PageKind::html), text(PageKind::text);
  return kind == PageKind::html ? html : text;
}

Eigen::MatrixXd table_feature_values(const Document& document) {
  const std::size_t count = document.paragraphs.size();
  std::vector<TextStatistics> stats(count);
  for (std::size_t i = 0; i < count; ++i) stats[i] = compute_text_statistics(document.paragraphs[i]);
  const PageStatistics page = compute_page_statistics(stats);
  Eigen::MatrixXd values(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(kDenseFeatureCount));
  for (std::size_t i = 0; i < count; ++i) {
    const FeatureInput input{document.paragraphs[i], stats[i], page, i, count};
    for (std::size_t f = 0; f < kDenseFeatureCount; ++f)
      values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(f)) = kDenseFeatures[f].compute(input);
  }
  return values;
}

Eigen::MatrixXd FeatureLayout::rows(const Document& document) const {
  const Eigen::MatrixXd values = table_feature_values(document);
  const Eigen::Index count = values.rows();
  Eigen::MatrixXd rows = Eigen::MatrixXd::Zero(count, static_cast<Eigen::Index>(columns_.size()));
  for (Eigen::Index i = 0; i < count; ++i) {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const Eigen::Index source = i + columns_[c].offset;
      if (source < 0 || source >= count) continue;  // a neighbour past the page's edge stays 0
      rows(i, static_cast<Eigen::Index>(c)) = values(source, static_cast<Eigen::Index>(columns_[c].feature));
    }
  }
  return rows;
}

}  // namespace pith
