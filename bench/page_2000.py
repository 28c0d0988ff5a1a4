"""Time to interactive of the graph page at 2,000 nodes, in headless Chromium.

    python bench/page_2000.py [--nodes 2000] [--runs 3] [--keep out/bench_2000.html] [--json FILE]

Builds a synthetic graph of the requested size through kg's own RDF stage
(articles mentioning people, organisations, places, events, policies and
products, with posts, statements, structure, origins and events), renders the
page with kg.page, opens it from file:// in the system Chromium (no network:
every request that is not file:// is aborted and counted) and prints the
seconds from navigation until the layout has settled and physics is off (the
page sets ``window.kg.ready``), the median over the runs. Then, to show the
page stays usable, how long a search and a redraw after a zoom step take.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.graph.rdf import build_quads
from kg.page import write_html
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

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国文斌宇浩凯鑫晨红志新海波宁欣雪琳"
PLACE_STEMS = "江河湖海山川东西南北安平宁远兴华昌盛云阳泉林州"
ORG_HEADS = ["部", "委员会", "局", "集团", "公司", "协会", "研究院", "大学", "银行", "中心"]
ORG_STEMS = [
    "商务",
    "发展",
    "科技",
    "数字",
    "贸易",
    "能源",
    "交通",
    "金融",
    "农业",
    "海关",
    "文化",
    "生态",
    "信息",
    "工业",
]
EVENT_HEADS = ["论坛", "博览会", "新闻发布会", "峰会", "交易会", "研讨会"]
POLICY_HEADS = ["意见", "办法", "规划", "通知", "方案", "条例"]
PRODUCTS = ["芯片", "咖啡", "葡萄酒", "汽车", "手机", "奶粉", "大豆", "牛肉", "光伏组件", "锂电池", "茶叶", "红酒"]
ROLES = ["部长", "副部长", "主任", "副主任", "局长", "董事长", "总经理", "院长", "司长", "发言人"]


def unique(make, count: int, rng: random.Random) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen.setdefault(make(rng))
    return list(seen)


def entities(nodes: int, rng: random.Random) -> dict[str, list[Entity]]:
    """About 85% of the nodes are entities, the rest articles."""
    share = {"PERSON": 0.27, "ORG": 0.27, "GPE": 0.14, "EVENT": 0.08, "LAW": 0.08, "PRODUCT": 0.01}
    total = int(nodes * 0.85)
    count = {label: max(3, int(total * s)) for label, s in share.items()}
    count["PRODUCT"] = min(len(PRODUCTS), count["PRODUCT"] + 5)
    makers = {
        "PERSON": lambda r: r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2)))),
        "ORG": lambda r: "".join(r.choices(PLACE_STEMS, k=2)) + r.choice(ORG_STEMS) + r.choice(ORG_HEADS),
        "GPE": lambda r: "".join(r.choices(PLACE_STEMS, k=2)) + r.choice(("省", "市", "县", "区")),
        "EVENT": lambda r: (
            f"{r.randint(2015, 2024)}年"
            + "".join(r.choices(PLACE_STEMS, k=2))
            + r.choice(ORG_STEMS)
            + r.choice(EVENT_HEADS)
        ),
        "LAW": lambda r: "《关于" + r.choice(ORG_STEMS) + r.choice(ORG_STEMS) + "的" + r.choice(POLICY_HEADS) + "》",
    }
    found = {label: [Entity(label, name) for name in unique(make, count[label], rng)] for label, make in makers.items()}
    found["PRODUCT"] = [Entity("PRODUCT", name) for name in PRODUCTS[: count["PRODUCT"]]]
    return found


def synthetic_results(nodes: int = 2000, seed: int = 7) -> list[ArticleGraph]:
    """Articles whose graph has about ``nodes`` nodes, mentions skewed like news (a few hubs)."""
    rng = random.Random(seed)
    pool = entities(nodes, rng)
    everything = [e for label in sorted(pool) for e in pool[label]]
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(everything))]
    rng.shuffle(weights)
    articles = nodes - len(everything)
    # every entity is mentioned at least once, so the graph has exactly ``nodes`` nodes
    assigned: list[list[Entity]] = [[] for _ in range(articles)]
    for entity in everything:
        assigned[rng.randrange(articles)].append(entity)
    results = []
    for number in range(articles):
        picked = rng.choices(everything, weights=weights, k=rng.randint(4, 10))
        chosen = list(dict.fromkeys([*picked, *assigned[number]]))
        sentences: list[str] = []
        mentions: list[LinkedMention] = []
        relations: list = []
        offset = 0
        for entity in chosen:
            sentence = f"据报道，{entity.name}近日受到广泛关注。"
            start = offset + 3
            mentions.append(
                LinkedMention(Mention(start, start + len(entity.name), entity.name, entity.label, "synthetic"), entity)
            )
            sentences.append(sentence)
            offset += len(sentence)
        people = [e for e in chosen if e.label == "PERSON"]
        orgs = [e for e in chosen if e.label == "ORG"]
        text = "".join(sentences)
        whole = Span(0, len(sentences[0]))
        for person in people:
            if orgs and rng.random() < 0.6:
                relations.append(Post(person, rng.choice(ROLES), rng.choice(orgs), rng.random() < 0.1, whole))
            if rng.random() < 0.5:
                relations.append(Statement(person, "要坚持高质量发展", "表示", whole))
        if len(orgs) >= 2 and rng.random() < 0.4:
            relations.append(Membership(orgs[0], orgs[1], whole))
        products = [e for e in chosen if e.label == "PRODUCT"]
        places = [e for e in chosen if e.label == "GPE"]
        if products and places:
            relations.append(Origin(products[0], places[0], whole))
        events = [e for e in chosen if e.label == "EVENT"]
        if events and orgs:
            relations.append(EventFacts(events[0], whole, organizer=orgs[0], location=places[0] if places else None))
        published = dt.datetime(2021, 1, 1, 8, tzinfo=dt.timezone.utc) + dt.timedelta(hours=7 * number)
        article = Article(
            id=f"bench{number:05d}",
            path=f"bench/{number:05d}.md",
            title=f"新闻{number}：{chosen[0].name}相关动态",
            text=text,
            published=published,
            url=f"https://example.com/news/{number}",
        )
        results.append(ArticleGraph(article, tuple(mentions), tuple(relations)))
    return results


# milliseconds per redraw after a zoom step, 7 times (vis-network draws on its own canvas)
FRAME_TIMES = """
async () => {
  const times = [];
  kg.network.fit({animation: false});
  for (let i = 0; i < 7; i++) {
    times.push(await new Promise(done => {
      const started = performance.now();
      kg.network.once("afterDrawing", () => done(performance.now() - started));
      kg.network.moveTo({scale: kg.network.getScale() * (i % 2 ? 0.8 : 1.25)});
    }));
  }
  return times;
}
"""


def time_to_interactive(page_path: Path, *, timeout: float = 120.0) -> dict[str, float | int]:
    """Open the page in headless Chromium and time it until ``window.kg.ready``."""
    from playwright.sync_api import sync_playwright

    remote: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def guard(route) -> None:
                if route.request.url.startswith(("file://", "data:", "about:")):
                    route.continue_()
                else:
                    remote.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            started = time.perf_counter()
            page.goto(page_path.resolve().as_uri(), wait_until="load")
            loaded = time.perf_counter() - started
            page.wait_for_function("window.kg && window.kg.ready === true", timeout=timeout * 1000, polling=50)
            ready = time.perf_counter() - started
            state = page.evaluate(
                "({nodes: kg.network.body.data.nodes.length, edges: kg.network.body.data.edges.length,"
                " physics: kg.network.physics.physicsEnabled, iterations: kg.stabilizationIterations})"
            )
            # usable: a search answers at once, and a redraw (zoom, pan, drag) takes a frame or two
            started = time.perf_counter()
            page.evaluate("kg.nodes.length && kg.search(kg.nodes.get()[0].name)")
            search = time.perf_counter() - started
            page.wait_for_timeout(600)  # the focus animation
            frames = page.evaluate(FRAME_TIMES)
        finally:
            browser.close()
    if remote:
        raise SystemExit(f"the page tried to reach the network: {remote[:3]}")
    if state["physics"]:
        raise SystemExit("physics still on after the page said it was ready")
    return {
        "load_seconds": loaded,
        "ready_seconds": ready,
        "search_seconds": search,
        "frame_ms": statistics.median(frames),
        **state,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="also keep the page here")
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args()

    started = time.perf_counter()
    quads = build_quads(synthetic_results(args.nodes))
    graph_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.keep) if args.keep else Path(folder) / "graph.html"
        started = time.perf_counter()
        write_html(quads, path, max_nodes=0)  # every node, however many
        render_seconds = time.perf_counter() - started
        runs = [time_to_interactive(path) for _ in range(args.runs)]
        size = path.stat().st_size
    ready = statistics.median(r["ready_seconds"] for r in runs)
    figures = {
        "nodes": runs[0]["nodes"],
        "edges": runs[0]["edges"],
        "html_bytes": size,
        "graph_seconds": round(graph_seconds, 2),
        "render_seconds": round(render_seconds, 2),
        "stabilization_iterations": runs[0]["iterations"],
        "load_seconds": round(statistics.median(r["load_seconds"] for r in runs), 2),
        "time_to_interactive_seconds": round(ready, 2),
        "runs": [round(r["ready_seconds"], 2) for r in runs],
        "search_seconds": round(statistics.median(r["search_seconds"] for r in runs), 3),
        "redraw_ms": round(statistics.median(r["frame_ms"] for r in runs), 1),
    }
    print(json.dumps(figures, ensure_ascii=False, indent=2), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(
        f"{figures['nodes']} nodes, {figures['edges']} edges: interactive after {ready:.2f} s (median of {args.runs})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
