"""Agreement between the two blind annotations of the corpus's doubly annotated articles.

    python tests/gold/corpus/agreement.py [--disagreements N]

Each item of ``second/*.yaml`` was annotated, without seeing the other, by an annotator
other than the one whose annotation is in ``annotations/*.yaml``. Both are turned into
spans as ``make_gold.py`` does, on the same cleaned text, and compared: span F1 with the
label (exact start, end and label), span F1 without it, per label, and F1 of the posts'
people and the named speakers. ``--disagreements`` prints the spans one annotator has and
the other has not, most frequent kinds first, for settling them in the guidelines.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_gold import annotate, load_articles  # noqa: E402


def f1(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def items_by_path(folder: Path) -> dict[str, dict]:
    return {item["path"]: item for path in sorted(folder.glob("*.yaml")) for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--disagreements", type=int, default=0, metavar="N")
    args = parser.parse_args()
    first, second = items_by_path(HERE / "annotations"), items_by_path(HERE / "second")
    paths = sorted(p for p in second if p in first)
    articles = load_articles(paths)
    labelled, unlabelled, posts, speakers = [set(), set()], [set(), set()], [set(), set()], [set(), set()]
    problems: list[str] = []
    for path in paths:
        for side, item in enumerate((first[path], second[path])):
            spans = annotate(item, articles[path], problems)
            labelled[side] |= {(path, e["start"], e["end"], e["label"]) for e in spans}
            unlabelled[side] |= {(path, e["start"], e["end"]) for e in spans}
            posts[side] |= {(path, str(p[0]), str(p[1])) for p in item.get("posts") or []}
            speakers[side] |= {(path, str(s[0])) for s in item.get("statements") or []}
    labels = sorted({span[3] for side in labelled for span in side})
    print(f"{len(paths)} articles annotated twice, {len(labelled[0])} and {len(labelled[1])} spans")
    print(f"span F1, label included: {f1(*labelled):.3f}")
    print(f"span F1, boundaries only: {f1(*unlabelled):.3f}")
    for label in labels:
        a, b = ({s for s in side if s[3] == label} for side in labelled)
        print(f"  {label:<9} {f1(a, b):.3f}  ({len(a)} / {len(b)})")
    print(f"posts (person, title) F1: {f1(*posts):.3f}; named speakers F1: {f1(*speakers):.3f}")
    if args.disagreements:
        texts = {path: articles[path].text for path in paths}
        only = Counter()
        for side, other in ((0, 1), (1, 0)):
            for path, start, end, label in labelled[side] - labelled[other]:
                only[(("first", "second")[side], label, texts[path][start:end])] += 1
        for (who, label, surface), n in only.most_common(args.disagreements):
            print(f"{n:3d}  only {who:<6} {label:<9} {surface}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
