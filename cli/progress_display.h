#pragma once
// Renders library progress on stderr: an updating line on a terminal, notes as lines always.
#include <string>

#include "features/progress.h"

namespace pith::cli {

class ProgressDisplay : public ProgressSink {
 public:
  ProgressDisplay();
  ~ProgressDisplay() override;
  void progress(std::string_view stage, std::size_t done, std::size_t total) override;
  void note(std::string_view message) override;

 private:
  void clear_line();
  bool terminal_;
  bool line_open_ = false;
};

}  // namespace pith::cli
