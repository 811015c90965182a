#pragma once
// Reading a page file from disk: gunzip when needed, decide HTML or plain text, segment.
#include <filesystem>
#include <string>

#include "features/paragraph.h"

namespace pith {

// Whole file as bytes; `.gz` files are decompressed. Throws pith::Error naming the file.
std::string read_file_bytes(const std::filesystem::path& path);

// `.html`, `.htm`, `.xhtml` (optionally `.gz`) are HTML; `.txt` is plain text; anything else
// is HTML when its first non-blank byte is '<', plain text otherwise.
PageKind guess_page_kind(const std::filesystem::path& path, std::string_view bytes);

Document read_page(const std::filesystem::path& path);

}  // namespace pith
