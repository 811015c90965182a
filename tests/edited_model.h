#pragma once
// A model anyone could write: the shipped default model with one piece of text replaced and the
// checksum recomputed, so that only the loader's range checks can refuse it. For the reliability
// and hostile-input tests.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include "model/model_file.h"
#include "tests/test_files.h"

namespace pith::test {

// The shipped default model's line that starts with `prefix` ("html.features "): tests name the
// lines they edit by it, not by today's counts, so that a retrained model does not break them.
inline std::string default_model_line(const std::filesystem::path& source_dir, const std::string& prefix) {
  const std::string text = read_file(source_dir / "models" / "default.model");
  const std::size_t at = text.find("\n" + prefix);
  REQUIRE(at != std::string::npos);
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

inline std::string edited_default_model(const std::filesystem::path& source_dir, const std::string& from,
                                        const std::string& to) {
  std::string text = read_file(source_dir / "models" / "default.model");
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  text.erase(text.rfind("checksum "));
  char line[64];
  std::snprintf(line, sizeof line, "checksum %016llx\n", static_cast<unsigned long long>(pith::model_checksum(text)));
  return text + line;
}

}  // namespace pith::test
