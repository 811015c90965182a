#include "features/charset_decoder.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "features/unicode.h"
#include "features/utf8.h"

namespace pith {
namespace {

// Valid UTF-8 is read as UTF-8 before any <meta> is believed: a <meta> often lies (every
// L3S-GN1 page is UTF-8 declaring iso-8859-1).

bool starts_with_lower(std::string_view text, std::size_t at, std::string_view lower_word) {
  if (text.size() - at < lower_word.size()) return false;
  for (std::size_t i = 0; i < lower_word.size(); ++i)
    if (ascii_lower(text[at + i]) != lower_word[i]) return false;
  return true;
}


// WHATWG Encoding Standard labels whose decoder differs from what iconv calls that name:
// browsers read iso-8859-1 and us-ascii as windows-1252, gb2312 as GBK, shift_jis as cp932.
struct CharsetAlias {
  const char* iconv_name;
  std::string_view labels;  // space-separated, with a space at each end
};
constexpr CharsetAlias kCharsetAliases[] = {
    {"UTF-8", " utf-8 utf8 unicode-1-1-utf-8 "},
    {"WINDOWS-1252",
     " iso-8859-1 iso8859-1 iso_8859-1 iso8859_1 latin1 l1 us-ascii ascii cp819 iso-ir-100 x-cp1252 cp1252 "},
    {"WINDOWS-1254", " iso-8859-9 latin5 "},
    {"WINDOWS-874", " iso-8859-11 tis-620 "},
    {"GB18030", " gb2312 gbk x-gbk gb_2312-80 euc-cn "},
    {"CP932", " shift_jis shift-jis sjis x-sjis windows-31j ms_kanji "},
    {"CP949", " euc-kr ks_c_5601-1987 "},
    {"BIG5-HKSCS", " big5 x-x-big5 "},
    {"UTF-16LE", " utf-16 utf-16le "},
    {"UTF-16BE", " utf-16be "},
};

// Upper-case iconv name for a charset label, or "" when the label cannot be a charset name.
std::string iconv_name(std::string_view label) {
  while (!label.empty() && (is_ascii_space(label.front()) || label.front() == '"' || label.front() == '\''))
    label.remove_prefix(1);
  while (!label.empty() && (is_ascii_space(label.back()) || label.back() == '"' || label.back() == '\''))
    label.remove_suffix(1);
  if (label.empty() || label.size() > 40) return {};
  std::string lower;
  for (char c : label) {
    const char l = ascii_lower(c);
    if (!((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '-' || l == '_' || l == '.' || l == ':')) return {};
    lower += l;
  }
  const std::string spaced = ' ' + lower + ' ';
  for (const CharsetAlias& alias : kCharsetAliases)
    if (alias.labels.find(spaced) != std::string_view::npos) return alias.iconv_name;
  for (char& c : lower) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - ('a' - 'A')) : c;
  return lower;
}

// A <meta> naming a charset in which "<meta" cannot be written as ASCII is wrong by
// construction (WHATWG reads such pages as UTF-8); UTF-7 no browser decodes.
bool can_be_declared_in_page(const std::string& name) {
  return !name.empty() && !name.starts_with("UTF-16") && !name.starts_with("UTF-32") && !name.starts_with("UCS") &&
         !name.starts_with("UTF-7");
}

std::optional<std::string> transcode_with_iconv(std::string_view bytes, const std::string& charset);

// A single-byte charset as a table: each byte's UTF-8 (U+FFFD where iconv refuses the byte),
// read from iconv itself once per charset and process, so that decoding is a look-up a byte
// instead of iconv's loop (which was a tenth of the instructions of a page in windows-1251).
struct SingleByteTable {
  std::array<std::array<char, 4>, 256> utf8{};
  std::array<unsigned char, 256> length{};
};

// Charsets glibc decodes byte by byte without state; windows-1255 and windows-1258 are not
// among them (glibc composes their combining marks with the character before).
constexpr std::string_view kSingleByteCharsets =
    " WINDOWS-1250 WINDOWS-1251 WINDOWS-1252 WINDOWS-1253 WINDOWS-1254 WINDOWS-1256 WINDOWS-1257 WINDOWS-874"
    " KOI8-R KOI8-U ISO-8859-2 ISO-8859-3 ISO-8859-4 ISO-8859-5 ISO-8859-6 ISO-8859-7 ISO-8859-8 ISO-8859-9"
    " ISO-8859-10 ISO-8859-13 ISO-8859-14 ISO-8859-15 ISO-8859-16 CP866 ";

// The table of `charset`, or nullptr when it is not one of kSingleByteCharsets or iconv does not
// decode each byte on its own exactly as it decodes them in a row (checked on all 256 bytes).
const SingleByteTable* single_byte_table(const std::string& charset) {
  if (charset.empty() || kSingleByteCharsets.find(" " + charset + " ") == std::string_view::npos) return nullptr;
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<SingleByteTable>, std::less<>> tables;
  const std::lock_guard lock(mutex);
  if (const auto found = tables.find(charset); found != tables.end()) return found->second.get();
  auto table = std::make_unique<SingleByteTable>();
  std::string all_bytes, concatenated;
  for (int value = 0; value < 256; ++value) {
    const char byte = static_cast<char>(value);
    all_bytes += byte;
    const std::optional<std::string> one = transcode_with_iconv(std::string_view(&byte, 1), charset);
    if (!one || one->empty() || one->size() > 4) {
      table.reset();
      break;
    }
    std::copy(one->begin(), one->end(), table->utf8[static_cast<std::size_t>(value)].begin());
    table->length[static_cast<std::size_t>(value)] = static_cast<unsigned char>(one->size());
    concatenated += *one;
  }
  if (table && transcode_with_iconv(all_bytes, charset) != concatenated) table.reset();
  return tables.emplace(charset, std::move(table)).first->second.get();
}

std::string transcode_single_byte(std::string_view bytes, const SingleByteTable& table) {
  std::size_t size = 0;
  for (const char c : bytes) size += table.length[static_cast<unsigned char>(c)];
  // each byte's four bytes copied whole (a fixed-size copy), its length kept: 3 bytes of room
  // past the end for the last byte's copy
  std::string out(size + 3, '\0');
  char* at = out.data();
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    std::memcpy(at, table.utf8[byte].data(), 4);
    at += table.length[byte];
  }
  out.resize(size);
  return out;
}

// Bytes in `charset` to UTF-8; undecodable bytes become U+FFFD. nullopt when iconv does not
// know the charset.
std::optional<std::string> transcode(std::string_view bytes, const std::string& charset) {
  if (const SingleByteTable* table = single_byte_table(charset)) return transcode_single_byte(bytes, *table);
  return transcode_with_iconv(bytes, charset);
}

std::optional<std::string> transcode_with_iconv(std::string_view bytes, const std::string& charset) {
  iconv_t converter = iconv_open("UTF-8", charset.c_str());
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::unique_ptr<void, int (*)(iconv_t)> guard(converter, &iconv_close);
  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  for (bool flushing = false;;) {
    if (out.size() - used < 8) out.resize(out.size() * 2);
    char* out_ptr = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t status = flushing ? iconv(converter, nullptr, nullptr, &out_ptr, &out_left)
                                        : iconv(converter, &in, &in_left, &out_ptr, &out_left);
    const int error = errno;
    used = static_cast<std::size_t>(out_ptr - out.data());
    if (status != static_cast<std::size_t>(-1)) {
      if (flushing) break;
      flushing = true;  // stateful encodings (ISO-2022-JP) may still owe a reset sequence
      continue;
    }
    if (error == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    out.replace(used, 3, "\xEF\xBF\xBD");
    used += 3;
    if (error != EILSEQ || in_left == 0) break;  // EINVAL: a sequence cut off by the end of input
    ++in;
    --in_left;
  }
  out.resize(used);
  return out;
}

// The charset a <meta> (or an XML declaration) names in the head of the page, as written.
std::string declared_charset(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 64 * 1024);
  auto value_after = [&](std::size_t pos) {  // `pos` just past the attribute name
    while (pos < head.size() && is_ascii_space(head[pos])) ++pos;
    if (pos >= head.size() || head[pos] != '=') return std::string_view();
    ++pos;
    while (pos < head.size() && is_ascii_space(head[pos])) ++pos;
    const char quote = pos < head.size() && (head[pos] == '"' || head[pos] == '\'') ? head[pos] : '\0';
    if (quote) ++pos;
    std::size_t end = pos;
    while (end < head.size() && head[end] != '>' &&
           (quote ? head[end] != quote : !is_ascii_space(head[end]) && head[end] != ';' && head[end] != '"'))
      ++end;
    return head.substr(pos, end - pos);
  };
  if (starts_with_lower(head, 0, "<?xml")) {
    const std::size_t end = head.find("?>");
    const std::size_t at = head.substr(0, end).find("encoding");
    if (at != std::string_view::npos) return std::string(value_after(at + 8));
  }
  for (std::size_t pos = head.find('<'); pos != std::string_view::npos; pos = head.find('<', pos + 1)) {
    if (head.compare(pos, 4, "<!--") == 0) {
      pos = head.find("-->", pos + 4);
      if (pos == std::string_view::npos) break;
      continue;
    }
    if (!starts_with_lower(head, pos, "<meta") || pos + 5 >= head.size()) continue;
    const std::size_t end = std::min(head.find('>', pos), head.size());
    // `charset=` appears either as an attribute or inside content="text/html; charset=...".
    for (std::size_t at = pos + 5; at + 7 <= end; ++at) {
      if (!starts_with_lower(head, at, "charset")) continue;
      const std::string_view value = value_after(at + 7);
      if (!value.empty()) return std::string(value);
    }
  }
  return {};
}

// Whether invalid UTF-8 is mostly UTF-8 with a few bad bytes (then repair it) rather than a
// legacy single-byte charset that nothing declared (then read it as windows-1252). Legacy text
// almost never forms a valid multi-byte sequence, so a tie goes to UTF-8.
bool mostly_utf8(std::string_view bytes) {
  std::size_t good = 0, bad = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                              : 0;
    std::size_t n = length == 0 ? 0 : 1;
    while (n > 0 && n < length && i + n < bytes.size() && (static_cast<unsigned char>(bytes[i + n]) & 0xC0) == 0x80)
      ++n;
    if (length > 0 && n == length) {
      ++good;
      i += length;
    } else {
      ++bad;
      ++i;
    }
  }
  return good >= bad;
}

