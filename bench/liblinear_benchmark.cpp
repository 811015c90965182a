// pith's logistic-regression solver against LIBLINEAR's `train -s 0` on the same rows and C.
//
// Reads the labelled pages of the given datasets' split into a pith::train::TrainingSet, so each
// head's rows are the trainer's own: labelled paragraphs of pages not left out, dense columns
// standardised with population mean and standard deviation, then the hashed sparse columns
// (FeatureHashing{kDefaultHashBits, kDefaultHashSeed}) with the columns seen on fewer than
// TrainerOptions::hashed_min_pages pages dropped (TrainingSet::frequent_hashed_rows, as
// train_model does). Writes them in LIBLINEAR's format (1-based indices, dense columns first,
// sparse column j at index #dense + 1 + j), runs Debian's `liblinear-train` (package
// liblinear-tools) and pith's solver on one thread, and prints both objectives, both times, the
// rows, the non-zeros and the memory the design matrix takes. See bench/README.md for the
// command and figures.
//
// The bias: LIBLINEAR 2.3 (Debian 12) appends `-B B` as a feature whose weight v is regularised;
// pith's bias b is not. With B large the two problems coincide up to v^2/2 = b^2 / (2 B^2), so
// the comparison evaluates pith's objective f(w, b) at LIBLINEAR's solution (w, B v), computed
// from the weights in its model file on the same rows, and also prints LIBLINEAR's own objective
// f + v^2/2.
#include <algorithm>
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

#include <sys/resource.h>

#include <Eigen/Dense>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "datasets/dataset.h"
#include "features/feature_table.h"
#include "features/hashed_features.h"
#include "train/logistic_regression.h"
#include "train/trainer.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Arguments {
  std::vector<std::string> datasets;
  std::string split = "train";
  double c = 1.0;
  double eps = 0.01;
  double bias_feature = 100.0;
  int hash_bits = pith::kDefaultHashBits;
  std::size_t hashed_min_pages = pith::train::TrainerOptions{}.hashed_min_pages;
  std::vector<int> more_threads;  // pith fits on these thread counts too (same bits expected)
  bool skip_liblinear = false;    // reuse the data and model files of an earlier run in --work (no LIBLINEAR times)
  bool verbose = false;           // the solver's iteration lines on stderr
  std::string train_binary = "liblinear-train";
  std::filesystem::path work = std::filesystem::temp_directory_path() / "pith-liblinear-benchmark";
};

[[noreturn]] void usage(const std::string& message) {
  std::cerr << message << "\n"
            << "usage: pith_liblinear_benchmark -d KIND:PATH [-d ...] [--split train] [-c C] [-e EPS] [-B BIAS]\n"
               "                                [--hash-bits BITS] [--hashed-min-pages N] [--threads N]...\n"
               "                                [--skip-liblinear] [--verbose] [--train liblinear-train] [--work DIR]\n";
  std::exit(2);
}

Arguments parse(int argc, char** argv) {
  Arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--skip-liblinear" || flag == "--verbose") {
      (flag == "--verbose" ? a.verbose : a.skip_liblinear) = true;
      continue;
    }
    if (i + 1 >= argc) usage("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "-d" || flag == "--dataset") a.datasets.push_back(value);
    else if (flag == "--split") a.split = value;
    else if (flag == "-c") a.c = std::stod(value);
    else if (flag == "-e") a.eps = std::stod(value);
    else if (flag == "-B") a.bias_feature = std::stod(value);
    else if (flag == "--hash-bits") a.hash_bits = std::stoi(value);
    else if (flag == "--hashed-min-pages") a.hashed_min_pages = std::stoul(value);
    else if (flag == "--threads") a.more_threads.push_back(std::stoi(value));
    else if (flag == "--train") a.train_binary = value;
    else if (flag == "--work") a.work = value;
    else usage("unknown flag " + flag);
  }
  if (a.datasets.empty()) usage("no dataset");
  return a;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds (user + system) of this process, or of its waited-for children.
double cpu_seconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

// Wall-clock and CPU seconds of a command: on a loaded machine the CPU time is the steadier figure.
struct Seconds {
  double wall = 0.0;
  double cpu = 0.0;
};

