"""Check a graph against the shipped SHACL shapes with pyshacl-turbo, or pySHACL.

pyshacl-turbo (Rust) is the engine when installed, pySHACL otherwise; both give
the same violations, turbo 15 times faster. Neither holds a corpus whole in
bounded memory (pySHACL needs rdflib, turbo a copy of its own), so the graph goes
into an Oxigraph store and the engine gets it in batches: each batch
is the description of some of the shapes' focus nodes (their triples) and of the
nodes they point to (for sh:class and the shapes' property paths, one step
beyond the focus node), and only those focus nodes' findings count. The shipped
shapes look no further than that step; memory is bounded by the batch. The
SHACL-SPARQL constraints run in Oxigraph instead, once over the whole graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import KgError
from kg.query.store import as_store, query_options
from kg.resources import data_path

BATCH = 2000  # focus nodes per pySHACL run
TURBO_BATCH = 25_000  # per pyshacl-turbo run: the whole corpus at once would take 15 GB
TURBO_WORKERS = 2  # pyshacl-turbo batches validated at once (it and Oxigraph release the GIL)


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
    focus_nodes: int = 0  # how many nodes the shapes target


def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(data_path("shapes.ttl"), format="turtle")
    return graph


def validate(graph: Any, *, batch_size: int | None = None, engine: str = "auto", workers: int | None = None) -> ValidationReport:
    """Validate the union of a graph's named graphs against kg's SHACL shapes.

    ``graph`` is a graph file's path, an Oxigraph store or an rdflib graph or dataset.
    ``engine``: "turbo" (pyshacl-turbo, Rust; batches of 25,000 focus nodes, two at
    once), "pyshacl" (batches of 2,000, one at a time: it holds the GIL), or "auto": turbo
    when it is installed. Both give the same violations (``bench/validate_bench.py``);
    ``batch_size`` and ``workers`` (batches at once; memory grows with it) override them.
    """
    if engine == "auto":
        engine = "turbo" if turbo_available() else "pyshacl"
    if engine not in ("turbo", "pyshacl"):
        raise KgError(f"unknown SHACL engine {engine!r}; expected turbo, pyshacl or auto")
    if workers is not None and workers < 1:
        raise KgError("validation needs at least one worker")
    store = as_store(graph)
    shapes = shapes_graph()
    if engine == "turbo":
        return validate_batches(store, shapes, batch_size or TURBO_BATCH, turbo_engine(), workers or TURBO_WORKERS)
    return validate_batches(store, shapes, batch_size or BATCH, pyshacl_engine(shapes), workers or 1)


def turbo_available() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def turbo_engine() -> Callable[[str], list[Violation]]:
    """pyshacl-turbo over one batch's N-Triples: the violations of the core shapes."""
    import pyshacl_turbo

    # the shapes in Oxigraph: given an rdflib graph, pyshacl-turbo 0.6.5 reads the plain
    # literals of sh:in as other terms than the data's, and finds every value outside the list
    shapes = ox.Store()
    shapes.bulk_load(path=str(data_path("shapes.ttl")), format=ox.RdfFormat.TURTLE)
    for quad in list(shapes.quads_for_pattern(None, ox.NamedNode(str(SH.sparql)), None)):
        shapes.remove(quad)  # SHACL-SPARQL runs in Oxigraph, once over the whole graph

    def owner(shape: Any) -> str:
        if isinstance(shape, BNode):  # a property shape: the node shape it belongs to
            for quad in shapes.quads_for_pattern(None, ox.NamedNode(str(SH.property)), ox.BlankNode(str(shape))):
                return quad.subject.value
            return ""
        return str(shape or "")

    def run(ntriples: str) -> list[Violation]:
        data = ox.Store()
        data.bulk_load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        _conforms, results, _text = pyshacl_turbo.validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
        )
        return [
            Violation(
                focus=str(results.value(result, SH.focusNode) or ""),
                path=str(results.value(result, SH.resultPath) or "") or None,
                message=str(results.value(result, SH.resultMessage) or ""),
                shape=owner(results.value(result, SH.sourceShape)),
            )
            for result in results.subjects(RDF.type, SH.ValidationResult)
        ]

    return run


def pyshacl_engine(shapes: Graph) -> Callable[[str], list[Violation]]:
    """pySHACL over one batch's N-Triples: the violations of the core shapes."""
    from pyshacl import validate as shacl_validate

    core_shapes = without_sparql_constraints(shapes)

    def run(ntriples: str) -> list[Violation]:
        data = Graph()
        data.parse(data=ntriples, format="nt")
        _conforms, results, _text = shacl_validate(
            data, shacl_graph=core_shapes, inference="none", advanced=True, allow_warnings=False
        )
        return [
            Violation(
                focus=str(results.value(result, SH.focusNode) or ""),
                path=str(results.value(result, SH.resultPath) or "") or None,
                message=str(results.value(result, SH.resultMessage) or ""),
                shape=shape_name(core_shapes, results.value(result, SH.sourceShape)),
            )
            for result in results.subjects(RDF.type, SH.ValidationResult)
        ]

    return run


