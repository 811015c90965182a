#include "model/model_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "features/error.h"
#include "features/feature_table.h"
#include "features/fnv1a.h"
#include "features/output_file.h"
#include "features/page_kind.h"
#include "model/stacking_features.h"

namespace pith {
namespace {

constexpr std::string_view kMagic = "pith-model";
constexpr std::string_view kChecksumKey = "checksum ";

std::string format_number(double value) { return fmt::format("{:.17g}", value); }

// Reads the model text line by line, keeping the line number for messages.
class LineReader {
 public:
  LineReader(std::string_view text, const std::string& source)
      : text_(text),
        source_(&source),
        total_lines_(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1) {}

  bool done() const { return position_ >= text_.size(); }
  std::size_t line_number() const { return line_number_; }
  // Lines not yet read: no count in a model can exceed it, whatever the file claims, so
  // checking a count against it bounds every allocation by the file's own size.
  std::size_t lines_left() const { return total_lines_ - line_number_; }

  std::string_view next() {
    if (done()) fail("the model ends early (truncated?)");
    const std::size_t end = text_.find('\n', position_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    std::string_view line = text_.substr(position_, stop - position_);
    position_ = end == std::string_view::npos ? text_.size() : end + 1;
    ++line_number_;
    return line;
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw Error(*source_, fmt::format("line {}", line_number_), message);
  }

 private:
  std::string_view text_;
  const std::string* source_;
  std::size_t total_lines_;
  std::size_t position_ = 0;
  std::size_t line_number_ = 0;
};

std::pair<std::string_view, std::string_view> split_key(std::string_view line) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return {line, {}};
  return {line.substr(0, space), line.substr(space + 1)};
}

// Every number in a model is finite: a NaN or infinite weight, mean or scale would make every
// probability NaN.
double parse_double(std::string_view text, const LineReader& reader) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    reader.fail(fmt::format("expected a number, found '{}'", text));
  if (!std::isfinite(value)) reader.fail(fmt::format("expected a finite number, found '{}'", text));
  return value;
}

// Hashed weights are single precision: written in the shortest form that reads back as the
// same float, so they are read as a float too.
double parse_float(std::string_view text, const LineReader& reader) {
  float value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    reader.fail(fmt::format("expected a number, found '{}'", text));
  if (!std::isfinite(value)) reader.fail(fmt::format("expected a finite number, found '{}'", text));
  return value;
}

std::uint64_t parse_count(std::string_view text, const LineReader& reader) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    reader.fail(fmt::format("expected a count, found '{}'", text));
  return value;
}

// A count of lines that follow: never more than the file holds.
std::uint64_t parse_line_count(std::string_view text, const LineReader& reader) {
  const std::uint64_t value = parse_count(text, reader);
  if (value > reader.lines_left())
    reader.fail(fmt::format("the count {} is larger than the {} lines left in the file (truncated or edited?)", value,
                            reader.lines_left()));
  return value;
}

PageKind parse_kind(std::string_view text, const LineReader& reader) {
  if (const std::optional<PageKind> kind = page_kind_from_name(text)) return *kind;
  reader.fail(fmt::format("unknown head '{}' (expected html or text)", text));
}

ModelHead* find_head(Model& model, PageKind kind) {
  for (ModelHead& head : model.heads)
    if (head.kind == kind) return &head;
  return nullptr;
}

// Checks the checksum line and returns the text it covers.
std::string_view verified_body(std::string_view text, const std::string& source) {
  std::string_view trimmed = text;
  if (trimmed.ends_with('\n')) trimmed.remove_suffix(1);
  const std::size_t last_line = trimmed.rfind('\n');
  const std::string_view checksum_line =
      last_line == std::string_view::npos ? trimmed : trimmed.substr(last_line + 1);
  const std::size_t line_count = static_cast<std::size_t>(std::count(trimmed.begin(), trimmed.end(), '\n')) + 1;
  if (!checksum_line.starts_with(kChecksumKey))
    throw Error(source, fmt::format("line {}", line_count),
                "the model has no checksum line at its end (truncated or not a pith model)");
  const std::string_view body = text.substr(0, last_line == std::string_view::npos ? 0 : last_line + 1);
  const std::string expected = fmt::format("{:016x}", model_checksum(body));
  if (checksum_line.substr(kChecksumKey.size()) != expected)
    throw Error(source, fmt::format("line {}", line_count),
                "checksum mismatch: the model file is corrupt or was edited");
  return body;
}

}  // namespace

