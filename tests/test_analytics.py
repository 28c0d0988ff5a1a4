"""The networkx view of the graph, its statistics, GraphML/GEXF and the two commands."""

from __future__ import annotations

import argparse
import datetime as dt
import doctest
import json
from collections import Counter

import networkx as nx
import pytest

from kg import analytics
from kg.analytics import evidence_by_node, graph_stats, graph_view, pagerank, write_graph
from kg.cli.graph import add_export, add_stats
from kg.graph.iri import article_iri, entity_iri
from kg.graph.rdf import build_graph
from kg.types import (
    Article,
    ArticleGraph,
    Entity,
    EventFacts,
    LinkedMention,
    Membership,
    Mention,
    Origin,
    Post,
    Span,
    Statement,
)

REN = Entity("PERSON", "任鸿斌")
MOFCOM = Entity("ORG", "商务部", aliases=("中华人民共和国商务部",), kind="GovernmentOrganization")
DEPARTMENT = Entity("ORG", "商务部国际司")
CHINA = Entity("GPE", "中国")
FRANCE = Entity("GPE", "法国")
WINE = Entity("PRODUCT", "葡萄酒")
FORUM = Entity("EVENT", "中国—东盟博览会")


def article(article_id: str, sentences: list[str], title: str, day: int) -> Article:
    return Article(
        id=article_id,
        path=f"{article_id}.md",
        title=title,
        text="".join(sentences),
        published=dt.datetime(2021, 7, day, 10, tzinfo=dt.timezone.utc),
        url=f"https://example.com/{article_id}",
    )


def mentions(text: str, *entities: Entity) -> tuple[LinkedMention, ...]:
    found = []
    for entity in entities:
        start = text.index(entity.name)
        found.append(LinkedMention(Mention(start, start + len(entity.name), entity.name, entity.label, "test"), entity))
    return tuple(found)


def span(text: str, sentence: str) -> Span:
    start = text.index(sentence)
    return Span(start, start + len(sentence))


@pytest.fixture(scope="module")
def tiny():
    """Two articles with a post, statements, structure, an origin and an event."""
    one = [
        "商务部副部长任鸿斌出席中国—东盟博览会。",
        "任鸿斌表示，要扩大开放。",
        "商务部国际司隶属商务部。",
        "法国葡萄酒很受欢迎。",
    ]
    first = article("a1", one, "任鸿斌出席博览会", 13)
    two = ["商务部在中国发布数据。", "任鸿斌说，外贸稳中向好。"]
    second = article("a2", two, "外贸数据发布", 14)
    text1, text2 = first.text, second.text
    return build_graph(
        [
            ArticleGraph(
                first,
                mentions(text1, MOFCOM, REN, FORUM, DEPARTMENT, FRANCE, WINE),
                (
                    Post(REN, "副部长", MOFCOM, False, span(text1, one[0])),
                    Statement(REN, "要扩大开放", "表示", span(text1, one[1]), event=FORUM),
                    Membership(DEPARTMENT, MOFCOM, span(text1, one[2])),
                    Origin(WINE, FRANCE, span(text1, one[3])),
                    EventFacts(FORUM, span(text1, one[0]), organizer=MOFCOM, location=CHINA),
                ),
            ),
            ArticleGraph(
                second,
                mentions(text2, MOFCOM, CHINA, REN),
                (Statement(REN, "外贸稳中向好", "说", span(text2, two[1])),),
            ),
        ]
    )


def node(entity: Entity) -> str:
    return str(entity_iri(entity.label, entity.name))


def edges(view: nx.MultiDiGraph, source: str, target: str) -> list[dict]:
    return [data for _s, t, data in view.out_edges(source, data=True) if t == target]


