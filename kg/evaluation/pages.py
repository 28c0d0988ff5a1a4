"""Scoring readers of whole saved news pages against a page gold (``kg eval --pages``).

The gold is JSON Lines, one saved page a line (``tests/pages/gold.jsonl``)::

    {"file": "01_chinanews.html", "kind": "article" | "list", "title": ..., "date": "2012-07-10 22:13",
     "outlet": ..., "source": ... | null, "credits": [{"role": ..., "name": ...}], "body": "paragraph\\nparagraph", ...}

``file`` is relative to the gold file's folder. Each reader (``READERS``: kg's
own and the main-content libraries, see ``kg.evaluation.page_readers``) reads
every page from its bytes, and is scored on:

body     precision, recall and F1 over the character bigrams of the text with
         all whitespace removed (a multiset: a bigram counts as often as it
         occurs), as the article-extraction benchmarks score; per page, then
         the mean and the minimum over the article pages
title    exact, after whitespace is collapsed (U+3000 counts as a space)
date     the same day
outlet   the same outlet: exact after whitespace is collapsed, or two names outlets.yaml
         gives one outlet (a portal's channel, 搜狐音乐, is the portal's)
source   the outlet a reprint names (来源：新华网): exact, after whitespace is
         collapsed; where the gold's source is null, right when the reader finds
         none (a gold without the field is not scored on it)
credits  the share of the gold's credited names the reader found
kind     list pages reported as lists (and article pages as articles)
speed    pages per second, reading from bytes already in memory
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.evaluation.page_readers import PageReading, Reader, get_reader
from kg.read.page_meta import load_page_rules, outlet_named

WHITESPACE = re.compile(r"\s+")
DAY = re.compile(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})")


@dataclass(frozen=True)
class GoldPage:
    file: str
    path: Path
    kind: str
    title: str
    date: str | None
    outlet: str | None
    credits: tuple[str, ...]
    body: str
    source: str | None = None
    has_source: bool = False  # the gold records the source (null when the page names none)
    record: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def load_page_gold(path: str | Path) -> list[GoldPage]:
    """The gold pages of a gold file; an error names the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise KgError(f"{path}: cannot read the page gold: {error.strerror or error}") from error
    pages = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            page = GoldPage(
                file=record["file"],
                path=path.parent / record["file"],
                kind=record.get("kind") or "article",
                title=record.get("title") or "",
                date=record.get("date"),
                outlet=record.get("outlet"),
                credits=tuple(c["name"] for c in record.get("credits") or ()),
                body=record.get("body") or "",
                source=record.get("source"),
                has_source="source" in record,
                record=record,
            )
        except (ValueError, KeyError, TypeError) as error:
            raise KgError(f"{path}:{number}: not a page gold record: {type(error).__name__}: {error}") from error
        if not page.path.is_file():
            raise KgError(f"{path}:{number}: the page {page.file} is not in {path.parent}")
        pages.append(page)
    if not pages:
        raise KgError(f"{path}: no gold pages")
    return pages


# --- measures ------------------------------------------------------------------------------


def bigrams(text: str) -> Counter[str]:
    """The character bigrams of a text, whitespace ignored.

    >>> sorted(bigrams("新华 社").items())
    [('华社', 1), ('新华', 1)]
    """
    chars = WHITESPACE.sub("", text)
    if len(chars) == 1:
        return Counter([chars])
    return Counter(chars[i:i + 2] for i in range(len(chars) - 1))


def body_scores(gold: str, predicted: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted body's bigrams against the gold's.

    >>> body_scores("甲乙丙", "甲乙丙")
    (1.0, 1.0, 1.0)
    >>> body_scores("甲乙丙", "")
    (0.0, 0.0, 0.0)
    """
    gold_grams, found = bigrams(gold), bigrams(predicted)
    overlap = sum((gold_grams & found).values())
    precision = overlap / sum(found.values()) if found else (1.0 if not gold_grams else 0.0)
    recall = overlap / sum(gold_grams.values()) if gold_grams else (1.0 if not found else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def same_text(gold: str | None, predicted: str | None) -> bool:
    """Exact, after whitespace (U+3000 too) is collapsed to one space."""
    if not gold:
        return not predicted
    return bool(predicted) and collapse(gold) == collapse(predicted)  # type: ignore[arg-type]


def same_outlet(gold: str | None, predicted: str | None) -> bool:
    """The same outlet: the same text, or two names outlets.yaml gives one outlet
    (新浪网 and 新浪新闻; a portal's channel, 搜狐音乐, is the portal's)."""
    if same_text(gold, predicted):
        return True
    if not (gold and predicted):
        return False
    rules = load_page_rules()
    outlet = outlet_named(collapse(gold), rules)
    return outlet is not None and outlet == outlet_named(collapse(predicted), rules)


def collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text.replace("\u3000", " ")).strip()


def day_of(value: Any) -> dt.date | None:
    """The day a date text (or date, or time) names.

    >>> day_of("2012-07-10 22:13"), day_of("2012年7月10日")
    (datetime.date(2012, 7, 10), datetime.date(2012, 7, 10))
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DAY.search(str(value))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


# --- one run --------------------------------------------------------------------------------


@dataclass
class PageScore:
    file: str
    kind: str
    found_kind: str
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    title: bool | None = None
    date: bool | None = None
    outlet: bool | None = None
    source: bool | None = None
    credits_found: int = 0
    credits_gold: int = 0
    seconds: float = 0.0
    error: str | None = None
    reading: PageReading | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in vars(self).items() if k != "reading"}
        for key in ("precision", "recall", "f1"):
            if out[key] is not None:
                out[key] = round(out[key], 4)
        out["seconds"] = round(self.seconds, 4)
        return out


