// The pith binary as a user runs it: exit codes, messages and outputs.
#include <catch2/catch.hpp>

#include "tests/shell_command.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <zlib.h>

namespace {

const std::filesystem::path kSource = PITH_SOURCE_DIR;
const std::string kBinary = PITH_BINARY;

using pith::test::Run;

Run run(const std::string& arguments, bool with_stderr = true) {
  const std::string command = kBinary + " " + arguments + (with_stderr ? " 2>&1" : " 2>/dev/null");
  return pith::test::run_shell_command(command);
}

std::string example(const std::string& name) { return (kSource / "examples" / "pages" / name).string(); }

std::filesystem::path scratch_folder() {
  const auto folder = std::filesystem::temp_directory_path() / "pith-cli-test";
  std::filesystem::create_directories(folder);
  return folder;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("help and version") {
  const Run version = run("--version");
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.output, Catch::StartsWith("pith "));
  const Run help = run("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Catch::Contains("infer") && Catch::Contains("train") && Catch::Contains("eval"));
  for (const char* command : {"infer", "train", "eval"}) {
    const Run command_help = run(std::string(command) + " --help");
    CHECK(command_help.exit_code == 0);
    CHECK_THAT(command_help.output, Catch::Contains("Usage"));
  }
}

TEST_CASE("usage errors exit 2 and point to --help") {
  for (const char* arguments : {"", "frobnicate", "infer", "infer --no-such-flag x.html", "train -o x.model",
                                "train -d nope:/x -o x.model", "infer --text --output-dir d x.html",
                                "eval -d l3s-gn1:/x --cost 0.5", "eval -d l3s-gn1:/x --families shape"}) {
    INFO("pith " << arguments);
    const Run result = run(arguments);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("--help"));
  }
}

TEST_CASE("infer labels the example pages with the default model, one JSON line per paragraph") {
  const Run result = run("infer " + example("harbour-bridge-reopens.html") + " " + example("allotment-diary.txt"), false);
  REQUIRE(result.exit_code == 0);
  CHECK(count_lines(result.output) > 20);
  CHECK_THAT(result.output, Catch::Contains("\"page\":") && Catch::Contains("\"index\":0,") &&
                                Catch::Contains("\"label\":\"content\"") && Catch::Contains("\"label\":\"boilerplate\"") &&
                                Catch::Contains("\"p_content\":") && Catch::Contains("\"text\":"));
  CHECK_THAT(result.output, Catch::Contains("allotment-diary.txt"));
}

TEST_CASE("infer --text prints the main text: the article without its boilerplate") {
  const Run result = run("infer --text " + example("harbour-bridge-reopens.html"), false);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("The old harbour bridge reopened to traffic on Friday morning"));
  CHECK_THAT(result.output, Catch::Contains("Traffic engineers expect about 21,000 vehicles"));
  CHECK_THAT(result.output, !Catch::Contains("All rights reserved") && !Catch::Contains("Privacy"));
}

TEST_CASE("infer --output-dir writes one main-text file per page, named by its stem") {
  const auto folder = scratch_folder() / "out";
  std::filesystem::remove_all(folder);
  // a gzipped copy of the HTML example must read the same as the original
  const auto gz = scratch_folder() / "bridge-gz.html.gz";
  {
    const std::string html = read(example("harbour-bridge-reopens.html"));
    gzFile out = gzopen(gz.string().c_str(), "wb");
    REQUIRE(out != nullptr);
    gzwrite(out, html.data(), static_cast<unsigned>(html.size()));
    gzclose(out);
  }
  const Run result = run("infer --output-dir " + folder.string() + " " + example("harbour-bridge-reopens.html") + " " +
                         example("allotment-diary.txt") + " " + gz.string());
  REQUIRE(result.exit_code == 0);
  const std::string bridge = read(folder / "harbour-bridge-reopens.txt");
  CHECK_THAT(bridge, Catch::Contains("The repairs cost €48 million"));
  CHECK(read(folder / "bridge-gz.txt") == bridge);
  CHECK_THAT(read(folder / "allotment-diary.txt"), Catch::Contains("Splitting happens when a fruit takes up water"));
}

TEST_CASE("a bad page is reported by name, the others are still labelled, exit 1") {
  const Run result = run("infer " + example("allotment-diary.txt") + " /no/such/page.html");
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("/no/such/page.html") && Catch::Contains("1 of 2 pages failed"));
  CHECK_THAT(result.output, Catch::Contains("allotment-diary.txt\",\"index\":0"));
}

TEST_CASE("a corrupt model is refused with exit 1 and its name") {
  const auto model = scratch_folder() / "corrupt.model";
  std::ofstream(model) << "pith-model 1\ncreated-with nothing\nchecksum 0000000000000000\n";
  const Run result = run("infer --model " + model.string() + " " + example("allotment-diary.txt"));
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("corrupt.model") && Catch::Contains("checksum mismatch"));
}

