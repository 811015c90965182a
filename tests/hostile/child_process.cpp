#include "child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

namespace pith::hostile {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace

bool under_address_sanitizer() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

ChildResult run_bounded(const std::string& binary, const std::vector<std::string>& arguments, const Bounds& bounds,
                        const std::vector<std::string>& environment) {
  char out_template[] = "/tmp/pith-hostile-out-XXXXXX";
  char err_template[] = "/tmp/pith-hostile-err-XXXXXX";
  const int out_fd = ::mkstemp(out_template);
  const int err_fd = ::mkstemp(err_template);
  std::vector<std::string> args_storage;
  args_storage.push_back(binary);
  args_storage.insert(args_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& arg : args_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = environment;

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    for (std::string& entry : env_storage) ::putenv(entry.data());
    const auto cpu = static_cast<rlim_t>(std::ceil(bounds.cpu_seconds * cpu_slowdown())) + 1;
    rlimit cpu_limit{cpu, cpu + 1};
    ::setrlimit(RLIMIT_CPU, &cpu_limit);
    if (!under_address_sanitizer()) {
      // Address space is larger than resident memory (code, stacks, allocator slack): allow 4x,
      // and check the resident peak against the bound itself below.
      const auto bytes = static_cast<rlim_t>(bounds.memory_mb * 4 * 1024 * 1024);
      rlimit memory_limit{bytes, bytes};
      ::setrlimit(RLIMIT_AS, &memory_limit);
    }
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  ChildResult result;
  int status = 0;
  rusage usage{};
  for (;;) {
    const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (elapsed > bounds.wall_seconds) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.exited = WIFEXITED(status);
  result.exit_code = result.exited ? WEXITSTATUS(status) : -1;
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  result.peak_memory_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KB on Linux
  result.out = slurp(out_template);
  result.err = slurp(err_template);
  ::unlink(out_template);
  ::unlink(err_template);
  return result;
}

}  // namespace pith::hostile
