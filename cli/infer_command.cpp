// pith infer: label the paragraphs of pages with a model, in batch (infer/batch_pipeline.h).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "cli/commands.h"
#include "features/error.h"
#include "features/json_string.h"
#include "features/output_file.h"
#include "features/page_reader.h"
#include "features/utf8.h"
#include "infer/batch_pipeline.h"
#include "infer/default_model.h"
#include "infer/json_lines_reader.h"
#include "infer/page_inputs.h"
#include "infer/page_output.h"
#include "model/model_file.h"

namespace pith::cli {
namespace {

enum class OutputFormat { json, text, tsv, markdown };

struct InferOptions {
  std::vector<std::string> pages;
  std::string model;
  bool text_only = false;
  std::string format;  // empty: json, or text with --output-dir
  bool page_level = false;
  std::string output_dir;
  bool explain = false;
  int explain_top = 5;
  unsigned threads = 0;
  std::string errors_file;
  bool progress = false;
  std::size_t max_page_bytes = LabelLimits{}.max_page_bytes;
  std::size_t max_paragraphs = LabelLimits{}.max_paragraphs;
  std::string input_format = "auto";
  JsonLinesFields json_fields;
};

OutputFormat output_format(const InferOptions& options) {
  if (options.text_only) return OutputFormat::text;
  if (options.format.empty()) return options.output_dir.empty() ? OutputFormat::json : OutputFormat::text;
  if (options.format == "json") return OutputFormat::json;
  if (options.format == "text") return OutputFormat::text;
  if (options.format == "tsv") return OutputFormat::tsv;
  return OutputFormat::markdown;
}

const char* extension_of(OutputFormat format) {
  switch (format) {
    case OutputFormat::json: return ".jsonl";
    case OutputFormat::tsv: return ".tsv";
    case OutputFormat::markdown: return ".md";
    default: return ".txt";
  }
}

// The name of a page's file in --output-dir: "news.html.gz" -> "news"; a record of a WARC or
// JSON-lines file is named by its id, every byte other than letters, digits, '.', '-' and '_'
// made '_' (so "<urn:uuid:1b2c>" -> "urn_uuid_1b2c"), at most 200 bytes.
std::string output_stem(const PageInput& page) {
  if (page.id.empty()) {
    std::filesystem::path name = std::filesystem::path(page.source).filename();
    if (name.extension() == ".gz") name = name.stem();
    return name.stem().string();
  }
  std::string stem;
  for (char c : page.id) {
    if (stem.size() >= 200) break;
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
    if (c == '<' || c == '>') continue;
    stem += safe ? c : '_';
  }
  while (!stem.empty() && stem.front() == '.') stem.erase(0, 1);  // no hidden files, no ".."
  return stem.empty() ? "page" : stem;
}

// Progress on stderr: an updating line on a terminal, a line every few seconds otherwise.
class BatchProgress {
 public:
  BatchProgress(bool enabled, std::uint64_t total_bytes) : enabled_(enabled), total_(total_bytes) {
    terminal_ = isatty(STDERR_FILENO) == 1;
  }
  // Before another message: a terminal's progress line is cleared (update() draws it again).
  void clear() {
    if (enabled_ && terminal_) std::fputs("\r\033[K", stderr);
  }
  void update(const PipelineSummary& summary, std::uint64_t input_bytes, bool final = false) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since_shown = std::chrono::duration<double>(now - shown_).count();
    if (!final && since_shown < (terminal_ ? 0.25 : 5.0)) return;
    shown_ = now;
    const double seconds = std::max(1e-9, std::chrono::duration<double>(now - start_).count());
    std::string line = fmt::format("{} pages, {:.0f} pages/s, {:.1f} MB/s, {} errors", summary.pages,
                                   double(summary.pages) / seconds, double(input_bytes) / seconds / 1e6,
                                   summary.failed);
    if (total_ > 0 && input_bytes > 0 && !final) {
      const double left = seconds * double(total_ - std::min(total_, input_bytes)) / double(input_bytes);
      line += fmt::format(", {:.0f} s left", left);
    }
    if (terminal_) fmt::print(stderr, "\r\033[K{}{}", line, final ? "\n" : "");
    else fmt::print(stderr, "{}\n", line);
  }

 private:
  bool enabled_, terminal_ = false;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), shown_{};
};

