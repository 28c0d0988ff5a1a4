"""kg's annotated news corpus (tests/gold/corpus): built from its annotation, split by
source, agreed on, and scored per outlet."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest
import yaml

from kg.evaluation.scoring import evaluate_records

from .conftest import ROOT, SHARED
from .hostile import slow_only_when_asked  # noqa: F401 - autouse fixture

CORPUS = ROOT / "tests" / "gold" / "corpus"
needs_shared = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus")


def records() -> list[dict]:
    return [json.loads(line) for line in (CORPUS / "corpus.jsonl").open(encoding="utf-8")]


def test_the_corpus_is_large_and_diverse() -> None:
    found = records()
    assert len(found) >= 1200
    assert len({r["source"] for r in found}) >= 35
    labels = {e["label"] for r in found for e in r["entities"]}
    assert {"PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "PRODUCT", "POSITION"} <= labels
    assert sum(len(r.get("posts", [])) for r in found) > 2000 and sum(len(r.get("statements", [])) for r in found) > 2000


def test_splits_are_by_source() -> None:
    splits = yaml.safe_load((CORPUS / "splits.yaml").read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for split, sources in splits.items():
        for source in sources:
            assert source not in seen, f"{source} is in {seen[source]} and {split}"
            seen[source] = split
    by_split = defaultdict(set)
    for record in records():
        assert record["split"] == seen[record["source"]]
        by_split[record["split"]].add(record["source"])
    assert by_split["test"] and not by_split["test"] & (by_split["train"] | by_split["dev"])


@needs_shared
@pytest.mark.slow
def test_the_gold_is_what_the_annotation_builds() -> None:
    done = subprocess.run([sys.executable, "tests/gold/make_gold.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


@needs_shared
@pytest.mark.slow
def test_the_double_annotation_agrees() -> None:
    done = subprocess.run([sys.executable, "tests/gold/corpus/agreement.py"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    first = dict(line.split(": ", 1) for line in done.stdout.splitlines() if line.startswith("span F1"))
    assert float(first["span F1, label included"]) >= 0.90


def test_scores_are_kept_per_outlet() -> None:
    gold = [
        {"id": "a", "source": "X", "entities": [{"start": 0, "end": 2, "label": "ORG", "canonical": "甲乙"}]},
        {"id": "b", "source": "Y", "entities": [{"start": 0, "end": 2, "label": "GPE", "canonical": "丙丁"}]},
    ]
    predicted = [
        {"id": "a", "entities": [{"start": 0, "end": 2, "label": "ORG", "canonical": "甲乙"}]},
        {"id": "b", "entities": [{"start": 0, "end": 3, "label": "GPE", "canonical": "丙丁戊"}]},
    ]
    outlets = evaluate_records(gold, predicted).summary()["by_outlet"]
    assert outlets["X"]["overall"]["f1"] == 1.0 and outlets["Y"]["overall"]["f1"] == 0.0
    assert outlets["Y"]["overall"]["gold"] == 1 and outlets["Y"]["documents"]["predicted"] == 1


@needs_shared
def test_the_figure_double_annotation_agrees_on_values() -> None:
    done = subprocess.run([sys.executable, "tests/gold/figures_agreement.py"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True)
    scores = dict(line.split(":", 1) for line in done.stdout.splitlines() if line.startswith("F1"))
    # the two blind annotations agree on what is a figure and its value (0.963); naming differs more
    assert float(scores["F1 of value, unit, basis"].split()[0]) >= 0.90
    assert float(scores["F1 with the indicator"].split()[0]) >= 0.5
