"""Time of the relate stage (posts, statements, figures, ...) on real news items.

    python bench/relate_speed.py [--items 1000] [--repeat 3]

Reads the first ITEMS 新闻联播 items from ../shared/corpus/xwlb (never copied into
the project), recognises and links them once (not timed), then times
``kg.facts.relate`` over all of them, REPEAT times, and prints the best run:
seconds, items per second, characters per second, and the facts found by kind.
Run it on two checkouts to compare them (PYTHONPATH picks the code).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb_2021_2024.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS}: not found (the real corpus lives in ../shared)", file=sys.stderr)
        return 1
    from kg import link
    from kg.facts.relate import relate
    from kg.pipeline import gazetteer_of
    from kg.read.clean import article_from_record, load_cleaning_rules
    from kg.recognize import RecognizerSettings, recognizer_for

    rules = load_cleaning_rules()
    recognize = recognizer_for(RecognizerSettings())
    gazetteer = gazetteer_of(recognize)
    prepared = []
    with open(CORPUS, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if len(prepared) >= args.items:
                break
            article = article_from_record(json.loads(line), f"{CORPUS}:{number}", rules)
            mentions = recognize(article)
            prepared.append((article, mentions, link.link(article, mentions, gazetteer)))
    best = float("inf")
    kinds: Counter[str] = Counter()
    for _ in range(args.repeat):
        kinds.clear()
        started = time.process_time()  # CPU time: the machine is shared, wall time says more about the others
        for article, mentions, linked in prepared:
            for fact in relate(article, mentions, linked):
                kinds[type(fact).__name__] += 1
        best = min(best, time.process_time() - started)
    chars = sum(len(a.text) for a, _m, _l in prepared)
    print(f"relate: {len(prepared)} items, {chars} characters, best of {args.repeat}: {best:.2f} s CPU "
          f"({len(prepared) / best:.0f} items/s, {chars / best:,.0f} chars/s)")
    print("facts: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
