#include "infer/page_file_reader.h"

#include <algorithm>
#include <system_error>

#include "features/error.h"
#include "features/page_limits.h"
#include "features/page_reader.h"
#include "infer/byte_source.h"
#include "infer/gzip_stream.h"

namespace pith {
namespace fs = std::filesystem;
bool is_page_file_name(const fs::path& path) { return page_kind_of_file_name(path).has_value(); }

std::vector<FolderEntry> list_folder(const fs::path& folder, const std::function<bool(const fs::path&)>& wanted) {
  std::vector<FolderEntry> entries;
  std::vector<fs::path> folders{folder};
  while (!folders.empty()) {
    const fs::path current = std::move(folders.back());
    folders.pop_back();
    std::error_code error;
    fs::directory_iterator it(current, error);
    const auto report = [&](const std::error_code& code) {
      entries.push_back({current, 0, "cannot read folder: " + code.message()});
    };
    if (error) {
      report(error);
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(error)) {
      if (error) break;
      const fs::directory_entry& entry = *it;
      std::error_code status_error;
      // Links to folders are not followed (they can make loops); links to files are read.
      if (entry.is_symlink(status_error)) {
        if (entry.is_regular_file(status_error) && wanted(entry.path()))
          entries.push_back({entry.path(), entry.file_size(status_error), ""});
        continue;
      }
      if (entry.is_directory(status_error)) folders.push_back(entry.path());
      else if (entry.is_regular_file(status_error) && wanted(entry.path()))
        entries.push_back({entry.path(), entry.file_size(status_error), ""});
    }
    if (error) report(error);
  }
  std::sort(entries.begin(), entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.path.native() < b.path.native(); });
  return entries;
}

std::uint64_t read_page_file(const fs::path& path, const InputLimits& limits, PageInput& page) {
  page.clear();
  page.source = path.string();
  std::unique_ptr<ByteSource> source;
  try {
    source = open_file_source(path);
  } catch (const Error& error) {
    page.error = error.message();
    return 0;
  }
  const bool gzipped = is_gzip_file_name(path);
  if (!gzipped && source->size() > limits.max_page_bytes) {
    page.error = page_over_byte_limit(source->size(), limits.max_page_bytes);
    return 0;
  }
  if (gzipped && source->size() == 0) {
    page.error = "empty file: not gzip data";  // a gzip file holds at least its header
    return 0;
  }
  ByteSource* raw = source.get();
  if (gzipped) source = std::make_unique<GzipSource>(std::move(source));
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  for (;;) {
    const std::size_t old_size = page.bytes.size();
    page.bytes.resize(old_size + kChunk);
    const std::size_t n = source->read(page.bytes.data() + old_size, kChunk);
    page.bytes.resize(old_size + n);
    if (page.bytes.size() > limits.max_page_bytes) {
      page.error = page_over_byte_limit(gzipped ? 0 : page.bytes.size(), limits.max_page_bytes);
      break;
    }
    if (n == 0) {
      page.error = source->take_error();
      break;
    }
  }
  const std::uint64_t consumed = raw->bytes_consumed();
  if (!page.error.empty()) {
    page.bytes.clear();
    return consumed;
  }
  page.kind = guess_page_kind(path, page.bytes);
  return consumed;
}

}  // namespace pith
