// pith infer: label the paragraphs of pages with a model.
#include <cstdio>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "features/error.h"
#include "features/output_file.h"
#include "features/page_reader.h"
#include "infer/default_model.h"
#include "infer/page_output.h"
#include "infer/paragraph_classifier.h"
#include "model/model_file.h"

namespace pith::cli {
namespace {

struct InferOptions {
  std::vector<std::string> pages;
  std::string model;
  bool text_only = false;
  std::string output_dir;
  bool explain = false;
  int explain_top = 5;
};

// "news.html.gz" -> "news": the name a page's main text gets in --output-dir.
std::string page_stem(const std::filesystem::path& page) {
  std::filesystem::path name = page.filename();
  if (name.extension() == ".gz") name = name.stem();
  return name.stem().string();
}

int run_infer(const InferOptions& options) {
  if (!options.output_dir.empty()) {
    std::set<std::string> stems;
    for (const std::string& page : options.pages)
      if (!stems.insert(page_stem(page)).second)
        throw UsageError(fmt::format("two pages would both write {}.txt in --output-dir; rename one",
                                     page_stem(page)));
    std::error_code error;
    std::filesystem::create_directories(options.output_dir, error);
    if (error) throw Error(options.output_dir, "", "cannot create the output folder: " + error.message());
  }
  const Model model = load_model_or_default(options.model);

  return for_each_page(options.pages, [&](const std::string& page, const Document& document) {
    const std::vector<ParagraphScore> scores = classify_paragraphs(model, document, options.explain ? options.explain_top : 0);
    std::string out;
    if (!options.output_dir.empty()) {
      write_file_atomically(std::filesystem::path(options.output_dir) / (page_stem(page) + ".txt"), main_text(document, scores));
    } else if (options.text_only) {
      out = main_text(document, scores);
    } else {
      for (std::size_t i = 0; i < scores.size(); ++i)
        out += paragraph_json_line(page, i, scores[i], document.paragraphs[i].text);
    }
    return out;
  });
}

}  // namespace

CommandRunner add_infer_command(CLI::App& app) {
  auto options = std::make_shared<InferOptions>();
  CLI::App* command = app.add_subcommand(
      "infer",
      "Label the paragraphs of pages. HTML (.html, .htm, .html.gz; charset from BOM, UTF-8 validity or <meta>) or plain text "
      "(.txt; paragraphs separated by blank lines). Prints one JSON line per paragraph: page, index, label "
      "(content|boilerplate), p_content, text.");
  command->add_option("pages", options->pages, "Page files")->required();
  command->add_option("-m,--model", options->model,
                      "Model file (default: the shipped model, or $PITH_MODEL)")->check(CLI::ExistingFile);
  auto* text = command->add_flag("--text", options->text_only,
                                 "Print only the main text of each page: content paragraphs separated by blank lines");
  auto* output_dir =
      command->add_option("-o,--output-dir", options->output_dir,
                          "Write DIR/<page-file-stem>.txt with the main text of each page instead of printing")
          ->excludes(text);
  auto* explain = command->add_flag(
      "--explain", options->explain,
      "Add to each JSON line the largest contributions (weight times standardised value) of the paragraph stage's "
      "features, hashed tokens included, and of the stacking stage's: why the paragraph got its label");
  explain->excludes(text)->excludes(output_dir);
  command->add_option("--explain-top", options->explain_top, "Contributions listed per stage with --explain")
      ->check(CLI::Range(1, 1000))
      ->needs(explain);
  return [options] { return run_infer(*options); };
}

}  // namespace pith::cli
