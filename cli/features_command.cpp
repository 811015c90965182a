// pith features: each paragraph of a page with the dense feature values a model head sees, by
// column name (features/feature_table.h), so a person can see why a paragraph was labelled so.
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "features/error.h"
#include "features/feature_table.h"
#include "features/hashed_features.h"
#include "features/json_string.h"
#include "features/page_reader.h"

namespace pith::cli {
namespace {

struct FeaturesOptions {
  std::vector<std::string> pages;
  bool tsv = false;
};

// Shortest text that reads back as the same double; JSON has no NaN or infinity.
std::string number(double value, bool json) {
  if (std::isfinite(value)) return fmt::format("{}", value);
  return json ? "null" : fmt::format("{}", value);
}

// A TSV cell holds no tab or line break: those (and the backslash) are written as escapes.
std::string tsv_cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

std::string page_lines(const std::string& page, const Document& document, bool tsv) {
  const FeatureLayout& layout = FeatureLayout::of(document.kind);
  const Eigen::MatrixXd rows = layout.rows(document);
  const std::vector<std::string>& names = layout.names();
  std::string out;
  for (std::size_t i = 0; i < document.paragraphs.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    // The non-zero hashed features by their tokens (value 1 each; a token may repeat).
    std::vector<std::string> tokens;
    for_each_hashed_token(document, document.paragraphs[i], document.kind,
                          [&](std::string_view token) { tokens.emplace_back(token); });
    if (tsv) {
      out += fmt::format("{}\t{}\t{}", tsv_cell(page), i, tsv_cell(document.text(i)));
      for (std::size_t j = 0; j < names.size(); ++j)
        out += '\t' + number(rows(row, static_cast<Eigen::Index>(j)), false);
      out += '\t';
      for (std::size_t k = 0; k < tokens.size(); ++k) out += (k ? " | " : "") + tsv_cell(tokens[k]);
    } else {
      out += fmt::format("{{\"page\":{},\"index\":{},\"text\":{},\"features\":{{", json_string(page), i,
                         json_string(document.text(i)));
      for (std::size_t j = 0; j < names.size(); ++j)
        out += fmt::format("{}{}:{}", j ? "," : "", json_string(names[j]),
                           number(rows(row, static_cast<Eigen::Index>(j)), true));
      out += "},\"hashed\":[";
      for (std::size_t k = 0; k < tokens.size(); ++k) out += (k ? "," : "") + json_string(tokens[k]);
      out += "]}";
    }
    out += '\n';
  }
  return out;
}

int run_features(const FeaturesOptions& options) {
  // A TSV table has one header row per page kind: HTML and plain-text pages have different columns.
  bool header_written[2] = {false, false};
  return for_each_page(options.pages, [&](const std::string& page, const Document& document) {
    std::string out;
    const int kind = document.kind == PageKind::html ? 0 : 1;
    if (options.tsv && !header_written[kind]) {
      header_written[kind] = true;
      out += "page\tindex\ttext";
      const FeatureLayout layout(document.kind);
      for (const std::string& name : layout.names()) out += '\t' + name;
      out += "\thashed\n";
    }
    return out + page_lines(page, document, options.tsv);
  });
}

}  // namespace

CommandRunner add_features_command(CLI::App& app) {
  auto options = std::make_shared<FeaturesOptions>();
  CLI::App* command = app.add_subcommand(
      "features",
      "Print each paragraph of pages with its dense feature values by name, as a model sees them (raw, not "
      "standardised; prev2./prev1./next1./next2. columns are the neighbours' values) and its hashed sparse features by "
      "token (class:, path:, word:, words:, first:, last:; see docs/features.md). One JSON line per paragraph: page, "
      "index, text, features {name: value}, hashed [token, ...].");
  command->add_option("pages", options->pages, "Page files (HTML or plain text, as for infer)")->required();
  command->add_flag("--tsv", options->tsv,
                    "Print a tab-separated table instead: a header row (page, index, text, feature names), then one "
                    "row per paragraph, the hashed tokens last, separated by ' | '; tabs and line breaks in text written as \\t "
                    "and \\n");
  return [options] { return run_features(*options); };
}

}  // namespace pith::cli