TEST_CASE("train on hand-labelled text pages, then infer with that model") {
  const auto model = scratch_folder() / "tiny.model";
  std::filesystem::remove(model);
  const Run trained = run("train -d text:" + (kSource / "tests" / "fixtures" / "labelled").string() + " --split all -o " +
                          model.string());
  REQUIRE(trained.exit_code == 0);
  REQUIRE(std::filesystem::exists(model));
  CHECK_THAT(read(model), Catch::StartsWith("pith-model 2\n") && Catch::Contains("head text"));
  const Run inferred = run("infer --model " + model.string() + " " + example("allotment-diary.txt"), false);
  CHECK(inferred.exit_code == 0);
  CHECK(count_lines(inferred.output) > 5);

  SECTION("with hashed features: the model names them, inspect and --explain show them") {
    const auto hashed = scratch_folder() / "tiny-hashed.model";
    REQUIRE(run("train -d text:" + (kSource / "tests" / "fixtures" / "labelled").string() +
                " --split all --hash-bits 10 --hashed-min-pages 1 -o " + hashed.string())
                .exit_code == 0);
    const std::string text = read(hashed);
    CHECK_THAT(text, Catch::Contains("text.hashing 10 ") && Catch::Contains("sparse-weights text ") &&
                         Catch::Contains("sparse-names text ") && Catch::Contains(" word:"));
    const Run inspect = run("model inspect " + hashed.string(), false);
    CHECK_THAT(inspect.output, Catch::Contains("text hashed features: 2^10 columns") && Catch::Contains("  first:"));
    const Run explained = run("infer --explain --explain-top 1000 --model " + hashed.string() + " " +
                              example("allotment-diary.txt"), false);
    REQUIRE(explained.exit_code == 0);
    CHECK(count_lines(explained.output) == count_lines(run("infer --model " + hashed.string() + " " +
                                                           example("allotment-diary.txt"), false).output));
    CHECK_THAT(explained.output, Catch::Contains(",\"explain\":{\"paragraph\":[[\"") && Catch::Contains("\"stacking\":[") &&
                                     Catch::Contains("[\"first:"));
    CHECK(run("infer --explain --text " + example("allotment-diary.txt")).exit_code == 2);

    // --families: the other families' columns get weight 0 (the ablation's switch)
    const auto ablated = scratch_folder() / "tiny-boilerpipe.model";
    REQUIRE(run("train -d text:" + (kSource / "tests" / "fixtures" / "labelled").string() +
                " --split all --hash-bits 0 --families boilerpipe -o " + ablated.string())
                .exit_code == 0);
    const Run weights = run("model inspect -n 200 " + ablated.string(), false);
    CHECK_THAT(weights.output, Catch::Contains("families         boilerpipe") && Catch::Contains("+0.0000  few_words") &&
                                   !Catch::Contains("hashed features"));
    CHECK(run("train -d text:x --families nonsense -o y").exit_code == 2);

    // --text-dataset: the text head learns from these pages alone, and the model says so
    const auto own_text = scratch_folder() / "tiny-text-head.model";
    const Run text_head = run("train -d l3s-gn1:/no/such/folder --text-dataset text:" +
                              (kSource / "tests" / "fixtures" / "labelled").string() + " --split all -o " +
                              own_text.string());
    CHECK(text_head.exit_code == 1);  // the --dataset pages are still read, and a missing folder named
    CHECK_THAT(text_head.output, Catch::Contains("/no/such/folder"));
    REQUIRE(run("train -d text:" + (kSource / "tests" / "fixtures" / "labelled").string() + " --text-dataset text:" +
                (kSource / "tests" / "fixtures" / "labelled").string() + " --split all -o " + own_text.string())
                .exit_code == 0);
    CHECK_THAT(read(own_text), Catch::Contains("\ntext-head-training-data text:all\n"));
    CHECK(run("train -d text:x --hash-bits 27 -o y").exit_code == 2);
  }

  SECTION("--l1 fits the hashed columns by OWL-QN and records it in the model") {
    const auto sparse = scratch_folder() / "tiny-l1.model";
    REQUIRE(run("train -d text:" + (kSource / "tests" / "fixtures" / "labelled").string() +
                " --split all --hash-bits 10 --hashed-min-pages 1 --l1 0.5 -o " + sparse.string())
                .exit_code == 0);
    CHECK_THAT(read(sparse), Catch::Contains("solver owlqn l1=0.5 "));
    CHECK(run("infer --model " + sparse.string() + " " + example("allotment-diary.txt"), false).exit_code == 0);
    CHECK(run("train -d text:x --l1 -1 -o y").exit_code == 2);
  }
}

