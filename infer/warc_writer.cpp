#include "infer/warc_writer.h"

#include <zlib.h>

#include <cstdio>

#include "features/error.h"

namespace pith {

std::string gzip_member(std::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw Error("", "", "cannot initialise zlib");
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw Error("", "", "gzip compression failed");
  return out;
}

std::string warc_record(std::string_view type, std::string_view target_uri, std::string_view record_id,
                        std::string_view content_type, std::string_view block) {
  std::string record = "WARC/1.1\r\nWARC-Type: ";
  record += type;
  record += "\r\n";
  if (!record_id.empty()) record.append("WARC-Record-ID: <").append(record_id).append(">\r\n");
  if (!target_uri.empty()) record.append("WARC-Target-URI: ").append(target_uri).append("\r\n");
  record += "WARC-Date: 2026-01-01T00:00:00Z\r\n";
  if (!content_type.empty()) record.append("Content-Type: ").append(content_type).append("\r\n");
  record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  record += block;
  record += "\r\n\r\n";
  return record;
}

std::string warc_response_record(std::string_view target_uri, std::string_view record_id, std::string_view media_type,
                                 std::string_view body) {
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: ";
  http += media_type;
  http += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  http += body;
  return warc_record("response", target_uri, record_id, "application/http; msgtype=response", http);
}

std::string numbered_record_id(std::uint64_t number) {
  char id[64];
  std::snprintf(id, sizeof id, "urn:uuid:00000000-0000-4000-8000-%012llx", static_cast<unsigned long long>(number));
  return id;
}

}  // namespace pith