Seconds run_seconds(const std::string& command) {
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds(RUSAGE_CHILDREN);
  if (std::system(command.c_str()) != 0) {
    std::cerr << "failed: " << command << "\n";
    std::exit(1);
  }
  return {seconds_since(start), cpu_seconds(RUSAGE_CHILDREN) - cpu_start};
}

// The process's peak resident set (VmHWM in /proc/self/status), in bytes; 0 if unknown.
double peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmHWM:")) return std::stod(line.substr(6)) * 1024.0;  // "VmHWM:  123 kB"
  return 0.0;
}

class StderrSink final : public pith::ProgressSink {
 public:
  void progress(std::string_view, std::size_t, std::size_t) override {}
  void note(std::string_view message) override { std::cerr << "  " << message << "\n"; }
};

double mib(double bytes) { return bytes / (1 << 20); }

// LIBLINEAR's model file: header lines (nr_feature N, bias B, label ...), then "w", then one
// weight per feature, then the bias feature's weight when B >= 0. Returns the weights for label
// +1 and the bias feature's weight (0 without one) in `bias_weight`.
Eigen::VectorXd read_liblinear_weights(const std::filesystem::path& path, double& bias_weight) {
  std::ifstream in(path);
  std::string line;
  double sign = 1.0, bias = -1.0;
  Eigen::Index features = -1;
  while (std::getline(in, line) && line != "w") {
    if (line.starts_with("label ")) sign = line.substr(6).starts_with("1") ? 1.0 : -1.0;
    if (line.starts_with("nr_feature ")) features = std::stol(line.substr(11));
    if (line.starts_with("bias ")) bias = std::stod(line.substr(5));
  }
  if (features < 0) {
    std::cerr << path << ": no nr_feature line\n";
    std::exit(1);
  }
  Eigen::VectorXd w(features);
  for (Eigen::Index j = 0; j < features; ++j) {
    if (!(in >> w(j))) {
      std::cerr << path << ": fewer than " << features << " weights\n";
      std::exit(1);
    }
  }
  bias_weight = 0.0;
  if (bias >= 0 && !(in >> bias_weight)) {
    std::cerr << path << ": no bias weight\n";
    std::exit(1);
  }
  return sign * w;
}

