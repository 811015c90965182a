#include "cli/progress_display.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace pith::cli {

ProgressDisplay::ProgressDisplay() : terminal_(isatty(STDERR_FILENO) == 1) {}

ProgressDisplay::~ProgressDisplay() { clear_line(); }

void ProgressDisplay::clear_line() {
  if (line_open_) std::fputs("\r\033[K", stderr);
  line_open_ = false;
}

void ProgressDisplay::progress(std::string_view stage, std::size_t done, std::size_t total) {
  if (!terminal_) return;  // a log file gets the notes only
  if (total > 0) {
    fmt::print(stderr, "\r\033[K{}: {}/{} ({:.0f} %)", stage, done, total, 100.0 * double(done) / double(total));
  } else {
    fmt::print(stderr, "\r\033[K{}: {}", stage, done);
  }
  line_open_ = true;
  if (total > 0 && done == total) clear_line();  // a finished stage leaves no line behind
}

void ProgressDisplay::note(std::string_view message) {
  clear_line();
  fmt::print(stderr, "{}\n", message);
}

}  // namespace pith::cli
