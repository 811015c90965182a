"""Typing stub for pith (the native part is pith._pith)."""
from os import PathLike
from typing import Iterable, Iterator, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

PageBytes = Union[str, bytes, bytearray, memoryview]
PageItem = Union[PageBytes, Tuple[PageBytes, Optional[str]], Mapping[str, object], "Page"]

class Error(Exception):
    """What the library refused: str(e) is the text `pith` prints after "pith: "."""
    source: str
    location: str
    message: str

class Paragraph:
    """One paragraph of a labelled page."""
    @property
    def index(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def label(self) -> Literal["content", "boilerplate"]: ...
    @property
    def is_content(self) -> bool: ...
    @property
    def p_content(self) -> float: ...
    @property
    def tag(self) -> str: ...

class Page:
    """One page read from an input (a WARC record, a JSON line, a page file), as served:
    transfer and content encodings undone, charset not yet decoded."""
    @property
    def bytes(self) -> bytes: ...
    @property
    def source(self) -> str:
        """The file it came from."""
    @property
    def location(self) -> str:
        """Where in the file: 'record 3 (byte 4096)', 'line 7', or ''."""
    @property
    def id(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def charset(self) -> str: ...
    @property
    def kind(self) -> Optional[Literal["html", "text"]]: ...
    @property
    def error(self) -> str:
        """Non-empty: this record could not be read, and why (it is then not labelled)."""

class PageReader(Iterator[Page]):
    """Yields pith.Page objects in input order; reading releases the GIL."""
    def __iter__(self) -> "PageReader": ...
    def __next__(self) -> Page: ...
    @property
    def skipped(self) -> dict[str, int]:
        """Records skipped on purpose so far: not_html, not_200, other_record_types."""
    @property
    def bytes_read(self) -> int: ...

def read_pages(paths: Union[str, PathLike[str], Sequence[Union[str, PathLike[str]]]],
               format: Literal["auto", "pages", "jsonl", "warc"] = "auto") -> PageReader:
    """Reads pages from files, folders, JSON lines (.jsonl, .jsonl.gz) and WARC files (.warc,
    .warc.gz) as `pith infer` does. A record that cannot be read is a Page with `error` set."""

def read_warc(path: Union[str, PathLike[str]]) -> PageReader:
    """Reads the HTML responses of a WARC file (plain or gzipped)."""

class LabelManyIterator(Iterator[object]):
    def __iter__(self) -> "LabelManyIterator": ...
    def __next__(self) -> object: ...

class Model:
    """A pith model. Thread-safe: one model serves every thread."""
    @staticmethod
    def default() -> "Model":
        """The shipped default model ($PITH_MODEL when set)."""
    @staticmethod
    def load(path: Union[str, PathLike[str]]) -> "Model":
        """Loads a model file; raises pith.Error naming the file when it is not a valid model."""
    def save(self, path: Union[str, PathLike[str]]) -> None:
        """Writes the model file atomically."""
    def label(self, page: Union[PageBytes, "Page"], url: Optional[str] = None, charset: Optional[str] = None,
              kind: Optional[Literal["html", "text"]] = None, source: Optional[str] = None) -> list[Paragraph]:
        """Labels each paragraph of one page. A str page is read as UTF-8; bytes are decoded
        as the CLI decodes a file (BOM, `charset`, UTF-8 validity, <meta>, windows-1252)."""
    def extract(self, page: Union[PageBytes, "Page"], format: Literal["text", "markdown"] = "text", url: Optional[str] = None,
                charset: Optional[str] = None, kind: Optional[Literal["html", "text"]] = None, source: Optional[str] = None) -> str:
        """The main text: content paragraphs separated by blank lines (`pith infer --text`)."""
    def json_lines(self, page: Union[PageBytes, "Page"], url: Optional[str] = None, charset: Optional[str] = None,
                   kind: Optional[Literal["html", "text"]] = None, source: Optional[str] = None) -> str:
        """The JSON lines `pith infer` prints for the page, "page" being `source` (default: the
        url, else "<page>"); `source` also names the page in errors."""
    @overload
    def label_many(self, pages: Iterable[PageItem], threads: int = 0, format: None = None,
                   return_errors: Literal[False] = False) -> Iterator[list[Paragraph]]: ...
    @overload
    def label_many(self, pages: Iterable[PageItem], threads: int = 0, *, format: Literal["text", "markdown"],
                   return_errors: Literal[False] = False) -> Iterator[str]: ...
    @overload
    def label_many(self, pages: Iterable[PageItem], threads: int = 0, format: Optional[str] = None, *,
                   return_errors: Literal[True]) -> Iterator[Union[list[Paragraph], str, Error]]: ...

def train(datasets: Union[str, Sequence[str]], **options: object) -> Model:
    """Learns a model as `pith train` does. datasets: "KIND:PATH" strings. options: the command's
    flags with '_' for '-': text_datasets, split, cost, tolerance, max_iterations, l1,
    class_weight, threads, cv_folds, cost_grid, favor, families, stacking_folds, hash_bits,
    hash_seed, hashed_min_pages. Raises pith.Error for bad datasets, TypeError for an unknown
    option."""
