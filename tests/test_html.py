"""The graph page: self-contained, deterministic, escaped, and working in headless Chromium.

The browser tests drive Debian's chromium through Playwright (never a
downloaded browser), with every request that is not file:// or 127.0.0.1
aborted and recorded: the page must not try to leave the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.graph.iri import entity_iri
from kg.graph.rdf import build_graph
from kg.page import page_data, page_id, render_html, write_html
from kg.types import Article, ArticleGraph, Entity, LinkedMention, Mention, Post, Span, Statement

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "out" / "screenshots"
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

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"
EVIL_PERSON = Entity("PERSON", "张三" + IMG)
EVIL_ORG = Entity("ORG", "某某公司" + SCRIPT, aliases=("别名" + IMG,))


@pytest.fixture(scope="module")
def hostile():
    """A graph whose titles, names, aliases and sentences are markup, and a javascript: URL."""
    sentence = f"{EVIL_PERSON.name}担任{EVIL_ORG.name}董事长。"
    said = f'{EVIL_PERSON.name}表示，"><svg onload=alert(3)>。'
    text = sentence + said
    article = Article(
        id="x1",
        path="x1.md",
        title=IMG + "标题",
        text=text,
        published=dt.datetime(2021, 7, 13, tzinfo=dt.timezone.utc),
        url="javascript:alert(4)",
    )
    start = text.index(EVIL_ORG.name)
    linked = (
        LinkedMention(Mention(0, len(EVIL_PERSON.name), EVIL_PERSON.name, "PERSON", "test"), EVIL_PERSON),
        LinkedMention(Mention(start, start + len(EVIL_ORG.name), EVIL_ORG.name, "ORG", "test"), EVIL_ORG),
    )
    facts = (
        Post(EVIL_PERSON, "董事长", EVIL_ORG, False, Span(0, len(sentence))),
        Statement(EVIL_PERSON, '"><svg onload=alert(3)>', "表示", Span(len(sentence), len(text))),
    )
    return build_graph([ArticleGraph(article, linked, facts)])


# --- the file ------------------------------------------------------------------------------------


def test_page_is_self_contained(hostile) -> None:
    page = render_html(hostile)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert not re.search(r"<script[^>]+src=|<link\b", page)
    assert "new vis.Network" in page or "vis.Network" in page
    assert page.count("</script>") == 3  # the data, vis-network, the page's script


def test_same_graph_same_bytes(hostile) -> None:
    assert render_html(hostile) == render_html(hostile)


@pytest.mark.slow
def test_same_bytes_in_every_process(seeds_build, tmp_path) -> None:
    """Nothing depends on hash order: the build's page is the page of its Turtle, in any process."""
    code = (
        "import sys; from kg.graph.export import load_graph; from kg.page import write_html; "
        "write_html(load_graph(sys.argv[1]), sys.argv[2])"
    )
    pages = []
    for seed in ("1", "2"):
        env = os.environ | {
            "PYTHONHASHSEED": seed,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        out = tmp_path / f"graph-{seed}.html"
        subprocess.run(
            [sys.executable, "-c", code, str(seeds_build.out / "graph.ttl"), str(out)], check=True, env=env, cwd=ROOT
        )
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] == (seeds_build.out / "graph.html").read_bytes()


def test_data_is_never_markup(hostile) -> None:
    page = render_html(hostile)
    for payload in (IMG, SCRIPT, "<svg onload"):
        assert payload not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "javascript:alert(4)" not in page  # only http(s) links reach the page


def test_written_as_utf8_whatever_the_locale(tmp_path) -> None:
    """A C locale must not change a byte of the page (pyvis's own writer fails there)."""
    graph = tmp_path / "graph.ttl"
    graph.write_text(
        "@prefix schema: <https://schema.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/kgnews/id/org/商务部> a schema:Organization ; rdfs:label "商务部"@zh .\n',
        encoding="utf-8",
    )
    code = (
        "import sys; from kg.graph.export import load_graph; from kg.page import write_html; "
        "write_html(load_graph(sys.argv[1]), sys.argv[2])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONIOENCODING": "",
    }
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run(
        [sys.executable, "-X", "utf8=0", "-c", code, str(graph), str(tmp_path / "c.html")],
        check=True,
        env=env,
        cwd=ROOT,
    )
    text = (tmp_path / "c.html").read_bytes().decode("utf-8")
    assert "商务部" in text and '<meta charset="utf-8">' in text


