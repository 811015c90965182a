"""Shared set-up of the Python tests: ctest runs them with PYTHONPATH at build/python and
PITH_BINARY naming the CLI they are compared with."""
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE_PAGES = sorted((SOURCE_DIR / "examples" / "pages").iterdir())


def pith_binary() -> str:
    binary = os.environ.get("PITH_BINARY")
    if not binary:
        pytest.fail("PITH_BINARY is not set: run the Python tests through ctest")
    return binary


def run_cli(*args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([pith_binary(), *map(str, args)], capture_output=True)
    if check and result.returncode != 0:
        raise AssertionError(f"pith {' '.join(map(str, args))} failed: {result.stderr.decode()}")
    return result


def page_kind(path: pathlib.Path) -> str:
    """The kind the CLI gives a page file from its name (features/page_reader.h)."""
    name = path.name.lower().removesuffix(".gz")
    return "text" if name.endswith(".txt") else "html"


def read_page(path: pathlib.Path) -> bytes:
    import gzip
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def shared_test_pages(limit: int) -> list[pathlib.Path]:
    """Up to `limit` of the shared test pages (scripts/shared-test-pages), [] without datasets."""
    datasets = os.environ.get("PITH_DATASETS", "")
    if not datasets or not pathlib.Path(datasets).is_dir():
        return []
    listing = subprocess.run([str(SOURCE_DIR / "scripts" / "shared-test-pages"), datasets],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        return []
    pages = [pathlib.Path(line) for line in listing.stdout.splitlines() if line]
    return pages[:: max(1, len(pages) // limit)][:limit]


@pytest.fixture(scope="session")
def model():
    import pith
    return pith.Model.default()
