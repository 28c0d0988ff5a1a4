"""The spool: statements on disk, read back once each, in a canonical order."""

from __future__ import annotations

import io
import random

import pyoxigraph as ox
import pytest

from kg.graph import export
from kg.graph.spool import BUCKETS, GraphSpool, bucket_of, graph_lines

EX = "https://example.org/"


def quad(subject: str, predicate: str, obj: ox.NamedNode | ox.Literal, graph: str = "") -> ox.Quad:
    name = ox.NamedNode(EX + graph) if graph else ox.DefaultGraph()
    return ox.Quad(ox.NamedNode(EX + subject), ox.NamedNode(EX + predicate), obj, name)


def sample_graphs(count: int = 40) -> dict[str, list[ox.Quad]]:
    """Named graphs that share subjects and statements, and a default graph."""
    rng = random.Random(3)
    graphs: dict[str, list[ox.Quad]] = {}
    for number in range(count):
        name = f"article/{number}"
        graphs[name] = [
            quad(f"entity/{rng.randrange(30)}", f"p{rng.randrange(4)}", ox.Literal(f"值 {rng.randrange(20)}\n", language="zh"), name)
            for _ in range(25)
        ]
    graphs[""] = [quad(f"entity/{n}", "label", ox.Literal(f"名{n}")) for n in range(30)]
    return graphs


def spool_of(graphs: dict[str, list[ox.Quad]], order: list[str]) -> GraphSpool:
    spool = GraphSpool()
    for name in order:
        spool.add(graph_lines(graphs[name], EX + name if name else ""))
    spool.finish()
    return spool


def test_each_triple_once_and_each_quad_in_its_graph() -> None:
    graphs = sample_graphs()
    spool = spool_of(graphs, list(graphs))
    every = [q for statements in graphs.values() for q in statements]
    triples = {(q.subject, q.predicate, q.object) for q in every}
    written = [(q.subject, q.predicate, q.object) for q in ox.parse(b"".join(spool.triple_chunks()), format=ox.RdfFormat.N_TRIPLES)]
    assert len(written) == len(triples) == spool.triples < len(every)
    assert set(written) == triples
    assert set(spool.to_quads()) == set(every)


def test_a_subject_lies_in_one_bucket_and_its_triples_stand_together() -> None:
    graphs = sample_graphs()
    spool = spool_of(graphs, list(graphs))
    seen: set[bytes] = set()
    for chunk in spool.triple_chunks():
        subjects = [line.split(b" ", 1)[0] for line in chunk.split(b"\n") if line]
        runs = [s for index, s in enumerate(subjects) if index == 0 or subjects[index - 1] != s]
        assert len(runs) == len(set(runs)), "a subject's triples are split"
        assert not seen & set(runs), "a subject in two buckets"
        seen |= set(runs)
        assert {bucket_of(line) for line in chunk.split(b"\n") if line} <= set(range(BUCKETS))


@pytest.mark.parametrize("rdf_format", list(export.FORMATS))
def test_same_graph_same_bytes_whatever_the_order(rdf_format: str) -> None:
    graphs = sample_graphs()
    names = list(graphs)
    shuffled = names[:]
    random.Random(5).shuffle(shuffled)
    outputs = []
    for order in (names, shuffled):
        stream = io.BytesIO()
        export.FORMATS[rdf_format][1](spool_of(graphs, order), stream)
        outputs.append(stream.getvalue())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000


def test_named_graphs_come_in_iri_order_after_the_default_graph() -> None:
    graphs = sample_graphs(5)
    spool = spool_of(graphs, sorted(graphs, reverse=True))
    order = []
    for chunk in spool.quad_chunks():
        first = next(ox.parse(chunk, format=ox.RdfFormat.N_QUADS))
        order.append("" if isinstance(first.graph_name, ox.DefaultGraph) else first.graph_name.value)
    assert order == ["", *sorted(EX + name for name in graphs if name)]


def test_reading_waits_for_finish_and_adding_stops_there() -> None:
    graphs = sample_graphs(2)
    spool = GraphSpool()
    spool.add(graph_lines(graphs[""]))
    with pytest.raises(RuntimeError):
        list(spool.triple_chunks())
    spool.finish()
    with pytest.raises(RuntimeError):
        spool.add(graph_lines(graphs[""]))


def test_close_removes_the_folder() -> None:
    spool = spool_of(sample_graphs(2), ["", "article/0", "article/1"])
    folder = spool.folder
    assert any(folder.iterdir())
    spool.close()
    assert not folder.exists()


def test_sorting_and_serialising_in_worker_processes_gives_the_same_bytes() -> None:
    import multiprocessing

    graphs = sample_graphs()
    outputs = {}
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for name, map_function in (("here", map), ("pool", pool.map)):
            spool = GraphSpool()
            for graph in graphs:
                spool.add(graph_lines(graphs[graph], EX + graph if graph else ""))
            spool.finish(map_function)
            for rdf_format in ("turtle", "trig"):
                stream = io.BytesIO()
                export.FORMATS[rdf_format][1](spool, stream, None, map_function)
                outputs[name, rdf_format] = (spool.triples, stream.getvalue())
    for rdf_format in ("turtle", "trig"):
        assert outputs["here", rdf_format] == outputs["pool", rdf_format]
