// pith's HTML tokenizer (features/html_tokenizer.h) against the html5lib tokenizer suite in
// ../shared/html5lib-tests/tokenizer (the JSON format is described in its README.md).
//
// Every case must give html5lib's tokens except the known deviations listed below, each of
// which must still fail (a listed case that passes fails the test, so the list hides nothing).
// Not run, and listed in the summary: the "CDATA section state" runs (HtmlTextModel has no
// CDATA model; the standard's tokenizer reaches that state only from "<![CDATA[" in foreign
// content, svg or math) and xmlViolation.test (its expected tokens are after the standard's
// "coercing an HTML DOM into an infoset" tweaks, not a tokenizer's output).
//
// How the tokens are compared, as html5lib compares them: adjacent text calls are one
// Character token; a StartTag's attributes compare as a map (the first of duplicates kept, as
// the header and html5lib both say), with its self-closing flag; DOCTYPE tokens compare by name
// alone (the tokenizer reads them with their name only; a null name is the empty name);
// "errors" are not checked. In "doubleEscaped" tests \uXXXX sequences are unescaped after the
// JSON decoding; a lone surrogate becomes its 3-byte generalised UTF-8 (WTF-8) form, which is
// what the tokenizer must pass through as the standard passes the surrogate through.
//
// Besides the tokens, the header's promises to the sink: text calls are never empty, offsets
// lie inside the input and never go back.
//
// PITH_HTML5LIB_ALL_FAILURES=1 in the environment prints every unexpected result instead of
// the first 40.
#include "features/html_tokenizer.h"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Known deviations: the cases where pith's tokenizer gives other tokens than html5lib's by
// design, each with the simplification of features/html_tokenizer.h that explains it. Keyed by
// file, initial state and description (a description shared by several cases of one file
// covers them all, and each of them must fail).
struct KnownDeviation {
  std::string_view file;
  std::string_view state;
  std::string_view description;
  std::string_view reason;
};

constexpr std::string_view kScriptEscapes =
    "the script data escape states are simplified: text inside a script ends at the first \"</script\" whatever "
    "\"<!--\" or \"<script\" came before it (features/html_tokenizer.h)";

const std::vector<KnownDeviation> kKnownDeviations = {
    // "<!-- <script></script> --></script>": html5lib keeps "<!-- <script></script> -->" as text.
    {"domjs.test", "Script data state", "</script> in script HTML comment - double escaped", kScriptEscapes},
    // "<!-- <script><script></script></script> --></script>": html5lib ends the text at the second "</script>".
    {"domjs.test", "Script data state", "</script> in script HTML comment - double escaped with nested <script>",
     kScriptEscapes},
};
// ---------------------------------------------------------------------------------------------

constexpr std::size_t kFailuresShown = 40;

// A token as html5lib's tests write it.
struct Token {
  std::string kind;  // "StartTag", "EndTag", "Comment", "Character" or "DOCTYPE"
  std::string data;  // the name of a tag or DOCTYPE, the text of a Comment or Character token
  std::map<std::string, std::string> attributes;
  bool self_closing = false;
  // Attribute names the tokenizer handed more than once in one tag (it must keep the first
  // alone); never expected, so a repeat makes the token differ.
  std::vector<std::string> repeated_attributes;

  bool operator==(const Token&) const = default;
};

Token token_of(std::string_view kind, std::string data = {}) {
  Token token;
  token.kind = kind;
  token.data = std::move(data);
  return token;
}

// Adjacent Character tokens coalesce, as in html5lib's expected output.
void append(std::vector<Token>& tokens, Token token) {
  if (token.kind == "Character" && !tokens.empty() && tokens.back().kind == "Character")
    tokens.back().data += token.data;
  else
    tokens.push_back(std::move(token));
}

// Appends the code point as UTF-8; surrogates get their 3-byte form (generalised UTF-8).
void append_code_point(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::optional<std::uint32_t> hex4(std::string_view s, std::size_t at) {
  if (at + 6 > s.size() || s[at] != '\\' || s[at + 1] != 'u') return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t i = at + 2; i < at + 6; ++i) {
    const char c = s[i];
    value <<= 4;
    if (c >= '0' && c <= '9')
      value |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      value |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      value |= static_cast<std::uint32_t>(c - 'A' + 10);
    else
      return std::nullopt;
  }
  return value;
}

