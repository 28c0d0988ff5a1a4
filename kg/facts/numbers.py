"""Normalising value expressions: amounts, percentages and changes (dates and periods: ``kg.facts.periods``).

The recogniser finds 超过7000亿元, 同比增长28.6%, 今年上半年 in the text; this
module turns them into values an RDF literal can hold:

    >>> parse_quantity("1.69万亿元")
    Quantity(value=Decimal('1690000000000'), unit='CNY', qualifier=None, text='1.69万亿元')
    >>> parse_change("同比增长28.6%")
    Change(value=Decimal('0.286'), kind='ratio', qualifier=None, text='同比增长28.6%')

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

import datetime as dt
import decimal
import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kg.resources import data_path, load_yaml

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
