// Issue 18: the pith binary on hostile and broken input, as a user (or a batch job) meets it.
// Each case is one item of the issue; each gives a result or a clear error, never a crash.
#include <catch2/catch.hpp>

#include "tests/shell_command.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "model/model_file.h"
#include "tests/edited_model.h"
#include "tests/test_files.h"

namespace {

const std::filesystem::path kSource = PITH_SOURCE_DIR;
const std::string kBinary = PITH_BINARY;

using pith::test::Run;

// `prefix` runs in the shell before the binary (environment, ulimit).
Run run(const std::string& arguments, const std::string& prefix = "") {
  const std::string command = prefix + " " + kBinary + " " + arguments + " 2>&1";
  return pith::test::run_shell_command(command);
}

std::filesystem::path scratch(const std::string& name) {
  const auto folder = std::filesystem::temp_directory_path() / "pith-reliability-test" / name;
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string example(const std::string& name) { return (kSource / "examples" / "pages" / name).string(); }
const std::string kLabelled = (kSource / "tests" / "fixtures" / "labelled").string();


}  // namespace

// The line of the default model that starts with `prefix` (without its '\n').
std::string default_model_line(const std::string& prefix) { return pith::test::default_model_line(kSource, prefix); }

TEST_CASE("item 1: a model with a valid checksum and absurd counts or NaN weights is refused, exit 1") {
  const auto folder = scratch("model");
  const std::string page = example("allotment-diary.txt");
  const std::string features = default_model_line("html.features ");
  const std::string threshold = default_model_line("html.threshold ");
  const std::string weights = default_model_line("weights html ");
  const std::string bias = [&] {  // the line after the weights header
    const std::string text = pith::test::read_file(kSource / "models" / "default.model");
    const std::size_t at = text.find("\n" + weights + "\n") + weights.size() + 2;
    return text.substr(at, text.find('\n', at) - at);
  }();
  struct Case {
    std::string model, message;
  };
  for (const Case& c :
       {Case{pith::test::edited_default_model(kSource, features, "html.features 18446744073709551615"), "lines left"},
        Case{pith::test::edited_default_model(kSource, features, "html.features 1000000000000"), "lines left"},
        Case{pith::test::edited_default_model(kSource, threshold, "html.threshold 7"), "threshold must be a probability"},
        Case{pith::test::edited_default_model(kSource, weights + "\n" + bias + "\n", weights + "\nnan\n"), "finite number"}}) {
    INFO(c.message);
    const auto model = folder / "edited.model";
    write(model, c.model);
    for (const std::string& command : {"model inspect " + model.string(), "infer --model " + model.string() + " " + page}) {
      const Run result = run(command);
      CHECK(result.exit_code == 1);
      CHECK_THAT(result.output, Catch::Contains("edited.model: line ") && Catch::Contains(c.message));
      CHECK_THAT(result.output, !Catch::Contains(":nan") && !Catch::Contains("internal error"));
    }
  }
}

TEST_CASE("item 4: outputs that are not regular files are refused, before training") {
  const auto folder = scratch("devices");
  const Run to_device = run("train -d text:" + kLabelled + " --split all -o /dev/null");
  CHECK(to_device.exit_code == 1);
  CHECK_THAT(to_device.output, Catch::Contains("/dev/null") && Catch::Contains("not a regular file"));
  struct stat status {};
  REQUIRE(::stat("/dev/null", &status) == 0);
  CHECK(S_ISCHR(status.st_mode));
  const Run to_folder = run("train -d text:" + kLabelled + " --split all -o " + folder.string());
  CHECK(to_folder.exit_code == 1);
  CHECK_THAT(to_folder.output, Catch::Contains("not a regular file"));
  CHECK(std::filesystem::is_directory(folder));
}

TEST_CASE("item 5: --output-dir files appear whole: no temporary files left, a rerun replaces them") {
  const auto folder = scratch("output-dir");
  const std::string page = example("harbour-bridge-reopens.html");
  REQUIRE(run("infer --output-dir " + folder.string() + " " + page).exit_code == 0);
  const std::string first = pith::test::read_file(folder / "harbour-bridge-reopens.txt");
  write(folder / "harbour-bridge-reopens.txt", std::string(100000, 'x'));  // longer than the real text
  REQUIRE(run("infer --output-dir " + folder.string() + " " + page).exit_code == 0);
  CHECK(pith::test::read_file(folder / "harbour-bridge-reopens.txt") == first);  // replaced, not overwritten in place
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder)) ++files;
  CHECK(files == 1);
}

