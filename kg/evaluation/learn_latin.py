"""Learn the Latin name model (kg/recognize/latin.py) on the corpus's train split.

    python -m kg.evaluation.learn_latin [tests/gold/corpus/corpus.jsonl] [--out FILE]

Every run of Latin words in a train article is a candidate, labelled with the gold
entity that spans exactly it (ORG, PERSON, PRODUCT, GPE, LOC, LAW, EVENT) or O. A
multinomial logistic regression (numpy, L2, full-batch gradient descent from zeros: the
same data give the same weights) is fitted on them. The threshold a name's probability
must reach is chosen by five-fold cross-validation over the train articles (folds by
article, so that a name is scored in articles the fold did not learn from): the best F1
of the names found among the thresholds with a precision of at least ``MIN_PRECISION``; the dev and test splits are never read. Features seen in fewer than
``MIN_COUNT`` candidates are left out. Writes kg/data/ner/latin.json.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from kg.evaluation.scoring import read_gold_source
from kg.recognize.latin import NO_NAME, LatinModel, features, latin_candidates
from kg.resources import data_path, load_jsonl

ROOT = Path(__file__).resolve().parents[2]
LABELS = (NO_NAME, "ORG", "PERSON", "PRODUCT", "GPE", "LOC", "LAW", "EVENT")
MIN_COUNT = 2
MIN_PRECISION = 0.85
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
FOLDS = 5

Candidate = tuple[int, list[str], int, str]  # article index, features, label index, surface


def candidates_of(corpus: Path, split: str = "train") -> list[Candidate]:
    rows: list[Candidate] = []
    for article, record in enumerate(r for r in load_jsonl(corpus) if r.get("split") == split):
        text = read_gold_source(record["path"], corpus.parent).text
        gold = {(e["start"], e["end"]): e["label"] for e in record["entities"]}
        spans = list(latin_candidates(text))
        counts = Counter(text[start:end] for start, end in spans)
        for start, end in spans:
            label = gold.get((start, end), NO_NAME)
            rows.append((article, features(text, start, end, counts[text[start:end]]),
                         LABELS.index(label) if label in LABELS else 0, text[start:end]))
    return rows


def fit(rows: list[Candidate], vocabulary: list[str], l2: float = 1.0, steps: int = 1500, rate: float = 1.0) -> np.ndarray:
    """Weights (features x labels) of a multinomial logistic regression over binary features."""
    index = {name: i for i, name in enumerate(vocabulary)}
    per_row = [[index[name] for name in found if name in index] for _article, found, _label, _name in rows]
    flat = np.array([i for row in per_row for i in row], dtype=np.intp)
    sizes = np.array([len(row) for row in per_row], dtype=np.intp)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    targets = np.zeros((len(rows), len(LABELS)))
    targets[np.arange(len(rows)), [label for _a, _f, label, _n in rows]] = 1.0
    weights = np.zeros((len(vocabulary), len(LABELS)))
    for _ in range(steps):
        scores = np.add.reduceat(weights[flat], starts, axis=0)
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        gradient = np.zeros_like(weights)
        np.add.at(gradient, flat, np.repeat(probabilities - targets, sizes, axis=0))
        weights -= rate * (gradient + l2 * weights) / len(rows)
    return weights


def vocabulary_of(rows: list[Candidate]) -> list[str]:
    counts = Counter(name for _article, found, _label, _name in rows for name in set(found))
    return sorted(name for name, count in counts.items() if count >= MIN_COUNT)


def as_model(vocabulary: list[str], weights: np.ndarray, threshold: float) -> dict[str, Any]:
    kept = {name: [round(float(w), 3) for w in row] for name, row in zip(vocabulary, weights, strict=True)
            if np.abs(row).max() >= 0.01}
    return {"labels": list(LABELS), "threshold": threshold, "weights": kept}


def scores_at(model: LatinModel, rows: list[Candidate], thresholds: tuple[float, ...]) -> dict[float, tuple[int, int, int]]:
    """Per threshold: (correct, found, gold) names, occurrences of a string in an article
    deciding together as ``LatinModel.names`` does."""
    by_article: dict[tuple[int, str], list[Candidate]] = {}
    for row in rows:
        by_article.setdefault((row[0], row[3]), []).append(row)
    result = {}
    for threshold in thresholds:
        correct = found = gold = 0
        for group in by_article.values():
            logs = [model.log_probabilities(row[1]) for row in group]
            mean = [sum(column) / len(logs) for column in zip(*logs, strict=True)]
            best = max(range(len(LABELS)), key=lambda i: (mean[i], -i))
            guess = best if best and math.exp(mean[best]) >= threshold else 0
            for row in group:
                gold += row[2] != 0
                found += guess != 0
                correct += guess != 0 and guess == row[2]
        result[threshold] = (correct, found, gold)
    return result


def f1(correct: int, found: int, gold: int) -> float:
    return 2 * correct / (found + gold) if found + gold else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "tests/gold/corpus/corpus.jsonl")
    parser.add_argument("--out", type=Path, default=data_path("ner/latin.json"))
    args = parser.parse_args(argv)
    rows = candidates_of(args.corpus)
    print(f"{len(rows)} candidates in the train split, {sum(row[2] != 0 for row in rows)} of them names")
    totals: Counter[float] = Counter()
    sums = {threshold: [0, 0, 0] for threshold in THRESHOLDS}
    for fold in range(FOLDS):
        learn = [row for row in rows if row[0] % FOLDS != fold]
        held = [row for row in rows if row[0] % FOLDS == fold]
        vocabulary = vocabulary_of(learn)
        model = LatinModel(as_model(vocabulary, fit(learn, vocabulary), 0.0), args.out)
        for threshold, counts in scores_at(model, held, THRESHOLDS).items():
            sums[threshold] = [a + b for a, b in zip(sums[threshold], counts, strict=True)]
    for threshold, (correct, found, gold) in sums.items():
        totals[threshold] = f1(correct, found, gold)
        print(f"  threshold {threshold}: precision {correct / max(found, 1):.3f} recall {correct / max(gold, 1):.3f} "
              f"F1 {totals[threshold]:.3f} (cross-validated, labels must match)")
    # the best F1 among the thresholds precise enough: a wrong label costs an article two
    # errors (a false name and a missed one), a name left out only one
    precise = [t for t in THRESHOLDS if sums[t][0] >= MIN_PRECISION * sums[t][1]] or [max(THRESHOLDS)]
    threshold = max(precise, key=lambda t: (totals[t], t))
    vocabulary = vocabulary_of(rows)
    model = as_model(vocabulary, fit(rows, vocabulary), threshold)
    text = json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    temporary = args.out.with_suffix(".tmp")
    temporary.write_text(text + "\n", encoding="utf-8")
    temporary.replace(args.out)
    print(f"threshold {threshold}; {len(model['weights'])} features; wrote {args.out} ({len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