def test_nodes_carry_label_type_aliases_and_counts(tiny) -> None:
    view = graph_view(tiny)
    mofcom = view.nodes[node(MOFCOM)]
    assert mofcom["label"] == "商务部" and mofcom["type"] == "Organization"
    assert mofcom["kind"] == "GovernmentOrganization"
    assert mofcom["aliases"] == ("中华人民共和国商务部",)
    assert mofcom["articles"] == 2
    assert view.nodes[node(CHINA)]["type"] == "Place"
    assert view.nodes[node(WINE)]["type"] == "Product"
    assert view.nodes[node(FORUM)]["type"] == "Event"
    ren = view.nodes[node(REN)]
    assert ren["type"] == "Person" and ren["posts"] == ("商务部副部长",) and ren["statements"] == 2
    a1 = view.nodes[str(article_iri("a1"))]
    assert a1["type"] == "NewsArticle" and a1["label"] == "任鸿斌出席博览会"
    assert a1["url"] == "https://example.com/a1" and a1["date"].startswith("2021-07-13")


def test_edges_are_labelled_by_relation(tiny) -> None:
    view = graph_view(tiny)
    post = edges(view, node(REN), node(MOFCOM))
    assert [e["label"] for e in post] == ["担任 副部长"]
    assert post[0]["relation"] == "memberOf" and post[0]["evidence"] == "商务部副部长任鸿斌出席中国—东盟博览会。"
    assert [e["label"] for e in edges(view, node(DEPARTMENT), node(MOFCOM))] == ["隶属"]
    assert edges(view, node(DEPARTMENT), node(MOFCOM))[0]["evidence"] == "商务部国际司隶属商务部。"
    assert [e["label"] for e in edges(view, node(WINE), node(FRANCE))] == ["产自"]
    assert [e["label"] for e in edges(view, node(MOFCOM), node(FORUM))] == ["主办"]
    assert [e["label"] for e in edges(view, node(FORUM), node(CHINA))] == ["举办地"]
    # a statement points to the event it was made at, else to its article
    assert [e["label"] for e in edges(view, node(REN), node(FORUM))] == ["发表"]
    assert [e["text"] for e in edges(view, node(REN), str(article_iri("a2")))] == ["外贸稳中向好"]
    mention = edges(view, str(article_iri("a1")), node(MOFCOM))
    assert [(e["relation"], e["label"]) for e in mention] == [("mentions", "提及")]


def test_view_is_deterministic(tiny) -> None:
    one, two = graph_view(tiny), graph_view(tiny)
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))


def test_evidence_of_every_fact_involving_a_node(tiny) -> None:
    found = evidence_by_node(tiny)
    ren = [e.text for e in found[node(REN)]]
    assert "任鸿斌表示，要扩大开放。" in ren and "任鸿斌说，外贸稳中向好。" in ren
    assert all(e.article in {str(article_iri("a1")), str(article_iri("a2"))} for e in found[node(REN)])
    assert [e.text for e in found[node(WINE)]] == ["法国葡萄酒很受欢迎。"]


def test_pagerank_and_stats(tiny) -> None:
    view = graph_view(tiny)
    scores = pagerank(view)
    assert sum(scores.values()) == pytest.approx(1.0)
    stats = graph_stats(view, top=3)
    assert stats.by_type["Person"] == 1 and stats.by_type["NewsArticle"] == 2
    assert stats.by_relation["memberOf"] == 1 and stats.by_relation["statement"] == 2
    assert sum(stats.by_type.values()) == stats.nodes == view.number_of_nodes()
    assert sum(stats.by_relation.values()) == stats.edges
    assert stats.central[0].label == "商务部"
    assert all(r.type != "NewsArticle" for r in stats.central)
    assert stats.components == 1
    assert stats.people[0].label == "任鸿斌" and stats.people[0].statements == 2
    assert graph_stats(view, top=3) == stats  # seeded communities: the same every time
    json.dumps(stats.as_dict(), ensure_ascii=False)


