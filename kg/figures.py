"""Reading reported figures from sentences, as statistics report them.

Every stated quantity becomes one ``Figure``: an amount (进出口总值39.79万亿元),
a count (新设立外商投资企业18497家), a rate (同比增长4.9%), a share
(占进出口总值的15.7%), a level (利率为3.89%) or a difference (涨幅比上月扩大0.2个
百分点, 同比多增1.31万亿元). Values are normalised by ``kg.values``: 4.9% is
0.049, 0.2个百分点 is 0.002 in the unit "percentage point".

A rate keeps its basis: 同比 (yoy), 环比 or 比上月 (prev), 比2019年同期 (year,
with the year), 两年平均 (2yavg), 比上年末 (yearend). A rate without a stated
basis takes the last basis stated for a rate earlier in the article, as a reader
does (同比增长6.3%。其中，出口…增长6.1% is year on year too). A rate stated
right after an amount of the same indicator is linked to it (``change_of``) and
the amount keeps the rate as its ``change``.

The indicator is the whole noun phrase before the value or its verb, read from
the text (not from part-of-speech runs alone, which cut 知识密集型 off
知识密集型服务出口额). A clause without one inherits the subject of the figure
before (同比增长4.9% after 进出口总值39.79万亿元); a bare attribute (涨幅, 增速,
占比, 面积) is prefixed with the subject (居民消费价格指数涨幅); a bare flow
(出口, 进口) takes the topic's prefix (货物贸易出口). 'Respectively' lists map
values to subjects in order: 集装箱、船舶、摩托车出口分别增长A、B、C. An indicator
that is one generic word (企业, 国家, 数量) is not written at all.

All words live in ``kg/data/figures.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from . import values
from .model import Entity, Figure, Mention, Span
from .resources import alternation, data_path, load_yaml

PERCENT_POINT = "percentage point"
PERCENT = "%"
TIMES = "倍"

NUMBER = r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
QUALIFIER = r"超过|超|近|约|逾|不到|不足|接近|将近|大约|突破"
# 4.9%, 百分之五, 0.6个百分点, 1.84倍, 六成; a qualifier before or after is kept.
VALUE = re.compile(
    rf"(?P<qualifier>{QUALIFIER})?"
    rf"(?:(?:(?<![0-9%％])(?P<sign>[-+－]))?(?P<number>{NUMBER})(?P<unit>%|％|个百分点|百分点|个基点|基点|倍|成(?!本|为|果|员|功|交|立|熟|就|绩))|百分之(?P<percent>{NUMBER}))"
    r"(?P<after>左右|以上|以下)?"
)
# 6.2和6.7个百分点: the first number takes the unit of the second.
SHARED_UNIT = re.compile(rf"(?P<number>{NUMBER})(?:和|、|与|及)$")
DURATION = re.compile("(?<![0-9])(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})年(?:来|间)?(?!同期)")
MAY_HOLD_VALUE = re.compile("[%％倍成点]|百分之")  # 点 also finds 百分点 and 基点  # before VALUE, which is slower
CLAUSE = re.compile("[，,；;：:。！？!?\n]")
SEGMENT = re.compile("[；;。！？!?]")


@functools.cache
def words() -> dict[str, Any]:
    data = dict(load_yaml(data_path("figures.yaml")))
    longest = lambda items: sorted(items, key=len, reverse=True)  # noqa: E731
    data["basis_cues"] = sorted(((w, b) for b, ws in data["bases"].items() for w in ws), key=lambda x: -len(x[0]))
    data["verbs"] = sorted([(w, 1) for w in data["rise"]] + [(w, -1) for w in data["fall"]], key=lambda x: -len(x[0]))
    data["verb_end"] = re.compile(
        f"(?P<verb>{alternation(w for w, _ in data['verbs'])})(?:{alternation(data['fillers'])})?$")
    data["basis_any"] = re.compile(
        f"{alternation(w for w, _ in data['basis_cues'])}|{data['named_year']}|{data['named_period']}")
    data["verb_start_re"] = re.compile(alternation(data["made_rise"] + data["made_fall"]))
    data["verb_any"] = re.compile(alternation(w for w, _ in data["verbs"]))
    data["comparative_any"] = re.compile(f"{alternation(data['higher'] + data['lower'])}|{data['comparative']}")
    data["contribution_any"] = re.compile(alternation(data["contribution"]))
    data["respectively_any"] = re.compile(alternation(data["respectively"]))
    data["share_re"] = re.compile(data["share_of"])
    data["share_bare_re"] = re.compile(data["share_bare"])
    data["from_year_re"] = re.compile(data["from_year"])
    data["named_year_re"] = re.compile(data["named_year"])
    data["named_period_re"] = re.compile(data["named_period"])
    data["trim_start_re"] = re.compile(f"(?:{alternation(data['trim'])})")
    data["trim_end_re"] = re.compile(f"(?:{alternation(data['trim'])})$")
    data["share_within_re"] = re.compile(data["share_within"])
    data["drop_re"] = re.compile("|".join(data["drop"]))
    data["separator_re"] = re.compile(alternation(data["list_separators"]))
    data["breaks_re"] = re.compile(alternation(data["breaks"]))
    data["trim_sorted"] = longest(data["trim"])
    data["heads_sorted"] = longest(data["heads"])
    data["attributes_sorted"] = longest(data["attributes"])
    data["generic_set"] = frozenset(data["generic"])
    data["breaks_set"] = frozenset(data["breaks"])
    data["leading_tags"] = frozenset(data["leading_tags"])
    data["verb_nouns_set"] = frozenset(data["verb_nouns"])
    data["leading_chars"] = frozenset(data["leading_chars"])
    data["function_chars"] = frozenset(data["function_chars"])
    data["change_from_re"] = re.compile(data["change_from"])
    data["ending_tags"] = frozenset(data["ending_tags"])
    data["enumeration_set"] = frozenset(data["enumeration"])
    data["not_statistic_set"] = frozenset(data["not_statistic"])
    data["apposition_re"] = re.compile(alternation(data["apposition"]))
    data["verb_initial_re"] = re.compile(alternation(data["verb_initial"]))
    data["part_of_re"] = re.compile(alternation(data["part_of"]))
    data["predicate_re"] = re.compile(alternation(data["attributes"] + [w for w, _ in data["verbs"]] + data["adverbs"]))
    return data


# --- words ---------------------------------------------------------------------------------------

LONGEST_WORD = 4  # jieba words longer than four characters are rare in an indicator
RUN = re.compile(r"[A-Za-z0-9.]+")


@functools.cache
def word_tags() -> dict[str, str]:
    """jieba's dictionary: word -> its (context-free) tag."""
    from .recognize import _jieba

    return _jieba()[1]


