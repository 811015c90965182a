"""pith.Model from Python gives what the CLI gives, byte for byte."""
import pathlib

import pytest

import pith
from conftest import EXAMPLE_PAGES, page_kind, read_page, run_cli, shared_test_pages

PAGES = EXAMPLE_PAGES + shared_test_pages(40)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_extract_equals_cli_text(model, path):
    expected = run_cli("infer", "--text", path).stdout.decode("utf-8")
    assert model.extract(read_page(path), kind=page_kind(path)) == expected


@pytest.mark.parametrize("path", PAGES[::4], ids=lambda p: p.name)
def test_markdown_equals_cli_markdown(model, path):
    expected = run_cli("infer", "--format", "markdown", path).stdout.decode("utf-8")
    assert model.extract(read_page(path), format="markdown", kind=page_kind(path)) == expected


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_json_lines_and_labels_equal_cli(model, path):
    expected = run_cli("infer", path).stdout.decode("utf-8")
    page = read_page(path)
    assert model.json_lines(page, source=str(path), kind=page_kind(path)) == expected
    paragraphs = model.label(page, source=str(path), kind=page_kind(path))
    assert len(paragraphs) == expected.count("\n")
    import json
    for paragraph, line in zip(paragraphs, expected.splitlines()):
        record = json.loads(line)
        assert (paragraph.index, paragraph.label, paragraph.text) == (record["index"], record["label"], record["text"])
        assert round(paragraph.p_content, 4) == pytest.approx(record["p_content"], abs=1e-4)


def test_str_and_bytes_give_the_same_labels(model):
    page = "<html><body><nav><a href='/'>Home</a></nav><p>Caf\u00e9 owners in the harbour town said the new bridge had " \
           "brought more visitors than any summer they remember.</p></body></html>"
    as_str = model.label(page)
    as_bytes = model.label(page.encode("utf-8"))
    assert [(p.text, p.label, p.p_content, p.tag) for p in as_str] == \
           [(p.text, p.label, p.p_content, p.tag) for p in as_bytes]
    assert any(p.text.startswith("Caf\u00e9") and p.tag == "p" for p in as_str)


def test_charset_hint_decodes_bytes(model):
    page = "<p>Gr\u00fc\u00dfe aus K\u00f6ln, sagte der B\u00fcrgermeister am Montag.</p>".encode("iso-8859-1")
    text = model.extract(page, charset="iso-8859-1") + "".join(p.text for p in model.label(page, charset="iso-8859-1"))
    assert "Gr\u00fc\u00dfe aus K\u00f6ln" in text


def test_plain_text_page(model):
    page = "First paragraph of a diary entry about the allotment.\n\nSecond paragraph, about the beans."
    paragraphs = model.label(page, kind="text")
    assert [p.tag for p in paragraphs] == ["", ""]
    assert paragraphs[1].text == "Second paragraph, about the beans."


def test_bad_model_file_raises_the_cli_message(tmp_path):
    bad = tmp_path / "bad.model"
    bad.write_text("pith-model 1\nnot a model\n")
    with pytest.raises(pith.Error) as caught:
        pith.Model.load(bad)
    cli = run_cli("infer", "--model", bad, EXAMPLE_PAGES[0], check=False)
    assert cli.returncode == 1
    assert cli.stderr.decode() == f"pith: {caught.value}\n"
    assert caught.value.source == str(bad) and caught.value.message in str(caught.value)


def test_missing_model_file_raises_pith_error(tmp_path):
    with pytest.raises(pith.Error, match="cannot open"):
        pith.Model.load(tmp_path / "missing.model")


def test_bad_arguments_raise_python_errors(model):
    with pytest.raises(TypeError):
        model.label(12)
    with pytest.raises(ValueError):
        model.label("<p>x</p>", kind="pdf")
    with pytest.raises(ValueError):
        model.extract("<p>x</p>", format="docx")
    with pytest.raises(UnicodeEncodeError):
        model.label("<p>\ud800</p>")


@pytest.mark.parametrize("page", [b"", b"\x00\xff\xfe" * 1000, b"<" * 5000, b"<div>" * 20000 + b"deep",
                                  "\ufeff<p>bom</p>".encode("utf-8"), b"\x1f\x8b\x08\x00garbage"])
def test_odd_input_never_crashes(model, page):
    # Binary input (control bytes, gzip data without a .gz name) is refused as pith.Error, as
    # the CLI refuses it; anything else is labelled.
    try:
        paragraphs = model.label(page)
    except pith.Error as error:
        assert "binary data, not a page" in str(error)
        return
    for paragraph in paragraphs:
        assert paragraph.label in ("content", "boilerplate")
    assert isinstance(model.extract(page), str)


def test_save_then_load_keeps_the_model(model, tmp_path):
    path = tmp_path / "copy.model"
    model.save(path)
    page = read_page(EXAMPLE_PAGES[1])
    assert pith.Model.load(path).json_lines(page) == model.json_lines(page)


def test_read_warc_pages_label_like_bytes(model, tmp_path):
    from warc_shards import write_warc_shard
    page = read_page(EXAMPLE_PAGES[1])
    shard = tmp_path / "one.warc.gz"
    write_warc_shard(shard, [("http://example.org/a", page)])
    reader = pith.read_warc(shard)
    pages = list(reader)
    assert [(p.url, p.bytes, p.error) for p in pages] == [("http://example.org/a", page, "")]
    assert reader.skipped == {"not_html": 0, "not_200": 0, "other_record_types": 0}
    assert model.extract(pages[0]) == model.extract(page)
    missing = list(pith.read_pages(tmp_path / "missing.warc.gz"))
    assert len(missing) == 1 and missing[0].error
    with pytest.raises(pith.Error, match="missing.warc.gz"):
        model.label(missing[0])
    results = list(model.label_many([pages[0], missing[0]], threads=2, return_errors=True))
    assert isinstance(results[0], list) and isinstance(results[1], pith.Error)
    assert str(tmp_path / "missing.warc.gz") in str(results[1])
