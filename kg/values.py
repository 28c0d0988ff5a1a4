"""Normalising value expressions: amounts, percentages, changes, dates, periods.

The recogniser finds 超过7000亿元, 同比增长28.6%, 今年上半年 in the text; this
module turns them into values an RDF literal can hold:

    >>> parse_quantity("1.69万亿元")
    Quantity(value=Decimal('1690000000000'), unit='CNY', qualifier=None, text='1.69万亿元')
    >>> parse_change("同比增长28.6%")
    Change(value=Decimal('0.286'), kind='ratio', qualifier=None, text='同比增长28.6%')
    >>> parse_period("今年上半年", dt.date(2021, 7, 29))
    Period(start=datetime.date(2021, 1, 1), end=datetime.date(2021, 6, 30), text='今年上半年', precision='half')

Numbers are Decimals computed in a context wide enough to be exact, never floats:
1.69万亿 is 1.69 * 10^12 to the last digit. Chinese numerals (三千五百万,
两千亿, 二〇二一) and mixed forms (1.69万亿, 3千5百万) go through one small
parser here: cn2an reads neither the mixed forms nor decimals without floats,
and jionlp's ``parse_time`` misreads 1-6月, 1—5月, 上月 and a 12月30日 read in
January, prints a banner on import and wants a timestamp; a table-driven parser
over ``kg/data/values.yaml`` is smaller than the patches those would need. Every
word (units, currencies, qualifiers, period words) lives in that file.

Everything is deterministic and offline; importing the module reads nothing (the
word file is read on first use).
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .resources import alternation, data_path, load_yaml

# Wide enough that no number a text can spell is rounded: the default 28 digits
# would round a 20-digit mantissa times 万亿.
EXACT = decimal.Context(prec=1000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)

# Thousands separators only: 1,234亿 is one number, but 3,4 is not.
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
ARABIC = re.compile(r"\d+(?:\.\d+)?")


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """An amount: 超过7000亿元 -> 700000000000 CNY, more_than."""

    value: Decimal  # exact and without exponent: Decimal("1690000000000")
    unit: str | None  # ISO 4217 code for money ("CNY"), the measure word as written ("家"), or None
    qualifier: str | None  # "more_than", "less_than", "about" or None
    text: str  # the expression as given


@dataclass(frozen=True)
class Change:
    """A change: 下降2.3% -> -0.023 ratio; 增长了近10倍 -> 10 multiple, about."""

    value: Decimal  # signed ratio (0.311 is +31.1%), or the N of 增长N倍
    kind: str  # "ratio" or "multiple"
    qualifier: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: dt.date
    end: dt.date
    text: str
    precision: str  # "day", "month", "quarter", "half", "year" or "range"


# --- the word file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """``values.yaml``, with every word list sorted longest first for matching."""

    digits: Mapping[str, int]
    small_units: Mapping[str, int]  # character -> power of ten
    large_units: Mapping[str, int]
    points: tuple[str, ...]
    noise_before: tuple[str, ...]
    qualifiers_before: tuple[tuple[str, str], ...]  # (word, qualifier)
    qualifiers_after: tuple[tuple[str, str], ...]
    qualifiers_inside: tuple[tuple[str, str], ...]
    currencies: tuple[tuple[str, str], ...]  # (word, ISO code)
    units: tuple[str, ...]
    percent_signs: Mapping[str, int]
    percent_words: tuple[tuple[str, int], ...]
    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    fillers: tuple[str, ...]
    to_level: tuple[str, ...]
    multiple: str
    doubling_verb: str
    doubling_unit: str
    periods: Mapping[str, Any]
    numeral_chars: str  # every character a number may be written with
    currency_codes: Mapping[str, str]  # ``currencies`` as a table, the first code of a word winning
    unit_words: frozenset[str]
    longest_unit: int  # characters in the longest currency or unit word


def longest_first(words: Iterable[Any]) -> tuple[Any, ...]:
    """Words (or (word, value) pairs) longest first, so 超过 is tried before 超."""
    return tuple(sorted(words, key=lambda w: -len(w if isinstance(w, str) else w[0])))


@functools.cache
def lexicon() -> Lexicon:
    data = load_yaml(data_path("values.yaml"))
    numerals = data["numerals"]
    qualifiers = data["qualifiers"]
    change = data["change"]

    def pairs(side: str) -> tuple[tuple[str, str], ...]:
        return longest_first((word, code) for code, sides in qualifiers.items() for word in sides[side])

    digits = {str(k): int(v) for k, v in numerals["digits"].items()}
    small = {str(k): int(v) for k, v in numerals["small_units"].items()}
    large = {str(k): int(v) for k, v in numerals["large_units"].items()}
    points = tuple(numerals["point"])
    currencies = longest_first(data["currencies"].items())
    units = longest_first(data["units"])
    return Lexicon(
        digits=digits,
        small_units=small,
        large_units=large,
        points=points,
        noise_before=longest_first(data["value_noise_before"]),
        qualifiers_before=pairs("before"),
        qualifiers_after=pairs("after"),
        qualifiers_inside=longest_first(data["qualifiers_inside"].items()),
        currencies=currencies,
        units=units,
        percent_signs={str(k): int(v) for k, v in data["percent_signs"].items()},
        percent_words=longest_first(data["percent_words"].items()),
        increase=tuple(change["increase"]),
        decrease=tuple(change["decrease"]),
        fillers=longest_first(change["fillers"]),
        to_level=tuple(change["to_level"]),
        multiple=change["multiple"],
        doubling_verb=change["doubling_verb"],
        doubling_unit=change["doubling_unit"],
        periods=data["periods"],
        numeral_chars="".join([*digits, *small, *large, *points]),
        currency_codes={word: code for word, code in reversed(currencies)},
        unit_words=frozenset(units),
        longest_unit=max(len(word) for word in [*units, *(word for word, _code in currencies)]),
    )


# --- numbers ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFKC (full-width digits, ％, ～), no white space, no thousands separators.

    >>> normalise(" １,２３４亿元 ")
    '1234亿元'
    """
    text = unicodedata.normalize("NFKC", text)
    return THOUSANDS.sub("", re.sub(r"\s+", "", text))