def dictionary_words(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, tag): the longest dictionary word at each place, left to right.

    Cheaper than jieba's segmentation, which reading a figure would otherwise run
    for every value: the indicator needs only the words at its edges and a few
    cue words. A run of Latin letters and digits (CPI, 5G) is one word; a
    character in no word is a word of its own, tagged x.
    """
    tags = word_tags()
    words = []
    at = 0
    while at < len(text):
        run = RUN.match(text, at)
        if run:
            words.append((at, run.end(), run.group(), "x"))
            at = run.end()
            continue
        for end in range(min(len(text), at + LONGEST_WORD), at, -1):
            tag = tags.get(text[at:end])
            if tag is not None or end == at + 1:
                words.append((at, end, text[at:end], tag or "x"))
                at = end
                break
    return words


# --- values in a segment -------------------------------------------------------------------


@dataclass
class Value:
    """One stated quantity in the text, before it is read as a figure."""

    start: int  # article offsets
    end: int
    value: Decimal
    unit: str | None
    qualifier: str | None
    text: str
    measure: str  # "amount", "count", "percent", "points", "times"
    before_noun: bool = False  # 3.5%左右全年物价调控目标: the value of the noun after it


def values_in(text: str, offset: int, mentions: Sequence[Mention]) -> list[Value]:
    """The quantities of a segment in order: percentages, points and multiples read
    here, amounts and counts from the recogniser's MONEY and QUANTITY mentions."""
    found: list[Value] = []
    for match in (VALUE.finditer(text) if MAY_HOLD_VALUE.search(text) else ()):
        value = read_value(match)
        if value is None or modifies_noun(text, match.end(), percent=True):
            continue
        if modifies_noun(text, match.end(), percent=False):
            value = (*value[:2], value[2])  # 3.5%左右全年物价调控目标: read as a level of the noun after
            before_noun = True
        else:
            before_noun = False
        unit, measure, number = value
        start, end = offset + match.start(), offset + match.end()
        qualifier = values.qualifier_of(match.group("qualifier") or "") or values.qualifier_of(match.group("after") or "")
        found.append(Value(start, end, number, unit, qualifier, match.group(0), measure, before_noun))
        shared = SHARED_UNIT.search(text, 0, match.start())
        if shared and match.group("number") and measure in ("percent", "points"):
            first = read_number(shared.group("number"))
            if first is not None:
                scale = number / read_number(match.group("number"))  # type: ignore[operator]
                found.append(Value(offset + shared.start(), offset + shared.start() + len(shared.group("number")),
                                   values.tidy(first * scale), unit, None, shared.group("number"), measure))
    taken = [(v.start, v.end) for v in found]
    for mention in mentions:
        if mention.label not in ("MONEY", "QUANTITY"):
            continue
        if any(s < mention.end and mention.start < e for s, e in taken):
            continue
        following = text[mention.end - offset:mention.end - offset + 1]
        if following and values.numeral_prefix(following):
            continue  # 两个万亿台阶: not a figure
        if mention.label == "MONEY" and modifies_noun(text, mention.end - offset, percent=False):
            continue  # 合同外资1亿美元以上大项目: a threshold, not a figure
        quantity = values.parse_quantity(mention.text)
        if quantity is None or quantity.unit in (TIMES, "成"):
            continue
        measure = "count" if quantity.unit and quantity.unit.isascii() is False else "amount"
        found.append(Value(mention.start, mention.end, quantity.value, quantity.unit, quantity.qualifier,
                           mention.text, "amount" if quantity.unit and quantity.unit.isupper() else measure))
    return sorted(found, key=lambda v: v.start)


