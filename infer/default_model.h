#pragma once
#include <filesystem>
#include <string>

namespace pith {

// Where `pith` finds its model without flags: $PITH_MODEL when set, else
// <folder of the running binary>/../share/pith/default.model, which holds in the build tree
// (bin/ beside share/) and after `cmake --install`.
std::filesystem::path default_model_path();

struct Model;

// The model at `path`, or the default model when `path` is empty; a missing default model is
// refused with what to do about it. Throws pith::Error naming the file.
Model load_model_or_default(const std::string& path);

}  // namespace pith
