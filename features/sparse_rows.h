#pragma once
// Rows of hashed sparse features in compressed-row form: the one representation of sparse
// columns from feature extraction through training to scoring, so a row never becomes dense.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace pith {

struct SparseEntry {
  std::uint32_t column;
  float value;
};

// The order of a row's entries.
inline bool column_less(const SparseEntry& a, const SparseEntry& b) { return a.column < b.column; }

class SparseRows {
 public:
  explicit SparseRows(std::uint32_t columns = 0) : columns_(columns) {}

  std::uint32_t columns() const { return columns_; }
  std::size_t rows() const { return row_starts_.size() - 1; }
  std::size_t non_zeros() const { return entries_.size(); }

  // Row r's entries, by increasing column, each column once.
  const SparseEntry* row_begin(std::size_t r) const { return entries_.data() + row_starts_[r]; }
  const SparseEntry* row_end(std::size_t r) const { return entries_.data() + row_starts_[r + 1]; }

  // Appends a row from entries in any order; entries of one column are summed.
  void append_row(std::vector<SparseEntry>& entries);
  // Appends a row from entries already by increasing column (equal columns next to each other,
  // summed): append_row without its sort, for callers that build their entries in order.
  void append_sorted_row(const std::vector<SparseEntry>& entries);
  // Appends a row of `base` (entries by increasing column, each column once) plus 1 for each
  // of `extra_columns` (by increasing column, repeats allowed): what append_row makes of the
  // two together. For rows of token counts whose tokens come in a shared part and an own part.
  void append_row_plus_columns(std::span<const SparseEntry> base, std::span<const std::uint32_t> extra_columns);

  // Appends rows [first, first + count) of `other`, which has the same columns.
  void append_rows(const SparseRows& other, std::size_t first, std::size_t count);

  // The rows at `indices`, in that order.
  template <class Index>
  SparseRows select(const std::vector<Index>& indices) const {
    SparseRows out(columns_);
    out.entries_.reserve(indices.size() * (rows() ? non_zeros() / rows() + 1 : 1));
    for (Index r : indices) out.append_rows(*this, static_cast<std::size_t>(r), 1);
    return out;
  }

  // No rows, the memory kept for the next rows (a scorer reuses one SparseRows page after page).
  void clear() {
    row_starts_.resize(1);
    entries_.clear();
  }

  // Drops every entry whose column `keep` says false (keep has columns() entries).
  void keep_columns(const std::vector<bool>& keep);

  std::size_t memory_bytes() const {
    return row_starts_.capacity() * sizeof(std::size_t) + entries_.capacity() * sizeof(SparseEntry);
  }

 private:
  std::uint32_t columns_;
  std::vector<std::size_t> row_starts_{0};
  std::vector<SparseEntry> entries_;
};

}  // namespace pith
