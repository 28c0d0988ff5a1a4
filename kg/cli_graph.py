"""The graph analytics commands: ``kg stats`` and ``kg export``.

Registered in ``kg/cli.py`` by ``add_stats`` and ``add_export``. Like every
command they are thin: parse the options, call ``kg.analytics``, print.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def add_stats(commands: Any) -> None:
    from .cli import command

    sub = command(
        commands,
        "stats",
        run_stats,
        "print statistics of a graph: types, relations, centrality, communities",
        "Print what a graph holds and how it hangs together:\n"
        "  nodes by type and edges by relation (the relations the graph page draws);\n"
        "  the most central entities (PageRank over the entity-article graph);\n"
        "  connected components, and communities (Louvain modularity, seeded: the same\n"
        "  graph always gives the same communities);\n"
        "  the people with the most posts (org:Membership) and statements (schema:Quotation).",
    )
    sub.add_argument("graph", metavar="GRAPH", help="a graph file written by kg build (.ttl, .trig, .nq, .nt, .jsonld)")
    sub.add_argument(
        "--top",
        type=int,
        default=10,
        metavar="N",
        help="how many entities, communities and people to list (default: 10)",
    )
    sub.add_argument("--seed", type=int, default=0, help="seed of the community detection (default: 0)")
    sub.add_argument("--json", action="store_true", help="print the statistics as JSON")


def run_stats(args: argparse.Namespace) -> int:
    from .analytics import graph_stats, graph_view
    from .cli import EXIT_OK
    from .export import load_graph

    stats = graph_stats(graph_view(load_graph(args.graph)), top=args.top, seed=args.seed)
    if args.json:
        print(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats))
    return EXIT_OK


def format_stats(stats: Any) -> str:
    """The statistics as aligned plain text."""
    from .query import pad

    names = stats.names

    def named(key: str) -> str:
        return f"{key} ({names[key]})" if key in names and names[key] != key else key

    def table(rows: list[tuple[str, str]]) -> list[str]:
        from .query import display_width

        width = max((display_width(left) for left, _right in rows), default=0)
        return [f"  {pad(left, width)}  {right}" for left, right in rows]

    lines = [f"{stats.nodes} nodes, {stats.edges} edges", "", "nodes by type:"]
    lines += table([(named(t), str(n)) for t, n in stats.by_type.items()])
    lines += ["", "edges by relation:"]
    lines += table([(named(r), str(n)) for r, n in stats.by_relation.items()])
    lines += ["", "most central entities (PageRank):"]
    lines += table([(f"{i}. {r.label}", f"{named(r.type)}  {r.score:.4f}") for i, r in enumerate(stats.central, 1)])
    sizes = ", ".join(map(str, stats.component_sizes))
    more = ", ..." if stats.components > len(stats.component_sizes) else ""
    lines += ["", f"connected components: {stats.components} (sizes {sizes}{more})"]
    lines += ["", f"communities: {len(stats.communities)} largest shown, modularity {stats.modularity:.3f}"]
    for i, community in enumerate(stats.communities, 1):
        members = ", ".join(m.label for m in community.members) or "-"
        lines.append(f"  {i}. {community.size} nodes: {members}")
    lines += ["", "people with the most posts and statements:"]
    rows = [
        (p.label, f"{plural(len(p.posts), 'post')}, {plural(p.statements, 'statement')}" + posts_note(p.posts))
        for p in stats.people
    ]
    lines += table(rows) if rows else ["  (none)"]
    return "\n".join(lines)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def posts_note(posts: tuple[str, ...], shown: int = 3) -> str:
    if not posts:
        return ""
    more = f"; +{len(posts) - shown}" if len(posts) > shown else ""
    return f"  ({'; '.join(posts[:shown])}{more})"


def add_export(commands: Any) -> None:
    from .analytics import GRAPH_FORMATS
    from .cli import command

    sub = command(
        commands,
        "export",
        run_export,
        "write a graph for Gephi, yEd or networkx (GraphML, GEXF)",
        "Write the entity-article graph the page draws (entities and articles as nodes, the\n"
        "relations between them as edges) as GraphML or GEXF, which Gephi, yEd, Cytoscape and\n"
        "networkx read. Nodes carry label, type, kind, aliases, articles, mentions; edges carry\n"
        "relation, label, count, and for facts the fact IRI, article and evidence sentence.",
    )
    sub.add_argument("graph", metavar="GRAPH", help="a graph file written by kg build (.ttl, .trig, .nq, .nt, .jsonld)")
    sub.add_argument(
        "--format", choices=sorted(GRAPH_FORMATS), default="graphml", help="file format (default: graphml)"
    )
    sub.add_argument("-o", "--out", metavar="FILE", help="file to write (default: GRAPH with the format's suffix)")


def run_export(args: argparse.Namespace) -> int:
    from .analytics import GRAPH_FORMATS, graph_view, write_graph
    from .cli import EXIT_OK
    from .export import load_graph

    suffix, _writer = GRAPH_FORMATS[args.format]
    out = Path(args.out) if args.out else Path(args.graph).with_suffix(suffix)
    view = graph_view(load_graph(args.graph))
    write_graph(view, out, args.format)
    print(f"wrote {view.number_of_nodes()} nodes and {view.number_of_edges()} edges to {out}")
    return EXIT_OK
