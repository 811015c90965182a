#include "features/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "features/error.h"

namespace pith {
namespace {

std::string os_reason() { return std::strerror(errno); }

void check_target(const std::filesystem::path& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw Error(path.string(), "", "the output exists and is not a regular file (a folder, device or pipe): refusing to replace it");
  std::filesystem::path folder = path.parent_path();
  if (folder.empty()) folder = ".";
  const auto folder_status = std::filesystem::status(folder, error);
  if (!std::filesystem::exists(folder_status))
    throw Error(path.string(), "", fmt::format("the output's folder {} does not exist", folder.string()));
  if (!std::filesystem::is_directory(folder_status))
    throw Error(path.string(), "", fmt::format("the output's folder {} is not a folder", folder.string()));
  if (::access(folder.c_str(), W_OK) != 0)
    throw Error(path.string(), "", fmt::format("cannot write into {}: {}", folder.string(), os_reason()));
}

}  // namespace

void check_output_path(const std::filesystem::path& path, const std::vector<std::filesystem::path>& inputs) {
  check_target(path);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return;
  for (const std::filesystem::path& input : inputs) {
    if (std::filesystem::equivalent(path, input, error))
      throw Error(path.string(), "",
                  input == path ? std::string("the output would overwrite this same file, an input of the run")
                                : fmt::format("the output would overwrite the input {}", input.string()));
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  check_target(path);
  static std::atomic<unsigned> counter{0};
  std::filesystem::path temporary = path;
  temporary += fmt::format(".{}.{}.tmp", ::getpid(), counter.fetch_add(1));
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(temporary.string(), "", "cannot create the output file: " + os_reason());
  const auto fail = [&](const std::string& what) {
    const std::string reason = os_reason();
    ::close(fd);
    ::unlink(temporary.c_str());
    throw Error(path.string(), "", fmt::format("{}: {}", what, reason));
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write the output file");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const std::string reason = os_reason();
    ::unlink(temporary.c_str());
    throw Error(path.string(), "", "cannot write the output file: " + reason);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = os_reason();
    ::unlink(temporary.c_str());
    throw Error(path.string(), "", "cannot move the output file into place: " + reason);
  }
}

}  // namespace pith
