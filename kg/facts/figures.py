"""Reading reported figures from sentences, as statistics report them.

Every stated quantity becomes one ``Figure``: an amount (进出口总值39.79万亿元),
a count (新设立外商投资企业18497家), a rate (同比增长4.9%), a share
(占进出口总值的15.7%), a level (利率为3.89%) or a difference (涨幅比上月扩大0.2个
百分点, 同比多增1.31万亿元). Values are normalised by ``kg.facts.numbers``: 4.9% is
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
from dataclasses import replace
from typing import Any

from kg.facts import numbers, periods
from kg.facts.figure_values import (
    CLAUSE,
    DURATION,
    INDEX_POINT,
    MAY_HOLD_VALUE,
    SEGMENT,
    Clause,
    State,
    Value,
    cue_start,
    values_in,
    words,
)
from kg.facts.indicators import indicator_of, list_items, make_figure, with_changes
from kg.text import to_simplified, traditional_forms
from kg.types import Figure, Mention


def read_figures(article_text: str, sentences: Sequence[Any], base: dt.date | None,
                 entity_of: Any) -> list[Figure]:
    """Figures of an article; ``sentences`` are relate's Sentences (span, paragraph, mentions)."""
    state = State()
    since = since_words()
    found: list[Figure] = []
    traditional = traditional_forms(article_text)  # an article in traditional characters: its form of each
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
            state.segment_start = s_start
            mentions = [m for m in sentence.mentions if s_start <= m.start < s_end]
            # Cue words are read in simplified characters (one for one, offsets kept); the
            # indicator is written back in the article's own (總規模 stays 總規模).
            segment_text = to_simplified(article_text[s_start:s_end])
            state.segment_text = segment_text
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
            places = [to_simplified(m.text) for m in mentions if m.label == "GPE"]
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
                made = make_figure(figure, sentence.span, state, places, traditional)
                if made is not None:
                    found.extend(each_market(made, words()))
    return with_changes(found)


