"""SHACL engines on one graph and kg's shapes: pySHACL (kg's batches), pyshacl-turbo, pyrudof.

    python bench/validate_bench.py GRAPH.ttl                 # every engine, each in a fresh process
    python bench/validate_bench.py GRAPH.ttl --engine turbo  # one engine, in this process

Each engine's violations are reduced to (focus node, path, shape: the node shape a
property shape belongs to) and compared with pySHACL's; the seconds are wall clock,
the peak memory the process's (os.wait4), import and graph load included.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENGINES = ("pyshacl", "turbo", "rudof")


def shapes_path() -> Path:
    from kg.resources import data_path

    return Path(data_path("shapes.ttl"))


def run_pyshacl(graph: str) -> set[tuple[str, str, str]]:
    from kg.query.validate import validate

    return {(v.focus, v.path or "", v.shape) for v in validate(graph, engine="pyshacl").violations}


def run_turbo(graph: str) -> set[tuple[str, str, str]]:
    from kg.query.validate import validate

    return {(v.focus, v.path or "", v.shape) for v in validate(graph, engine="turbo").violations}


def run_rudof(graph: str) -> set[tuple[str, str, str]]:
    import pyrudof
    from rdflib.namespace import SH

    from kg.query.validate import shapes_graph

    shapes = shapes_graph()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(graph, format=pyrudof.RDFFormat.Turtle if graph.endswith(".ttl") else pyrudof.RDFFormat.NQuads)
    rudof.read_shacl(str(shapes_path()))
    report = rudof.validate_shacl()
    found = set()
    for entry in (report.violations() if callable(report.violations) else report.violations):
        shape = str(entry.source_shape() if callable(entry.source_shape) else entry.source_shape or "")
        if shape.startswith("_:") or not shape.startswith("http"):
            # a property shape: rudof names blank nodes its own way; find the node shape by the path
            path = str(entry.path() if callable(entry.path) else entry.path or "")
            owners = {str(o) for o, p in shapes.subject_objects(SH.property) if str(shapes.value(p, SH.path)) == path.strip("<>")}
            shape = min(owners) if owners else shape
        path = str(entry.path() if callable(entry.path) else entry.path or "").strip("<>")
        focus = str(entry.focus_node() if callable(entry.focus_node) else entry.focus_node).strip("<>")
        found.add((focus, path, shape))
    return found


def measure(graph: str, engine: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, graph, "--engine", engine, "--out", out])
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        return {"engine": engine, "seconds": round(seconds, 1), "error": f"exit {os.waitstatus_to_exitcode(status)}"}
    found = {tuple(v) for v in json.loads(Path(out).read_text())}
    os.unlink(out)
    return {"engine": engine, "seconds": round(seconds, 1), "peak_mb": round(usage.ru_maxrss / 1024), "violations": found}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("graph")
    parser.add_argument("--engine", choices=ENGINES)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.engine:
        found = {"pyshacl": run_pyshacl, "turbo": run_turbo, "rudof": run_rudof}[args.engine](args.graph)
        Path(args.out).write_text(json.dumps(sorted(found)))
        return
    results = [measure(args.graph, engine) for engine in args.engines.split(",")]
    reference = next((r["violations"] for r in results if r["engine"] == "pyshacl" and "violations" in r), None)
    print("| engine | seconds | peak MB | violations | same as pySHACL |")
    print("|---|---|---|---|---|")
    for r in results:
        if "error" in r:
            print(f"| {r['engine']} | {r['seconds']} | | {r['error']} | |")
            continue
        same = "" if reference is None else ("yes" if r["violations"] == reference else
                                              f"no: {len(r['violations'] - reference)} more, {len(reference - r['violations'])} fewer")
        print(f"| {r['engine']} | {r['seconds']} | {r['peak_mb']} | {len(r['violations'])} | {same} |", flush=True)


if __name__ == "__main__":
    main()
