"""Hostile input: whatever comes in, kg keeps working and loses nothing.

The corpus (``tests/hostile.py``) is generated into a temporary folder and
built once, by the CLI in a subprocess with a time limit, so a hang fails the
test instead of stalling the run. Every input must then be accounted for:
in the graph, or in report.json as a failure (with its reason) or a duplicate.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from kg.errors import InputError
from kg.graph.iri import article_iri
from kg.read.clean import MAX_TEXT_CHARS
from kg.read.sources import MAX_BYTES, read_articles
from kg.types import Article

from . import hostile
from .conftest import ROOT, SHARED
from .hostile import slow_only_when_asked  # noqa: F401 - autouse fixture

FORMATS = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.nq": "nquads", "graph.jsonld": "json-ld"}
OX_FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.trig": ox.RdfFormat.TRIG, "graph.nq": ox.RdfFormat.N_QUADS, "graph.jsonld": ox.RdfFormat.JSON_LD}
BUILD_SECONDS = 240  # the whole corpus builds in about 15 s; a hang ends here
CASES = hostile.cases()


def run_build(inputs: list[Path], out: Path, *extra: str, timeout: float = BUILD_SECONDS, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    command = [sys.executable, "-m", "kg.cli", "build", *map(str, inputs), "-o", str(out), "--progress", "never", *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
    return done, time.perf_counter() - started


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "in"
    hostile.write_corpus(folder, CASES)
    return folder


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    pwned = Path("/tmp/kg-pwned")
    if pwned.exists():
        pwned.unlink()
    out = tmp_path_factory.mktemp("hostile-out")
    done, seconds = run_build([corpus], out, "-f", "turtle", "-f", "trig", "-f", "nquads", "-f", "jsonld")
    assert (out / "report.json").exists(), done.stderr[-3000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    graphs = {q.graph_name.value for q in ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS) if isinstance(q.graph_name, ox.NamedNode)}
    return {"out": out, "done": done, "seconds": seconds, "report": report, "graphs": graphs, "corpus": corpus}


def relative(path: str, corpus: Path) -> str:
    return path[len(str(corpus)) + 1:] if path.startswith(str(corpus)) else path


def articles_of(case: hostile.Case, corpus: Path) -> list[Article | InputError]:
    path = corpus / case.name
    try:
        return list(read_articles(path))
    except InputError as error:
        return [error]


@pytest.fixture(scope="module")
def readings(corpus: Path) -> dict[str, tuple[list[Article | InputError], float]]:
    """What ingest makes of each file case, and how long it took (read once)."""
    found = {}
    for case in CASES:
        if case.kind == "file":
            started = time.perf_counter()
            results = articles_of(case, corpus)
            found[case.name] = (results, time.perf_counter() - started)
    return found


# --- the build as a whole ---------------------------------------------------------


def test_build_finishes_and_says_what_failed(built) -> None:
    done = built["done"]
    assert done.returncode == 1, done.stderr[-2000:]  # some inputs fail on purpose
    assert "input(s) failed" in done.stderr.splitlines()[-1]
    assert built["seconds"] < BUILD_SECONDS


def test_every_input_is_accounted_for(built) -> None:
    articles = built["report"]["articles"]
    assert articles["built"] + articles["failed"] + articles["duplicates"] == hostile.inputs(CASES)
    assert articles["built"] == sum(1 for g in built["graphs"] if "/id/article/" in g)


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "built" and "jsonl" not in c.tags], ids=lambda c: c.name)
def test_built_case_is_in_the_graph(case: hostile.Case, built, readings) -> None:
    (article,) = readings[case.name][0] if case.name in readings else articles_of(case, built["corpus"])
    assert not isinstance(article, InputError), article
    assert str(article_iri(article.id)) in built["graphs"], f"{case.name} ({case.what}) is not in the graph"
    if case.title is not None:
        assert article.title == case.title
    for piece in case.text_has:
        assert piece in article.text, piece
    for piece in case.text_lacks:
        assert piece not in article.text, piece
    if case.no_url:
        assert article.url is None
    if article.url is not None:
        ox.NamedNode(article.url)  # a valid IRI, whatever was given
        assert not re.search(r"[\s<>\"{}|\\^`]", article.url)


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "failed"], ids=lambda c: c.name)
def test_failed_case_is_reported_with_its_reason(case: hostile.Case, built) -> None:
    failures = {relative(f["path"], built["corpus"]): f["reason"] for f in built["report"]["failures"]}
    assert case.name in failures, f"{case.name} ({case.what}) is not in report.json failures"
    assert case.reason in failures[case.name]
    assert failures[case.name].strip()


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "duplicate"], ids=lambda c: c.name)
def test_duplicate_case_is_reported(case: hostile.Case, built) -> None:
    duplicates = {relative(d["path"], built["corpus"]): relative(d["same_as"], built["corpus"]) for d in built["report"]["duplicates"]}
    assert duplicates.get(case.name) == case.same_as


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "ignored"], ids=lambda c: c.name)
def test_ignored_case_is_neither_built_nor_failed(case: hostile.Case, built) -> None:
    named = {relative(f["path"], built["corpus"]) for f in built["report"]["failures"]}
    named |= {relative(d["path"], built["corpus"]) for d in built["report"]["duplicates"]}
    assert not any(n == case.name or n.startswith(case.name + "/") for n in named)


def test_jsonl_records_each_accounted_for(built) -> None:
    case = hostile.jsonl_case()
    failures = {relative(f["path"], built["corpus"]): f["reason"] for f in built["report"]["failures"]}
    duplicates = {relative(d["path"], built["corpus"]) for d in built["report"]["duplicates"]}
    articles = {a.path: a for a in read_articles(built["corpus"] / case.name) if not isinstance(a, InputError)}
    for number, expect, reason in hostile.JSONL_EXPECT:
        where = f"{case.name}:{number}"
        if expect == "failed":
            assert reason in failures.get(where, "<missing>"), where
        elif expect == "duplicate":
            assert where in duplicates, where
        else:
            article = articles[str(built["corpus"] / where)]
            assert str(article_iri(article.id)) in built["graphs"], where
            assert "\ud800" not in article.title + article.text and "\udfff" not in article.text


def test_links_outside_the_folder_are_not_read(built) -> None:
    for name in FORMATS:
        assert hostile.SECRET.encode() not in (built["out"] / name).read_bytes()


def test_yaml_tags_run_no_code(built) -> None:
    assert not Path("/tmp/kg-pwned").exists()


def test_warnings_name_what_was_odd(built) -> None:
    warned: dict[str, str] = {}
    for warning in built["report"]["warnings"]:
        name = relative(warning["path"], built["corpus"])
        warned[name] = warned.get(name, "") + warning["warning"] + "\n"
    assert "front matter is a YAML list" in warned["fm/list.md"]
    assert "read as Big5" in warned["enc/big5.md"]
    assert "cut to 500" in warned["title/very_long.md"]
    assert "cannot be read" in warned["date/impossible.md"]
    assert "front matter is never closed" in warned["fm/unclosed.md"]
    assert "undecodable byte" in warned["enc/utf8_bad_byte.md"]


def test_report_is_utf8_json_whatever_the_file_names(built) -> None:
    raw = (built["out"] / "report.json").read_bytes()
    report = json.loads(raw.decode("utf-8"))  # strict: no lone surrogates from a non-UTF-8 file name
    assert report["articles"]["built"] > 50


# --- outputs of a hostile build ---------------------------------------------------


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_parses_in_pyoxigraph_and_rdflib(built, name: str) -> None:
    path = built["out"] / name
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=OX_FORMATS[name])}
    assert len(triples) == built["report"]["triples"]
    if name == "graph.ttl":
        graph = Graph().parse(str(path), format="turtle")
        parsed = set(graph.triples((None, None, None)))
    else:
        dataset = Dataset().parse(str(path), format=FORMATS[name])
        parsed = {(s, p, o) for s, p, o, _g in dataset.quads((None, None, None, None))}
    assert len(parsed) == built["report"]["triples"]


@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.nq", "nquads")])
def test_rapper_parses_the_hostile_graph(built, name: str, syntax: str) -> None:
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(built["out"] / name)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Error" not in done.stderr and "Warning" not in done.stderr, done.stderr[-2000:]


# RFC 3987 forbids these anywhere in an IRI; pyoxigraph checks the rest.
BAD_IRI = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def test_every_iri_is_valid(built) -> None:
    iris = set()
    for quad in ox.parse(path=str(built["out"] / "graph.nq"), format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    assert len(iris) > 100
    for value in iris:
        assert not BAD_IRI.search(value), value
        ox.NamedNode(value)
        assert URIRef(value).n3() == f"<{value}>"


def test_graph_page_carries_no_live_payload(built) -> None:
    page = (built["out"] / "graph.html").read_text(encoding="utf-8")
    for payload in ("<script>alert('title')", "<img src=x onerror", "javascript:alert"):
        assert payload not in page, payload


# --- reading, case by case: no hang ----------------------------------------------------


def test_each_case_reads_quickly(readings) -> None:
    slow = {name: round(seconds, 1) for name, (_results, seconds) in readings.items() if seconds > 20}
    assert not slow, f"reading took too long (a quadratic path is back?): {slow}"
    assert all(results for results, _seconds in readings.values())


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "file" and c.expect in ("built", "failed")], ids=lambda c: c.name)
def test_ingest_agrees_with_the_build(case: hostile.Case, readings) -> None:
    results, _seconds = readings[case.name]
    if "jsonl" in case.tags:
        assert len(results) == len(hostile.JSONL_EXPECT)
        return
    (result,) = results
    assert isinstance(result, InputError) == (case.expect == "failed"), result


# --- the biggest article --------------------------------------------------------------


@pytest.mark.slow
def test_fifty_megabyte_article_is_built_in_reasonable_time(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.md").write_bytes(hostile.big_article())
    (folder / "small.md").write_text(hostile.md("title: 小文章", hostile.BODY + hostile.mark("small")), encoding="utf-8")
    done, seconds = run_build([folder], tmp_path / "out", "-f", "turtle", "-f", "jsonld", "--no-html", timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["articles"]["built"] == 2
    cut = [w["warning"] for w in report["warnings"] if w["path"].endswith("big.md")]
    assert any("only the first" in w for w in cut), report["warnings"]
    assert MAX_TEXT_CHARS - 200 < report["articles"]["characters"] <= MAX_TEXT_CHARS + 200
    for name, rdf_format in (("graph.ttl", ox.RdfFormat.TURTLE), ("graph.jsonld", ox.RdfFormat.JSON_LD)):
        assert sum(1 for _ in ox.parse(path=str(tmp_path / "out" / name), format=rdf_format)) > 10
    assert seconds < 600


@pytest.mark.slow
def test_reading_fifty_megabytes_is_linear(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(hostile.big_article())
    started = time.perf_counter()
    (article,) = read_articles(path)
    assert time.perf_counter() - started < 120
    assert len(article.text) <= MAX_TEXT_CHARS and article.title == "五十兆的文章"
    assert any("characters long; only the first" in w for w in article.warnings)


def test_over_the_size_limit_is_reported_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with open(path, "wb") as stream:
        stream.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError, match="limit"):
        list(read_articles(path))



# --- what needs the pipeline's help -------------------------------------------------------------



def test_jsonl_record_with_a_raw_line_separator_is_one_record(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "records.jsonl").write_text(hostile.LINE_SEPARATOR_RECORD, encoding="utf-8")
    done, _seconds = run_build([folder], tmp_path / "out", "--no-html")
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert (report["articles"]["built"], report["failures"]) == (1, []), done.stderr[-2000:]


def test_bad_record_in_a_file_with_a_non_utf8_name_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"bad-\xff.jsonl")
    (folder / name).write_text('{"title": "好", "content_text": "正文"}\n{bad json\n', encoding="utf-8")
    done, _seconds = run_build([folder], tmp_path / "out", "--no-html")
    report = json.loads((tmp_path / "out" / "report.json").read_bytes().decode("utf-8"))
    assert report["articles"]["built"] == 1, done.stderr[-2000:]
    assert [f["path"].rsplit("/", 1)[1] for f in report["failures"]] == ["bad-\\xff.jsonl:2"]


# --- the real corpus ---------------------------------------------------------------------------

CORPUS = SHARED / "corpus"
CORPUS_FILES = ("agora-news/posts_2020-09.jsonl", "agora-news/posts_2025-11.jsonl", "xwlb/xwlb_2021_2024.jsonl")


def corpus_slice(folder: Path, per_file: int) -> int:
    """``per_file`` records spread over each corpus file, plus every record holding a raw
    line separator (U+2028, U+0085...): written to ``folder``; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in CORPUS_FILES:
        lines = [line for line in (CORPUS / name).read_text(encoding="utf-8").split("\n") if line.strip()]
        step = len(lines) / per_file
        chosen = {int(i * step) for i in range(per_file)}
        chosen |= {i for i, line in enumerate(lines) if re.search("[\u2028\u2029\x85\x1c-\x1e\x0b\x0c]", line)}
        (folder / name.replace("/", "-")).write_text("\n".join(lines[i] for i in sorted(chosen)) + "\n", encoding="utf-8")
        total += len(chosen)
    return total


@pytest.mark.slow
def test_real_corpus_every_item_accounted_for(tmp_path: Path) -> None:
    if not (CORPUS / CORPUS_FILES[0]).exists():
        pytest.skip("../shared/corpus is not here")
    items = corpus_slice(tmp_path / "in", 100)
    posts = CORPUS / "agora-news" / "sample_posts"
    done, seconds = run_build([tmp_path / "in", posts], tmp_path / "out", "-f", "turtle", "-f", "nquads", "--jobs", "2", timeout=1200)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    articles = report["articles"]
    assert articles["built"] + articles["failed"] + articles["duplicates"] == items + 48
    assert report["failures"] == [], report["failures"][:5]
    assert articles["built"] > 0.98 * (items + 48)
    if shutil.which("rapper"):
        for name, syntax in (("graph.ttl", "turtle"), ("graph.nq", "nquads")):
            check = subprocess.run(["rapper", "-i", syntax, "-c", str(tmp_path / "out" / name)], capture_output=True, text=True, timeout=300)
            assert check.returncode == 0, check.stderr[-2000:]
