"""kg serve's limits and refusals, over real HTTP on a free loopback port: timeouts and
disconnects kill the query's process, the cap on running queries answers 503, the
backlog holds 200 clients, CORS, Host, SERVICE, HEAD and the protocol's format rules.
Every request has a timeout; every server is stopped by the test that started it."""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.query.serve import make_server
from kg.query.store import load_store

TIMEOUT = 30
# every triple against every triple, five times over: no end in any lifetime
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
CHEAP = "ASK { ?s a <https://schema.org/NewsArticle> }"


@pytest.fixture(scope="module")
def store(seeds_build):
    return load_store(seeds_build.out / "graph.nq")


@contextlib.contextmanager
def serving(store, **options):
    server = make_server(store, "127.0.0.1", 0, **options)
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    workers = children(server.zygote.pid)
    try:
        yield server
    finally:
        workers += children(server.zygote.pid)
        server.shutdown()
        server.server_close()
        worker.join(TIMEOUT)
    assert not worker.is_alive()
    # the zygote and every worker it forked are gone with the server
    wait_for(lambda: not any(alive(pid) for pid in (server.zygote.pid, *workers)), 5)


def alive(pid: int) -> bool:
    """The process exists and is no zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def running(server) -> int:
    """The process of the one query running now (waits for it)."""
    wait_for(lambda: [pid for pid in server.running if pid])
    return next(pid for pid in server.running if pid)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_for(condition, seconds: float = 10.0) -> float:
    """Seconds until condition() holds (fails after ``seconds``)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "waited too long"
        time.sleep(0.02)
    return time.monotonic() - started