TEST_CASE("a labelled page with a bad label fails training with exit 1, naming the file and line") {
  const auto folder = scratch_folder() / "bad-labels";
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "p.txt") << "One.\n\nTwo.\n";
  std::ofstream(folder / "p.labels.tsv") << "0\tcontent\n1\tboring\n";
  const Run result = run("train -d text:" + folder.string() + " --split all -o " + (folder / "m.model").string());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("p.labels.tsv: line 2"));
  CHECK_FALSE(std::filesystem::exists(folder / "m.model"));
}

TEST_CASE("dataset stats and export, and the export read back as a dataset") {
  const std::string labelled = (kSource / "tests" / "fixtures" / "labelled").string();
  const Run stats = run("dataset stats text:" + labelled, false);
  REQUIRE(stats.exit_code == 0);
  CHECK_THAT(stats.output, Catch::Contains("pages            1") && Catch::Contains("paragraphs       4") &&
                               Catch::Contains("content share    0.5000"));
  const auto exported = scratch_folder() / "tiny.jsonl";
  std::filesystem::remove(exported);
  REQUIRE(run("dataset export text:" + labelled + " -o " + exported.string()).exit_code == 0);
  CHECK_THAT(read(exported), Catch::StartsWith("{\"id\":\"tiny\"") && Catch::Contains("\"label\":\"content\""));
  const Run again = run("dataset stats jsonl:" + exported.string(), false);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("paragraphs       4") && Catch::Contains("content share    0.5000"));
  CHECK(run("dataset stats").exit_code == 2);
  CHECK(run("dataset stats jsonl:/no/such.jsonl").exit_code == 1);
}

TEST_CASE("eval --markdown prints the figures as a Markdown table") {
  const Run result = run("eval --markdown -d text:" + (kSource / "tests" / "fixtures" / "labelled").string() + " --split all", false);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::StartsWith("| dataset | split | pages | paragraphs | prec | recall | F1 |") &&
                                Catch::Contains("\n|---|---|---:|") && Catch::Contains("\n| text | all | 1 | 4 | "));
}

TEST_CASE("model inspect prints the header and the weights by feature name") {
  const Run result = run("model inspect -n 3", false);
  REQUIRE(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("created-with") && Catch::Contains("head html:") &&
                                Catch::Contains("head text:") && Catch::Contains("largest positive weights"));
  CHECK(run("model inspect /no/such.model").exit_code == 1);
}

TEST_CASE("features prints each paragraph with its dense feature values by name, as JSON lines or TSV") {
  const std::string html = example("harbour-bridge-reopens.html");
  const Run infer = run("infer " + html, false);
  const Run json = run("features " + html, false);
  REQUIRE(json.exit_code == 0);
  // One line per paragraph, as infer prints.
  CHECK(count_lines(json.output) == count_lines(infer.output));
  CHECK_THAT(json.output, Catch::StartsWith("{\"page\":\"" + html + "\",\"index\":0,\"text\":"));
  CHECK_THAT(json.output, Catch::Contains(",\"features\":{\"log_words\":") && Catch::Contains("\"link_density\":") &&
                              Catch::Contains("\"next1.link_density\":") && Catch::Contains("\"in_noscript\":0"));
  CHECK_THAT(json.output, Catch::Contains("},\"hashed\":[\"class:") && Catch::Contains("\"path:") &&
                              Catch::Contains("\"first:"));
  CHECK_THAT(json.output, Catch::EndsWith("]}\n"));

  const Run tsv = run("features --tsv " + html + " " + example("allotment-diary.txt"), false);
  REQUIRE(tsv.exit_code == 0);
  CHECK_THAT(tsv.output, Catch::StartsWith("page\tindex\ttext\tlog_words\t"));
  const std::string header = tsv.output.substr(0, tsv.output.find('\n'));
  const std::string first_row = tsv.output.substr(header.size() + 1, tsv.output.find('\n', header.size() + 1) - header.size() - 1);
  CHECK(std::count(header.begin(), header.end(), '\t') == std::count(first_row.begin(), first_row.end(), '\t'));
  // Plain-text pages have fewer columns: their own header row.
  CHECK(count_lines(tsv.output) == count_lines(json.output) + 1 + count_lines(run("features " + example("allotment-diary.txt"), false).output) + 1);

  const Run missing = run("features " + html + " /no/such/page.html");
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.output, Catch::Contains("/no/such/page.html"));
  CHECK(run("features").exit_code == 2);
}