AFTER_VALUE = re.compile("(?:左右|以上|以下|多)?")


def modifies_noun(text: str, end: int, *, percent: bool) -> bool:
    """93.3%的企业, 5.5%左右的预期目标, 1亿美元以上大项目: the value describes the noun after it."""
    at = AFTER_VALUE.match(text, end).end()  # type: ignore[union-attr]
    if text[at:at + 1] == "的":
        return True
    if percent:
        return False
    words = [(word, tag) for _s, _e, word, tag in dictionary_words(text[at:at + 5])]
    if words and words[0][1] in ("a", "b") and len(words) > 1:
        words = words[1:]  # 大项目
    return bool(words) and words[0][1] in NOMINAL_TAGS and words[0][1] != "x"


def read_number(text: str) -> Decimal | None:
    return values.parse_number(text)


def read_value(match: re.Match[str]) -> tuple[str, str, Decimal] | None:
    if match.group("percent"):
        number = read_number(match.group("percent"))
        return None if number is None else (PERCENT, "percent", values.tidy(number / 100))
    number = read_number(match.group("number"))
    if number is None:
        return None
    if match.group("sign") in ("-", "－"):
        number = -number
    unit = match.group("unit")
    if unit in ("%", "％"):
        return PERCENT, "percent", values.tidy(number / 100)
    if unit == "成":
        return (PERCENT, "percent", values.tidy(number / 10)) if number <= 10 else None
    if unit == TIMES:
        return TIMES, "times", number
    if unit.endswith("基点"):  # a basis point is a hundredth of a percentage point
        return PERCENT_POINT, "points", values.tidy(number / 10000)
    return PERCENT_POINT, "points", values.tidy(number / 100)


# --- the reading state -----------------------------------------------------------------------


@dataclass
class State:
    """What a reader remembers going down an article."""

    period: values.Period | None = None
    place: Entity | None = None
    basis: tuple[str, int | None] | None = None  # the last basis stated for a rate
    subject: str = ""  # the indicator of the last figure
    topic: str = ""  # the last figure's indicator, for bare flows (出口)
    paragraph: int = -1


@dataclass
class Clause:
    start: int  # article offsets
    end: int
    text: str  # dates blanked out: for indicators
    raw: str  # as written: for cues (比2019年同期 is a date mention)
    figures: list[dict[str, Any]] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # a 'respectively' list


def read_figures(article_text: str, sentences: Sequence[Any], base: dt.date | None,
                 entity_of: Any) -> list[Figure]:
    """Figures of an article; ``sentences`` are relate's Sentences (span, paragraph, mentions)."""
    state = State()
    since = since_words()
    found: list[Figure] = []
    for sentence in sentences:
        if sentence.paragraph != state.paragraph:
            state.paragraph, state.place = sentence.paragraph, None  # a period carries on: 前11个月 holds for the article
        text = article_text[sentence.span.start:sentence.span.end]
        if not MAY_HOLD_VALUE.search(text) and not any(m.label in ("MONEY", "QUANTITY") for m in sentence.mentions):
            for mention in sentence.mentions:  # no figure here: only what later figures inherit
                if mention.label in ("DATE", "GPE"):
                    update_context(state, mention, article_text, base, since, entity_of)
            continue
        for part in split(text, SEGMENT):
            s_start, s_end = sentence.span.start + part[0], sentence.span.start + part[1]
            mentions = [m for m in sentence.mentions if s_start <= m.start < s_end]
            segment_text = article_text[s_start:s_end]
            quantities = values_in(segment_text, s_start, mentions)
            if not quantities:
                for mention in mentions:
                    if mention.label in ("DATE", "GPE"):
                        update_context(state, mention, article_text, base, since, entity_of)
                continue
            masked = mask(segment_text, s_start, mentions)
            clauses = [Clause(s_start + a, s_start + b, masked[a:b], segment_text[a:b]) for a, b in split(segment_text, CLAUSE)]
            from_year = words()["from_year_re"].search(segment_text)
            events = sorted([(m.start, 0, m) for m in mentions if m.label in ("DATE", "GPE")]
                            + [(v.start, 1, v) for v in quantities], key=lambda e: (e[0], e[1]))
            segment: list[dict[str, Any]] = []
            places = [m.text for m in mentions if m.label == "GPE"]
            index = 0
            for _start, kind, item in events:
                if kind == 0:
                    update_context(state, item, article_text, base, since, entity_of)
                    continue
                while index < len(clauses) - 1 and item.start >= clauses[index].end:
                    index += 1
                previous = next((c for c in reversed(clauses[:index]) if c.figures or c.subjects), None)
                before = clauses[index - 1] if index else None
                figure = read_one(item, clauses[index], previous, before, segment, state, from_year)
                if figure is None:
                    continue
                clauses[index].figures.append(figure)
                segment.append(figure)
                made = make_figure(figure, sentence.span, state, places)
                if made is not None:
                    found.append(made)
    return with_changes(found)