std::uint64_t model_checksum(std::string_view bytes) { return fnv1a::hash(bytes); }

const ModelHead* Model::head_for(PageKind kind) const {
  const ModelHead* text_head = nullptr;
  for (const ModelHead& head : heads) {
    if (head.kind == kind) return &head;
    if (head.kind == PageKind::text) text_head = &head;
  }
  return text_head;
}

namespace {

void serialize_features(std::string& out, std::string_view key, const LinearScorer& scorer) {
  out += fmt::format("{}s {}\n", key, scorer.feature_names.size());
  for (std::size_t i = 0; i < scorer.feature_names.size(); ++i)
    out += fmt::format("{} {} {} {}\n", key, scorer.feature_names[i],
                       format_number(scorer.mean[static_cast<Eigen::Index>(i)]),
                       format_number(scorer.scale[static_cast<Eigen::Index>(i)]));
}

void serialize_weights(std::string& out, std::string_view section, const LinearScorer& scorer) {
  out += fmt::format("weights {} {}\n", section, scorer.weights.size() + 1);
  out += format_number(scorer.bias) + "\n";
  for (double weight : scorer.weights) out += format_number(weight) + "\n";
}

void serialize_sparse_weights(std::string& out, const ModelHead& head) {
  const Eigen::VectorXd& weights = head.paragraph.sparse_weights;
  const auto non_zero = (weights.array() != 0.0).count();
  out += fmt::format("sparse-weights {} {}\n", page_kind_name(head.kind), non_zero);
  for (Eigen::Index j = 0; j < weights.size(); ++j)
    if (weights[j] != 0.0) out += fmt::format("{} {}\n", j, static_cast<float>(weights[j]));
  out += fmt::format("sparse-names {} {}\n", page_kind_name(head.kind), head.hashed_names.size());
  for (const auto& [column, token] : head.hashed_names) out += fmt::format("{} {}\n", column, token);
}

}  // namespace

std::string serialize_model(const Model& model) {
  std::string out = fmt::format("{} {}\n", kMagic, kModelFormatVersion);
  for (const auto& [key, value] : model.settings) out += fmt::format("{} {}\n", key, value);
  for (const ModelHead& head : model.heads) {
    const std::string_view name = page_kind_name(head.kind);
    out += fmt::format("head {}\n", name);
    out += fmt::format("{}.threshold {}\n", name, format_number(head.threshold));
    out += fmt::format("{}.regularization-c {}\n", name, format_number(head.regularization_c));
    out += fmt::format("{}.training-rows {}\n", name, head.training_rows);
    if (head.hashing.enabled()) out += fmt::format("{}.hashing {} {}\n", name, head.hashing.bits, head.hashing.seed);
    serialize_features(out, fmt::format("{}.feature", name), head.paragraph);
    if (head.stacking) serialize_features(out, fmt::format("{}.stacking-feature", name), *head.stacking);
  }
  for (const ModelHead& head : model.heads) {
    serialize_weights(out, page_kind_name(head.kind), head.paragraph);
    if (head.stacking) serialize_weights(out, fmt::format("{}.stacking", page_kind_name(head.kind)), *head.stacking);
    if (head.hashing.enabled()) serialize_sparse_weights(out, head);
  }
  out += fmt::format("{}{:016x}\n", kChecksumKey, model_checksum(out));
  return out;
}

