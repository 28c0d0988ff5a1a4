"""Stage 6: write the graph to files, atomically and deterministically.

RDF is written through pyoxigraph's streaming serialisers (many times faster
than rdflib's at scale, and strict), fed with the quads in a canonical
order so that the same graph always gives the same bytes. A registry maps each format
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
from rdflib import Dataset

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


def triples_of(quads: list[ox.Quad]) -> Iterator[ox.Triple]:
    """The distinct triples of sorted quads, in a canonical order (for Turtle)."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return iter(sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))))


def prefixes() -> dict[str, str]:
    # No prefix for kg's own resources: their IRIs are written in full, which
    # reads better than a prefixed name full of escapes (kg:article\/…).
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def writer(rdf_format: ox.RdfFormat, *, quads: bool) -> Callable[[list[ox.Quad], IO[bytes]], None]:
    def write(statements: list[ox.Quad], stream: IO[bytes]) -> None:
        options = {"prefixes": prefixes()} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
        ox.serialize(statements if quads else triples_of(statements), stream, rdf_format, **options)

    return write


# format name -> (file suffix, writer)
FORMATS: dict[str, tuple[str, Callable[[list[ox.Quad], IO[bytes]], None]]] = {
    "turtle": (".ttl", writer(ox.RdfFormat.TURTLE, quads=False)),
    "ntriples": (".nt", writer(ox.RdfFormat.N_TRIPLES, quads=False)),
    "trig": (".trig", writer(ox.RdfFormat.TRIG, quads=True)),
    "nquads": (".nq", writer(ox.RdfFormat.N_QUADS, quads=True)),
    "jsonld": (".jsonld", writer(ox.RdfFormat.JSON_LD, quads=True)),
}


def write_rdf(quads: list[ox.Quad], path: str | os.PathLike[str], rdf_format: str = "turtle") -> Path:
    """Write sorted quads (``rdf.build_quads``) in one of ``FORMATS``; returns the path."""
    if rdf_format not in FORMATS:
        raise KgError(f"unknown RDF format {rdf_format!r}; expected one of {', '.join(FORMATS)}")
    _suffix, write = FORMATS[rdf_format]
    with atomic_write(path) as stream:
        write(quads, stream)
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