@functools.cache
def since_words() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(values.lexicon().periods["since"]) + ")")


def split(text: str, marks: re.Pattern[str]) -> list[tuple[int, int]]:
    parts, start = [], 0
    for match in marks.finditer(text):
        if match.end() > start:
            parts.append((start, match.end()))
        start = match.end()
    if start < len(text):
        parts.append((start, len(text)))
    return parts


def mask(text: str, offset: int, mentions: Sequence[Mention]) -> str:
    """The text with dates blanked out (offsets kept): a date is never part of an indicator."""
    chars = list(text)
    for mention in mentions:
        if mention.label == "DATE":
            for index in range(mention.start - offset, min(mention.end - offset, len(chars))):
                chars[index] = " "
    return "".join(chars)


def update_context(state: State, mention: Mention, text: str, base: dt.date | None, since: re.Pattern[str],
                   entity_of: Any) -> None:
    if mention.label == "GPE":
        state.place = entity_of(mention) or state.place
        return
    if base is None:
        return
    before = text[max(0, mention.start - 2):mention.start]
    after = text[mention.end:mention.end + 2]
    if before[-1:] in ("比", "较", "与") or before in ("比上", "较上") or after.startswith("同期"):
        return  # 比2019年同期: the basis of a rate, not the period of the figures
    found = values.parse_period(mention.text, base)
    if found and since.match(after):
        found = values.Period(found.start, base, mention.text, "range")
    if found and (found.start != found.end or mention.text.endswith(("末", "底"))):
        state.period = found


# --- one value ---------------------------------------------------------------------------------


def read_one(value: Value, clause: Clause, previous: Clause | None, before: Clause | None,
             segment: list[dict[str, Any]], state: State, from_year: re.Match[str] | None) -> dict[str, Any] | None:
    """What a value is (kind, basis, share, indicator), or None for nothing worth keeping."""
    w = words()
    head = clause.raw[:value.start - clause.start]  # the clause up to the value
    earlier = clause.figures[-1] if clause.figures else None
    since_earlier = head[earlier["value"].end - clause.start:] if earlier else head
    listed = earlier is not None and w["separator_re"].fullmatch(since_earlier.strip() or "、") is not None
    figure: dict[str, Any] = {"value": value, "period": state.period, "place": state.place,
                              "qualifier": value.qualifier, "share_of": None, "basis": None}
    changes = ("percent", "times")
    if listed and earlier is not None and (value.measure == earlier["value"].measure or (
            earlier["kind"] == "rate" and value.measure in changes and earlier["value"].measure in changes)):
        figure.update(kind=earlier["kind"], sign=earlier.get("sign", 1), basis=earlier["basis"],
                      share_of=earlier["share_of"], listed=True, cue_at=earlier.get("cue_at", 0),
                      comparative=earlier.get("comparative"), contribution=earlier.get("contribution"))
    elif not classify(figure, value, since_earlier, head, w):
        return None
    if not figure.get("listed"):
        figure["basis"] = basis_of(figure, head, state, from_year)
        if figure["kind"] == "rate" and figure.get("explicit"):
            state.basis = figure["basis"]
    figure["indicator"] = indicator_of(figure, clause, previous, before, segment, state)
    return figure


