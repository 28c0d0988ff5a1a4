"""The one place that composes the stages.

    inputs --sources--> units --ingest--> Article --recognize--> Mention --link--> LinkedMention
          --relate--> relations --rdf--> N-Quads lines --spool--> sorted chunks --export--> files

``extract`` runs the per-article stages; ``build`` runs a whole folder and
writes the outputs and ``report.json``. Nothing here prints or exits: progress
goes to an optional callback, failures into the report.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import multiprocessing
import multiprocessing.pool
import os
import pickle
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kg import link
from kg.errors import InputError, NotAnArticle
from kg.facts.relate import relate
from kg.graph import export, outputs
from kg.graph.iri import entity_iri
from kg.graph.rdf import article_lines, entities_of, entity_lines, to_rdflib
from kg.graph.spool import GraphLines, GraphSpool
from kg.read.records import FieldMap
from kg.read.sources import Skipped, Unit, read_unit, units_of
from kg.recognize.recognizer import Recognizer, recognizer_for
from kg.recognize.settings import RecognizerSettings
from kg.types import Article, ArticleGraph, Entity, LinkedMention, Mention


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


# Entities and facts are extracted from the first this many characters of an
# article (cut at a paragraph end); the whole text is still in the graph. News
# articles are far shorter, and extraction time grows faster than the text.
MAX_EXTRACT_CHARS = 200_000


def extract(article: Article, timer: StageTimer | None = None, settings: RecognizerSettings | None = None) -> ArticleGraph:
    """Recognise, link and relate one cleaned article."""
    timer = timer or StageTimer()
    recognizer = recognizer_for(settings or RecognizerSettings())
    scope = extraction_scope(article)
    mentions = timer.run("recognize", recognizer, scope)
    linked = timer.run("link", link.link, scope, mentions, gazetteer_of(recognizer))
    relations = timer.run("relate", relate, scope, mentions, linked)
    return ArticleGraph(replace(article, warnings=scope.warnings), tuple(linked), tuple(relations))


def gazetteer_of(recognizer: Recognizer) -> link.Gazetteer:
    """The entities of the gazetteers the recogniser matched, for linking and merging."""
    return link.load_gazetteer(recognizer.rules)


def extraction_scope(article: Article, limit: int = MAX_EXTRACT_CHARS) -> Article:
    """The article, or its first ``limit`` characters (to a paragraph end) with a warning."""
    if len(article.text) <= limit:
        return article
    cut = article.text.rfind("\n", 0, limit + 1)
    cut = cut if cut > 0 else limit
    warning = f"text is {len(article.text)} characters long; entities and facts were extracted from the first {cut} only"
    return replace(article, text=article.text[:cut], warnings=(*article.warnings, warning))




def extract_records(
    paths: Iterable[str | os.PathLike[str]], fields: FieldMap | None = None, settings: RecognizerSettings | None = None
) -> Iterator[dict[str, Any] | InputError]:
    """``kg extract`` records (see ``article_record``), or the errors."""
    for item in read_all(paths, StageTimer(), fields):
        yield item if isinstance(item, InputError) else extract_article_record(item, settings)


def extract_article_record(article: Article, settings: RecognizerSettings | None = None) -> dict[str, Any]:
    recognizer = recognizer_for(settings or RecognizerSettings())
    mentions = recognizer(article)
    return article_record(article, mentions, link.link(article, mentions, gazetteer_of(recognizer)))


def article_record(article: Article, mentions: Iterable[Mention], linked: Iterable[LinkedMention]) -> dict[str, Any]:
    """One line of ``kg extract --format jsonl``."""
    entities = {(lm.mention.start, lm.mention.end): lm for lm in linked}
    records = []
    for mention in mentions:
        found = entities.get((mention.start, mention.end))
        entity = found.entity if found else None
        records.append(
            {
                "text": mention.text,
                "label": mention.label,
                "start": mention.start,
                "end": mention.end,
                "entity": str(entity_iri(entity.label, entity.name)) if entity else None,
                "canonical": found.canonical if found else (mention.canonical or mention.text),
                "source": mention.source,
            }
        )
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "entities": records,
    }


def read_all(paths: Iterable[str | os.PathLike[str]], timer: StageTimer, fields: FieldMap | None = None) -> Iterator[Article | InputError]:
    """Every article under the paths (or why it could not be read), in order."""
    for unit in units_of(paths, fields):
        if isinstance(unit, InputError):
            yield unit
        elif isinstance(unit, Unit):
            yield from timer.run("read", lambda u=unit: list(read_unit(u)))


# --- units of work ----------------------------------------------------------------
# A unit (``kg.sources.Unit``) is one file, archive member or record: what a
# worker reads and extracts.


@dataclass(frozen=True)
class Extracted:
    """What a worker hands back for one article.

    The statements travel as N-Quads lines: bytes cross a process boundary
    (and sit in the cache) far cheaper than pickled quad objects, and the
    sorting and bucketing for the spool is done in the workers; so is merging
    the article's own mentions of one entity.
    """

    graph: ArticleGraph
    lines: GraphLines
    entities: tuple[Entity, ...]  # one per entity the article names, merged within it


Outcome = Extracted | InputError


def process_unit(unit: Unit, settings: RecognizerSettings) -> tuple[list[Outcome], dict[str, float]]:
    """Read, extract and turn into quads everything in one unit (runs in a worker)."""
    timer = StageTimer()
    outcomes: list[Outcome] = []
    for item in timer.run("read", lambda: list(read_unit(unit))):
        if isinstance(item, InputError):
            outcomes.append(item)
            continue
        try:
            extracted = extract(item, timer, settings)
            lines = timer.run("graph", article_lines, extracted)
            entities = tuple(link.merge_entities(entities_of(extracted), gazetteer_of(recognizer_for(settings))).values())
        except Exception as error:  # noqa: BLE001 - one bad article must not stop the build
            outcomes.append(InputError(item.path, f"extraction failed: {type(error).__name__}: {error}"))
            continue
        outcomes.append(Extracted(extracted, lines, entities))
    return outcomes, dict(timer.seconds)


class ExtractionCache:
    """Outcomes of earlier runs, keyed by a unit's content and the rules' version.

    A rebuild after one changed article re-extracts that article only; the
    rest comes from here and gives the same bytes as a full build.
    """

    def __init__(self, folder: Path, settings: RecognizerSettings) -> None:
        self.folder = folder
        self.version = rules_version(settings)

    def key(self, unit: Unit) -> str:
        return hashlib.sha256(self.version.encode() + unit.content_key()).hexdigest()

    def has(self, unit: Unit) -> bool:
        try:
            return self.path(unit).is_file()
        except InputError:
            return False  # cannot be read (a named pipe, a vanished file): process_unit says why

    def get(self, unit: Unit) -> list[Outcome] | None:
        try:
            path = self.path(unit)
        except InputError:
            return None  # cannot be read (a named pipe, a vanished file): process_unit says why
        try:
            with open(path, "rb") as handle:
                outcomes = pickle.loads(zlib.decompress(handle.read()))
        except (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return [relocate(outcome, unit) for outcome in outcomes]

    def put(self, unit: Unit, outcomes: list[Outcome]) -> None:
        # N-Quads lines compress about tenfold, at a third of a millisecond an article
        export.write_checked(self.path(unit), zlib.compress(pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL), 1))

    def path(self, unit: Unit) -> Path:
        return self.folder / f"{self.key(unit)}.pickle.zlib"


def relocate(outcome: Outcome, unit: Unit) -> Outcome:
    """A cached outcome read from a file of the same content at another path."""
    if isinstance(outcome, InputError):
        return type(outcome)(unit.where, outcome.reason)
    graph = outcome.graph
    return replace(outcome, graph=replace(graph, article=replace(graph.article, path=unit.where)))


def rules_version(settings: RecognizerSettings) -> str:
    """A hash of kg's code and data files (the model's weights among them), the user's own
    rules files and the recogniser chosen: any change invalidates the cache."""
    return ("model" if settings.model else "rules") + ":" + _rules_version(settings.gazetteers + settings.patterns)


@functools.cache
def _rules_version(user_files: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in [*sorted([*package.rglob("*.py"), *package.glob("data/**/*")]), *user_files]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run_units(
    units: list[Unit],
    cache: ExtractionCache | None,
    settings: RecognizerSettings,
    *,
    pool: multiprocessing.pool.Pool | None = None,
    jobs: int = 1,
    engine: Engine | None = None,
) -> Iterator[tuple[list[Outcome], dict[str, float]]]:
    """Process units in order, from the cache where possible, in a pool of
    processes (``worker_pool``) or on a Dask cluster."""
    # entries are read one at a time as their turn comes: all at once they would hold the whole graph
    cached = {index for index, unit in enumerate(units) if cache and cache.has(unit)}
    todo = [unit for index, unit in enumerate(units) if index not in cached]
    if engine is not None and todo:
        yield from merge_in_order(units, cached, engine.run(todo, settings), cache, settings)
    elif pool is not None and len(todo) > 1:
        chunksize = max(1, min(16, len(todo) // (jobs * 8)))
        # imap takes every unit at once and keeps every result it has not handed out:
        # a slot per unit in flight keeps that bounded when the workers outpace this process
        slots = threading.BoundedSemaphore(4 * jobs * chunksize)
        fresh = pool.imap(functools.partial(process_unit, settings=settings), in_slots(todo, slots), chunksize=chunksize)
        yield from merge_in_order(units, cached, released(fresh, slots), cache, settings)
    else:
        yield from merge_in_order(units, cached, (process_unit(unit, settings) for unit in todo), cache, settings)


def in_slots(items: Iterable[Unit], slots: threading.BoundedSemaphore) -> Iterator[Unit]:
    for item in items:
        slots.acquire()
        yield item


def released(results: Iterator[Any], slots: threading.BoundedSemaphore) -> Iterator[Any]:
    for result in results:
        slots.release()
        yield result


@contextlib.contextmanager
def worker_pool(jobs: int, settings: RecognizerSettings) -> Iterator[multiprocessing.pool.Pool | None]:
    """``jobs`` processes for extraction, sorting and serialising; None for one."""
    if jobs <= 1:
        yield None
        return
    recognizer_for(settings)  # load once, before forking: the workers share it
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield pool


class Engine:
    """Where extraction runs when it outgrows one machine (see ``DaskEngine``)."""

    def run(self, units: list[Unit], settings: RecognizerSettings) -> Iterator[tuple[list[Outcome], dict[str, float]]]:
        raise NotImplementedError


@dataclass
class DaskEngine(Engine):
    """Extraction on a Dask cluster: units partitioned, partitions extracted in
    parallel on the workers, results gathered in order for global linking.

    ``scheduler`` is a scheduler address (tcp://host:8786); without one a
    LocalCluster of ``workers`` processes runs on this machine. With
    ``partitions_dir`` each partition's statements are also written there as
    N-Quads, ready for a triple store's bulk loader.
    """

    scheduler: str | None = None
    workers: int = 2
    partition_size: int = 64
    partitions_dir: Path | None = None

    def run(self, units: list[Unit], settings: RecognizerSettings) -> Iterator[tuple[list[Outcome], dict[str, float]]]:
        from distributed import Client, LocalCluster

        cluster = None
        if self.scheduler is None:
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, host="127.0.0.1")
        client = Client(self.scheduler or cluster)
        try:
            batches = [units[i:i + self.partition_size] for i in range(0, len(units), self.partition_size)]
            # the workers are processes of their own: the settings travel with each partition
            futures = client.map(process_partition, batches, settings=settings, pure=False)
            for number, future in enumerate(futures):
                results = future.result()
                if self.partitions_dir is not None:
                    write_partition(self.partitions_dir / f"part-{number:05d}.nq", results)
                yield from results
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def process_partition(units: list[Unit], settings: RecognizerSettings) -> list[tuple[list[Outcome], dict[str, float]]]:
    return [process_unit(unit, settings) for unit in units]


def write_partition(path: Path, results: list[tuple[list[Outcome], dict[str, float]]]) -> None:
    with export.atomic_write(path) as stream:
        for outcomes, _seconds in results:
            for outcome in outcomes:
                if not isinstance(outcome, InputError):
                    stream.write(outcome.lines.quads)


def merge_in_order(units, cached, fresh, cache, settings):  # type: ignore[no-untyped-def]
    for index, unit in enumerate(units):
        if index in cached:
            found = cache.get(unit)
            if found is not None:
                yield found, {}
                continue
            outcomes, seconds = process_unit(unit, settings)  # the entry is damaged: extract the unit here
        else:
            outcomes, seconds = next(fresh)
        if cache is not None:
            with contextlib.suppress(InputError):  # a unit that cannot be read is not cached
                cache.put(unit, outcomes)
        yield outcomes, seconds


# --- the whole build ------------------------------------------------------------------


@dataclass
class BuildResult:
    spool: GraphSpool
    articles: list[ArticleGraph]
    report: dict[str, Any]
    _dataset: Dataset | None = None

    @property
    def ok(self) -> bool:
        return not self.report["failures"]

    @property
    def quads(self) -> list[ox.Quad]:
        """Every statement, in the spool's canonical order (made on each use: costly for big graphs)."""
        return self.spool.to_quads()

    @property
    def dataset(self) -> Dataset:
        """The graph as an rdflib Dataset (made on first use: costly for big graphs)."""
        if self._dataset is None:
            self._dataset = to_rdflib(b"".join(self.spool.quad_chunks()))
        return self._dataset


ProgressCallback = Callable[[str, int], None]


@dataclass
class Tally:
    """What the report counts, gathered while articles stream past."""

    failures: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    entity_keys: set[tuple[str, str]] = field(default_factory=set)
    relations: Counter[str] = field(default_factory=Counter)
    built: int = 0
    characters: int = 0
    mentions: int = 0

    def count(self, extracted: ArticleGraph) -> None:
        self.built += 1
        self.characters += len(extracted.article.text)
        self.mentions += len(extracted.mentions)
        self.entity_keys.update(linked.entity.key for linked in extracted.mentions)
        self.relations.update(type(r).__name__ for r in extracted.relations)
        self.warnings.extend({"path": extracted.article.path, "warning": w} for w in extracted.article.warnings)


def build(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    formats: Iterable[str] = ("turtle",),
    html: bool = True,
    jobs: int = 1,
    engine: Engine | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    keep_articles: bool = True,
    progress: ProgressCallback | None = None,
    model: bool = True,
    fields: FieldMap | None = None,
    settings: RecognizerSettings | None = None,
) -> BuildResult:
    """Build the knowledge graph of the articles under ``paths``.

    With ``out_dir``, writes ``graph.<suffix>`` for each format, ``graph.html``
    and ``report.json`` there. Articles that cannot be read are listed in the
    report with the reason; every other article is still built. ``jobs``
    processes extract in parallel, or ``engine`` (a ``DaskEngine``) does; ``cache_dir`` keeps each article's
    extraction for the next build; ``keep_articles=False`` keeps only the
    graph in memory, not the extracted articles. ``paths`` may hold files,
    folders, archives and ``-`` (standard input); ``fields`` names the fields
    of JSON and CSV records where they are not among the common names.
    ``model=False`` recognises with the rules alone (faster, and fewer names
    in no list); ``settings`` chooses the recogniser in full (model, the user's
    gazetteers and patterns) and then wins over ``model``.
    """
    settings = settings or RecognizerSettings(model=model)
    timer = StageTimer()
    started = time.perf_counter()
    paths = [str(p) for p in paths]
    tally = Tally()
    units: list[Unit] = []
    for unit in units_of(paths, fields):
        if isinstance(unit, InputError):
            tally.failures.append({"path": unit.path, "reason": unit.reason})
        elif isinstance(unit, Skipped):
            tally.skipped.append({"path": unit.path, "reason": unit.reason})
        else:
            units.append(unit)
    cache = ExtractionCache(Path(cache_dir), settings) if cache_dir is not None else None
    if out_dir is None:
        return build_into(None, units, paths, tally, timer, started, settings, formats=formats, html=html, jobs=jobs,
                          engine=engine, cache=cache, keep_articles=keep_articles, progress=progress)
    out = Path(out_dir)
    # all outputs or none: written into a new folder beside OUT, which replaces OUT in one
    # step when they are all there; a build killed before leaves the previous outputs whole
    with outputs.new_generation(out) as folder:
        return build_into((out, folder), units, paths, tally, timer, started, settings, formats=formats, html=html,
                          jobs=jobs, engine=in_generation(engine, out, folder), cache=cache,
                          keep_articles=keep_articles, progress=progress)


def in_generation(engine: Engine | None, out: Path, folder: Path) -> Engine | None:
    """The engine, writing its partitions into the new generation when they belong in OUT:
    they are outputs of this build like the others, replaced with them."""
    partitions = getattr(engine, "partitions_dir", None)
    if partitions is None:
        return engine
    where = Path(os.path.realpath(partitions))
    if not where.is_relative_to(os.path.realpath(out)):
        return engine
    return replace(engine, partitions_dir=folder / where.relative_to(os.path.realpath(out)))  # type: ignore[type-var]


def build_into(
    where: tuple[Path, Path] | None,
    units: list[Unit],
    paths: list[str],
    tally: Tally,
    timer: StageTimer,
    started: float,
    settings: RecognizerSettings,
    *,
    formats: Iterable[str],
    html: bool,
    jobs: int,
    engine: Engine | None,
    cache: ExtractionCache | None,
    keep_articles: bool,
    progress: ProgressCallback | None,
) -> BuildResult:
    """The build past reading the inputs; ``where`` is (OUT as the user named it, the
    folder the outputs are written to), or None for no outputs."""
    gazetteer = gazetteer_of(recognizer_for(settings))
    with worker_pool(jobs if engine is None else 1, settings) as pool:
        articles: list[ArticleGraph] = []
        entities: dict[tuple[str, str], Entity] = {}
        spool = GraphSpool()
        seen: dict[str, str] = {}
        for outcomes, seconds in run_units(units, cache, settings, pool=pool, jobs=jobs, engine=engine):
            timer.seconds.update(seconds)
            for outcome in outcomes:
                if isinstance(outcome, NotAnArticle):
                    tally.skipped.append({"path": outcome.path, "reason": outcome.reason})
                    continue
                if isinstance(outcome, InputError):
                    tally.failures.append({"path": outcome.path, "reason": outcome.reason})
                    continue
                extracted = outcome.graph
                article = extracted.article
                if article.id in seen:
                    tally.duplicates.append({"path": article.path, "same_as": seen[article.id]})
                    continue
                seen[article.id] = article.path
                tally.count(extracted)
                link.merge_entities(outcome.entities, gazetteer, merged=entities)
                timer.run("graph", spool.add, outcome.lines)
                if keep_articles:
                    articles.append(extracted)
                if progress:
                    progress(article.path, tally.built)

        articles.sort(key=lambda r: r.article.id)
        timer.run("graph", lambda: spool.add(entity_lines(entities.values())))
        timer.run("graph", spool.finish, pool.map if pool else map)
        result = BuildResult(spool, articles, {})
        if where is None:
            result.report = make_report(paths, tally, spool, timer, time.perf_counter() - started, settings) | {"outputs": {}}
            return result
        out, folder = where
        written: dict[str, str] = {}  # as the user will find them: in OUT
        # with a cache, the chunks serialised by the last build are taken from it
        write_rdf = functools.partial(
            export.write_rdf,
            pieces=export.PieceCache(cache.folder / "serialized") if cache else None,
            map_chunks=pool.map if pool else map,
        )
        for rdf_format in formats:
            suffix, _writer = export.FORMATS[rdf_format]
            timer.run("serialize", write_rdf, spool, folder / f"graph{suffix}", rdf_format)
            written[rdf_format] = str(out / f"graph{suffix}")
        if html:
            from kg.page import write_html

            timer.run("html", lambda: write_html(spool.to_store(), folder / "graph.html"))
            written["html"] = str(out / "graph.html")
        result.report = make_report(paths, tally, spool, timer, time.perf_counter() - started, settings) | {"outputs": written}
        with export.atomic_write(folder / "report.json", "w") as stream:
            json.dump(result.report, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        return result


def make_report(
    paths: list[str], tally: Tally, spool: GraphSpool, timer: StageTimer, total_seconds: float, settings: RecognizerSettings
) -> dict[str, Any]:
    by_label = Counter(label for label, _name in tally.entity_keys)
    return {
        "inputs": paths,
        "articles": {
            "built": tally.built,
            "failed": len(tally.failures),
            "duplicates": len(tally.duplicates),
            "characters": tally.characters,
        },
        "entities": {"total": len(tally.entity_keys), "by_label": dict(sorted(by_label.items()))},
        "mentions": tally.mentions,
        "relations": dict(sorted(tally.relations.items())),
        "triples": spool.triples,
        "recognizer": settings.description(),
        "failures": tally.failures,
        "skipped": tally.skipped,
        "duplicates": tally.duplicates,
        "warnings": tally.warnings,
        "seconds": {stage: round(s, 3) for stage, s in sorted(timer.seconds.items())} | {"total": round(total_seconds, 3)},
    }
