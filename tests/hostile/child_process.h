#pragma once
// Runs the pith binary as a child process under bounds, for the hostile-input suite: the child's
// address space is capped with RLIMIT_AS (not under AddressSanitizer, which reserves terabytes
// of address space), its CPU time with RLIMIT_CPU, and it is killed after a wall-clock limit,
// so a runaway case fails its test instead of taking the machine down.
#include <string>
#include <vector>

namespace pith::hostile {

struct Bounds {
  double cpu_seconds = 10;     // user + system time
  double memory_mb = 512;      // peak resident memory (and 4x that as address space)
  double wall_seconds = 120;   // killed after this: a hang, or a machine far too loaded
};

struct ChildResult {
  bool exited = false;  // false: killed by a signal (`signal` says which)
  int exit_code = -1;
  int signal = 0;
  double cpu_seconds = 0;
  double peak_memory_mb = 0;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `binary` with `arguments` (no shell), stdin from /dev/null, `environment` entries
// ("NAME=value") added to the parent's.
ChildResult run_bounded(const std::string& binary, const std::vector<std::string>& arguments, const Bounds& bounds,
                        const std::vector<std::string>& environment = {});

// True when this build runs under AddressSanitizer (then memory figures are inflated and
// address-space limits impossible: only exit codes and time are checked).
bool under_address_sanitizer();

// How many times a bound's CPU seconds a case may take in this build: sanitizer builds run
// several times slower, so there only hangs count. Used for the child's CPU limit and the check.
inline double cpu_slowdown() { return under_address_sanitizer() ? 10.0 : 1.0; }

}  // namespace pith::hostile
