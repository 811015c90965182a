#pragma once
// Page files and folders of them: a folder is walked recursively and its page files taken in
// byte order of their paths, so the order does not depend on the file system.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "infer/page_input.h"

namespace pith {

// `.html`, `.htm`, `.xhtml`, `.txt`, each also with `.gz` (case-insensitive).
bool is_page_file_name(const std::filesystem::path& path);

struct FolderEntry {
  std::filesystem::path path;
  std::uint64_t size = 0;
  std::string error;  // non-empty: this file or sub-folder could not be listed
};

// The files under `folder` (recursively, without following links to folders) for which
// `wanted` is true, sorted by the bytes of their paths. A sub-folder that cannot be read is an
// entry with an error in the place of its path. Uses an explicit stack, not recursion.
std::vector<FolderEntry> list_folder(const std::filesystem::path& folder,
                                     const std::function<bool(const std::filesystem::path&)>& wanted);

// Reads one page file into `page` (every field overwritten): `.gz` files are inflated, up to
// limits.max_page_bytes; the kind comes from the name or the first bytes (guess_page_kind).
// A file that cannot be read, or is too large, is a page with an error, not an exception.
// Returns the raw bytes read, for progress.
std::uint64_t read_page_file(const std::filesystem::path& path, const InputLimits& limits, PageInput& page);

}  // namespace pith
