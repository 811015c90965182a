#pragma once
// Reading a page file from disk: gunzip when needed, decide HTML or plain text, segment.
#include <filesystem>
#include <optional>
#include <string>

#include "features/paragraph.h"

namespace pith {

// Whole file as bytes; `.gz` files are decompressed. Throws pith::Error naming the file.
std::string read_file_bytes(const std::filesystem::path& path);

// Whether the file name ends in `.gz` (any case): its bytes are gzip data.
bool is_gzip_file_name(const std::filesystem::path& path);

// What a page file's name says: `.html`, `.htm`, `.xhtml` are HTML, `.txt` plain text, each
// also followed by `.gz` (any case); nothing for other names. The one rule for reading a page
// file and for picking page files out of a folder.
std::optional<PageKind> page_kind_of_file_name(const std::filesystem::path& path);

// page_kind_of_file_name, else HTML when the first non-blank byte is '<', plain text otherwise.
PageKind guess_page_kind(const std::filesystem::path& path, std::string_view bytes);

Document read_page(const std::filesystem::path& path);

}  // namespace pith
