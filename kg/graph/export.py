"""Stage 6: write the graph to files, atomically and deterministically.

RDF is written from a build's spool (``kg.graph.spool``), which holds the statements
as sorted N-Quads and N-Triples lines: those two formats are copied from it,
the others streamed through pyoxigraph's serialisers (many times faster than
rdflib's at scale, and strict). The order is canonical, so the same graph
always gives the same bytes. A registry maps each format name to its writer:
adding a format is adding one entry.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import KgError
from kg.graph.outputs import sync_folder
from kg.graph.spool import GraphSpool
from kg.graph.vocab import PREFIXES


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO]:
    """Write to a temporary file beside ``path``, then rename it into place.

    A reader (or a build killed half way) sees the old file or the new one,
    never a half-written one. A build's outputs as a set are replaced in one
    step by ``kg.graph.outputs.new_generation``.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(handle, mode, encoding=encoding) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
        sync_folder(target.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_checked(path: Path, data: bytes) -> None:
    """Write a cache entry whose reader checks it (zlib's checksum): renamed into
    place whole, but not synced to disk, which would cost more than the entry saves."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def prefixes() -> dict[str, str]:
    # No prefix for kg's own resources: their IRIs are written in full, which
    # reads better than a prefixed name full of escapes (kg:article\/…).
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


MapFunction = Callable[..., Iterable[bytes]]
Writer = Callable[[GraphSpool, IO[bytes], "PieceCache | None", MapFunction], None]


class PieceCache:
    """Serialised chunks of earlier builds, each keyed by the lines it was made from.

    A chunk of the spool (a bucket of shared triples, one article's local
    triples or named graph) serialises on its own; a rebuild after one changed
    article serialises again only the chunks whose lines changed.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    def key(self, rdf_format: ox.RdfFormat, chunk: bytes) -> str:
        digest = hashlib.sha256(f"{ox.__version__}\0{rdf_format.file_extension}\0".encode())
        digest.update(header(rdf_format))
        digest.update(chunk)
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        try:
            return zlib.decompress((self.folder / key[:2] / key).read_bytes())
        except (OSError, zlib.error):
            return None

    def put(self, key: str, body: bytes) -> None:
        write_checked(self.folder / key[:2] / key, zlib.compress(body, 1))


@functools.cache
def header(rdf_format: ox.RdfFormat) -> bytes:
    """The @prefix lines that open a Turtle or TriG file."""
    probe = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.DefaultGraph())
    return split_header(ox.serialize([probe], format=rdf_format, prefixes=prefixes()))[0]


def split_header(output: bytes) -> tuple[bytes, bytes]:
    end = 0
    while output.startswith(b"@prefix ", end):
        end = output.index(b"\n", end) + 1
    return output[:end], output[end:]


# Chunks serialised per round: enough to keep every worker busy, few enough
# that the chunks in flight hold a sliver of the graph.
WINDOW = 64


def serialized(rdf_format: ox.RdfFormat, *, quads: bool) -> Writer:
    """A writer that serialises the spool a chunk at a time, under one header.

    Subjects (and graphs) never span two chunks, so the chunks serialised one
    by one and joined give the bytes of the whole serialised at once; they may
    be serialised in other processes (``map_chunks``, a pool's ``map``).
    """

    def write(spool: GraphSpool, stream: IO[bytes], pieces: PieceCache | None = None, map_chunks: MapFunction = map) -> None:
        chunks, input_format = (spool.quad_chunks(), ox.RdfFormat.N_QUADS) if quads else (spool.triple_chunks(), ox.RdfFormat.N_TRIPLES)
        stream.write(header(rdf_format))
        for window in windows(chunks, WINDOW):
            keys = [pieces.key(rdf_format, chunk) if pieces else "" for chunk in window]
            bodies = [pieces.get(key) if pieces else None for key in keys]
            missing = [index for index, body in enumerate(bodies) if body is None and window[index]]
            jobs = [(rdf_format.file_extension, input_format.file_extension, window[index]) for index in missing]
            for index, body in zip(missing, map_chunks(serialize_chunk, jobs), strict=True):
                bodies[index] = body
                if pieces:
                    pieces.put(keys[index], body)
            for body in bodies:
                stream.write(body or b"")

    return write


def serialize_chunk(job: tuple[str, str, bytes]) -> bytes:
    """One chunk of N-Triples or N-Quads in another format, without the header (runs in a worker)."""
    output_extension, input_extension, chunk = job
    statements = ox.parse(chunk, format=ox.RdfFormat.from_extension(input_extension))
    return split_header(ox.serialize(statements, format=ox.RdfFormat.from_extension(output_extension), prefixes=prefixes()))[1]


def windows(items: Iterable[bytes], size: int) -> Iterator[list[bytes]]:
    window: list[bytes] = []
    for item in items:
        window.append(item)
        if len(window) == size:
            yield window
            window = []
    if window:
        yield window


def write_jsonld(spool: GraphSpool, stream: IO[bytes], _pieces: PieceCache | None = None, _map: MapFunction = map) -> None:
    # one JSON document: it cannot be written in pieces
    statements = (quad for chunk in spool.quad_chunks() for quad in ox.parse(chunk, format=ox.RdfFormat.N_QUADS))
    ox.serialize(statements, stream, ox.RdfFormat.JSON_LD)


def copied(chunks: Callable[[GraphSpool], Iterable[bytes]]) -> Writer:
    """A writer for a format the spool holds already: its chunks, as they are."""

    def write(spool: GraphSpool, stream: IO[bytes], _pieces: PieceCache | None = None, _map: MapFunction = map) -> None:
        for chunk in chunks(spool):
            stream.write(chunk)

    return write


# format name -> (file suffix, writer)
FORMATS: dict[str, tuple[str, Writer]] = {
    "turtle": (".ttl", serialized(ox.RdfFormat.TURTLE, quads=False)),
    "ntriples": (".nt", copied(GraphSpool.triple_chunks)),
    "trig": (".trig", serialized(ox.RdfFormat.TRIG, quads=True)),
    "nquads": (".nq", copied(GraphSpool.quad_chunks)),
    "jsonld": (".jsonld", write_jsonld),
}


def write_rdf(
    graph: GraphSpool | Iterable[ox.Quad],
    path: str | os.PathLike[str],
    rdf_format: str = "turtle",
    *,
    pieces: PieceCache | None = None,
    map_chunks: MapFunction = map,
) -> Path:
    """Write a build's spool (or any quads) in one of ``FORMATS``; returns the path.

    With ``pieces``, chunks serialised by an earlier build are taken from
    there; ``map_chunks`` (a process pool's ``map``) serialises the others.
    """
    if rdf_format not in FORMATS:
        raise KgError(f"unknown RDF format {rdf_format!r}; expected one of {', '.join(FORMATS)}")
    spool = graph if isinstance(graph, GraphSpool) else GraphSpool.of(graph)
    _suffix, write = FORMATS[rdf_format]
    with atomic_write(path) as stream:
        write(spool, stream, pieces, map_chunks)
    return Path(path)


def load_graph(path: str | os.PathLike[str]) -> Dataset:
    """Read a graph kg wrote (any of its formats) back into rdflib."""
    from kg.graph.rdf import new_dataset

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