// The second unescaping of "doubleEscaped" tests: each \uHHHH becomes its code point (a high
// and a low surrogate in a row become one code point; a lone one stays a surrogate).
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::optional<std::uint32_t> unit = hex4(s, i);
    if (!unit) {
      out += s[i++];
      continue;
    }
    i += 6;
    std::uint32_t code_point = *unit;
    if (code_point >= 0xD800 && code_point <= 0xDBFF)
      if (const std::optional<std::uint32_t> low = hex4(s, i); low && *low >= 0xDC00 && *low <= 0xDFFF) {
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
        i += 6;
      }
    append_code_point(out, code_point);
  }
  return out;
}

// A string for the messages: quoted, printable ASCII as is, everything else escaped (\uXXXX
// for code points decoded leniently from UTF-8, surrogates included; \xHH for stray bytes).
std::string shown(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      if (byte == '"' || byte == '\\') out += '\\';
      out += static_cast<char>(byte);
      ++i;
      continue;
    }
    if (byte == '\n') {
      out += "\\n", ++i;
      continue;
    }
    std::size_t length = byte < 0x80 ? 1 : byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3
                                                                            : byte >= 0xF0 && byte <= 0xF4 ? 4
                                                                                                             : 0;
    std::uint32_t code_point = length == 1 ? byte : length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
      if ((next & 0xC0) != 0x80) {
        length = 0;
        break;
      }
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (length == 0) {
      out += fmt::format("\\x{:02X}", byte);
      ++i;
    } else {
      out += code_point > 0xFFFF ? fmt::format("\\u{{{:X}}}", code_point) : fmt::format("\\u{:04X}", code_point);
      i += length;
    }
  }
  return out + "\"";
}

std::string shown(const Token& token) {
  std::string out = "[" + token.kind + " " + shown(token.data);
  if (token.kind == "StartTag") {
    out += " {";
    bool first = true;
    for (const auto& [name, value] : token.attributes) {
      out += fmt::format("{}{}: {}", first ? "" : ", ", shown(name), shown(value));
      first = false;
    }
    out += "}";
    if (token.self_closing) out += " self-closing";
    for (const std::string& name : token.repeated_attributes) out += " REPEATED:" + shown(name);
  }
  return out + "]";
}

// One token a line, the lines after the first indented by `indent`.
std::string shown(const std::vector<Token>& tokens, std::string_view indent) {
  std::string out;
  for (const Token& token : tokens) out += (out.empty() ? "" : "\n" + std::string(indent)) + shown(token);
  return out.empty() ? "(no tokens)" : out;
}

// Records the tokens, and breaches of the header's promises to the sink.
class Recorder : public pith::HtmlTokenSink {
 public:
  explicit Recorder(std::size_t input_size) : input_size_(input_size) {}

  pith::HtmlTextModel start_tag(std::string_view name, const pith::HtmlAttributes& attributes, bool self_closing,
                                std::size_t offset) override {
    Token token = token_of("StartTag", std::string(name));
    for (const pith::HtmlAttribute& attribute : attributes)
      if (!token.attributes.emplace(attribute.name, attribute.value).second)
        token.repeated_attributes.emplace_back(attribute.name);
    token.self_closing = self_closing;
    add(std::move(token), offset);
    return pith::HtmlTextModel::data;  // html5lib's tokenizer tests never switch state on a start tag
  }
  void end_tag(std::string_view name, std::size_t offset) override {
    add(token_of("EndTag", std::string(name)), offset);
  }
  void text(std::string_view utf8, std::size_t offset) override {
    if (utf8.empty()) breaches.push_back(fmt::format("empty text call at offset {}", offset));
    add(token_of("Character", std::string(utf8)), offset);
  }
  void comment(std::string_view data, std::size_t offset) override {
    add(token_of("Comment", std::string(data)), offset);
  }
  void doctype(std::string_view name, std::size_t offset) override {
    add(token_of("DOCTYPE", std::string(name)), offset);
  }

