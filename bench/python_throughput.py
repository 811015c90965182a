#!/usr/bin/python3
"""Throughput of pith from Python against the CLI, and of the Dask job on one and two workers,
measured in one run on the same pages (bench/README.md has the figures).

    nice -n 10 /usr/bin/python3 bench/python_throughput.py build /work/datasets [--pages 400] [--shards 8]

Needs the build tree's Python package (build/python) and build/bin/pith. The CLI reads the
page files from disk (page cache warm after a first pass); Python gets them as bytes in memory.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("datasets")
    parser.add_argument("--pages", type=int, default=0, help="at most this many shared test pages (0: all)")
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per figure")
    args = parser.parse_args()
    build = pathlib.Path(args.build).resolve()
    sys.path.insert(0, str(build / "python"))
    # Dask's worker processes import pith too.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(build / "python"), os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "python" / "tests"))
    import pith
    import pith.dask
    from warc_shards import write_warc_shard

    source = pathlib.Path(__file__).resolve().parents[1]
    listing = subprocess.run([str(source / "scripts" / "shared-test-pages"), args.datasets], check=True,
                             capture_output=True, text=True).stdout.split()
    paths = [pathlib.Path(p) for p in listing if p]
    if args.pages:
        paths = paths[: args.pages]
    import gzip
    pages = [(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()) for p in paths]
    kinds = ["text" if p.name.removesuffix(".gz").endswith(".txt") else "html" for p in paths]
    megabytes = sum(map(len, pages)) / 1e6
    print(f"{len(pages)} pages, {megabytes:.1f} MB of HTML/text")
    binary = str(build / "bin" / "pith")
    threads_flag = ["--threads", "2"] if b"--threads" in subprocess.run([binary, "infer", "--help"],
                                                                        capture_output=True).stdout else []

    def best(run):
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    def cli():
        subprocess.run([binary, "infer", *threads_flag, *map(str, paths)], check=True, stdout=subprocess.DEVNULL)

    model = pith.Model.default()
    items = [{"html" if k == "html" else "text": page, "source": str(p)} for page, k, p in zip(pages, kinds, paths)]

    def python_label_many():
        for _ in model.label_many(items, threads=2):
            pass

    def python_json():
        for _ in model.label_many(items, threads=2, format="json"):
            pass

    def python_one_thread():
        for _ in model.label_many(items, threads=1, format="json"):
            pass

    cli()  # warm the page cache
    t_cli = best(cli)
    t_many = best(python_label_many)
    t_json = best(python_json)
    t_one = best(python_one_thread)
    cli_name = "pith infer " + " ".join(threads_flag)
    print(f"{cli_name.strip():34s} {megabytes / t_cli:7.1f} MB/s  {len(pages) / t_cli:7.1f} pages/s")
    print(f"{'label_many(threads=2) -> Paragraphs':34s} {megabytes / t_many:7.1f} MB/s  ratio to CLI {t_cli / t_many:.2f}")
    print(f"{'label_many(threads=2, format=json)':34s} {megabytes / t_json:7.1f} MB/s  ratio to CLI {t_cli / t_json:.2f}")
    print(f"{'label_many(threads=1, format=json)':34s} {megabytes / t_one:7.1f} MB/s  ratio to CLI {t_cli / t_one:.2f}")

    import distributed
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        shard_paths = []
        for shard in range(args.shards):
            chunk = [(f"http://example.org/{i}", page) for i, (page, k) in enumerate(zip(pages, kinds))
                     if i % args.shards == shard and k == "html"]
            path = folder / f"shard-{shard:03d}.warc.gz"
            write_warc_shard(path, chunk, first_record=shard * 100000)
            shard_paths.append(str(path))
        timings = {}
        for workers in (1, 2):
            with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          host="127.0.0.1", dashboard_address=None) as cluster, \
                    distributed.Client(cluster) as client:
                client.run(pith.dask.preload_model)  # model loaded before the clock starts

                def job():
                    out = folder / f"out-{workers}"
                    shutil.rmtree(out, ignore_errors=True)
                    report = pith.dask.label_shards(client, shard_paths, str(out))
                    assert report.ok, report
                timings[workers] = best(job)
        print(f"dask, {args.shards} WARC shards, 1 worker: {timings[1]:.2f} s; 2 workers: {timings[2]:.2f} s; "
              f"speed-up {timings[1] / timings[2]:.2f}x")


if __name__ == "__main__":
    main()
