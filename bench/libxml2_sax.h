#pragma once
// libxml2's SAX parse with empty callbacks: the yardstick every speed figure in bench/ is set
// beside (bench/README.md), one definition for all benchmarks.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace {

// The options pith's parser seam gave libxml2 (its input is UTF-8 already).
constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC;
constexpr std::size_t kChunkBytes = 256 * 1024;

void on_start(void*, const xmlChar*, const xmlChar**) {}
void on_end(void*, const xmlChar*) {}
void on_text(void*, const xmlChar*, int) {}
inline void on_error(void*, const char*, ...) {}
void on_structured_error(void*, xmlErrorPtr) {}

inline htmlSAXHandler empty_handler() {
  htmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_text;
  sax.ignorableWhitespace = on_text;
  sax.cdataBlock = on_text;
  sax.warning = on_error;
  sax.error = on_error;
  sax.fatalError = on_error;
  sax.initialized = XML_SAX2_MAGIC;
  sax.serror = on_structured_error;
  return sax;
}

// libxml2's push parser over the page in 256 KB chunks, as pith's parser seam fed it.
inline std::size_t parse_only(const std::string& page, htmlSAXHandler& sax) {
  htmlParserCtxtPtr context = htmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
  htmlCtxtUseOptions(context, kParseOptions);
  for (std::size_t offset = 0; offset < page.size(); offset += kChunkBytes)
    htmlParseChunk(context, page.data() + offset, static_cast<int>(std::min(kChunkBytes, page.size() - offset)), 0);
  htmlParseChunk(context, nullptr, 0, 1);
  htmlFreeParserCtxt(context);
  return 1;
}

// Call once before the first parse_only.
inline void init_libxml2() {
  xmlInitParser();
  xmlSetGenericErrorFunc(nullptr, on_error);
  xmlSetStructuredErrorFunc(nullptr, on_structured_error);
}

}  // namespace
