"""A graph file in an Oxigraph store: where every command that reads a graph runs.

``load_store`` reads a graph file kg wrote straight into an in-memory Oxigraph
store (Oxigraph's own parser, no rdflib in between); ``open_store`` keeps it in
a persistent on-disk store, bulk-loaded once and reused until the file changes,
so a second query costs only the query; ``as_store`` takes whatever a caller
holds (a path, a store, an rdflib graph or dataset, the quads of a build).

Oxigraph stores the integer types derived from xsd:integer (xsd:nonNegativeInteger,
xsd:int...) as xsd:integer, so a query sees "5"^^xsd:integer where an older graph
file says "5"^^xsd:nonNegativeInteger; kg writes plain xsd:integer offsets for that
reason (see the README's graph model).

Every statement of a kg graph sits in a named graph; queries want their union.
Oxigraph's ``use_default_graph_as_union`` gives it, but makes joins 10-400 times
slower (a distinct over the graphs at every pattern; 12.7 s against 0.03 s for
``positions`` on 1,500 items, 84 s on disk). So a store kg loads holds the
union in its default graph as well (``add_union``, once, at load time), and
kg's queries run over the default graph (``query_options``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
}

MANIFEST = "kg-store.json"  # what the store in a --store folder was loaded from
DATA = "oxigraph"  # the folder of the store itself, beside the manifest
LAYOUT = 2  # 2: the union of the named graphs copied into the default graph; a store of another layout is loaded again
UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def rdf_format(path: str | os.PathLike[str]) -> ox.RdfFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        raise KgError(f"{path}: unknown graph file type {suffix!r}; expected one of {', '.join(RDF_FORMATS)}")
    return RDF_FORMATS[suffix]


def add_union(store: ox.Store) -> None:
    """Copy the triples of every named graph into the default graph (nothing to do without named graphs)."""
    if next(iter(store.named_graphs()), None) is not None:
        store.update(UNION)


def query_options(store: ox.Store) -> dict[str, Any]:
    """The options that make a query's default graph the union of the store's graphs:
    none when the default graph holds it (a store kg loaded) or there are no named
    graphs; Oxigraph's (slow) union default graph when only named graphs hold triples."""
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        return {}
    if next(iter(store.named_graphs()), None) is None:
        return {}
    return {"use_default_graph_as_union": True}


def load_into(store: ox.Store, path: str | os.PathLike[str], *, union: bool = True) -> None:
    """Bulk-load a graph file into a store: quads into their named graphs, and (``union``)
    the union into the default graph, where queries run fastest. A reader that reads every
    graph by pattern (validation) needs no copy: half the memory of a graph in named graphs."""
    graph_format = rdf_format(path)
    if not Path(path).is_file():
        raise KgError(f"{path}: no such file")
    try:
        store.bulk_load(path=str(path), format=graph_format)
    except SyntaxError as error:
        raise KgError(f"{path}: cannot parse as {graph_format.name}: {error}") from error
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error}") from error
    if union:
        add_union(store)


def load_store(path: str | os.PathLike[str], *, union: bool = True) -> ox.Store:
    """A graph file in a new in-memory store (``union``: see ``load_into``)."""
    store = ox.Store()
    load_into(store, path, union=union)
    return store


def open_store(path: str | os.PathLike[str], store_dir: str | os.PathLike[str]) -> ox.Store:
    """The graph file in the persistent store in ``store_dir``, loaded there if it is
    not yet, or reloaded if the file changed since (size, mtime, else sha256).

    A reload builds the new store beside the old one and swaps them, so an
    interrupted load leaves the old store (and its manifest) intact.
    """
    source = Path(path)
    folder = Path(store_dir)
    if not source.is_file():
        raise KgError(f"{source}: no such file")
    rdf_format(source)
    manifest_path = folder / MANIFEST
    if folder.exists() and any(folder.iterdir()) and not manifest_path.is_file():
        raise KgError(f"{folder}: not a kg store (no {MANIFEST}); give an empty or new folder to --store")
    folder.mkdir(parents=True, exist_ok=True)
    stat = source.stat()
    old = read_manifest(manifest_path)
    current = {"source": str(source.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "layout": LAYOUT}
    if old and all(old.get(k) == v for k, v in current.items()) and (folder / DATA).is_dir():
        return open_existing(folder / DATA)
    digest = file_sha256(source)
    if old and old.get("sha256") == digest and all(old.get(k) == current[k] for k in ("source", "layout")) and (folder / DATA).is_dir():
        write_manifest(manifest_path, {**old, **current})
        return open_existing(folder / DATA)
    fresh = folder / (DATA + ".loading")
    shutil.rmtree(fresh, ignore_errors=True)
    store = open_existing(fresh)
    load_into(store, source)
    store.flush()
    del store  # closes the store, so that its folder can be moved
    shutil.rmtree(folder / DATA, ignore_errors=True)
    fresh.rename(folder / DATA)
    write_manifest(manifest_path, {**current, "sha256": digest, "format": rdf_format(source).name})
    return open_existing(folder / DATA)


def open_existing(folder: Path) -> ox.Store:
    try:
        return ox.Store(str(folder))
    except OSError as error:
        raise KgError(f"{folder}: cannot open the store (is another kg process using it?): {error}") from error


def read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


GraphSource = Any  # a path, an ox.Store, an rdflib Graph or Dataset, or an iterable of ox.Quad


def as_store(graph: GraphSource, *, store_dir: str | os.PathLike[str] | None = None) -> ox.Store:
    """The graph in an Oxigraph store, where queries run fast at any size.

    Takes what kg makes and what callers hold: the path of a graph file (read by
    Oxigraph's parser; kept in ``store_dir`` when given), a store (returned as
    is), an rdflib ``Dataset`` or ``Graph`` (``kg.build(...).dataset``,
    ``kg.graph.export.load_graph``), or quads (``kg.build(...).quads``).
    """
    if isinstance(graph, ox.Store):
        return graph
    if isinstance(graph, (str, os.PathLike)):
        return open_store(graph, store_dir) if store_dir is not None else load_store(graph)
    from rdflib import Dataset, Graph

    store = ox.Store()
    if isinstance(graph, Dataset):
        store.bulk_load(graph.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    elif isinstance(graph, Graph):
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    elif isinstance(graph, Iterable):
        store.bulk_extend(graph)
    else:
        raise TypeError(f"expected a graph file, an Oxigraph store, an rdflib graph or quads, not {type(graph).__name__}")
    add_union(store)
    return store