def classify(figure: dict[str, Any], value: Value, before: str, head: str, w: dict[str, Any]) -> bool:
    """Set the figure's kind from the words right before the value."""
    stripped = before.rstrip()
    verb = w["verb_end"].search(stripped)
    if verb and any(stripped[:verb.start()].endswith(t) for t in w["to_level"]):
        verb = None
    if verb and stripped[verb.start() - 1:verb.start()] in w["to_level"]:
        verb = None
    share = w["share_bare_re"].search(stripped) or w["share_re"].search(stripped)
    comparative = w["comparative_any"].search(head)
    figure["sign"] = 1
    if value.measure == "percent" and value.before_noun:
        figure["kind"], figure["cue_at"] = "level", len(head)
        return True
    if value.measure in ("percent",):
        if share and not verb:
            figure["kind"] = "share"
            figure["share_of"] = clean_whole(share.groupdict().get("whole") or "")
            figure["cue_at"] = head.rfind("占")
            within = w["share_within_re"].search(head[:figure["cue_at"]])
            if within:  # 中小微企业在亚太经合组织各经济体企业中占比超过97%
                figure["share_of"] = figure["share_of"] or clean_whole(within.group("whole"))
                figure["cue_at"] = within.start()
            return True
        if verb:
            figure["kind"], figure["sign"] = "rate", sign_of(verb.group("verb"), w)
            figure["cue_at"] = cue_start(head, w)
            return True
        if comparative:
            figure["kind"], figure["sign"] = "difference", comparative_sign(comparative.group(0), w)
            figure["comparative"] = True
            figure["cue_at"] = comparative.start()
            return True
        figure["kind"], figure["cue_at"] = "level", len(head)
        return True
    if value.measure == "points":
        contribution = w["contribution_any"].search(head)
        figure["kind"] = "difference"
        if contribution:
            figure["contribution"], figure["cue_at"] = head[contribution.start():].strip(), contribution.start()
            figure["comparative"] = True
            return True
        if comparative and not w["basis_any"].search(head[comparative.start():comparative.end()]):
            figure["sign"] = comparative_sign(comparative.group(0), w)
            figure["comparative"], figure["cue_at"] = True, comparative.start()
            return True
        if comparative and not verb:  # 比上年同期低25个基点: a basis, and the sign of 低
            figure["sign"] = comparative_sign(comparative.group(0), w)
        if verb:
            figure["sign"] = sign_of(verb.group("verb"), w)
        else:
            opening = w["verb_start_re"].search(before)
            if opening and not comparative:  # 降低存款准备金率0.5个百分点: a change made, not a comparison
                figure["sign"], figure["comparative"] = sign_of(opening.group(0), w), True
                figure["cue_at"] = len(head)
                return True
        figure["cue_at"] = cue_start(head, w)
        return True
    if value.measure == "times":
        if not verb:
            return False
        figure["kind"], figure["cue_at"] = "rate", cue_start(head, w)
        return True
    # Amounts and counts: 同比多增1.31万亿元 is a difference; 增加22.75万亿元 an amount.
    if verb and w["basis_any"].search(head):
        figure["kind"], figure["sign"] = "difference", sign_of(verb.group("verb"), w)
        figure["cue_at"] = cue_start(head, w)
        return True
    figure["kind"] = "count" if value.measure == "count" else "amount"
    figure["cue_at"] = len(head)
    return True


def sign_of(verb: str, w: dict[str, Any]) -> int:
    return -1 if verb in w["fall"] or verb in w["made_fall"] else 1


def comparative_sign(cue: str, w: dict[str, Any]) -> int:
    return -1 if any(word in cue for word in w["lower"]) or cue.endswith(("低", "慢", "少")) else 1


def cue_start(head: str, w: dict[str, Any]) -> int:
    """Where the words about the change start: the first basis cue or 分别, or the verb before the value."""
    verb = w["verb_end"].search(head.rstrip())
    starts = [m.start() for m in (w["basis_any"].search(head), w["respectively_any"].search(head), verb) if m is not None]
    return min(starts) if starts else len(head)


def clean_whole(text: str) -> str | None:
    text = text.strip()
    for word in ("同期",):
        text = text.removeprefix(word)
    return text or None


def basis_of(figure: dict[str, Any], head: str, state: State, from_year: re.Match[str] | None) -> tuple[str, int | None] | None:
    """The basis of a rate or difference: stated in its clause, or carried from the last rate."""
    if figure["kind"] not in ("rate", "difference"):
        return None
    if figure.get("comparative"):
        return None
    w = words()
    for match in w["basis_any"].finditer(head):
        figure["explicit"] = True
        cue = match.group(0)
        year = w["named_year_re"].fullmatch(cue)
        if year:
            return "year", int(year.group(1))
        if w["named_period_re"].fullmatch(cue):
            return "prev", None
        return dict(w["basis_cues"])[cue], None
    if from_year is not None and from_year.start() < figure["value"].start:
        figure["explicit"] = True
        return "year", int(from_year.group(1))
    if DURATION.search(head):
        return None  # 跨境电商5年增长了10倍: against five years before, not the article's basis
    return state.basis


# --- indicators --------------------------------------------------------------------------------


