"""`kg serve` in a process of its own on a free port of 127.0.0.1, for the benchmarks that
send it requests; stopped when the block ends, whatever happens."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(graph: Path) -> Iterator[tuple[int, float]]:
    """The port and the seconds the server took to be ready (it prints its URL then)."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(graph), "--port", str(port), "--quiet"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        banner: list[str] = []
        reader = threading.Thread(target=lambda: banner.append(server.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(600)
        if not banner or "sparql" not in banner[0]:
            raise SystemExit("kg serve did not start")
        yield port, time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(60)
