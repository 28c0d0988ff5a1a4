"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph.

Oxigraph answers the queries, each in a worker process that is killed when the
query runs out of time or its client goes away; a standard-library
``ThreadingHTTPServer`` speaks the protocol (GET ``?query=``, POST
``application/sparql-query`` or a form), negotiates the result format (Accept,
then ``format=`` by query form), and streams the results: the first megabyte is
gathered before the status line (so an early error gets its own status), the
rest sent as it comes in a chunked response, so a result of any size never sits
whole in memory. Updates are refused; SERVICE too unless allowed; no CORS
header unless asked; a Host header that does not name the bound address gets 403. Beside the
endpoint it serves an offline query page (``kg/data/page/sparql.html``) with the
shipped queries as examples, and ``graph.html`` when the graph came from an
output folder.

    >>> server = make_server(load_store("out/graph.nq"), port=0)   # doctest: +SKIP
    >>> threading.Thread(target=server.serve_forever).start()      # doctest: +SKIP
"""

from __future__ import annotations

import errno
import json
import os
import re
import select
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.query.store import RDF_FORMATS, as_store
from kg.query.workers import FRAME, GRAPH_TYPES, SOLUTION_TYPES, Zygote, kill, recv_exact
from kg.resources import data_path

DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of a POSTed query

# The `format=` / `output=` parameter some clients send instead of (or with) Accept,
# by the kind of result: SPARQLWrapper sends format=xml for a CONSTRUCT too.
FORMAT_NAMES = {
    "solutions": {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    },
    "graph": {
        "xml": "application/rdf+xml",
        "rdfxml": "application/rdf+xml",
        "rdf": "application/rdf+xml",
        "turtle": "text/turtle",
        "ttl": "text/turtle",
        "n3": "text/turtle",
        "nt": "application/n-triples",
        "ntriples": "application/n-triples",
        "nquads": "application/n-quads",
        "json": "application/ld+json",
        "json-ld": "application/ld+json",
        "jsonld": "application/ld+json",
    },
}
UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)
GRAPH_FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.nt", "graph.jsonld")  # fastest to load first


class PortInUse(KgError):
    """The port the endpoint should listen on is taken."""


def graph_file(path: str | os.PathLike[str]) -> tuple[Path, Path | None]:
    """The graph file to serve and the graph page beside it, from an output folder or a file."""
    path = Path(path)
    if path.is_dir():
        for name in GRAPH_FILES:
            if (path / name).is_file():
                page = path / "graph.html"
                return path / name, page if page.is_file() else None
        raise KgError(f"{path}: no graph file in this folder (looked for {', '.join(GRAPH_FILES)})")
    if path.suffix.lower() not in RDF_FORMATS:
        raise KgError(f"{path}: not an output folder or a graph file ({', '.join(RDF_FORMATS)})")
    if not path.is_file():
        raise KgError(f"{path}: no such file or folder")
    page = path.with_name("graph.html")
    return path, page if page.is_file() else None


# Loads of an output folder tried before giving up, while builds keep replacing it.
LOAD_ATTEMPTS = 20


def load_generation(path: str | os.PathLike[str], store_dir: str | os.PathLike[str] | None = None) -> tuple[Path, ox.Store, bytes | None]:
    """The graph file, its store and its page, all of one build even while a new build
    replaces the output folder (``kg.graph.outputs``): the folder is the same before and
    after the loading, or it is loaded again."""
    folder = Path(path) if Path(path).is_dir() else Path(path).parent  # the page is beside a graph file
    for _attempt in range(LOAD_ATTEMPTS):
        try:
            # held open, the folder cannot be removed for good and its inode number come back
            # for another folder: the same number after loading means the same folder
            handle: int | None = os.open(folder, os.O_RDONLY)
        except OSError:
            handle = None  # no such folder (graph_file says so), or a system that cannot open one
        try:
            source, page = graph_file(path)
            store = as_store(source, store_dir=store_dir)
            page_bytes = page.read_bytes() if page else None
            if handle is None or same_folder(folder, handle):
                return source, store, page_bytes
        except (KgError, FileNotFoundError):
            if handle is None or same_folder(folder, handle):
                raise
            # a build swapped the folder while it was read (with no exchange, it is missing for an instant)
        finally:
            if handle is not None:
                os.close(handle)
        time.sleep(0.05)
    raise KgError(f"{path}: replaced by new builds {LOAD_ATTEMPTS} times while it was loaded; serve it once they are done")


def same_folder(path: str | os.PathLike[str], handle: int) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    then = os.fstat(handle)
    return (now.st_dev, now.st_ino) == (then.st_dev, then.st_ino)


def examples() -> list[dict[str, str]]:
    from kg.query.queries import shipped_queries

    return [{"name": name, "query": path.read_text(encoding="utf-8")} for name, path in shipped_queries().items()]


def negotiate(accept: str, offered: dict[str, Any], *, wildcards: bool = True) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured), or None.
    The first offered type answers */* and a missing header; ``wildcards=False``
    takes only the types the header names."""
    if not accept.strip():
        return next(iter(offered))
    best: tuple[float, int, str] | None = None
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        media = media.lower()
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            if not wildcards:
                continue
            family = media.split("/")[0]
            matches = [m for m in offered if media == "*/*" or m.startswith(family + "/")]
            chosen = matches[0] if matches else None
        else:
            chosen = media if media in offered else None
        if chosen and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, chosen)
    return best[2] if best else None


