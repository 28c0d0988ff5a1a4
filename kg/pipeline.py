"""The one place that composes the stages.

    files --ingest--> Article --recognize--> Mention --link--> LinkedMention
          --relate--> relations --rdf--> rdflib Dataset --export--> files

``extract`` runs the per-article stages; ``build`` runs a whole folder and
writes the outputs and ``report.json``. Nothing here prints or exits: progress
goes to an optional callback, failures into the report.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset

from . import export, ingest, link, recognize, relate
from .errors import InputError
from .model import ArticleGraph, Article
from .rdf import build_graph


@dataclass
class StageTimer:
    """Seconds spent per stage, summed over articles."""

    seconds: Counter[str] = field(default_factory=Counter)

    def run(self, stage: str, function: Callable[..., Any], *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args)
        finally:
            self.seconds[stage] += time.perf_counter() - started


def extract(article: Article, timer: StageTimer | None = None) -> ArticleGraph:
    """Recognise, link and relate one cleaned article."""
    timer = timer or StageTimer()
    mentions = timer.run("recognize", recognize.recognize, article)
    linked = timer.run("link", link.link, article, mentions)
    relations = timer.run("relate", relate.relate, article, mentions, linked)
    return ArticleGraph(article, tuple(linked), tuple(relations))


def extract_records(paths: Iterable[str | os.PathLike[str]]) -> Iterator[dict[str, Any] | InputError]:
    """``kg extract`` records (see ``evaluate.article_record``), or the errors."""
    for item in read_all(paths, StageTimer()):
        yield item if isinstance(item, InputError) else extract_article_record(item)


def extract_article_record(article: Article) -> dict[str, Any]:
    from .evaluate import article_record

    mentions = recognize.recognize(article)
    return article_record(article, mentions, link.link(article, mentions))


def read_all(paths: Iterable[str | os.PathLike[str]], timer: StageTimer) -> Iterator[Article | InputError]:
    files, errors = ingest.find_article_files(list(paths))
    yield from errors
    for path in files:
        started = time.perf_counter()
        try:
            yield from ingest.read_articles(path)
        except InputError as error:
            yield error
        except (RecursionError, MemoryError, ValueError) as error:
            yield InputError(str(path), f"cannot be parsed: {type(error).__name__}: {error}")
        finally:
            timer.seconds["read"] += time.perf_counter() - started


@dataclass
class BuildResult:
    dataset: Dataset
    articles: list[ArticleGraph]
    report: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.report["failures"]


ProgressCallback = Callable[[str, int], None]


def build(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    formats: Iterable[str] = ("turtle",),
    html: bool = True,
    progress: ProgressCallback | None = None,
) -> BuildResult:
    """Build the knowledge graph of the articles under ``paths``.

    With ``out_dir``, writes ``graph.<suffix>`` for each format, ``graph.html``
    and ``report.json`` there. Articles that cannot be read are listed in the
    report with the reason; every other article is still built.
    """
    timer = StageTimer()
    started = time.perf_counter()
    paths = [str(p) for p in paths]
    results: list[ArticleGraph] = []
    failures: list[dict[str, str]] = []
    warnings: list[dict[str, str]] = []
    duplicates: list[dict[str, str]] = []
    seen: dict[str, str] = {}
    for item in read_all(paths, timer):
        if isinstance(item, InputError):
            failures.append({"path": item.path, "reason": item.reason})
            continue
        if item.id in seen:
            duplicates.append({"path": item.path, "same_as": seen[item.id]})
            continue
        seen[item.id] = item.path
        warnings.extend({"path": item.path, "warning": w} for w in item.warnings)
        try:
            results.append(extract(item, timer))
        except RecursionError as error:
            failures.append({"path": item.path, "reason": f"extraction failed: {type(error).__name__}"})
        if progress:
            progress(item.path, len(results))

    results.sort(key=lambda r: r.article.id)
    dataset = timer.run("graph", build_graph, results)
    outputs: dict[str, str] = {}
    if out_dir is not None:
        out = Path(out_dir)
        for rdf_format in formats:
            suffix, _writer = export.FORMATS[rdf_format]
            path = timer.run("serialize", export.write_rdf, dataset, out / f"graph{suffix}", rdf_format)
            outputs[rdf_format] = str(path)
        if html:
            from .html import write_html

            outputs["html"] = str(timer.run("html", write_html, dataset, out / "graph.html"))

    report = make_report(paths, results, dataset, failures, warnings, duplicates, timer, time.perf_counter() - started)
    report["outputs"] = outputs
    if out_dir is not None:
        with export.atomic_write(Path(out_dir) / "report.json", "w") as stream:
            json.dump(report, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
    return BuildResult(dataset, results, report)


def make_report(
    paths: list[str],
    results: list[ArticleGraph],
    dataset: Dataset,
    failures: list[dict[str, str]],
    warnings: list[dict[str, str]],
    duplicates: list[dict[str, str]],
    timer: StageTimer,
    total_seconds: float,
) -> dict[str, Any]:
    entities = {linked.entity.key for result in results for linked in result.mentions}
    by_label = Counter(label for label, _name in entities)
    relations = Counter(type(r).__name__ for result in results for r in result.relations)
    return {
        "inputs": paths,
        "articles": {
            "built": len(results),
            "failed": len(failures),
            "duplicates": len(duplicates),
            "characters": sum(len(r.article.text) for r in results),
        },
        "entities": {"total": len(entities), "by_label": dict(sorted(by_label.items()))},
        "mentions": sum(len(r.mentions) for r in results),
        "relations": dict(sorted(relations.items())),
        "triples": len(set(dataset.triples((None, None, None)))),
        "failures": failures,
        "duplicates": duplicates,
        "warnings": warnings,
        "seconds": {stage: round(s, 3) for stage, s in sorted(timer.seconds.items())} | {"total": round(total_seconds, 3)},
    }
