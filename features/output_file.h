#pragma once
// Writing an output file so that nothing is lost (issue 18): a file appears whole or not at
// all, never over a device, a folder or one of the run's own inputs, and a location that cannot
// be written is found before the work, not after it.
#include <filesystem>
#include <string_view>
#include <vector>

namespace pith {

// Throws pith::Error naming `path` when it could not be written by write_file_atomically:
// it exists and is not a regular file (a device, a folder, a FIFO), its folder is missing or
// not a folder or not writable, or it is the same file as one of `inputs`.
void check_output_path(const std::filesystem::path& path, const std::vector<std::filesystem::path>& inputs = {});

// Writes `contents` to a temporary file beside `path` (unique to this process and call), then
// renames it over `path`: readers see the old file or the new one, never a mix, and two runs
// writing the same file leave one run's bytes. Refuses what check_output_path refuses (without
// the inputs check). Throws pith::Error with the operating system's reason on failure and
// removes the temporary file.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace pith