  std::vector<Token> tokens;
  std::vector<std::string> breaches;

 private:
  void add(Token token, std::size_t offset) {
    if (offset >= input_size_)
      breaches.push_back(fmt::format("{} token at offset {}, past the input ({} bytes)", token.kind, offset, input_size_));
    if (last_offset_ && offset < *last_offset_)
      breaches.push_back(fmt::format("{} token at offset {} after a token at offset {}", token.kind, offset, *last_offset_));
    last_offset_ = offset;
    append(tokens, std::move(token));
  }

  std::size_t input_size_;
  std::optional<std::size_t> last_offset_;
};

// The initial states html5lib names, as the text models of the header; CDATA has none.
std::optional<pith::HtmlTextModel> text_model(std::string_view state) {
  if (state == "Data state") return pith::HtmlTextModel::data;
  if (state == "PLAINTEXT state") return pith::HtmlTextModel::plaintext;
  if (state == "RCDATA state") return pith::HtmlTextModel::rcdata;
  if (state == "RAWTEXT state") return pith::HtmlTextModel::rawtext;
  if (state == "Script data state") return pith::HtmlTextModel::script_data;
  if (state == "CDATA section state") return std::nullopt;
  throw std::runtime_error(fmt::format("unknown initial state \"{}\"", state));
}

// Reading the JSON: any surprise in its shape is an error, never a silent skip.
std::string_view string_of(simdjson::dom::element element, std::string_view what) {
  std::string_view value;
  if (element.get_string().get(value) != simdjson::SUCCESS)
    throw std::runtime_error(fmt::format("{} is not a string", what));
  return value;
}

simdjson::dom::array array_of(simdjson::dom::element element, std::string_view what) {
  simdjson::dom::array value;
  if (element.get_array().get(value) != simdjson::SUCCESS)
    throw std::runtime_error(fmt::format("{} is not an array", what));
  return value;
}

std::vector<Token> expected_tokens(simdjson::dom::array output, bool double_escaped) {
  const auto text = [&](simdjson::dom::element element, std::string_view what) {
    const std::string_view value = string_of(element, what);
    return double_escaped ? unescape(value) : std::string(value);
  };
  std::vector<Token> tokens;
  for (simdjson::dom::element item : output) {
    const simdjson::dom::array fields = array_of(item, "an output token");
    const std::size_t size = fields.size();
    if (size < 2) throw std::runtime_error("an output token has fewer than two fields");
    const std::string_view kind = string_of(fields.at(0).value_unsafe(), "a token's kind");
    Token token = token_of(kind);
    if (kind == "Character" || kind == "Comment" || kind == "EndTag") {
      token.data = text(fields.at(1).value_unsafe(), "a token's data");
    } else if (kind == "DOCTYPE") {
      const simdjson::dom::element name = fields.at(1).value_unsafe();
      if (!name.is_null()) token.data = text(name, "a DOCTYPE name");
    } else if (kind == "StartTag") {
      token.data = text(fields.at(1).value_unsafe(), "a start tag's name");
      if (size >= 3) {
        simdjson::dom::object attributes;
        if (fields.at(2).get_object().get(attributes) != simdjson::SUCCESS)
          throw std::runtime_error("a start tag's attributes are not an object");
        for (const simdjson::dom::key_value_pair pair : attributes) {
          const std::string name = double_escaped ? unescape(pair.key) : std::string(pair.key);
          token.attributes.emplace(name, text(pair.value, "an attribute value"));
        }
      }
      if (size >= 4) {
        bool flag = false;
        if (fields.at(3).get_bool().get(flag) != simdjson::SUCCESS)
          throw std::runtime_error("a start tag's self-closing flag is not a boolean");
        token.self_closing = flag;
      }
    } else {
      throw std::runtime_error(fmt::format("unknown token kind \"{}\"", kind));
    }
    append(tokens, std::move(token));
  }
  return tokens;
}