def indicator_of(figure: dict[str, Any], clause: Clause, previous: Clause | None, before: Clause | None,
                 segment: list[dict[str, Any]], state: State) -> str:
    w = words()
    value: Value = figure["value"]
    head = clause.text[:value.start - clause.start]  # dates blanked out
    earlier = clause.figures[-1] if clause.figures else None
    last = segment[-1] if segment else None
    if figure.get("listed") and earlier is not None:
        index = earlier.get("list_index", 0) + 1
        figure["list_index"] = index
        if clause.subjects:
            return clause.subjects[index] if index < len(clause.subjects) else ""
        return amount_indicator(figure, segment, index)
    stretch = head[:figure.get("cue_at", len(head))]
    if earlier is not None:
        stretch = stretch[max(0, earlier["value"].end - clause.start):]
    respectively = w["respectively_any"].search(head)
    if respectively is not None:
        items = list_items(head[:min(respectively.start(), cue_start(head, w))], w)
        if not items and previous is None and before is not None and not before.figures:
            items = list_items(subject_part(before.text, w), w)  # 船舶、汽车出口增速较快，分别增长A、B
        if len(items) > 1:
            clause.subjects = items
            figure["list_index"] = 0
            return items[0]
        if not items and previous is not None and previous.subjects:
            clause.subjects = previous.subjects
            figure["list_index"] = 0
            return previous.subjects[0]
        if not items:
            figure["list_index"] = 0
            return amount_indicator(figure, segment, 0)
    if w["apposition_re"].match(stretch.strip()) and before is not None:
        stretch = before.text  # 社会物流总额，即…价值总额为320.2万亿元: the name is the one before
    phrase = noun_phrase(stretch, w)
    if not phrase and last is None and before is not None and not before.figures and figure["kind"] in ("rate", "difference"):
        phrase = noun_phrase(subject_part(before.text, w), w)  # 新兴业务收入保持两位数增长，拉动…2.7个百分点
    if (value.measure == "count" and figure["kind"] == "count") or value.before_noun:
        phrase = noun_after(clause, value, w) or phrase
    if figure.get("contribution"):
        subject = phrase or (last["indicator"] if last else state.subject)
        return subject + trim(drop_value(figure["contribution"]), w) if subject else ""
    if not phrase:
        if not clause.figures and previous is not None and previous.subjects:
            clause.subjects = previous.subjects
            figure["list_index"] = 0
            return previous.subjects[0]
        if last is not None:  # an indicator dropped as generic drops what inherits it too
            if last["kind"] in ("amount", "count") and figure["kind"] == "rate":
                figure["change_of"] = last
            inherited = last.get("indicator") or ""
            if figure["kind"] != "difference":  # 涨幅比上月扩大0.2个百分点，环比上涨0.1%: the index itself
                inherited = next((inherited[: -len(a)] for a in w["rate_attributes"] if inherited.endswith(a)), inherited)
            return inherited
        if figure["kind"] in ("amount", "count"):
            # …零售进口商品规模不断扩大，2020年突破1000亿元: the subject of the clause before, when
            # that clause says something of it; 在海门镇，500亩… names no statistic.
            if before is not None and not before.figures and w["predicate_re"].search(before.text):
                return leading_noun(before.text)
            return ""
        return state.subject
    if phrase in w["attributes"]:
        opening = leading_noun(before.text) if last is None and before is not None else ""
        subject = stem(last["indicator"] if last else opening or state.subject, w)
        if subject.endswith("口额"):  # 进出口额 + 增速 -> 进出口增速
            subject = subject[:-1]
        return subject + phrase if subject else phrase
    subject = last["indicator"] if last and last.get("indicator") else state.subject
    if subject and w["verb_initial_re"].match(stretch.strip()):  # …数量由2个增至11个，实现外贸进出口4513.3亿元
        return stem(stem_head(subject, w), w) + phrase
    if subject and not ends_with_head(phrase, w):
        part_head = ""
        if w["part_of_re"].search(clause.text[:value.start - clause.start]):
            part_head = subject_head(subject, w)  # 其中高技术服务业增长37.6%: of 高技术产业实际使用外资金额
        elif last is not None and last.get("part_head"):
            part_head = last["part_head"]  # …，高技术制造业增长25%: the same whole
        if part_head:
            figure["part_head"] = part_head
            return phrase + part_head
    return phrase


def ends_with_head(phrase: str, w: dict[str, Any]) -> bool:
    return any(phrase.endswith(h) for h in w["heads_sorted"]) or phrase in w["bare"] or any(
        phrase.endswith(a) for a in w["attributes_sorted"])


def subject_head(subject: str, w: dict[str, Any]) -> str:
    """高技术产业实际使用外资金额 -> 实际使用外资金额: the subject from its first known head on."""
    found = [(subject.rfind(h), h) for h in w["heads_sorted"] if h in subject and len(subject) > len(h)]
    if not found:
        return ""
    at = min(i for i, _h in found if i > 0) if any(i > 0 for i, _h in found) else -1
    return subject[at:] if at > 0 else ""


def stem_head(subject: str, w: dict[str, Any]) -> str:
    """京津冀区域综合保税区数量 -> 京津冀区域综合保税区 (the attribute off); a flow word off too."""
    head = subject_head(subject, w)
    return subject[: -len(head)] if head else subject


NOMINAL_TAGS = frozenset(("n", "nz", "vn", "nt", "j", "x", "s", "an", "ng", "eng", "nr", "nrt", "ns", "nt"))


def leading_noun(text: str) -> str:
    """我国跨境电商综试区经过多次扩围 -> 跨境电商综试区: the noun phrase a clause opens with."""
    run: list[str] = []
    for _s, _e, word, tag in dictionary_words(text.strip()):
        if not run and tag in ("r", "t", "p", "c", "d", "m"):
            continue
        known = tag in NOMINAL_TAGS or (run and len(word) == 1 and word not in words()["function_chars"])
        if not known or not re.fullmatch("[\u4e00-\u9fffA-Za-z0-9]+", word):
            break
        run.append(word)
    return "".join(run) if len("".join(run)) >= 2 else ""