void benchmark(const Arguments& args, const pith::train::TrainingSet& set, pith::PageKind kind) {
  const pith::FeatureLayout layout(kind);
  const auto n = static_cast<Eigen::Index>(layout.size());
  const std::vector<double>& all_labels = set.labels(kind);
  std::vector<Eigen::Index> labelled;
  for (std::size_t i = 0; i < all_labels.size(); ++i)
    if (!std::isnan(all_labels[i])) labelled.push_back(static_cast<Eigen::Index>(i));
  const auto l = static_cast<Eigen::Index>(labelled.size());
  if (l == 0) return;

  // Dense columns: the labelled rows, standardised as the trainer standardises them.
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> values(
      set.dense_values(kind).data(), static_cast<Eigen::Index>(all_labels.size()), n);
  Eigen::MatrixXd x(l, n);
  Eigen::VectorXd y(l);
  for (Eigen::Index k = 0; k < l; ++k) {
    x.row(k) = values.row(labelled[static_cast<std::size_t>(k)]);
    y(k) = all_labels[static_cast<std::size_t>(labelled[static_cast<std::size_t>(k)])];
  }
  for (Eigen::Index c = 0; c < n; ++c) {
    const double mean = x.col(c).mean();
    const double variance = (x.col(c).array() - mean).square().mean();
    x.col(c) = (x.col(c).array() - mean) / (variance > 1e-24 ? std::sqrt(variance) : 1.0);
  }
  // Sparse columns: the hashed rows train_model fits on.
  std::size_t kept_columns = 0;
  const bool hashed = set.hashing().enabled();
  const pith::SparseRows sparse =
      hashed ? set.frequent_hashed_rows(kind, args.hashed_min_pages, &kept_columns).select(labelled) : pith::SparseRows();
  const pith::train::DesignMatrix design(x, hashed ? &sparse : nullptr);
  const Eigen::Index columns = design.columns();

  std::filesystem::create_directories(args.work);
  const std::filesystem::path data_file = args.work / fmt::format("{}.liblinear", layout.name());
  const std::filesystem::path model_file = args.work / fmt::format("{}.model", layout.name());
  std::size_t dense_non_zeros = (x.array() != 0.0).count();
  if (!args.skip_liblinear) {  // --skip-liblinear reuses the earlier run's files
    dense_non_zeros = 0;
    std::ofstream file(data_file, std::ios::binary);
    fmt::memory_buffer out;
    for (Eigen::Index i = 0; i < l; ++i) {
      fmt::format_to(std::back_inserter(out), "{}", y(i) == 1.0 ? "+1" : "-1");
      for (Eigen::Index c = 0; c < n; ++c) {
        if (x(i, c) == 0.0) continue;
        fmt::format_to(std::back_inserter(out), " {}:{:.17g}", c + 1, x(i, c));
        ++dense_non_zeros;
      }
      if (hashed)
        for (const pith::SparseEntry* e = sparse.row_begin(static_cast<std::size_t>(i));
             e != sparse.row_end(static_cast<std::size_t>(i)); ++e)
          fmt::format_to(std::back_inserter(out), " {}:{:.17g}", n + 1 + e->column, static_cast<double>(e->value));
      out.push_back('\n');
      if (out.size() > (std::size_t{64} << 20)) {
        file.write(out.data(), static_cast<std::streamsize>(out.size()));
        out.clear();
      }
    }
    file.write(out.data(), static_cast<std::streamsize>(out.size()));
  }
  const std::size_t sparse_non_zeros = sparse.non_zeros();
  // LIBLINEAR reads the exact decimal; {:.17g} round-trips, so both solvers see the same doubles.

  const std::string train = fmt::format("{} -q -s 0 -c {:.17g} -B {:.17g}", args.train_binary, args.c, args.bias_feature);
  Seconds liblinear_read_seconds, liblinear_seconds;
  if (!args.skip_liblinear) {
    // Reading and setting up alone: a tolerance so loose that TRON stops at w = 0.
    liblinear_read_seconds =
        run_seconds(fmt::format("{} -e 1e30 {} {}", train, data_file.string(), (args.work / "setup.model").string()));
    liblinear_seconds =
        run_seconds(fmt::format("{} -e {:.17g} {} {}", train, args.eps, data_file.string(), model_file.string()));
  }
  double ll_bias_weight = 0.0;
  const Eigen::VectorXd ll_file_weights = read_liblinear_weights(model_file, ll_bias_weight);
  // LIBLINEAR's weight vector ends at the largest index it saw; the columns past it weigh 0.
  Eigen::VectorXd ll = Eigen::VectorXd::Zero(columns);
  ll.head(std::min(columns, ll_file_weights.size())) = ll_file_weights.head(std::min(columns, ll_file_weights.size()));
  const double ll_bias = args.bias_feature * ll_bias_weight;
  const double ll_objective =
      pith::train::logistic_regression_objective(design, y, Eigen::VectorXd(), args.c, ll, ll_bias);
  const double ll_own_objective = ll_objective + ll_bias_weight * ll_bias_weight / 2.0;

  pith::train::LogisticRegressionOptions options;
  options.c = args.c;
  options.tolerance = args.eps;
  options.max_iterations = 1000;
  StderrSink sink;
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds(RUSAGE_SELF);
  const pith::train::LogisticRegressionFit fit =
      pith::train::fit_logistic_regression(design, y, Eigen::VectorXd(), options, args.verbose ? &sink : nullptr);
  const Seconds pith_seconds{seconds_since(start), cpu_seconds(RUSAGE_SELF) - cpu_start};
  // pith's objective on the double rows LIBLINEAR read, whatever precision the fit used.
  const double pith_objective =
      pith::train::logistic_regression_objective(design, y, Eigen::VectorXd(), args.c, fit.weights, fit.bias);
  std::string more;
  for (int threads : args.more_threads) {
    options.threads = threads;
    const auto start_more = Clock::now();
    const pith::train::LogisticRegressionFit other =
        pith::train::fit_logistic_regression(design, y, Eigen::VectorXd(), options);
    more += fmt::format(", {:.3f} s on {} threads (same bits: {})", seconds_since(start_more), threads,
                        other.objective == fit.objective && other.weights == fit.weights && other.bias == fit.bias
                            ? "yes"
                            : "NO");
  }

  const double dense_bytes = static_cast<double>(l) * static_cast<double>(n) * sizeof(double);
  const double sparse_bytes = static_cast<double>(sparse.memory_bytes());
  const double relative = (pith_objective - ll_objective) / std::abs(ll_objective);
  fmt::print("{} head: {} rows, {} columns ({} dense + {} hashed, {} of them kept) + bias, {} content\n", layout.name(),
             l, columns, n, columns - n, kept_columns, y.sum());
  fmt::print("  non-zeros: {} ({} dense + {} sparse)\n", dense_non_zeros + sparse_non_zeros, dense_non_zeros,
             sparse_non_zeros);
  fmt::print("  design matrix: dense {:.1f} MiB as doubles, sparse (CSR) {:.1f} MiB; process peak RSS so far {:.1f} MiB\n",
             mib(dense_bytes), mib(sparse_bytes), mib(peak_rss_bytes()));
  fmt::print("  C {:g}, eps {:g}, LIBLINEAR -B {:g}\n", args.c, args.eps, args.bias_feature);
  if (args.skip_liblinear)
    fmt::print("  LIBLINEAR 2.3 (TRON): objective f {:.12g} (own, with v^2/2: {:.12g}) from the earlier model file, "
               "not timed\n",
               ll_objective, ll_own_objective);
  else
    fmt::print("  LIBLINEAR 2.3 (TRON): objective f {:.12g} (own, with v^2/2: {:.12g}), {:.3f} s total "
               "({:.3f} s CPU), {:.3f} s of it reading and setup ({:.3f} s CPU), ~{:.3f} s solving ({:.3f} s CPU)\n",
               ll_objective, ll_own_objective, liblinear_seconds.wall, liblinear_seconds.cpu,
               liblinear_read_seconds.wall, liblinear_read_seconds.cpu,
               liblinear_seconds.wall - liblinear_read_seconds.wall, liblinear_seconds.cpu - liblinear_read_seconds.cpu);
  fmt::print("  pith: objective f {:.12g} (solver's own {:.12g}), {} iterations, |g| {:.3e}, {:.3f} s on 1 thread "
             "({:.3f} s CPU){}\n",
             pith_objective, fit.objective, fit.iterations, fit.gradient_norm, pith_seconds.wall, pith_seconds.cpu, more);
  fmt::print("  relative difference (pith - LIBLINEAR) / |LIBLINEAR|: {:.3e} ({})\n", relative,
             std::abs(relative) <= 1e-4 ? "within 1e-4" : "NOT within 1e-4");
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = parse(argc, argv);
  pith::train::TrainingSet set(pith::FeatureHashing{args.hash_bits, pith::kDefaultHashSeed});
  const auto start = Clock::now();
  for (const std::string& spec_text : args.datasets) {
    const pith::DatasetSpec spec = pith::parse_dataset_spec(spec_text);
    pith::for_each_labelled_page(spec, args.split, [&](pith::LabelledPage&& page) {
      if (page.labels.size() != page.document.paragraphs.size()) return;
      set.add_page(page);
    });
  }
  fmt::print("{} pages of {} ({} split, {} left out), read in {:.1f} s; hashing {} bits, hashed columns on fewer than {} "
             "pages dropped; peak RSS {:.1f} MiB\n",
             set.pages(), fmt::join(args.datasets, ", "), args.split, set.pages_left_out(), seconds_since(start),
             args.hash_bits, args.hashed_min_pages, mib(peak_rss_bytes()));
  std::fflush(stdout);
  benchmark(args, set, pith::PageKind::html);
  benchmark(args, set, pith::PageKind::text);
  return 0;
}
