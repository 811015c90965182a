// pith's logistic-regression solver against LIBLINEAR's `train -s 0` on the same rows and C.
//
// Reads the labelled pages of the given datasets' split, builds each head's rows as the trainer
// does (labelled paragraphs of pages not left out, standardised with population mean and
// standard deviation), writes them in LIBLINEAR's format, runs Debian's `liblinear-train`
// (package liblinear-tools) and pith's solver on one thread, and prints both objectives, both
// times, the rows and the non-zeros. See bench/README.md for the command and figures.
//
// The bias: LIBLINEAR 2.3 (Debian 12) appends `-B B` as a feature whose weight v is regularised;
// pith's bias b is not. With B large the two problems coincide up to v^2/2 = b^2 / (2 B^2), so
// the comparison evaluates pith's objective f(w, b) at LIBLINEAR's solution (w, B v), computed
// from the weights in its model file on the same rows, and also prints LIBLINEAR's own objective
// f + v^2/2.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "datasets/dataset.h"
#include "features/feature_table.h"
#include "train/logistic_regression.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Arguments {
  std::vector<std::string> datasets;
  std::string split = "train";
  double c = 1.0;
  double eps = 0.01;
  double bias_feature = 100.0;
  std::string train_binary = "liblinear-train";
  std::filesystem::path work = std::filesystem::temp_directory_path() / "pith-liblinear-benchmark";
};

[[noreturn]] void usage(const std::string& message) {
  std::cerr << message << "\n"
            << "usage: pith_liblinear_benchmark -d KIND:PATH [-d ...] [--split train] [-c C] [-e EPS] [-B BIAS]\n"
               "                                [--train liblinear-train] [--work DIR]\n";
  std::exit(2);
}

Arguments parse(int argc, char** argv) {
  Arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "-d" || flag == "--dataset") a.datasets.push_back(value);
    else if (flag == "--split") a.split = value;
    else if (flag == "-c") a.c = std::stod(value);
    else if (flag == "-e") a.eps = std::stod(value);
    else if (flag == "-B") a.bias_feature = std::stod(value);
    else if (flag == "--train") a.train_binary = value;
    else if (flag == "--work") a.work = value;
    else usage("unknown flag " + flag);
  }
  if (a.datasets.empty()) usage("no dataset");
  return a;
}

struct HeadRows {
  std::vector<double> values;  // row-major
  std::vector<double> labels;  // 1 content, 0 boilerplate
};

void append(const pith::LabelledPage& page, pith::PageKind kind, HeadRows& rows) {
  const Eigen::MatrixXd x = pith::FeatureLayout(kind).rows(page.document);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const pith::Label label = page.labels[static_cast<std::size_t>(i)];
    if (label == pith::Label::unknown) continue;
    for (Eigen::Index c = 0; c < x.cols(); ++c) rows.values.push_back(x(i, c));
    rows.labels.push_back(label == pith::Label::content ? 1.0 : 0.0);
  }
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double run_seconds(const std::string& command) {
  const auto start = Clock::now();
  if (std::system(command.c_str()) != 0) {
    std::cerr << "failed: " << command << "\n";
    std::exit(1);
  }
  return seconds_since(start);
}

// LIBLINEAR's model file: header lines, then "w", then one weight per feature (bias last).
// Returns the weights for label +1.
Eigen::VectorXd read_liblinear_weights(const std::filesystem::path& path, Eigen::Index features) {
  std::ifstream in(path);
  std::string line;
  double sign = 1.0;
  while (std::getline(in, line) && line != "w") {
    if (line.starts_with("label ")) sign = line.substr(6).starts_with("1") ? 1.0 : -1.0;
  }
  Eigen::VectorXd w(features);
  for (Eigen::Index j = 0; j < features; ++j) {
    if (!(in >> w(j))) {
      std::cerr << path << ": fewer than " << features << " weights\n";
      std::exit(1);
    }
  }
  return sign * w;
}

