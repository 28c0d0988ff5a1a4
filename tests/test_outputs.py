"""What kg writes: deterministic, atomic, offline, and the same graph in every format."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import kg
from kg.graph import export, outputs

from . import hostile
from .conftest import ROOT, SEEDS
from .hostile import slow_only_when_asked  # noqa: F401 - autouse fixture

ALL_FORMATS = ["turtle", "trig", "nquads", "jsonld"]
OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "report.json")


# Hostile cases that make a small, varied input: encodings, odd titles, failures, duplicates.
MIXED = {
    "title/quotes.md", "title/emoji.md", "title/script.md", "title/control.md", "title/traditional.md",
    "entities/hostile_names.md", "html/script.html", "enc/gbk.md", "enc/big5.md", "enc/utf16le_bom.md",
    "enc/utf8_original.md", "enc/utf8_original_in_gb18030.md", "bad/empty.md", "bad/png.md", "jsonl/records.jsonl",
}


def cli(inputs: list[Path], out: Path, *extra: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "kg.cli", "build", *map(str, inputs), "-o", str(out), "--progress", "never", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)


def formats_args() -> list[str]:
    return [arg for f in ALL_FORMATS for arg in ("-f", f)]


@pytest.fixture(scope="module")
def mixed_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("mixed") / "in"
    hostile.write_corpus(folder, [c for c in hostile.cases() if c.name in MIXED])
    return sorted(SEEDS.iterdir()) + sorted(folder / name for name in MIXED)


@pytest.fixture(scope="module")
def mixed_build(mixed_inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mixed-out")
    done = cli(mixed_inputs, out, *formats_args(), env=os.environ | {"PYTHONHASHSEED": "1"})
    assert done.returncode == 1, done.stderr[-3000:]  # two inputs fail on purpose
    return out


# --- deterministic ----------------------------------------------------------------------------


def comparable(report: dict, out: Path) -> dict:
    """report.json without what may differ between two equal builds: timings, and where they were written."""
    report = dict(report)
    report.pop("seconds")
    report["inputs"] = sorted(report["inputs"])
    report["outputs"] = {k: str(Path(v).relative_to(out)) for k, v in report["outputs"].items()}
    return report


def test_two_builds_are_byte_identical(mixed_inputs: list[Path], mixed_build: Path, tmp_path: Path) -> None:
    # Another hash seed, the inputs in reverse order, and two worker processes.
    done = cli(list(reversed(mixed_inputs)), tmp_path, *formats_args(), "--jobs", "2", env=os.environ | {"PYTHONHASHSEED": "4242"})
    assert done.returncode == 1, done.stderr[-3000:]
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html"):
        assert (tmp_path / name).read_bytes() == (mixed_build / name).read_bytes(), name
    first = json.loads((mixed_build / "report.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert comparable(first, mixed_build) == comparable(second, tmp_path)
    assert set(first["seconds"]) == set(second["seconds"])


# --- every format says the same thing -----------------------------------------------------------


OX = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.trig": ox.RdfFormat.TRIG, "graph.nq": ox.RdfFormat.N_QUADS, "graph.jsonld": ox.RdfFormat.JSON_LD}
RDFLIB = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.nq": "nquads", "graph.jsonld": "json-ld"}


def test_formats_round_trip_to_the_same_graph(mixed_build: Path) -> None:
    report = json.loads((mixed_build / "report.json").read_text(encoding="utf-8"))
    triples = {}
    quads = {}
    for name, rdf_format in OX.items():
        parsed = list(ox.parse(path=str(mixed_build / name), format=rdf_format))
        triples[name] = {(q.subject, q.predicate, q.object) for q in parsed}
        quads[name] = set(parsed)
    assert all(len(t) == report["triples"] for t in triples.values())
    assert len({frozenset(t) for t in triples.values()}) == 1
    assert quads["graph.trig"] == quads["graph.nq"] == quads["graph.jsonld"]
    graphs = {}
    for name, syntax in RDFLIB.items():
        if name == "graph.ttl":
            graphs[name] = Graph().parse(str(mixed_build / name), format=syntax)
        else:
            dataset = Dataset().parse(str(mixed_build / name), format=syntax)
            union = Graph()
            for s, p, o, _g in dataset.quads((None, None, None, None)):
                union.add((s, p, o))
            graphs[name] = union
    reference = graphs.pop("graph.ttl")
    assert len(reference) == report["triples"]
    for name, graph in graphs.items():
        assert isomorphic(reference, graph), name


def test_load_graph_reads_every_format(mixed_build: Path) -> None:
    sizes = {name: len(set(export.load_graph(mixed_build / name).triples((None, None, None)))) for name in OX}
    assert len(set(sizes.values())) == 1, sizes


@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nq", "nquads")])
def test_rapper_parses_mixed_build(mixed_build: Path, name: str, syntax: str) -> None:
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(mixed_build / name)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr[-2000:]


# --- no network -----------------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


def no_network(*_args: object, **_kwargs: object) -> None:
    raise NetworkUsed("kg tried to use the network")


class NoSocket(socket.socket):
    """A socket that cannot be made (still a class: ssl subclasses it on import)."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise NetworkUsed("kg tried to open a socket")