Model parse_model(std::string_view text, const std::string& source) {
  LineReader reader(text, source);
  int format_version = kModelFormatVersion;
  if (text.empty()) throw Error(source, "", "the model file is empty");
  {
    const auto [magic, version_text] = split_key(reader.next());
    if (magic.ends_with('\r') || version_text.ends_with('\r'))
      reader.fail("the model file has Windows line ends (CRLF), which change its checksum: pith writes and reads "
                  "LF only (convert it back with dos2unix, or save it again from pith)");
    if (magic != kMagic) reader.fail(fmt::format("not a pith model (first line should start with '{}')", kMagic));
    const std::uint64_t version = parse_count(version_text, reader);
    if (version > static_cast<std::uint64_t>(kModelFormatVersion))
      reader.fail(fmt::format("model format version {} is newer than this pith reads ({}); upgrade pith",
                              version, kModelFormatVersion));
    if (version == 0) reader.fail("model format version 0 does not exist");
    format_version = static_cast<int>(version);
  }
  const std::string_view body = verified_body(text, source);
  reader = LineReader(body, source);
  reader.next();  // the magic line, checked above

  Model model;
  model.format_version = format_version;
  ModelHead* head = nullptr;
  struct Section {
    PageKind kind;
    bool stacking;
  };
  std::vector<Section> weights_read;
  const auto scorer_of = [](ModelHead& h, bool stacking) -> LinearScorer& {
    if (!stacking) return h.paragraph;
    if (!h.stacking) h.stacking.emplace();
    return *h.stacking;
  };
  while (!reader.done()) {
    const std::string_view line = reader.next();
    const auto [key, value] = split_key(line);
    if (key == "head") {
      const PageKind kind = parse_kind(value, reader);
      if (find_head(model, kind)) reader.fail(fmt::format("head '{}' appears twice", value));
      model.heads.push_back(ModelHead{});
      head = &model.heads.back();
      head->kind = kind;
    } else if (key == "weights") {
      const auto [section, count_text] = split_key(value);
      const bool stacking = section.ends_with(".stacking");
      const std::string_view kind_name = stacking ? section.substr(0, section.size() - 9) : section;
      ModelHead* target = find_head(model, parse_kind(kind_name, reader));
      if (!target) reader.fail(fmt::format("weights for head '{}' which has no header", kind_name));
      if (stacking && !target->stacking) reader.fail(fmt::format("weights for '{}' which lists no features", section));
      LinearScorer& scorer = scorer_of(*target, stacking);
      const std::uint64_t count = parse_line_count(count_text, reader);
      if (count != scorer.feature_names.size() + 1)
        reader.fail(fmt::format("'{}' has {} features, so {} weights (bias first) were expected, not {}", section,
                                scorer.feature_names.size(), scorer.feature_names.size() + 1, count));
      scorer.weights.resize(static_cast<Eigen::Index>(count - 1));
      scorer.bias = parse_double(reader.next(), reader);
      for (Eigen::Index i = 0; i < scorer.weights.size(); ++i) scorer.weights[i] = parse_double(reader.next(), reader);
      weights_read.push_back({target->kind, stacking});
      head = nullptr;
    } else if (key == "sparse-weights" || key == "sparse-names") {
      const auto [kind_name, count_text] = split_key(value);
      ModelHead* target = find_head(model, parse_kind(kind_name, reader));
      if (!target) reader.fail(fmt::format("{} for head '{}' which has no header", key, kind_name));
      if (!target->hashing.enabled())
        reader.fail(fmt::format("{} for head '{}' which declares no hashing", key, kind_name));
      const std::uint64_t count = parse_line_count(count_text, reader);
      const std::uint32_t columns = target->hashing.columns();
      if (count > columns) reader.fail(fmt::format("{} lists {} columns but the head hashes to {}", key, count, columns));
      if (key == "sparse-weights" ? target->paragraph.sparse_weights.size() != 0 : !target->hashed_names.empty())
        reader.fail(fmt::format("{} for head '{}' appears twice", key, kind_name));
      if (key == "sparse-weights") target->paragraph.sparse_weights = Eigen::VectorXd::Zero(columns);
      for (std::uint64_t k = 0; k < count; ++k) {
        const auto [column_text, rest] = split_key(reader.next());
        const std::uint64_t column = parse_count(column_text, reader);
        if (column >= columns) reader.fail(fmt::format("column {} is past the {} hashed columns", column, columns));
        if (key == "sparse-weights")
          target->paragraph.sparse_weights[static_cast<Eigen::Index>(column)] = parse_float(rest, reader);
        else
          target->hashed_names.emplace_back(static_cast<std::uint32_t>(column), std::string(rest));
      }
      head = nullptr;
    } else if (head && key.starts_with(page_kind_name(head->kind)) && key.size() > page_kind_name(head->kind).size() &&
               key[page_kind_name(head->kind).size()] == '.') {
      const std::string_view field = key.substr(page_kind_name(head->kind).size() + 1);
      const bool stacking = field.starts_with("stacking-");
      const std::string_view scorer_field = stacking ? field.substr(9) : field;
      if (field == "threshold") {
        head->threshold = parse_double(value, reader);
        if (head->threshold < 0 || head->threshold > 1)
          reader.fail(fmt::format("the threshold must be a probability (0 to 1), not {}", value));
      } else if (field == "regularization-c") {
        head->regularization_c = parse_double(value, reader);
        if (!(head->regularization_c > 0))
          reader.fail(fmt::format("regularization-c must be positive, not {}", value));
      } else if (field == "training-rows") {
        head->training_rows = parse_count(value, reader);
      } else if (field == "hashing") {
        const auto [bits_text, seed_text] = split_key(value);
        const std::uint64_t bits = parse_count(bits_text, reader);
        if (bits < 1 || bits > static_cast<std::uint64_t>(kMaxHashBits))
          reader.fail(fmt::format("hashing bits must be 1 to {}, not {}", kMaxHashBits, bits));
        head->hashing.bits = static_cast<int>(bits);
        head->hashing.seed = parse_count(seed_text, reader);
      } else if (scorer_field == "features") {
        LinearScorer& scorer = scorer_of(*head, stacking);
        if (scorer.mean.size() != 0 || !scorer.feature_names.empty())
          reader.fail(fmt::format("'{}' appears twice", key));
        const std::uint64_t declared = parse_line_count(value, reader);
        scorer.mean.resize(static_cast<Eigen::Index>(declared));
        scorer.scale.resize(static_cast<Eigen::Index>(declared));
      } else if (scorer_field == "feature") {
        LinearScorer& scorer = scorer_of(*head, stacking);
        const std::size_t i = scorer.feature_names.size();
        if (i >= static_cast<std::size_t>(scorer.mean.size()))
          reader.fail(fmt::format("more '{}' lines than its count says", key));
        const auto [name, numbers] = split_key(value);
        const auto [mean_text, scale_text] = split_key(numbers);
        scorer.feature_names.emplace_back(name);
        scorer.mean[static_cast<Eigen::Index>(i)] = parse_double(mean_text, reader);
        scorer.scale[static_cast<Eigen::Index>(i)] = parse_double(scale_text, reader);
        if (!(scorer.scale[static_cast<Eigen::Index>(i)] > 0))
          reader.fail(fmt::format("feature '{}' has a scale that is not positive", name));
      } else {
        reader.fail(fmt::format("unknown head setting '{}'", key));
      }
    } else if (!key.empty()) {
      if (!model.heads.empty()) reader.fail(fmt::format("unexpected line '{}' after the heads began", key));
      model.settings.emplace_back(std::string(key), std::string(value));
    }
  }

  if (model.heads.empty()) throw Error(source, "", "the model has no heads");
  const auto check_scorer = [&](const ModelHead& h, const LinearScorer& scorer, bool stacking,
                                const std::vector<std::string>& expected) {
    const std::string name = fmt::format("{}{}", page_kind_name(h.kind), stacking ? ".stacking" : "");
    if (scorer.mean.size() != static_cast<Eigen::Index>(scorer.feature_names.size()))
      throw Error(source, "", fmt::format("'{}' declares {} features but lists {}", name, scorer.mean.size(),
                                          scorer.feature_names.size()));
    if (std::none_of(weights_read.begin(), weights_read.end(),
                     [&](const Section& s) { return s.kind == h.kind && s.stacking == stacking; }))
      throw Error(source, "", fmt::format("'{}' has no weights section", name));
    if (scorer.feature_names != expected) {
      std::size_t first_difference = 0;
      while (first_difference < std::min(scorer.feature_names.size(), expected.size()) &&
             scorer.feature_names[first_difference] == expected[first_difference])
        ++first_difference;
      throw Error(source, "",
                  fmt::format("'{}' was trained on a different feature set than this pith computes "
                              "({} features in the model, {} here; first difference at feature {}): retrain it",
                              name, scorer.feature_names.size(), expected.size(), first_difference + 1));
    }
  };
  const std::vector<std::string> stacking_names = stacking_feature_names();
  for (const ModelHead& h : model.heads) {
    check_scorer(h, h.paragraph, false, FeatureLayout::of(h.kind).names());
    if (h.hashing.enabled() && h.paragraph.sparse_weights.size() == 0)
      throw Error(source, "", fmt::format("'{}' declares hashing but has no sparse-weights section", page_kind_name(h.kind)));
    if (h.stacking) check_scorer(h, *h.stacking, true, stacking_names);
  }
  return model;
}

Model load_model(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), "", "cannot open the model file");
  std::ostringstream contents;
  contents << in.rdbuf();
  return parse_model(contents.str(), path.string());
}

void save_model(const Model& model, const std::filesystem::path& path) {
  write_file_atomically(path, serialize_model(model));
}

}  // namespace pith
