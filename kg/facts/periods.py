"""Dates and periods: 今年上半年, 1-5月, 2021年6月末, 上月 read against the article's date
into a start and an end day, with the words of ``kg/data/values.yaml``.

    >>> parse_period("今年上半年", dt.date(2021, 7, 29))
    Period(start=datetime.date(2021, 1, 1), end=datetime.date(2021, 6, 30), text='今年上半年', precision='half')
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from kg.facts.numbers import Period, lexicon, longest_first, normalise, numeral
from kg.resources import alternation


@dataclass(frozen=True)
class Token:
    kind: str
    value: Any = None


@functools.cache
def period_grammar() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The token patterns in the order they are tried at each position."""
    words = lexicon().periods

    patterns = words["patterns"]
    weekday = (
        f"(?:({alternation(words['week_offsets'])}))?"
        f"(?:{alternation(words['week_words'])})({alternation(map(str, words['weekdays']))})"
    )
    grammar = [
        ("iso_date", patterns["iso_date"]),
        ("year", patterns["year"]),
        ("weekday", weekday),
        ("first_quarters", patterns["first_quarters"]),
        ("first_months", patterns["first_months"]),
        ("quarter", patterns["quarter"]),
        ("word", alternation(word_kinds())),
        ("month", patterns["month"]),
        ("day", patterns["day"]),
        ("range", patterns["range"]),
        ("number", patterns["number"]),
    ]
    return tuple((kind, re.compile(pattern)) for kind, pattern in grammar)


@functools.cache
def word_kinds() -> dict[str, Token]:
    """Every period word and the token it is."""
    words = lexicon().periods
    table: dict[str, Token] = {}
    for kind in ("relative_years", "relative_months", "relative_weeks", "relative_days"):
        table.update({w: Token(kind, v) for w, v in words[kind].items()})
    table.update({w: Token("year_part", (a, b, p)) for w, (a, b, p) in words["year_parts"].items()})
    for kind in ("year_edges", "month_edges", "edges", "ten_days"):
        table.update({w: Token(kind, v) for w, v in words[kind].items()})
    for kind in ("since", "until", "noise"):
        table.update({w: Token(kind) for w in words[kind]})
    return table


def period_text(text: str) -> str:
    """Normalised, with the rewrites of values.yaml and numerals in Arabic: 十二月 -> 12月."""
    text = normalise(text)
    for old, new in lexicon().periods["rewrite"].items():
        text = text.replace(old, new)

    def arabic(match: re.Match[str]) -> str:
        value = numeral(match.group(0))
        return match.group(0) if value is None else str(int(value))

    return period_numerals().sub(arabic, text)


@functools.cache
def period_numerals() -> re.Pattern[str]:
    """A run of Chinese numerals before a period word: what ``period_text`` makes Arabic."""
    lex = lexicon()
    chars = re.escape("".join([*lex.digits, *lex.small_units]))
    after = "|".join(re.escape(w) for w in longest_first(lex.periods["numeral_before"]))
    return re.compile(f"[{chars}]+(?={after})")


def tokenize(text: str) -> list[Token] | None:
    """The period tokens of a normalised text, or None if any part is not one."""
    tokens = []
    position = 0
    grammar = period_grammar()
    while position < len(text):
        for kind, pattern in grammar:
            match = pattern.match(text, position)
            if match and match.end() > position:
                token = make_token(kind, match)
                if token is None:
                    return None
                tokens.append(token)
                position = match.end()
                break
        else:
            return None
    return tokens


def make_token(kind: str, match: re.Match[str]) -> Token | None:
    numbers = [int(g) for g in match.groups() if g is not None and g.isdigit()]
    words = lexicon().periods
    if kind == "word":
        return word_kinds()[match.group(0)]
    if kind == "weekday":
        offset, day = match.groups()
        return Token(kind, (None if offset is None else words["week_offsets"][offset], words["weekdays"][day]))
    if kind == "quarter":
        n = numbers[0]
        return Token("year_part", (3 * n - 2, 3 * n, "quarter")) if 1 <= n <= 4 else None
    if kind == "first_quarters":
        n = numbers[0]
        return Token("year_part", (1, 3 * n, "range")) if 1 <= n <= 4 else None
    if kind == "first_months":
        n = numbers[0]
        return Token("year_part", (1, n, "range")) if 1 <= n <= 12 else None
    if kind == "iso_date":
        return Token(kind, tuple(numbers))
    if kind == "range":
        return Token(kind)
    return Token(kind, numbers[0])


