"""Query benchmark: kg's commands that read a graph, against Oxigraph alone.

    python bench/query_bench.py                         # build 1,500 新闻联播 items, then measure
    python bench/query_bench.py --items 500
    python bench/query_bench.py --graph big/graph.ttl   # measure an existing graph (beside it: graph.nq)
    python bench/query_bench.py --graph real/graph.ttl --skip-queries   # stats, export, validate only
    python bench/query_bench.py --json bench/results/query.json

Every figure is a fresh process, as a user runs it (interpreter start and imports
included), timed by wall clock, its peak memory from os.wait4's rusage:
- each shipped query through `kg query GRAPH --name Q` (default engine) against
  pyoxigraph alone reading the same file and running the same query (the ratio);
- `kg query --store DIR`: the first run (loads the store), then each query again;
- `kg stats`, `kg export`, `kg validate`: seconds and peak memory;
- `kg serve`: R requests of the shipped queries (round robin) from C client threads
  at once; every answer checked against the row count `kg query` printed; the
  median and 90th percentile latency.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from served import served

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb_2021_2024.jsonl"
KG = [sys.executable, "-m", "kg.cli"]

OXIGRAPH_ALONE = """
import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.from_extension(sys.argv[1].rsplit(".", 1)[1]))
rows = sum(1 for _ in store.query(open(sys.argv[2], encoding="utf-8").read(), use_default_graph_as_union=True))
print(rows)
"""


def run(command: list[str], *, stdout_path: Path | None = None) -> dict:
    """Seconds, peak memory (MB) and exit status of one process; its stdout kept in a file."""
    out = open(stdout_path or os.devnull, "wb")  # noqa: SIM115 (closed below)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {errors.decode()[-2000:]}")
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1), "status": process.returncode}


def build(items: int, work: Path, jobs: int) -> Path:
    source = work / "items.jsonl"
    with CORPUS.open(encoding="utf-8") as lines, source.open("w", encoding="utf-8") as out:
        for _ in range(items):
            line = lines.readline()
            if not line:
                break
            out.write(line)
    out_dir = work / "out"
    figures = run([*KG, "build", str(source), "-o", str(out_dir), "-f", "turtle", "-f", "nquads", "-j", str(jobs),
                   "--progress", "never"])
    print(f"built {items} items in {figures['seconds']} s (peak {figures['peak_mb']} MB)", flush=True)
    return out_dir / "graph.ttl"


def shipped() -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from kg.query.queries import shipped_queries

    return shipped_queries()


def row_count(csv_file: Path) -> int:
    import csv

    with csv_file.open(encoding="utf-8", newline="") as stream:
        return sum(1 for _ in csv.reader(stream)) - 1


def bench_queries(graph: Path, work: Path) -> tuple[list[dict], dict[str, int]]:
    rows: list[dict] = []
    counts: dict[str, int] = {}
    for name, path in shipped().items():
        csv_file = work / f"{name}.csv"
        kg = run([*KG, "query", str(graph), "--name", name, "--format", "csv"], stdout_path=csv_file)
        counts[name] = row_count(csv_file)
        alone_out = work / f"{name}.oxigraph"
        alone = run([sys.executable, "-c", OXIGRAPH_ALONE, str(graph), str(path)], stdout_path=alone_out)
        assert int(alone_out.read_text()) == counts[name], (name, alone_out.read_text(), counts[name])
        rows.append({"query": name, "rows": counts[name], "kg_query_s": kg["seconds"], "oxigraph_alone_s": alone["seconds"],
                     "ratio": round(kg["seconds"] / alone["seconds"], 2), "kg_peak_mb": kg["peak_mb"]})
        print(f"  {name:<11} {counts[name]:>7} rows  kg query {kg['seconds']:>6.2f} s  "
              f"pyoxigraph alone {alone['seconds']:>6.2f} s  ratio {rows[-1]['ratio']:.2f}", flush=True)
    return rows, counts


def bench_store(graph: Path, work: Path) -> dict:
    store = work / "store"
    names = list(shipped())
    first = run([*KG, "query", str(graph), "--name", names[0], "--format", "csv", "--store", str(store)])
    again = {name: run([*KG, "query", str(graph), "--name", name, "--format", "csv", "--store", str(store)])["seconds"]
             for name in names}
    print(f"  --store: first query (loads the store) {first['seconds']} s; again: "
          + ", ".join(f"{n} {s} s" for n, s in again.items()), flush=True)
    return {"first_s": first["seconds"], "again_s": again, "max_again_s": max(again.values())}


def bench_commands(graph: Path, work: Path, skip_validate: bool) -> dict:
    commands = {
        "stats": [*KG, "stats", str(graph)],
        "export": [*KG, "export", str(graph), "-o", str(work / "graph.graphml")],
    }
    if not skip_validate:
        commands["validate"] = [*KG, "validate", str(graph)]
    figures = {}
    for name, command in commands.items():
        figures[name] = run(command)
        print(f"  kg {name:<8} {figures[name]['seconds']:>7.2f} s  peak {figures[name]['peak_mb']:>7.1f} MB"
              + ("  (violations)" if figures[name]["status"] == 1 else ""), flush=True)
    return figures


def bench_serve(graph: Path, counts: dict[str, int], requests: int, clients: int) -> dict:
    with served(graph) as (port, ready):
        queries = [(name, path.read_text(encoding="utf-8")) for name, path in shipped().items()]
        url = f"http://127.0.0.1:{port}/sparql"

        def one(i: int) -> tuple[str, float, bool]:
            name, sparql = queries[i % len(queries)]
            body = sparql.encode("utf-8")
            request = urllib.request.Request(url, data=body, headers={
                "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            begin = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=600) as response:
                    answer = json.loads(response.read())
                ok = len(answer["results"]["bindings"]) == counts[name]
            except Exception:  # a lost or broken answer counts as lost
                ok = False
            return name, time.perf_counter() - begin, ok

        begin = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            answers = list(pool.map(one, range(requests)))
        wall = time.perf_counter() - begin
    latencies = sorted(seconds for _n, seconds, _ok in answers)
    figures = {
        "requests": requests, "clients": clients, "answered_right": sum(ok for *_x, ok in answers),
        "startup_s": round(ready, 2), "wall_s": round(wall, 2),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p90_ms": round(latencies[int(0.9 * (len(latencies) - 1))] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "median_ms_by_query": {
            name: round(statistics.median(seconds for n, seconds, _ok in answers if n == name) * 1000, 1)
            for name in counts
        },
    }
    print(f"  kg serve: {figures['answered_right']}/{requests} answered right from {clients} threads in "
          f"{figures['wall_s']} s; latency median {figures['median_ms']} ms, p90 {figures['p90_ms']} ms, "
          f"max {figures['max_ms']} ms (started in {figures['startup_s']} s)", flush=True)
    print("    median by query: " + ", ".join(f"{n} {ms:.0f} ms" for n, ms in figures["median_ms_by_query"].items()), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1500, help="新闻联播 items to build (default: 1500)")
    parser.add_argument("--graph", type=Path, help="measure this graph instead of building one")
    parser.add_argument("--jobs", type=int, default=2, help="build processes (default: 2)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--skip-validate", action="store_true")
    parser.add_argument("--skip-queries", action="store_true", help="no kg query, --store or kg serve figures")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kg-query-bench-") as temporary:
        work = Path(temporary)
        graph = args.graph or build(args.items, work, args.jobs)
        triples = sum(1 for line in (graph.with_suffix(".nq")).open(encoding="utf-8")) if graph.with_suffix(".nq").is_file() else None
        print(f"graph {graph} ({graph.stat().st_size / 1e6:.1f} MB" + (f", {triples} quads)" if triples else ")"), flush=True)
        queries: list[dict] = []
        store: dict = {}
        served: dict = {}
        if not args.skip_queries:
            print("kg query (Oxigraph, the file read straight into a store) vs pyoxigraph alone:", flush=True)
            queries, counts = bench_queries(graph, work)
            store = bench_store(graph, work)
        print("the other commands that read a graph:", flush=True)
        commands = bench_commands(graph, work, args.skip_validate)
        if not args.skip_queries:
            served = bench_serve(graph.with_suffix(".nq") if graph.with_suffix(".nq").is_file() else graph,
                                 counts, args.requests, args.clients)
    figures = {"graph": str(args.graph or f"{args.items} items"), "quads": triples, "queries": queries,
               "store": store, "commands": commands, "serve": served}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
