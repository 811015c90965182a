#include "features/html_event_parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <cstring>
#include <mutex>

#include "features/error.h"

namespace pith {

std::string_view HtmlAttributes::get(std::string_view name, bool* present) const {
  if (present) *present = false;
  if (!pairs_) return {};
  for (const unsigned char* const* pair = pairs_; pair[0]; pair += 2) {
    const char* key = reinterpret_cast<const char*>(pair[0]);
    if (name.size() == std::strlen(key) && std::memcmp(key, name.data(), name.size()) == 0) {
      if (present) *present = true;
      return pair[1] ? std::string_view(reinterpret_cast<const char*>(pair[1])) : std::string_view();
    }
  }
  return {};
}

namespace {

struct ParseState {
  HtmlEventHandler* handler;
  htmlParserCtxtPtr context = nullptr;
};

ParseState& state_of(void* user_data) {
  auto* context = static_cast<htmlParserCtxtPtr>(user_data);
  return *static_cast<ParseState*>(context->_private);
}

std::string_view view(const xmlChar* text) {
  return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

// Handlers must not throw: an exception cannot cross libxml2's C frames.
void on_start(void* user_data, const xmlChar* name, const xmlChar** attributes) {
  state_of(user_data).handler->start_element(view(name), HtmlAttributes(attributes));
}

void on_end(void* user_data, const xmlChar* name) { state_of(user_data).handler->end_element(view(name)); }

void on_text(void* user_data, const xmlChar* text, int length) {
  ParseState& state = state_of(user_data);
  const long consumed = xmlByteConsumed(state.context);
  state.handler->text(std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(length)),
                      consumed > 0 ? static_cast<std::size_t>(consumed) : 0);
}

// libxml2 reports recoverable HTML errors by the thousand; pith recovers as browsers do.
void ignore_error(void*, const char*, ...) {}
void ignore_structured_error(void*, xmlErrorPtr) {}

htmlSAXHandler make_sax_handler() {
  htmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.startElement = on_start;
  sax.endElement = on_end;
  sax.characters = on_text;
  sax.cdataBlock = on_text;
  sax.error = ignore_error;
  sax.warning = ignore_error;
  sax.fatalError = ignore_error;
  sax.serror = ignore_structured_error;
  return sax;
}

constexpr std::size_t kChunkBytes = 64 * 1024;

}  // namespace

void parse_html_events(std::string_view html, const std::string& source, const std::string& charset,
                       HtmlEventHandler& handler) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
  static htmlSAXHandler sax = make_sax_handler();

  ParseState state{&handler};
  xmlCharEncoding encoding = XML_CHAR_ENCODING_NONE;
  if (!charset.empty()) encoding = xmlParseCharEncoding(charset.c_str());
  htmlParserCtxtPtr context = htmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr, encoding);
  if (!context) throw Error(source, "", "cannot create an HTML parser (out of memory?)");
  state.context = context;
  context->_private = &state;
  htmlCtxtUseOptions(context, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                  HTML_PARSE_COMPACT);
  for (std::size_t offset = 0; offset < html.size(); offset += kChunkBytes) {
    const std::size_t length = std::min(kChunkBytes, html.size() - offset);
    htmlParseChunk(context, html.data() + offset, static_cast<int>(length), 0);
  }
  htmlParseChunk(context, nullptr, 0, 1);
  context->_private = nullptr;
  htmlFreeParserCtxt(context);
}

}  // namespace pith
