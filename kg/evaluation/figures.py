"""Scoring reported figures against hand-annotated gold (``kg eval --figures GOLD``).

The gold (``tests/gold/figures.yaml``) names news items by reference and lists,
per item, every reported figure as ``[indicator, value, unit, basis, period]``
(a share adds its whole). kg reads each item again, extracts it, and every
``Figure`` it finds becomes one row in the same terms.

A predicted row matches a gold figure when

- the value is the same number (``Decimal`` equality: 0.049 is 4.9%),
- the unit is the same (CNY, %, pp for percentage points, 倍, a measure word),
- the basis is the same (yoy, prev, year:2019, 2yavg, yearend, none), and
- the indicator is right: after ``indicator_key`` (no space, quotes, brackets
  or 的; a final 总值/总额/金额 dropped, 出口额 read as 出口) it equals one of the gold's readings
  (``A|B``), or ends with one and adds at most ``PREFIX_SLACK`` characters in
  front (我国, 全国, a place: 我国货物贸易出口 for 货物贸易出口). A prediction that
  cuts the gold's name (密集型服务出口额 for 知识密集型服务出口额) does not match.

Two readings a reader accepts as the same are also matched (``lenient``, the default; the
strict match is ``kg eval --figures --strict-indicators``): a rate or difference (unit % or
pp) named with or without its rate attribute (万科股价跌幅 -32% is 万科股价 -32%: a rate has
the indicator of what changed, and the gold lists both where it thought of it: 制造业投资增速|
制造业投资); and a gold reading that names in front the place kg read as the figure's place
(中国外汇储备 for 外汇储备 with the place 中国: kg keeps the place apart, the guidelines say
"the place is not part of it").

Matching is one to one, in gold order. Identical predictions (the same
indicator, value, unit and basis read twice) count once. Period and whole are
not part of a match; they are reported as the share of matches that have them
right.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.recognize.settings import RecognizerSettings
from kg.types import Figure

PREFIX_SLACK = 4
SUFFIXES = {"总值": "", "总额": "", "金额": "", "口额": "口"}  # 出口额 -> 出口, not 余额 -> 余
BASES = {"yoy", "prev", "2yavg", "yearend", "none"}
DROP = re.compile(r"[\s“”\"'‘’《》「」『』的]|\([^()]*\)")  # after NFKC, （） are ()


@dataclass(frozen=True)
class Row:
    """A figure in the terms of the gold."""

    indicator: str
    value: Decimal
    unit: str
    basis: str
    period: tuple[dt.date, dt.date] | None = None
    whole: str | None = None
    places: tuple[str, ...] = ()  # the names of the place kg read as the figure's


@dataclass(frozen=True)
class GoldItem:
    path: str
    split: str
    figures: tuple[tuple[tuple[str, ...], Row], ...]  # (readings, row)


def indicator_key(text: str) -> str:
    """An indicator as compared: 我国“老三样”出口额 -> 我国老三样出口."""
    text = DROP.sub("", unicodedata.normalize("NFKC", text))
    for suffix, replacement in SUFFIXES.items():
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)] + replacement
    return text


RATE_ATTRIBUTE = re.compile("(?:涨幅|跌幅|增幅|降幅|增速|增长率|成长率|成長率|增長率)$")
RATE_UNITS = {"%", "pp"}


def indicator_matches(readings: Iterable[str], predicted: str, unit: str = "", places: Sequence[str] = (),
                      lenient: bool = False) -> bool:
    key = indicator_key(predicted)
    for reading in readings:
        gold = indicator_key(reading)
        if key == gold or (key.endswith(gold) and len(key) - len(gold) <= PREFIX_SLACK):
            return True
        if not lenient:
            continue
        if unit in RATE_UNITS:
            bare_key, bare_gold = without_rate_attribute(key), without_rate_attribute(gold)
            if bare_key == bare_gold or (bare_key.endswith(bare_gold) and len(bare_key) - len(bare_gold) <= PREFIX_SLACK):
                return True
        if any(gold == indicator_key(place) + key for place in places if place):
            return True
    return False


def without_rate_attribute(key: str) -> str:
    bare = RATE_ATTRIBUTE.sub("", key)
    return bare if len(bare) >= 2 else key


# --- gold -------------------------------------------------------------------------------


def parse_period(value: Any, where: str) -> tuple[dt.date, dt.date] | None:
    """YYYY, YYYY-MM, YYYY-MM/YYYY-MM, YYYY-MM-DD (YAML may hand over a date) or null."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value, value
    text = str(value)
    try:
        if "/" in text:
            first, last = text.split("/")
            return parse_period(first, where)[0], parse_period(last, where)[1]  # type: ignore[index]
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            start = dt.date(parts[0], parts[1], 1)
            following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return start, following - dt.timedelta(days=1)
        day = dt.date(*parts)
        return day, day
    except (ValueError, TypeError) as error:
        raise KgError(f"{where}: period {value!r} is not YYYY, YYYY-MM, YYYY-MM-DD or FROM/TO") from error


