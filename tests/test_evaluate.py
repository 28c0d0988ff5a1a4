"""Extraction against hand-made gold: a regression floor, not a copy of the output."""

from __future__ import annotations

import pytest

from kg.evaluation.scoring import evaluate_gold, evaluate_records, read_conll, spans_from_tags

from .conftest import ROOT, SHARED

GOLD = ROOT / "tests" / "gold"


def test_seeds_meet_the_target() -> None:
    summary = evaluate_gold(GOLD / "seeds.jsonl").summary()
    assert summary["overall"]["f1"] >= 0.95, summary["overall"]


@pytest.mark.xfail(reason="issue 21: seeds document F1 0.885 with the model first (0.938 before), floor 0.93", strict=True)
def test_seeds_documents_meet_the_target() -> None:
    summary = evaluate_gold(GOLD / "seeds.jsonl").summary()
    assert summary["documents"]["f1"] >= 0.93, summary["documents"]


@pytest.mark.skipif(not (SHARED / "corpus" / "xwlb").exists(), reason="needs ../shared/corpus")
def test_heldout_news_keep_their_floor() -> None:
    # eight 新闻联播 items annotated by hand and never tuned on one by one
    summary = evaluate_gold(GOLD / "heldout.jsonl").summary()
    assert summary["documents"]["f1"] >= 0.78, summary["documents"]
    assert summary["overall"]["f1"] >= 0.85, summary["overall"]


def test_scores_count_exact_spans_and_labels() -> None:
    gold = [{"id": "a", "entities": [
        {"start": 0, "end": 3, "label": "PERSON", "canonical": "任鸿斌"},
        {"start": 5, "end": 8, "label": "ORG", "canonical": "商务部"},
    ]}]
    predicted = [{"id": "a", "entities": [
        {"start": 0, "end": 3, "label": "PERSON", "canonical": "任鸿斌"},
        {"start": 5, "end": 9, "label": "ORG", "canonical": "商务部"},
    ]}]
    summary = evaluate_records(gold, predicted).summary()
    assert summary["overall"]["precision"] == 0.5 and summary["overall"]["recall"] == 0.5
    assert summary["documents"]["f1"] == 1.0  # same entities, whatever the spans
    assert summary["by_label"]["PERSON"]["f1"] == 1.0 and summary["by_label"]["ORG"]["f1"] == 0.0


def test_bio_and_bioes_tags() -> None:
    assert spans_from_tags(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    assert spans_from_tags(["S-ORG", "B-LOC", "M-LOC", "E-LOC", "O"]) == {(0, 1, "ORG"), (1, 4, "LOC")}
    assert spans_from_tags(["I-PER", "I-PER"]) == {(0, 2, "PER")}  # a sequence starting with I- still counts


def test_read_conll(tmp_path) -> None:
    path = tmp_path / "tiny.bio"
    path.write_text("王 B-PER\n毅 I-PER\n访 O\n美 B-LOC\n\n商 B-ORG\n务 I-ORG\n部 I-ORG\n", encoding="utf-8")
    assert list(read_conll(path)) == [("王毅访美", {(0, 2, "PER"), (3, 4, "LOC")}), ("商务部", {(0, 3, "ORG")})]
