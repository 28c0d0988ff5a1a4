"""Every reader of whole saved pages scored on the page gold, in one run.

    python bench/page_readers.py [--gold tests/pages/gold.jsonl] [--repeat 3] [--pages] [--json FILE]

Reads each gold page (tests/pages/) with kg's reader, kg's reader as it was
before whole pages had one of their own (kg-today), and every main-content
library that is installed (trafilatura with htmldate, readability-lxml, GNE,
jusText, boilerpy3, goose3, newspaper4k, resiliparse), scores them with
``kg.evaluation.pages`` and prints one row a reader: body F1 over character
bigrams (mean, minimum, pages below 0.80), title, date, outlet and source right,
credited names found, list pages detected, pages per second (the best of
--repeat reads of each page). --pages prints each reader's row for every page too.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluation.page_readers import READERS, available  # noqa: E402
from kg.evaluation.pages import evaluate_pages, print_page_table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "tests" / "pages" / "gold.jsonl"))
    parser.add_argument("--repeat", type=int, default=3, help="read each page this many times, keep the fastest (default: 3)")
    parser.add_argument("--readers", help="comma-separated readers (default: all installed)")
    parser.add_argument("--pages", action="store_true", help="print every page's scores too")
    parser.add_argument("--json", metavar="FILE", help="write the summaries as JSON")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    names = args.readers.split(",") if args.readers else list(READERS)
    missing = [name for name in names if not available(name)]
    summaries = []
    print(f"{'reader':<18}{'F1 mean':>8}{'F1 min':>8}{'<0.80':>6}{'P':>7}{'R':>7}{'title':>7}{'date':>7}{'outlet':>7}{'source':>7}{'credits':>8}{'lists':>7}{'pages/s':>9}")
    for name in names:
        if name in missing:
            continue
        evaluation = evaluate_pages(args.gold, name, repeat=args.repeat)
        if args.pages:
            print(print_page_table(evaluation), file=sys.stderr)
        s = evaluation.summary()
        summaries.append(s)
        b = s["body"]
        print(f"{name:<18}{b['f1_mean']:>8.3f}{b['f1_min']:>8.3f}{b['below_0.80']:>6}{b['precision']:>7.3f}{b['recall']:>7.3f}"
              f"{s['title']:>7.3f}{s['date']:>7.3f}{s['outlet']:>7.3f}{s['source']:>7.3f}{s['credits_recall']:>8.3f}{s['lists_detected']:>7.3f}"
              f"{s['pages_per_second']:>9.1f}", flush=True)
    if summaries:
        s = summaries[0]
        print(f"\n{s['pages']} pages ({s['articles']} articles, {s['lists']} lists) from {args.gold}")
    if missing:
        print(f"not installed: {', '.join(missing)}")
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
