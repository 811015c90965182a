#pragma once
// The one error type of the library (DESIGN.md convention 4): library code never prints or
// exits; it throws pith::Error naming the source and, where known, the position.
#include <stdexcept>
#include <string>

namespace pith {

class Error : public std::runtime_error {
 public:
  // `location` is free-form: "byte 1234", "line 17", "record 3"; empty when unknown.
  Error(std::string source, std::string location, std::string message);

  const std::string& source() const noexcept { return source_; }
  const std::string& location() const noexcept { return location_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::string source_;
  std::string location_;
  std::string message_;
};

}  // namespace pith
