#include "model/model_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
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

// Line feeds in `text`: byte sums in blocks whose byte-sized count cannot overflow, which the
// compiler vectorises (std::count went a byte a step over the few megabytes of a model).
std::size_t count_line_feeds(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t left = text.size(), count = 0;
  while (left > 0) {
    const std::size_t block = std::min<std::size_t>(left, 255);
    unsigned char in_block = 0;
    for (std::size_t i = 0; i < block; ++i) in_block = static_cast<unsigned char>(in_block + (p[i] == '\n'));
    count += in_block;
    p += block;
    left -= block;
  }
  return count;
}

// Reads the model text line by line, keeping the line number for messages.
class LineReader {
 public:
  LineReader(std::string_view text, const std::string& source) : text_(text), source_(&source) {}

  bool done() const { return position_ >= text_.size(); }
  std::size_t line_number() const { return line_number_; }
  // Lines not yet read: no count in a model can exceed it, whatever the file claims, so
  // checking a count against it bounds every allocation by the file's own size.
  std::size_t lines_left() const {
    if (!total_lines_) total_lines_ = count_line_feeds(text_) + 1;  // counted once, when a count is checked
    return *total_lines_ - line_number_;
  }

  std::string_view next() {
    if (done()) fail("the model ends early (truncated?)");
    const std::size_t end = text_.find('\n', position_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    std::string_view line = text_.substr(position_, stop - position_);
    position_ = end == std::string_view::npos ? text_.size() : end + 1;
    ++line_number_;
    return line;
  }

  // For a caller that reads a line itself: the text not read yet, then how long the line it
  // read was (without its line feed).
  std::string_view unread() const { return text_.substr(position_); }
  void skip_line(std::size_t length) {
    position_ = std::min(text_.size(), position_ + length + 1);
    ++line_number_;
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw Error(*source_, fmt::format("line {}", line_number_), message);
  }

 private:
  std::string_view text_;
  const std::string* source_;
  mutable std::optional<std::size_t> total_lines_;
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

// Appends the run of digits at `p` to `value` (value * 10 + digit for each) and leaves `p`
// after it. The caller bounds the run's length (19 digits cannot overflow 64 bits); a longer
// run may have wrapped `value` around, which it then does not use.
inline void read_digits(const char*& p, const char* const end, std::uint64_t& value) {
  std::uint64_t v = value;
  const char* q = p;
  for (; q != end; ++q) {
    const unsigned digit = static_cast<unsigned>(*q - '0');
    if (digit > 9) break;
    v = v * 10 + digit;
  }
  value = v;
  p = q;
}

// Clinger's fast path for the hashed weights, most of a model's lines: a decimal of at most
// 2^53 as an integer, times or over a power of ten up to 10^22, is one correctly rounded
// double operation on exact operands. Rounding that double to float gives the float nearest
// the decimal (what std::from_chars gives) unless the double is itself halfway between two
// floats (double rounding); that case, results that are not normal floats and any text not
// of the form -?digits(.digits)?(e[+-]?digits)? are left to std::from_chars. Reads from `p`
// up to the first byte that cannot continue the number (or `end`) and leaves `p` there; the
// caller checks what follows.
std::optional<float> parse_float_fast(const char*& p, const char* const end) {
  static constexpr std::array<double, 23> kPowersOfTen = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                          1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                          1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::uint64_t mantissa = 0;
  int exponent = 0;
  const auto digit = [&] { return p != end && static_cast<unsigned>(*p - '0') < 10; };
  const char* const integer_start = p;
  read_digits(p, end, mantissa);
  if (p == integer_start) return std::nullopt;
  std::ptrdiff_t digits = p - integer_start;
  if (p != end && *p == '.') {
    const char* const fraction_start = ++p;
    read_digits(p, end, mantissa);
    if (p == fraction_start) return std::nullopt;
    exponent = -static_cast<int>(std::min<std::ptrdiff_t>(p - fraction_start, 1000));
    digits += p - fraction_start;
  }
  if (digits > 19) return std::nullopt;  // the mantissa may have wrapped around
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative_exponent = p != end && *p == '-';
    if (p != end && (*p == '-' || *p == '+')) ++p;
    const char* const exponent_start = p;
    int written = 0;
    for (; digit() && written < 1000; ++p) written = written * 10 + (*p - '0');
    if (p == exponent_start) return std::nullopt;
    exponent += negative_exponent ? -written : written;
  }
  // a digit left over: an exponent past 1000
  if (digit() || mantissa > (std::uint64_t{1} << 53) || exponent < -22 || exponent > 22) return std::nullopt;
  const double magnitude = exponent < 0 ? static_cast<double>(mantissa) / kPowersOfTen[static_cast<std::size_t>(-exponent)]
                                        : static_cast<double>(mantissa) * kPowersOfTen[static_cast<std::size_t>(exponent)];
  const float value = static_cast<float>(magnitude);
  if (!(value >= std::numeric_limits<float>::min() && value <= std::numeric_limits<float>::max())) return std::nullopt;
  // halfway between two normal floats: the 29 bits of a double's fraction below a float's are 1000...0
  constexpr std::uint64_t kBelowFloat = (std::uint64_t{1} << 29) - 1;
  if ((std::bit_cast<std::uint64_t>(magnitude) & kBelowFloat) == (std::uint64_t{1} << 28)) return std::nullopt;
  return negative ? -value : value;
}

// A column number of at most 19 digits from `p` (no overflow is possible), leaving `p` after
// it; nullopt when there is no digit.
std::optional<std::uint64_t> parse_column_fast(const char*& p, const char* const end) {
  const char* const start = p;
  std::uint64_t value = 0;
  read_digits(p, end, value);
  if (p == start || p - start > 19) return std::nullopt;
  return value;
}

// A "column weight" line at the start of `text`, read without splitting it first: the column,
// the weight and the line's length (without its line feed). nullopt for anything but digits, one
// space and a number parse_float_fast reads to the line's end: those lines take the general way,
// which reads the same values and gives the same messages.
struct SparseWeightLine {
  std::uint64_t column;
  float weight;
  std::size_t length;
};
std::optional<SparseWeightLine> sparse_weight_line_fast(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const std::optional<std::uint64_t> column = parse_column_fast(p, end);
  if (!column || p == end || *p != ' ') return std::nullopt;
  ++p;
  const std::optional<float> weight = parse_float_fast(p, end);
  if (!weight || (p != end && *p != '\n')) return std::nullopt;
  return SparseWeightLine{*column, *weight, static_cast<std::size_t>(p - text.data())};
}

// Hashed weights are single precision: written in the shortest form that reads back as the
// same float, so they are read as a float too.
double parse_float(std::string_view text, const LineReader& reader) {
  const char* p = text.data();
  const char* const end = p + text.size();
  if (const std::optional<float> fast = parse_float_fast(p, end); fast && p == end) return *fast;
  float value = 0;
  const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || stop != text.data() + text.size())
    reader.fail(fmt::format("expected a number, found '{}'", text));
  if (!std::isfinite(value)) reader.fail(fmt::format("expected a finite number, found '{}'", text));
  return value;
}

