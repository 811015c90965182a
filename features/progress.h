#pragma once
// Library code reports progress through this interface; the CLI renders it, tests record it
// (DESIGN.md convention 4).
#include <cstddef>
#include <string_view>

namespace pith {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // `done` of `total` units of `stage` (total 0 when unknown).
  virtual void progress(std::string_view stage, std::size_t done, std::size_t total) = 0;
  // A line of information worth showing the user (solver iterations, a skipped page).
  virtual void note(std::string_view message) = 0;
};

}  // namespace pith