@pytest.mark.parametrize("graph_format, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_round_trip(tiny, tmp_path, graph_format, read) -> None:
    view = graph_view(tiny)
    path = write_graph(view, tmp_path / f"graph.{graph_format}", graph_format)
    back = read(path)
    assert set(back.nodes) == set(view.nodes)
    for name, data in view.nodes(data=True):
        assert back.nodes[name]["label"] == data["label"]
        assert back.nodes[name]["type"] == data["type"]
    assert back.nodes[node(MOFCOM)]["aliases"] == "中华人民共和国商务部"
    assert back.number_of_edges() == view.number_of_edges()
    assert Counter(d["relation"] for *_e, d in back.edges(data=True)) == Counter(
        d["relation"] for *_e, d in view.edges(data=True)
    )
    assert {d["label"] for *_e, d in back.edges(data=True)} >= {"担任 副部长", "隶属", "产自", "主办", "发表", "提及"}


def test_unknown_format_is_refused(tiny, tmp_path) -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match="graphml"):
        write_graph(graph_view(tiny), tmp_path / "x.dot", "dot")


def commands() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg")
    sub = parser.add_subparsers()
    add_stats(sub)
    add_export(sub)
    return parser


@pytest.fixture(scope="module")
def tiny_file(tiny, tmp_path_factory):
    from rdflib import Graph

    path = tmp_path_factory.mktemp("tiny") / "graph.ttl"
    graph = Graph()
    for triple in tiny.triples((None, None, None)):
        graph.add(triple)
    graph.serialize(path, format="turtle", encoding="utf-8")
    return path


def test_stats_command(tiny_file, capsys) -> None:
    args = commands().parse_args(["stats", str(tiny_file)])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    for expected in (
        "nodes by type",
        "Person (人物)",
        "memberOf (担任)",
        "PageRank",
        "商务部",
        "communities",
        "任鸿斌",
    ):
        assert expected in out
    args = commands().parse_args(["stats", str(tiny_file), "--json"])
    args.handler(args)
    assert json.loads(capsys.readouterr().out)["by_type"]["Organization"] == 2


def test_export_command(tiny_file, tmp_path, capsys) -> None:
    out = tmp_path / "g.gexf"
    args = commands().parse_args(["export", str(tiny_file), "--format", "gexf", "-o", str(out)])
    assert args.handler(args) == 0
    assert nx.read_gexf(out).number_of_nodes() > 0
    args = commands().parse_args(["export", str(tiny_file)])
    args.handler(args)
    assert nx.read_graphml(tiny_file.with_suffix(".graphml")).nodes[node(REN)]["type"] == "Person"
    assert "wrote" in capsys.readouterr().out


def test_commands_explain_themselves(capsys) -> None:
    for name in ("stats", "export"):
        with pytest.raises(SystemExit):
            commands().parse_args([name, "--help"])
        assert len(capsys.readouterr().out.splitlines()) >= 5


def test_seeds_view(seeds_build) -> None:
    view = graph_view(seeds_build.dataset)
    ren = [n for n, d in view.nodes(data=True) if d["label"] == "任鸿斌"]
    assert ren and view.nodes[ren[0]]["type"] == "Person"
    assert any(d["relation"] == "memberOf" for *_e, d in view.out_edges(ren[0], data=True))
    assert {d["type"] for _n, d in view.nodes(data=True)} >= {"Person", "Organization", "Place", "NewsArticle"}
    stats = graph_stats(view)
    assert stats.by_type["NewsArticle"] == seeds_build.report["articles"]["built"]
    assert any(p.label == "任鸿斌" for p in stats.people)


@pytest.mark.parametrize("module", ["kg.analytics", "kg.page"])
def test_doctests(module: str) -> None:
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_view_config_is_data() -> None:
    config = analytics.view_config()
    assert [t.id for t in config.types][-1] == "NewsArticle"
    assert config.relation_name("memberOf") == "担任"
    assert set(config.entity_classes) >= {"Person", "Organization", "Place", "Event", "Legislation", "Product"}
