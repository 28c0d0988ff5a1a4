"""The graph on its way to disk: statements held as N-Quads lines in temporary files.

Years of news make tens of millions of statements: too many to hold as Python
objects, and too many to sort as one list. Each article's statements arrive
(from a worker, or from the cache) as ``GraphLines``: its named graph's
N-Quads lines, sorted, and its triples (the graph name dropped) split into
buckets by a hash of their subject. The spool appends both to files:

- blocks, one per named graph, read back in graph-IRI order for TriG and N-Quads;
- buckets, each sorted and deduplicated on its own in ``finish``: as a triple
  always lands in the bucket of its subject, that gives every triple of the
  union graph once, a subject's triples together, for Turtle and N-Triples.

Memory stays at one bucket, whatever the corpus; the order is canonical (a
bucket order, and bytes within a bucket), so the same graph gives the same
files.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

# Enough that one bucket of a few hundred thousand articles sorts in memory,
# few enough that a small build does not open hundreds of files.
BUCKETS = 64


@dataclass(frozen=True)
class GraphLines:
    """One graph's statements as sorted, distinct N-Quads lines, and its triples by bucket."""

    graph: str  # the graph's IRI; "" for the default graph
    quads: bytes
    triples: dict[int, bytes]

    @property
    def quad_count(self) -> int:
        return self.quads.count(b"\n")


def graph_lines(quads: Iterable[ox.Quad], graph: str = "") -> GraphLines:
    """The lines of statements that all belong to ``graph`` (an IRI, or "" for the default graph)."""
    lines = sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).split(b"\n")) - {b""})
    suffix = f" <{graph}> .".encode() if graph else b""
    buckets: dict[int, list[bytes]] = {}
    for line in lines:
        triple = line[: -len(suffix)] + b" ." if suffix and line.endswith(suffix) else line
        buckets.setdefault(bucket_of(triple), []).append(triple)
    return GraphLines(
        graph,
        b"".join(line + b"\n" for line in lines),
        {bucket: b"".join(line + b"\n" for line in triples) for bucket, triples in sorted(buckets.items())},
    )


def bucket_of(triple_line: bytes) -> int:
    return zlib.crc32(triple_line[: triple_line.index(b" ")]) % BUCKETS


class GraphSpool:
    """Statements spooled to a temporary folder, read back in a canonical order.

    ``add`` each graph's lines, ``finish`` once, then read ``quad_chunks`` or
    ``triple_chunks`` as often as needed. The folder is removed by ``close``
    or when the spool is garbage-collected.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kg-spool-", dir=folder))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._blocks_file = open(self.folder / "blocks.nq", "wb")  # noqa: SIM115 - open until finish
        self._bucket_files = [open(self.folder / f"bucket-{n:03d}.nt", "wb") for n in range(BUCKETS)]  # noqa: SIM115
        self._blocks: list[tuple[str, int, int]] = []  # graph, offset, length
        self._offset = 0
        self.triples: int | None = None  # distinct triples, known after finish
        self.quads = 0

    @classmethod
    def of(cls, quads: Iterable[ox.Quad]) -> GraphSpool:
        """A finished spool of quads in any graphs (for graphs made in memory)."""
        spool = cls()
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in quads:
            name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            by_graph.setdefault(name, []).append(quad)
        for name, statements in by_graph.items():
            spool.add(graph_lines(statements, name))
        spool.finish()
        return spool

    def add(self, lines: GraphLines) -> None:
        if self.triples is not None:
            raise RuntimeError("the spool is finished")
        self._blocks_file.write(lines.quads)
        self._blocks.append((lines.graph, self._offset, len(lines.quads)))
        self._offset += len(lines.quads)
        self.quads += lines.quad_count
        for bucket, chunk in lines.triples.items():
            self._bucket_files[bucket].write(chunk)

    def finish(self) -> int:
        """Sort and deduplicate every bucket; returns the number of distinct triples."""
        if self.triples is not None:
            return self.triples
        self._blocks_file.close()
        for handle in self._bucket_files:
            handle.close()
        self._blocks.sort()
        self.triples = 0
        for path in self._bucket_paths():
            lines = sorted(set(path.read_bytes().split(b"\n")) - {b""})
            self.triples += len(lines)
            path.write_bytes(b"".join(line + b"\n" for line in lines))
        return self.triples

    def quad_chunks(self) -> Iterator[bytes]:
        """N-Quads, a graph at a time: the default graph first, then named graphs by IRI."""
        self._check_finished()
        with open(self.folder / "blocks.nq", "rb") as handle:
            for _graph, offset, length in self._blocks:
                handle.seek(offset)
                yield handle.read(length)

    def triple_chunks(self) -> Iterator[bytes]:
        """The union graph's distinct triples as N-Triples, a bucket at a time."""
        self._check_finished()
        for path in self._bucket_paths():
            yield path.read_bytes()

    def to_quads(self) -> list[ox.Quad]:
        return [quad for chunk in self.quad_chunks() for quad in ox.parse(chunk, format=ox.RdfFormat.N_QUADS)]

    def to_store(self) -> ox.Store:
        store = ox.Store()
        for chunk in self.quad_chunks():
            store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
        return store

    def close(self) -> None:
        for handle in (self._blocks_file, *self._bucket_files):
            handle.close()
        self._cleanup()

    def _bucket_paths(self) -> list[Path]:
        return [self.folder / f"bucket-{n:03d}.nt" for n in range(BUCKETS)]

    def _check_finished(self) -> None:
        if self.triples is None:
            raise RuntimeError("call finish() before reading the spool")
