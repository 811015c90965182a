"""Model.label_many: input order and the same results whatever the thread count."""
import threading

import pytest

import pith
from conftest import EXAMPLE_PAGES, read_page


def pages():
    base = [read_page(p).decode("utf-8") for p in EXAMPLE_PAGES if p.suffix == ".html"]
    out = []
    for i in range(60):
        # Pages of different sizes, so that later pages often finish before earlier ones.
        out.append(f"<html><body><h1>Page {i}</h1>" + f"<p>Paragraph {i} of a story about the harbour. </p>" * (1 + (i * 37) % 50)
                   + "<footer><a href='/a'>About</a></footer></body></html>")
        out.append(base[i % len(base)])
    return out


def as_tuples(result):
    return [(p.index, p.text, p.label, p.p_content, p.tag) for p in result]


def test_results_in_input_order_whatever_the_threads(model):
    expected = [as_tuples(model.label(page)) for page in pages()]
    for threads in (1, 2, 4):
        got = [as_tuples(r) for r in model.label_many(pages(), threads=threads)]
        assert got == expected, f"threads={threads}"


def test_text_format_equals_extract(model):
    expected = [model.extract(page) for page in pages()]
    assert list(model.label_many(iter(pages()), threads=2, format="text")) == expected


def test_items_may_carry_url_and_kind(model):
    items = [("<p>one two three four five</p>", "http://example.org/a"),
             {"text": "a plain\n\ntext page", "url": "u"}, {"html": b"<p>bytes</p>"}]
    results = list(model.label_many(items, threads=2))
    assert [p.tag for p in results[1]] == ["", ""]
    assert results[2][0].text == "bytes"


def test_a_bad_item_raises_in_order(model):
    results = model.label_many(["<p>a</p>", 12, "<p>b</p>"], threads=2)
    # The bad item is found while reading ahead: a TypeError, never a crash.
    with pytest.raises(TypeError):
        list(results)


def test_releases_the_gil(model):
    """Another Python thread keeps running while label_many labels."""
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        for _ in model.label_many(pages() * 3, threads=2):
            pass
    finally:
        stop.set()
        thread.join()
    assert len(ticks) > 5


def test_abandoned_iterator_stops_its_threads(model):
    iterator = model.label_many(pages(), threads=2)
    next(iterator)
    del iterator  # must not hang or crash
