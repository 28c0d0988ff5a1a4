"""The shipped SHACL shapes: the seeds graph conforms, and broken graphs do not."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SDO

from kg.graph.vocab import NIF
from kg.query.validate import validate


def copy(graph):
    from kg.graph.rdf import new_dataset

    clone = new_dataset()
    for quad in graph.quads((None, None, None, None)):
        clone.add(quad)
    return clone


def test_seeds_graph_conforms(seeds_graph) -> None:
    report = validate(seeds_graph)
    assert report.conforms, report.violations[:5]


@pytest.mark.slow
def test_an_anchor_that_is_not_its_text_is_a_violation(seeds_graph) -> None:
    broken = copy(seeds_graph)
    mention = next(broken.subjects(RDF.type, NIF.Phrase))
    for quad in list(broken.quads((mention, NIF.anchorOf, None, None))):
        broken.remove(quad)
    broken.add((mention, NIF.anchorOf, Literal("不是这段文字"), broken.default_graph))
    report = validate(broken)
    assert not report.conforms
    assert any("anchorOf" in v.message for v in report.violations)


@pytest.mark.slow
def test_an_article_without_headline_is_a_violation(seeds_graph) -> None:
    broken = copy(seeds_graph)
    article = next(broken.subjects(RDF.type, SDO.NewsArticle))
    for quad in list(broken.quads((article, SDO.headline, None, None))):
        broken.remove(quad)
    report = validate(broken)
    assert not report.conforms
    assert any(v.focus == str(article) for v in report.violations)


def test_batches_find_what_one_batch_finds(seeds_build, tmp_path) -> None:
    """Focus nodes are validated a batch at a time with their neighbourhood; the
    batch size changes nothing, and the SPARQL constraint (run in Oxigraph) and the
    core constraints (pySHACL) both report."""
    lines = (seeds_build.out / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "graph.nq"
    damaged = []
    anchors = headlines = 0
    for line in lines:
        if "#anchorOf>" in line and anchors < 2:
            anchors += 1
            line = line.replace('> "', '> "不是', 1)
        elif "schema.org/headline>" in line and headlines < 1:
            headlines += 1
            continue
        damaged.append(line)
    broken.write_text("".join(damaged), encoding="utf-8")
    whole = validate(broken, batch_size=100_000)
    assert not whole.conforms
    assert sum("anchorOf" in v.message for v in whole.violations) == 2
    assert any("headline" in (v.path or "") for v in whole.violations)
    assert validate(broken, batch_size=37).violations == whole.violations
    # batches checked at once, in any order of completion: the same report
    assert validate(broken, batch_size=37, workers=1).violations == whole.violations
    assert validate(broken, batch_size=37, workers=3).violations == whole.violations
    assert whole.focus_nodes > 300


def test_a_file_is_validated_over_every_graph_without_a_copy_of_the_union(seeds_build, tmp_path) -> None:
    """A graph file is loaded without the union copied into its default graph (half the
    memory), and read over every graph: triples some tool wrote in the default graph and
    others in named graphs give the report of a store that holds the union."""
    from kg.query.store import load_store

    lines = (seeds_build.out / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    mixed, headlines = [], 0
    for number, line in enumerate(lines):
        if "schema.org/headline>" in line and headlines < 1:
            headlines += 1
            continue
        if number % 2:  # every other quad in the default graph: an N-Quads line without its graph
            subject_predicate_object = line.rstrip()[:-1].rstrip()
            line = subject_predicate_object[:subject_predicate_object.rindex(" <")] + " .\n"
        mixed.append(line)
    path = tmp_path / "mixed.nq"
    path.write_text("".join(mixed), encoding="utf-8")
    alone = validate(path)
    assert not alone.conforms and any("headline" in (v.path or "") for v in alone.violations)
    assert alone.violations == validate(load_store(path)).violations
    assert alone.focus_nodes == validate(load_store(path)).focus_nodes > 300


def test_offsets_must_be_non_negative_integers(seeds_build, tmp_path) -> None:
    text = (seeds_build.out / "graph.nq").read_text(encoding="utf-8")
    begin = '#beginIndex> "0"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert begin in text
    older = tmp_path / "older.nq"  # as kg wrote offsets before: xsd:nonNegativeInteger, still valid
    older.write_text(text.replace("#integer>", "#nonNegativeInteger>"), encoding="utf-8")
    assert validate(older).conforms
    negative = tmp_path / "negative.nq"
    negative.write_text(text.replace(begin, begin.replace('"0"', '"-1"'), 1), encoding="utf-8")
    report = validate(negative)
    assert not report.conforms and any("beginIndex" in (v.path or "") for v in report.violations)


def test_turbo_and_pyshacl_report_the_same_violations(seeds_build, tmp_path) -> None:
    """Both engines on the seeds with violations planted: the same (focus, path, shape)."""
    pytest.importorskip("pyshacl_turbo")
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(seeds_build.out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    s, nif, kgo = "https://schema.org/", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", "https://w3id.org/kgnews/ontology#"
    store.update(f"DELETE {{ ?a <{s}headline> ?h }} WHERE {{ {{ SELECT ?a WHERE {{ ?a a <{s}NewsArticle> }} ORDER BY ?a LIMIT 2 }} ?a <{s}headline> ?h }}")
    store.update(f"DELETE {{ ?m <{nif}anchorOf> ?x }} INSERT {{ ?m <{nif}anchorOf> \"不是这段文字\" }} "
                 f"WHERE {{ {{ SELECT ?m WHERE {{ ?m a <{nif}Phrase> }} ORDER BY ?m LIMIT 2 }} ?m <{nif}anchorOf> ?x }}")
    store.update(f"INSERT {{ ?o <{kgo}qualifier> \"roughly\" }} WHERE {{ SELECT ?o WHERE {{ ?o a <{s}Observation> }} ORDER BY ?o LIMIT 2 }}")
    broken = tmp_path / "broken.nt"
    with broken.open("wb") as out:
        store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    found = {
        engine: {(v.focus, v.path, v.shape) for v in validate(broken, engine=engine).violations}
        for engine in ("turbo", "pyshacl")
    }
    assert found["turbo"] == found["pyshacl"]
    assert len(found["turbo"]) == 6


NEIGHBOURS = """
@prefix schema: <https://schema.org/> .
@prefix kgo: <https://w3id.org/kgnews/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .

