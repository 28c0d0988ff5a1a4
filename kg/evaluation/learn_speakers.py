"""Learn the speaker model (kg/facts/speaker_model.py) on the corpus's train split.

    python -m kg.evaluation.learn_speakers [tests/gold/corpus/corpus.jsonl] [--split train]

Every candidate (speaker, cue) the rules propose in a train article is labelled by
whether the speaker is one of the article's gold named speakers (PERSON or ORG);
a logistic regression (numpy, L2, full-batch gradient descent from zeros: the same
data give the same weights) is fitted on them, and the threshold that maximises the
speakers' F1 on train as the scorer counts them (distinct speakers per article, not
candidates) is kept. Writes kg/data/speaker_model.json.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kg.evaluation.facts import SPEAKER_LABELS, gold_aliases, names_of
from kg.text import to_simplified

ROOT = Path(__file__).resolve().parents[2]
BETA = 1.0
ARTICLE_BETA = 1.0


def labelled(record: dict[str, Any], candidates: Iterable[tuple[dict[str, float], tuple[str, ...]]]) -> list[tuple[dict[str, float], int]]:
    aliases = gold_aliases(record)
    wanted: set[str] = set()
    for statement in record.get("statements", []):
        if statement["kind"] in SPEAKER_LABELS:
            wanted |= names_of(statement["speaker"], aliases)
    return [(found, int(bool({to_simplified(n) for n in names} & wanted))) for found, names in candidates]


def fit(rows: list[tuple[dict[str, float], int]], l2: float = 1.0, steps: int = 2000, rate: float = 0.5) -> dict[str, float]:
    names = sorted({name for found, _ in rows for name in found})
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for row, (found, _label) in enumerate(rows):
        for name, value in found.items():
            x[row, index[name]] = value
    y = np.array([label for _found, label in rows], dtype=float)
    w = np.zeros(len(names))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) / len(rows) + l2 * w / len(rows)
        w -= rate * gradient
    return {name: round(float(w[i]), 4) for name, i in index.items()}


def best_threshold(rows: list[tuple[dict[str, float], int]], weights: dict[str, float], gold_total: int,
                   beta: float = BETA) -> float:
    """The threshold with the best F-beta of the kept candidates (candidate-level, an estimate);
    beta above 1 weighs recall more, below 1 precision; BETA is 1 since the rules' recall caught up (issue 22)."""
    import math

    scored = sorted(((1 / (1 + math.exp(-sum(weights.get(n, 0.0) * v for n, v in found.items()))), label)
                     for found, label in rows), reverse=True)
    best, chosen, kept_true = -1.0, 0.5, 0
    for kept, (score, label) in enumerate(scored, 1):
        kept_true += label
        precision, recall = kept_true / kept, kept_true / max(1, gold_total)
        f1 = (1 + beta**2) * precision * recall / (beta**2 * precision + recall) if precision + recall else 0.0
        if f1 > best:
            best, chosen = f1, score
    return round(chosen, 4)


def collect(gold: Path, split: str, extracted: Iterable[tuple[dict[str, Any], Any, Any, Any]] | None = None) -> list[tuple[dict[str, float], int]]:
    return [row for article in collect_articles(gold, split, extracted) for row in article.rows]


@dataclass
class ArticleCandidates:
    """One article's candidates, labelled, with the names each goes by and the gold speakers' names."""

    rows: list[tuple[dict[str, float], int]]
    names: list[set[str]]
    gold: list[set[str]]


def collect_articles(gold: Path, split: str, extracted: Iterable[tuple[dict[str, Any], Any, Any, Any]] | None = None) -> list[ArticleCandidates]:
    from kg.facts.relate import relate

    articles = []
    for record, article, mentions, linked in extracted if extracted is not None else extract_split(gold, split):
        candidates: list[tuple[dict[str, float], tuple[str, ...]]] = []
        relate(article, mentions, linked, speaker_candidates=candidates)
        aliases = gold_aliases(record)
        articles.append(ArticleCandidates(
            labelled(record, candidates), [{to_simplified(n) for n in names} for _found, names in candidates],
            [names_of(s["speaker"], aliases) for s in record.get("statements", []) if s["kind"] in SPEAKER_LABELS]))
    return articles


def article_threshold(articles: list[ArticleCandidates], weights: dict[str, float], beta: float = ARTICLE_BETA) -> float:
    """The threshold with the best F-beta of the speakers as the scorer counts them (distinct speakers
    per article, kg/evaluation/facts.py), over a grid of thresholds. Beta 1: a beta of 0.8 (precision
    first) chose 0.67 on train, dropping bodies that speak once in a short article (商务部公布的数据显示)."""
    import math

    def score(found: dict[str, float]) -> float:
        return 1 / (1 + math.exp(-sum(weights.get(n, 0.0) * v for n, v in found.items())))

    scored = [([score(found) for found, _label in article.rows], article) for article in articles]
    best, chosen = -1.0, 0.5
    for step in range(20, 91):
        threshold = step / 100
        right = found_total = gold_total = 0
        for scores, article in scored:
            kept: list[set[str]] = []
            for value, names in zip(scores, article.names, strict=True):
                if value >= threshold and not any(names & other for other in kept):
                    kept.append(names)
            matched: set[int] = set()
            for wanted in article.gold:
                hit = next((i for i, names in enumerate(kept) if i not in matched and names & wanted), None)
                if hit is not None:
                    matched.add(hit)
            right, found_total, gold_total = right + len(matched), found_total + len(kept), gold_total + len(article.gold)
        precision, recall = right / max(1, found_total), right / max(1, gold_total)
        f = (1 + beta**2) * precision * recall / (beta**2 * precision + recall) if precision + recall else 0.0
        if f > best:
            best, chosen = f, threshold
    return chosen


def extract_split(gold: Path, split: str) -> Iterable[tuple[dict[str, Any], Any, Any, Any]]:
    from kg import link
    from kg.evaluation.scoring import read_gold_source, read_jsonl
    from kg.pipeline import extraction_scope, gazetteer_of
    from kg.recognize import RecognizerSettings, recognizer_for

    recognize = recognizer_for(RecognizerSettings())
    gazetteer = gazetteer_of(recognize)
    for record in read_jsonl(gold):
        if record.get("split") != split or "statements" not in record:
            continue
        article = extraction_scope(read_gold_source(str(record["path"]), gold.parent))
        mentions = recognize(article)
        yield record, article, mentions, link.link(article, mentions, gazetteer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(ROOT / "tests" / "gold" / "corpus" / "corpus.jsonl"))
    parser.add_argument("--split", default="train")
    parser.add_argument("--out", default=str(ROOT / "kg" / "data" / "speaker_model.json"))
    args = parser.parse_args(argv)
    articles = collect_articles(Path(args.gold), args.split)
    rows = [row for article in articles for row in article.rows]
    gold_total = sum(label for _f, label in rows)
    weights = fit(rows)
    model = {"about": "kg/facts/speaker_model.py; learned by python -m kg.evaluation.learn_speakers on the corpus's "
                      f"{args.split} split ({len(rows)} candidates, {gold_total} of them gold speakers; threshold by "
                      f"the speakers' F-beta {ARTICLE_BETA} per article)",
             "threshold": article_threshold(articles, weights), "weights": weights}
    Path(args.out).write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(rows)} candidates, threshold {model['threshold']}: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
