"""The interactive graph page: one self-contained, offline HTML file.

The page draws ``kg.analytics.graph_view``: entities and articles coloured and
shaped by type, sized by PageRank, edges labelled by relation. It has a
legend that filters by type, a search by name or alias, a switch that hides
the articles, and a panel with each node's type, aliases, posts, the articles
that mention it and its evidence sentences (with title, date and link).

How it is put together:

- vis-network is the one pyvis ships (``pyvis/templates/lib``), inlined with
  the page's own script and stylesheet (``kg/data/page/``) into the template
  ``kg/data/page/page.html``: no CDN, no file beside the page;
- the graph travels as JSON in a ``<script type="application/json">`` block
  with ``<``, ``>`` and ``&`` escaped, and the page builds every piece of text
  with ``textContent``: article text is data, never markup; links are only
  ever http(s);
- the same graph gives the same bytes: nodes, edges and keys sorted, scores
  rounded, vis-network's layout seeded;
- physics runs until the layout is stable, then stops, so a large graph
  stays responsive.
"""

from __future__ import annotations

import html as markup
import json
import math
import os
import re
import string
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analytics import (
    ARTICLE,
    GraphLike,
    ViewConfig,
    as_store,
    communities,
    evidence_by_node,
    graph_view,
    pagerank,
    select,
    view_config,
)
from kg.errors import KgError
from kg.graph.export import atomic_write
from kg.graph.iri import ID
from kg.resources import data_path
from kg.version import __version__

BASE = str(ID)
VIS_VERSION = "9.1.2"
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
LAYOUT_SEED = 7
MAX_ARTICLES_LISTED = 20  # per node, the most recent
MAX_EVIDENCE_LISTED = 20  # per node
MAX_FIGURES_LISTED = 40  # per article or place
REMOTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
SAFE_URL = re.compile(r"^https?://", re.I)


# --- the data the page draws ------------------------------------------------------------------


