"""Check an annotator's batch file against the batch texts before it is handed in.

    python tests/gold/corpus/check_batch.py BATCH.md ANNOTATION.yaml

Lists every surface that is not in its article's text, every unknown label, every
post or statement whose person or speaker is no annotated entity, and every article
of the batch not yet annotated. It reads only the texts and the annotation: it shows
nothing of kg's own analysis.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

LABELS = {"PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "PRODUCT", "DATE", "MONEY", "PERCENT", "QUANTITY", "POSITION"}


def batch_texts(path: Path) -> dict[str, str]:
    texts = {}
    for block in re.split(r"^## path: ", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
        head, _, rest = block.partition("\n")
        texts[head.strip()] = rest.split("\n\n", 1)[1] if "\n\n" in rest else rest
    return texts


def problems(texts: dict[str, str], items: list[dict]) -> list[str]:
    found = []
    for item in items:
        path = item.get("path")
        if path not in texts:
            found.append(f"{path}: not an article of this batch")
            continue
        text, surfaces = texts[path], set()
        for row in item.get("entities") or []:
            if not (isinstance(row, list) and len(row) == 3):
                found.append(f"{path}: entity {row!r} is not [surface, label, canonical]")
                continue
            surface, label, _ = (str(x) for x in row)
            surfaces.add(surface)
            if label not in LABELS:
                found.append(f"{path}: {surface}: unknown label {label}")
            if surface not in text:
                found.append(f"{path}: {surface!r} is not in the text")
        for post in item.get("posts") or []:
            if str(post[0]) not in surfaces:
                found.append(f"{path}: post person {post[0]!r} is not an annotated entity")
        for statement in item.get("statements") or []:
            if statement[1] in ("PERSON", "ORG") and str(statement[0]) not in surfaces:
                found.append(f"{path}: speaker {statement[0]!r} is not an annotated entity")
    return found


def main() -> int:
    texts = batch_texts(Path(sys.argv[1]))
    items = yaml.safe_load(Path(sys.argv[2]).read_text(encoding="utf-8")) or []
    found = problems(texts, items)
    done = {item.get("path") for item in items}
    for line in found:
        print(line)
    print(f"{len(done & set(texts))} of {len(texts)} articles annotated, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