def validate_batches(
    store: ox.Store, shapes: Graph, batch_size: int, engine: Callable[[str], list[Violation]], workers: int = 1
) -> ValidationReport:
    violations: list[Violation] = sparql_violations(store, shapes)
    subclass_triples = describe(store, "CONSTRUCT { ?a rdfs:subClassOf ?b } WHERE { ?a rdfs:subClassOf ?b }")

    def check(batch: list[str]) -> list[Violation]:
        # the engine validates every target in the batch's data, its neighbours too (pySHACL's
        # focus_nodes option would filter by a list scan per node: slower); only the batch's
        # own nodes have their whole neighbourhood, so only theirs count
        wanted = set(batch)
        return [v for v in engine(subclass_triples + describe(store, neighbourhood(batch))) if v.focus in wanted]

    seen = 0
    with ThreadPoolExecutor(workers) as pool:
        running: deque[Future[list[Violation]]] = deque()
        for batch in batches(focus_nodes(store, shapes), batch_size):
            seen += len(batch)
            if len(running) >= workers:  # no more batches in memory at once than workers
                violations += running.popleft().result()
            running.append(pool.submit(check, batch))
        for future in running:
            violations += future.result()
    ordered = sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message, v.shape))
    return ValidationReport(not ordered, tuple(ordered), seen)


def shape_name(shapes: Graph, shape: Any) -> str:
    """The IRI of a shape; for a property shape (a blank node, named anew by every
    parse) the IRI of the node shape it belongs to, so that reports are stable."""
    if isinstance(shape, BNode):
        owner = shapes.value(None, SH.property, shape)
        return str(owner) if owner is not None else ""
    return str(shape or "")


def target_pattern(shapes: Graph, shape: Any = None, variable: str = "node") -> str | None:
    """A SPARQL pattern binding ?variable to every node the shapes (or one shape) target:
    instances of their classes (and subclasses; a shape that is itself a class targets its
    instances), subjects or objects of their predicates, and their named nodes."""
    classes = {str(c) for c in shapes.objects(shape, SH.targetClass)}
    classes |= {
        str(s) for s in shapes.subjects(RDF.type, SH.NodeShape)
        if (s, RDF.type, RDFS.Class) in shapes and shape in (None, s)
    }
    node = f"?{variable}"
    patterns = []
    if classes:
        values = " ".join(f"<{c}>" for c in sorted(classes))
        patterns.append(f"VALUES ?targetClass {{ {values} }} {node} a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?targetClass .")
    patterns += [f"{node} <{p}> [] ." for p in sorted({str(p) for p in shapes.objects(shape, SH.targetSubjectsOf)})]
    patterns += [f"[] <{p}> {node} ." for p in sorted({str(p) for p in shapes.objects(shape, SH.targetObjectsOf)})]
    nodes = sorted({str(n) for n in shapes.objects(shape, SH.targetNode) if isinstance(n, URIRef)})
    if nodes:
        patterns.append(f"VALUES {node} {{ {' '.join(f'<{n}>' for n in nodes)} }}")
    if not patterns:
        return None
    return "{ " + " } UNION { ".join(patterns) + f" }} FILTER(isIRI({node}))"


def focus_nodes(store: ox.Store, shapes: Graph) -> Iterator[str]:
    """Every node a shape targets, once."""
    pattern = target_pattern(shapes)
    if pattern is None:
        return
    for solution in store.query("SELECT DISTINCT ?node WHERE { " + pattern + " }", **query_options(store)):
        yield solution["node"].value  # type: ignore[index]


# SHACL-SPARQL constraints run in Oxigraph, once over every focus node, where pySHACL
# would parse the query again for each focus node (a tenth of a second each).


def sparql_violations(store: ox.Store, shapes: Graph) -> list[Violation]:
    """The violations of the shapes' sh:sparql SELECT constraints, found in Oxigraph.

    The constraint's SELECT is evaluated as a subquery joined with the shape's
    targets: right for constraints (like kg's) whose result for a node does not
    depend on $this being bound before the query runs.
    """
    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = shapes.value(constraint, SH.select)
        if select is None or (constraint, SH.deactivated, Literal(True)) in shapes:
            continue
        pattern = target_pattern(shapes, shape, "this")
        if pattern is None:
            continue
        message = str(shapes.value(constraint, SH.message) or f"violates the SPARQL constraint of {shape}")
        query = (
            prefix_declarations(shapes, constraint)
            + "SELECT DISTINCT ?this WHERE { "
            + pattern
            + " { "
            + str(select).replace("$this", "?this")
            + " } }"
        )
        try:
            solutions = store.query(query, **query_options(store))
        except SyntaxError as error:
            raise KgError(f"shapes.ttl: the SPARQL constraint of {shape} is not valid SPARQL: {error}") from error
        for solution in solutions:
            found.append(Violation(solution["this"].value, None, message, str(shape)))  # type: ignore[index]
    return found


def prefix_declarations(shapes: Graph, constraint: Any) -> str:
    lines = []
    for source in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(source, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(lines)


def without_sparql_constraints(shapes: Graph) -> Graph:
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


def batches(items: Iterator[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def neighbourhood(nodes: list[str]) -> str:
    values = " ".join(f"<{node}>" for node in nodes)
    return (
        "CONSTRUCT { ?node ?p ?o . ?o ?q ?next } WHERE { VALUES ?node { " + values + " } "
        "?node ?p ?o . OPTIONAL { ?o ?q ?next } }"
    )


def describe(store: ox.Store, construct: str) -> str:
    """The triples of a CONSTRUCT over the union graph, as N-Triples."""
    construct = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + construct
    triples = store.query(construct, **query_options(store))
    return triples.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")  # type: ignore[union-attr]