def parse_period(text: str, base: dt.date) -> Period | None:
    """The days a date expression names, resolved against ``base``, the publication date.

    None for what names no period (截至目前, 目前, 日前, 近日) and for durations
    (5年, 3个月). Without a year an expression is in base's year unless that puts
    its start more than a month after base: 12月30日 in an article of
    2022-01-03 is 2021-12-30. A weekday is the latest such day on or before base.
    X以来 runs from X to base; 截至X is the last day of X.

    >>> p = parse_period("2021年1~5月份", dt.date(2021, 7, 13)); (p.start, p.end, p.precision)
    (datetime.date(2021, 1, 1), datetime.date(2021, 5, 31), 'range')
    >>> parse_period("周三", dt.date(2021, 9, 9)).start
    datetime.date(2021, 9, 8)
    >>> parse_period("12月30日", dt.date(2022, 1, 3)).start
    datetime.date(2021, 12, 30)
    >>> parse_period("截至目前", dt.date(2021, 9, 9)) is None
    True
    """
    tokens = tokenize(period_text(text))
    if not tokens:
        return None
    tokens = [t for t in tokens if t.kind != "noise"]
    mode = None
    if tokens and tokens[0].kind == "until":
        mode, tokens = "until", tokens[1:]
    if tokens and tokens[-1].kind == "since":
        if mode:
            return None
        mode, tokens = "since", tokens[:-1]
    ranges = [i for i, t in enumerate(tokens) if t.kind == "range"]
    if not tokens or len(ranges) > 1 or any(t.kind in ("until", "since") for t in tokens):
        return None
    if ranges:
        span = read_range(tokens[: ranges[0]], tokens[ranges[0] + 1 :], base)
    else:
        side = read_side(tokens, base)
        spans = None if side is None else resolve([side], base)
        span = None if spans is None else spans[0]
    if span is None:
        return None
    start, end, precision = span
    if mode == "since":
        return Period(start, base, text, "range") if start <= base else None
    if mode == "until":
        return Period(end, end, text, "day")
    return Period(start, end, text, precision)


def parse_date(text: str, base: dt.date) -> dt.date | None:
    """The day a date expression names; None for longer periods and non-dates.

    >>> parse_date("7月29日", dt.date(2021, 7, 29)), parse_date("昨天", dt.date(2021, 7, 29))
    (datetime.date(2021, 7, 29), datetime.date(2021, 7, 28))
    >>> parse_date("2021年7月", dt.date(2021, 7, 29)) is None
    True
    """
    period = parse_period(text, base)
    return period.start if period is not None and period.precision == "day" else None


Span = tuple[dt.date, dt.date, str]

# How far down a token goes: a year, then a month or part of a year, then a day.
YEAR, MONTH, DAY, DONE = 1, 2, 3, 4


def read_side(tokens: list[Token], base: dt.date) -> dict[str, Any] | None:
    """What one side of an expression fixes: year, month, day, a part, an edge.

    Relative words resolve here; whatever is left out (the year of 7月29日) is
    filled in by ``resolve``. None when the tokens are out of order (7月2021年).
    """
    side: dict[str, Any] = {}
    level = 0
    for token in tokens:
        kind, value = token.kind, token.value
        if kind in ("year", "relative_years") and level == 0:
            side["year"] = value if kind == "year" else base.year + value
            level = YEAR
        elif kind == "year_part" and level <= YEAR:
            side["months"] = value
            level = DONE
        elif kind == "year_edges" and level <= YEAR:
            side["edge"], side["edge_of"] = value, "year"
            level = DONE
        elif kind == "month" and level <= YEAR:
            side["month"] = value
            level = MONTH
        elif kind == "relative_months" and level == 0:
            side["year"], side["month"] = shift_month(base.year, base.month, value)
            level = MONTH
        elif kind in ("month_edges", "ten_days") and level in (0, MONTH):
            if level == 0:
                side["year"], side["month"] = base.year, base.month
            side["edge" if kind == "month_edges" else "days"] = value
            side["edge_of"] = "month"
            level = DONE
        elif kind == "edges" and level in (YEAR, MONTH):
            side["edge"], side["edge_of"] = value, "year" if level == YEAR else "month"
            level = DONE
        elif kind == "day" and (level == 0 or (level == MONTH and "month" in side)):
            side["day"] = value
            level = DAY
        elif kind == "iso_date" and level == 0:
            side["year"], side["month"], side["day"] = value
            level = DAY
        elif kind in ("relative_days", "weekday", "relative_weeks") and level == 0:
            side["fixed"] = fixed_span(kind, value, base)
            level = DONE
        else:
            return None
    return side if level else None