def page_data(graph: GraphLike, *, max_nodes: int | None = None, config: ViewConfig | None = None) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data, in a stable order.

    A graph larger than ``max_nodes`` keeps its most central nodes (PageRank)
    and the page says how many it left out. ``None`` takes view.yaml's
    ``page.max_nodes``; 0 means no limit.
    """
    config = config or view_config()
    if max_nodes is None:
        max_nodes = int(config.page.get("max_nodes") or 0)
    store = as_store(graph)
    full = graph_view(store, config=config)
    scores = pagerank(full)
    view = full
    if max_nodes and full.number_of_nodes() > max_nodes:
        kept = sorted(full.nodes, key=lambda n: (-scores[n], n))[:max_nodes]
        view = full.subgraph(kept)
    evidence = evidence_by_node(store, view.nodes)
    figures = figures_by_node(store, view.nodes)

    articles = {n: d for n, d in full.nodes(data=True) if d.get("type") == ARTICLE}
    cited: set[str] = set()
    nodes: list[dict[str, Any]] = []
    details: dict[str, dict[str, Any]] = {}
    top = max((scores[n] for n in view.nodes), default=1.0) or 1.0
    positions = seed_positions(view, scores)
    for node in sorted(view.nodes):
        data = view.nodes[node]
        x, y = positions[node]
        item = {"id": page_id(node), "name": data["label"], "group": data["type"], "x": x, "y": y}
        if data["type"] != ARTICLE:  # articles are drawn small, whatever their score
            item["value"] = round(scores[node] / top, 6)
        nodes.append(item)
        if data["type"] == ARTICLE:
            mentioned = sorted({t for _s, t, r in full.out_edges(node, data="relation") if r == "mentions"})
            details[page_id(node)] = {"entities": len(mentioned)}
            if figures.get(node):
                details[page_id(node)]["figures"] = figures[node][:MAX_FIGURES_LISTED]
            cited.add(node)
            continue
        mentioning = sorted(
            {s for s, _t, r in full.in_edges(node, data="relation") if r == "mentions"},
            key=lambda a: (articles[a].get("date", ""), a),
            reverse=True,
        )
        items = evidence.get(node, ())[:MAX_EVIDENCE_LISTED]
        listed = mentioning[:MAX_ARTICLES_LISTED]
        cited.update(listed)
        cited.update(e.article for e in items if e.article in articles)
        details[page_id(node)] = {
            "kind": data.get("kind", ""),
            "aliases": list(data.get("aliases", ())),
            "posts": list(data.get("posts", ())),
            "statements": data.get("statements", 0),
            "articles": data.get("articles", 0),
            "mentions": data.get("mentions", 0),
            "mentionedIn": [page_id(a) for a in listed],
            "evidence": [[e.text, page_id(e.article) if e.article in articles else ""] for e in items],
            "evidenceTotal": len(evidence.get(node, ())),
        }
        if figures.get(node):
            details[page_id(node)]["figures"] = figures[node][:MAX_FIGURES_LISTED]

    return {
        "meta": {
            "title": str(config.page.get("title", "kg")),
            "nodesTotal": full.number_of_nodes(),
            "nodesShown": view.number_of_nodes(),
            "generator": f"kg {__version__}",
            "base": BASE,  # node ids are IRIs relative to this
        },
        "types": [
            {"id": t.id, "name": t.name, "color": t.color, "shape": t.shape, "count": count}
            for t, count in present_types(view, config)
        ],
        "relations": [{"id": key, "name": config.relation_name(key)} for key in config.relations],
        "nodes": nodes,
        "edges": page_edges(view),
        "details": details,
        "articles": {
            page_id(a): {
                "title": articles[a].get("label", ""),
                "date": articles[a].get("date", ""),
                "url": articles[a]["url"] if SAFE_URL.match(articles[a].get("url", "")) else "",
            }
            for a in sorted(cited)
        },
        "options": vis_options(view, config),
    }


# --- figures: a small statistics table per article and per place -----------------------------

FIGURES = """
SELECT ?observation ?article ?place ?indicator ?value ?unit ?kind ?basis ?year ?whole ?start ?end ?qualifier WHERE {
  ?observation a schema:Observation ; schema:variableMeasured ?indicator ; schema:value ?value .
  OPTIONAL { ?observation prov:wasDerivedFrom ?article }
  OPTIONAL { ?observation schema:observationAbout ?place }
  OPTIONAL { ?observation schema:unitText ?unit }
  OPTIONAL { ?observation kgo:figureKind ?kind }
  OPTIONAL { ?observation kgo:comparedTo ?basis }
  OPTIONAL { ?observation kgo:comparedToYear ?year }
  OPTIONAL { ?observation kgo:shareOf ?whole }
  OPTIONAL { ?observation kgo:periodStart ?start ; kgo:periodEnd ?end }
  OPTIONAL { ?observation kgo:qualifier ?qualifier }
}"""
BASIS_NAMES = {"PreviousYearSamePeriod": "同比", "PreviousPeriod": "环比", "TwoYearAverage": "两年平均",
               "PreviousYearEnd": "比上年末"}
QUALIFIER_NAMES = {"more_than": "超过", "less_than": "不到", "about": "约"}
MONEY_STEPS = ((Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
CURRENCY_NAMES = {"CNY": "元", "USD": "美元", "EUR": "欧元", "JPY": "日元", "HKD": "港元"}


def figures_by_node(graph: GraphLike, nodes: Iterable[str] | None = None) -> dict[str, list[list[str]]]:
    """For each article and place, its figures as table rows:
    [indicator, value as written for a reader, basis or share, period]."""
    wanted = set(nodes) if nodes is not None else None
    found: dict[str, list[list[str]]] = defaultdict(list)
    for _o, article, place, indicator, value, unit, _kind, basis, year, whole, start, end, qualifier in select(as_store(graph), FIGURES):
        row = [indicator or "", display_value(Decimal(value or "0"), unit or "", qualifier),
               compared(basis, year, whole), period_text(start, end)]
        for node in (article, place):
            if node and (wanted is None or node in wanted):
                found[node].append(row)
    return {node: sorted(rows) for node, rows in sorted(found.items())}


def display_value(value: Decimal, unit: str, qualifier: str | None = None) -> str:
    """0.049 % -> 4.9%; 0.002 percentage point -> 0.2个百分点; 39790000000000 CNY -> 39.79万亿元."""
    prefix = QUALIFIER_NAMES.get(qualifier or "", "")
    if unit == "%":
        return f"{prefix}{plain(value * 100)}%"
    if unit == "percentage point":
        return f"{prefix}{plain(value * 100)}个百分点"
    if unit in CURRENCY_NAMES or (unit.isascii() and unit.isupper() and len(unit) == 3):
        name = CURRENCY_NAMES.get(unit, unit)
        for step, word in MONEY_STEPS:
            if abs(value) >= step:
                return f"{prefix}{plain(value / step)}{word}{name}"
        return f"{prefix}{plain(value)}{name}"
    return f"{prefix}{plain(value)}{unit}"


def plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def compared(basis: str | None, year: str | None, whole: str | None) -> str:
    if whole:
        return f"占{whole}"
    if not basis:
        return ""
    name = basis.rsplit("#", 1)[-1]
    if name == "NamedYearPeriod":
        return f"比{year}年同期" if year else "比指定年份"
    return BASIS_NAMES.get(name, name)


def period_text(start: str | None, end: str | None) -> str:
    if not start or not end:
        return ""
    return start if start == end else f"{start}—{end}"


def page_id(iri: str) -> str:
    """A node's id on the page: its IRI relative to kg's base (shorter pages).

    >>> page_id("https://w3id.org/kgnews/id/person/abc")
    'person/abc'
    """
    return iri[len(BASE) :] if iri.startswith(BASE) else iri


GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def seed_positions(
    view: nx.MultiDiGraph, scores: dict[Any, float], *, spacing: float = 38.0
) -> dict[Any, tuple[int, int]]:
    """Starting positions for the physics: each community on its own disc.

    Communities (Louvain, seeded) are laid on a sunflower spiral, largest in
    the middle, each one a sunflower of its members, most central first. The
    physics then only has to relax the layout, not untangle it: a large graph
    settles in far fewer iterations. Deterministic.

    >>> seed_positions(nx.MultiDiGraph([("a", "b")]), {"a": 0.5, "b": 0.5})
    {'a': (0, 0), 'b': (-28, 26)}
    """
    positions: dict[Any, tuple[int, int]] = {}
    area = 0.0
    for index, group in enumerate(communities(view)):
        radius = spacing * math.sqrt(area + len(group) / 2) * 1.15 if index else 0.0
        cx, cy = radius * math.cos(index * GOLDEN_ANGLE), radius * math.sin(index * GOLDEN_ANGLE)
        area += len(group)
        for rank, node in enumerate(sorted(group, key=lambda n: (-scores.get(n, 0.0), str(n)))):
            r = spacing * math.sqrt(rank)
            positions[node] = (
                round(cx + r * math.cos(rank * GOLDEN_ANGLE)),
                round(cy + r * math.sin(rank * GOLDEN_ANGLE)),
            )
    return positions


def present_types(view: nx.MultiDiGraph, config: ViewConfig) -> list[tuple[Any, int]]:
    counts: dict[str, int] = defaultdict(int)
    for _node, kind in view.nodes(data="type"):
        counts[str(kind)] += 1
    listed = [t.id for t in config.types]
    order = [*[t for t in listed if t in counts], *sorted(t for t in counts if t not in listed)]
    return [(config.node_type(t), counts[t]) for t in order]


def page_edges(view: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One drawn edge per source, target and label; parallel facts are counted."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for source, target, _key, data in sorted(view.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        key = (source, target, data["label"])
        edge = grouped.setdefault(
            key,
            {
                "from": page_id(source),
                "to": page_id(target),
                "label": data["label"],
                "relation": data["relation"],
                "count": 0,
                "evidence": [],
            },
        )
        edge["count"] += int(data.get("count", 1))
        if data.get("evidence") and data["evidence"] not in edge["evidence"] and len(edge["evidence"]) < 2:
            edge["evidence"].append(data["evidence"])
    edges = []
    for index, key in enumerate(sorted(grouped)):
        edge = grouped[key]
        edge["id"] = f"e{index}"
        if not edge["evidence"]:
            del edge["evidence"]
        edges.append(edge)
    return edges


def vis_options(view: nx.MultiDiGraph, config: ViewConfig) -> dict[str, Any]:
    """vis-network options, scaled to the size of the graph."""
    size = view.number_of_nodes()
    large = size > 600
    groups = {}
    for node_type, _count in present_types(view, config):
        border = shade(node_type.color, 0.72)
        groups[node_type.id] = {
            "shape": node_type.shape,
            "color": {
                "background": node_type.color,
                "border": border,
                "highlight": {"background": node_type.color, "border": "#1f2328"},
                "hover": {"background": node_type.color, "border": "#1f2328"},
            },
        }
        if node_type.id == ARTICLE:
            groups[node_type.id].update(size=6, font={"size": 10, "color": "#6b6f76"})
    return {
        "autoResize": True,
        "groups": groups,
        # every node starts where seed_positions put it: no need for vis-network's own first layout
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                # a coarser Barnes-Hut and no overlap force: a large graph settles in half the time
                "theta": 0.9 if large else 0.5,
                "avoidOverlap": 0.0 if large else 0.4,
            },
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.45,
            "stabilization": {
                "enabled": True,
                # the seeded layout needs little relaxing; fewer rounds as each gets dearer
                "iterations": max(100, min(1000, 200_000 // max(size, 1))),
                "updateInterval": 20,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"face": FONT, "size": 14, "color": "#1f2328", "strokeWidth": 4, "strokeColor": "#ffffff"},
            # label sizes are set by the page from the score, and kept readable when zoomed out
            "scaling": {"min": 7, "max": 32, "label": {"enabled": False, "drawThreshold": 6, "maxVisible": 24}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"color": "#aab0b8", "highlight": "#1f2328", "hover": "#4a4f57", "inherit": False},
            "width": 1,
            "selectionWidth": 1.5,
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "font": {
                "face": FONT,
                "size": 11,
                "color": "#4a4f57",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "scaling": {"label": {"enabled": False, "drawThreshold": 8}},
        },
    }


def shade(color: str, factor: float) -> str:
    """A darker (factor < 1) version of a ``#rrggbb`` colour.

    >>> shade("#808080", 0.5)
    '#404040'
    """
    value = color.lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        raise KgError(f"view.yaml: colour {color!r} is not #rrggbb")
    channels = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{max(0, min(255, round(c * factor))):02x}" for c in channels)


# --- the page -------------------------------------------------------------------------------


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, no ``<!--``, no U+2028.

    >>> script_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def asset(name: str) -> str:
    """A file of the page (template, script, stylesheet), from kg/data/page/."""
    return data_path(f"page/{name}").read_text(encoding="utf-8")


def vis_asset(name: str) -> str:
    """vis-network's script or stylesheet, as pyvis ships it."""
    path = resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}" / name
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as error:
        raise KgError(f"vis-network {VIS_VERSION} not found in pyvis ({path}); is pyvis 0.3.2 installed?") from error


