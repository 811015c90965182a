// pith_list_inputs: what the input readers make of some inputs, one line a page or error, and
// the skipped-record counts at the end. For checking WARCs written by other tools
// (scripts/check-warc-interop) and for looking at an input before a batch run.
//
//   pith_list_inputs [--input-format auto|pages|jsonl|warc] INPUT... ('-' reads paths from stdin)
#include <iostream>
#include <string>
#include <vector>

#include "features/error.h"
#include "infer/page_inputs.h"

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  pith::PageInputOptions options;
  try {
    if (arguments.size() >= 2 && arguments[0] == "--input-format") {
      options.format = pith::parse_input_format(arguments[1]);
      arguments.erase(arguments.begin(), arguments.begin() + 2);
    }
  } catch (const pith::Error& error) {
    std::cerr << error.what() << "\n";
    return 2;
  }
  if (arguments.empty()) {
    std::cerr << "usage: pith_list_inputs [--input-format auto|pages|jsonl|warc] INPUT...\n";
    return 2;
  }
  std::uint64_t pages = 0, errors = 0;
  try {
    const auto reader = pith::open_page_inputs(arguments, options);
    pith::PageInput page;
    while (reader->next(page)) {
      ++pages;
      std::cout << page.source << '\t' << page.location << '\t' << page.id << '\t' << page.url << '\t' << page.charset
                << '\t' << (page.kind ? (*page.kind == pith::PageKind::html ? "html" : "text") : "") << '\t'
                << page.bytes.size() << '\t' << page.error << '\n';
      if (!page.error.empty()) ++errors;
    }
    const pith::SkippedRecords& skipped = reader->skipped();
    std::cerr << pages << " pages and errors (" << errors << " errors), " << reader->bytes_read()
              << " bytes read; skipped: " << skipped.not_html << " not HTML, " << skipped.not_200 << " not 200, "
              << skipped.other_record_types << " other record types\n";
  } catch (const pith::Error& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  return errors == 0 ? 0 : 1;
}
