"""Check a graph against the shipped SHACL shapes with pyshacl-turbo, or pySHACL.

pyshacl-turbo (Rust) is the engine when installed, pySHACL otherwise; both give
the same violations, turbo 15 times faster. Neither holds a corpus whole in
bounded memory (pySHACL needs rdflib, turbo a copy of its own), so the graph goes
into an Oxigraph store and the engine gets it in batches of focus nodes. A batch
holds what the shapes read of its nodes, read from the store by triple pattern:
the nodes' own triples, the triples that make them targets of sh:targetObjectsOf,
and of each node they point to only the predicates the shapes read there (rdf:type
for sh:class, the second step of a two-step path; ``shapes_reach`` finds them and
refuses shapes that read further). Only the batch's focus nodes are validated, so
the neighbours' missing triples fail nothing. Memory is bounded by the batch. The
SHACL-SPARQL constraints run in Oxigraph instead, once over the whole graph.

Before, a batch was a SPARQL CONSTRUCT of its nodes' whole neighbourhoods (every
triple of every node they point to, the article's text among them): on the real
corpus that, not the engine, was most of the time.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg.errors import KgError
from kg.query.store import as_store, load_store, query_options
from kg.resources import data_path

BATCH = 2000  # focus nodes per pySHACL run
TURBO_BATCH = 5_000  # per pyshacl-turbo run: its time per triple grows with the batch (corpus CPU: 163 s, 320 s at 25,000)
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
    ``engine``: "turbo" (pyshacl-turbo, Rust; batches of 5,000 focus nodes, two at
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
    if isinstance(graph, (str, os.PathLike)):
        # a file is loaded without the union copied into the default graph (half the memory
        # of a graph in named graphs), and read over every graph
        store, reading = load_store(graph, union=False), EVERY_GRAPH
    else:
        store = as_store(graph)
        reading = reading_of(store)
    shapes = shapes_graph()
    if engine == "turbo":
        return validate_batches(store, reading, shapes, batch_size or TURBO_BATCH, turbo_engine(), workers or TURBO_WORKERS)
    return validate_batches(store, reading, shapes, batch_size or BATCH, pyshacl_engine(shapes), workers or 1)


def turbo_available() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


Engine = Callable[[str, list[str]], list[Violation]]  # a batch's N-Triples and focus nodes: their violations


def turbo_engine() -> Engine:
    """pyshacl-turbo over one batch's N-Triples: the violations of the core shapes."""
    import pyshacl_turbo
    from pyshacl_turbo.rdf import Input

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

    # compiled once: pyshacl_turbo.validate would compile the shapes again for every batch
    program = pyshacl_turbo.compile_shapes(shapes, advanced=True)

    def run(ntriples: str, focus: list[str]) -> list[Violation]:
        # the batch's N-Triples as they are: given an Oxigraph store, pyshacl-turbo 0.6.5
        # dumps it to N-Quads twice and parses that; Input is its record of serialised data
        data = Input(ntriples, "oxigraph-nquads", None, {}, {}, preserve_ids=True)
        # only the batch's focus nodes: its neighbours hold only what the shapes read of
        # them (their types), so as targets they would fail every minCount
        _conforms, results, _text = program.validate(data, allow_warnings=False, focus_nodes=focus)
        return [
            Violation(
                focus=str(results.value(result, SH.focusNode) or ""),
                path=path_name(results, results.value(result, SH.resultPath)),
                message=str(results.value(result, SH.resultMessage) or ""),
                shape=owner(results.value(result, SH.sourceShape)),
            )
            for result in results.subjects(RDF.type, SH.ValidationResult)
        ]

    return run


def pyshacl_engine(shapes: Graph) -> Engine:
    """pySHACL over one batch's N-Triples: the violations of the core shapes."""
    from pyshacl import validate as shacl_validate

    core_shapes = without_sparql_constraints(shapes)

    def run(ntriples: str, focus: list[str]) -> list[Violation]:
        # every target in the data is validated, the neighbours too (pySHACL's focus_nodes
        # option scans a list per node: slower); validate_batches keeps the batch's own findings
        data = Graph()
        data.parse(data=ntriples, format="nt")
        _conforms, results, _text = shacl_validate(
            data, shacl_graph=core_shapes, inference="none", advanced=True, allow_warnings=False
        )
        return [
            Violation(
                focus=str(results.value(result, SH.focusNode) or ""),
                path=path_name(results, results.value(result, SH.resultPath)),
                message=str(results.value(result, SH.resultMessage) or ""),
                shape=shape_name(core_shapes, results.value(result, SH.sourceShape)),
            )
            for result in results.subjects(RDF.type, SH.ValidationResult)
        ]

    return run


def validate_batches(store: ox.Store, reading: Reading, shapes: Graph, batch_size: int, engine: Engine,
                     workers: int = 1) -> ValidationReport:
    violations: list[Violation] = sparql_violations(store, shapes, reading.options)
    reach = shapes_reach(shapes)
    graph = reading.graph
    classes = list(triples(store, graph, None, RDFS_SUBCLASS_OF))

    def check(batch: list[str]) -> list[Violation]:
        wanted = set(batch)
        # serialised as read, and only the text kept: memory is the batch's text and the engine's copy
        read = chain(classes, batch_triples(store, graph, batch, reach))
        data = ox.serialize(read, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return [v for v in engine(data, batch) if v.focus in wanted]

    seen = 0
    with ThreadPoolExecutor(workers) as pool:
        running: deque[Future[list[Violation]]] = deque()
        for batch in batches(focus_nodes(store, shapes, reading.options), batch_size):
            seen += len(batch)
            if len(running) >= workers:  # no more batches in memory at once than workers
                violations += running.popleft().result()
            running.append(pool.submit(check, batch))
        for future in running:
            violations += future.result()
    ordered = sorted(set(violations), key=lambda v: (v.focus, v.path or "", v.message, v.shape))
    return ValidationReport(not ordered, tuple(ordered), seen)


RDFS_SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))