struct FileFigures {
  std::string file;
  std::size_t run = 0, passed = 0, known = 0, unexpected = 0, unsupported = 0;
};

struct Outcome {
  std::vector<FileFigures> files;
  std::vector<std::string> unexpected;  // failures not in the list, and listed cases that pass
  std::vector<std::string> unsupported;
  std::vector<bool> deviation_used = std::vector<bool>(kKnownDeviations.size(), false);
};

const KnownDeviation* known_deviation(std::string_view file, std::string_view state, std::string_view description,
                                      Outcome& outcome) {
  for (std::size_t i = 0; i < kKnownDeviations.size(); ++i) {
    const KnownDeviation& deviation = kKnownDeviations[i];
    if (deviation.file == file && deviation.state == state && deviation.description == description) {
      outcome.deviation_used[i] = true;
      return &deviation;
    }
  }
  return nullptr;
}

void run_file(const fs::path& path, simdjson::dom::parser& parser, Outcome& outcome) {
  const std::string file = path.filename().string();
  FileFigures figures;
  figures.file = file;
  simdjson::dom::element root;
  if (const auto error = parser.load(path.string()).get(root); error != simdjson::SUCCESS)
    throw std::runtime_error(fmt::format("{}: not valid JSON: {}", file, simdjson::error_message(error)));
  // xmlViolation.test holds its cases under another key, and expects the infoset coercion.
  const bool xml_violation = root["xmlViolationTests"].error() == simdjson::SUCCESS;
  const simdjson::dom::array tests =
      array_of(xml_violation ? root["xmlViolationTests"].value_unsafe() : root["tests"].value_unsafe(), "\"tests\"");

  std::size_t index = 0;
  for (simdjson::dom::element test : tests) {
    ++index;
    const std::string where = fmt::format("{} #{}", file, index);
    try {
      const std::string_view description = string_of(test["description"].value_unsafe(), "\"description\"");
      bool double_escaped = false;
      if (test["doubleEscaped"].error() == simdjson::SUCCESS &&
          test["doubleEscaped"].get_bool().get(double_escaped) != simdjson::SUCCESS)
        throw std::runtime_error("\"doubleEscaped\" is not a boolean");
      const std::string_view raw_input = string_of(test["input"].value_unsafe(), "\"input\"");
      const std::string input = double_escaped ? unescape(raw_input) : std::string(raw_input);
      const std::vector<Token> expected =
          expected_tokens(array_of(test["output"].value_unsafe(), "\"output\""), double_escaped);
      std::string last_start_tag;
      if (test["lastStartTag"].error() == simdjson::SUCCESS)
        last_start_tag = string_of(test["lastStartTag"].value_unsafe(), "\"lastStartTag\"");
      std::vector<std::string> states;
      if (test["initialStates"].error() == simdjson::SUCCESS)
        for (simdjson::dom::element state : array_of(test["initialStates"].value_unsafe(), "\"initialStates\""))
          states.emplace_back(string_of(state, "an initial state"));
      else
        states.emplace_back("Data state");

      for (const std::string& state : states) {
        const std::string name = fmt::format("{} [{}] \"{}\"", where, state, description);
        const std::optional<pith::HtmlTextModel> model = text_model(state);
        if (xml_violation || !model) {
          ++figures.unsupported;
          outcome.unsupported.push_back(
              fmt::format("{} input {} ({})", name, shown(input),
                          xml_violation ? "expects the infoset coercion" : "no CDATA text model"));
          continue;
        }
        ++figures.run;
        Recorder recorder(input.size());
        std::string thrown;
        try {
          pith::tokenize_html(input, recorder, *model, last_start_tag);
        } catch (const std::exception& error) {
          thrown = error.what();
        }
        const bool passed = thrown.empty() && recorder.tokens == expected && recorder.breaches.empty();
        const KnownDeviation* deviation = known_deviation(file, state, description, outcome);
        if (passed) ++figures.passed;
        if (deviation && !passed) {
          ++figures.known;
        } else if (deviation && passed) {
          ++figures.unexpected;
          outcome.unexpected.push_back(fmt::format(
              "{}\n  input    {}\n  now passes, yet is listed as a known deviation ({}): take it off the list", name,
              shown(input), deviation->reason));
        } else if (!passed) {
          ++figures.unexpected;
          std::string message = fmt::format("{}\n  input    {}{}\n  expected {}\n  actual   {}", name, shown(input),
                                            last_start_tag.empty() ? "" : "  lastStartTag " + shown(last_start_tag),
                                            shown(expected, "           "), shown(recorder.tokens, "           "));
          if (!thrown.empty()) message += "\n  threw    " + thrown;
          for (const std::string& breach : recorder.breaches) message += "\n  breach   " + breach;
          outcome.unexpected.push_back(std::move(message));
        }
      }
    } catch (const std::runtime_error& error) {
      throw std::runtime_error(fmt::format("{}: {}", where, error.what()));
    }
  }
  outcome.files.push_back(figures);
}

}  // namespace

