"""Per query on an open store: the in-memory store against the on-disk one (`--store`).

    python bench/store_bench.py GRAPH.ttl STORE_DIR [--repeat 3]

Opens GRAPH two ways in one process: loaded from the file into memory (kg's default) and
the on-disk store in STORE_DIR as `--store` keeps it (loaded there first if need be).
Prints the seconds each takes to be ready, then each shipped query's best time of
--repeat runs on each, with the ratio to the in-memory store; the row counts must agree.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query.queries import query_text, shipped_queries  # noqa: E402
from kg.query.store import load_store, open_store, query_options  # noqa: E402


def best_of(store, text: str, repeat: int) -> tuple[float, int]:
    options = query_options(store)
    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = sum(1 for _ in store.query(text, **options))
        times.append(time.perf_counter() - started)
    return min(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph")
    parser.add_argument("store_dir")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    stores = {}
    for name, make in [
        ("memory", lambda: load_store(args.graph)),
        ("disk", lambda: open_store(args.graph, args.store_dir)),
    ]:
        started = time.perf_counter()
        stores[name] = make()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name}: ready in {time.perf_counter() - started:.2f} s (process peak so far {peak:.0f} MB)")

    print(f"\n{'query':<14}" + "".join(f"{name:>26}" for name in stores) + "   rows")
    for query in shipped_queries():
        text = query_text(query)
        results = {name: best_of(store, text, args.repeat) for name, store in stores.items()}
        base = results["memory"][0]
        rows = {r for _, r in results.values()}
        cells = "".join(f"{s:>17.3f} s {s / base:>5.1f}x" for s, _ in results.values())
        print(f"{query:<14}{cells}   {rows.pop() if len(rows) == 1 else 'DIFFER: ' + str(results)}")


if __name__ == "__main__":
    main()
