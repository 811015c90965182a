// How far pith's element tree strays from an HTML5 parse. libxml2 2.9 is no HTML5 tree builder
// (it does not know <nav>, <header>, ..., and ignores some end tags a browser honours), and the
// parser seam (features/html_event_parser.cpp) repairs what it can; this program measures what
// is left. For each page it reads the text runs pith's parser seam delivers, each with the
// context pith gives it (the ContextBits of features/element_context.h that the segmenter sets
// from the open elements: in nav, header, footer, aside, article, main, list, table, form,
// heading, link, ..., and the class/id words of the ancestors), and the text nodes of Gumbo's
// HTML5 tree (Debian's libgumbo, a test-only dependency) with the same bits computed from their
// ancestors. Both sides become alignment tokens (datasets/token_alignment.h), are aligned, and
// a token whose two contexts differ counts its bytes as misplaced. A page is "misnested" when
// more than --threshold of its aligned text bytes are misplaced.
//
//   pith_html5_context_comparison [--threshold 0.2] [--pages] FILE...
//
// --pages prints one line per page (share misplaced, aligned bytes, the bits that differ most).
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "datasets/token_alignment.h"
#include "features/charset_decoder.h"
#include "features/element_context.h"
#include "features/html_event_parser.h"
#include "features/html_tags.h"
#include "features/page_reader.h"

namespace {

// Set by the segmenter from attributes, not by the tree: not a tree difference.
constexpr std::uint32_t kComparedBits = ~static_cast<std::uint32_t>(pith::kHiddenByMarkup);
// The bits of element names alone (in list ... in noscript), without the class/id words: a
// difference here is a different nesting, not only an ancestor's attributes.
constexpr std::uint32_t kTagBits = (pith::kInNoscript << 1) - 1;

struct Run {
  std::string text;
  std::uint32_t context = 0;
};

// Whether text under an element never becomes paragraph text in pith's segmenter: script,
// style, template (not noscript, whose content the segmenter keeps), the head and the title.
bool holds_no_text(std::string_view name) {
  using namespace pith::html_tag;
  const std::uint8_t flags = pith::html_tag_flags(name);
  return ((flags & kSkip) && !(flags & kNoscript)) || (flags & (kHead | kTitle));
}

// The text runs of pith's parser seam, with the context the segmenter computes for them (each
// open element adds element_context of its tag, class and id to its parent's).
class PithRuns : public pith::HtmlEventHandler {
 public:
  explicit PithRuns(std::vector<Run>& runs) : runs_(runs) {}

  void start_element(std::string_view name, const pith::HtmlAttributes& attributes) override {
    const std::uint32_t parent = stack_.empty() ? 0u : stack_.back().context;
    stack_.push_back({parent | pith::element_context(name, attributes.get("class"), attributes.get("id")),
                      holds_no_text(name) || (!stack_.empty() && stack_.back().no_text)});
    joining_ = false;
  }
  void end_element(std::string_view) override {
    if (!stack_.empty()) stack_.pop_back();
    joining_ = false;
  }
  void text(std::string_view utf8, std::size_t) override {
    if (!stack_.empty() && stack_.back().no_text) return;
    // libxml2 reports one text node in several events (entities, buffer ends): one run.
    if (joining_) {
      runs_.back().text += utf8;
      return;
    }
    runs_.push_back({std::string(utf8), stack_.empty() ? 0u : stack_.back().context});
    joining_ = true;
  }