@dataclass(frozen=True)
class Reach:
    """What the shapes read beyond their focus nodes' own triples."""

    neighbours: tuple[ox.NamedNode, ...]  # predicates read of the nodes a focus node points to
    incoming: tuple[ox.NamedNode, ...]  # predicates whose objects are targets (sh:targetObjectsOf)


# Constraints whose value nodes are checked against a whole shape, or paths that go
# further than one step: a batch would need more than its nodes' neighbours' types.
FAR_REACHING = (SH.node, SH.qualifiedValueShape, SH.inversePath, SH.alternativePath,
                SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)


def shapes_reach(shapes: Graph) -> Reach:
    """The triples beyond a focus node's own that the shapes read: the rdf:type of the
    nodes it points to (sh:class), the second step of a two-step path, and the triples
    that make it a target of sh:targetObjectsOf. Shapes that read further are refused:
    the batches would not hold what they need."""
    for keyword in FAR_REACHING:
        if next(shapes.subject_objects(keyword), None) is not None:
            raise KgError(f"shapes.ttl: {shapes.qname(keyword)} reads beyond a focus node's neighbours, "
                          "which kg's validation batches do not hold")
    for shape in shapes.subjects(SH.path, None):  # a property shape's nested shapes see its value nodes
        for logic in (SH["or"], SH["and"], SH.xone, SH["not"]):
            for member in shapes.objects(shape, logic):
                nested = shapes.items(member) if logic != SH["not"] else [member]
                if any((n, SH.path, None) in shapes for n in nested):
                    raise KgError("shapes.ttl: a path in a property shape's nested shape reads beyond the neighbours")
    neighbours = {str(RDF.type)} if next(shapes.subject_objects(SH["class"]), None) is not None else set()
    for path in shapes.objects(None, SH.path):
        if isinstance(path, BNode):  # a sequence path: an RDF list
            steps = list(shapes.items(path))
            if len(steps) != 2 or not all(isinstance(step, URIRef) for step in steps):
                raise KgError(f"shapes.ttl: a path of {len(steps)} steps reads beyond a focus node's neighbours")
            neighbours.add(str(steps[1]))
    incoming = {str(p) for p in shapes.objects(None, SH.targetObjectsOf)}
    return Reach(tuple(map(ox.NamedNode, sorted(neighbours))), tuple(map(ox.NamedNode, sorted(incoming))))


@dataclass(frozen=True)
class Reading:
    """Where a store's triples are read: a pattern's graph (None: every graph; duplicates
    across graphs are harmless, the engines read the triples as a set) and a query's options."""

    graph: ox.DefaultGraph | None
    options: dict[str, Any]


EVERY_GRAPH = Reading(None, {"use_default_graph_as_union": True})


def reading_of(store: ox.Store) -> Reading:
    """The default graph of a store kg loaded (it holds the union) or of one without
    named graphs; else every graph."""
    options = query_options(store)
    return Reading(None if options else ox.DefaultGraph(), options)


def triples(
    store: ox.Store, graph: ox.DefaultGraph | None, subject: Any, predicate: Any = None, obj: Any = None
) -> Iterator[ox.Triple]:
    for quad in store.quads_for_pattern(subject, predicate, obj, graph):
        yield quad.triple


def batch_triples(
    store: ox.Store, graph: ox.DefaultGraph | None, batch: list[str], reach: Reach
) -> Iterator[ox.Triple]:
    """The triples the shapes read of a batch of focus nodes: their own, those that make
    them targets of sh:targetObjectsOf, and the reach's predicates of each node they
    point to (read once per batch). Not a SPARQL CONSTRUCT of whole neighbourhoods: on
    the corpus that was most of the time, and shared nodes' other triples are not read."""
    neighbours: set[ox.NamedNode | ox.BlankNode] = set()
    for iri in batch:
        node = ox.NamedNode(iri)
        for triple in triples(store, graph, node):
            if not isinstance(triple.object, ox.Literal):
                neighbours.add(triple.object)
            yield triple
        for predicate in reach.incoming:
            yield from triples(store, graph, None, predicate, node)
    for neighbour in neighbours:
        for predicate in reach.neighbours:
            yield from triples(store, graph, neighbour, predicate)


def path_name(results: Graph, path: Any) -> str | None:
    """A result's path: its IRI, or a sequence path's steps joined by "/" (SPARQL's
    syntax) rather than the blank node that holds them, named anew by every run."""
    if path is None:
        return None
    if isinstance(path, BNode):
        return "/".join(str(step) for step in results.items(path)) or None
    return str(path)


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


def focus_nodes(store: ox.Store, shapes: Graph, options: dict[str, Any]) -> Iterator[str]:
    """Every node a shape targets, once."""
    pattern = target_pattern(shapes)
    if pattern is None:
        return
    for solution in store.query("SELECT DISTINCT ?node WHERE { " + pattern + " }", **options):
        yield solution["node"].value  # type: ignore[index]


# SHACL-SPARQL constraints run in Oxigraph, once over every focus node, where pySHACL
# would parse the query again for each focus node (a tenth of a second each).


def sparql_violations(store: ox.Store, shapes: Graph, options: dict[str, Any]) -> list[Violation]:
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
            solutions = store.query(query, **options)
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
