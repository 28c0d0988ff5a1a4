"""Latency of a cheap query under many clients, `kg serve` in a process of its own.

    python bench/serve_load.py GRAPH [--requests 200] [--concurrency 20 200]

Starts `kg serve GRAPH` on a free port of 127.0.0.1 (loopback only), sends one warm-up
query, then for each concurrency C sends --requests requests of a cheap ASK from C
client threads at once, each on a new connection, and prints the statuses and the
median, 90th percentile and worst latency. The server is stopped at the end, whatever
happens; every request has a 60 s timeout.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import statistics
import time
import urllib.parse
from pathlib import Path

from served import served

CHEAP = "ASK { ?s a <https://schema.org/NewsArticle> }"


def ask(port: int) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CHEAP}),
                           headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    except OSError:
        return 0, time.perf_counter() - started  # refused or reset: counted, status 0
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", type=Path)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[20, 200])
    args = parser.parse_args()
    with served(args.graph) as (port, _ready):
        ask(port)
        for clients in args.concurrency:
            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                answers = list(pool.map(lambda _i: ask(port), range(args.requests)))
            latencies = sorted(seconds for _status, seconds in answers)
            statuses = sorted({status for status, _seconds in answers})
            print(f"{args.requests} requests, {clients} at once: statuses {statuses}, "
                  f"median {statistics.median(latencies) * 1000:.1f} ms, "
                  f"p90 {latencies[int(0.9 * (len(latencies) - 1))] * 1000:.1f} ms, "
                  f"worst {latencies[-1] * 1000:.1f} ms", flush=True)

if __name__ == "__main__":
    main()