def fixed_span(kind: str, value: Any, base: dt.date) -> Span:
    if kind == "relative_days":
        day = base + dt.timedelta(days=value)
        return day, day, "day"
    monday = base - dt.timedelta(days=base.weekday())
    if kind == "relative_weeks":
        start = monday + dt.timedelta(weeks=value)
        return start, start + dt.timedelta(days=6), "range"
    offset, weekday = value
    if offset is None:  # 周三: the latest Wednesday on or before base
        day = base - dt.timedelta(days=(base.weekday() - weekday) % 7)
    else:  # 上周三: the Wednesday of last week
        day = monday + dt.timedelta(weeks=offset, days=weekday)
    return day, day, "day"


def read_range(left: list[Token], right: list[Token], base: dt.date) -> Span | None:
    """FROM至TO: 2021年1~5月, 7月1日至3日, 2019-2021年, 2020年7月至2021年6月."""
    if not left or not right:
        return None
    if left[-1].kind == "number":
        # 1~5月: the bare 1 takes its unit from the other side.
        if right[0].kind not in ("year", "month", "day"):
            return None
        left = [*left[:-1], Token(right[0].kind, left[-1].value)]
    first, second = read_side(left, base), read_side(right, base)
    if first is None or second is None:
        return None
    # The second side takes from the first what it leaves out: the year of 1~5月, the month of 1日至3日.
    if "year" not in second and "fixed" not in second and "year" in first:
        second["year"] = first["year"]
    if "day" in second and "month" not in second and "month" in first:
        second["month"] = first["month"]
    spans = resolve([first, second], base)
    if spans is None or spans[0][0] > spans[1][1]:
        return None
    return spans[0][0], spans[1][1], "range"


def resolve(sides: list[dict[str, Any]], base: dt.date) -> list[Span] | None:
    """The spans of the sides, with the year (and month) base implies where none is given."""
    first = sides[0]
    words = lexicon().periods
    if "fixed" in first or "year" in first:
        spans = [span_of(side, None, None) for side in sides]
        return None if None in spans else spans  # type: ignore[return-value]
    day_only = "month" not in first and "day" in first
    year, month = base.year, base.month
    window = dt.timedelta(days=words["day_window"] if day_only else words["year_window"])
    spans = [span_of(side, year, month) for side in sides]
    # News reports the past: a start well after base meant last month (29日) or last year (12月30日).
    if spans[0] is None or spans[0][0] > base + window:
        year, month = shift_month(year, month, -1) if day_only else (year - 1, month)
        spans = [span_of(side, year, month) for side in sides]
    return None if None in spans else spans  # type: ignore[return-value]


def span_of(side: dict[str, Any], year: int | None, month: int | None) -> Span | None:
    """The days one side names, with ``year`` and ``month`` where it gives none."""
    if "fixed" in side:
        return side["fixed"]
    y = side.get("year", year)
    m = side.get("month", month)
    if y is None:
        return None
    try:
        if "months" in side:
            first, last, precision = side["months"]
            return dt.date(y, first, 1), month_end(y, last), precision
        if side.get("edge_of") == "year":
            day = dt.date(y, 1, 1) if side["edge"] == "start" else dt.date(y, 12, 31)
            return day, day, "day"
        if m is None:
            return (dt.date(y, 1, 1), dt.date(y, 12, 31), "year") if "day" not in side else None
        if "day" in side:
            day = dt.date(y, m, side["day"])
            return day, day, "day"
        if "days" in side:
            first, last = side["days"]
            return dt.date(y, m, first), dt.date(y, m, min(last, month_end(y, m).day)), "range"
        if side.get("edge_of") == "month":
            day = dt.date(y, m, 1) if side["edge"] == "start" else month_end(y, m)
            return day, day, "day"
        return dt.date(y, m, 1), month_end(y, m), "month"
    except ValueError:  # 2月30日, 13月
        return None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) delta months away: shift_month(2022, 1, -1) == (2021, 12)."""
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1
