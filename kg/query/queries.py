"""The shipped SPARQL queries, one per competency question, and running them.

Queries are plain SPARQL 1.1 files in ``kg/data/queries/`` that run the same
in any engine; ``run_query`` runs them in Oxigraph (the graph file read straight
into a store, or a persistent store kept on disk) or, for comparison, in rdflib.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Literal as TypingLiteral

from kg.errors import KgError
from kg.query.store import as_store, query_options
from kg.resources import data_path

Engine = TypingLiteral["rdflib", "oxigraph"]


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]  # lexical forms; None where unbound

    def as_dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def shipped_queries() -> dict[str, Path]:
    """Name -> file of every query that ships with kg."""
    return {path.stem: path for path in sorted(data_path("queries").glob("*.rq"))}


def query_text(name_or_file: str | os.PathLike[str]) -> str:
    """The SPARQL of a shipped query (by name) or of a file."""
    queries = shipped_queries()
    if str(name_or_file) in queries:
        return queries[str(name_or_file)].read_text(encoding="utf-8")
    path = Path(name_or_file)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    raise KgError(f"no query named {str(name_or_file)!r}: give a .rq file or one of {', '.join(queries)}")


def run_query(
    graph: Any,
    name_or_file: str | os.PathLike[str],
    *,
    engine: Engine = "oxigraph",
    store_dir: str | os.PathLike[str] | None = None,
) -> QueryResult:
    """Run a SELECT query over the union of the graph's named graphs.

    ``graph`` is a graph file's path (read straight into Oxigraph; kept in the
    persistent store ``store_dir`` when given), an Oxigraph store, or an rdflib
    graph or dataset (``kg.build(...).dataset``). ``engine="rdflib"`` runs the
    query in rdflib instead, for comparison; it is much slower on big graphs.
    """
    sparql = query_text(name_or_file)
    if engine == "oxigraph":
        return run_oxigraph(as_store(graph, store_dir=store_dir), sparql, str(name_or_file))
    if engine != "rdflib":
        raise KgError(f"unknown engine {engine!r}; expected oxigraph or rdflib")
    dataset = rdflib_graph(graph)
    try:
        result = dataset.query(sparql)
    except Exception as error:  # rdflib's parser raises pyparsing errors
        raise KgError(f"query {str(name_or_file)!r} failed: {error}") from error
    if result.type != "SELECT":
        raise KgError(f"query {str(name_or_file)!r} is a {result.type}; kg query prints SELECT results (kg serve answers any query)")
    columns = tuple(str(v) for v in result.vars or ())
    rows = tuple(tuple(lexical(row[c]) for c in columns) for row in result)  # type: ignore[index]
    return QueryResult(columns, rows)


def rdflib_graph(graph: Any) -> Any:
    """The graph as rdflib holds it: read from its file, or copied out of a store."""
    import pyoxigraph as ox
    from rdflib import Graph

    if isinstance(graph, Graph):
        return graph
    if isinstance(graph, (str, os.PathLike)):
        from kg.graph.export import load_graph

        return load_graph(graph)
    if isinstance(graph, ox.Store):
        from kg.graph.rdf import new_dataset

        dataset = new_dataset()
        dataset.parse(data=graph.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return dataset
    raise TypeError(f"expected a graph file, an Oxigraph store or an rdflib graph, not {type(graph).__name__}")


def lexical(term: object) -> str | None:
    """A term as text; dates with times in their canonical XSD form (Z for UTC),
    as Oxigraph prints them, where rdflib would print +00:00."""
    from rdflib import XSD, Literal

    from kg.graph.rdf import canonical_datetime

    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype == XSD.dateTime and isinstance(term.value, dt.datetime):
        return canonical_datetime(term.value)
    return str(term)


def run_oxigraph(store: Any, sparql: str, name: str = "query") -> QueryResult:
    import pyoxigraph as ox

    try:
        solutions = store.query(sparql, **query_options(store))
    except SyntaxError as error:
        raise KgError(f"query {name!r} is not valid SPARQL: {error}") from error
    except OSError as error:  # evaluation errors
        raise KgError(f"query {name!r} failed in Oxigraph: {error}") from error
    if not isinstance(solutions, ox.QuerySolutions):
        kind = "an ASK" if isinstance(solutions, ox.QueryBoolean) else "a CONSTRUCT or DESCRIBE"
        raise KgError(f"query {name!r} is {kind} query; kg query prints SELECT results (kg serve answers any query)")
    columns = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(None if solution[c] is None else solution[c].value for c in columns) for solution in solutions)
    return QueryResult(columns, rows)


def format_result(result: QueryResult, output_format: str = "table") -> str:
    """The rows as an aligned text table, CSV or JSON."""
    if output_format == "json":
        return json.dumps(result.as_dicts(), ensure_ascii=False, indent=2)
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return buffer.getvalue().rstrip("\n")
    if output_format != "table":
        raise KgError(f"unknown output format {output_format!r}; expected table, csv or json")
    cells = [list(result.columns), *[["" if v is None else shorten(v) for v in row] for row in result.rows]]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(result.columns))]
    lines = ["  ".join(pad(value, width) for value, width in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(result.rows)} rows)")
    return "\n".join(lines)


def shorten(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
