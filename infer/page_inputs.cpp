#include "infer/page_inputs.h"

#include <algorithm>
#include <deque>
#include <iostream>
#include <optional>
#include <system_error>

#include "features/error.h"
#include "infer/page_file_reader.h"
#include "infer/warc_reader.h"

namespace pith {
namespace fs = std::filesystem;
namespace {

bool ends_with_ignoring_case(std::string_view name, std::string_view suffix) {
  if (name.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), name.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : b); });
}

bool is_jsonl_name(const fs::path& path) {
  const std::string name = path.filename().string();
  return ends_with_ignoring_case(name, ".jsonl") || ends_with_ignoring_case(name, ".jsonl.gz");
}

bool is_warc_name(const fs::path& path) {
  const std::string name = path.filename().string();
  return ends_with_ignoring_case(name, ".warc") || ends_with_ignoring_case(name, ".warc.gz");
}

void add(SkippedRecords& total, const SkippedRecords& more) {
  total.not_html += more.not_html;
  total.not_200 += more.not_200;
  total.other_record_types += more.other_record_types;
}

class InputChain : public PageInputReader {
 public:
  InputChain(std::vector<std::string> arguments, PageInputOptions options)
      : arguments_(std::move(arguments)), options_(std::move(options)), listings_(arguments_.size()) {
    for (std::size_t i = 0; i < arguments_.size(); ++i) {
      if (arguments_[i] == "-") {
        total_known_ = false;
        continue;
      }
      std::error_code error;
      const fs::path path = arguments_[i];
      if (fs::is_directory(path, error)) {
        listings_[i] = list_folder(path, [this](const fs::path& file) { return wanted_in_folder(file); });
        for (const FolderEntry& entry : *listings_[i]) total_ += entry.size;
      } else if (const std::uintmax_t size = fs::file_size(path, error); !error) {
        total_ += size;
      }
    }
  }

  bool next(PageInput& page) override {
    for (;;) {
      if (current_) {
        if (current_->next(page)) {
          skipped_ = finished_skipped_;
          add(skipped_, current_->skipped());
          return true;
        }
        finished_bytes_ += current_->bytes_read();
        add(finished_skipped_, current_->skipped());
        skipped_ = finished_skipped_;
        current_.reset();
        continue;
      }
      Item item;
      if (!next_item(item)) return false;
      if (!item.error.empty()) {
        fail(page, item.path.string(), item.error);
        return true;
      }
      if (!item.from_folder) {
        std::error_code error;
        const fs::file_status status = fs::status(item.path, error);
        if (!fs::exists(status)) {
          fail(page, item.path.string(), "no such file or folder");
          return true;
        }
        if (fs::is_directory(status)) {
          std::vector<FolderEntry> listing =
              item.listing ? std::move(*item.listing)
                           : list_folder(item.path, [this](const fs::path& file) { return wanted_in_folder(file); });
          for (auto entry = listing.rbegin(); entry != listing.rend(); ++entry)
            pending_.push_front(Item{std::move(entry->path), std::move(entry->error), true, std::nullopt});
          continue;
        }
      }
      const InputFormat format = format_of(item.path);
      if (format == InputFormat::pages) {
        finished_bytes_ += read_page_file(item.path, options_.limits, page);
        return true;
      }
      try {
        if (format == InputFormat::jsonl)
          current_ = JsonLinesReader::open(item.path.string(), options_.limits, options_.json_fields);
        else
          current_ = WarcReader::open(item.path.string(), options_.limits);
      } catch (const Error& error) {
        fail(page, item.path.string(), error.message());
        return true;
      }
    }
  }

  std::uint64_t total_bytes() const override { return total_known_ ? total_ : 0; }
  std::uint64_t bytes_read() const override { return finished_bytes_ + (current_ ? current_->bytes_read() : 0); }
  const SkippedRecords& skipped() const override { return skipped_; }

 private:
  struct Item {
    fs::path path;
    std::string error;
    bool from_folder = false;  // a listed regular file: no need to look at it again
    std::optional<std::vector<FolderEntry>> listing;
  };

  static void fail(PageInput& page, std::string source, std::string message) {
    page = PageInput{};
    page.source = std::move(source);
    page.error = std::move(message);
  }

  bool wanted_in_folder(const fs::path& file) const {
    switch (options_.format) {
      case InputFormat::jsonl:
        return is_jsonl_name(file);
      case InputFormat::warc:
        return is_warc_name(file);
      default:
        return is_page_file_name(file);
    }
  }

  InputFormat format_of(const fs::path& path) const {
    if (options_.format != InputFormat::automatic) return options_.format;
    if (is_jsonl_name(path)) return InputFormat::jsonl;
    if (is_warc_name(path)) return InputFormat::warc;
    return InputFormat::pages;
  }

  bool next_item(Item& item) {
    for (;;) {
      if (!pending_.empty()) {
        item = std::move(pending_.front());
        pending_.pop_front();
        return true;
      }
      if (list_) {
        std::string line;
        if (std::getline(*list_, line)) {
          ++list_line_;
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line.empty()) continue;
          item = Item{line, "", false, std::nullopt};
          return true;
        }
        if (list_->bad()) throw Error("-", "line " + std::to_string(list_line_ + 1), "cannot read the list of paths");
        list_ = nullptr;
        continue;
      }
      if (next_argument_ == arguments_.size()) return false;
      const std::size_t index = next_argument_++;
      if (arguments_[index] == "-") {
        list_ = options_.path_list ? options_.path_list : &std::cin;
        list_line_ = 0;
        continue;
      }
      item = Item{arguments_[index], "", false, std::move(listings_[index])};
      return true;
    }
  }

  std::vector<std::string> arguments_;
  PageInputOptions options_;
  std::vector<std::optional<std::vector<FolderEntry>>> listings_;
  std::size_t next_argument_ = 0;
  std::deque<Item> pending_;
  std::istream* list_ = nullptr;
  std::uint64_t list_line_ = 0;
  std::unique_ptr<PageInputReader> current_;
  std::uint64_t total_ = 0;
  bool total_known_ = true;
  std::uint64_t finished_bytes_ = 0;
  SkippedRecords finished_skipped_;
  SkippedRecords skipped_;
};

}  // namespace

InputFormat parse_input_format(const std::string& name) {
  if (name == "auto") return InputFormat::automatic;
  if (name == "pages") return InputFormat::pages;
  if (name == "jsonl") return InputFormat::jsonl;
  if (name == "warc") return InputFormat::warc;
  throw Error("", "", "unknown input format '" + name + "' (expected auto, pages, jsonl or warc)");
}

std::unique_ptr<PageInputReader> open_page_inputs(const std::vector<std::string>& arguments,
                                                  const PageInputOptions& options) {
  return std::make_unique<InputChain>(arguments, options);
}

}  // namespace pith
