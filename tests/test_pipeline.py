"""The whole way through: seeds/ -> graph.ttl, graph.html, report.json."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SDO

from kg.graph.iri import article_iri, entity_iri
from kg.graph.vocab import ITSRDF, NIF
from kg.recognize.settings import RecognizerSettings

from .conftest import SEEDS


def test_report_accounts_for_every_seed(seeds_build) -> None:
    report = json.loads((seeds_build.out / "report.json").read_text(encoding="utf-8"))
    assert report["articles"]["built"] == 5
    assert report["failures"] == []
    assert report["triples"] > 1000
    for label in ("PERSON", "ORG", "GPE", "EVENT", "LAW", "PRODUCT"):
        assert report["entities"]["by_label"].get(label, 0) > 0, label
    for stage in ("read", "recognize", "link", "relate", "graph", "serialize", "total"):
        assert stage in report["seconds"]


def test_turtle_parses_in_rapper(seeds_build) -> None:
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(seeds_build.out / "graph.ttl")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    count = int(re.search(r"returned (\d+) triples", done.stderr).group(1))
    assert count == seeds_build.report["triples"]


def test_nquads_parse_in_rapper(seeds_build) -> None:
    if shutil.which("rapper") is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    done = subprocess.run(["rapper", "-i", "nquads", "-c", str(seeds_build.out / "graph.nq")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("name", "rdf_format"), [
    ("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG),
    ("graph.nq", ox.RdfFormat.N_QUADS), ("graph.jsonld", ox.RdfFormat.JSON_LD),
])
def test_every_format_parses_in_oxigraph(seeds_build, name: str, rdf_format: ox.RdfFormat) -> None:
    quads = list(ox.parse(path=str(seeds_build.out / name), format=rdf_format))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == seeds_build.report["triples"]


def test_named_graph_per_article(seeds_build) -> None:
    graphs = {q.graph_name for q in ox.parse(path=str(seeds_build.out / "graph.nq"), format=ox.RdfFormat.N_QUADS)}
    articles = {ox.NamedNode(str(article_iri(r.article.id))) for r in seeds_build.articles}
    assert articles <= graphs


def test_one_node_per_entity_however_often_mentioned(seeds_graph) -> None:
    ministry = entity_iri("ORG", "商务部")
    assert (ministry, RDFS.label, Literal("商务部", lang="zh")) in seeds_graph
    assert (ministry, RDF.type, SDO.Organization) in seeds_graph
    mentions = list(seeds_graph.subjects(ITSRDF.taIdentRef, ministry))
    articles = set(seeds_graph.subjects(SDO.mentions, ministry))
    assert len(mentions) > 10
    assert len(articles) == 5
    labels = set(seeds_graph.objects(ministry, RDFS.label))
    assert len(labels) == 1


def test_every_mention_anchor_is_its_text(seeds_graph) -> None:
    checked = 0
    for mention in seeds_graph.subjects(RDF.type, NIF.Phrase):
        context = seeds_graph.value(mention, NIF.referenceContext)
        text = str(seeds_graph.value(context, NIF.isString))
        begin = int(seeds_graph.value(mention, NIF.beginIndex))
        end = int(seeds_graph.value(mention, NIF.endIndex))
        assert text[begin:end] == str(seeds_graph.value(mention, NIF.anchorOf))
        checked += 1
    assert checked > 100


def test_article_metadata(seeds_graph, seeds_build) -> None:
    by_path = {r.article.path.rsplit("/", 1)[-1][:3]: r.article for r in seeds_build.articles}
    zaobao = article_iri(by_path["004"].id)
    assert seeds_graph.value(zaobao, SDO.url).toPython() == "https://www.zaobao.com/realtime/china/story20210909-1191809"
    meijing = article_iri(by_path["003"].id)
    assert str(seeds_graph.value(meijing, SDO.datePublished)) == "2021-07-13T23:03:55+08:00"
    assert (meijing, SDO.author, entity_iri("PERSON", "张怀水")) in seeds_graph
    assert (article_iri(by_path["000"].id), SDO.editor, entity_iri("PERSON", "张亚楠")) in seeds_graph


def test_noise_never_becomes_an_entity(seeds_graph) -> None:
    labels = {str(o) for o in seeds_graph.objects(None, RDFS.label)}
    for noise in ("乐视", "贵州茅台", "新浪财经APP", "appendQr_wrap"):
        assert not any(noise in label for label in labels), noise
    texts = " ".join(str(o) for o in seeds_graph.objects(None, NIF.isString))
    assert "海量资讯" not in texts and "appendQr" not in texts and "乐视" not in texts


def test_html_is_offline_and_utf8(seeds_build) -> None:
    page = (seeds_build.out / "graph.html").read_bytes().decode("utf-8")
    assert "商务部" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "vis.Network" in page or "new vis" in page


def test_build_is_deterministic(seeds_build, tmp_path) -> None:
    import kg

    again = kg.build([SEEDS], tmp_path, formats=["turtle"], html=False)
    assert again.report["triples"] == seeds_build.report["triples"]
    assert (tmp_path / "graph.ttl").read_bytes() == (seeds_build.out / "graph.ttl").read_bytes()


def test_a_cached_rebuild_extracts_only_what_changed_and_gives_the_same_bytes(tmp_path, monkeypatch) -> None:
    import kg
    from kg import pipeline

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    cache = tmp_path / "cache"
    formats = ["turtle", "trig"]
    kg.build([corpus], tmp_path / "first", cache_dir=cache, html=False, formats=formats)
    changed, damaged = sorted(corpus.iterdir())[2], sorted(corpus.iterdir())[4]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n商务部新闻发言人束珏婷表示，外贸保持稳定。\n", encoding="utf-8")
    # a damaged entry is extracted again, and a damaged serialised piece made again, not trusted
    unit = next(u for u in pipeline.units_of([corpus]) if u.path == damaged)
    pipeline.ExtractionCache(cache, RecognizerSettings()).path(unit).write_bytes(b"not a cache entry")
    next(p for p in sorted((cache / "serialized").rglob("*")) if p.is_file()).write_bytes(b"damaged")

    extracted = []
    process_unit = pipeline.process_unit
    monkeypatch.setattr(pipeline, "process_unit", lambda unit, settings: extracted.append(unit.path.name) or process_unit(unit, settings))
    rebuilt = kg.build([corpus], tmp_path / "rebuilt", cache_dir=cache, html=False, formats=formats)
    monkeypatch.undo()
    full = kg.build([corpus], tmp_path / "full", html=False, formats=formats)

    assert sorted(extracted) == sorted([changed.name, damaged.name])
    for name in ("graph.ttl", "graph.trig"):
        assert (tmp_path / "rebuilt" / name).read_bytes() == (tmp_path / "full" / name).read_bytes()
    assert rebuilt.report["triples"] == full.report["triples"]
    assert "束珏婷" in (tmp_path / "rebuilt" / "graph.ttl").read_text(encoding="utf-8")
