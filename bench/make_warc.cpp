// pith_make_warc: builds a gzipped WARC (one gzip member per record, as Common Crawl writes)
// from page files, for the WARC benchmarks: the benchmark input is made from the shared test
// pages on the machine that measures, never committed.
//
//   pith_make_warc [--repeat N] OUT.warc.gz PAGE... ('-' reads the page paths from stdin)
//
// .txt pages are served as text/plain (the readers skip them as not HTML), the rest as
// text/html. --repeat writes the pages N times over (for inputs of 1 GB from 168 MB of pages).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "features/error.h"
#include "features/page_reader.h"
#include "infer/warc_writer.h"

int main(int argc, char** argv) {
  std::vector<std::string> arguments(argv + 1, argv + argc);
  long repeat = 1;
  if (arguments.size() >= 2 && arguments[0] == "--repeat") {
    repeat = std::stol(arguments[1]);
    arguments.erase(arguments.begin(), arguments.begin() + 2);
  }
  if (arguments.size() < 2 || repeat < 1) {
    std::cerr << "usage: pith_make_warc [--repeat N] OUT.warc.gz PAGE... ('-' reads paths from stdin)\n";
    return 2;
  }
  std::vector<std::string> pages;
  for (std::size_t i = 1; i < arguments.size(); ++i) {
    if (arguments[i] != "-") {
      pages.push_back(arguments[i]);
      continue;
    }
    for (std::string line; std::getline(std::cin, line);)
      if (!line.empty()) pages.push_back(line);
  }
  std::ofstream out(arguments[0], std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << arguments[0] << ": cannot open for writing\n";
    return 1;
  }
  const auto write = [&](const std::string& bytes) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); };
  try {
    write(pith::gzip_member(pith::warc_record("warcinfo", "", pith::numbered_record_id(0), "application/warc-fields",
                                              "software: pith_make_warc\r\nformat: WARC File Format 1.1\r\n")));
    std::uint64_t number = 0, html_bytes = 0;
    for (long round = 0; round < repeat; ++round) {
      for (const std::string& path : pages) {
        const std::string body = pith::read_file_bytes(path);
        const bool text = pith::guess_page_kind(path, body) == pith::PageKind::text && path.find(".txt") != std::string::npos;
        ++number;
        if (!text) html_bytes += body.size();
        const std::string uri = "http://pages.example/" + std::to_string(number) + "/" + std::filesystem::path(path).filename().string();
        write(pith::gzip_member(pith::warc_response_record(uri, pith::numbered_record_id(number),
                                                           text ? "text/plain; charset=utf-8" : "text/html", body)));
      }
    }
    out.close();
    if (!out) {
      std::cerr << arguments[0] << ": write failed\n";
      return 1;
    }
    std::cerr << "pith_make_warc: " << number << " records, " << html_bytes << " bytes of HTML\n";
  } catch (const pith::Error& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  return 0;
}
