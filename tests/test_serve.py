"""kg serve: a SPARQL 1.1 Protocol endpoint on a free loopback port, queried over HTTP
with real clients (SPARQLWrapper, urllib, Comunica when installed); every request has
a timeout and every server is stopped by the test that started it."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.query.queries import run_query, shipped_queries
from kg.query.serve import make_server, negotiate
from kg.query.store import load_store

from .conftest import ROOT

TIMEOUT = 30  # seconds, for any one request or process step
NAMES = sorted(shipped_queries())


@pytest.fixture(scope="module")
def endpoint(seeds_build):
    """The seeds graph (N-Quads) served on a free loopback port; stopped after the module."""
    out = seeds_build.out
    server = make_server(load_store(out / "graph.nq"), "127.0.0.1", 0, graph_page=out / "graph.html")
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        worker.join(TIMEOUT)
    assert not worker.is_alive()


def request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, headers, body) of one request; HTTP errors returned, not raised."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=TIMEOUT) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(base: str, sparql: str, accept: str) -> tuple[int, object, bytes]:
    return request(f"{base}/sparql?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": accept})


def expected(seeds_build, name: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    result = run_query(seeds_build.out / "graph.ttl", name)
    return result.columns, sorted(tuple("" if v is None else v for v in row) for row in result.rows)


@pytest.mark.parametrize("name", NAMES)
def test_sparqlwrapper_gets_what_kg_query_prints(endpoint, seeds_build, name: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(shipped_queries()[name].read_text(encoding="utf-8"))
    client.setReturnFormat(JSON)
    client.setTimeout(TIMEOUT)
    answer = client.queryAndConvert()
    columns, rows = expected(seeds_build, name)
    assert tuple(answer["head"]["vars"]) == columns
    got = sorted(tuple(b[c]["value"] if c in b else "" for c in columns) for b in answer["results"]["bindings"])
    assert got == rows and rows


@pytest.mark.parametrize("name", NAMES)
def test_csv_over_post_is_what_kg_query_prints(endpoint, seeds_build, name: str) -> None:
    body = shipped_queries()[name].read_bytes()
    status, headers, data = request(
        f"{endpoint}/sparql", data=body, headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    columns, rows = expected(seeds_build, name)
    assert tuple(table[0]) == columns
    assert sorted(tuple(row) for row in table[1:]) == rows


def test_every_result_format_is_negotiated(endpoint) -> None:
    sparql = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s LIMIT 5"
    status, headers, data = get(endpoint, sparql, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    results = ET.fromstring(data).findall(".//{http://www.w3.org/2005/sparql-results#}result")
    assert len(results) == 5
    status, headers, data = get(endpoint, sparql, "text/tab-separated-values")
    assert status == 200 and data.decode("utf-8").splitlines()[0] == "?s\t?label"
    status, headers, data = get(endpoint, sparql, "text/csv;q=0.5, application/sparql-results+json")
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(json.loads(data)["results"]["bindings"]) == 5
    status, _headers, data = get(endpoint, sparql, "text/turtle")
    assert status == 406 and b"text/csv" in data  # a SELECT has no Turtle form; the offered types are named
    graph = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
    status, headers, data = get(endpoint, graph, "application/n-triples")
    assert status == 200 and len(data.decode("utf-8").strip().splitlines()) == 3
    status, headers, data = get(endpoint, graph, "*/*")
    assert headers["Content-Type"].startswith("text/turtle") and b" a " in data
    status, _headers, data = get(endpoint, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert json.loads(data)["boolean"] is True


def test_form_encoded_post(endpoint) -> None:
    form = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"}).encode()
    status, _headers, data = request(
        f"{endpoint}/sparql", data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    assert status == 200
    count = int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
    assert count == len(load_store_of(endpoint))


def load_store_of(endpoint: str) -> list[bytes]:
    """Every triple of the union graph, over the endpoint (N-Triples lines)."""
    _status, _headers, data = get(endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
    return [line for line in data.splitlines() if line.strip()]


def test_malformed_query_is_400_with_the_parsers_message(endpoint) -> None:
    status, headers, data = get(endpoint, "SELECT ?s WHERE { ?s ?p }", "application/sparql-results+json")
    assert status == 400
    message = data.decode("utf-8")
    assert "malformed query" in message and "error at 1:" in message  # Oxigraph's parser: line and column


def test_updates_are_refused(endpoint) -> None:
    before = len(load_store_of(endpoint))
    update = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    status, _h, data = request(
        f"{endpoint}/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 403 and b"read-only" in data
    form = urllib.parse.urlencode({"update": update}).encode()
    status, _h, data = request(
        f"{endpoint}/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403
    status, _h, data = get(endpoint, "PREFIX x: <urn:x:> " + update, "*/*")  # an update sent as a query
    assert status == 403 and b"read-only" in data
    assert len(load_store_of(endpoint)) == before


def test_a_large_result_is_streamed_in_chunks(endpoint) -> None:
    rows = 200_000
    sparql = f"SELECT ?s ?p ?s2 WHERE {{ ?s ?p ?o . ?s2 a ?t }} LIMIT {rows}"  # IRIs: one line per row
    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=TIMEOUT)
    try:
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": "text/csv"})
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Transfer-Encoding") == "chunked" and response.getheader("Content-Length") is None
        lines = 0
        size = 0
        while block := response.read(1 << 16):
            lines += block.count(b"\n")
            size += len(block)
    finally:
        connection.close()
    assert lines == rows + 1  # the header and every row: nothing lost in the chunking
    assert size > 8 << 20  # megabytes, sent without a length known in advance


def test_query_page_and_graph_page_are_served_offline(endpoint, seeds_build) -> None:
    status, headers, page = request(f"{endpoint}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    _status, _headers, script = request(f"{endpoint}/sparql.js")
    for text in (page.decode("utf-8"), script.decode("utf-8")):
        assert "sparql" in text
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|fetch\(\s*["'`](https?:)?//|url\(\s*["']?(https?:)?//""", text)
    _status, _headers, about = request(f"{endpoint}/queries.json")
    about = json.loads(about)
    assert [q["name"] for q in about["queries"]] == NAMES and about["graph_page"] is True
    assert "SELECT" in about["queries"][0]["query"]
    status, _headers, graph_page = request(f"{endpoint}/graph.html")
    assert status == 200 and graph_page == (seeds_build.out / "graph.html").read_bytes()
    assert request(f"{endpoint}/nothing-here")[0] == 404


