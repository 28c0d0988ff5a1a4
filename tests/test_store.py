"""Graphs read straight into Oxigraph: every format by its suffix, the persistent
--store reused and reloaded when the file changes, and the commands that read a
graph working from a path, a store or an rdflib dataset alike."""

from __future__ import annotations

import json
import os
import shutil

import pyoxigraph as ox
import pytest

from kg.cli.main import main
from kg.errors import KgError
from kg.query.queries import run_query
from kg.query.store import MANIFEST, as_store, load_store, open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def triples(store: ox.Store) -> int:
    return int(next(iter(store.query(COUNT, use_default_graph_as_union=True)))["n"].value)  # type: ignore[index]


def test_every_format_loads_the_same_triples(seeds_build) -> None:
    counts = {name: triples(load_store(seeds_build.out / name)) for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld")}
    assert len(set(counts.values())) == 1 and next(iter(counts.values())) > 1000, counts


def test_bad_graph_files_are_clear_errors(tmp_path) -> None:
    with pytest.raises(KgError, match="no such file"):
        load_store(tmp_path / "missing.ttl")
    with pytest.raises(KgError, match="unknown graph file type '.csv'"):
        load_store(tmp_path / "graph.csv")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(KgError, match=r"broken\.ttl: cannot parse as Turtle"):
        load_store(broken)


@pytest.mark.parametrize("name", ["positions", "mentions", "figures"])
def test_path_store_and_dataset_give_the_rows_rdflib_gives(seeds_build, seeds_graph, name: str) -> None:
    path = seeds_build.out / "graph.ttl"
    reference = sorted(run_query(path, name, engine="rdflib").rows, key=str)
    assert reference
    for graph in (path, load_store(path), seeds_graph, seeds_build.dataset):
        assert sorted(run_query(graph, name).rows, key=str) == reference


def test_persistent_store_is_reused_and_reloaded_when_the_file_changes(seeds_build, tmp_path) -> None:
    graph = tmp_path / "graph.nq"
    shutil.copy(seeds_build.out / "graph.nq", graph)
    folder = tmp_path / "store"
    full = triples(open_store(graph, folder))
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["size"] == graph.stat().st_size and len(manifest["sha256"]) == 64

    # the same file again: the store is opened, not loaded (a load builds a new folder and swaps it in)
    loaded = (folder / "oxigraph").stat().st_ino
    assert triples(open_store(graph, folder)) == full
    assert (folder / "oxigraph").stat().st_ino == loaded

    # touched but the same bytes: still reused, the manifest follows the new mtime
    os.utime(graph, ns=(graph.stat().st_atime_ns, graph.stat().st_mtime_ns + 10**9))
    assert triples(open_store(graph, folder)) == full
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["mtime_ns"] == graph.stat().st_mtime_ns
    assert (folder / "oxigraph").stat().st_ino == loaded

    # changed: reloaded, and the store holds the new file's triples only
    lines = graph.read_text(encoding="utf-8").splitlines(keepends=True)
    graph.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    smaller = triples(load_store(graph))
    assert triples(open_store(graph, folder)) == smaller < full
    assert not (folder / "oxigraph.loading").exists()


def test_store_refuses_a_folder_that_is_not_a_store(seeds_build, tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KgError, match="not a kg store"):
        open_store(seeds_build.out / "graph.ttl", tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_kg_query_with_store_prints_the_same_rows(seeds_build, tmp_path, capsys) -> None:
    graph = str(seeds_build.out / "graph.ttl")
    assert main(["query", graph, "--name", "events", "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    for _ in range(2):  # loaded, then reused
        assert main(["query", graph, "--name", "events", "--format", "json", "--store", str(tmp_path / "s")]) == 0
        assert json.loads(capsys.readouterr().out) == plain
    assert main(["query", graph, "--name", "events", "--format", "json", "--engine", "rdflib"]) == 0
    assert sorted(map(str, json.loads(capsys.readouterr().out))) == sorted(map(str, plain))
    assert plain


def test_kg_query_says_what_is_wrong_with_a_query(seeds_build, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE { ?s ?p }", encoding="utf-8")
    assert main(["query", str(seeds_build.out / "graph.ttl"), str(bad)]) == 1
    assert "is not valid SPARQL: error at 1:" in capsys.readouterr().err
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert main(["query", str(seeds_build.out / "graph.ttl"), str(ask)]) == 1
    assert "ASK" in capsys.readouterr().err


def test_offsets_are_plain_integers_in_every_engine(seeds_build) -> None:
    """kg writes offsets as xsd:integer, so matching an offset by value works in
    rdflib as in Oxigraph (which stores derived integer types as xsd:integer)."""
    path = seeds_build.out / "graph.ttl"
    sparql = (
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n"
        "SELECT ?s WHERE { ?s nif:beginIndex 0 }"
    )
    from kg.query.queries import rdflib_graph, run_oxigraph

    in_oxigraph = sorted(run_oxigraph(load_store(path), sparql).rows)
    in_rdflib = sorted((str(row[0]),) for row in rdflib_graph(path).query(sparql))
    assert in_oxigraph == in_rdflib and len(in_oxigraph) >= 5  # every article's context starts at 0


def test_as_store_takes_quads(seeds_build) -> None:
    store = as_store(seeds_build.quads)
    assert triples(store) == triples(load_store(seeds_build.out / "graph.nq"))


def test_export_formats_listed_for_the_cli_are_the_writers() -> None:
    from kg.analytics import GRAPH_FORMATS
    from kg.cli.graph import EXPORT_FORMATS

    assert sorted(EXPORT_FORMATS) == sorted(GRAPH_FORMATS)


def test_kg_query_does_not_import_the_extraction_stack(seeds_build) -> None:
    """A query's cost is Oxigraph's: the CLI loads neither spaCy nor networkx for it."""
    import subprocess
    import sys

    from .conftest import ROOT

    probe = (
        "import sys, contextlib, io\n"
        "from kg.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    status = main(['query', sys.argv[1], '--name', 'events'])\n"
        "print(status, 'rows' in out.getvalue(), sorted(m for m in ('spacy', 'jieba', 'networkx') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(seeds_build.out / "graph.ttl")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "0 True []", done.stderr