ex:a1 a schema:NewsArticle ; schema:headline "甲"@zh ; schema:identifier "a1" ; schema:publisher ex:zhang .
ex:zhang a schema:Person ; rdfs:label "张三"@zh .
ex:a2 a schema:NewsArticle ; schema:headline "乙"@zh ; schema:identifier "a2" ; schema:isBasedOn ex:work .
ex:rate kgo:changeOf ex:other ; kgo:figureKind kgo:Rate .
ex:other kgo:figureKind kgo:Share .
"""


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_what_only_a_neighbour_shows_is_found_in_any_batch(tmp_path, engine) -> None:
    """A batch holds its focus nodes' triples and, of the nodes they point to, only what
    the shapes read there (their types, the second step of a path); a target of
    sh:targetObjectsOf comes with the triple that makes it one. Each focus node alone in
    its batch (the last batch included) finds what one batch of all finds."""
    if engine == "turbo":
        pytest.importorskip("pyshacl_turbo")
    graph = tmp_path / "graph.ttl"
    graph.write_text(NEIGHBOURS, encoding="utf-8")
    whole = validate(graph, engine=engine, batch_size=1000)
    kgo, schema = "https://w3id.org/kgnews/ontology#", "https://schema.org/"
    found = {(v.focus.rsplit("/", 1)[-1], v.path, v.shape.rsplit("#", 1)[-1]) for v in whole.violations}
    assert ("a1", schema + "publisher", "NewsArticle") in found  # zhang's type: a Person, not an Organization
    # other's figureKind: a share, not an amount or a count (the path's steps, not its blank node)
    assert ("rate", f"{kgo}changeOf/{kgo}figureKind", "RateObservation") in found
    assert {v for v in found if v[0] == "work"} == {("work", None, "OriginalWork")}  # targeted through a2's isBasedOn
    assert whole.focus_nodes == 5  # a1, a2, zhang, work, rate
    for workers in (1, 2):
        assert validate(graph, engine=engine, batch_size=1, workers=workers).violations == whole.violations