def test_negotiate_honours_quality() -> None:
    offered = {"application/sparql-results+json": 1, "text/csv": 2}
    assert negotiate("", offered) == "application/sparql-results+json"
    assert negotiate("text/csv;q=0.9, application/sparql-results+json;q=0.1", offered) == "text/csv"
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("application/json;q=0", offered) is None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kg_serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", *args], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_a_taken_port_is_a_clear_error(seeds_build) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = kg_serve(str(seeds_build.out), "--port", str(port))
        try:
            _out, err = process.communicate(timeout=TIMEOUT * 2)
        finally:
            process.kill()
    assert process.returncode == 2
    assert f"port {port}" in err and "already in use" in err


def test_serve_stops_cleanly_on_sigterm(seeds_build, tmp_path) -> None:
    port = free_port()
    process = kg_serve(str(seeds_build.out / "graph.ttl"), "--port", str(port), "--store", str(tmp_path / "store"), "--quiet")
    try:
        banner = read_line(process)
        assert f"http://127.0.0.1:{port}/sparql" in banner
        status, _headers, data = get(f"http://127.0.0.1:{port}", "ASK { ?s a ?t }", "application/sparql-results+json")
        assert status == 200 and json.loads(data)["boolean"] is True
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "stopped" in err
    with socket.socket() as probe:  # nothing listens there any more (as a server would bind again)
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))


