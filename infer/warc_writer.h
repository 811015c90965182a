#pragma once
// Writing WARC records, for benchmarks and test inputs built from page files (the reader is
// tested against records built by hand instead, so that it is not checked against itself).
#include <cstdint>
#include <string>
#include <string_view>

namespace pith {

// One gzip member holding `bytes` (a WARC file gzipped record by record is such members
// back to back).
std::string gzip_member(std::string_view bytes);

// A WARC/1.1 record of `type` with the given fields (empty ones left out) and `block`.
std::string warc_record(std::string_view type, std::string_view target_uri, std::string_view record_id,
                        std::string_view content_type, std::string_view block);

// A `response` record of a 200 response serving `body` as `media_type` ("text/html").
std::string warc_response_record(std::string_view target_uri, std::string_view record_id, std::string_view media_type,
                                 std::string_view body);

// A record id that is the same on every run for the same number: "urn:uuid:...".
std::string numbered_record_id(std::uint64_t number);

}  // namespace pith
