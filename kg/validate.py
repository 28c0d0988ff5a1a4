"""Check a graph against the shipped SHACL shapes with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import RDF, SH

from .resources import data_path


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    shape: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(data_path("shapes.ttl"), format="turtle")
    return graph


def validate(graph: Graph) -> ValidationReport:
    """Validate the union of a graph's triples against kg's SHACL shapes."""
    from pyshacl import validate as shacl_validate

    data = Graph()
    for triple in graph.triples((None, None, None)):
        data.add(triple)
    conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=False
    )
    violations = [
        Violation(
            focus=str(results.value(result, SH.focusNode) or ""),
            path=str(results.value(result, SH.resultPath) or "") or None,
            message=str(results.value(result, SH.resultMessage) or ""),
            shape=str(results.value(result, SH.sourceShape) or ""),
        )
        for result in results.subjects(RDF.type, SH.ValidationResult)
    ]
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(bool(conforms), tuple(violations))