TEST_CASE("item 6: eval on a dataset with no pages exits 1 and says so") {
  const auto folder = scratch("empty-eval");
  const Run result = run("eval -d text:" + folder.string() + " --split all");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains(folder.string()) && Catch::Contains("no labelled pages"));
  CHECK_THAT(result.output, !Catch::Contains("1.0000"));
}

TEST_CASE("item 7: train checks the output location before training") {
  const auto folder = scratch("missing-output");
  const Run result = run("train -d text:" + kLabelled + " --split all -o " + (folder / "missing" / "m.model").string());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("does not exist") && !Catch::Contains("threshold"));
}

TEST_CASE("item 8: binary files named as pages are a data error of that page, the others are labelled") {
  const auto folder = scratch("binary");
  std::mt19937 random(8);
  std::string noise(1 << 20, '\0');
  for (char& c : noise) c = static_cast<char>(random() & 0xFF);
  noise[0] = 'r';
  write(folder / "random.html", noise);
  write(folder / "image.html", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + noise.substr(0, 1000));
  write(folder / "packed.html", std::string("\x1F\x8B\x08\0\0\0\0\0\0\x03", 10) + noise.substr(0, 1000));
  write(folder / "nul.txt", std::string(5000, '\0'));
  const Run result = run("infer " + (folder / "random.html").string() + " " + (folder / "image.html").string() + " " +
                         (folder / "packed.html").string() + " " + (folder / "nul.txt").string() + " " +
                         example("allotment-diary.txt"));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("random.html: binary data, not a page") &&
                                Catch::Contains("image.html: binary data, not a page: a PNG image") &&
                                Catch::Contains("packed.html: binary data, not a page: gzip data") &&
                                Catch::Contains("nul.txt: binary data") && Catch::Contains("4 of 5 pages failed"));
  CHECK_THAT(result.output, Catch::Contains("allotment-diary.txt\",\"index\":0") && !Catch::Contains("random.html\","));
}

TEST_CASE("item 10: UTF-16 .txt pages are decoded, with and without a byte order mark") {
  const auto folder = scratch("utf16");
  const std::string text = "Paragraph one about gardens.\n\nParagraph two about bridges.\n";
  std::string le = "\xFF\xFE", be_no_bom;
  for (char c : text) {
    le += c;
    le += '\0';
    be_no_bom += '\0';
    be_no_bom += c;
  }
  write(folder / "le.txt", le);
  write(folder / "be.txt", be_no_bom);
  for (const char* name : {"le.txt", "be.txt"}) {
    const Run result = run("infer " + (folder / name).string());
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("\"text\":\"Paragraph one about gardens.\"") &&
                                  Catch::Contains("\"text\":\"Paragraph two about bridges.\""));
  }
}

TEST_CASE("item 12: messages name the real cause") {
  const auto folder = scratch("messages");
  SECTION("a CRLF model") {
    std::string crlf;
    for (char c : pith::test::read_file(kSource / "models" / "default.model")) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    write(folder / "crlf.model", crlf);
    const Run result = run("model inspect " + (folder / "crlf.model").string());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::Contains("crlf.model: line 1") && Catch::Contains("CRLF"));
  }
  SECTION("PITH_MODEL naming a missing file") {
    const Run result = run("infer " + example("allotment-diary.txt"), "PITH_MODEL=/no/such.model");
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::Contains("/no/such.model") && Catch::Contains("PITH_MODEL") &&
                                  !Catch::Contains("reinstall"));
  }
  SECTION("an empty training folder is named") {
    const Run result = run("train -d text:" + folder.string() + " --split all -o " + (folder / "m.model").string());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::Contains(folder.string()) && !Catch::Contains("<input>"));
  }
  SECTION("write failures give the operating system's reason") {
    // A file size limit makes every write past 1 KB fail with EFBIG ("File too large").
    const std::string limit = "ulimit -f 1; trap '' XFSZ;";
    const Run report = run("eval -d text:" + kLabelled + " --split all --report " + (folder / "report").string(), limit);
    CHECK(report.exit_code == 1);
    CHECK_THAT(report.output, Catch::Contains("File too large"));
    const Run exported = run("dataset export text:" + kLabelled + " -o " + (folder / "x.jsonl").string(), limit);
    CHECK(exported.exit_code == 1);
    CHECK_THAT(exported.output, Catch::Contains("File too large"));
    const Run model = run("train -d text:" + kLabelled + " --split all -o " + (folder / "m.model").string(), limit);
    CHECK(model.exit_code == 1);
    CHECK_THAT(model.output, Catch::Contains("File too large"));
  }
}