def subject_part(text: str, w: dict[str, Any]) -> str:
    """船舶、汽车出口增速较快 -> 船舶、汽车出口: a clause up to its first attribute, verb or adverb."""
    match = w["predicate_re"].search(text)
    text = text[: match.start()] if match else text
    for word in w["enumeration"]:
        if word in text:
            text = text[text.rindex(word) + len(word):]  # 大数据、云计算等新兴业务收入 -> 新兴业务收入
    for start, _end, word, tag in dictionary_words(text):
        if start and tag == "v" and word not in w["verb_nouns_set"]:
            return text[:start]  # 高技术产业成为…, 制造业实际使用外资扭转…
    return text


def amount_indicator(figure: dict[str, Any], segment: list[dict[str, Any]], index: int) -> str:
    """分别增长A和B with no subject of its own: the amounts before, in order (海外仓数量…，面积…),
    whose changes the rates are."""
    amounts = [f for f in segment if f["kind"] in ("amount", "count")]
    if index >= len(amounts):
        return ""
    if figure.get("kind") == "rate":
        figure["change_of"] = amounts[index]
    return amounts[index].get("indicator", "")


def drop_value(text: str) -> str:
    return VALUE.sub("", text).rstrip()


def stem(indicator: str, w: dict[str, Any]) -> str:
    """居民消费价格指数涨幅 -> 居民消费价格指数: the subject without its attribute."""
    for attribute in w["attributes_sorted"]:
        if indicator.endswith(attribute) and len(indicator) > len(attribute):
            return indicator[: -len(attribute)]
    return indicator


ACRONYM_AFTER = re.compile(r"(?<=指数)[A-Z]{2,6}$")  # 居民消费价格指数CPI; 核心CPI stays


def noun_phrase(stretch: str, w: dict[str, Any]) -> str:
    """The indicator a stretch of clause names: 其中，出口 -> 出口; 据海关统计…我国货物贸易进出口总值 -> …"""
    text = trim(w["drop_re"].sub("", stretch), w)
    blank = max(text.rfind(" "), text.rfind("\u3000"))
    text = text[blank + 1:]
    change_from = w["change_from_re"].search(text)
    if change_from:
        text = text[:change_from.start()]  # 食品价格由上月下降2.0%转为上涨1.2%: the subject is before 由
    alias = ACRONYM_AFTER.search(text)
    if alias:
        text = text[:alias.start()]  # 居民消费价格指数CPI: the acronym repeats the name
    # The last break word (a whole jieba word: 均 cuts 均为 but not 平均) starts the phrase;
    # after 共 or 新 a verb goes too (电信运营商共发展5G移动电话用户 -> 5G移动电话用户).
    tokens = dictionary_words(text)
    cut, verb_after = 0, False
    for start, end, word, tag in tokens:
        if end < len(text) and (word in w["breaks_set"] or word in w["enumeration_set"]):
            cut, verb_after = end, word in w["breaks_before_verb"]
        elif verb_after and start == cut and tag == "v":
            cut, verb_after = end, False
    if any(word in w["not_statistic_set"] for _s, _e, word, _t in tokens):
        return ""  # 可获国家补贴3.5万元: what one may get, not a statistic
    if text[cut:].strip() in w["attributes"]:
        return text[cut:].strip()
    kept = [t for t in tokens if t[0] >= cut]
    # 人民币贷款增加22.75万亿元 -> 人民币贷款; 还要出台针对六个… -> nothing
    while kept and kept[-1][2] not in w["attributes"] and (
            kept[-1][3] in w["ending_tags"] or (kept[-1][3] == "v" and kept[-1][2] not in w["verb_nouns_set"])):
        kept.pop()
    while kept and kept[0][2] not in w["list_prepositions"] and (
            (len(kept[0][2]) > 1 and kept[0][3] in w["leading_tags"]) or kept[0][2] in w["leading_chars"]):
        kept.pop(0)  # 现清单内商品税目 -> 清单内商品税目; but 自 of 自贸试验区 stays
    text = trim(text[kept[0][0]:kept[-1][1]] if kept else "", w)
    if len(text) > w["longest"]:
        text = text[-w["longest"]:]
    return text if re.search("[\u4e00-\u9fffA-Za-z]", text) else ""


def trim(text: str, w: dict[str, Any]) -> str:
    changed = True
    while changed and text:
        text = text.strip(" \u3000，,、：:")
        changed = False
        if text in w["attributes"]:
            break  # 占比 is a word, not 占 + 比
        first = w["trim_start_re"].match(text)
        if first and not text.startswith("占比"):
            text, changed = text[first.end():], True
            continue
        last = w["trim_end_re"].search(text)
        if last:
            text, changed = text[: last.start()], True
    return text.strip(" ，,、：:")


