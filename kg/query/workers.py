"""The worker processes of ``kg serve``: each query runs in one, killed when it runs out
of time or its client goes away (Oxigraph cannot interrupt a query from another thread).

A killed query's core and memory are the system's again at once. The workers (one per query that may
run at once, --max-queries) are forked from a "zygote": a single-threaded process
forked when the server is made, which holds the store (shared copy-on-write with the
workers, so a fork costs page tables, not a copy of the graph) and forks a new worker
for each that is killed. The zygote leads a process group its workers share, so that
the server stops them all with one SIGKILL, which nothing in them can delay (a process
forked from a threaded parent may hang on a lock another thread held at the fork, where no
Python signal handler runs). A request thread hands the query to a free worker with one
end of a new socket pair, over a control socket all workers wait on (SOCK_SEQPACKET: one
message to one worker, and an end of file to all when the server closes it or dies, so that
they end with it); the worker answers on its socket in frames and waits for the next query:
  b"P" + pid        first, so that the request thread can kill it
  b"T" + media type of the result, once Oxigraph has parsed the query
  b"D" + data       result bytes; the first BUFFER bytes arrive in one frame, so a
                    query that fails early fails before the HTTP status is sent
  b"E"              the end of a complete result
  b"X" + JSON       an error: {"status": 400, "message": "..."}
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import struct
import threading
from typing import Any

import pyoxigraph as ox

from kg.query.store import query_options

# Result formats by media type, in the order of preference when the client accepts any.
SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
CHUNK = 1 << 16  # bytes sent per HTTP chunk
FRAME = struct.Struct("!cI")  # kind, length
BUFFER = 1 << 20  # bytes of a result gathered before the status line is sent


class ResultPipe:
    """A binary stream a child writes its result to, as frames on its socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = bytearray()
        self.started = False  # the first frame of data went out

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= (BUFFER if not self.started else CHUNK):
            self.send()
        return len(data)

    def flush(self) -> None:
        pass

    def send(self) -> None:
        if self.buffer:
            send_frame(self.sock, b"D", bytes(self.buffer))
            self.buffer.clear()
            self.started = True


def send_frame(sock: socket.socket, kind: bytes, data: bytes = b"") -> None:
    sock.sendall(FRAME.pack(kind, len(data)) + data)


def recv_exact(sock: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        part = sock.recv(size - len(data))
        if not part:
            raise EOFError
        data += part
    return bytes(data)


def run_child(store: ox.Store, sock: socket.socket, job: dict[str, Any]) -> None:
    """In a worker: run one query, write its frames."""
    send_frame(sock, b"P", str(os.getpid()).encode())
    signal.alarm(int(job["timeout"]) + 5)  # a last resort if the parent could not kill it
    try:
        options: dict[str, Any] = {}
        if job["default_graph"]:
            options["default_graph"] = [ox.NamedNode(iri) for iri in job["default_graph"]]
        else:
            options.update(query_options(store))
        if job["named_graphs"]:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in job["named_graphs"]]
        try:
            result = store.query(job["query"], **options)
        except SyntaxError as error:
            send_frame(sock, b"X", json.dumps({"status": 400, "message": f"malformed query: {error}"}).encode())
            return
        if isinstance(result, ox.QueryBoolean):
            kind = "solutions"
        else:
            kind = "graph" if isinstance(result, ox.QueryTriples) else "solutions"
        media = job["media"][kind]
        formats = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
        send_frame(sock, b"T", media.encode())
        pipe = ResultPipe(sock)
        result.serialize(pipe, format=formats[media])  # type: ignore[arg-type]
        pipe.send()
        send_frame(sock, b"E")
    except (OSError, ValueError, RuntimeError) as error:
        with contextlib.suppress(OSError):
            send_frame(sock, b"X", json.dumps({"status": 500, "message": f"query failed: {error}"}).encode())


def worker_loop(store: ox.Store, control: socket.socket) -> None:
    """A worker: answer the queries handed over, one at a time, until the control socket closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        message, fds, _flags, _address = socket.recv_fds(control, 1 << 20, 1)
        if not message or not fds:
            return
        with socket.socket(fileno=fds[0]) as sock:
            if abandoned(sock):
                continue  # its request timed out or its client left while it waited
            try:
                run_child(store, sock, json.loads(message))
            except OSError:
                pass  # the request thread went away
            finally:
                signal.alarm(0)


def abandoned(sock: socket.socket) -> bool:
    """The request thread closed its end (it never writes to it, so anything to read is
    the end of file)."""
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


def fork_worker(store: ox.Store, control: socket.socket) -> int:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            worker_loop(store, control)
        except BaseException:  # noqa: BLE001 - a worker never returns into the zygote's loop
            code = 1
        finally:
            os._exit(code)
    return pid


def zygote_loop(store: ox.Store, control: socket.socket, workers: int) -> None:
    """The zygote: keep ``workers`` workers, a new one for each that is killed, until they
    all end (the control socket closed) or SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(_signum: int, _frame: Any) -> None:
        raise SystemExit

    signal.signal(signal.SIGTERM, stop)
    pids = {fork_worker(store, control) for _ in range(workers)}
    try:
        while pids:
            pid, status = os.wait()
            pids.discard(pid)
            if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):  # killed: a timeout or a client gone
                pids.add(fork_worker(store, control))
    finally:
        for pid in pids:
            kill(pid)
        for pid in pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


class Zygote:
    """The process that forks the query workers (see above)."""

    def __init__(self, store: ox.Store, workers: int, close: tuple[socket.socket, ...] = ()) -> None:
        """``close``: sockets of the parent's the workers must not hold (the listening one)."""
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.setpgid(0, 0)
                parent.close()
                for inherited in close:
                    inherited.close()
                zygote_loop(store, child, workers)
            except BaseException:  # noqa: BLE001
                code = 1
            finally:
                os._exit(code)
        child.close()
        # on both sides of the fork, so that the group exists whichever runs first
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        self.pid = pid
        self.control = parent
        self.lock = threading.Lock()

    def start(self, job: dict[str, Any]) -> socket.socket:
        """Hand a query over; returns the socket its child answers on."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                socket.send_fds(self.control, [json.dumps(job).encode()], [theirs.fileno()])
        finally:
            theirs.close()
        return mine

    def close(self) -> None:
        """Stop the zygote and every worker (its process group) at once."""
        self.control.close()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def kill(pid: int | None) -> None:
    if pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
