// libFuzzer target for pith's HTML path: the tokenizer, the tree builder behind the parser seam
// and the segmenter, on arbitrary bytes. Besides what the sanitizers catch (out-of-bounds reads,
// use after free, undefined behaviour, leaks), it checks the contracts the headers state and
// abort()s when one is broken, so that libFuzzer keeps the input:
// - tokenize_html (features/html_tokenizer.h): text is never empty; every offset lies inside the
//   input and none is less than the one before; tag and attribute names are non-empty and hold
//   no upper case;
// - parse_html_events (features/html_event_parser.h): names are non-empty lower case; every start
//   has exactly one end, in nesting order; html, head and body start at most once; text is valid
//   UTF-8 and its offsets lie inside the input and never decrease;
// - segment_html (features/html_segmenter.h): throws nothing but pith::Error.
// Build and run: see fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "features/error.h"
#include "features/html_event_parser.h"
#include "features/html_segmenter.h"
#include "features/html_tokenizer.h"
#include "features/utf8.h"

namespace {

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "html_fuzzer: invariant broken: %s [%.*s]\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

bool is_lower_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (c >= 'A' && c <= 'Z') return false;
  return true;
}

class CheckingSink : public pith::HtmlTokenSink {
 public:
  explicit CheckingSink(std::string_view input) : size_(input.size()) {}

  pith::HtmlTextModel start_tag(std::string_view name, const pith::HtmlAttributes& attributes, bool,
                                std::size_t offset) override {
    check_offset(offset);
    if (!is_lower_name(name)) fail("start tag name empty or not lower case", name);
    for (const pith::HtmlAttribute& attribute : attributes) {
      if (!is_lower_name(attribute.name)) fail("attribute name empty or not lower case", attribute.name);
      touch(attribute.value);
    }
    // Exercise every text model from the same input: which one follows a tag is the sink's choice.
    const auto model = static_cast<pith::HtmlTextModel>(name.size() % 5);
    return model == pith::HtmlTextModel::plaintext ? pith::HtmlTextModel::data : model;
  }
  void end_tag(std::string_view name, std::size_t offset) override {
    check_offset(offset);
    if (!is_lower_name(name)) fail("end tag name empty or not lower case", name);
  }
  void text(std::string_view utf8, std::size_t offset) override {
    check_offset(offset);
    if (utf8.empty()) fail("empty text");
    touch(utf8);
  }
  void comment(std::string_view text, std::size_t offset) override {
    check_offset(offset);
    touch(text);
  }
  void doctype(std::string_view name, std::size_t offset) override {
    check_offset(offset);
    touch(name);
  }

 private:
  void check_offset(std::size_t offset) {
    if (offset >= size_) fail("token offset outside the input");
    if (offset < last_) fail("token offset decreased");
    last_ = offset;
  }
  // Reads every byte of a view, so that ASan sees a view that points at freed or foreign memory.
  void touch(std::string_view text) {
    unsigned sum = 0;
    for (char c : text) sum += static_cast<unsigned char>(c);
    sum_ = sum_ + sum;
  }

  std::size_t size_;
  std::size_t last_ = 0;
  volatile unsigned sum_ = 0;
};

class CheckingHandler : public pith::HtmlEventHandler {
 public:
  explicit CheckingHandler(std::size_t size) : size_(size) {}

  void start_element(std::string_view name, const pith::HtmlAttributes& attributes) override {
    if (!is_lower_name(name)) fail("start element name empty or not lower case", name);
    if (name == "html" || name == "head" || name == "body") {
      int& count = name == "html" ? html_ : name == "head" ? head_ : body_;
      if (++count > 1) fail("html, head or body started twice", name);
    }
    for (const pith::HtmlAttribute& attribute : attributes)
      if (!is_lower_name(attribute.name)) fail("attribute name empty or not lower case", attribute.name);
    open_.emplace_back(name);
  }
  void end_element(std::string_view name) override {
    if (open_.empty()) fail("end without a start", name);
    if (open_.back() != name) fail("end out of nesting order", name);
    open_.pop_back();
  }
  void text(std::string_view utf8, std::size_t byte_offset) override {
    if (!pith::is_valid_utf8(utf8)) fail("text is not valid UTF-8", utf8);
    if (byte_offset >= size_) fail("text offset outside the input");
    if (byte_offset < last_offset_) fail("text offset decreased");
    last_offset_ = byte_offset;
  }
  void finish() const {
    if (!open_.empty()) fail("element left open at the end", open_.back());
  }

 private:
  std::size_t size_;
  std::vector<std::string> open_;
  std::size_t last_offset_ = 0;
  int html_ = 0, head_ = 0, body_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  {
    CheckingSink sink(input);
    pith::tokenize_html(input, sink);
  }
  // The tokenizer's other start states (html5lib's tests use them), picked by the first byte.
  if (size > 1) {
    const auto initial = static_cast<pith::HtmlTextModel>(data[0] % 5);
    const std::string_view rest = input.substr(1);
    CheckingSink sink(rest);
    pith::tokenize_html(rest, sink, initial, (data[0] & 0x80) ? "script" : "title");
  }

  {
    CheckingHandler handler(size);
    pith::parse_html_events(input, "fuzz", "", handler);
    handler.finish();
  }
  // A caller's charset hint takes another decoding path.
  if (size > 0 && (data[0] & 1)) {
    CheckingHandler handler(size);
    pith::parse_html_events(input, "fuzz", (data[0] & 2) ? "windows-1252" : "shift_jis", handler);
    handler.finish();
  }

  try {
    const pith::Document document = pith::segment_html(input, "fuzz");
    for (const pith::Paragraph& paragraph : document.paragraphs)
      if (paragraph.byte_offset > size) fail("paragraph offset outside the input");
  } catch (const pith::Error&) {
    // the page could not be read at all: allowed
  }
  return 0;
}
