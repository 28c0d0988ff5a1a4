"""What the figure readers share: the value patterns, the words of ``figures.yaml``,
jieba's words of a clause, the values found in a segment and the reading state.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kg.facts import numbers
from kg.resources import alternation, data_path, load_yaml
from kg.text import to_simplified
from kg.types import Entity, Mention

NOMINAL_TAGS = frozenset(("n", "nz", "vn", "nt", "j", "x", "s", "an", "ng", "eng", "nr", "nrt", "ns", "nt"))


PERCENT_POINT = "percentage point"
PERCENT = "%"
TIMES = "倍"
INDEX_POINT = "点"

NUMBER = r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
QUALIFIER = r"超过|超|近|约|逾|不到|不足|接近|将近|大约|突破"
# 4.9%, 百分之五, 0.6个百分点, 1.84倍, 六成; a qualifier before or after is kept.
VALUE = re.compile(
    rf"(?P<qualifier>{QUALIFIER})?"
    rf"(?:(?:(?<![0-9%％])(?P<sign>[-+－]))?(?P<number>{NUMBER})(?P<unit>%|％|个百分点|百分点|个基点|基点|倍|成(?!本|为|果|员|功|交|立|熟|就|绩))|百分之(?P<percent>{NUMBER}))"
    r"(?P<after>左右|以上|以下)?"
    # 报4,770.22点: an index level in points (not 下午3点, not 92万点 of a screen: three digits at least).
    r"|(?<![0-9.,])(?P<index>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{3,}(?:\.[0-9]+)?)点(?![0-9零〇一二三四五六七八九十半钟])"
)
# 6.2和6.7个百分点: the first number takes the unit of the second.
SHARED_UNIT = re.compile(rf"(?P<number>{NUMBER})(?:和|、|与|及)$")
DURATION = re.compile("(?<![0-9])(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})年(?:来|间)?(?!同期|期)")  # 一年期 is a term
MAY_HOLD_VALUE = re.compile("[%％倍成点點]|百分之")  # 点 also finds 百分点 and 基点  # before VALUE, which is slower
# A comma between digits is a thousands separator (4,770.22点), not a clause's end.
# An ASCII comma after a Latin letter is an English gloss's ((Gross Value Added, GVA)), no clause's end.
CLAUSE = re.compile(r"[，；;：:。！？!?\n]|(?<![0-9A-Za-z]),|(?<![A-Za-z]),(?![0-9]{3}(?![0-9]))")
SEGMENT = re.compile("[；;。！？!?]")


@functools.cache
def words() -> dict[str, Any]:
    data = dict(load_yaml(data_path("figures.yaml")))
    longest = lambda items: sorted(items, key=len, reverse=True)  # noqa: E731
    data["basis_cues"] = sorted(((w, b) for b, ws in data["bases"].items() for w in ws), key=lambda x: -len(x[0]))
    data["verbs"] = sorted([(w, 1) for w in data["rise"]] + [(w, -1) for w in data["fall"]], key=lambda x: -len(x[0]))
    data["verb_end"] = re.compile(
        f"(?P<verb>{alternation(w for w, _ in data['verbs'])})(?:{alternation(data['verb_adverbs'])})?"
        f"(?:{alternation(data['fillers'])})?$")
    data["basis_any"] = re.compile(
        f"{data['named_year_end']}|{alternation(w for w, _ in data['basis_cues'])}|{data['named_year']}|{data['named_period']}")
    data["verb_start_re"] = re.compile(alternation(data["made_rise"] + data["made_fall"]))
    data["verb_any"] = re.compile(alternation(w for w, _ in data["verbs"]))
    data["comparative_any"] = re.compile(f"{alternation(data['higher'] + data['lower'])}|{data['comparative']}")
    data["contribution_any"] = re.compile(alternation(data["contribution"]))
    data["respectively_any"] = re.compile(alternation(data["respectively"]))
    data["share_re"] = re.compile(data["share_of"])
    data["share_bare_re"] = re.compile(data["share_bare"])
    data["from_year_re"] = re.compile(data["from_year"])
    data["year_before_value_re"] = re.compile(data["year_before_value"])
    data["named_year_re"] = re.compile(data["named_year"])
    data["named_year_end_re"] = re.compile(data["named_year_end"])
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
    data["subject_before_set"] = frozenset(data["subject_before"])
    data["to_level_verb_re"] = re.compile(data["to_level_verb"])
    data["contribution_attributes"] = tuple(data["contribution_attributes"])
    data["counted_heads_set"] = frozenset(data["counted_heads"])
    data["counted_heads"] = tuple(data["counted_heads"])
    data["owner_heads"] = tuple(data["owner_heads"])
    data["leading_tags"] = frozenset(data["leading_tags"])
    data["verb_nouns_set"] = frozenset(data["verb_nouns"])
    data["leading_chars"] = frozenset(data["leading_chars"])
    data["function_chars"] = frozenset(data["function_chars"])
    data["change_from_re"] = re.compile(data["change_from"])
    data["turned_from_re"] = re.compile(data["turned_from"])
    data["ending_tags"] = frozenset(data["ending_tags"])
    data["enumeration_set"] = frozenset(data["enumeration"])
    data["not_statistic_set"] = frozenset(data["not_statistic"])
    data["apposition_re"] = re.compile(alternation(data["apposition"]))
    data["verb_initial_re"] = re.compile(alternation(data["verb_initial"]))
    data["part_of_re"] = re.compile(alternation(data["part_of"]))
    data["stock_code_re"] = re.compile(data["stock_code"])
    data["market_subjects"] = tuple(longest(data["market_subjects"]))
    data["since_year_start_re"] = re.compile(data["since_year_start"])
    data["day_move_context_re"] = re.compile(alternation(data["day_move_context"]))
    data["day_move_words_re"] = re.compile(data["day_move_words"])
    data["predicate_re"] = re.compile(alternation(data["attributes"] + [w for w, _ in data["verbs"]] + data["adverbs"]))
    return data


# --- words ---------------------------------------------------------------------------------------

LONGEST_WORD = 4  # jieba words longer than four characters are rare in an indicator
RUN = re.compile(r"[A-Za-z0-9.]+")


@functools.cache
def word_tags() -> dict[str, str]:
    """jieba's dictionary: word -> its (context-free) tag, with the nouns of company news it lacks."""
    from kg.recognize.words import _jieba

    tags = dict(_jieba()[1])
    tags.update({word: "n" for word in words()["nouns"]})
    return tags


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
    measure: str  # "amount", "count", "percent", "points", "times", "index" (points of a stock index)
    before_noun: bool = False  # 3.5%左右全年物价调控目标: the value of the noun after it


