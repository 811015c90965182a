"""WARC shards built in Python from page files (gzipped record by record), for the Dask tests
and the benchmark: independent of the C++ WARC writer, so the reader is not checked against
itself."""
import gzip
import pathlib


def warc_response(uri: str, record_number: int, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + \
        str(len(body)).encode() + b"\r\n\r\n" + body
    headers = (
        "WARC/1.1\r\n"
        "WARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{record_number:012d}>\r\n"
        "WARC-Date: 2024-01-01T00:00:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return headers + http + b"\r\n\r\n"


def write_warc_shard(path: pathlib.Path, pages: list[tuple[str, bytes]], first_record: int = 0) -> None:
    with open(path, "wb") as out:
        for i, (uri, body) in enumerate(pages):
            out.write(gzip.compress(warc_response(uri, first_record + i, body), mtime=0))