def score_page(gold: GoldPage, reading: PageReading, seconds: float) -> PageScore:
    score = PageScore(gold.file, gold.kind, reading.kind, seconds=seconds, reading=reading)
    if gold.kind != "article":
        return score
    score.precision, score.recall, score.f1 = body_scores(gold.body, reading.body if reading.kind == "article" else "")
    score.title = same_text(gold.title, reading.title)
    score.date = day_of(gold.date) is not None and day_of(gold.date) == day_of(reading.date)
    score.outlet = same_outlet(gold.outlet, reading.outlet)
    score.source = same_text(gold.source, reading.source) if gold.has_source else None
    names = set(reading.credits)
    score.credits_gold = len(set(gold.credits))
    score.credits_found = sum(name in names for name in set(gold.credits))
    return score


@dataclass
class PageEvaluation:
    reader: str
    pages: list[PageScore]

    def summary(self) -> dict[str, Any]:
        articles = [p for p in self.pages if p.kind == "article"]
        lists = [p for p in self.pages if p.kind != "article"]
        f1s = [p.f1 or 0.0 for p in articles]
        seconds = sum(p.seconds for p in self.pages)

        def share(values: list[bool | None]) -> float:
            return round(sum(bool(v) for v in values) / len(values), 4) if values else 0.0

        credits_gold = sum(p.credits_gold for p in articles)
        return {
            "reader": self.reader,
            "pages": len(self.pages),
            "articles": len(articles),
            "lists": len(lists),
            "body": {
                "precision": round(statistics.fmean(p.precision or 0.0 for p in articles), 4) if articles else 0.0,
                "recall": round(statistics.fmean(p.recall or 0.0 for p in articles), 4) if articles else 0.0,
                "f1_mean": round(statistics.fmean(f1s), 4) if f1s else 0.0,
                "f1_min": round(min(f1s), 4) if f1s else 0.0,
                "below_0.80": sum(f < 0.8 for f in f1s),
            },
            "title": share([p.title for p in articles]),
            "date": share([p.date for p in articles]),
            "outlet": share([p.outlet for p in articles]),
            "source": share([p.source for p in articles if p.source is not None]),
            "credits_recall": round(sum(p.credits_found for p in articles) / credits_gold, 4) if credits_gold else 0.0,
            "lists_detected": share([p.found_kind == "list" for p in lists]),
            "articles_as_lists": sum(p.found_kind == "list" for p in articles),
            "errors": sum(p.error is not None for p in self.pages),
            "seconds": round(seconds, 4),
            "pages_per_second": round(len(self.pages) / seconds, 2) if seconds else 0.0,
        }


def evaluate_pages(gold_path: str | Path, reader: str | Reader = "kg", repeat: int = 1) -> PageEvaluation:
    """Read every gold page with ``reader`` and score it. A reader that fails on
    a page scores nothing on it (the error is kept), and the run goes on.

    ``repeat`` reads each page that many times and keeps the fastest time,
    so that the speed is less at the mercy of the machine's other work.
    """
    read = get_reader(reader) if isinstance(reader, str) else reader
    name = reader if isinstance(reader, str) else getattr(reader, "__name__", "reader")
    scores = []
    for gold in load_page_gold(gold_path):
        data = gold.path.read_bytes()
        best = float("inf")
        reading, error = PageReading(kind="article"), None
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            try:
                reading = read(data, str(gold.path))
            except Exception as problem:  # noqa: BLE001 - a reader's failure on one page is its score there
                error = f"{type(problem).__name__}: {problem}"
            best = min(best, time.perf_counter() - started)
        score = score_page(gold, reading, best)
        score.error = error
        scores.append(score)
    return PageEvaluation(name, scores)


def print_page_table(evaluation: PageEvaluation, per_page: bool = True) -> str:
    """The scores as a text table: one row a page, then the summary."""
    lines = []
    if per_page:
        lines.append(f"{'page':<24}{'kind':>8}{'P':>7}{'R':>7}{'F1':>7}{'title':>6}{'date':>5}{'outlet':>7}{'source':>7}{'credits':>8}")
        for p in evaluation.pages:
            if p.kind != "article":
                lines.append(f"{p.file:<24}{p.kind + ('' if p.found_kind == p.kind else '!'):>8}")
                continue
            mark = lambda ok: "y" if ok else "-"  # noqa: E731
            credit = f"{p.credits_found}/{p.credits_gold}" if p.credits_gold else ""
            lines.append(
                f"{p.file:<24}{p.found_kind:>8}{p.precision:>7.3f}{p.recall:>7.3f}{p.f1:>7.3f}"
                f"{mark(p.title):>6}{mark(p.date):>5}{mark(p.outlet):>7}{'' if p.source is None else mark(p.source):>7}{credit:>8}" + (f"  {p.error}" if p.error else "")
            )
    s = evaluation.summary()
    b = s["body"]
    lines.append(
        f"{s['reader']}: {s['articles']} articles, {s['lists']} lists | body F1 mean {b['f1_mean']:.3f} min {b['f1_min']:.3f} "
        f"(P {b['precision']:.3f} R {b['recall']:.3f}, {b['below_0.80']} below 0.80) | title {s['title']:.3f} date {s['date']:.3f} "
        f"outlet {s['outlet']:.3f} source {s['source']:.3f} credits {s['credits_recall']:.3f} | lists {s['lists_detected']:.3f} "
        f"| {s['pages_per_second']:.1f} pages/s"
    )
    return "\n".join(lines)