def call(server, method: str = "GET", sparql: str | None = CHEAP, *, path: str = "/sparql", headers=None, params=None):
    """(status, headers, body) of one request."""
    host, port = server.server_address[:2]
    query = dict(params or {})
    if sparql is not None:
        query["query"] = sparql
    target = path + ("?" + urllib.parse.urlencode(query) if query else "")
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.request(method, target, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def raw_request(server, sparql: str) -> socket.socket:
    """A GET sent on a raw socket, the answer left unread."""
    sock = socket.create_connection(server.server_address[:2], timeout=TIMEOUT)
    target = "/sparql?" + urllib.parse.urlencode({"query": sparql})
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{server.server_address[1]}\r\nAccept: */*\r\n\r\n".encode())
    return sock


def test_a_runaway_query_is_stopped_at_its_timeout(store) -> None:
    with serving(store, timeout=1.0) as server, concurrent.futures.ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        answer = pool.submit(call, server, sparql=RUNAWAY)
        pid = running(server)
        status, _headers, body = answer.result(TIMEOUT)
        seconds = time.monotonic() - started
        assert status == 503 and b"--timeout" in body
        assert seconds < 3
        wait_for(lambda: not alive(pid), 2)  # its process is gone: core and memory free
        assert call(server)[0] == 200  # and another took its place


def test_a_client_that_goes_away_stops_its_query(store) -> None:
    with serving(store, timeout=120) as server:
        sock = raw_request(server, RUNAWAY)
        pid = running(server)
        sock.close()
        stopped = wait_for(lambda: not alive(pid), 3)
        assert stopped < 3


def test_queries_beyond_the_cap_get_503_with_retry_after(store) -> None:
    with serving(store, timeout=120, max_queries=1, queue_wait=0.2) as server:
        sock = raw_request(server, RUNAWAY)
        try:
            pid = running(server)
            status, headers, body = call(server)
            assert status == 503 and headers["Retry-After"] == "1" and b"at once" in body
            assert call(server, path="/queries.json", sparql=None)[0] == 200  # pages need no slot
        finally:
            sock.close()
        wait_for(lambda: not alive(pid), 3)
        assert call(server)[0] == 200  # the slot is free again


def test_200_clients_20_at_a_time_are_all_answered(store) -> None:
    with serving(store) as server:
        def one(_):
            started = time.monotonic()
            status, _headers, body = call(server, headers={"Accept": "application/sparql-results+json"})
            return status, json.loads(body)["boolean"], time.monotonic() - started

        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            answers = list(pool.map(one, range(200)))
    assert all(status == 200 and boolean for status, boolean, _ in answers)
    worst = max(seconds for *_, seconds in answers)
    assert worst < 5, worst  # 0.1 s on a quiet machine (README); bounded loosely for shared CI


def test_no_cors_header_unless_asked(store) -> None:
    with serving(store) as server:
        status, headers, _ = call(server, headers={"Origin": "https://evil.example"})
        assert status == 200 and "Access-Control-Allow-Origin" not in headers
        status, headers, _ = call(server, "OPTIONS", None, headers={"Origin": "https://evil.example"})
        assert status == 204 and "Access-Control-Allow-Origin" not in headers and "GET" in headers["Allow"]
    with serving(store, cors="https://app.example") as server:
        preflight = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "content-type"}
        status, headers, _ = call(server, "OPTIONS", None, headers=preflight)
        assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://app.example"
        assert "POST" in headers["Access-Control-Allow-Methods"] and "Content-Type" in headers["Access-Control-Allow-Headers"]
        status, headers, _ = call(server, headers={"Origin": "https://app.example"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://app.example"
        _status, headers, _ = call(server, headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in headers


def test_another_host_name_is_refused(store) -> None:
    with serving(store) as server:
        port = server.server_address[1]
        status, _headers, body = call(server, headers={"Host": f"evil.example:{port}"})  # DNS rebinding
        assert status == 403 and b"Host" in body
        assert call(server, "POST", None, headers={"Host": "evil.example"})[0] == 403
        for name in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
            assert call(server, headers={"Host": name})[0] == 200


def test_service_is_refused_unless_allowed(store) -> None:
    remote = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    with serving(store) as server:
        status, _headers, body = call(server, sparql=remote)
        assert status == 403 and b"--allow-service" in body
        # the word in a string or an IRI is no SERVICE
        assert call(server, sparql='ASK { ?s ?p "SERVICE" }')[0] == 200
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with serving(store, allow_service=True) as server:
        status, _headers, body = call(server, sparql=remote.replace(":9/", f":{port}/"))
        assert status == 500 and b"query failed" in body  # reported with its status, not a cut 200


def test_head_is_answered(store) -> None:
    with serving(store) as server:
        status, headers, body = call(server, "HEAD", headers={"Accept": "text/csv"})
        assert status == 200 and headers["Content-Type"].startswith("text/csv") and body == b""
        status, headers, body = call(server, "HEAD", None, path="/")
        assert status == 200 and headers["Content-Type"].startswith("text/html") and body == b""


def test_sparqlwrapper_default_calls_for_every_query_form(store) -> None:
    from SPARQLWrapper import SPARQLWrapper

    with serving(store) as server:
        host, port = server.server_address[:2]
        forms = {
            "SELECT": "SELECT ?s WHERE { ?s a <https://schema.org/NewsArticle> }",
            "ASK": CHEAP,
            "CONSTRUCT": "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3",
            "DESCRIBE": "DESCRIBE ?s WHERE { ?s a <https://schema.org/NewsArticle> } LIMIT 1",
        }
        for form, sparql in forms.items():
            client = SPARQLWrapper(f"http://{host}:{port}/sparql")  # the default return format: XML
            client.setQuery(sparql)
            client.setTimeout(TIMEOUT)
            answer = client.queryAndConvert()
            if form == "SELECT":
                assert len(answer.getElementsByTagName("result")) == 5
            elif form == "ASK":
                assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"
            else:
                assert len(answer) > 0  # an rdflib graph, read from RDF/XML


def test_a_valid_accept_wins_and_format_follows_the_query_form(store) -> None:
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"
    select = "SELECT ?s WHERE { ?s a ?t } LIMIT 3"
    with serving(store) as server:
        status, headers, body = call(server, sparql=construct, params={"format": "xml"})
        assert status == 200 and headers["Content-Type"].startswith("application/rdf+xml")
        ET.fromstring(body)
        status, headers, _ = call(server, sparql=select, params={"format": "xml"})
        assert headers["Content-Type"].startswith("application/sparql-results+xml")
        status, headers, _ = call(server, sparql=select, params={"format": "xml"}, headers={"Accept": "text/csv"})
        assert status == 200 and headers["Content-Type"].startswith("text/csv")  # a valid Accept wins
        status, headers, _ = call(server, sparql=select, params={"format": "json"}, headers={"Accept": "*/*"})
        assert headers["Content-Type"].startswith("application/sparql-results+json")
        status, headers, body = call(server, sparql=construct, headers={"Accept": "application/ld+json"})
        assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
        assert len(json.loads(body)) == 3
        status, headers, body = call(server, sparql=construct, params={"format": "json"})
        assert headers["Content-Type"].startswith("application/ld+json")
        assert call(server, sparql=select, params={"format": "turtle"})[0] == 406


def test_an_error_is_reported_before_the_status_line(store) -> None:
    with serving(store) as server:
        status, _headers, body = call(server, sparql="SELECT ?s WHERE { ?s ?p }")
        assert status == 400 and b"malformed query" in body


def test_zygote_and_children_end_with_the_server(store) -> None:
    with serving(store, timeout=120) as server:
        sock = raw_request(server, RUNAWAY)
        query = running(server)
    sock.close()
    assert not alive(query)  # killed when the server stopped (serving() checks the rest)


def test_workers_end_when_the_server_process_is_killed(seeds_build) -> None:
    """A server killed outright (SIGKILL, the OOM killer) leaves no zygote or idle worker:
    they see the control socket's end of file and end by themselves."""
    program = (
        "import sys\n"
        "from kg.query.serve import make_server\n"
        "from kg.query.store import load_store\n"
        "server = make_server(load_store(sys.argv[1]), '127.0.0.1', 0, max_queries=3)\n"
        "print(server.zygote.pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", program, str(seeds_build.out / "graph.nq")],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        zygote = int(process.stdout.readline())
        wait_for(lambda: len(children(zygote)) == 3)
        workers = children(zygote)
        process.kill()
        process.wait(TIMEOUT)
        wait_for(lambda: not any(alive(pid) for pid in (zygote, *workers)), 10)
    finally:
        process.kill()
        process.wait(TIMEOUT)


def test_a_worker_skips_a_query_whose_request_has_gone() -> None:
    from kg.query.workers import abandoned

    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with theirs:
        assert not abandoned(theirs)  # the request thread still waits for the answer
        mine.close()
        assert abandoned(theirs)