@functools.cache
def since_words() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(numbers.lexicon().periods["since"]) + ")")


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
    since = since_words()
    for mention in mentions:
        if mention.label == "DATE":
            end = min(mention.end - offset, len(chars))
            after = since.match(text, end)
            if after:
                end = after.end()  # 2008年以来成立的次新基金: 以来 goes with its date
            for index in range(mention.start - offset, end):
                chars[index] = "\u3000"  # not a space: 佳能 EOS 7D keeps its own
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
    turned = before[-1:] == "由" and words()["turned_from_re"].match(text, mention.end) is not None
    if before[-1:] in ("比", "较", "与") or before in ("比上", "较上") or after.startswith("同期") or turned:
        return  # 比2019年同期: the basis of a rate, not the period of the figures
    found = periods.parse_period(mention.text, base)
    if found and since.match(after):
        found = numbers.Period(found.start, base, mention.text, "range")
    if found and (found.start != found.end or mention.text.endswith(("末", "底"))):
        state.period, state.period_at = found, mention.start
    elif found:
        state.day, state.day_at = found, mention.start  # 路透东京8月31日: the day a market's close and moves are of


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
    stated = next((f for f in reversed(segment) if f["kind"] == "rate" and f.get("indicator")), None)
    if value.measure == "percent" and stated is not None and state.period is not None \
            and w["year_before_value_re"].search(head.rstrip()):
        # 私人消费支出成长7.9%，也高于去年同期的6.4%: the same rate a year before
        figure.update(kind="rate", sign=stated.get("sign", 1), basis=stated["basis"], indicator=stated["indicator"],
                      period=year_before(state.period))
        return figure
    if listed and earlier is not None and (value.measure == earlier["value"].measure or (
            earlier["kind"] == "rate" and value.measure in changes and earlier["value"].measure in changes)):
        figure.update(kind=earlier["kind"], sign=earlier.get("sign", 1), basis=earlier["basis"],
                      share_of=earlier["share_of"], listed=True, cue_at=earlier.get("cue_at", 0),
                      comparative=earlier.get("comparative"), contribution=earlier.get("contribution"))
    elif not classify(figure, value, since_earlier, head, w):
        return None
    elif figure["kind"] in ("amount", "count") and clause.raw[value.end - clause.start:][:1] in ("至", "到"):
        moved = w["verb_end"].search(since_earlier.rstrip())
        if moved:  # 外币存款增加258亿美元至8195亿美元: the first amount is the change
            figure["kind"], figure["sign"], figure["moved_to"] = "difference", sign_of(moved.group("verb"), w), True
            figure["cue_at"] = cue_start(head, w)
    if not figure.get("listed"):
        figure["basis"] = basis_of(figure, head, state, from_year)
        if figure["kind"] == "rate" and figure.get("explicit"):
            state.basis = figure["basis"]
        if figure["kind"] == "difference" and figure.get("explicit"):
            state.difference_basis = figure["basis"]
            if value.measure in ("amount", "count"):
                state.basis = figure["basis"]  # 较2019年末增长751亿美元，增幅为3.7%: the rate of that change
    figure["indicator"] = indicator_of(figure, clause, previous, before, segment, state)
    if figure["kind"] == "count" and value.unit in w["person_units"] and value.value < w["person_count_floor"] \
            and not figure["indicator"].endswith(tuple(w["person_tolls"])):
        return None  # 12名港人, 4名嫌犯: the people of one incident, no statistic
    if figure["kind"] == "level" and any(figure["indicator"].endswith(a) for a in w["rate_attributes"]):
        figure["kind"] = "rate"  # 进出口增速提升至8%: the growth rate itself
        figure["basis"] = figure["basis"] or basis_of(figure, head, state, from_year)
        figure["sign"] = -1 if figure["indicator"].endswith(tuple(w["fall"])) else 1  # 跌幅分别为0.28%: a fall
    market(figure, since_earlier, (before.raw if before else "") + head, w, state)
    if day_move(figure, clause, w, state):
        # 萬科在A股27日跌7.13%, 周二苹果收盘下跌6.7%: a price's move on the day named, against the
        # last close, whatever basis the article stated for its statistics before
        figure["basis"], figure["period"] = ("prev", None), state.day
        figure["indicator"] = day_move_indicator(figure["indicator"], w)
    span = YEARS.search(state.period.text) if figure["kind"] == "rate" and figure["basis"] is None and state.period else None
    if span and not figure.get("comparative"):
        figure["basis"] = ("year", int(span.group(1)))  # 2023年至2024年期间…锐减近70%: from the first year
    if figure["kind"] == "rate" and figure["basis"] is None and state.period is not None \
            and state.period.precision in ("month", "quarter", "half", "year", "range") \
            and (state.period.end - state.period.start).days >= 27 \
            and not figure.get("comparative") and not figure.get("over_years") \
            and not UNREAD_COMPARISON.search(head):  # 比“十二五”增长26%: a comparison no cue reads
        # 今年前4个月，我国进出口额增长5.7%: a period's statistic grows on the same period a year
        # before when the article names no other basis
        figure["basis"] = ("yoy", None)
    return figure


def year_before(period: numbers.Period) -> numbers.Period:
    def back(day: dt.date) -> dt.date:
        return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)
    return numbers.Period(back(period.start), back(period.end), period.text, period.precision)


UNREAD_COMPARISON = re.compile("(?<![同环])(?:比|较)(?![例重率])")
YEARS = re.compile(r"(\d{4})年?(?:至|到|-|—|–|~)(\d{4})年")


def market(figure: dict[str, Any], stretch: str, raw: str, w: dict[str, Any], state: State) -> None:
    """A share price named by its stock code, and the basis of a market's move the text leaves unstated."""
    indicator = figure["indicator"]
    if indicator and w["stock_code_re"].search(stretch) and not indicator.endswith(w["market_subjects"]):
        figure["indicator"], figure["stock"] = indicator + "股价", True  # KDDI电信(9433.T)跌4.7%
    if state.day is not None and figure["value"].unit == INDEX_POINT:
        figure["period"] = state.day  # 报4770.22点: the close of the day the report names
    if figure["kind"] not in ("rate", "difference") or figure["basis"] is not None or figure.get("comparative"):
        return
    if w["since_year_start_re"].search(raw) and (any(word in figure["indicator"] for word in w["market_subjects"]) or any(word in raw for word in w["market_context"])):
        figure["basis"] = ("yearend", None)  # 偏股基金今年以来的平均涨幅: against the year's start
        state.basis = figure["basis"]  # stated, as 比年初 is: …，跌幅分别为0.28%和0.03% too
    elif figure["indicator"].endswith(w["market_subjects"]):
        figure["basis"] = ("prev", None)  # 沪深300指数收跌1.0%: against the last close
        if state.day is not None:
            figure["period"] = state.day  # the move of the day the report names