 private:
  struct Open {
    std::uint32_t context;
    bool no_text;
  };
  std::vector<Run>& runs_;
  std::vector<Open> stack_;
  bool joining_ = false;
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Gumbo's name of an element, lower case; for an element Gumbo does not know, its name as written.
std::string gumbo_element_name(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return lower(std::string_view(piece.data, piece.length));
}

void gumbo_runs(const GumboNode& node, std::uint32_t context, std::vector<Run>& runs) {
  switch (node.type) {
    case GUMBO_NODE_DOCUMENT:
      for (unsigned i = 0; i < node.v.document.children.length; ++i)
        gumbo_runs(*static_cast<const GumboNode*>(node.v.document.children.data[i]), context, runs);
      return;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      const GumboElement& element = node.v.element;
      const std::string name = gumbo_element_name(element);
      if (holds_no_text(name)) return;
      const GumboAttribute* class_attribute = gumbo_get_attribute(&element.attributes, "class");
      const GumboAttribute* id_attribute = gumbo_get_attribute(&element.attributes, "id");
      context |= pith::element_context(name, class_attribute ? class_attribute->value : "",
                                       id_attribute ? id_attribute->value : "");
      for (unsigned i = 0; i < element.children.length; ++i)
        gumbo_runs(*static_cast<const GumboNode*>(element.children.data[i]), context, runs);
      return;
    }
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
      runs.push_back({node.v.text.text, context});
      return;
    default:  // comments, white space
      return;
  }
}

struct Token {
  std::string text;
  std::uint32_t context;
};

std::vector<Token> tokens_of(const std::vector<Run>& runs, std::vector<std::string>& texts) {
  std::vector<Token> tokens;
  for (const Run& run : runs)
    for (std::string& token : pith::alignment_tokens(run.text)) tokens.push_back({std::move(token), run.context});
  texts.clear();
  for (const Token& token : tokens) texts.push_back(token.text);
  return tokens;
}

constexpr std::array<std::string_view, 32> kBitNames = {
    "list",    "table",   "form",    "nav",     "header",     "footer",    "aside",    "article",
    "main",    "anchor",  "heading", "quote",   "figure",     "noscript",  "hidden",   "bit15",
    "n:content", "n:comment", "n:nav", "n:footer", "n:header", "n:sidebar", "n:share", "n:related",
    "n:promo", "n:meta",  "bit26",   "bit27",   "bit28",      "bit29",     "bit30",    "bit31"};

struct PageResult {
  std::size_t aligned_bytes = 0, pith_bytes = 0, misplaced_bytes = 0, misplaced_tag_bytes = 0;
  std::array<std::size_t, 32> misplaced_by_bit{};
};

PageResult compare_page(const std::string& bytes, const std::string& source) {
  std::vector<Run> pith_runs;
  PithRuns handler(pith_runs);
  pith::parse_html_events(bytes, source, "", handler);

  // Gumbo reads the same UTF-8 text pith's parser is given.
  std::string storage;
  const pith::DecodedText decoded = pith::decode_to_utf8(bytes, "", storage);
  std::vector<Run> html5_runs;
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, decoded.utf8.data(), decoded.utf8.size());
  gumbo_runs(*output->document, 0, html5_runs);
  gumbo_destroy_output(&kGumboDefaultOptions, output);

  std::vector<std::string> pith_texts, html5_texts;
  const std::vector<Token> pith_tokens = tokens_of(pith_runs, pith_texts);
  const std::vector<Token> html5_tokens = tokens_of(html5_runs, html5_texts);
  const std::vector<std::int64_t> alignment = pith::align_tokens(pith_texts, html5_texts);
  PageResult result;
  for (std::size_t i = 0; i < pith_tokens.size(); ++i) {
    const std::size_t size = pith_tokens[i].text.size();
    result.pith_bytes += size;
    if (alignment[i] < 0) continue;
    result.aligned_bytes += size;
    const std::uint32_t differ =
        (pith_tokens[i].context ^ html5_tokens[static_cast<std::size_t>(alignment[i])].context) & kComparedBits;
    if (differ == 0) continue;
    result.misplaced_bytes += size;
    if (differ & kTagBits) result.misplaced_tag_bytes += size;
    for (int bit = 0; bit < 32; ++bit)
      if (differ & (1u << bit)) result.misplaced_by_bit[static_cast<std::size_t>(bit)] += size;
  }
  return result;
}

