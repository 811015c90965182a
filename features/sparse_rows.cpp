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

void SparseRows::append_counted_row(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  // written in place: room for every column, then cut to the distinct ones
  const std::size_t row_start = entries_.size();
  entries_.resize(row_start + a.size() + b.size());
  SparseEntry* const first = entries_.data() + row_start;
  SparseEntry* out = first;
  const auto add = [&](std::uint32_t column) {
    if (out != first && out[-1].column == column)
      out[-1].value += 1.0f;
    else
      *out++ = {column, 1.0f};
  };
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) add(*j < *i ? *j++ : *i++);
  for (; i != a.end(); ++i) add(*i);
  for (; j != b.end(); ++j) add(*j);
  entries_.resize(static_cast<std::size_t>(out - entries_.data()));
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
