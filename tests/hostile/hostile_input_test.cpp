// Hostile inputs, generated here, each run through the pith binary under a CPU-time and memory
// bound (child_process.h). Every case must end in exit 0, 1 or 2 (never a signal) within its
// bounds; where the issue says what the result must be, that is checked too.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "child_process.h"
#include "features/error.h"
#include "model/model_file.h"
#include "tests/edited_model.h"
#include "tests/test_files.h"

using pith::hostile::Bounds;
using pith::hostile::ChildResult;

namespace {

using pith::test::gzip;

const std::string kBinary = PITH_BINARY;
const std::filesystem::path kSource = PITH_SOURCE_DIR;

std::filesystem::path scratch() {
  static const std::filesystem::path folder = [] {
    const auto path = std::filesystem::temp_directory_path() / ("pith-hostile-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    return path;
  }();
  return folder;
}

std::string write(const std::string& name, const std::string& bytes) {
  const auto path = scratch() / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

std::string repeated(std::string_view unit, std::size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

// Runs pith and checks what every hostile case must hold.
ChildResult bounded(const std::vector<std::string>& arguments, const Bounds& bounds = {},
                    const std::vector<std::string>& environment = {}) {
  const ChildResult result = pith::hostile::run_bounded(kBinary, arguments, bounds, environment);
  std::string command = "pith";
  for (const std::string& argument : arguments) command += " " + argument.substr(0, 200);
  INFO(command);
  INFO("exit " << result.exit_code << ", signal " << result.signal << ", " << result.cpu_seconds << " s CPU, "
               << result.peak_memory_mb << " MB peak; stderr: " << result.err.substr(0, 2000));
  CHECK(result.exited);
  CHECK((result.exit_code == 0 || result.exit_code == 1 || result.exit_code == 2));
  CHECK(result.cpu_seconds <= bounds.cpu_seconds * pith::hostile::cpu_slowdown());
  if (!pith::hostile::under_address_sanitizer()) CHECK(result.peak_memory_mb <= bounds.memory_mb);
  return result;
}

// A page through infer: a result or a one-line error naming the page.
ChildResult infer(const std::string& page, const Bounds& bounds = {}) { return bounded({"infer", page}, bounds); }

}  // namespace

TEST_CASE("the twelve cases of issue 18 end in a result or a clear error", "[hostile]") {
  SECTION("1: absurd counts and NaN weights in a model with a valid checksum") {
    const std::string features = pith::test::default_model_line(kSource, "html.features ");
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {features, "html.features 18446744073709551615"},
             {features, "html.features 1000000000000"},
             {"html.hashing 18 ", "html.hashing 99 "}}) {
      const std::string model = write("edited.model", pith::test::edited_default_model(kSource, from, to));
      for (const std::vector<std::string>& command :
           {std::vector<std::string>{"model", "inspect", model},
            std::vector<std::string>{"infer", "--model", model, (kSource / "examples/pages/allotment-diary.txt").string()}}) {
        const ChildResult result = bounded(command);
        CHECK(result.exit_code == 1);
        CHECK_THAT(result.err, Catch::Contains("edited.model: line"));
      }
    }
  }
  SECTION("2: a page of 100,000 paragraphs") {
    // The million-paragraph page is a case of its own below (issue 18's memory target).
    const ChildResult result = infer(write("many-p.html", repeated("<p>x</p>", 100'000)), {20, 800});
    CHECK(result.exit_code == 0);
  }
  SECTION("4: an output that is a device") {
    const ChildResult result =
        bounded({"train", "-d", "text:" + (kSource / "tests/fixtures/labelled").string(), "--split", "all", "-o", "/dev/null"});
    CHECK(result.exit_code == 1);
  }
  SECTION("6: eval on an empty dataset") {
    std::filesystem::create_directories(scratch() / "empty");
    const ChildResult result = bounded({"eval", "-d", "text:" + (scratch() / "empty").string(), "--split", "all"});
    CHECK(result.exit_code == 1);
  }
  SECTION("7: train into a missing folder") {
    const ChildResult result = bounded({"train", "-d", "text:" + (kSource / "tests/fixtures/labelled").string(),
                                        "--split", "all", "-o", (scratch() / "missing/m.model").string()});
    CHECK(result.exit_code == 1);
  }
  SECTION("8: 5 MB of random bytes, a PNG and a gzip file named .html") {
    std::mt19937 random(5);
    std::string noise(5 << 20, '\0');
    for (char& c : noise) c = static_cast<char>(random() & 0xFF);
    noise[0] = 'x';
    CHECK(infer(write("random.html", noise)).exit_code == 1);
    CHECK(infer(write("png.html", std::string("\x89PNG\r\n\x1A\n", 8) + noise.substr(0, 100000))).exit_code == 1);
    CHECK(infer(write("gzip.html", gzip("<p>hello</p>"))).exit_code == 1);
  }
  SECTION("9: a file name that is not UTF-8") {
    const ChildResult result = infer(write("bad-\xFF\xFE-name.txt", "A paragraph.\n"));
    CHECK(result.exit_code == 0);
  }
  SECTION("10: UTF-16 and NUL .txt pages") {
    std::string le = "\xFF\xFE";
    for (char c : std::string("Some text in UTF-16.\n\nMore text.\n")) {
      le += c;
      le += '\0';
    }
    const ChildResult utf16 = infer(write("utf16.txt", le));
    CHECK(utf16.exit_code == 0);
    CHECK_THAT(utf16.out, Catch::Contains("\"text\":\"More text.\""));
    CHECK(infer(write("nul.txt", std::string(100000, '\0'))).exit_code == 1);
  }
  SECTION("11: --text over two pages") {
    const std::string page = (kSource / "examples/pages/allotment-diary.txt").string();
    CHECK(bounded({"infer", "--text", page, page}).exit_code == 0);
  }
  SECTION("12: a CRLF model and a PITH_MODEL that is missing") {
    std::string crlf;
    for (char c : pith::test::read_file(kSource / "models" / "default.model")) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    CHECK(bounded({"model", "inspect", write("crlf.model", crlf)}).exit_code == 1);
    const ChildResult missing =
        bounded({"infer", (kSource / "examples/pages/allotment-diary.txt").string()}, {}, {"PITH_MODEL=/no/such.model"});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("PITH_MODEL"));
  }
}

TEST_CASE("hostile HTML pages end in a result within their bounds", "[hostile]") {
  struct Page {
    std::string name, bytes;
  };
  const std::vector<Page> pages = {
      {"nested.html", repeated("<div>", 1'000'000)},
      {"nested-inline.html", repeated("<b><i>", 500'000) + "text"},
      {"attribute.html", "<p title=\"" + std::string(10 << 20, 'a') + "\">x</p>"},
      {"unclosed-comment.html", "<p>before</p><!--" + repeated("no end ", 3'000'000)},
      {"unclosed-script.html", "<p>before</p><script>" + repeated("var x = 1;", 2'000'000)},
      {"unclosed-attribute.html", "<p>before</p><a href=\"" + repeated("x", 20'000'000)},
      {"unclosed-tag.html", "<p>before</p><div " + repeated("a=b ", 2'000'000)},
      {"nul.html", std::string("<p>a\0b</p>", 10) + std::string(100, 'x')},
      {"invalid-utf8.html", "<p>" + repeated("\xC3\x28\xA0\xA1\xE2\x28\xA1\xF0\x28\x8C\xBC", 100'000) + "</p>"},
      {"utf16-bom.html", [] {
         std::string s = "\xFF\xFE";
         for (char c : std::string("<p>Hello in UTF-16 with a byte order mark.</p>")) s += {c, '\0'};
         return s;
       }()},
      {"utf16-no-bom.html", [] {
         std::string s;
         for (char c : std::string("<p>Hello in UTF-16 without one.</p>")) s += {c, '\0'};
         return s;
       }()},
      {"unknown-charset.html", "<meta charset=\"x-no-such-charset\"><p>caf\xE9</p>"},
      {"lying-charset.html", "<meta charset=\"utf-8\"><p>caf\xE9 and \x93quotes\x94</p>"},
      {"lying-utf16.html", "<meta charset=\"utf-16\"><p>plain ASCII</p>"},
      {"empty.html", ""},
      {"blank.html", "   \n\n  "},
      {"many-attributes.html", "<div" + repeated(" a=1", 1'000'000) + ">x</div>"},
  };
  for (const Page& page : pages) {
    INFO(page.name);
    infer(write(page.name, page.bytes), {15, 600});
  }
  SECTION("empty and blank text pages") {
    CHECK(infer(write("empty.txt", "")).exit_code == 0);
    CHECK(infer(write("blank.txt", "\n\n \n")).exit_code == 0);
  }
}

TEST_CASE("broken gzip pages are a data error", "[hostile]") {
  const std::string compressed = gzip(repeated("<p>Some text here.</p>", 10'000));
  for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{10}, compressed.size() / 2, compressed.size() - 1}) {
    INFO(size);
    CHECK(infer(write("truncated.html.gz", compressed.substr(0, size))).exit_code == 1);
  }
  std::string corrupt = compressed;
  corrupt[corrupt.size() / 2] ^= 0x55;
  CHECK(infer(write("corrupt.html.gz", corrupt)).exit_code == 1);
  CHECK(infer(write("not-gzip.html.gz", "<p>plain</p>")).exit_code == 1);
}

TEST_CASE("a model truncated at every byte offset is refused, never a crash", "[hostile]") {
  // A small model trained here on the labelled fixture; truncations run in this process (one
  // child per offset would take minutes), a sample of them through the binary too.
  const std::string model_path = (scratch() / "tiny.model").string();
  REQUIRE(bounded({"train", "-d", "text:" + (kSource / "tests/fixtures/labelled").string(), "--split", "all",
                   "--hash-bits", "4", "--hashed-min-pages", "1", "-o", model_path})
              .exit_code == 0);
  const std::string model = pith::test::read_file(model_path);
  REQUIRE_NOTHROW(pith::parse_model(model, "tiny.model"));
  for (std::size_t size = 0; size + 1 < model.size(); ++size) {  // only the final '\n' may go
    try {
      pith::parse_model(std::string_view(model).substr(0, size), "tiny.model");
      FAIL("a model truncated at byte " << size << " was accepted");
    } catch (const pith::Error&) {
    }
  }
  const std::string page = (kSource / "examples/pages/allotment-diary.txt").string();
  for (std::size_t size = 0; size < model.size(); size += model.size() / 20 + 1) {
    const ChildResult result = bounded({"infer", "--model", write("truncated.model", model.substr(0, size)), page});
    CHECK(result.exit_code == 1);
  }
}

TEST_CASE("a 200 MB page ends in a result or a clear error", "[hostile]") {
  // Generated as gzip (about 200 KB on disk); pith inflates it. Mostly one script, so the page's
  // size, not its paragraph count, is what is tested here (many paragraphs: the [.slow] cases).
  const std::string page = gzip("<p>Before the script.</p><script>" + std::string(200u << 20, 'x') + "</script><p>After.</p>", 6);
  const ChildResult result = bounded({"infer", "--text", write("huge-script.html.gz", page)}, {30, 1500});
  CHECK(result.exit_code <= 1);
}

TEST_CASE("a 200 MB page of three million paragraphs ends in a result or a clear error", "[.slow][hostile]") {
  // Today this takes about 9.5 GB (3.2 KB a paragraph): waits for the batch pipeline's
  // --max-page-bytes (default 64 MB) and compact paragraphs (issue 18, item 2).
  const std::string unit = "<div><p>Paragraph text of a very long page, with some words.</p></div>\n";
  const std::string page = gzip(repeated(unit, (200u << 20) / unit.size()), 6);
  bounded({"infer", "--text", write("huge.html.gz", page)}, {60, 1500});
}

TEST_CASE("a page of a million paragraphs stays under 500 MB and 3 s", "[hostile]") {
  // Issue 18's memory target (the first wave took 3.2 GB and 14 s; about 1.2 s and 372 MB now).
  const ChildResult result = infer(write("million-p.html", repeated("<p>x</p>", 1'000'000)), {3, 500});
  CHECK(result.exit_code == 0);
}

TEST_CASE("--output-dir never writes over its own input", "[hostile]") {
  // Issue 18, item 3.
  std::filesystem::create_directories(scratch() / "d");
  const std::string page = (scratch() / "d" / "news-page.txt").string();
  std::ofstream(page) << "A news page.\n\nWith two paragraphs.\n";
  const ChildResult result = bounded({"infer", "--output-dir", (scratch() / "d").string(), page});
  CHECK(result.exit_code == 1);
  CHECK(pith::test::read_file(page) == "A news page.\n\nWith two paragraphs.\n");
}