def values_in(text: str, offset: int, mentions: Sequence[Mention]) -> list[Value]:
    """The quantities of a segment in order: percentages, points and multiples read
    here, amounts and counts from the recogniser's MONEY and QUANTITY mentions."""
    found: list[Value] = []
    for match in (VALUE.finditer(text) if MAY_HOLD_VALUE.search(text) else ()):
        value = read_value(match)
        if value is None or modifies_noun(text, match.end(), percent=True):
            continue
        if text[match.start() - 1:match.start()] in ("（", "(") and any(v.end == offset + match.start() - 1 for v in found):
            continue  # 约1倍（100%）的放大倍率: the value before, written again
        changed = words()["verb_end"].search(text, 0, match.start())  # 收跌0.87%报3355点: a change, not a noun's level
        if value[1] != "index" and not changed and modifies_noun(text, match.end(), percent=False):  # 2400点高点 is the index's
            value = (*value[:2], value[2])  # 3.5%左右全年物价调控目标: read as a level of the noun after
            before_noun = True
        else:
            before_noun = False
        unit, measure, number = value
        start, end = offset + match.start(), offset + match.end()
        qualifier = numbers.qualifier_of(match.group("qualifier") or "") or numbers.qualifier_of(match.group("after") or "")
        found.append(Value(start, end, number, unit, qualifier, match.group(0), measure, before_noun))
        shared = SHARED_UNIT.search(text, 0, match.start())
        if shared and match.group("number") and measure in ("percent", "points"):
            first = read_number(shared.group("number"))
            if first is not None:
                scale = number / read_number(match.group("number"))  # type: ignore[operator]
                found.append(Value(offset + shared.start(), offset + shared.start() + len(shared.group("number")),
                                   numbers.tidy(first * scale), unit, None, shared.group("number"), measure))
    taken = [(v.start, v.end) for v in found]
    for mention in mentions:
        if mention.label not in ("MONEY", "QUANTITY"):
            continue
        if any(s < mention.end and mention.start < e for s, e in taken):
            continue
        following = text[mention.end - offset:mention.end - offset + 1]
        if following and numbers.numeral_prefix(following):
            continue  # 两个万亿台阶: not a figure
        # 安排100亿元以上奖补资金: the amount of the money named after it
        of_money = mention.label == "MONEY" and bool(money_noun_after(text, mention.end - offset))
        if mention.label == "MONEY" and not of_money and modifies_noun(text, mention.end - offset, percent=False):
            continue  # 合同外资1亿美元以上大项目: a threshold, not a figure
        if mention.label == "QUANTITY" and starts_word(text, mention.end - offset, mention.text):
            continue  # 六部门联合发布: 部 begins 部门, no count
        if mention.label == "QUANTITY" and (PER_TIME.search(mention.text) or EVERY_TIME.search(text, 0, mention.start - offset)):
            continue  # 每秒钟8张, 8张／秒: a speed of one thing, no statistic
        quantity = numbers.parse_quantity(to_simplified(mention.text))
        if quantity is None or quantity.unit in (TIMES, "成"):
            continue
        before = to_simplified(text[max(0, mention.start - offset - 8):mention.start - offset])
        conversion = CONVERSION.search(before) if mention.label == "MONEY" else None
        if conversion and any(v.end == mention.start - len(conversion.group(0)) for v in found):
            continue  # 40亿元人民币(5.8456亿美元): the amount before, in another currency
        if mention.label == "MONEY" and converted_in_brackets(to_simplified(text[:mention.start - offset])):
            continue  # 57亿元（含…债券，约新台币250亿元）: about so much in another currency, no figure
        if mention.label == "QUANTITY" and DURATION_AFTER.match(to_simplified(text[mention.end - offset:mention.end - offset + 4])) \
                and mention.text.endswith(("个", "個")):
            continue  # 3个多小时, 连续四个季度: a duration
        named = currency_before(before) if mention.label == "MONEY" and quantity.unit == "CNY" else None
        if named and not mention.text.endswith("人民币"):
            quantity = numbers.Quantity(quantity.value, named, quantity.qualifier, quantity.text)  # 新台币534亿元
        measure = "count" if quantity.unit and quantity.unit.isascii() is False else "amount"
        found.append(Value(mention.start, mention.end, quantity.value, quantity.unit, quantity.qualifier,
                           mention.text, "amount" if quantity.unit and quantity.unit.isupper() else measure, of_money))
    return sorted(found, key=lambda v: v.start)