TEST_CASE("html5lib tokenizer tests give html5lib's tokens but for the known deviations", "[html_tokenizer]") {
  const fs::path folder = (fs::path(PITH_HTML5LIB_TESTS_DIR) / "tokenizer").lexically_normal();
  // Skipped with a message, not failed, where the shared folder is absent (DESIGN.md convention 11).
  if (!fs::is_directory(folder)) {
    WARN("skipped: the html5lib tokenizer tests are missing: no folder "
         << folder.string()
         << " (the shared folder ../shared/html5lib-tests, beside the checkout; PITH_SHARED_DIR in CMake)");
    return;
  }
  std::vector<fs::path> paths;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".test") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) FAIL("no *.test file in " << folder.string());

  Outcome outcome;
  simdjson::dom::parser parser;
  for (const fs::path& path : paths) {
    try {
      run_file(path, parser, outcome);
    } catch (const std::exception& error) {
      FAIL("cannot read the html5lib tests: " << error.what());
    }
  }

  FileFigures total;
  total.file = "total";
  fmt::print("html5lib tokenizer tests ({}):\n", folder.string());
  fmt::print("  {:<30} {:>6} {:>6} {:>6} {:>10} {:>11}\n", "file", "run", "passed", "known", "unexpected",
             "unsupported");
  for (const FileFigures& f : outcome.files) {
    fmt::print("  {:<30} {:>6} {:>6} {:>6} {:>10} {:>11}\n", f.file, f.run, f.passed, f.known, f.unexpected,
               f.unsupported);
    total.run += f.run, total.passed += f.passed, total.known += f.known, total.unexpected += f.unexpected,
        total.unsupported += f.unsupported;
  }
  fmt::print("  {:<30} {:>6} {:>6} {:>6} {:>10} {:>11}\n", total.file, total.run, total.passed, total.known,
             total.unexpected, total.unsupported);
  fmt::print("  (known: listed deviations that fail as listed; unexpected: failures not listed, or listed cases that "
             "pass)\n");
  fmt::print("not run ({}):\n", outcome.unsupported.size());
  for (const std::string& line : outcome.unsupported) fmt::print("  {}\n", line);
  std::fflush(stdout);

  const bool show_all = std::getenv("PITH_HTML5LIB_ALL_FAILURES") != nullptr;
  for (std::size_t i = 0; i < outcome.unexpected.size() && (show_all || i < kFailuresShown); ++i)
    FAIL_CHECK(outcome.unexpected[i]);
  if (!show_all && outcome.unexpected.size() > kFailuresShown)
    FAIL_CHECK(outcome.unexpected.size() - kFailuresShown
               << " more unexpected results not shown (PITH_HTML5LIB_ALL_FAILURES=1 shows them)");
  CHECK(outcome.unexpected.size() == 0);
  CHECK(total.unexpected == outcome.unexpected.size());
  for (std::size_t i = 0; i < kKnownDeviations.size(); ++i)
    if (!outcome.deviation_used[i])
      FAIL_CHECK("known deviation matches no case: " << kKnownDeviations[i].file << " [" << kKnownDeviations[i].state
                                                     << "] \"" << kKnownDeviations[i].description << "\"");
}
