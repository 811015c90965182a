"""pith: labels the paragraphs of web pages as content or boilerplate.

    >>> import pith
    >>> model = pith.Model.default()
    >>> print(model.extract("<p>Some article text.</p>"))

The labelling runs in C++ (the same library as the `pith` command line, same results byte for
byte); calls release the GIL, and Model.label_many labels on native threads. pith.dask runs
the same over WARC or JSON-lines shards on a Dask cluster.
"""
from ._pith import Error, LabelManyIterator, Model, Page, PageReader, Paragraph, read_pages, read_warc, train

__all__ = ["Error", "LabelManyIterator", "Model", "Page", "PageReader", "Paragraph", "read_pages", "read_warc", "train"]
