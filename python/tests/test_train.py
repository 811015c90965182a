"""pith.train mirrors `pith train`: the same datasets and options give the same model file."""
import pytest

import pith
from conftest import SOURCE_DIR, run_cli

LABELLED = SOURCE_DIR / "tests" / "fixtures" / "labelled"


def test_train_gives_the_cli_model(tmp_path):
    cli_model = tmp_path / "cli.model"
    run_cli("train", "-d", f"text:{LABELLED}", "--split", "all", "--stacking-folds", "0", "--hash-bits", "10",
            "-o", cli_model)
    model = pith.train([f"text:{LABELLED}"], split="all", stacking_folds=0, hash_bits=10)
    python_model = tmp_path / "python.model"
    model.save(python_model)
    assert python_model.read_bytes() == cli_model.read_bytes()
    paragraphs = model.label("Menu Home\n\nA plain article about the weather in the valley.", kind="text")
    assert len(paragraphs) == 2


def test_train_errors(tmp_path):
    with pytest.raises(pith.Error, match="unknown dataset kind|kind"):
        pith.train(["nope:/x"])
    with pytest.raises(pith.Error, match="stacking-folds"):
        pith.train([f"text:{LABELLED}"], stacking_folds=1)
    with pytest.raises(TypeError, match="frobnicate"):
        pith.train([f"text:{LABELLED}"], frobnicate=3)
    with pytest.raises(ValueError):
        pith.train([f"text:{LABELLED}"], cost=-1)
    with pytest.raises(pith.Error, match="no labelled pages|cannot|missing|no such"):
        pith.train([f"text:{tmp_path / 'empty'}"], split="all")