TEST_CASE("infer writes the same bytes for 1, 2 and 4 threads, in input order") {
  std::string pages;
  for (int copy = 0; copy < 3; ++copy)
    pages += " " + example("harbour-bridge-reopens.html") + " " + example("allotment-diary.txt") + " /no/such/page.html";
  for (const char* format : {"", "--text", "--format markdown", "--format tsv", "--page-level"}) {
    INFO(format);
    const Run one = run(std::string("infer --threads 1 ") + format + pages);
    CHECK(one.exit_code == 1);
    CHECK_THAT(one.output, Catch::Contains("3 of 9 pages failed"));
    for (const char* threads : {"2", "4"}) CHECK(run(std::string("infer --threads ") + threads + " " + format + pages).output == one.output);
  }
}

TEST_CASE("failed pages go to --errors as JSON lines, exit 1 with a summary, 0 when all succeed") {
  const auto errors = scratch_folder() / "errors.jsonl";
  const auto big = scratch_folder() / "big.html";
  std::ofstream(big) << "<p>" << std::string(2000, 'x') << "</p>";
  const Run result = run("infer --errors " + errors.string() + " --max-page-bytes 1000 " + example("allotment-diary.txt") +
                         " /no/such/page.html " + big.string());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("2 of 3 pages failed") && Catch::Contains("--max-page-bytes") &&
                                Catch::Contains("allotment-diary.txt\",\"index\":0"));
  const std::string lines = read(errors);
  CHECK(count_lines(lines) == 2);
  CHECK_THAT(lines, Catch::Contains("{\"source\":\"/no/such/page.html\",") &&
                        Catch::Contains("{\"source\":\"" + big.string() + "\",\"error\":\"the page is 2007 bytes"));
  CHECK(run("infer --errors " + errors.string() + " " + example("allotment-diary.txt"), false).exit_code == 0);
  CHECK(read(errors).empty());
  CHECK(run("infer --max-paragraphs 3 " + example("allotment-diary.txt")).exit_code == 1);
}

TEST_CASE("infer --text sets pages apart by more than paragraphs (issue 18 item 11)") {
  const Run result = run("infer --text " + example("harbour-bridge-reopens.html") + " " + example("allotment-diary.txt"), false);
  REQUIRE(result.exit_code == 0);
  // paragraphs: one blank line; pages: two
  CHECK(result.output.find("\n\n\n\n") == std::string::npos);
  const std::size_t between = result.output.find("\n\n\n");
  REQUIRE(between != std::string::npos);
  CHECK(result.output.find("\n\n\n", between + 1) == std::string::npos);  // once: two pages
  CHECK_THAT(result.output.substr(between), Catch::Contains("tomatoes"));
}

TEST_CASE("infer --output-dir never writes over the run's own inputs (issue 18 item 3)") {
  const auto folder = scratch_folder() / "own";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const auto page = folder / "news-page.txt";
  std::ofstream(page) << "A page of text that must not be replaced by its own main text.\n\nSecond paragraph.\n";
  const std::string before = read(page);
  const Run result = run("infer --output-dir " + folder.string() + " " + page.string());
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("news-page.txt: its output: the output would overwrite this same file"));
  // the page's path is said once, not once for the page and again for its output
  CHECK(result.output.find(page.string()) == result.output.rfind(page.string()));
  CHECK(read(page) == before);
}

TEST_CASE("a file name that is not UTF-8 comes out as valid JSON, the bad byte as U+FFFD (issue 18 item 9)") {
  const auto page = scratch_folder() / "caf\xE9.txt";
  std::ofstream(page) << "Some text of a page.\n";
  const Run result = run("infer '" + page.string() + "'", false);
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.output, Catch::Contains("caf\xEF\xBF\xBD.txt\",\"index\":0"));
  CHECK_THAT(result.output, !Catch::Contains("caf\xE9"));
}

TEST_CASE("infer --format markdown and tsv, --page-level one line per page") {
  const auto page = scratch_folder() / "structured.html";
  std::ofstream(page) << "<article><h1>Allotment report for the spring season</h1><p>The committee met on Tuesday and "
                         "agreed the plots for this year, after a long discussion of the waiting list.</p></article>";
  const Run markdown = run("infer --format markdown " + page.string(), false);
  CHECK_THAT(markdown.output, Catch::Contains("The committee met on Tuesday"));
  const Run tsv = run("infer --format tsv " + page.string(), false);
  CHECK_THAT(tsv.output, Catch::StartsWith("page\tid\turl\tindex\tlabel\tp_content\ttext\n"));
  const Run pages = run("infer --page-level " + page.string() + " " + example("allotment-diary.txt"), false);
  CHECK(count_lines(pages.output) == 2);
  CHECK_THAT(pages.output, Catch::Contains("\"main_text\":") && Catch::Contains("\"paragraphs\":[{\"label\":"));
  CHECK(run("infer --page-level --format tsv " + page.string()).exit_code == 2);
}
