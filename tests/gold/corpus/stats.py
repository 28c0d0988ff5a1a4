"""The datasheet's tables: articles, characters, mentions per label, posts and statements,
per source and split of the news corpus (``corpus.jsonl``).

    python tests/gold/corpus/stats.py     # prints Markdown
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_gold import load_articles  # noqa: E402

LABELS = ("PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "PRODUCT", "POSITION", "DATE", "MONEY", "PERCENT", "QUANTITY")


def main() -> int:
    records = [json.loads(line) for line in (HERE / "corpus.jsonl").open(encoding="utf-8")]
    articles = load_articles([r["path"] for r in records])
    rows: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for record in records:
        row = rows[(record["split"], record["source"])]
        row["articles"] += 1
        row["characters"] += len(articles[record["path"]].text)
        row.update(e["label"] for e in record["entities"])
        row["posts"] += len(record.get("posts") or [])
        row["statements"] += len(record.get("statements") or [])
    columns = ("articles", "characters", *LABELS, "posts", "statements")
    print("| split | source | " + " | ".join(columns) + " |")
    print("|---|---|" + "---:|" * len(columns))
    order = {"train": 0, "dev": 1, "test": 2}
    totals: dict[str, Counter] = defaultdict(Counter)
    for (split, source), row in sorted(rows.items(), key=lambda item: (order[item[0][0]], -item[1]["articles"], item[0][1])):
        print(f"| {split} | {source} | " + " | ".join(str(row[c]) for c in columns) + " |")
        totals[split].update(row)
        totals["all"].update(row)
    for split in ("train", "dev", "test", "all"):
        print(f"| **{split}** | | " + " | ".join(f"**{totals[split][c]}**" for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