def test_build_uses_no_network(monkeypatch: pytest.MonkeyPatch, mixed_inputs: list[Path], tmp_path: Path) -> None:
    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    result = kg.build(mixed_inputs, tmp_path, formats=ALL_FORMATS, html=True)
    assert result.report["articles"]["built"] > 10
    assert all((tmp_path / name).exists() for name in OUTPUTS)


def test_import_and_build_use_no_network(tmp_path: Path) -> None:
    # Traffic blocked before kg (spaCy, jieba, pyvis...) is even imported. Making a
    # socket is allowed (urllib3, imported by spaCy, binds one to ::1 to see whether
    # the machine has IPv6); connecting, sending or looking a name up is not, and
    # every attempt is recorded, even one that some library catches and ignores.
    code = (
        "import atexit, socket, sys, traceback\n"
        "attempts = []\n"
        "def refuse(*a, **k):\n"
        "    attempts.append(''.join(traceback.format_stack(limit=8)))\n"
        "    raise OSError('network disabled by the test')\n"
        "for name in ('connect', 'connect_ex', 'sendto', 'sendmsg'):\n"
        "    setattr(socket.socket, name, refuse)\n"
        "socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse\n"
        "from kg.cli import main\n"
        f"status = main(['build', {str(SEEDS)!r}, '-o', {str(tmp_path)!r}, '-f', 'turtle', '-f', 'jsonld', '--progress', 'never'])\n"
        "if attempts:\n"
        "    sys.exit('network used:\\n' + '\\n'.join(attempts))\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "graph.html").exists() and (tmp_path / "graph.jsonld").exists()


# --- atomic ---------------------------------------------------------------------------------------


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), export.atomic_write(target) as stream:
        stream.write(b"half of the new")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def bigger_input(folder: Path, count: int) -> list[Path]:
    """The seeds and ``count`` articles more: a build that takes a few seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        body = "\n\n".join(hostile.PARAGRAPHS) + f"\n\n{hostile.mark(str(index))}"
        (folder / f"{index:03}.md").write_text(hostile.md(f"title: 第{index}篇\ndate: 2021-07-29", body), encoding="utf-8")
    return [SEEDS, folder]


USERS_FILE = "notes.txt"  # a file of the user's in the output folder: never lost


def snapshot(out: Path) -> dict[str, bytes]:
    """kg's outputs in ``out`` (not the user's file, not the hidden cache and manifest)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".") and p.name != USERS_FILE}


