#include "features/sparse_rows.h"

#include <algorithm>

namespace pith {

void SparseRows::append_row(std::vector<SparseEntry>& entries) {
  std::sort(entries.begin(), entries.end(), column_less);
  append_sorted_row(entries);
}

void SparseRows::append_sorted_row(const std::vector<SparseEntry>& entries) {
  for (const SparseEntry& entry : entries) {
    if (entries_.size() > row_starts_.back() && entries_.back().column == entry.column)
      entries_.back().value += entry.value;
    else
      entries_.push_back(entry);
  }
  row_starts_.push_back(entries_.size());
}

void SparseRows::append_row_plus_columns(std::span<const SparseEntry> base,
                                         std::span<const std::uint32_t> extra_columns) {
  // Room for the row up front, growing geometrically, so the push_backs below never move it.
  const std::size_t room = entries_.size() + base.size() + extra_columns.size();
  if (room > entries_.capacity()) entries_.reserve(std::max(room, 2 * entries_.capacity()));
  const std::size_t row_start = entries_.size();
  auto next = base.begin();
  for (const std::uint32_t column : extra_columns) {
    while (next != base.end() && next->column < column) entries_.push_back(*next++);
    if (entries_.size() > row_start && entries_.back().column == column)
      entries_.back().value += 1.0f;  // a repeated extra column
    else if (next != base.end() && next->column == column)
      entries_.push_back({column, next++->value + 1.0f});
    else
      entries_.push_back({column, 1.0f});
  }
  entries_.insert(entries_.end(), next, base.end());
  row_starts_.push_back(entries_.size());
}

void SparseRows::append_rows(const SparseRows& other, std::size_t first, std::size_t count) {
  for (std::size_t r = first; r < first + count; ++r) {
    entries_.insert(entries_.end(), other.row_begin(r), other.row_end(r));
    row_starts_.push_back(entries_.size());
  }
}

void SparseRows::keep_columns(const std::vector<bool>& keep) {
  std::size_t write = 0, read = 0;
  for (std::size_t r = 1; r < row_starts_.size(); ++r) {
    for (; read < row_starts_[r]; ++read)
      if (keep[entries_[read].column]) entries_[write++] = entries_[read];
    row_starts_[r] = write;
  }
  entries_.resize(write);
}

}  // namespace pith
