"""The README's store recipes run as written, on the seeds' N-Quads: every store reads
the whole graph as the union of its named graphs (nothing sits in the default graph)."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.query.queries import run_query

from .conftest import ROOT


def recipes() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("**Store recipes.**"):]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)[:2]


def run_recipe(code: str, out) -> dict:
    code = code.replace('"out/graph.nq"', repr(str(out / "graph.nq")))
    code = code.replace('"kg/data/queries/', repr(str(ROOT / "kg/data/queries")) + ' + "/')
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - the README's own code
    return scope


def expected_positions(seeds_build) -> set[tuple[str, ...]]:
    result = run_query(seeds_build.out / "graph.nq", "positions")
    return {tuple("" if v is None else v for v in row) for row in result.rows}


def test_every_statement_is_in_a_named_graph(seeds_build) -> None:
    quads = list(ox.parse(path=str(seeds_build.out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    assert quads and not [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    graphs = {q.graph_name.value for q in quads}
    assert "https://w3id.org/kgnews/graph/entities" in graphs


def test_pyoxigraph_recipe(seeds_build) -> None:
    (oxigraph_recipe,) = [r for r in recipes() if "pyoxigraph" in r]
    scope = run_recipe(oxigraph_recipe, seeds_build.out)
    variables = [v.value for v in scope["store"].query(scope["positions"]).variables]

    def rows(solutions) -> set[tuple[str, ...]]:
        return {tuple("" if s[v] is None else s[v].value for v in variables) for s in solutions}

    assert rows(scope["rows"]) == rows(scope["rows_fast"]) == expected_positions(seeds_build)


def test_rdflib_recipe(seeds_build) -> None:
    (rdflib_recipe,) = [r for r in recipes() if "rdflib" in r]
    scope = run_recipe(rdflib_recipe, seeds_build.out)
    assert len(scope["rows"]) == len(expected_positions(seeds_build)) > 0


def test_union_of_named_graphs_is_the_whole_graph_in_every_store(seeds_build) -> None:
    """What Jena's unionDefaultGraph and GRAPH ?g see: every triple of the Turtle."""
    store = ox.Store()
    store.bulk_load(path=str(seeds_build.out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    union = {(s["s"], s["p"], s["o"]) for s in store.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")}
    turtle = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(seeds_build.out / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert union == turtle
