"""The graph on its way to disk: statements held as N-Quads lines in temporary files.

Years of news make tens of millions of statements: too many to hold as Python
objects, and too many to sort as one list. Each article's statements arrive
(from a worker, or from the cache) as ``GraphLines``: the sorted N-Quads lines
of its named graph, and its triples (the graph name dropped) in two parts:

- local triples, whose subject the article minted (the article, its text
  spans, its facts: IRIs under the article's own), stated by no other graph;
- shared triples, whose subject is an entity or a role that other articles
  speak of too, split into buckets by a hash of the subject.

The spool appends each part to a file. ``finish`` sorts and deduplicates each
bucket on its own: as a triple always lands in its subject's bucket, that gives
every shared triple once, a subject's triples together. Read back, the
triples come as chunks (the buckets, then each article's local triples) and
the quads graph by graph, each chunk standing on its own: a serialiser can
write, or a cache keep, one chunk at a time.

Memory stays at one bucket, whatever the corpus; the order is canonical
(buckets, then graphs by IRI, bytes within each), so the same graph gives the
same files.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

BUCKETS = 64


@dataclass(frozen=True)
class GraphLines:
    """One graph's statements as sorted, distinct lines (see the module docstring)."""

    graph: str  # the graph's IRI; "" for the default graph
    quads: bytes
    local: bytes
    shared: dict[int, bytes]


def graph_lines(quads: Iterable[ox.Quad], graph: str = "") -> GraphLines:
    """The lines of statements that all belong to ``graph`` (an IRI, or "" for the default graph)."""
    lines = sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).split(b"\n")) - {b""})
    suffix = f" <{graph}> .".encode() if graph else b""
    own = (f"<{graph}> ".encode(), f"<{graph}/".encode()) if graph else ()
    local: list[bytes] = []
    shared: dict[int, list[bytes]] = {}
    for line in lines:
        triple = line[: -len(suffix)] + b" ." if suffix and line.endswith(suffix) else line
        if own and triple.startswith(own):
            local.append(triple)
        else:
            shared.setdefault(bucket_of(triple), []).append(triple)
    return GraphLines(graph, joined(lines), joined(local), {bucket: joined(part) for bucket, part in sorted(shared.items())})


def joined(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def bucket_of(triple_line: bytes) -> int:
    return zlib.crc32(triple_line[: triple_line.index(b" ")]) % BUCKETS


def sort_bucket(path: str) -> int:
    """Sort a bucket file's lines and drop repeats, in place; returns how many are left."""
    lines = sorted(set(Path(path).read_bytes().split(b"\n")) - {b""})
    Path(path).write_bytes(joined(lines))
    return len(lines)


class GraphSpool:
    """Statements spooled to a temporary folder, read back in a canonical order.

    ``add`` each graph's lines, ``finish`` once, then read ``quad_chunks`` or
    ``triple_chunks`` as often as needed. The folder is removed by ``close``
    or when the spool is garbage-collected.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kg-spool-", dir=folder))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._graphs_file = open(self.folder / "graphs", "wb")  # noqa: SIM115 - open until finish
        self._bucket_files = [open(self._bucket_path(n), "wb") for n in range(BUCKETS)]  # noqa: SIM115
        self._graphs: list[tuple[str, int, int, int]] = []  # graph, offset, quads' length, local triples' length
        self._offset = 0
        self.triples: int | None = None  # distinct triples, known after finish

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
        self._graphs_file.write(lines.quads + lines.local)
        self._graphs.append((lines.graph, self._offset, len(lines.quads), len(lines.local)))
        self._offset += len(lines.quads) + len(lines.local)
        for bucket, chunk in lines.shared.items():
            self._bucket_files[bucket].write(chunk)

    def finish(self, map_buckets: Callable[..., Iterable[int]] = map) -> int:
        """Sort and deduplicate every bucket; returns the number of distinct triples.

        ``map_buckets`` may be a process pool's ``map``: the buckets are sorted
        where it runs, each on its own, and only their counts come back.
        """
        if self.triples is not None:
            return self.triples
        self._graphs_file.close()
        for handle in self._bucket_files:
            handle.close()
        self._graphs.sort()
        local = sum(part.count(b"\n") for part in self._graph_parts(local=True))
        self.triples = local + sum(map_buckets(sort_bucket, [str(self._bucket_path(n)) for n in range(BUCKETS)]))
        return self.triples

    def quad_chunks(self) -> Iterator[bytes]:
        """N-Quads, a graph at a time: the default graph first, then named graphs by IRI."""
        self._check_finished()
        return self._graph_parts(local=False)

    def triple_chunks(self) -> Iterator[bytes]:
        """The union graph's distinct triples as N-Triples: each bucket, then each graph's local triples."""
        self._check_finished()
        for number in range(BUCKETS):
            yield self._bucket_path(number).read_bytes()
        yield from self._graph_parts(local=True)

    def to_quads(self) -> list[ox.Quad]:
        return [quad for chunk in self.quad_chunks() for quad in ox.parse(chunk, format=ox.RdfFormat.N_QUADS)]

    def to_store(self) -> ox.Store:
        store = ox.Store()
        for chunk in self.quad_chunks():
            store.load(chunk, format=ox.RdfFormat.N_QUADS)
        return store

    def close(self) -> None:
        for handle in (self._graphs_file, *self._bucket_files):
            handle.close()
        self._cleanup()

    def _graph_parts(self, *, local: bool) -> Iterator[bytes]:
        with open(self.folder / "graphs", "rb") as handle:
            for _graph, offset, quads_length, local_length in self._graphs:
                if local:
                    if local_length:
                        handle.seek(offset + quads_length)
                        yield handle.read(local_length)
                else:
                    handle.seek(offset)
                    yield handle.read(quads_length)

    def _bucket_path(self, number: int) -> Path:
        return self.folder / f"bucket-{number:03d}.nt"

    def _check_finished(self) -> None:
        if self.triples is None:
            raise RuntimeError("call finish() before reading the spool")