# --- telling queries apart before running them -----------------------------------------------

# comments, strings and IRIs, which may hold any word
_OPAQUE = re.compile(r'#[^\n]*|<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def query_words(sparql: str) -> str:
    """The query without its comments, strings and IRIs."""
    return _OPAQUE.sub(" ", sparql)


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them in the query, or None."""
    match = _FORM.search(query_words(sparql))
    return match.group(1).upper() if match else None


def uses_service(sparql: str) -> bool:
    return _SERVICE.search(query_words(sparql)) is not None


def answered(sock: socket.socket) -> bool:
    """The worker is done with this query (it closes its end when it is): what it sent is
    read without waiting, up to the end. A worker that is done may already be answering
    another request, so it must not be killed for this one."""
    sock.setblocking(False)
    try:
        while sock.recv(1 << 16):
            pass
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True
    return True


class SparqlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    server: EndpointServer

    # --- checks every request passes ---

    def host_allowed(self) -> bool:
        """The Host header names the bound address (a page on another name that resolves
        here, by DNS rebinding, gets 403); any Host when bound to every interface."""
        allowed = self.server.allowed_hosts
        if allowed is None:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        port = str(self.server.server_address[1])
        if host.endswith(":" + port):
            host = host[: -len(port) - 1]
        if host in allowed:
            return True
        self.send_text(HTTPStatus.FORBIDDEN, f"Host {host or '(none)'} is not this endpoint's; use {sorted(allowed)[0]}:{port}")
        return False

    def cors_headers(self) -> None:
        origin = self.server.cors
        if origin is None:
            return
        if origin == "*":
            self.send_header("Access-Control-Allow-Origin", "*")
        elif (self.headers.get("Origin") or "") == origin:
            self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Vary", "Origin")

    def end_headers(self) -> None:
        self.cors_headers()
        super().end_headers()

    # --- methods ---

    def do_OPTIONS(self) -> None:  # noqa: N802
        if not self.host_allowed():
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        if self.server.cors is not None:
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
            self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:  # noqa: N802
        self.head_only = True
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 (the standard library's naming)
        if not self.host_allowed():
            return
        url = urlsplit(self.path)
        if url.path == "/sparql":
            self.answer(parse_qs(url.query))
        elif url.path in ("/", "/index.html"):
            self.send_file(data_path("page/sparql.html"), "text/html; charset=utf-8")
        elif url.path == "/sparql.js":
            self.send_file(data_path("page/sparql.js"), "text/javascript; charset=utf-8")
        elif url.path == "/queries.json":
            about = {"queries": examples(), "graph_page": self.server.graph_page is not None}
            self.send_bytes(HTTPStatus.OK, json.dumps(about, ensure_ascii=False).encode("utf-8"), "application/json")
        elif url.path == "/graph.html" and self.server.graph_page is not None:
            self.send_bytes(HTTPStatus.OK, self.server.graph_page, "text/html; charset=utf-8")
        else:
            self.send_text(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (the endpoint is /sparql)")

    def do_POST(self) -> None:  # noqa: N802
        if not self.host_allowed():
            self.close_connection = True
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self.send_text(HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path} (the endpoint is /sparql)")
            self.close_connection = True
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.send_text(HTTPStatus.BAD_REQUEST, "a POST needs a Content-Length")
            self.close_connection = True
            return
        if length > MAX_BODY:
            self.send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query of at most {MAX_BODY} bytes, please")
            self.close_connection = True
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query)
        if content_type == "application/sparql-query":
            params["query"] = [body]
        elif content_type == "application/sparql-update":
            params["update"] = [body]
        elif content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body).items():
                params.setdefault(key, []).extend(values)
        else:
            self.send_text(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                f"POST a query as application/sparql-query or application/x-www-form-urlencoded, not {content_type or 'nothing'}",
            )
            return
        self.answer(params)

    def do_PUT(self) -> None:  # noqa: N802
        if self.host_allowed():
            self.refuse_update()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def refuse_update(self) -> None:
        self.send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates and graph store writes are refused")

    # --- queries ---

    def media_types(self, params: dict[str, list[str]], form: str) -> tuple[dict[str, str], str] | None:
        """The media type of each kind of result the query may give ("solutions", "graph"),
        by the SPARQL 1.1 Protocol: a valid Accept wins, then format= (by the query form),
        then the first offered; None (after a 406) when nothing offered is acceptable."""
        accept = self.headers.get("Accept", "")
        wanted = params.get("format", params.get("output", []))
        kinds = {"graph": GRAPH_TYPES} if form in ("CONSTRUCT", "DESCRIBE") else {"solutions": SOLUTION_TYPES}
        chosen: dict[str, str] = {}
        for kind, offered in kinds.items():
            media = negotiate(accept, offered, wildcards=False) if accept.strip() else None
            if media is None and wanted:
                name = wanted[0].strip().lower()
                media = FORMAT_NAMES[kind].get(name) or (name if name in offered else None)
                if media is None:
                    self.send_text(HTTPStatus.NOT_ACCEPTABLE, f"format={wanted[0]} cannot answer a {form} query; offered: {', '.join(FORMAT_NAMES[kind])}")
                    return None
            if media is None:
                media = negotiate(accept, offered)
            if media is None:
                self.send_text(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer this query as {accept}; offered: {', '.join(offered)}")
                return None
            chosen[kind] = media
        # the other kind too, for a query whose form the words did not tell
        chosen.setdefault("solutions", "application/sparql-results+json")
        chosen.setdefault("graph", "text/turtle")
        return chosen, chosen["graph" if form in ("CONSTRUCT", "DESCRIBE") else "solutions"]

    def answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self.refuse_update()
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self.send_text(HTTPStatus.BAD_REQUEST, "give exactly one SPARQL query: /sparql?query=... or POST it")
            return
        sparql = queries[0]
        form = query_form(sparql)
        if form is None:
            if UPDATE.match(sparql):
                self.refuse_update()
            else:
                self.send_text(HTTPStatus.BAD_REQUEST, "malformed query: no SELECT, ASK, CONSTRUCT or DESCRIBE in it")
            return
        if uses_service(sparql) and not self.server.allow_service:
            self.send_text(HTTPStatus.FORBIDDEN, "SERVICE (federated queries) is off on this endpoint; kg serve --allow-service turns it on")
            return
        defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        for graph in (*defaults, *named):
            try:
                ox.NamedNode(graph)
            except ValueError as error:
                self.send_text(HTTPStatus.BAD_REQUEST, f"not a graph IRI: {error}")
                return
        negotiated = self.media_types(params, form)
        if negotiated is None:
            return
        media, main_type = negotiated
        if getattr(self, "head_only", False):
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", f"{main_type}; charset=utf-8")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not self.server.slots.acquire(timeout=self.server.queue_wait):
            self.send_response(HTTPStatus.SERVICE_UNAVAILABLE)
            body = f"{self.server.max_queries} queries are running, the most this endpoint runs at once; try again\n".encode()
            self.send_header("Retry-After", "1")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        try:
            job = {"query": sparql, "default_graph": defaults, "named_graphs": named, "media": media, "timeout": self.server.timeout}
            self.run_job(job)
        finally:
            self.server.slots.release()

    def run_job(self, job: dict[str, Any]) -> None:
        deadline = time.monotonic() + self.server.timeout
        sock = self.server.zygote.start(job)
        pid: int | None = None
        media_type = ""
        sent_status = False
        complete = False
        try:
            watch_client = True
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                readable, _, _ = select.select([sock, self.connection] if watch_client else [sock], [], [], remaining)
                if not readable:
                    raise TimeoutError
                if self.connection in readable:
                    peek = self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                    if not peek:
                        raise ConnectionResetError("the client went away")
                    watch_client = False  # a pipelined request: leave it for later
                if sock not in readable:
                    continue
                kind, length = FRAME.unpack(recv_exact(sock, FRAME.size))
                data = recv_exact(sock, length)
                if kind == b"P":
                    pid = int(data)
                    self.server.running.add(pid)
                elif kind == b"T":
                    media_type = data.decode()
                elif kind == b"X":
                    error = json.loads(data)
                    if sent_status:
                        raise RuntimeError(error["message"])
                    self.send_text(HTTPStatus(error["status"]), error["message"])
                    return
                elif kind == b"D":
                    if not sent_status:
                        self.start_chunked(media_type, data)
                        sent_status = True
                    else:
                        self.send_chunk(data)
                elif kind == b"E":
                    if not sent_status:
                        self.start_chunked(media_type, b"")
                        sent_status = True
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                    complete = True
                    return
        except TimeoutError:
            message = f"the query ran longer than {self.server.timeout:g} s (kg serve --timeout) and was stopped"
            self.log_error("%s", message)
            if not sent_status:
                self.send_text(HTTPStatus.SERVICE_UNAVAILABLE, message)
            else:
                self.close_connection = True
        except EOFError:
            message = "the query's process ended without an answer"
            self.log_error("%s", message)
            if not sent_status:
                self.send_text(HTTPStatus.INTERNAL_SERVER_ERROR, message)
            else:
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except RuntimeError as error:
            # after the status line: end the connection without the last chunk, so that the
            # client sees an incomplete response, never a complete-looking cut one
            self.log_error("query failed while streaming: %s", error)
            self.close_connection = True
        finally:
            if not complete and not answered(sock):
                kill(pid)  # still on this query: stop it
            sock.close()
            self.server.running.discard(pid)

    def start_chunked(self, media_type: str, first: bytes) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{media_type}; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.send_chunk(first)

    def send_chunk(self, data: bytes) -> None:
        if data:
            self.wfile.write(b"%X\r\n" % len(data) + data + b"\r\n")

    def send_text(self, status: HTTPStatus, message: str) -> None:
        self.send_bytes(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def send_file(self, path: Path, content_type: str) -> None:
        self.send_bytes(HTTPStatus.OK, Path(path).read_bytes(), content_type)

    def send_bytes(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not getattr(self, "head_only", False):
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the standard library's name)
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


DEFAULT_TIMEOUT = 60.0  # seconds a query may run
DEFAULT_MAX_QUERIES = 8  # queries running at once
QUEUE_WAIT = 2.0  # seconds a query waits for a free slot before a 503
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "[::1]", "::1"}


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the listen backlog: 200 clients connecting at once wait, not fail

    def __init__(
        self,
        address: tuple[str, int],
        store: ox.Store,
        graph_page: bytes | None = None,
        log: Callable[[str], None] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_queries: int = DEFAULT_MAX_QUERIES,
        queue_wait: float = QUEUE_WAIT,
        cors: str | None = None,
        allow_service: bool = False,
    ) -> None:
        self.store = store
        self.graph_page = graph_page
        self.log = log
        self.timeout = timeout
        self.max_queries = max_queries
        self.queue_wait = queue_wait
        self.slots = threading.BoundedSemaphore(max_queries)
        self.running: set[int | None] = set()  # the processes of the queries running now
        self.cors = cors
        self.allow_service = allow_service
        super().__init__(address, SparqlHandler)
        host = address[0].lower()
        if host in ("", "0.0.0.0", "::"):
            self.allowed_hosts: set[str] | None = None
        else:
            self.allowed_hosts = {host, f"[{host}]"} | (LOOPBACK_NAMES if host in LOOPBACK_NAMES else set())
        self.zygote = Zygote(store, max_queries, close=(self.socket,))

    def server_close(self) -> None:
        super().server_close()
        for pid in list(getattr(self, "running", ())):
            kill(pid)  # a query still running when the server stops
        if getattr(self, "zygote", None) is not None:
            self.zygote.close()


def make_server(
    store: ox.Store,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    graph_page: Path | bytes | None = None,
    log: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_queries: int = DEFAULT_MAX_QUERIES,
    queue_wait: float = QUEUE_WAIT,
    cors: str | None = None,
    allow_service: bool = False,
) -> EndpointServer:
    """An endpoint bound to host:port (port 0: a free one; see ``server.server_address``).

    ``graph_page`` (a file's path, or its bytes) is read once, here: served with the
    graph loaded now, not with the page of a later build. Each query runs in a process
    of its own, killed after ``timeout`` seconds or when its client goes away; at most
    ``max_queries`` run at once (a request waits ``queue_wait`` seconds for a free slot,
    then gets 503 with Retry-After)."""
    if timeout <= 0 or max_queries < 1:
        raise KgError("--timeout must be positive and --max-queries at least 1")
    page = Path(graph_page).read_bytes() if isinstance(graph_page, (str, os.PathLike)) else graph_page
    try:
        return EndpointServer(
            (host, port), store, page, log, timeout=timeout, max_queries=max_queries,
            queue_wait=queue_wait, cors=cors, allow_service=allow_service,
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} on {host} is already in use; stop what listens there or give --port") from error
        raise KgError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error


def serve(
    path: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    store_dir: str | os.PathLike[str] | None = None,
    announce: Callable[[str], None] = print,
    log: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_queries: int = DEFAULT_MAX_QUERIES,
    cors: str | None = None,
    allow_service: bool = False,
) -> None:
    """Serve a graph (an output folder or a graph file) until Ctrl-C or SIGTERM."""
    source, store, page = load_generation(path, store_dir)
    server = make_server(
        store, host, port, graph_page=page, log=log, timeout=timeout, max_queries=max_queries,
        cors=cors, allow_service=allow_service,
    )
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    worker = threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True)
    worker.start()
    bound_host, bound_port = server.server_address[:2]
    base = f"http://{bound_host}:{bound_port}"
    announce(f"kg serve: {source} at {base}/sparql (query page {base}/" + (f", graph page {base}/graph.html" if page else "") + "); Ctrl-C stops")
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        signal.signal(signal.SIGTERM, previous)
        worker.join(timeout=5)
        print("kg serve: stopped", file=sys.stderr)
