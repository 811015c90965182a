#pragma once
// Reading an annotated copy of a page (labels as attributes on elements: L3S-GN1's
// x-nc-selN classes, Google-Trends' __label) into a labelled token reference for alignment
// and the gold text of its content.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "datasets/reference_alignment.h"
#include "features/html_event_parser.h"

namespace pith {

struct AnnotationScheme {
  // The label an element gives its subtree, or nullopt to inherit its parent's. Text outside
  // every labelled element is boilerplate.
  std::function<std::optional<Label>(const HtmlAttributes&)> label_of;
  // True when the element and its subtree were hidden from the annotators (never text).
  std::function<bool(const HtmlAttributes&)> hidden;
};

struct Annotation {
  ReferenceTokens reference;
  std::string gold_text;  // the content text, paragraphs separated by blank lines
};

// Text is tokenised in runs of one label within one block, not node by node: pith's
// paragraphs join adjacent inline text ("<span>Sat</span><span>Dec</span>" is the token
// "satdec"), and the reference must tokenise the same way for the alignment to be exact.
// Script, style, noscript, template and title hold no text.
Annotation collect_annotation(std::string_view html, const std::string& source, const AnnotationScheme& scheme);

}  // namespace pith