std::uint64_t parse_count(std::string_view text, const LineReader& reader) {
  const char* p = text.data();
  const char* const end = p + text.size();
  if (const std::optional<std::uint64_t> fast = parse_column_fast(p, end); fast && p == end) return *fast;
  std::uint64_t value = 0;
  const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || stop != text.data() + text.size())
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
  // the checksum line's number, for the messages only
  const auto line_count = [&] { return count_line_feeds(trimmed) + 1; };
  if (!checksum_line.starts_with(kChecksumKey))
    throw Error(source, fmt::format("line {}", line_count()),
                "the model has no checksum line at its end (truncated or not a pith model)");
  const std::string_view body = text.substr(0, last_line == std::string_view::npos ? 0 : last_line + 1);
  const std::string expected = fmt::format("{:016x}", model_checksum(body));
  if (checksum_line.substr(kChecksumKey.size()) != expected)
    throw Error(source, fmt::format("line {}", line_count()),
                "checksum mismatch: the model file is corrupt or was edited");
  return body;
}

}  // namespace

std::uint64_t model_checksum(std::string_view bytes) {
  // FNV-1a (fnv1a::hash), eight bytes a turn of the loop: the multiplications stay one after
  // the other, the loop's own count and branch go from once a byte to once in eight
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::uint64_t state = fnv1a::kOffsetBasis;
  std::size_t i = 0;
  for (; size - i >= 8; i += 8)
    for (std::size_t k = 0; k < 8; ++k) state = fnv1a::add(state, p[i + k]);
  for (; i < size; ++i) state = fnv1a::add(state, p[i]);
  return state;
}

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
      const bool weights = key == "sparse-weights";
      if (weights)
        target->paragraph.sparse_weights = Eigen::VectorXd::Zero(columns);
      else
        target->hashed_names.reserve(count);
      for (std::uint64_t k = 0; k < count; ++k) {
        if (weights && !reader.done()) {
          if (const std::optional<SparseWeightLine> line = sparse_weight_line_fast(reader.unread())) {
            reader.skip_line(line->length);
            if (line->column >= columns)
              reader.fail(fmt::format("column {} is past the {} hashed columns", line->column, columns));
            target->paragraph.sparse_weights[static_cast<Eigen::Index>(line->column)] = line->weight;
            continue;
          }
        }
        const auto [column_text, rest] = split_key(reader.next());
        const std::uint64_t column = parse_count(column_text, reader);
        if (column >= columns) reader.fail(fmt::format("column {} is past the {} hashed columns", column, columns));
        if (weights)
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
  // read straight into one buffer of the file's size, not filled first (a string stream grew
  // by doubling, then was copied again); the loop reads what the size did not say (a file
  // that grew, a pipe)
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.clear();
  in.seekg(0, std::ios::beg);
  std::size_t capacity = size > 0 ? static_cast<std::size_t>(size) + 1 : std::size_t{1} << 16, used = 0;
  std::unique_ptr<char[]> contents = std::make_unique_for_overwrite<char[]>(capacity);
  for (;;) {
    in.read(contents.get() + used, static_cast<std::streamsize>(capacity - used));
    used += static_cast<std::size_t>(in.gcount());
    if (used < capacity) break;
    std::unique_ptr<char[]> larger = std::make_unique_for_overwrite<char[]>(capacity * 2);
    std::memcpy(larger.get(), contents.get(), used);
    contents = std::move(larger);
    capacity *= 2;
  }
  return parse_model(std::string_view(contents.get(), used), path.string());
}

void save_model(const Model& model, const std::filesystem::path& path) {
  write_file_atomically(path, serialize_model(model));
}

}  // namespace pith
