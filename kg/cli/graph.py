"""The commands that read a graph: ``kg query``, ``kg validate``, ``kg stats``,
``kg export`` and ``kg serve``.

Registered in ``kg/cli/main.py``. Like every command they are thin: parse the options,
call the library (``kg.query``, ``kg.query.validate``, ``kg.analytics``, ``kg.query.serve``),
print. Every one reads the graph file with Oxigraph (``kg.query.store``), in memory or,
with ``--store DIR``, in a persistent store loaded once and reused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kg.cli.base import EXIT_FAILED, EXIT_OK, EXIT_USAGE, command, positive_int
from kg.errors import KgError

GRAPH_HELP = "a graph file written by kg build (.ttl, .trig, .nq, .nt, .jsonld)"
STORE_HELP = (
    "keep the graph in a persistent Oxigraph store in DIR: loaded the first time, reused after, "
    "reloaded when the graph file changes"
)


def add_store_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--store", metavar="DIR", help=STORE_HELP)


# --- query and validate -------------------------------------------------------------------


def add_query(commands: Any) -> None:
    from kg.query.queries import shipped_queries

    sub = command(
        commands,
        "query",
        run_query,
        "run a SPARQL query on a graph",
        "Run a shipped competency query by --name, or any SPARQL SELECT in a .rq file,\n"
        "over a graph kg wrote (.ttl, .trig, .nq, .nt, .jsonld), in Oxigraph: the file is\n"
        "read straight into an in-memory store, or with --store DIR into a store on disk\n"
        "that later queries reuse. The default graph is the union of the named graphs.\n"
        "Shipped queries: " + ", ".join(shipped_queries()) + ".",
    )
    sub.add_argument("graph", metavar="GRAPH", help=GRAPH_HELP)
    sub.add_argument("file", nargs="?", metavar="FILE.rq", help="a SPARQL file to run")
    sub.add_argument("--name", help="a shipped query: " + ", ".join(shipped_queries()))
    sub.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    sub.add_argument(
        "--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
        help="SPARQL engine (default: oxigraph; rdflib is much slower on big graphs, for comparison)",
    )
    add_store_option(sub)


def run_query(args: argparse.Namespace) -> int:
    from kg.query.queries import format_result
    from kg.query.queries import run_query as run

    if bool(args.file) == bool(args.name):
        raise KgError("give either --name NAME or a FILE.rq (not both)")
    if args.store and args.engine != "oxigraph":
        raise KgError("--store keeps an Oxigraph store; it does not go with --engine rdflib")
    result = run(args.graph, args.name or args.file, engine=args.engine, store_dir=args.store)
    print(format_result(result, args.format))
    return EXIT_OK


def add_validate(commands: Any) -> None:
    sub = command(
        commands,
        "validate",
        run_validate,
        "check a graph against kg's SHACL shapes",
        "Validate a graph file against the shapes kg ships (kg/data/shapes.ttl) with\n"
        "pyshacl-turbo (Rust), or pySHACL where it is not installed: the same violations.\n"
        "The graph is read into Oxigraph (on disk with --store: the least memory); the engine\n"
        "sees the shapes' focus nodes a batch at a time, with what they point to.\n"
        "Exit status 0 when it conforms, 1 when there are violations (each printed).",
    )
    sub.add_argument("graph", metavar="GRAPH", help=GRAPH_HELP)
    add_store_option(sub)
    sub.add_argument(
        "--workers", type=positive_int, default=None, metavar="N",
        help="batches checked at once by pyshacl-turbo (default 2; 1 takes the least memory)",
    )


def run_validate(args: argparse.Namespace) -> int:
    from kg.query.store import as_store
    from kg.query.validate import validate

    # a file alone is loaded by validate, without the copy of the union queries need
    report = validate(args.graph if args.store is None else as_store(args.graph, store_dir=args.store), workers=args.workers)
    for violation in report.violations:
        print(f"{violation.focus} {violation.path or ''}: {violation.message}")
    if report.conforms:
        print(f"{args.graph}: conforms to kg's shapes ({report.focus_nodes} nodes checked)")
        return EXIT_OK
    print(f"{args.graph}: {len(report.violations)} violation(s)", file=sys.stderr)
    return EXIT_FAILED


# --- stats and export ----------------------------------------------------------------------


def add_stats(commands: Any) -> None:
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
    sub.add_argument("graph", metavar="GRAPH", help=GRAPH_HELP)
    add_store_option(sub)
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
    from kg.analytics import graph_stats, graph_view
    from kg.query.store import as_store

    stats = graph_stats(graph_view(as_store(args.graph, store_dir=args.store)), top=args.top, seed=args.seed)
    if args.json:
        print(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_stats(stats))
    return EXIT_OK


def format_stats(stats: Any) -> str:
    """The statistics as aligned plain text."""
    from kg.query.queries import pad

    names = stats.names

    def named(key: str) -> str:
        return f"{key} ({names[key]})" if key in names and names[key] != key else key

    def table(rows: list[tuple[str, str]]) -> list[str]:
        from kg.query.queries import display_width

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


EXPORT_FORMATS = ("gexf", "graphml")  # the keys of kg.analytics.GRAPH_FORMATS, without importing networkx


def add_export(commands: Any) -> None:
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
    sub.add_argument("graph", metavar="GRAPH", help=GRAPH_HELP)
    add_store_option(sub)
    sub.add_argument(
        "--format", choices=EXPORT_FORMATS, default="graphml", help="file format (default: graphml)"
    )
    sub.add_argument("-o", "--out", metavar="FILE", help="file to write (default: GRAPH with the format's suffix)")


def run_export(args: argparse.Namespace) -> int:
    from kg.analytics import GRAPH_FORMATS, graph_view, write_graph
    from kg.query.store import as_store

    suffix, _writer = GRAPH_FORMATS[args.format]
    out = Path(args.out) if args.out else Path(args.graph).with_suffix(suffix)
    view = graph_view(as_store(args.graph, store_dir=args.store))
    write_graph(view, out, args.format)
    print(f"wrote {view.number_of_nodes()} nodes and {view.number_of_edges()} edges to {out}")
    return EXIT_OK


# --- serve ---------------------------------------------------------------------------------


def add_serve(commands: Any) -> None:
    from kg.query.serve import DEFAULT_MAX_QUERIES, DEFAULT_PORT, DEFAULT_TIMEOUT

    sub = command(
        commands,
        "serve",
        run_serve,
        "serve a graph as a read-only SPARQL endpoint",
        "Serve a graph as a SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql, answered\n"
        "by Oxigraph; read-only (updates get 403). OUT_DIR_OR_GRAPH is a kg build output\n"
        "folder (its graph.nq, graph.trig or graph.ttl; graph.html is served beside the\n"
        "endpoint) or a graph file. http://HOST:PORT/ is a query page with the shipped\n"
        "queries as examples; nothing is loaded from the network. Results are streamed\n"
        "in the format the Accept header asks for: SPARQL JSON, XML, CSV or TSV, and\n"
        "Turtle, N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE. Each query runs in\n"
        "a process of its own, stopped after --timeout or when its client goes away; at\n"
        "most --max-queries run at once (503 with Retry-After beyond). No CORS header unless\n"
        "--cors; a Host header other than the bound name gets 403; SERVICE is refused unless\n"
        "--allow-service. Ctrl-C or SIGTERM stops.\n"
        "\n"
        "example:\n"
        "  kg serve out/ &\n"
        "  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\\n"
        f"       http://127.0.0.1:{DEFAULT_PORT}/sparql",
    )
    sub.add_argument("graph", metavar="OUT_DIR_OR_GRAPH", help="a kg build output folder or a graph file")
    sub.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default: {DEFAULT_PORT}; 0: any free port)")
    sub.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    sub.add_argument("--quiet", action="store_true", help="do not log each request on stderr")
    sub.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                     help=f"stop a query after this long (default: {DEFAULT_TIMEOUT:g})")
    sub.add_argument("--max-queries", type=positive_int, default=DEFAULT_MAX_QUERIES, metavar="N",
                     help=f"queries run at once; more wait up to 2 s, then get 503 (default: {DEFAULT_MAX_QUERIES})")
    sub.add_argument("--cors", metavar="ORIGIN",
                     help="let pages from ORIGIN (https://example.org, or *) query the endpoint; default: none")
    sub.add_argument("--allow-service", action="store_true",
                     help="run SERVICE clauses (the endpoint then fetches the URLs queries name); default: refused")
    add_store_option(sub)


def run_serve(args: argparse.Namespace) -> int:
    from kg.query.serve import PortInUse, serve

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    def announce(line: str) -> None:
        print(line, flush=True)

    try:
        serve(
            args.graph, args.host, args.port, store_dir=args.store, announce=announce, log=None if args.quiet else log,
            timeout=args.timeout, max_queries=args.max_queries, cors=args.cors, allow_service=args.allow_service,
        )
    except PortInUse as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
