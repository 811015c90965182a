#include "features/error.h"

namespace pith {
namespace {
std::string describe(const std::string& source, const std::string& location, const std::string& message) {
  std::string text = source.empty() ? std::string("<input>") : source;
  if (!location.empty()) text += ": " + location;
  return text + ": " + message;
}
}  // namespace

Error::Error(std::string source, std::string location, std::string message)
    : std::runtime_error(describe(source, location, message)),
      source_(std::move(source)),
      location_(std::move(location)),
      message_(std::move(message)) {}

}  // namespace pith