std::string top_bits(const std::array<std::size_t, 32>& by_bit, std::size_t total, int count) {
  std::vector<int> bits;
  for (int bit = 0; bit < 32; ++bit)
    if (by_bit[static_cast<std::size_t>(bit)] > 0) bits.push_back(bit);
  std::sort(bits.begin(), bits.end(), [&](int a, int b) {
    return by_bit[static_cast<std::size_t>(a)] > by_bit[static_cast<std::size_t>(b)];
  });
  std::string out;
  for (int i = 0; i < std::min<int>(count, static_cast<int>(bits.size())); ++i)
    out += fmt::format("{}{} {:.1f}%", out.empty() ? "" : ", ", kBitNames[static_cast<std::size_t>(bits[i])],
                       100.0 * static_cast<double>(by_bit[static_cast<std::size_t>(bits[i])]) /
                           static_cast<double>(std::max<std::size_t>(total, 1)));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  double threshold = 0.2;
  bool per_page = false;
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--threshold" && i + 1 < argc) {
      threshold = std::atof(argv[++i]);
    } else if (argument == "--pages") {
      per_page = true;
    } else if (argument == "--help" || argument == "-h") {
      fmt::print("usage: pith_html5_context_comparison [--threshold 0.2] [--pages] FILE...\n"
                 "Compares the context pith gives each text run with its ancestors in Gumbo's HTML5 tree.\n");
      return 0;
    } else {
      files.emplace_back(argument);
    }
  }
  if (files.empty()) {
    fmt::print(stderr, "pith_html5_context_comparison: no pages given; --help for usage\n");
    return 2;
  }

  std::size_t pages = 0, misnested = 0, misnested_by_tags = 0, aligned = 0, pith_bytes = 0, misplaced = 0;
  std::array<std::size_t, 32> by_bit{};
  for (const auto& file : files) {
    PageResult result;
    try {
      result = compare_page(pith::read_file_bytes(file), file.string());
    } catch (const std::exception& e) {
      fmt::print(stderr, "pith_html5_context_comparison: {}\n", e.what());
      return 1;
    }
    ++pages;
    aligned += result.aligned_bytes;
    pith_bytes += result.pith_bytes;
    misplaced += result.misplaced_bytes;
    for (std::size_t bit = 0; bit < 32; ++bit) by_bit[bit] += result.misplaced_by_bit[bit];
    const auto share_of = [&](std::size_t bytes) {
      return result.aligned_bytes == 0 ? 0.0
                                       : static_cast<double>(bytes) / static_cast<double>(result.aligned_bytes);
    };
    const double share = share_of(result.misplaced_bytes);
    if (share > threshold) ++misnested;
    if (share_of(result.misplaced_tag_bytes) > threshold) ++misnested_by_tags;
    if (per_page)
      fmt::print("{}\t{:.3f}\t{}\t{}\n", file.string(), share, result.aligned_bytes,
                 top_bits(result.misplaced_by_bit, result.aligned_bytes, 3));
  }
  fmt::print("{} pages; text aligned with the HTML5 parse: {:.1f}% of pith's token bytes\n", pages,
             100.0 * static_cast<double>(aligned) / static_cast<double>(std::max<std::size_t>(pith_bytes, 1)));
  fmt::print("pages with more than {:.0f}% of their text in a different context: {} ({:.1f}%)\n", 100 * threshold,
             misnested, 100.0 * static_cast<double>(misnested) / static_cast<double>(std::max<std::size_t>(pages, 1)));
  fmt::print("  of which by element names alone (class/id words left out): {} ({:.1f}%)\n", misnested_by_tags,
             100.0 * static_cast<double>(misnested_by_tags) / static_cast<double>(std::max<std::size_t>(pages, 1)));
  fmt::print("text in a different context, all pages: {:.2f}% of aligned bytes ({})\n",
             100.0 * static_cast<double>(misplaced) / static_cast<double>(std::max<std::size_t>(aligned, 1)),
             top_bits(by_bit, aligned, 8));
  return 0;
}
