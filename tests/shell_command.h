#pragma once
// Runs a shell command for the CLI tests (the pith binary as a user runs it): its exit code and
// what it printed. One definition for every test file that runs the binary.
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

namespace pith::test {

struct Run {
  int exit_code;       // -1 when killed by a signal
  std::string output;  // what the command's redirections send to stdout
};

inline Run run_shell_command(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace pith::test