@pytest.fixture(scope="module")
def kill_setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A finished small build (the outputs to protect) and the outputs of the bigger one."""
    root = tmp_path_factory.mktemp("kill")
    before = root / "before"
    done = cli([SEEDS], before, *formats_args())
    assert done.returncode == 0, done.stderr[-2000:]
    inputs = bigger_input(root / "more", 40)
    after = root / "after"
    done = cli(inputs, after, *formats_args())
    assert done.returncode == 0, done.stderr[-2000:]
    return {"before": snapshot(before), "after": snapshot(after), "inputs": inputs}


def generations(out: Path) -> list[Path]:
    """The new generation a build is writing beside ``out`` (or the old one it is removing)."""
    return [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.kg-")]


def reached(out: Path, when: str, inode: int) -> bool:
    """Whether the build writing ``out`` is at ``when`` (see the kill tests' parameters)."""
    if when == "swapped":
        with contextlib.suppress(FileNotFoundError):
            return out.stat().st_ino != inode
        return False
    for folder in generations(out):
        with contextlib.suppress(FileNotFoundError):
            names = os.listdir(folder)
            if when == "extracting" or any(name == when or name.startswith(f".{when}.") for name in names):
                return True
    return False


def kill_build(setup: dict, out: Path, *, when: str, sig: int = signal.SIGKILL) -> bool:
    """Start the bigger build over a copy of the small one's outputs (and a file of the user's);
    signal it as soon as it is at ``when``. True if it was stopped before it finished.

    With ``when="reading"`` it reads standard input too, which is held open: it cannot finish
    before the signal. Otherwise the signal lands wherever the build is by then (even after
    its end): every outcome must leave the outputs whole, so none depends on timing.
    """
    out.mkdir()
    for name, data in setup["before"].items():
        (out / name).write_bytes(data)
    (out / USERS_FILE).write_text("mine", encoding="utf-8")
    inode = out.stat().st_ino
    inputs = [*map(str, setup["inputs"]), *(["-"] if when == "reading" else [])]
    command = [sys.executable, "-m", "kg.cli", "build", *inputs, "-o", str(out), "--progress", "never", "--cache", *formats_args()]
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while when != "reading" and process.poll() is None and not reached(out, when, inode):
            assert time.monotonic() < deadline, "the build neither finished nor reached that point"
            time.sleep(0.001)
        if process.poll() is not None:
            return False
        process.send_signal(sig)
        process.wait(timeout=120)
        return process.returncode != 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdin.close()  # type: ignore[union-attr]


def assert_intact(out: Path, setup: dict, killed: bool) -> None:
    """All outputs as before the build, or all as after it; the user's file kept; and the
    next run cleans up what the killed one left."""
    homes = [folder for folder in [out, *generations(out)] if (folder / USERS_FILE).is_file()]
    assert len(homes) == 1 and (homes[0] / USERS_FILE).read_text(encoding="utf-8") == "mine", homes
    now = snapshot(out)
    if not (killed and now == setup["before"]):
        report = json.loads(now["report.json"])
        expected = json.loads(setup["after"]["report.json"])
        for name in ("seconds", "outputs"):
            report.pop(name), expected.pop(name)
        new_graphs = {n: d for n, d in now.items() if n != "report.json"} == {n: d for n, d in setup["after"].items() if n != "report.json"}
        assert new_graphs and report == expected, f"killed={killed}: " + ", ".join(
            f"{n}: {'old' if d == setup['before'].get(n) else 'new' if d == setup['after'].get(n) else 'neither'}" for n, d in now.items()
        )
    with outputs.folder_lock(out.parent):
        outputs.recover(out)
    assert generations(out) == [] and (out / USERS_FILE).is_file() and snapshot(out) == now


def test_kill_while_reading_leaves_outputs_intact(kill_setup: dict, tmp_path: Path) -> None:
    killed = kill_build(kill_setup, tmp_path / "out", when="reading")
    assert killed
    assert snapshot(tmp_path / "out") == kill_setup["before"]
    assert_intact(tmp_path / "out", kill_setup, killed)


def test_kill_while_writing_leaves_outputs_intact(kill_setup: dict, tmp_path: Path) -> None:
    # Killed as soon as the graph page (written after the RDF files) is on its way.
    killed = kill_build(kill_setup, tmp_path / "out", when="graph.html")
    assert_intact(tmp_path / "out", kill_setup, killed)


@pytest.mark.slow
@pytest.mark.parametrize("when", ["reading", "extracting", "graph.ttl", "graph.jsonld", "graph.html", "report.json", outputs.MANIFEST, "swapped"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["KILL", "TERM", "INT"])
def test_kill_at_any_moment_leaves_outputs_intact(kill_setup: dict, tmp_path: Path, when: str, sig: int, busy_cores: None) -> None:
    killed = kill_build(kill_setup, tmp_path / "out", when=when, sig=sig)
    assert_intact(tmp_path / "out", kill_setup, killed)