def inline_script(code: str, name: str) -> str:
    if re.search(r"</script|<!--", code, re.I):
        raise KgError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    return code


def inline_style(code: str, name: str) -> str:
    if re.search(r"</style", code, re.I):
        raise KgError(f"{name} cannot be inlined: it contains '</style'")
    return code


def render_html(graph: GraphLike, *, max_nodes: int | None = None, title: str | None = None) -> str:
    """The page's HTML for a graph (an rdflib Dataset, or a build's quads): same graph, same bytes."""
    data = page_data(graph, max_nodes=max_nodes)
    if title is not None:
        data["meta"]["title"] = title
    code = {
        "title": markup.escape(data["meta"]["title"]),
        "generator": markup.escape(data["meta"]["generator"]),
        "vis_css": inline_style(vis_asset("vis-network.css"), "vis-network.css"),
        "page_css": inline_style(asset("page.css"), "page.css"),
        "vis_js": inline_script(vis_asset("vis-network.min.js"), "vis-network.min.js"),
        "page_js": inline_script(asset("page.js"), "page.js"),
    }
    template = asset("page.html")
    check_offline(template, *code.values())  # the data is inert JSON: only code could load things
    return string.Template(template).substitute(code, data=script_json(data))


def check_offline(*parts: str) -> None:
    """Refuse markup or code that would load anything from the network."""
    for part in parts:
        found = REMOTE.search(part)
        if found:
            raise KgError(f"graph page would load a resource from the network: {found.group(0)!r}")


def write_html(graph: GraphLike, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the page as UTF-8 whatever the locale, atomically.

    ``options`` are those of ``render_html`` (``max_nodes``, ``title``).
    """
    page = render_html(graph, **options)
    with atomic_write(path, "w") as stream:
        stream.write(page)
    return Path(path)


def notebook_frame(page: str, *, height: int = 640) -> str:
    """An ``<iframe srcdoc>`` showing a page inline in Jupyter (the page stays isolated).

    >>> frame = notebook_frame('<p title="x">a & b</p>')
    >>> frame.startswith('<div><iframe srcdoc="&lt;p title=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;" ')
    True
    """
    return (
        f'<div><iframe srcdoc="{markup.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>'
    )


__all__ = ["notebook_frame", "page_data", "render_html", "write_html"]
