"""Stage 6: write the graph to files, atomically and deterministically.

RDF is written through pyoxigraph's streaming serialisers (many times faster
than rdflib's at scale, and strict), fed with the quads in sorted order so
that the same graph always gives the same bytes. A registry maps each format
name to its writer: adding a format is adding one entry.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from .errors import KgError
from .vocab import PREFIXES


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO]:
    """Write to a temporary file beside ``path``, then rename it into place.

    A reader (or a build killed half way) sees the old file or the new one,
    never a half-written one.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(handle, mode, encoding=encoding) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise KgError(f"cannot serialise RDF term {term!r}")


def sort_key(term: Node) -> tuple[int, str, str]:
    if isinstance(term, Literal):
        return (2, str(term), str(term.datatype or term.language or ""))
    return (0 if isinstance(term, URIRef) else 1, str(term), "")


def sorted_triples(graph: Graph | Dataset) -> list[ox.Triple]:
    triples = sorted(set(graph.triples((None, None, None))), key=lambda t: tuple(map(sort_key, t)))
    return [ox.Triple(*(to_oxigraph(term) for term in triple)) for triple in triples]


def sorted_quads(dataset: Dataset) -> list[ox.Quad]:
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        quads.append((s, p, o, None if name in (None, DATASET_DEFAULT_GRAPH_ID) else name))
    quads = sorted(set(quads), key=lambda q: (sort_key(q[3]) if q[3] else (-1, "", ""), *map(sort_key, q[:3])))
    return [
        ox.Quad(*(to_oxigraph(t) for t in q[:3]), ox.NamedNode(str(q[3])) if q[3] else ox.DefaultGraph())
        for q in quads
    ]


def prefixes() -> dict[str, str]:
    # No prefix for kg's own resources: their IRIs are written in full, which
    # reads better than a prefixed name full of escapes (kg:article\/…).
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def writer(rdf_format: ox.RdfFormat, *, quads: bool) -> Callable[[Dataset, IO[bytes]], None]:
    def write(dataset: Dataset, stream: IO[bytes]) -> None:
        statements = sorted_quads(dataset) if quads else sorted_triples(dataset)
        options = {"prefixes": prefixes()} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        ox.serialize(statements, stream, rdf_format, **options)

    return write


# format name -> (file suffix, writer)
FORMATS: dict[str, tuple[str, Callable[[Dataset, IO[bytes]], None]]] = {
    "turtle": (".ttl", writer(ox.RdfFormat.TURTLE, quads=False)),
    "ntriples": (".nt", writer(ox.RdfFormat.N_TRIPLES, quads=False)),
    "trig": (".trig", writer(ox.RdfFormat.TRIG, quads=True)),
    "nquads": (".nq", writer(ox.RdfFormat.N_QUADS, quads=True)),
    "jsonld": (".jsonld", writer(ox.RdfFormat.JSON_LD, quads=True)),
}


def write_rdf(dataset: Dataset, path: str | os.PathLike[str], rdf_format: str = "turtle") -> Path:
    """Write the graph in one of ``FORMATS``; returns the path written."""
    if rdf_format not in FORMATS:
        raise KgError(f"unknown RDF format {rdf_format!r}; expected one of {', '.join(FORMATS)}")
    _suffix, write = FORMATS[rdf_format]
    with atomic_write(path) as stream:
        write(dataset, stream)
    return Path(path)


def load_graph(path: str | os.PathLike[str]) -> Dataset:
    """Read a graph kg wrote (any of its formats) back into rdflib."""
    from .rdf import new_dataset

    suffix = Path(path).suffix.lower()
    formats = {".ttl": "turtle", ".nt": "nt", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}
    if suffix not in formats:
        raise KgError(f"{path}: unknown graph file type {suffix!r}; expected one of {', '.join(formats)}")
    dataset = new_dataset()
    try:
        dataset.parse(str(path), format=formats[suffix])
    except FileNotFoundError as error:
        raise KgError(f"{path}: no such file") from error
    except Exception as error:  # rdflib raises many kinds of parse errors
        raise KgError(f"{path}: cannot parse as {formats[suffix]}: {error}") from error
    return dataset
