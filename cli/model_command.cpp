// pith model inspect: what a model file holds, and which features weigh most.
#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "cli/commands.h"
#include "features/feature_table.h"
#include "infer/default_model.h"
#include "model/model_file.h"

namespace pith::cli {
namespace {

struct ModelOptions {
  std::string model;
  std::size_t top = 15;
};

void print_weights(const std::string& stage, const LinearScorer& scorer, std::size_t top) {
  fmt::print("  {}: {} features, bias {:.4f}\n", stage, scorer.feature_names.size(), scorer.bias);
  // Weights apply to standardised features, so their sizes compare across features.
  std::vector<std::size_t> order(scorer.feature_names.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return scorer.weights[static_cast<Eigen::Index>(a)] > scorer.weights[static_cast<Eigen::Index>(b)];
  });
  const std::size_t shown = std::min(top, order.size());
  fmt::print("    largest positive weights (toward content), per standard deviation of the feature:\n");
  for (std::size_t k = 0; k < shown; ++k)
    fmt::print("      {:+9.4f}  {}\n", scorer.weights[static_cast<Eigen::Index>(order[k])], scorer.feature_names[order[k]]);
  fmt::print("    largest negative weights (toward boilerplate):\n");
  for (std::size_t k = 0; k < shown; ++k) {
    const std::size_t i = order[order.size() - 1 - k];
    fmt::print("      {:+9.4f}  {}\n", scorer.weights[static_cast<Eigen::Index>(i)], scorer.feature_names[i]);
  }
}

// Hashed columns by weight, named by the token the trainer saw in them (model file
// "sparse-names"); a column may hold other tokens too.
void print_hashed_weights(const ModelHead& head, std::size_t top) {
  const Eigen::VectorXd& weights = head.paragraph.sparse_weights;
  const auto used = (weights.array() != 0.0).count();
  fmt::print("  {} hashed features: 2^{} columns (seed {}), {} with a weight, {} named\n", page_kind_name(head.kind),
             head.hashing.bits, head.hashing.seed, used, head.hashed_names.size());
  std::vector<std::pair<double, std::string>> named;
  for (const auto& [column, token] : head.hashed_names) named.emplace_back(weights[column], token);
  std::stable_sort(named.begin(), named.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const std::size_t shown = std::min(top, named.size());
  fmt::print("    largest positive weights (toward content) of named tokens:\n");
  for (std::size_t k = 0; k < shown && named[k].first > 0; ++k) fmt::print("      {:+9.4f}  {}\n", named[k].first, named[k].second);
  fmt::print("    largest negative weights (toward boilerplate):\n");
  for (std::size_t k = 0; k < shown && named[named.size() - 1 - k].first < 0; ++k)
    fmt::print("      {:+9.4f}  {}\n", named[named.size() - 1 - k].first, named[named.size() - 1 - k].second);
}

int run_inspect(const ModelOptions& options) {
  const std::filesystem::path path = options.model.empty() ? default_model_path() : std::filesystem::path(options.model);
  const Model model = load_model_or_default(options.model);
  fmt::print("model            {}\nformat           pith-model {}\n", path.string(), model.format_version);
  for (const auto& [key, value] : model.settings) fmt::print("{:<16} {}\n", key, value);
  for (const ModelHead& head : model.heads) {
    fmt::print("\nhead {}: {} training rows, C {}, threshold {:.4f}{}\n", page_kind_name(head.kind),
               head.training_rows, head.regularization_c, head.threshold,
               head.stacking ? " (on the stacking stage's p)" : "");
    print_weights(fmt::format("{} paragraph stage", page_kind_name(head.kind)), head.paragraph, options.top);
    if (head.hashing.enabled()) print_hashed_weights(head, options.top);
    if (head.stacking) print_weights(fmt::format("{} stacking stage", page_kind_name(head.kind)), *head.stacking, options.top);
  }
  return kExitSuccess;
}

}  // namespace

CommandRunner add_model_command(CLI::App& app) {
  auto options = std::make_shared<ModelOptions>();
  CLI::App* command = app.add_subcommand("model", "Look into a model file.");
  command->require_subcommand(1);
  CLI::App* inspect = command->add_subcommand(
      "inspect", "Print a model's header and settings, and its largest positive and negative weights by feature name.");
  inspect->add_option("model", options->model, "Model file (default: the shipped model)");
  inspect->add_option("-n,--top", options->top, "How many weights to show each way")->capture_default_str();
  return [options] { return run_inspect(*options); };
}

}  // namespace pith::cli