def each_market(made: Figure, w: dict[str, Any]) -> list[Figure]:
    """纳斯达克和标普500指数下跌超过2%: one move of each index named (the value is each one's)."""
    if made.kind != "rate" or not made.indicator.endswith(w["market_subjects"]) \
            or not w["separator_re"].search(made.indicator):
        # (a level two indices share, 制造业采购经理指数和非制造业商务活动指数保持在50%以上, is a threshold)
        return [made]
    items = list_items(made.indicator, w)
    if len(items) < 2 or not all(item.endswith(w["market_subjects"]) for item in items):
        return [made]
    return [replace(made, indicator=item) for item in items]


def day_move(figure: dict[str, Any], clause: Clause, w: dict[str, Any], state: State) -> bool:
    """A rate with no basis of its own in a sentence that names a day (after any longer period)
    and a market's words: the move of that day."""
    if figure["kind"] != "rate" or figure.get("explicit") or figure.get("comparative") or figure.get("over_years"):
        return False
    if state.day is None or state.day_at < state.segment_start or state.day_at < state.period_at \
            or state.day_at >= figure["value"].start:
        return False
    return w["day_move_context_re"].search(state.segment_text) is not None  # (read in simplified characters)


def day_move_indicator(indicator: str, w: dict[str, Any]) -> str:
    """苹果收盘 -> 苹果股价, 萬科在A股 -> 萬科股價: a company's day move is its share price's."""
    name = w["day_move_words_re"].sub("", indicator)
    if not name or name in w["generic_set"] or any(a in name for a in w["attributes"]) \
            or name.endswith(w["market_subjects"]) or any(word in name for word in w["priced_things"]):
        return indicator
    return name + "股价"


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
            named = w["verb_end"].search(head.rstrip())
            if named and named.group("verb") in w["rate_attributes"] and figure["cue_at"] == named.start():
                figure["cue_at"] = named.end("verb")  # 偏股基金的平均涨幅为15.73%: 涨幅 is named
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
    if value.measure == "index":  # 报4770.22点 is the index's level; 下跌52.3点 its change
        if verb:
            figure["kind"], figure["sign"] = "difference", sign_of(verb.group("verb"), w)
            figure["cue_at"] = cue_start(head, w)
        else:
            figure["kind"], figure["cue_at"] = "level", len(head)
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
    named = next((word for word, _code in numbers.lexicon().currencies
                  if len(word) > 1 and to_simplified(head).endswith(word)), None) if value.measure == "amount" else None
    if named:  # 营收为新台币534亿元, 每股人民币5.47元: the currency is no part of the name
        figure["cue_at"] = len(head) - len(named)
    return True


def sign_of(verb: str, w: dict[str, Any]) -> int:
    return -1 if verb in w["fall"] or verb in w["made_fall"] else 1


def comparative_sign(cue: str, w: dict[str, Any]) -> int:
    return -1 if any(word in cue for word in w["lower"]) or cue.endswith(("低", "慢", "少")) else 1


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
        if w["named_year_end_re"].fullmatch(cue):
            return "yearend", None
        year = w["named_year_re"].fullmatch(cue)
        if year:
            return "year", int(year.group(1))
        if w["named_period_re"].fullmatch(cue):
            return "prev", None
        return dict(w["basis_cues"])[cue], None
    if from_year is not None and from_year.start() < figure["value"].start:
        figure["explicit"] = True
        return "year", int(from_year.group(1))
    if figure.get("moved_to") and state.period is not None and state.period.precision == "day":
        return "prev", None  # 8月末外币存款增加258亿美元至…: a stock's change over the month
    if DURATION.search(head):
        figure["over_years"] = True
        return None  # 跨境电商5年增长了10倍: against five years before, not the article's basis
    if figure["kind"] == "difference" and state.difference_basis is not None:
        # 同比增长24.6%，较上月加快8.3个百分点…两年平均增长26.4%，加快13.2个百分点: the points are on last month again
        return state.difference_basis
    return state.basis
