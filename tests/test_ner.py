"""The trained NER model: shipped, loaded, used by the recogniser, retrainable with ``kg train``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from kg.cli.main import main
from kg.errors import ConfigError
from kg.recognize import ner
from kg.recognize.recognizer import Recognizer, mentions_in
from kg.recognize.settings import RecognizerSettings
from kg.recognize.words import tag_words

from .conftest import SHARED

NER_TRAIN = SHARED / "ner-train"
# Names in no gazetteer, with no title or other rule context around them.
UNLISTED = [
    ("今年春天，汪敏华和龚建业一起去了沧源县。", {("汪敏华", "PERSON"), ("龚建业", "PERSON")}),
    ("据悉，青禾农机制造有限公司获得了这笔贷款。", {("青禾农机制造有限公司", "ORG")}),
    ("梁仪坚说，明年的产量会更高。", {("梁仪坚", "PERSON")}),
]


@pytest.fixture(scope="module")
def model() -> ner.CharCRF:
    return ner.load_model()


def test_the_shipped_model_loads_and_is_small(model: ner.CharCRF) -> None:
    folder = ner.model_directory()
    size = sum(path.stat().st_size for path in folder.iterdir())
    assert size < 40 * 1024 * 1024
    assert model.version == ner.model_version()
    assert json.loads((folder / "crf.json").read_text(encoding="utf-8"))["training"]["sentences"] > 40_000


@pytest.mark.parametrize(("text", "names"), UNLISTED)
def test_the_model_alone_finds_unlisted_names(model: ner.CharCRF, text: str, names: set[tuple[str, str]]) -> None:
    found = {(text[start:end], {"PER": "PERSON"}.get(label, label)) for start, end, label in model.tag(text, tag_words(text), [])}
    assert names <= found


@pytest.mark.parametrize(("text", "names"), UNLISTED)
def test_the_pipeline_takes_the_model_names(text: str, names: set[tuple[str, str]]) -> None:
    recognizer = Recognizer(RecognizerSettings(model=True))
    mentions = mentions_in(text, recognizer)
    assert names <= {(m.text, m.label) for m in mentions}
    assert "model" in {m.source for m in mentions}


def test_a_gazetteer_name_keeps_its_span_against_the_model() -> None:
    text = "商务部副部长任鸿斌在会上说，中国—东盟自由贸易区建设取得进展。"
    recognizer = Recognizer(RecognizerSettings(model=True))
    by_text = {m.text: m for m in mentions_in(text, recognizer)}
    assert by_text["商务部"].source == "gazetteer"
    assert by_text["任鸿斌"].label == "PERSON"


def test_decoding_follows_the_bioes_grammar(model: ner.CharCRF) -> None:
    rng = np.random.default_rng(7)
    scores = rng.normal(0, 5, size=(60, len(ner.TAGS))).astype(np.float32)
    tags = [ner.TAGS[t] for t in model.decode(scores, [(0, 25), (25, 60)])]
    allowed = ner.allowed_transitions()
    index = {tag: i for i, tag in enumerate(ner.TAGS)}
    for piece in (tags[:25], tags[25:]):
        assert piece[0] == "O" or piece[0][0] in "BS"
        assert piece[-1] == "O" or piece[-1][0] in "ES"
        assert all(allowed[index[a], index[b]] for a, b in zip(piece, piece[1:], strict=False))


def test_tags_to_spans_reads_ill_formed_runs() -> None:
    assert ner.tags_to_spans(["B-PER", "E-PER", "O", "I-LOC", "E-LOC", "S-ORG", "E-ORG"]) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "ORG")]


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no NER model here"):
        ner.load_model(tmp_path)
    (tmp_path / "crf.npz").write_bytes(b"not a zip")
    (tmp_path / "crf.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot load the NER model"):
        ner.load_model(tmp_path)


def test_build_reports_the_recogniser_and_no_model_leaves_it_out(tmp_path: Path) -> None:
    import kg

    seed = sorted((Path(__file__).parent.parent / "seeds").iterdir())[0]
    with_model = kg.build([seed], tmp_path / "model", html=False)
    rules_only = kg.build([seed], tmp_path / "rules", html=False, model=False)
    assert with_model.report["recognizer"]["model"] == f"crf {ner.model_version()}"
    assert rules_only.report["recognizer"]["model"] is None


def test_the_cache_key_depends_on_the_recogniser() -> None:
    from kg.pipeline import rules_version

    assert rules_version(RecognizerSettings(model=True)) != rules_version(RecognizerSettings(model=False))


@pytest.mark.skipif(not (NER_TRAIN / "msra-train.bioes").is_file(), reason="needs ../shared/ner-train")
def test_kg_train_runs_end_to_end_on_a_slice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "model"
    assert main(["train", "--data", str(NER_TRAIN), "--limit", "1500", "--iterations", "8", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "iteration 8:" in printed and "dev tag F1" in printed and "dev P" in printed
    trained = ner.CharCRF(out)
    assert trained.meta["training"]["sentences"] < 1500
    # the same data and settings give the same model
    again = tmp_path / "again"
    assert main(["train", "--data", str(NER_TRAIN), "--limit", "1500", "--iterations", "8", "--out", str(again)]) == 0
    assert (out / "crf.npz").read_bytes() == (again / "crf.npz").read_bytes()
    shutil.rmtree(again)


def test_kg_train_names_missing_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data", str(tmp_path), "--out", str(tmp_path / "m")]) == 1
    assert "no such training file" in capsys.readouterr().err


def test_span_codes_match_the_training_features(model: ner.CharCRF) -> None:
    # overlapping gazetteer names (商务部 inside 商务部研究院): the later one wins in both
    spans = [(0, 3, "ORG"), (0, 6, "ORG"), (7, 8, "GPE"), (9, 11, "POSITION"), (10, 12, "PERSON")]
    strings = ner.position_codes(spans, 12)
    vocabulary = model.vocabularies[ner.GAZETTEER]
    expected = [0, *(vocabulary.get(code, 1) if code != "-" else vocabulary.get("-", 1) for code in strings), 0]
    assert model.span_codes(ner.GAZETTEER, spans, 12).tolist() == expected