# Inside brackets opened before, 约 and a currency word: the amount converted (约新台币94元).
CONVERTED = re.compile("(?:约合|约|折合|合|相当于)(?:新台币|台币|人民币|美元|港币|港元|日元|日圆|欧元)$")
DURATION_AFTER = re.compile("多?(?:小时|钟头|季度|星期|礼拜|月)")


def converted_in_brackets(before: str) -> bool:
    return before.rfind("（") > before.rfind("）") and CONVERTED.search(before) is not None


# A count per unit of time, or after 每秒: how fast one thing is (a specification).
PER_TIME = re.compile("[/／](?:秒|分钟|小时|天)$")
EVERY_TIME = re.compile("每(?:秒钟?|分钟|小时)$")
# An amount in brackets right after another: the same amount in another currency.
CONVERSION = re.compile(r"[（(](?:约|合|折合|相当于|约合)?[\u4e00-\u9fff]{0,5}$")


def currency_before(before: str) -> str | None:
    """新台币534亿元, 港币100亿元: the currency named before the number, whose 元 it is."""
    for word, code in numbers.lexicon().currencies:  # longest first
        if code != "CNY" and before.endswith(word):
            return code
    return None


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
    # a word of two characters at least: 105.62日圆企稳 reads 企 / 稳, no noun
    return bool(words) and words[0][1] in NOMINAL_TAGS and words[0][1] != "x" and len(words[0][0]) > 1