def read_line(process: subprocess.Popen[str]) -> str:
    """The first line the process prints, waiting at most TIMEOUT seconds."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(TIMEOUT * 2)
    assert lines and lines[0], "kg serve printed nothing: " + (process.stderr.read() if process.poll() is not None else "")  # type: ignore[union-attr]
    return lines[0]


@pytest.mark.skipif(shutil.which("comunica-sparql-http") is None and shutil.which("comunica-sparql") is None,
                    reason="Comunica is not installed")
def test_comunica_gets_what_kg_query_prints(endpoint, seeds_build) -> None:
    tool = shutil.which("comunica-sparql") or shutil.which("comunica-sparql-http")
    for name in NAMES:
        answer = subprocess.run(
            [tool, f"sparql@{endpoint}/sparql", "-f", str(shipped_queries()[name]), "-t", "application/sparql-results+json"],
            capture_output=True, text=True, timeout=TIMEOUT * 4, env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )
        assert answer.returncode == 0, answer.stderr
        columns, rows = expected(seeds_build, name)
        bindings = json.loads(answer.stdout)["results"]["bindings"]
        assert sorted(tuple(b[c]["value"] if c in b else "" for c in columns) for b in bindings) == rows


def test_out_dir_without_a_graph_is_a_clear_error(tmp_path: Path) -> None:
    from kg.errors import KgError
    from kg.query.serve import graph_file

    with pytest.raises(KgError, match="no graph file"):
        graph_file(tmp_path)


def test_default_graph_uri_picks_one_articles_graph(endpoint, seeds_build) -> None:
    """default-graph-uri makes one named graph (an article's) the default graph."""
    sparql = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a <https://schema.org/NewsArticle> } } ORDER BY ?g LIMIT 1"
    _status, _headers, data = get(endpoint, sparql, "application/sparql-results+json")
    article = json.loads(data)["results"]["bindings"][0]["g"]["value"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/NewsArticle> }"
    url = f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": count, "default-graph-uri": article})
    _status, _headers, data = request(url, headers={"Accept": "application/sparql-results+json"})
    assert json.loads(data)["results"]["bindings"][0]["n"]["value"] == "1"
    _status, _headers, data = get(endpoint, count, "application/sparql-results+json")
    assert json.loads(data)["results"]["bindings"][0]["n"]["value"] == "5"  # the union: every seed article
    url = f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": count, "default-graph-uri": "not an iri"})
    assert request(url)[0] == 400


# --- serving an output folder while builds replace it -----------------------------------------------


def tiny_build() -> dict[str, bytes]:
    """The outputs of another build: two statements, and a page of its own."""
    quads = b'<urn:x:a> <urn:x:p> "1" .\n<urn:x:b> <urn:x:p> "2" .\n'
    return {"graph.nq": quads, "graph.ttl": quads, "graph.html": b"<!doctype html><title>tiny</title>\n", "report.json": b'{"triples": 2}\n'}


def seeds_outputs(seeds_build) -> dict[str, bytes]:
    return {name: (seeds_build.out / name).read_bytes() for name in ("graph.nq", "graph.ttl", "graph.html", "report.json")}


def publish(out: Path, files: dict[str, bytes]) -> None:
    """What a build does at its end: its outputs replace the folder's in one step."""
    from kg.graph import outputs

    with outputs.new_generation(out) as folder:
        for name, data in files.items():
            (folder / name).write_bytes(data)


def test_serve_loads_the_graph_and_page_of_one_build_while_builds_replace_them(seeds_build, tmp_path, monkeypatch) -> None:
    from kg.query import serve

    seeds, tiny = seeds_outputs(seeds_build), tiny_build()
    out = tmp_path / "out"
    publish(out, seeds)
    real = serve.as_store
    finished: list[str] = []

    def load_while_a_build_finishes(source, **options):
        store = real(source, **options)
        if len(finished) < 3:  # a build ends while each of the first three loads runs
            publish(out, tiny if len(finished) % 2 == 0 else seeds)
            finished.append("tiny" if len(finished) % 2 == 0 else "seeds")
        return store

    monkeypatch.setattr(serve, "as_store", load_while_a_build_finishes)
    _source, store, page = serve.load_generation(out)
    assert finished == ["tiny", "seeds", "tiny"]
    assert page == tiny["graph.html"] and len(store) == 2


def triple_count(store) -> int:
    # kg's stores hold the union of the named graphs in their default graph (kg.query.store), as the endpoint queries it
    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(answer))["n"].value)


def swap_builds(out: Path, builds: list[dict[str, bytes]], count: int, pause: float, stop: threading.Event) -> None:
    for number in range(count):
        if stop.wait(pause):
            return
        publish(out, builds[number % 2])


@pytest.mark.slow
def test_kg_serve_never_mixes_two_builds(seeds_build, tmp_path, busy_cores) -> None:
    """`kg serve OUT` started while builds keep replacing OUT serves one build's graph and page,
    and goes on serving them when more builds replace the folder under it."""
    from kg.query.serve import LOAD_ATTEMPTS
    from kg.query.store import load_store as store_of

    seeds, tiny = seeds_outputs(seeds_build), tiny_build()
    (tmp_path / "tiny.nq").write_bytes(tiny["graph.nq"])
    triples = {seeds["graph.html"]: triple_count(store_of(seeds_build.out / "graph.nq")), tiny["graph.html"]: triple_count(store_of(tmp_path / "tiny.nq"))}
    out = tmp_path / "out"
    publish(out, seeds)
    for round_number in range(3):
        port = free_port()
        stop = threading.Event()
        # fewer swaps than kg serve makes attempts at loading: it gets a whole build in the end
        # whatever the timing; spread over a few seconds, some land while it loads
        swapper = threading.Thread(target=swap_builds, args=(out, [tiny, seeds], LOAD_ATTEMPTS - 1, 0.05 * (round_number + 1), stop))
        process = kg_serve(str(out), "--port", str(port), "--quiet")
        swapper.start()
        try:
            banner = read_line(process)
            assert f"http://127.0.0.1:{port}/sparql" in banner
            served = None
            for check in range(3):
                status, _headers, page = request(f"http://127.0.0.1:{port}/graph.html")
                assert status == 200 and page in triples and page == (served or page)
                served = page
                _status, _headers, data = get(f"http://127.0.0.1:{port}", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")
                assert int(json.loads(data)["results"]["bindings"][0]["n"]["value"]) == triples[page]
                publish(out, [tiny, seeds][check % 2])  # a build ends under the running endpoint
        finally:
            stop.set()
            swapper.join(TIMEOUT)
            process.send_signal(signal.SIGTERM)
            try:
                process.communicate(timeout=TIMEOUT)
            finally:
                process.kill()
