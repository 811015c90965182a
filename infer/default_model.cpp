#include "infer/default_model.h"

#include <cstdlib>
#include <system_error>

namespace pith {

std::filesystem::path default_model_path() {
  if (const char* from_environment = std::getenv("PITH_MODEL"); from_environment && *from_environment)
    return from_environment;
  std::error_code error;
  const std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path folder = error ? std::filesystem::current_path() : binary.parent_path();
  return (folder / ".." / "share" / "pith" / "default.model").lexically_normal();
}

}  // namespace pith
