"""Time of the relate stage (and of its figure rule) on real news items.

    python bench/relate_speed.py [--items 1000] [--repeat 2]

Reads news items from ../shared/corpus/xwlb (never copied into the project),
recognises and links them once, then times ``relate.relate`` alone over the
same mentions (best of --repeat runs) and prints seconds (wall and CPU) and
the figures found.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import extract_speed  # noqa: E402


def load_texts(corpus: Path, items: int) -> list[str]:
    texts = []
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("content_text"):
                texts.append(record["content_text"])
            if len(texts) >= items:
                break
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=extract_speed.CORPUS, help="the xwlb JSON Lines file")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1

    from kg import link, recognize, relate
    from kg.ingest import parse_article
    from kg.model import Figure
    from kg.pipeline import extraction_scope

    articles = [extraction_scope(parse_article(t, f"xwlb#{i}")) for i, t in enumerate(load_texts(args.corpus, args.items))]
    prepared = []
    for article in articles:
        mentions = recognize.recognize(article)
        prepared.append((article, mentions, link.link(article, mentions)))
    relate.relate(*prepared[0])  # word lists and caches loaded outside the clock
    best = cpu = None
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = [relate.relate(*item) for item in prepared]
        elapsed, used = time.perf_counter() - started, time.process_time() - started_cpu
        best = elapsed if best is None else min(best, elapsed)
        cpu = used if cpu is None else min(cpu, used)
    figures = sum(isinstance(r, Figure) for relations in found for r in relations)
    chars = sum(len(a.text) for a in articles)
    print(f"{'articles':>16}: {len(articles)}")
    print(f"{'characters':>16}: {chars}")
    print(f"{'relate seconds':>16}: {best:.2f}")
    print(f"{'relate CPU s':>16}: {cpu:.2f}")  # steadier than the wall clock on a shared machine
    print(f"{'figures':>16}: {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