def noun_after(clause: Clause, value: Value, w: dict[str, Any]) -> str:
    """132个跨境电商综试区 -> 跨境电商综试区: the noun a count is of, up to the next verb."""
    rest = clause.text[value.end - clause.start:value.end - clause.start + 16]
    run: list[str] = []
    for _s, _e, word, tag in dictionary_words(rest):
        # A single character the dictionary knows may be part of a word it does not
        # (综试区 reads 综 / 试 / 区): only function characters end the noun.
        nominal = tag in NOMINAL_TAGS or (not run and tag in ("a", "b")) or (
            len(word) == 1 and word not in w["function_chars"])
        if not nominal or not re.fullmatch("[\u4e00-\u9fffA-Za-z0-9]+", word):
            break
        if len("".join(run)) + len(word) > 12:
            break
        run.append(word)
    return "".join(run)


def list_items(text: str, w: dict[str, Any]) -> list[str]:
    """集装箱、船舶、摩托车出口 -> [集装箱出口, 船舶出口, 摩托车出口]."""
    phrase = noun_phrase(text, w)
    items = [item for item in w["separator_re"].split(phrase) if item]
    if len(items) == 1:
        for pair, parts in w["paired"].items():
            if items[0].endswith(pair) and len(items[0]) > len(pair):
                stem_text = items[0][: -len(pair)]  # 汽车产销分别完成A和B -> 汽车产量, 汽车销量
                return [stem_text + part for part in parts]
    if len(items) < 2:
        return items
    last = items[-1]
    head = next((h for h in w["heads_sorted"] if last.endswith(h) and len(last) > len(h)), "")
    if not head:
        tagged = [word for _s, _e, word, _t in dictionary_words(last)]
        if len(tagged) >= 2 and len(last) - len(tagged[-1]) >= 1 and len(last) > max(len(i) for i in items[:-1]) + 1:
            head = tagged[-1]
    preposition = next((p for p in w["list_prepositions"] if items[0].startswith(p)), "")
    result = []
    for item in items:
        if preposition and not item.startswith(preposition):
            item = preposition + item
        if head and not item.endswith(head):
            item = item + head
        result.append(item)
    return result


# --- the figure --------------------------------------------------------------------------------


def normalise_indicator(indicator: str, topic: str, w: dict[str, Any]) -> str:
    """Spell an indicator as statistics do, taking a bare flow's topic from before."""
    if indicator in w["bare"] and topic:
        head = next((h for h in sorted(w["bare"], key=len, reverse=True) if h in topic), None)
        if head:
            indicator = topic[: topic.index(head)] + indicator
    for suffix, replacement in w["suffixes"].items():
        if indicator.endswith(suffix):
            indicator = indicator[: -len(suffix)] + replacement
            break
    return indicator


def make_figure(figure: dict[str, Any], evidence: Span, state: State, places: Sequence[str] = ()) -> Figure | None:
    w = words()
    indicator = figure.get("indicator") or ""
    if figure.get("final") is not None:
        return figure["final"]
    for place in sorted(places, key=len, reverse=True):
        if indicator.startswith(place) and len(indicator) - len(place) >= 2:
            indicator = indicator[len(place):]  # 中国跨境电商进出口额: the place is the figure's place
            break
    indicator = normalise_indicator(indicator, state.topic, w)
    figure["indicator"] = indicator
    if len(indicator) < 2 or indicator in w["generic_set"]:
        figure["final"] = None
        return None
    if w["bare"][0] in indicator and not figure.get("list_index"):
        state.topic = indicator  # 货物贸易进出口总值: what a bare 出口 later is part of
    state.subject = indicator
    value: Value = figure["value"]
    number = value.value * figure.get("sign", 1) if figure["kind"] in ("rate", "difference") else value.value
    basis = figure.get("basis")
    period = figure.get("period")
    change_of = figure.get("change_of")
    amount = change_of.get("final") if change_of else None
    made = Figure(
        indicator=indicator,
        value=values.tidy(number),
        unit=value.unit,
        text=value.text,
        evidence=evidence,
        place=figure.get("place"),
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        qualifier=figure.get("qualifier"),
        kind=figure["kind"],
        basis=basis[0] if basis else None,
        basis_year=basis[1] if basis else None,
        share_of=figure.get("share_of"),
        change_of=amount,
    )
    figure["final"] = made
    return made


def with_changes(found: list[Figure]) -> list[Figure]:
    """Amounts get the first rate linked to them as their ``change`` (kgo:change)."""
    changes: dict[Figure, Decimal] = {}
    for figure in found:
        if figure.change_of is not None and figure.unit == PERCENT and figure.change_of not in changes:
            changes[figure.change_of] = figure.value
    if not changes:
        return found
    updated = {old: replace(old, change=value) for old, value in changes.items()}
    return [replace(f, change_of=updated.get(f.change_of, f.change_of)) if f.change_of else updated.get(f, f) for f in found]