// Valid UTF-8 for the tokenizer; `storage` holds it unless `bytes` already is.
std::string_view as_utf8(std::string_view bytes, std::string& storage) {
  if (is_valid_utf8(bytes)) return bytes;
  storage = to_valid_utf8(bytes);
  return storage;
}

// The page as valid UTF-8: `bytes` (less a BOM) or a view of `storage`.
std::string_view decode(std::string_view bytes, std::string_view hint, std::string& storage) {
  auto decode_as = [&](std::string_view data, const std::string& charset) -> std::optional<std::string_view> {
    if (charset == "UTF-8") return as_utf8(data, storage);
    std::optional<std::string> text = transcode(data, charset);
    if (!text) return std::nullopt;
    storage = std::move(*text);
    return std::string_view(storage);
  };
  auto decode_or_repair = [&](std::string_view data, const std::string& charset) {
    if (auto text = decode_as(data, charset)) return *text;
    return as_utf8(data, storage);
  };
  // A byte order mark outranks everything (as in browsers); so does UTF-16 seen without one.
  if (bytes.starts_with("\xEF\xBB\xBF")) return as_utf8(bytes.substr(3), storage);
  if (bytes.starts_with("\xFF\xFE")) return decode_or_repair(bytes.substr(2), "UTF-16LE");
  if (bytes.starts_with("\xFE\xFF")) return decode_or_repair(bytes.substr(2), "UTF-16BE");
  if (bytes.size() >= 4 && bytes[0] == '<' && bytes[1] == '\0' && bytes[3] == '\0')
    return decode_or_repair(bytes, "UTF-16LE");
  if (bytes.size() >= 4 && bytes[0] == '\0' && bytes[1] == '<' && bytes[2] == '\0')
    return decode_or_repair(bytes, "UTF-16BE");
  if (const std::string name = iconv_name(hint); !name.empty()) {
    if (auto text = decode_as(bytes, name)) return *text;
  }
  // Valid UTF-8 is read as UTF-8 whatever the page declares: a legacy charset almost never
  // yields valid multi-byte sequences by chance, while mislabelled UTF-8 pages are common.
  // The exception is the 7-bit ISO-2022 family, which is valid UTF-8 byte-wise.
  if (is_valid_utf8(bytes)) {
    if (bytes.find('\x1B') != std::string_view::npos) {
      const std::string declared = iconv_name(declared_charset(bytes));
      if (declared.starts_with("ISO-2022")) {
        if (auto text = decode_as(bytes, declared)) return *text;
      }
    }
    return bytes;
  }
  const std::string declared = iconv_name(declared_charset(bytes));
  if (can_be_declared_in_page(declared)) {
    if (auto text = decode_as(bytes, declared)) return *text;
  }
  if (mostly_utf8(bytes)) return as_utf8(bytes, storage);
  return decode_or_repair(bytes, "WINDOWS-1252");
}

}  // namespace

DecodedText decode_to_utf8(std::string_view bytes, std::string_view charset_hint, std::string& storage) {
  storage.clear();
  DecodedText decoded;
  decoded.utf8 = decode(bytes, charset_hint, storage);
  // Unless it was transcoded or repaired, the text is the input minus a BOM.
  const bool converted = !storage.empty() && decoded.utf8.data() == storage.data();
  if (!converted) {
    decoded.input_prefix = bytes.size() - decoded.utf8.size();
  } else if (!decoded.utf8.empty()) {
    decoded.input_bytes_per_byte = static_cast<double>(bytes.size()) / static_cast<double>(decoded.utf8.size());
  }
  return decoded;
}

}  // namespace pith
