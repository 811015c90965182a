#pragma once
#include <filesystem>

namespace pith {

// Where `pith` finds its model without flags: $PITH_MODEL when set, else
// <folder of the running binary>/../share/pith/default.model, which holds in the build tree
// (bin/ beside share/) and after `cmake --install`.
std::filesystem::path default_model_path();

}  // namespace pith