def tidy(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent, as an RDF literal wants it.

    >>> tidy(Decimal("1.69E+12")), tidy(Decimal("0.3110")), tidy(Decimal("1.00"))
    (Decimal('1690000000000'), Decimal('0.311'), Decimal('1'))
    """
    with decimal.localcontext(EXACT):
        if value == value.to_integral_value():
            return Decimal(int(value))
        return value.normalize()


def parse_number(text: str) -> Decimal | None:
    """A number in Arabic digits, Chinese numerals or both; None if it is not one.

    >>> [str(parse_number(t)) for t in ("1.69万亿", "三千五百万", "两千亿", "二〇二一", "一万五", "3千5百万")]
    ['1690000000000', '35000000', '200000000000', '2021', '15000', '35000000']
    >>> parse_number("三点五万"), parse_number("-1,234.5"), parse_number("万"), parse_number("12a")
    (Decimal('35000'), Decimal('-1234.5'), None, None)
    """
    text = normalise(text)
    sign = -1 if text.startswith("-") else 1
    value = numeral(text[1:] if text[:1] in ("+", "-") else text)
    if value is None:
        return None
    with decimal.localcontext(EXACT):
        return tidy(value * sign)


def numeral(text: str) -> Decimal | None:
    """The value of a normalised numeral, or None.

    Digits accumulate in ``number``; a small unit (十百千) adds number * 10^k to
    the current group; a large unit (万, 亿) closes the group, so 三千五百万 is
    (3000 + 500) * 10^4 and 一亿五千万 is 10^8 + 5000 * 10^4. A run of Arabic
    digits is one number: 1.69万亿 is (1.69 * 10^4) * 10^8.
    """
    lex = lexicon()
    if not text:
        return None
    with decimal.localcontext(EXACT):
        total = Decimal(0)  # closed by 亿
        group = Decimal(0)  # closed by 万
        number: Decimal | None = None
        kinds: list[str] = []  # kind of each token so far: digit, arabic, fraction, small, large
        last_unit = 0
        i = 0
        while i < len(text):
            char = text[i]
            previous = kinds[-1] if kinds else ""
            if "0" <= char <= "9":
                if previous in ("digit", "arabic", "fraction"):
                    return None
                match = ARABIC.match(text, i)
                assert match is not None
                number, kind, i = Decimal(match.group(0)), "arabic", match.end()
                kinds.append(kind)
                continue
            if char in lex.digits:
                if previous in ("arabic", "fraction"):
                    return None
                # Consecutive digits are positional: 二〇二一, and 零五 in 一千零五.
                digit = lex.digits[char]
                number = number * 10 + digit if previous == "digit" and number is not None else Decimal(digit)
                kinds.append("digit")
            elif char in lex.points:
                j = i + 1
                while j < len(text) and text[j] in lex.digits:
                    j += 1
                if j == i + 1 or previous not in ("digit", "arabic") or number is None or "." in str(number):
                    return None
                number += Decimal("0." + "".join(str(lex.digits[c]) for c in text[i + 1 : j]))
                kinds.append("fraction")
                i = j
                continue
            elif char in lex.small_units:
                # A bare 十 or 千 counts one: 十 = 10, 千万 = 10^7.
                last_unit = lex.small_units[char]
                group += (1 if number is None else number) * 10**last_unit
                number = None
                kinds.append("small")
            elif char in lex.large_units:
                last_unit = lex.large_units[char]
                if not kinds:
                    return None
                if last_unit >= 8:
                    total = (total + group + (number or 0)) * 10**last_unit
                    group = Decimal(0)
                else:
                    group = (group + (number or 0)) * 10**last_unit
                number = None
                kinds.append("large")
            else:
                return None
            i += 1
        # 一万五 is 15000 and 一百五 is 150: a last lone digit counts in the unit below.
        if kinds[-2:] in (["small", "digit"], ["large", "digit"]) and number is not None and number < 10:
            number *= 10 ** (last_unit - 1)
        return total + group + (number or 0)


def numeral_prefix(text: str) -> int:
    """How many leading characters of text could belong to a number."""
    chars = lexicon().numeral_chars
    end = 0
    while end < len(text) and (text[end] in chars or "0" <= text[end] <= "9" or text[end] == "."):
        end += 1
    return end


# --- qualifiers ------------------------------------------------------------------------


def qualifier_of(word: str) -> str | None:
    """The qualifier a word expresses: more_than, less_than, about; None for others.

    >>> qualifier_of("超过"), qualifier_of("近"), qualifier_of("以下"), qualifier_of("增长")
    ('more_than', 'about', 'less_than', None)
    """
    word = normalise(word)
    lex = lexicon()
    for w, code in (*lex.qualifiers_before, *lex.qualifiers_after, *lex.qualifiers_inside):
        if word == w:
            return code
    qualifier, rest = strip_before(word)
    return qualifier if qualifier and not rest else None


def strip_before(text: str) -> tuple[str | None, str]:
    """A qualifier before a value and the rest, past words such as 达 that mean nothing.

    >>> strip_before("达到近1000亿元")
    ('about', '1000亿元')
    """
    lex = lexicon()
    qualifier = None
    changed = True
    while changed:
        changed = False
        for word in lex.noise_before:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word) :], True
                break
        for word, code in lex.qualifiers_before:
            if qualifier is None and text.startswith(word) and len(text) > len(word):
                text, qualifier, changed = text[len(word) :], code, True
                break
    return qualifier, text


def strip_after(text: str) -> tuple[str | None, str]:
    """A qualifier that ends the text (左右, 以上) and the rest."""
    for word, code in lexicon().qualifiers_after:
        if text.endswith(word) and len(text) > len(word):
            return code, text[: -len(word)]
    return None, text


# --- quantities ------------------------------------------------------------------------


def parse_quantity(text: str) -> Quantity | None:
    """An amount of money or of something counted; None for anything else.

    Money gets its ISO currency code (元 and 人民币 are CNY), a count keeps its
    measure word, a bare number has no unit. Percentages are not quantities:
    see ``parse_percent``.

    >>> q = parse_quantity("超过7000亿元"); (q.value, q.unit, q.qualifier)
    (Decimal('700000000000'), 'CNY', 'more_than')
    >>> q = parse_quantity("1200万平方米"); (q.value, q.unit)
    (Decimal('12000000'), '平方米')
    >>> q = parse_quantity("7000多亿元"); (q.value, q.unit, q.qualifier)
    (Decimal('700000000000'), 'CNY', 'more_than')
    >>> parse_quantity("31.1%") is None
    True
    """
    lex = lexicon()
    qualifier, rest = strip_before(normalise(text))
    sign = 1
    if rest[:1] in ("-", "+"):
        sign, rest = (-1 if rest[0] == "-" else 1), rest[1:]
    # A unit may start with a numeral character (千米, 千瓦): try every split and
    # keep the one that leaves the longest known unit, then the longest number.
    best: tuple[tuple[int, int], Decimal, str | None, str | None] | None = None
    for end in range(numeral_prefix(rest), 0, -1):
        value = numeral(rest[:end])
        if value is None:
            continue
        read = read_unit(rest[end:], lex)
        if read is None:
            continue
        multiplier, unit, unit_word, found = read
        score = (len(unit_word), end)
        if best is None or score > best[0]:
            with decimal.localcontext(EXACT):
                best = (score, value * multiplier, unit, found)
    if best is None:
        return None
    _, value, unit, found = best
    with decimal.localcontext(EXACT):
        value = tidy(value * sign)
    return Quantity(value, unit, qualifier or found, text)


def read_unit(rest: str, lex: Lexicon) -> tuple[Decimal, str | None, str, str | None] | None:
    """What follows a number: (magnitude, unit, unit as written, qualifier), or None.

    7000多亿元 leaves 多亿元: the qualifier 多, the magnitude 亿, the unit 元.
    """
    qualifier = None
    multiplier = Decimal(1)
    for word, code in lex.qualifiers_inside:
        if rest.startswith(word):
            qualifier, rest = code, rest[len(word) :]
            # Only after 多/余 can a magnitude follow: 7000多亿; otherwise the number took it.
            while rest and (rest[0] in lex.small_units or rest[0] in lex.large_units):
                multiplier *= 10 ** lex.small_units.get(rest[0], lex.large_units.get(rest[0], 0))
                rest = rest[1:]
            break
    unit, unit_word = None, ""
    currency = longest_prefix(rest, lex.currency_codes, lex.longest_unit)
    if currency:
        unit, unit_word = lex.currency_codes[currency], currency
    word = longest_prefix(rest, lex.unit_words, lex.longest_unit)
    if len(word) > len(unit_word):
        unit, unit_word = word, word
    rest = rest[len(unit_word) :]
    after = dict(lex.qualifiers_after).get(rest)
    if after:
        return multiplier, unit, unit_word, qualifier or after
    # After a unit a noun may follow (22个国家); after a bare number nothing may.
    if rest and not unit_word:
        return None
    return multiplier, unit, unit_word, qualifier


def longest_prefix(text: str, words: Collection[str], longest: int) -> str:
    """The longest of ``words`` (none longer than ``longest``) that ``text`` starts with, or ""."""
    for end in range(min(longest, len(text)), 0, -1):
        if text[:end] in words:
            return text[:end]
    return ""


# --- percentages and changes ------------------------------------------------------------


def parse_percent(text: str) -> Decimal | None:
    """A percentage as a ratio: 31.1% -> 0.311, 百分之五 -> 0.05. Qualifiers are ignored.

    >>> parse_percent("31.1%"), parse_percent("百分之五"), parse_percent("-2.3%"), parse_percent("千分之三")
    (Decimal('0.311'), Decimal('0.05'), Decimal('-0.023'), Decimal('0.003'))
    >>> parse_percent("下降2.3%") is None    # a change: see parse_change
    True
    """
    _, rest = strip_before(normalise(text))
    _, rest = strip_after(rest)
    return percent_value(rest)


def percent_value(text: str) -> Decimal | None:
    lex = lexicon()
    sign = 1
    if text[:1] in ("-", "+"):
        sign, text = (-1 if text[0] == "-" else 1), text[1:]
    exponent = None
    if text[-1:] in lex.percent_signs:
        exponent, text = lex.percent_signs[text[-1]], text[:-1]
    else:
        for word, power in lex.percent_words:
            if text.startswith(word):
                exponent, text = power, text[len(word) :]
                break
    if exponent is None:
        return None
    value = numeral(text)
    if value is None:
        return None
    with decimal.localcontext(EXACT):
        return tidy(value.scaleb(exponent) * sign)


def parse_change(text: str) -> Change | None:
    """A change read from its verb and figure; None without a verb or a percentage.

    A decrease verb makes the ratio negative. 增长N倍 is a multiple, kept as
    written (the text does not say whether N counts the base); 翻一番 is +100%.
    增长至5% names a level, not a change, and gives None; so does a figure in
    percentage points (回落0.1个百分点).

    >>> [parse_change(t).value for t in ("增长31.1%", "同比增长28.6%", "下降2.3%", "翻了一番")]
    [Decimal('0.311'), Decimal('0.286'), Decimal('-0.023'), Decimal('1')]
    >>> c = parse_change("增长了近10倍"); (c.value, c.kind, c.qualifier)
    (Decimal('10'), 'multiple', 'about')
    >>> parse_change("上升至5.1%") is None, parse_change("回落0.1") is None
    (True, True)
    """
    lex = lexicon()
    normal = normalise(text)
    verbs = [(v, 1) for v in lex.increase] + [(v, -1) for v in lex.decrease] + [(lex.doubling_verb, 0)]
    found = []
    for verb, sign in verbs:
        start = normal.find(verb)
        while start >= 0:
            found.append((start + len(verb), start, sign))
            start = normal.find(verb, start + 1)
    # The verb nearest the figure counts, and of verbs ending there the longest (负增长, not 增长).
    for end, _start, sign in sorted(found, key=lambda f: (-f[0], f[1])):
        figure = normal[end:]
        if figure.startswith(lex.to_level):
            return None
        change = read_change(figure, sign, text)
        if change is not None:
            return change
    # No verb: only a signed percentage says which way (+5%, -2.3%).
    if normal[:1] in ("+", "-"):
        value = percent_value(normal)
        if value is not None:
            return Change(value, "ratio", None, text)
    return None


def read_change(figure: str, sign: int, text: str) -> Change | None:
    """The figure after a change verb: 了近10倍, 为31.1%, 了一番."""
    lex = lexicon()
    changed = True
    while changed:
        changed = False
        for word in lex.fillers:
            if figure.startswith(word):
                figure, changed = figure[len(word) :], True
    qualifier, figure = strip_before(figure)
    after, figure = strip_after(figure)
    qualifier = qualifier or after
    if sign == 0:  # 翻N番: doubled N times
        if not figure.endswith(lex.doubling_unit):
            return None
        times = numeral(figure[: -len(lex.doubling_unit)])
        if times is None or times != times.to_integral_value() or not 0 < times <= 10:
            return None
        return Change(Decimal(2 ** int(times) - 1), "ratio", qualifier, text)
    if figure.endswith(lex.multiple):
        if sign < 0:  # 减少一倍 is read as halved and as nothing at all: leave it
            return None
        figure = figure[: -len(lex.multiple)]
        for word, code in lex.qualifiers_inside:
            if figure.endswith(word):
                figure, qualifier = figure[: -len(word)], qualifier or code
                break
        value = numeral(figure)
        return None if value is None else Change(tidy(value), "multiple", qualifier, text)
    value = percent_value(figure)
    if value is None:
        return None
    with decimal.localcontext(EXACT):
        return Change(tidy(value * sign), "ratio", qualifier, text)


# --- dates and periods -----------------------------------------------------------------


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
