"""The shipped SHACL shapes: the seeds graph conforms, and broken graphs do not."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SDO

from kg.validate import validate
from kg.vocab import NIF


def copy(graph):
    from kg.rdf import new_dataset

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
