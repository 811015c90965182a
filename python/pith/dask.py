"""Labelling WARC or JSON-lines shards on a Dask `distributed` cluster.

    from distributed import Client
    import pith.dask
    client = Client("tcp://scheduler:8786")
    report = pith.dask.label_shards(client, ["s3-mounted/a.warc.gz", ...], "out/")
    print(report.pages, report.failed_shards)

One task per input shard; each worker process loads the model once and keeps it; each shard
gives one output shard, `<output_dir>/<shard name>.jsonl.gz`, holding the JSON lines
`pith infer` prints for the shard's pages, written to a temporary file and renamed, so an
output shard that exists is complete. Rerunning the job skips those. A shard that fails (an
unreadable file, a worker that died) is retried by Dask (`retries=`) and, when it still fails,
reported in the result with its reason: no shard is lost silently. Records that cannot be read
inside a shard are counted and listed per shard, as `pith infer` reports and skips them.
"""
from __future__ import annotations

import dataclasses
import gzip
import os
import pathlib
import socket
import uuid
from typing import Iterable, Optional, Sequence

import pith

# Errors kept per shard in its result (all are counted).
MAX_RECORD_ERRORS_KEPT = 20

_SHARD_SUFFIXES = (".warc.gz", ".warc", ".jsonl.gz", ".jsonl", ".json.gz", ".json")


@dataclasses.dataclass
class ShardResult:
    """What one task did with one input shard."""
    shard: str
    output: str
    status: str                 # "done", "skipped" (complete output found) or "failed"
    pages: int = 0              # pages labelled
    paragraphs: int = 0
    record_errors: int = 0      # records that could not be read or labelled (skipped, as the CLI does)
    errors: list[str] = dataclasses.field(default_factory=list)  # their messages (the first few), or the shard's
    worker: str = ""


@dataclasses.dataclass
class JobReport:
    shards: list[ShardResult]

    @property
    def pages(self) -> int:
        return sum(s.pages for s in self.shards)

    @property
    def paragraphs(self) -> int:
        return sum(s.paragraphs for s in self.shards)

    @property
    def record_errors(self) -> int:
        return sum(s.record_errors for s in self.shards)

    @property
    def failed_shards(self) -> list[ShardResult]:
        return [s for s in self.shards if s.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed_shards and self.record_errors == 0


def output_path(shard: str, output_dir: str) -> str:
    """`<output_dir>/<shard name without .warc(.gz)/.jsonl(.gz)>.jsonl.gz`."""
    name = pathlib.Path(shard).name
    for suffix in _SHARD_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return os.path.join(output_dir, name + ".jsonl.gz")


# One model per worker process, loaded by the first task that needs it.
_models: dict[Optional[str], pith.Model] = {}


def worker_model(model_path: Optional[str] = None) -> pith.Model:
    model = _models.get(model_path)
    if model is None:
        model = pith.Model.default() if model_path is None else pith.Model.load(model_path)
        _models[model_path] = model
    return model


def json_lines_or_error(model: pith.Model, page: pith.Page):
    try:
        return model.json_lines(page)
    except pith.Error as error:
        return error


def preload_model(model_path: Optional[str] = None) -> None:
    """Loads the model in this worker process now (`client.run(pith.dask.preload_model)`)."""
    worker_model(model_path)


def label_shard(shard: str, output_dir: str, model_path: Optional[str] = None, input_format: str = "auto",
                threads: int = 1, compresslevel: int = 1) -> ShardResult:
    """Labels one shard into its output shard (the task each worker runs; callable alone too).
    Raises when the shard cannot be read at all, so that Dask retries it."""
    output = output_path(shard, output_dir)
    result = ShardResult(shard=shard, output=output, status="done", worker=socket.gethostname())
    if os.path.exists(output):
        result.status = "skipped"
        return result
    if not os.path.isfile(shard):
        raise pith.Error(f"{shard}: no such shard (not a file)")
    model = worker_model(model_path)
    os.makedirs(output_dir, exist_ok=True)

    def readable_pages(pages: Iterable[pith.Page]):
        for page in pages:
            if page.error and not page.location:
                # The shard itself could not be read (missing, unreadable): a task failure, retried.
                raise pith.Error(f"{page.source}: {page.error}")
            if page.error:
                note_error(f"{page.source}: {page.location}: {page.error}" if page.location
                           else f"{page.source}: {page.error}")
                continue
            yield page

    def note_error(message: str):
        result.record_errors += 1
        if len(result.errors) < MAX_RECORD_ERRORS_KEPT:
            result.errors.append(message)

    temporary = f"{output}.tmp-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        with open(temporary, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=compresslevel,
                                                         mtime=0) as out:
            pages = readable_pages(pith.read_pages(shard, format=input_format))
            # One thread: label in this thread (a task then uses one core, and workers scale by
            # processes); more: label_many's native threads, reading and writing in this one.
            labelled = (model.label_many(pages, threads=threads, format="json", return_errors=True) if threads > 1
                        else (json_lines_or_error(model, page) for page in pages))
            for lines in labelled:
                if isinstance(lines, pith.Error):
                    note_error(str(lines))
                    continue
                result.pages += 1
                result.paragraphs += lines.count("\n")
                out.write(lines.encode("utf-8"))
            out.flush()
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return result


def label_shards(client, shards: Sequence[str], output_dir: str, *, model_path: Optional[str] = None,
                 input_format: str = "auto", retries: int = 2, threads_per_task: int = 1,
                 compresslevel: int = 1) -> JobReport:
    """Runs label_shard over `shards` on the cluster behind `client` (a distributed.Client), one
    task per shard, and waits for all of them. Paths must be readable, and `output_dir`
    writable, by every worker under the same names (a shared file system). Output shards are
    gzipped at level 1 by default (labelling, not compression, should take the time); pass
    compresslevel=6 or 9 for smaller files."""
    import distributed

    os.makedirs(output_dir, exist_ok=True)
    futures = client.map(label_shard, list(shards), output_dir=output_dir, model_path=model_path,
                         input_format=input_format, threads=threads_per_task, compresslevel=compresslevel,
                         retries=retries, pure=False)
    distributed.wait(futures)
    results = []
    for shard, future in zip(shards, futures):
        if future.status == "finished":
            results.append(future.result())
        else:
            error = future.exception()
            reason = str(error) if isinstance(error, pith.Error) else f"{type(error).__name__}: {error}"
            results.append(ShardResult(shard=shard, output=output_path(shard, output_dir), status="failed",
                                       errors=[reason]))
    return JobReport(results)
