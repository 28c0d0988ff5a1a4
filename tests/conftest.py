"""Shared fixtures: the seeds are built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory):
    """kg.build over seeds/, written (Turtle, TriG, N-Quads, JSON-LD, HTML) to a temp folder."""
    import kg

    out = tmp_path_factory.mktemp("seeds-out")
    result = kg.build([SEEDS], out, formats=["turtle", "trig", "nquads", "jsonld"])
    result.out = out  # type: ignore[attr-defined]
    return result


@pytest.fixture(scope="session")
def seeds_graph(seeds_build):
    """The seeds graph as Turtle read back from disk: what a SPARQL user loads."""
    from kg.graph.export import load_graph

    return load_graph(seeds_build.out / "graph.ttl")


@pytest.fixture(scope="module")
def busy_cores() -> Iterator[None]:
    """Another process busy on every core while a module's tests run, so that a race shows.

    Each also stops by itself when pytest is gone (its parent changes), should pytest die
    without stopping them.
    """
    spin = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    pass\n"
    spinners = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(os.cpu_count() or 1)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
