"""The data preparation and time planning of bench/spacy_ner_baseline.py (no training here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from kg.evaluation.scoring import read_conll

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def baseline():
    spec = importlib.util.spec_from_file_location("spacy_ner_baseline", ROOT / "bench" / "spacy_ner_baseline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docbin_keeps_spans_of_well_and_ill_formed_bioes(tmp_path, baseline):
    # The second sentence has an E-ORG without its B (as a few MSRA sentences do).
    (tmp_path / "mini.bioes").write_text(
        "王 B-PER\n小 I-PER\n明 E-PER\n在 O\n京 S-LOC\n\n"
        "去 O\n院 E-ORG\n了 O\n中 B-ORG\n国 I-ORG\n银 I-ORG\n行 E-ORG\n\n",
        encoding="utf-8")
    sentences = list(read_conll(tmp_path / "mini.bioes"))
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    dropped = baseline.write_docbin(nlp, sentences, tmp_path / "mini.spacy")
    docs = list(DocBin().from_disk(tmp_path / "mini.spacy").get_docs(nlp.vocab))
    assert dropped == 0
    assert [[(e.text, e.label_) for e in doc.ents] for doc in docs] == [
        [("王小明", "PER"), ("京", "LOC")],
        [("院", "ORG"), ("中国银行", "ORG")],
    ]


def test_dev_split_is_fixed_disjoint_and_two_percent(baseline):
    sentences = [(f"句{i}", set()) for i in range(1000)]
    train, dev = baseline.split_train_dev(sentences, seed=7)
    again_train, again_dev = baseline.split_train_dev(sentences, seed=7)
    assert (train, dev) == (again_train, again_dev)
    assert len(dev) == 20 and len(train) == 980
    assert not {t for t, _ in train} & {t for t, _ in dev}


def test_planned_steps_fit_the_time_left(baseline):
    costs = {"initialise": 5.0, "step": 0.25, "evaluate": 8.0}
    max_steps, eval_frequency = baseline.plan_steps(1200.0, costs)
    assert max_steps % eval_frequency == 0 and max_steps // eval_frequency == baseline.EVALUATIONS
    spent = (costs["initialise"] + max_steps * costs["step"]
             + (baseline.EVALUATIONS + 1) * (costs["evaluate"] + 1.0))
    assert 0.8 * 1200 <= spent <= 0.9 * 1200