def money_noun_after(text: str, end: int) -> str:
    """100亿元以上奖补资金 -> 奖补资金: the money (资金, 贷款…) named right after an amount, which it is of."""
    at = AFTER_VALUE.match(text, end).end()  # type: ignore[union-attr]
    of = text[at:at + 1] == "的"  # 总额21.3万亿日元的经济刺激计划, 20亿美元的合作协议: the money named after 的
    rest = text[at + of:at + of + 10]
    reach = 6 if of else 4
    ends = [rest.find(word) + len(word) for word in words()["money_nouns"] if 0 <= rest.find(word) <= reach]
    noun = rest[:min(ends)] if ends else ""
    return noun if re.fullmatch("[\u4e00-\u9fff]+", noun) else ""


def starts_word(text: str, end: int, written: str) -> bool:
    """六部门: a one-character measure word that begins a noun of the dictionary with the next character."""
    unit = written[-1:]
    pair = unit + text[end:end + 1]
    return len(pair) == 2 and word_tags().get(pair, "") in ("n", "nt") and pair in words()["measure_word_nouns"]


def read_number(text: str) -> Decimal | None:
    return numbers.parse_number(text)


def read_value(match: re.Match[str]) -> tuple[str, str, Decimal] | None:
    if match.group("index"):
        number = read_number(match.group("index").replace(",", ""))
        return None if number is None else (INDEX_POINT, "index", number)
    if match.group("percent"):
        number = read_number(match.group("percent"))
        return None if number is None else (PERCENT, "percent", numbers.tidy(number / 100))
    number = read_number(match.group("number"))
    if number is None:
        return None
    if match.group("sign") in ("-", "－"):
        number = -number
    unit = match.group("unit")
    if unit in ("%", "％"):
        return PERCENT, "percent", numbers.tidy(number / 100)
    if unit == "成":
        return (PERCENT, "percent", numbers.tidy(number / 10)) if number <= 10 else None
    if unit == TIMES:
        return TIMES, "times", number
    if unit.endswith("基点"):  # a basis point is a hundredth of a percentage point
        return PERCENT_POINT, "points", numbers.tidy(number / 10000)
    return PERCENT_POINT, "points", numbers.tidy(number / 100)


# --- the reading state -----------------------------------------------------------------------


@dataclass
class State:
    """What a reader remembers going down an article."""

    period: numbers.Period | None = None
    place: Entity | None = None
    basis: tuple[str, int | None] | None = None  # the last basis stated for a rate
    difference_basis: tuple[str, int | None] | None = None  # the last stated for a difference in points
    day: numbers.Period | None = None  # the last single day named (a market report's day)
    day_at: int = -1  # where that day and the last longer period were named (article offsets)
    period_at: int = -1
    segment_start: int = 0  # the sentence part being read, and its text (simplified)
    segment_text: str = ""
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


def cue_start(head: str, w: dict[str, Any]) -> int:
    """Where the words about the change start: the first basis cue or 分别, or the verb before the value."""
    verb = w["verb_end"].search(head.rstrip())
    starts = [m.start() for m in (w["basis_any"].search(head), w["respectively_any"].search(head), verb) if m is not None]
    return min(starts) if starts else len(head)