def load_gold(path: str | os.PathLike[str]) -> list[GoldItem]:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise KgError(f"{path}: cannot read the figure gold: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise KgError(f"{path}: the figure gold needs a list 'items'")
    items = []
    for number, item in enumerate(data["items"], 1):
        where = f"{path}: item {number}"
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise KgError(f"{where}: needs a 'path'")
        where = f"{path}: {item['path']}"
        figures = []
        for index, entry in enumerate(item.get("figures") or [], 1):
            if not (isinstance(entry, list) and len(entry) in (5, 6)):
                raise KgError(f"{where}: figure {index} is not [indicator, value, unit, basis, period(, whole)]")
            indicator, value, unit, basis, period = entry[:5]
            try:
                number_value = Decimal(str(value))
            except InvalidOperation as error:
                raise KgError(f"{where}: figure {index}: value {value!r} is not a number") from error
            if not (basis in BASES or re.fullmatch(r"year:\d{4}", str(basis))):
                raise KgError(f"{where}: figure {index}: basis {basis!r} is not one of {sorted(BASES)} or year:YYYY")
            readings = tuple(str(indicator).split("|"))
            row = Row(readings[0], number_value, str(unit), str(basis), parse_period(period, f"{where}: figure {index}"),
                      entry[5] if len(entry) == 6 else None)
            figures.append((readings, row))
        items.append(GoldItem(item["path"], str(item.get("split", "dev")), tuple(figures)))
    return items


# --- predictions ------------------------------------------------------------------------

UNITS = {"percentage point": "pp"}


def figure_row(figure: Figure) -> Row:
    """A figure kg found, in the gold's terms."""
    basis = getattr(figure, "basis", None) or "none"
    if basis == "year":
        basis = f"year:{figure.basis_year}"
    period = (figure.period_start, figure.period_end) if figure.period_start and figure.period_end else None
    place = getattr(figure, "place", None)
    places = (place.name, *place.aliases) if place is not None else ()
    return Row(figure.indicator, figure.value, UNITS.get(figure.unit or "", figure.unit or ""), basis, period,
               getattr(figure, "share_of", None), places)


def predicted_rows(relations: Iterable[Any]) -> list[Row]:
    rows = {}
    for relation in relations:
        if isinstance(relation, Figure):
            row = figure_row(relation)
            rows.setdefault((indicator_key(row.indicator), row.value, row.unit, row.basis), row)
    return list(rows.values())


# --- scores -----------------------------------------------------------------------------


@dataclass
class FigureScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    period_right: int = 0
    wholes: int = 0
    whole_right: int = 0

    def add(self, other: FigureScore) -> None:
        for name in ("gold", "predicted", "matched", "period_right", "wholes", "whole_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "period_right": round(self.period_right / self.matched, 3) if self.matched else 0.0,
            "whole_right": round(self.whole_right / self.wholes, 3) if self.wholes else 0.0,
        }


def score_item(item: GoldItem, rows: Sequence[Row], errors: list[dict[str, Any]] | None = None,
               lenient: bool = False) -> FigureScore:
    score = FigureScore(gold=len(item.figures), predicted=len(rows))
    free = list(rows)
    for readings, gold in item.figures:
        match = next((r for r in free if r.value == gold.value and r.unit == gold.unit and r.basis == gold.basis
                      and indicator_matches(readings, r.indicator, r.unit, r.places, lenient)), None)
        if match is None:
            if errors is not None:
                errors.append({"path": item.path, "missed": row_text(gold, "|".join(readings))})
            continue
        free.remove(match)
        score.matched += 1
        score.period_right += match.period == gold.period
        if gold.whole:
            score.wholes += 1
            score.whole_right += bool(match.whole) and (indicator_key(gold.whole) in indicator_key(match.whole)
                                                         or indicator_key(match.whole) in indicator_key(gold.whole))
    if errors is not None:
        errors.extend({"path": item.path, "spurious": row_text(r, r.indicator)} for r in free)
    return score


def row_text(row: Row, indicator: str) -> str:
    return f"{indicator} {row.value} {row.unit} {row.basis}"


def evaluate_figures(path: str | os.PathLike[str], splits: Iterable[str] | None = None, settings: RecognizerSettings | None = None,
                     lenient: bool = True) -> dict[str, Any]:
    """Extract every gold item again and score its figures, per split and overall."""
    from kg.evaluation.scoring import read_gold_source
    from kg.pipeline import extract

    wanted = set(splits) if splits else None
    scores: dict[str, FigureScore] = {}
    errors: list[dict[str, Any]] = []
    for item in load_gold(path):
        if wanted and item.split not in wanted:
            continue
        article = read_gold_source(item.path, Path(path).parent)
        rows = predicted_rows(extract(article, settings=settings).relations)
        item_score = score_item(item, rows, errors, lenient)
        for name in (item.split, "overall"):
            scores.setdefault(name, FigureScore()).add(item_score)
    return {"splits": {name: score.summary() for name, score in scores.items()}, "errors": errors}