def test_edges_are_labelled_and_counted(hostile) -> None:
    data = page_data(hostile)
    labels = {e["label"] for e in data["edges"]}
    assert {"担任 董事长", "发表", "提及"} <= labels
    assert [t["id"] for t in data["types"]] == ["Person", "Organization", "NewsArticle"]
    assert all(t["count"] for t in data["types"])


def test_a_large_graph_keeps_its_most_central_nodes(hostile) -> None:
    data = page_data(hostile, max_nodes=2)
    assert data["meta"]["nodesTotal"] == 3 and data["meta"]["nodesShown"] == 2
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])


# --- in the browser ------------------------------------------------------------------------------


@dataclass
class Visit:
    page: object
    remote: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def local(url: str) -> bool:
    return url.startswith(("file://", "data:", "about:")) or bool(
        re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", url)
    )


def visit(browser, path: Path, *, width: int = 1400, height: int = 900) -> Visit:
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = Visit(page)

    def guard(route) -> None:
        if local(route.request.url):
            route.continue_()
        else:
            seen.remote.append(route.request.url)
            route.abort()

    def on_dialog(dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", guard)
    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.kg && window.kg.ready === true", timeout=60_000)
    return seen


def hover(seen: Visit, node_id: str) -> None:
    """Move the mouse onto a node, as a reader would."""
    page = seen.page
    point = page.evaluate(
        "id => { const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);"
        " const box = document.getElementById('kg-network').getBoundingClientRect();"
        " return {x: p.x + box.left, y: p.y + box.top}; }",
        node_id,
    )
    page.mouse.move(point["x"] + 40, point["y"] + 40)
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_selector("#kg-tooltip:not([hidden])", timeout=5_000)


@pytest.fixture(scope="module")
def seeds_page(seeds_build) -> Path:
    return seeds_build.out / "graph.html"


@pytest.mark.browser
@pytest.mark.slow
def test_seeds_page_draws_filters_and_finds(browser, seeds_build, seeds_page) -> None:
    expected = page_data(seeds_build.dataset)
    seen = visit(browser, seeds_page)
    page = seen.page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "graph.png"))

    # the network drew every node and edge, and the physics is off
    state = page.evaluate(
        "({nodes: kg.network.body.data.nodes.length, edges: kg.network.body.data.edges.length,"
        " placed: Object.keys(kg.network.getPositions()).length, physics: kg.network.physics.physicsEnabled})"
    )
    assert state == {
        "nodes": len(expected["nodes"]),
        "edges": len(expected["edges"]),
        "placed": len(expected["nodes"]),
        "physics": False,
    }

    # the legend lists the types present, with their counts
    legend = page.eval_on_selector_all(
        "#kg-legend-types .kg-legend-item",
        "items => items.map(i => [i.dataset.type, i.querySelector('.kg-legend-name').textContent,"
        " +i.querySelector('.kg-count').textContent])",
    )
    assert legend == [[t["id"], t["name"], t["count"]] for t in expected["types"]]
    assert {"Person", "Organization", "NewsArticle"} <= {t[0] for t in legend}

    # search by name: Enter selects the node and opens its details
    page.fill("#kg-search", "任鸿斌")
    page.wait_for_selector("#kg-results li[data-id]")
    assert "任鸿斌" in page.inner_text("#kg-results")
    page.press("#kg-search", "Enter")
    ren = page_id(str(entity_iri("PERSON", "任鸿斌")))
    assert page.evaluate("kg.network.getSelectedNodes()") == [ren]
    page.wait_for_selector("#kg-details:not([hidden])")
    details = page.inner_text("#kg-details")
    assert "任鸿斌" in details and "人物" in details
    assert "依据" in details  # his post came with its evidence sentence
    page.wait_for_timeout(700)  # the focus animation
    page.screenshot(path=str(SCREENSHOTS / "graph-search.png"))

    # the type filter hides every person and nothing else; the legend says so
    page.click("#kg-legend-types [data-type=Person] input")
    hidden = page.evaluate("kg.nodes.get().filter(n => n.hidden).map(n => n.group)")
    persons = sum(1 for n in expected["nodes"] if n["group"] == "Person")
    assert hidden == ["Person"] * persons
    assert page.evaluate("kg.visibleNodeIds().length") == len(expected["nodes"]) - persons
    assert "kg-off" in page.get_attribute("#kg-legend-types [data-type=Person]", "class")
    page.click("#kg-legend-types [data-type=Person] input")
    assert page.evaluate("kg.nodes.get().filter(n => n.hidden).length") == 0

    # the article switch
    page.check("#kg-hide-articles")
    articles = sum(1 for n in expected["nodes"] if n["group"] == "NewsArticle")
    assert articles == seeds_build.report["articles"]["built"]
    assert page.evaluate("kg.nodes.get().filter(n => n.hidden).map(n => n.group)") == ["NewsArticle"] * articles
    assert not page.is_checked("#kg-legend-types [data-type=NewsArticle] input")
    page.screenshot(path=str(SCREENSHOTS / "graph-no-articles.png"))
    page.uncheck("#kg-hide-articles")
    assert page.evaluate("kg.visibleNodeIds().length") == len(expected["nodes"])

    # search by alias finds the canonical entity
    alias = next(
        (
            (n["id"], a)
            for n in expected["nodes"]
            for a in expected["details"][n["id"]].get("aliases", ())
            if a != n["name"]
        ),
        None,
    )
    if alias:
        assert page.evaluate("text => kg.search(text)", alias[1]) == alias[0]

    # hovering shows the card: type and how many articles mention the node
    page.evaluate("kg.hideDetails(); kg.network.fit({animation: false})")
    hover(seen, ren)
    card = page.inner_text("#kg-tooltip")
    assert "任鸿斌" in card and "人物" in card and "篇文章" in card

    assert seen.remote == [], f"the page tried to reach the network: {seen.remote}"
    assert seen.errors == [] and seen.dialogs == []
    page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_markup_in_the_data_never_runs(browser, hostile, tmp_path) -> None:
    path = write_html(hostile, tmp_path / "hostile.html")
    seen = visit(browser, path)
    page = seen.page
    person, org = (page_id(str(entity_iri(e.label, e.name))) for e in (EVIL_PERSON, EVIL_ORG))

    hover(seen, person)
    assert EVIL_PERSON.name in page.text_content("#kg-tooltip")
    for node in (person, org):
        page.evaluate("id => kg.select(id)", node)
        page.wait_for_selector("#kg-details:not([hidden])")
    details = page.text_content("#kg-details")
    assert EVIL_ORG.name in details and IMG in page.evaluate(f"JSON.stringify(kg.data.details[{org!r}].aliases)")
    page.evaluate("id => kg.select(id)", kg_iri := str(entity_iri("PERSON", EVIL_PERSON.name)))  # a full IRI works too
    assert (
        page.evaluate("kg.network.getSelectedNodes()") == [person]
        and page.evaluate("id => kg.iri(id)", person) == kg_iri
    )
    details = page.text_content("#kg-details")
    assert IMG + "标题" in details  # the article title, as text
    assert "<svg onload=alert(3)>" in details  # the evidence sentence, as text
    page.fill("#kg-search", "别名<img")
    page.wait_for_selector("#kg-results li[data-id]")
    page.wait_for_timeout(300)

    injected = page.evaluate(
        "document.querySelectorAll('main img, main svg, main script, #kg-results img, .kg-legend script').length"
    )
    assert injected == 0
    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    assert seen.dialogs == [], f"markup from the data ran: {seen.dialogs}"
    assert seen.remote == [] and seen.errors == []
    page.close()
