"""Scoring extraction against gold: spans, labels and documents.

Gold comes in the JSON Lines shape ``kg extract --format jsonl`` writes, or as
character-level BIO/BIOES files (the CoNLL-style layout of the common Chinese
NER sets: one character and its tag a line, blank lines between sentences).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.pipeline import extract_article_record
from kg.recognize.settings import RecognizerSettings
from kg.resources import load_jsonl
from kg.types import ENTITY_LABELS, Article

CONLL_LABELS = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
CONLL_ALIASES = {"PER": "PER", "NR": "PER", "PERSON": "PER", "LOC": "LOC", "NS": "LOC", "GPE": "LOC", "ORG": "ORG", "NT": "ORG"}


# --- scores ---------------------------------------------------------------------------


@dataclass
class Tally:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, gold: set[Any], predicted: set[Any]) -> None:
        self.true_positives += len(gold & predicted)
        self.false_positives += len(predicted - gold)
        self.false_negatives += len(gold - predicted)

    def scores(self) -> dict[str, float | int]:
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "gold": tp + fn, "predicted": tp + fp}


@dataclass
class Evaluation:
    """Span-level scores per label and overall, and a document-level score."""

    by_label: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    documents: Tally = field(default_factory=Tally)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # per source of a predicted span (gazetteer, pattern:RULE, model...): how many were right and wrong
    by_source: dict[str, Counter[bool]] = field(default_factory=dict)
    # per news outlet of the gold articles (a record's "source"), where the gold names them
    by_outlet: dict[str, Evaluation] = field(default_factory=dict)

    def add_document(self, gold: Iterable[tuple[int, int, str]], predicted: Iterable[tuple[int, int, str]],
                     gold_names: set[tuple[str, str]] | None = None, predicted_names: set[tuple[str, str]] | None = None,
                     where: str = "", sources: dict[tuple[int, int, str], str] | None = None) -> None:
        gold, predicted = set(gold), set(predicted)
        self.overall.add(gold, predicted)
        for span, source in (sources or {}).items():
            if span in predicted:
                self.by_source.setdefault(source, Counter())[span in gold] += 1
        for label in sorted({s[2] for s in gold | predicted}):
            self.by_label.setdefault(label, Tally()).add({s for s in gold if s[2] == label}, {s for s in predicted if s[2] == label})
        if gold_names is not None and predicted_names is not None:
            self.documents.add(gold_names, predicted_names)
        for span in sorted(gold - predicted):
            self.errors.append({"where": where, "kind": "missed", "span": list(span)})
        for span in sorted(predicted - gold):
            self.errors.append({"where": where, "kind": "spurious", "span": list(span)})

    def summary(self) -> dict[str, Any]:
        return {
            "overall": self.overall.scores(),
            "by_label": {label: tally.scores() for label, tally in sorted(self.by_label.items())},
            "documents": self.documents.scores(),
            "by_source": {
                source: {"true": counts[True], "false": counts[False], "precision": round(counts[True] / (counts[True] + counts[False]), 4)}
                for source, counts in sorted(self.by_source.items(), key=lambda item: -sum(item[1].values()))
            },
            "by_outlet": {
                outlet: {"overall": part.overall.scores(), "documents": part.documents.scores(),
                         "by_label": {label: tally.scores() for label, tally in sorted(part.by_label.items())}}
                for outlet, part in sorted(self.by_outlet.items())
            },
        }


def read_jsonl(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    return load_jsonl(path, error=KgError)


def evaluate_records(gold: list[dict[str, Any]], predicted: list[dict[str, Any]], *, labels: Iterable[str] | None = None) -> Evaluation:
    """Compare predicted article records to gold ones, matched by article id."""
    wanted = set(labels) if labels else None
    by_id = {record["id"]: record for record in predicted}
    evaluation = Evaluation()
    for record in gold:
        if record["id"] not in by_id:
            raise KgError(f"no prediction for gold article {record['id']} ({record.get('path')})")
        guess = by_id[record["id"]]

        def spans(entities: list[dict[str, Any]]) -> set[tuple[int, int, str]]:
            return {(e["start"], e["end"], e["label"]) for e in entities if wanted is None or e["label"] in wanted}

        sources = {(e["start"], e["end"], e["label"]): e.get("source", "") for e in guess["entities"]}

        def names(entities: list[dict[str, Any]]) -> set[tuple[str, str]]:
            return {(e["canonical"], e["label"]) for e in entities if e["label"] in ENTITY_LABELS and (wanted is None or e["label"] in wanted)}

        document = (spans(record["entities"]), spans(guess["entities"]), names(record["entities"]), names(guess["entities"]))
        evaluation.add_document(*document, record.get("path", record["id"]), sources)
        if "source" in record:
            evaluation.by_outlet.setdefault(record["source"], Evaluation()).add_document(*document)
    return evaluation


def evaluate_gold(
    path: str | os.PathLike[str], *, labels: Iterable[str] | None = None, splits: Iterable[str] | None = None,
    settings: RecognizerSettings | None = None,
) -> Evaluation:
    """Re-read and re-extract the articles a gold JSONL file names, and score them.

    A record's ``path`` is a file, or ``FILE:LINE`` for one line of a JSON
    Lines corpus (only that line is read). Relative paths are tried from the
    working folder, then from the gold file's folder. ``splits`` keeps the
    records of those splits (dev, test) of a gold file that has them.
    """

    wanted = set(splits) if splits else None
    gold = [record for record in read_jsonl(path) if wanted is None or record.get("split") in wanted]
    predicted = [extract_article_record(read_gold_source(str(record.get("path", "")), Path(path).parent), settings) for record in gold]
    return evaluate_records(gold, predicted, labels=labels)


def read_gold_source(source: str, base: Path) -> Article:
    from kg.read.clean import article_from_record, load_cleaning_rules
    from kg.read.sources import read_article, read_named

    named = read_named(source, base)  # an archive member, a CSV row, a JSON array element
    if named is not None:
        return named
    file_part, _, line = source.rpartition(":")
    if not (line.isdigit() and file_part.endswith(".jsonl")):
        file_part, line = source, ""
    candidate = Path(file_part)
    if not candidate.exists() and (base / candidate).exists():
        candidate = base / candidate
    if not line:
        return read_article(candidate)
    try:
        with open(candidate, encoding="utf-8") as handle:
            for number, text in enumerate(handle, 1):
                if number == int(line):
                    return article_from_record(json.loads(text), source, load_cleaning_rules())
    except OSError as error:
        raise KgError(f"{candidate}: cannot read: {error.strerror}") from error
    raise KgError(f"{source}: the file has no line {line}")


# --- CoNLL-style character files ------------------------------------------------------------


def read_conll(path: str | os.PathLike[str]) -> Iterator[tuple[str, set[tuple[int, int, str]]]]:
    """Sentences of a character-level BIO/BIOES file: (text, gold spans)."""
    chars: list[str] = []
    tags: list[str] = []
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 (closed by the with below)
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error.strerror}") from error
    with handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield "".join(chars), spans_from_tags(tags)
                chars, tags = [], []
                continue
            parts = line.split()
            if len(parts) < 2:
                raise KgError(f"{path}:{number}: expected 'CHARACTER TAG', got {line!r}")
            chars.append(parts[0][0] if len(parts[0]) else " ")
            tags.append(parts[-1])
    if chars:
        yield "".join(chars), spans_from_tags(tags)


def spans_from_tags(tags: list[str]) -> set[tuple[int, int, str]]:
    """Spans of a BIO or BIOES tag sequence, labels mapped to PER/LOC/ORG.

    >>> sorted(spans_from_tags(["B-PER", "I-PER", "O", "S-LOC", "B-ORG", "E-ORG"]))
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 6, 'ORG')]
    """
    spans = set()
    start = label = None
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        kind = CONLL_ALIASES.get(kind.upper(), kind.upper())
        if label is not None and (prefix in ("O", "B", "S") or kind != label):
            spans.add((start, index, label))
            start = label = None
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and label is None):
            start, label = index, kind
        if prefix in ("E", "S") and label is not None:
            spans.add((start, index + 1, label))
            start = label = None
    return spans


def evaluate_conll(path: str | os.PathLike[str], *, limit: int | None = None, settings: RecognizerSettings | None = None) -> Evaluation:
    """Run the recogniser over each sentence of a CoNLL-style file and score it."""
    from kg.recognize.recognizer import mentions_in, recognizer_for

    recognizer = recognizer_for(settings or RecognizerSettings())
    evaluation = Evaluation()
    for index, (text, gold) in enumerate(read_conll(path)):
        if limit is not None and index >= limit:
            break
        sources = {(m.start, m.end, CONLL_LABELS[m.label]): m.source for m in mentions_in(text, recognizer) if m.label in CONLL_LABELS}
        evaluation.add_document(gold, set(sources), where=f"{Path(path).name}#{index + 1}", sources=sources)
    return evaluation