void benchmark(const Arguments& args, pith::PageKind kind, const HeadRows& data) {
  const pith::FeatureLayout layout(kind);
  const auto l = static_cast<Eigen::Index>(data.labels.size());
  const auto n = static_cast<Eigen::Index>(layout.size());
  if (l == 0) return;
  Eigen::MatrixXd x = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      data.values.data(), l, n);
  const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(data.labels.data(), l);
  for (Eigen::Index c = 0; c < n; ++c) {  // as the trainer standardises
    const double mean = x.col(c).mean();
    const double variance = (x.col(c).array() - mean).square().mean();
    x.col(c) = (x.col(c).array() - mean) / (variance > 1e-24 ? std::sqrt(variance) : 1.0);
  }

  std::filesystem::create_directories(args.work);
  const std::filesystem::path data_file = args.work / fmt::format("{}.liblinear", layout.name());
  const std::filesystem::path model_file = args.work / fmt::format("{}.model", layout.name());
  std::size_t non_zeros = 0;
  {
    std::string out;
    for (Eigen::Index i = 0; i < l; ++i) {
      out += y(i) == 1.0 ? "+1" : "-1";
      for (Eigen::Index c = 0; c < n; ++c) {
        if (x(i, c) == 0.0) continue;
        out += fmt::format(" {}:{:.17g}", c + 1, x(i, c));
        ++non_zeros;
      }
      out += '\n';
    }
    std::ofstream(data_file, std::ios::binary) << out;
  }
  // LIBLINEAR reads the exact decimal; solve on the doubles it reads back, so both solvers see
  // the same numbers ({:.17g} round-trips, so they are the same doubles).

  const std::string train = fmt::format("{} -q -s 0 -c {:.17g} -B {:.17g}", args.train_binary, args.c, args.bias_feature);
  // Reading and setting up alone: a tolerance so loose that TRON stops at w = 0.
  const double liblinear_read_seconds =
      run_seconds(fmt::format("{} -e 1e30 {} {}", train, data_file.string(), (args.work / "setup.model").string()));
  const double liblinear_seconds =
      run_seconds(fmt::format("{} -e {:.17g} {} {}", train, args.eps, data_file.string(), model_file.string()));
  const Eigen::VectorXd ll = read_liblinear_weights(model_file, n + 1);
  const double ll_bias = args.bias_feature * ll(n);
  const double ll_objective =
      pith::train::logistic_regression_objective(x, y, Eigen::VectorXd(), args.c, ll.head(n), ll_bias);
  const double ll_own_objective = ll_objective + ll(n) * ll(n) / 2.0;

  pith::train::LogisticRegressionOptions options;
  options.c = args.c;
  options.tolerance = args.eps;
  options.max_iterations = 1000;
  const auto start = Clock::now();
  const pith::train::LogisticRegressionFit fit = pith::train::fit_logistic_regression(x, y, Eigen::VectorXd(), options);
  const double pith_seconds = seconds_since(start);
  options.threads = 2;
  const auto start2 = Clock::now();
  const pith::train::LogisticRegressionFit fit2 = pith::train::fit_logistic_regression(x, y, Eigen::VectorXd(), options);
  const double pith_seconds_2 = seconds_since(start2);

  const double relative = (fit.objective - ll_objective) / std::abs(ll_objective);
  fmt::print("{} head: {} rows, {} features (+ bias), {} non-zeros, {:.1f} MiB as doubles, {} content\n",
             layout.name(), l, n, non_zeros, static_cast<double>(l * n) * 8 / (1 << 20), y.sum());
  fmt::print("  C {:g}, eps {:g}, LIBLINEAR -B {:g}\n", args.c, args.eps, args.bias_feature);
  fmt::print("  LIBLINEAR 2.3 (TRON): objective f {:.12g} (own, with v^2/2: {:.12g}), {:.3f} s total, "
             "{:.3f} s of it reading and setup, ~{:.3f} s solving\n",
             ll_objective, ll_own_objective, liblinear_seconds, liblinear_read_seconds,
             liblinear_seconds - liblinear_read_seconds);
  fmt::print("  pith (line-search Newton): objective f {:.12g}, {} iterations, |g| {:.3e}, {:.3f} s on 1 thread, "
             "{:.3f} s on 2 threads (same bits: {})\n",
             fit.objective, fit.iterations, fit.gradient_norm, pith_seconds, pith_seconds_2,
             fit.objective == fit2.objective && fit.weights == fit2.weights && fit.bias == fit2.bias ? "yes" : "NO");
  fmt::print("  relative difference (pith - LIBLINEAR) / |LIBLINEAR|: {:.3e} ({})\n", relative,
             std::abs(relative) <= 1e-4 ? "within 1e-4" : "NOT within 1e-4");
}

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = parse(argc, argv);
  HeadRows html, text;
  std::size_t pages = 0;
  for (const std::string& spec_text : args.datasets) {
    const pith::DatasetSpec spec = pith::parse_dataset_spec(spec_text);
    pith::for_each_labelled_page(spec, args.split, [&](pith::LabelledPage&& page) {
      if (!page.left_out.empty() || page.labels.size() != page.document.paragraphs.size()) return;
      ++pages;
      if (page.document.kind == pith::PageKind::html) append(page, pith::PageKind::html, html);
      append(page, pith::PageKind::text, text);
    });
  }
  fmt::print("{} pages of {} ({} split)\n", pages, fmt::join(args.datasets, ", "), args.split);
  benchmark(args, pith::PageKind::html, html);
  benchmark(args, pith::PageKind::text, text);
  return 0;
}
