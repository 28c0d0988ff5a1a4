"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph.

Oxigraph answers the queries; a standard-library ``ThreadingHTTPServer`` speaks
the protocol (GET ``?query=``, POST ``application/sparql-query`` or a form),
negotiates the result format from the Accept header, and streams the results:
Oxigraph serializes them in 8 KB pieces straight into a chunked response, so a
result of any size never sits whole in memory. Updates are refused. Beside the
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
import signal
import sys
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.query.store import RDF_FORMATS, as_store, query_options
from kg.resources import data_path

DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of a POSTed query
CHUNK = 1 << 16  # bytes sent per HTTP chunk

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
}
# The `format=` / `output=` parameter some clients send instead of (or with) Accept.
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
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


def examples() -> list[dict[str, str]]:
    from kg.query.queries import shipped_queries

    return [{"name": name, "query": path.read_text(encoding="utf-8")} for name, path in shipped_queries().items()]


def negotiate(accept: str, offered: dict[str, Any]) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured), or None.
    The first offered type answers */* and a missing header."""
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
            family = media.split("/")[0]
            matches = [m for m in offered if media == "*/*" or m.startswith(family + "/")]
            chosen = matches[0] if matches else None
        else:
            chosen = media if media in offered else None
        if chosen and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, chosen)
    return best[2] if best else None


class ChunkedWriter:
    """A binary stream that sends what is written as HTTP/1.1 chunks."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.send()
        return len(data)

    def flush(self) -> None:
        pass

    def send(self) -> None:
        if self.buffer:
            self.stream.write(b"%X\r\n" % len(self.buffer) + bytes(self.buffer) + b"\r\n")
            self.buffer.clear()

    def close(self) -> None:
        self.send()
        self.stream.write(b"0\r\n\r\n")
        self.stream.flush()


class SparqlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    server: EndpointServer

    def do_GET(self) -> None:  # noqa: N802 (the standard library's naming)
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
            self.send_file(self.server.graph_page, "text/html; charset=utf-8")
        else:
            self.send_text(HTTPStatus.NOT_FOUND, f"no such page: {url.path} (the endpoint is /sparql)")

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self.send_text(HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path} (the endpoint is /sparql)")
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
        self.refuse_update()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def refuse_update(self) -> None:
        self.send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL updates and graph store writes are refused")

    def answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self.refuse_update()
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self.send_text(HTTPStatus.BAD_REQUEST, "give exactly one SPARQL query: /sparql?query=... or POST it")
            return
        sparql = queries[0]
        options: dict[str, Any] = {}
        defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        try:
            if defaults:
                options["default_graph"] = [ox.NamedNode(iri) for iri in defaults]
            else:
                options.update(query_options(self.server.store))
            if named:
                options["named_graphs"] = [ox.NamedNode(iri) for iri in named]
        except ValueError as error:
            self.send_text(HTTPStatus.BAD_REQUEST, f"not a graph IRI: {error}")
            return
        try:
            result = self.server.store.query(sparql, **options)
        except SyntaxError as error:
            if UPDATE.match(sparql):
                self.refuse_update()
            else:
                self.send_text(HTTPStatus.BAD_REQUEST, f"malformed query: {error}")
            return
        except (OSError, ValueError) as error:
            self.send_text(HTTPStatus.BAD_REQUEST, f"query failed: {error}")
            return
        offered = GRAPH_TYPES if isinstance(result, ox.QueryTriples) else SOLUTION_TYPES
        wanted = params.get("format", params.get("output", []))
        accept = FORMAT_NAMES.get(wanted[0].lower(), wanted[0]) if wanted else self.headers.get("Accept", "")
        media = negotiate(accept, offered)
        if media is None:
            self.send_text(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer this query as {accept}; offered: {', '.join(offered)}")
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{media}; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        writer = ChunkedWriter(self.wfile)
        try:
            result.serialize(writer, format=offered[media])  # type: ignore[arg-type]
            writer.close()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except (OSError, ValueError) as error:
            # the status is sent; end the connection without the last chunk so the client sees a broken response
            self.log_error("query failed while streaming: %s", error)
            self.close_connection = True

    def send_text(self, status: HTTPStatus, message: str) -> None:
        self.send_bytes(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def send_file(self, path: Path, content_type: str) -> None:
        self.send_bytes(HTTPStatus.OK, Path(path).read_bytes(), content_type)

    def send_bytes(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the standard library's name)
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        store: ox.Store,
        graph_page: Path | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.store = store
        self.graph_page = graph_page
        self.log = log
        super().__init__(address, SparqlHandler)


def make_server(
    store: ox.Store,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    graph_page: Path | None = None,
    log: Callable[[str], None] | None = None,
) -> EndpointServer:
    """An endpoint bound to host:port (port 0: a free one; see ``server.server_address``)."""
    try:
        return EndpointServer((host, port), store, graph_page, log)
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
) -> None:
    """Serve a graph (an output folder or a graph file) until Ctrl-C or SIGTERM."""
    source, page = graph_file(path)
    store = as_store(source, store_dir=store_dir)
    server = make_server(store, host, port, graph_page=page, log=log)
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
