#pragma once
// Where the quality tests find the shared data: the seed page in ../shared, the datasets
// unpacked by the datasets.unpack fixture into PITH_DATASETS.
#include <string>

namespace pith::testing {

inline std::string shared_path(const std::string& relative) { return std::string(PITH_SHARED_DIR) + "/" + relative; }
inline std::string dataset_path(const std::string& name) { return std::string(PITH_DATASETS) + "/" + name; }

}  // namespace pith::testing
