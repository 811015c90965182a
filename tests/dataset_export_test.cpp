// pith dataset export, as a user runs it, for every dataset kind (issue 21): the export reads
// back as the same pages, so `eval --dataset jsonl:` gives the figures `eval` gives on the
// original, and `train` on the export succeeds. Each kind's fixture is a tiny folder in its
// published layout, written by the test.
#include <catch2/catch.hpp>

#include "tests/shell_command.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <zlib.h>

namespace {

namespace fs = std::filesystem;

const std::string kBinary = PITH_BINARY;

using pith::test::Run;

Run run(const std::string& arguments, bool with_stderr = true) {
  const std::string command = kBinary + " " + arguments + (with_stderr ? " 2>&1" : " 2>/dev/null");
  return pith::test::run_shell_command(command);
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

void write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

void write_gzip(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(file);
}

// One news page; `content_open`/`content_close` wrap each article paragraph's text (a
// dataset's annotation markup), `extra` goes into the first paragraph (non-UTF-8 bytes).
struct Article {
  std::string title, first, second;
};

const Article kArticles[] = {
    {"Harbour bridge reopens after repairs",
     "The harbour bridge reopened on Monday morning after eight months of repairs to its steel deck and cables.",
     "Engineers said the work had cost less than expected, and the council thanked drivers for their patience."},
    {"Allotment holders win water fight",
     "Allotment holders in the north of the town will keep their free water supply, the council decided on Tuesday.",
     "The decision follows a petition signed by more than two thousand residents over the summer months."},
};

std::string html_page(const Article& article, const std::string& open = "", const std::string& close = "",
                      const std::string& extra = "") {
  return "<html><head><title>" + article.title + "</title></head><body>\n"
         "<ul class=\"nav\"><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>"
         "<li><a href=\"/sport\">Sport</a></li></ul>\n"
         "<div class=\"article\"><h1>" + open + article.title + close + "</h1>\n"
         "<p>" + open + article.first + extra + close + "</p>\n"
         "<p>" + open + article.second + close + "</p></div>\n"
         "<div class=\"share\"><a href=\"#\">Share</a> <a href=\"#\">Tweet</a> <a href=\"#\">Email</a></div>\n"
         "<div class=\"footer\"><p>Copyright 2024 The Daily Example. All rights reserved.</p></div>\n"
         "</body></html>\n";
}

std::string gold_text(const Article& article, const std::string& extra = "") {
  return article.title + "\n\n" + article.first + extra + "\n\n" + article.second;
}

const std::string kSplits = "p0\ttrain\np1\ttest\n";

// Writes the dataset of `kind` into `folder`.
void write_dataset(const std::string& kind, const fs::path& folder) {
  fs::remove_all(folder);
  fs::create_directories(folder);
  if (kind != "text") write(folder / "splits.tsv", kSplits);
  for (int i = 0; i < 2; ++i) {
    const Article& article = kArticles[i];
    const std::string id = "p" + std::to_string(i);
    if (kind == "l3s-gn1") {
      write(folder / "original" / (id + ".html"), html_page(article));
      write(folder / "annotated" / (id + ".html"), html_page(article, "<span class=\"x-nc-sel2\">", "</span>"));
    } else if (kind == "cleaneval" || kind == "cleanportaleval") {
      // the crawler's wrapper line, and (page p1) windows-1252 bytes, which export as base64
      const std::string extra = i == 1 ? " Caf\xe9 owners agreed." : "";
      const std::string page = "<text id=\"http://example.com/" + id + "\" title=\"" + article.title +
                               "\" encoding=\"windows-1252\">\n" + html_page(article, "", "", extra) + "</text>\n";
      const bool portal = kind == "cleanportaleval";
      write(folder / (portal ? "input" : "orig") / (id + ".html"), page);
      write(folder / (portal ? "GoldStandard" : "gold") / (id + ".txt"),
            "URL: http://example.com/" + id + "\n<h>" + article.title + "\n<p>" + article.first + extra + "\n<p>" +
                article.second + "\n");
    } else if (kind == "dragnet") {
      write(folder / "HTML" / (id + ".html"), html_page(article));
      write(folder / "Corrected" / (id + ".html.corrected.txt"),
            gold_text(article) + "\n!@#$%^&*()  COMMENTS\nGreat story!\n");
    } else if (kind == "wcxb") {
      write_gzip(folder / "dev" / "html" / (id + ".html.gz"), html_page(article));
      write(folder / "dev" / "ground-truth" / (id + ".json"),
            "{\"ground_truth\":{\"main_content\":\"" + article.title + "\\n\\n" + article.first + "\\n\\n" +
                article.second + "\"}}");
    } else if (kind == "readability") {
      write(folder / "test-pages" / id / "source.html", html_page(article));
      write(folder / "test-pages" / id / "expected.html",
            "<div><h1>" + article.title + "</h1><p>" + article.first + "</p><p>" + article.second + "</p></div>");
    } else if (kind == "google-trends-2017") {
      if (i == 0) write(folder / "raw-to-prepared.tsv", "# raw page of each prepared page\nprepared_id\traw_file\tjaccard\n");
      std::ofstream(folder / "raw-to-prepared.tsv", std::ios::app) << id << "\traw_html/" << id << ".html\t1.0\n";
      write(folder / "raw_html" / (id + ".html"), html_page(article, "<span __label=\"main\">", "</span>"));
    } else if (kind == "text") {
      write(folder / (id + ".txt"), "Home | News | Sport\n\n" + gold_text(article) + "\n\nShare Tweet Email\n");
      write(folder / (id + ".labels.tsv"), "0\tboilerplate\n1\tcontent\n2\tcontent\n3\tcontent\n4\tboilerplate\n");
    } else {
      FAIL("no fixture for " << kind);
    }
  }
}

// The figures of `eval --markdown` without the dataset's name: "| test | 1 | 9 | 1.0000 | ...".
std::string eval_figures(const std::string& dataset, const std::string& split) {
  const Run result = run("eval --markdown --split " + split + " -d " + dataset, false);
  REQUIRE(result.exit_code == 0);
  const std::size_t row = result.output.find("\n| ", result.output.find("|---"));
  REQUIRE(row != std::string::npos);
  const std::string line = result.output.substr(row + 1, result.output.find('\n', row + 1) - row - 1);
  return line.substr(line.find(" | "));
}

}  // namespace

TEST_CASE("every dataset kind exports whole: eval on the export equals eval on the original, and train succeeds") {
  const fs::path scratch = fs::temp_directory_path() / "pith-dataset-export-test";
  for (const std::string kind : {"l3s-gn1", "cleaneval", "cleanportaleval", "dragnet", "wcxb", "readability",
                                 "google-trends-2017", "text"}) {
    SECTION(kind) {
      const fs::path folder = scratch / kind;
      write_dataset(kind, folder);
      const fs::path exported = scratch / (kind + ".jsonl");
      fs::remove(exported);
      const Run exporting = run("dataset export " + kind + ":" + folder.string() + " -o " + exported.string());
      INFO(exporting.output);
      REQUIRE(exporting.exit_code == 0);
      const std::string records = read(exported);
      // both pages, each with its page and both classes of label
      CHECK(std::count(records.begin(), records.end(), '\n') == 2);
      CHECK(records.find("\"page\":\"\"") == std::string::npos);
      CHECK(records.find("\"label\":\"content\"") != std::string::npos);
      CHECK(records.find("\"label\":\"boilerplate\"") != std::string::npos);
      if (kind == "cleaneval" || kind == "cleanportaleval") {
        CHECK(records.find("<text id=") == std::string::npos);  // the wrapper is not part of the page
        CHECK(records.find("\"page_base64\":") != std::string::npos);
      }
      const std::string original = kind + ":" + folder.string(), copy = "jsonl:" + exported.string();
      for (const char* split : {"test", "all"}) {
        INFO("split " << split);
        CHECK(eval_figures(copy, split) == eval_figures(original, split));
      }
      const fs::path model = scratch / (kind + ".model");
      fs::remove(model);
      const Run training = run("train -d " + copy + " --split all -o " + model.string());
      INFO(training.output);
      CHECK(training.exit_code == 0);
      CHECK(fs::exists(model));
    }
  }
}

TEST_CASE("an export with an empty page refuses that page by name, writes the others and exits 1") {
  const fs::path folder = fs::temp_directory_path() / "pith-dataset-export-test" / "empty-page";
  write_dataset("dragnet", folder);
  write(folder / "HTML" / "p1.html", "");
  const fs::path exported = folder / "out.jsonl";
  const Run result = run("dataset export dragnet:" + folder.string() + " -o " + exported.string());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("p1.html: page 'p1': the page is empty") &&
                                Catch::Contains("1 of 2 pages not exported"));
  const std::string records = read(exported);
  CHECK(std::count(records.begin(), records.end(), '\n') == 1);
  CHECK_THAT(records, Catch::StartsWith("{\"id\":\"p0\""));
}