int run_infer(const InferOptions& options) {
  const OutputFormat format = output_format(options);
  std::vector<std::filesystem::path> inputs(options.pages.begin(), options.pages.end());
  if (!options.output_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.output_dir, error);
    if (error) throw Error(options.output_dir, "", "cannot create the output folder: " + error.message());
  }
  std::unique_ptr<std::ofstream> errors;
  if (!options.errors_file.empty()) {
    check_output_path(options.errors_file, inputs);
    errors = std::make_unique<std::ofstream>(options.errors_file, std::ios::binary | std::ios::trunc);
    if (!*errors) throw Error(options.errors_file, "", "cannot open the errors file for writing");
  }
  const Model model = load_model_or_default(options.model);

  PipelineOptions pipeline;
  pipeline.threads = options.threads;
  pipeline.explain = options.explain ? options.explain_top : 0;
  pipeline.limits.max_page_bytes = options.max_page_bytes;
  pipeline.limits.max_paragraphs = options.max_paragraphs;

  const bool page_level = options.page_level;
  const bool to_files = !options.output_dir.empty();
  const PageRenderer render = [format, page_level, to_files](const PageInput& page, const ScoredPage& labelled) {
    const PageName name{page.source, page.id, page.url};
    const Document& document = labelled.document;
    switch (format) {
      case OutputFormat::text: return main_text(document, labelled.scores);
      case OutputFormat::markdown: return main_markdown(document, labelled.scores);
      case OutputFormat::tsv: return (to_files ? tsv_header() : std::string()) + paragraph_tsv_rows(name, document, labelled.scores);
      case OutputFormat::json: break;
    }
    if (page_level) return page_json_line(name, document, labelled.scores);
    std::string out;
    append_paragraph_json_lines(out, name, document, labelled.scores);
    return out;
  };

  // Page files, folders, JSON lines and WARC files (infer/page_inputs.h).
  PageInputOptions input_options;
  input_options.limits.max_page_bytes = options.max_page_bytes;  // gzip inflation stops there too
  input_options.format = parse_input_format(options.input_format);
  input_options.json_fields = options.json_fields;
  const std::unique_ptr<PageInputReader> page_inputs = open_page_inputs(options.pages, input_options);
  PageInputReader& reader = *page_inputs;
  BatchProgress progress(options.progress || isatty(STDERR_FILENO) == 1, reader.total_bytes());
  PipelineSummary counted;  // what the sink has seen, for progress
  std::set<std::string> written;
  bool printed_text = false;
  if (format == OutputFormat::tsv && !to_files) std::fputs(tsv_header().c_str(), stdout);

  const PageSink sink = [&](PageOutcome& outcome) {
    ++counted.pages;
    const PageInput& page = outcome.page;
    if (outcome.error.empty() && to_files) {
      // a second page with the same name gets "-2", "-3", ...: in input order, so the same run
      // always names the same page the same way
      const std::string stem = output_stem(page);
      std::string name = stem + extension_of(format);
      for (int n = 2; !written.insert(name).second; ++n) name = fmt::format("{}-{}{}", stem, n, extension_of(format));
      const std::filesystem::path path = std::filesystem::path(options.output_dir) / name;
      std::vector<std::filesystem::path> own_inputs = inputs;
      own_inputs.emplace_back(page.source);
      try {
        check_output_path(path, own_inputs);
        write_file_atomically(path, outcome.output);
      } catch (const Error& e) {
        // reported under the page's name: say the output's path only where it is another file
        outcome.error = e.source() == page.source ? fmt::format("its output: {}", e.message())
                                                  : fmt::format("its output {}: {}", e.source(), e.message());
      }
    } else if (outcome.error.empty()) {
      if (format == OutputFormat::text || format == OutputFormat::markdown) {
        // pages are set apart by two blank lines, paragraphs by one (issue 18, item 11)
        if (printed_text && !outcome.output.empty()) std::fputs("\n\n", stdout);
        printed_text = printed_text || !outcome.output.empty();
      }
      std::fwrite(outcome.output.data(), 1, outcome.output.size(), stdout);
    }
    if (!outcome.error.empty()) {
      ++counted.failed;
      const Error error(page.source, outcome.error_location, outcome.error);
      std::fflush(stdout);
      progress.clear();
      fmt::print(stderr, "pith: {}{}\n", to_valid_utf8(error.what()),
                 page.id.empty() ? "" : " (" + to_valid_utf8(page.id) + ")");
      if (errors) {
        std::string line = "{\"source\":" + json_string(to_valid_utf8(page.source));
        if (!outcome.error_location.empty()) line += ",\"location\":" + json_string(to_valid_utf8(outcome.error_location));
        if (!page.id.empty()) line += ",\"id\":" + json_string(to_valid_utf8(page.id));
        if (!page.url.empty()) line += ",\"url\":" + json_string(to_valid_utf8(page.url));
        *errors << line << ",\"error\":" << json_string(to_valid_utf8(outcome.error)) << "}\n";
      }
    }
    progress.update(counted, outcome.input_bytes_read);
  };
  const PipelineSummary summary = run_pipeline(reader, model, pipeline, render, sink);
  std::fflush(stdout);
  if (errors) {
    errors->flush();
    if (!*errors) throw Error(options.errors_file, "", "cannot write the errors file");
  }
  progress.update(counted, reader.bytes_read(), true);
  if (counted.failed > 0) {
    fmt::print(stderr, "pith: {} of {} pages failed\n", counted.failed, summary.pages);
    return kExitDataError;
  }
  return kExitSuccess;
}

}  // namespace

