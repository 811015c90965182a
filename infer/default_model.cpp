#include "infer/default_model.h"

#include <cstdlib>
#include <system_error>

#include "features/error.h"
#include "model/model_file.h"

namespace pith {

std::filesystem::path default_model_path() {
  if (const char* from_environment = std::getenv("PITH_MODEL"); from_environment && *from_environment)
    return from_environment;
  std::error_code error;
  const std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path folder = error ? std::filesystem::current_path() : binary.parent_path();
  return (folder / ".." / "share" / "pith" / "default.model").lexically_normal();
}

Model load_model_or_default(const std::string& path) {
  if (!path.empty()) return load_model(path);
  const std::filesystem::path default_path = default_model_path();
  if (const char* from_environment = std::getenv("PITH_MODEL"); from_environment && *from_environment) {
    if (!std::filesystem::exists(default_path))
      throw Error(default_path.string(), "",
                  "the model named by the environment variable PITH_MODEL does not exist (fix or unset PITH_MODEL, "
                  "or pass --model FILE)");
    return load_model(default_path);
  }
  if (!std::filesystem::exists(default_path))
    throw Error(default_path.string(), "",
                "the default model is missing (reinstall pith, set PITH_MODEL, or pass --model FILE)");
  return load_model(default_path);
}

}  // namespace pith
