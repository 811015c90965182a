"""pith.dask on a two-process LocalCluster: the union of its output shards equals what
`pith infer` prints for the same WARC shards; failing shards are reported, reruns skip
finished ones."""
import gzip
import pathlib

import pytest

import pith
import pith.dask
from conftest import EXAMPLE_PAGES, read_page, run_cli
from warc_shards import write_warc_shard

distributed = pytest.importorskip("distributed")


def fixture_pages():
    pages = [read_page(p) for p in EXAMPLE_PAGES if p.suffix == ".html"]
    for i in range(12):
        pages.append((f"<html><head><title>Story {i}</title></head><body><nav><a href='/'>Home</a> "
                      f"<a href='/news'>News</a></nav><article><h1>Story {i}</h1>"
                      + f"<p>Paragraph of story {i}, which tells of the harbour and its boats. </p>" * (i + 2)
                      + "</article><footer>Copyright</footer></body></html>").encode())
    return pages


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shards")
    pages = fixture_pages()
    paths = []
    for shard in range(4):
        chunk = [(f"http://example.org/{shard}/{i}", page) for i, page in enumerate(pages) if i % 4 == shard]
        path = folder / f"shard-{shard}.warc.gz"
        write_warc_shard(path, chunk, first_record=shard * 100)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def read_output(path) -> str:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read()


def test_job_output_equals_cli(client, shards, tmp_path):
    report = pith.dask.label_shards(client, [str(s) for s in shards], str(tmp_path / "out"))
    assert report.ok, report
    assert [s.status for s in report.shards] == ["done"] * len(shards)
    workers = {s.worker for s in report.shards}
    assert workers  # host names; the two processes share one here
    outputs = [read_output(s.output) for s in report.shards]
    expected = [run_cli("infer", shard).stdout.decode("utf-8") for shard in shards]
    assert outputs == expected
    assert report.pages == len(fixture_pages())
    assert report.paragraphs == sum(text.count("\n") for text in expected)


def test_rerun_skips_complete_shards_and_failures_are_reported(client, shards, tmp_path):
    out = tmp_path / "out"
    missing = tmp_path / "missing.warc.gz"
    first = pith.dask.label_shards(client, [str(shards[0]), str(missing)], str(out), retries=1)
    assert [s.status for s in first.shards] == ["done", "failed"]
    assert str(missing) in first.failed_shards[0].errors[0]
    assert not first.ok
    assert not list(out.glob("*.tmp-*"))  # no temporary file left behind
    write_warc_shard(missing, [("http://example.org/late", fixture_pages()[0])])
    second = pith.dask.label_shards(client, [str(shards[0]), str(missing)], str(out))
    assert [s.status for s in second.shards] == ["skipped", "done"]
    assert second.ok


def test_bad_records_are_counted_not_fatal(tmp_path):
    shard = tmp_path / "broken.warc.gz"
    write_warc_shard(shard, [("http://example.org/a", fixture_pages()[0])])
    with open(shard, "ab") as f:
        f.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\ntruncated"))
    for threads in (1, 2):
        out = tmp_path / f"out-{threads}"
        result = pith.dask.label_shard(str(shard), str(out), threads=threads)
        assert result.status == "done" and result.pages == 1
        assert result.record_errors == 1 and str(shard) in result.errors[0]
    assert read_output(tmp_path / "out-1" / "broken.jsonl.gz") == read_output(tmp_path / "out-2" / "broken.jsonl.gz")