CommandRunner add_infer_command(CLI::App& app) {
  auto options = std::make_shared<InferOptions>();
  CLI::App* command = app.add_subcommand(
      "infer",
      "Label the paragraphs of pages. HTML (.html, .htm, .xhtml, each also .gz; charset from BOM, UTF-8 validity or "
      "<meta>) or plain text (.txt; paragraphs separated by blank lines). Prints one JSON line per paragraph: page, "
      "index, label (content|boilerplate), p_content, text; `id` and `url` too when the input has them. Pages are "
      "labelled on --threads threads and written in input order, the same bytes for any thread count. A page that "
      "cannot be read or labelled (unreadable, undecodable, over --max-page-bytes or --max-paragraphs) is reported "
      "on stderr with where it is and skipped; the others are still labelled, and the exit code is then 1.");
  command->add_option("pages", options->pages,
                      "Page files, folders (recursive), JSON-lines files (.jsonl, .jsonl.gz), WARC files (.warc, "
                      ".warc.gz), or '-' for a list of paths on stdin")
      ->required();
  command->add_option("--input-format", options->input_format,
                      "How to read the inputs: auto (by file name), pages, jsonl or warc")
      ->check(CLI::IsMember({"auto", "pages", "jsonl", "warc"}))
      ->capture_default_str();
  command->add_option("--json-html-field", options->json_fields.html, "JSON lines: the field holding a page's HTML")
      ->capture_default_str();
  command->add_option("--json-text-field", options->json_fields.text,
                      "JSON lines: the field holding a plain-text page")
      ->capture_default_str();
  command->add_option("--json-id-field", options->json_fields.id, "JSON lines: the field holding the page's id")
      ->capture_default_str();
  command->add_option("--json-url-field", options->json_fields.url, "JSON lines: the field holding the page's URL")
      ->capture_default_str();
  command->add_option("--json-charset-field", options->json_fields.charset,
                      "JSON lines: the field holding the page's charset")
      ->capture_default_str();
  command->add_option("-m,--model", options->model,
                      "Model file (default: the shipped model, or $PITH_MODEL)")->check(CLI::ExistingFile);
  auto* text = command->add_flag("--text", options->text_only,
                                 "Print only the main text of each page: content paragraphs separated by one blank "
                                 "line, pages by two (the same as --format text)");
  auto* format = command->add_option("--format", options->format,
                                     "json (default: a JSON line per paragraph), text (the main text), tsv (a header, "
                                     "then page, id, url, index, label, p_content, text per paragraph; tabs, line "
                                     "breaks and backslashes escaped as \\t \\n \\\\) or markdown (the main text with "
                                     "headings as #, list items as '- ', table rows as '| a | b |')")
                     ->check(CLI::IsMember({"json", "text", "tsv", "markdown"}))
                     ->excludes(text);
  auto* page_level =
      command->add_flag("--page-level", options->page_level,
                        "With JSON output, one line per page instead of per paragraph: page, id, url, main_text, and "
                        "paragraphs: [{label, p_content}, ...] in page order")
          ->excludes(text);
  auto* output_dir =
      command->add_option("-o,--output-dir", options->output_dir,
                          "Write one file per page into DIR instead of printing: DIR/<page-file-stem>.txt (or .md, "
                          ".tsv, .jsonl after --format; default text), named by the record's id, made safe, for "
                          "WARC and JSON-lines records; a repeated name gets -2, -3, ...; each file written "
                          "atomically, never over a device, a folder or one of the run's inputs")
          ->excludes(text);
  auto* explain = command->add_flag(
      "--explain", options->explain,
      "Add to each JSON line the largest contributions (weight times standardised value) of the paragraph stage's "
      "features, hashed tokens included, and of the stacking stage's: why the paragraph got its label");
  explain->excludes(text)->excludes(output_dir)->excludes(format)->excludes(page_level);
  command->add_option("--explain-top", options->explain_top, "Contributions listed per stage with --explain")
      ->check(CLI::Range(1, 1000))
      ->needs(explain);
  command->add_option("-j,--threads", options->threads, "Threads labelling pages (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  command->add_option("--errors", options->errors_file,
                      "Also write each failed page as a JSON line to FILE: source, location, id, url, error");
  command->add_flag("--progress", options->progress,
                    "Show progress on stderr (pages, pages/s, MB/s, errors, time left when the input size is known) "
                    "even when stderr is not a terminal; on a terminal it is shown anyway");
  command->add_option("--max-page-bytes", options->max_page_bytes,
                      "A page larger than this many bytes (after gzip decompression) is an error of that page "
                      "(default 64 MiB)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
  command->add_option("--max-paragraphs", options->max_paragraphs,
                      "A page of more paragraphs than this is an error of that page (default 2,000,000; labelling "
                      "keeps a few hundred bytes a paragraph)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40));
  return [options] {
    if (options->page_level && !options->format.empty() && options->format != "json")
      throw UsageError("--page-level is a shape of the JSON output: it does not go with --format " + options->format);
    return run_infer(*options);
  };
}

}  // namespace pith::cli
