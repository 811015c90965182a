#include "infer/model_file.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "features/error.h"
#include "features/feature_table.h"

namespace pith {
namespace {

constexpr std::string_view kMagic = "pith-model";
constexpr std::string_view kChecksumKey = "checksum ";

std::string format_number(double value) { return fmt::format("{:.17g}", value); }

// Reads the model text line by line, keeping the line number for messages.
class LineReader {
 public:
  LineReader(std::string_view text, const std::string& source) : text_(text), source_(&source) {}

  bool done() const { return position_ >= text_.size(); }
  std::size_t line_number() const { return line_number_; }

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
  std::size_t position_ = 0;
  std::size_t line_number_ = 0;
};

std::pair<std::string_view, std::string_view> split_key(std::string_view line) {
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return {line, {}};
  return {line.substr(0, space), line.substr(space + 1)};
}

double parse_double(std::string_view text, const LineReader& reader) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    reader.fail(fmt::format("expected a number, found '{}'", text));
  return value;
}

std::uint64_t parse_count(std::string_view text, const LineReader& reader) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    reader.fail(fmt::format("expected a count, found '{}'", text));
  return value;
}

PageKind parse_kind(std::string_view text, const LineReader& reader) {
  if (text == "html") return PageKind::html;
  if (text == "text") return PageKind::text;
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

std::uint64_t model_checksum(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

const ModelHead* Model::head_for(PageKind kind) const {
  const ModelHead* text_head = nullptr;
  for (const ModelHead& head : heads) {
    if (head.kind == kind) return &head;
    if (head.kind == PageKind::text) text_head = &head;
  }
  return text_head;
}

std::string serialize_model(const Model& model) {
  std::string out = fmt::format("{} {}\n", kMagic, kModelFormatVersion);
  for (const auto& [key, value] : model.settings) out += fmt::format("{} {}\n", key, value);
  for (const ModelHead& head : model.heads) {
    const std::string_view name = page_kind_name(head.kind);
    out += fmt::format("head {}\n", name);
    out += fmt::format("{}.threshold {}\n", name, format_number(head.threshold));
    out += fmt::format("{}.regularization-c {}\n", name, format_number(head.regularization_c));
    out += fmt::format("{}.training-rows {}\n", name, head.training_rows);
    out += fmt::format("{}.features {}\n", name, head.feature_names.size());
    for (std::size_t i = 0; i < head.feature_names.size(); ++i)
      out += fmt::format("{}.feature {} {} {}\n", name, head.feature_names[i],
                         format_number(head.mean[static_cast<Eigen::Index>(i)]),
                         format_number(head.scale[static_cast<Eigen::Index>(i)]));
  }
  for (const ModelHead& head : model.heads) {
    out += fmt::format("weights {} {}\n", page_kind_name(head.kind), head.weights.size() + 1);
    out += format_number(head.bias) + "\n";
    for (double weight : head.weights) out += format_number(weight) + "\n";
  }
  out += fmt::format("{}{:016x}\n", kChecksumKey, model_checksum(out));
  return out;
}

Model parse_model(std::string_view text, const std::string& source) {
  LineReader reader(text, source);
  if (text.empty()) throw Error(source, "", "the model file is empty");
  {
    const auto [magic, version_text] = split_key(reader.next());
    if (magic != kMagic) reader.fail(fmt::format("not a pith model (first line should start with '{}')", kMagic));
    const std::uint64_t version = parse_count(version_text, reader);
    if (version > static_cast<std::uint64_t>(kModelFormatVersion))
      reader.fail(fmt::format("model format version {} is newer than this pith reads ({}); upgrade pith",
                              version, kModelFormatVersion));
    if (version == 0) reader.fail("model format version 0 does not exist");
  }
  const std::string_view body = verified_body(text, source);
  reader = LineReader(body, source);
  reader.next();  // the magic line, checked above

  Model model;
  ModelHead* head = nullptr;
  std::size_t declared_features = 0;
  std::vector<PageKind> heads_with_weights;
  while (!reader.done()) {
    const std::string_view line = reader.next();
    const auto [key, value] = split_key(line);
    if (key == "head") {
      const PageKind kind = parse_kind(value, reader);
      if (find_head(model, kind)) reader.fail(fmt::format("head '{}' appears twice", value));
      model.heads.push_back(ModelHead{});
      head = &model.heads.back();
      head->kind = kind;
      declared_features = 0;
    } else if (key == "weights") {
      const auto [kind_name, count_text] = split_key(value);
      ModelHead* target = find_head(model, parse_kind(kind_name, reader));
      if (!target) reader.fail(fmt::format("weights for head '{}' which has no header", kind_name));
      const std::uint64_t count = parse_count(count_text, reader);
      if (count != target->feature_names.size() + 1)
        reader.fail(fmt::format("head '{}' has {} features, so {} weights (bias first) were expected, not {}",
                                kind_name, target->feature_names.size(), target->feature_names.size() + 1, count));
      target->weights.resize(static_cast<Eigen::Index>(count - 1));
      target->bias = parse_double(reader.next(), reader);
      for (Eigen::Index i = 0; i < target->weights.size(); ++i) target->weights[i] = parse_double(reader.next(), reader);
      heads_with_weights.push_back(target->kind);
      head = nullptr;
    } else if (head && key.starts_with(page_kind_name(head->kind)) && key.size() > page_kind_name(head->kind).size() &&
               key[page_kind_name(head->kind).size()] == '.') {
      const std::string_view field = key.substr(page_kind_name(head->kind).size() + 1);
      if (field == "threshold") {
        head->threshold = parse_double(value, reader);
      } else if (field == "regularization-c") {
        head->regularization_c = parse_double(value, reader);
      } else if (field == "training-rows") {
        head->training_rows = parse_count(value, reader);
      } else if (field == "features") {
        declared_features = parse_count(value, reader);
        head->mean.resize(static_cast<Eigen::Index>(declared_features));
        head->scale.resize(static_cast<Eigen::Index>(declared_features));
      } else if (field == "feature") {
        const std::size_t i = head->feature_names.size();
        if (i >= declared_features) reader.fail("more feature lines than the head's 'features' count");
        const auto [name, numbers] = split_key(value);
        const auto [mean_text, scale_text] = split_key(numbers);
        head->feature_names.emplace_back(name);
        head->mean[static_cast<Eigen::Index>(i)] = parse_double(mean_text, reader);
        head->scale[static_cast<Eigen::Index>(i)] = parse_double(scale_text, reader);
        if (!(head->scale[static_cast<Eigen::Index>(i)] > 0))
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
  for (const ModelHead& h : model.heads) {
    const std::string_view name = page_kind_name(h.kind);
    if (h.mean.size() != static_cast<Eigen::Index>(h.feature_names.size()))
      throw Error(source, "", fmt::format("head '{}' declares {} features but lists {}", name, h.mean.size(),
                                          h.feature_names.size()));
    if (std::find(heads_with_weights.begin(), heads_with_weights.end(), h.kind) == heads_with_weights.end())
      throw Error(source, "", fmt::format("head '{}' has no weights section", name));
    const FeatureLayout layout(h.kind);
    if (h.feature_names != layout.names()) {
      std::size_t first_difference = 0;
      while (first_difference < std::min(h.feature_names.size(), layout.names().size()) &&
             h.feature_names[first_difference] == layout.names()[first_difference])
        ++first_difference;
      throw Error(source, "",
                  fmt::format("head '{}' was trained on a different feature set than this pith computes "
                              "({} features in the model, {} here; first difference at feature {}): retrain it",
                              name, h.feature_names.size(), layout.names().size(), first_difference + 1));
    }
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
  const std::string text = serialize_model(model);
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(temporary.string(), "", "cannot create the model file");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) throw Error(temporary.string(), "", "cannot write the model file");
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw Error(path.string(), "", "cannot move the new model into place");
  }
}

}  // namespace pith
