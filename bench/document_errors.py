"""Group the document-level errors of the recogniser and linker on the corpus.

A document error is a (label, canonical name) pair kg gives an article that the gold
does not (a false positive) or one the gold gives that kg does not (a miss). Each is
put in one kind by the mentions behind it:

- canonical: the same span has another canonical name, split by how the names differ
  (suffix or prefix, traditional vs simplified, a country's government, a person's part
  of a name, other);
- label: the same span with another label (GPE vs LOC vs ORG...);
- boundary: an overlapping span with another extent;
- spurious / missed: no overlapping span on the other side.

    python bench/document_errors.py --split dev --split train [--show KIND] [--json FILE]

Reads only the splits it is given; never run it on the test split.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from kg.evaluation.scoring import read_gold_source, read_jsonl
from kg.pipeline import extract_article_record
from kg.recognize.settings import RecognizerSettings
from kg.text import to_simplified
from kg.types import ENTITY_LABELS

GOLD = Path("tests/gold/corpus/corpus.jsonl")


def name_kind(label: str, ours: str, theirs: str) -> str:
    """How two canonical names of one span differ."""
    if to_simplified(ours) == to_simplified(theirs):
        return "traditional/simplified"
    if ours.replace(" ", "").replace("·", "") == theirs.replace(" ", "").replace("·", ""):
        return "spacing/dots"
    if ours.endswith("政府") and ours[:-2] == theirs or theirs.endswith("政府") and theirs[:-2] == ours:
        return "government vs country"
    if label == "PERSON" and (ours in theirs or theirs in ours or set(ours.split("·")) & set(theirs.split("·"))):
        return "person full vs part"
    if ours.startswith(theirs) or theirs.startswith(ours):
        return "suffix"
    if ours.endswith(theirs) or theirs.endswith(ours):
        return "prefix"
    if ours in theirs or theirs in ours:
        return "contained"
    if not any("\u4e00" <= c <= "\u9fff" for c in ours) or not any("\u4e00" <= c <= "\u9fff" for c in theirs):
        return "latin vs chinese"
    return "other"


def classify(side: list[dict[str, Any]], other: list[dict[str, Any]], name: tuple[str, str]) -> tuple[str, str]:
    """The kind of one document error and an example, from the mentions behind it."""
    canonical, label = name
    mentions = [m for m in side if m["label"] == label and m["canonical"] == canonical]
    best: tuple[int, str, str] | None = None
    for mention in mentions:
        for candidate in other:
            if candidate["label"] not in ENTITY_LABELS:
                continue
            overlap = candidate["start"] < mention["end"] and mention["start"] < candidate["end"]
            if not overlap:
                continue
            same_span = (candidate["start"], candidate["end"]) == (mention["start"], mention["end"])
            if same_span and candidate["label"] == label:
                found = (0, "canonical: " + name_kind(label, canonical, candidate["canonical"]),
                         f"{mention['text']}: {canonical} / {candidate['canonical']}")
            elif same_span:
                found = (1, f"label: {label} vs {candidate['label']}", f"{mention['text']}")
            else:
                found = (2, "boundary", f"{mention['text']} / {candidate['text']} ({candidate['label']})")
            if best is None or found[0] < best[0]:
                best = found
    if best is None:
        return "none", mentions[0]["text"] if mentions else canonical
    return best[1], best[2]


def document_errors(splits: list[str], settings: RecognizerSettings) -> list[dict[str, Any]]:
    errors = []
    for record in read_jsonl(GOLD):
        if record.get("split") not in splits:
            continue
        guess = extract_article_record(read_gold_source(record["path"], GOLD.parent), settings)
        gold = [e for e in record["entities"] if e["label"] in ENTITY_LABELS]
        predicted = [e for e in guess["entities"] if e["label"] in ENTITY_LABELS]
        gold_names = {(e["canonical"], e["label"]) for e in gold}
        predicted_names = {(e["canonical"], e["label"]) for e in predicted}
        for name in sorted(predicted_names - gold_names):
            kind, example = classify(predicted, gold, name)
            errors.append({"article": record["path"], "split": record["split"], "side": "fp",
                           "kind": "spurious" if kind == "none" else kind, "name": name, "example": example})
        for name in sorted(gold_names - predicted_names):
            kind, example = classify(gold, predicted, name)
            errors.append({"article": record["path"], "split": record["split"], "side": "fn",
                           "kind": "missed" if kind == "none" else kind, "name": name, "example": example})
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", action="append", required=True)
    parser.add_argument("--show", action="append", default=[], help="print the errors of this kind (prefix)")
    parser.add_argument("--json", help="write every error to this file")
    args = parser.parse_args(argv)
    if "test" in args.split:
        print("the test split is scored once, never read: use kg eval", file=sys.stderr)
        return 2
    errors = document_errors(args.split, RecognizerSettings())
    counts: Counter[tuple[str, str]] = Counter((e["kind"], e["side"]) for e in errors)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for (kind, side), count in counts.items():
        by_kind[kind][side] += count
    print(f"{'kind':<44}{'fp':>6}{'fn':>6}")
    for kind, sides in sorted(by_kind.items(), key=lambda item: -sum(item[1].values())):
        print(f"{kind:<44}{sides['fp']:>6}{sides['fn']:>6}")
    print(f"{'total':<44}{sum(c for (k, s), c in counts.items() if s == 'fp'):>6}{sum(c for (k, s), c in counts.items() if s == 'fn'):>6}")
    for error in errors:
        if any(error["kind"].startswith(prefix) for prefix in args.show):
            print(error["side"], error["kind"], error["name"][1], error["name"][0], "|", error["example"], "|", error["article"])
    if args.json:
        Path(args.json).write_text(json.dumps(errors, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
