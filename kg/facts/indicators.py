"""The indicator of a figure: the whole noun phrase a reader names it by, read from
the clause (its subject, the topic's prefix, a 'respectively' list), normalised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from kg.facts import numbers
from kg.facts.figure_values import (
    NOMINAL_TAGS,
    PERCENT,
    VALUE,
    Clause,
    State,
    Value,
    cue_start,
    dictionary_words,
    money_noun_after,
    words,
)
from kg.text import to_traditional
from kg.types import Figure, Span


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
        named = NAMED_LIST.search(before.text.rstrip("，,；;：: \u3000")) if not items and before is not None else None
        if named and all(f["kind"] == "count" for f in before.figures):  # type: ignore[union-attr]
            # 涨幅最大的两只基金为中邮核心优选和国投瑞银瑞福进取，分别上涨A和B: names, kept whole (进取 is no verb here)
            items = [item for item in w["separator_re"].split(named.group(1).strip()) if item]
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
    if value.before_noun and value.measure == "amount":
        phrase = money_noun_after(clause.text, value.end - clause.start) or phrase
    elif (value.measure == "count" and figure["kind"] == "count") or value.before_noun:
        after = noun_after(clause, value, w)
        if after and frame_of_share(clause, value, after):
            return ""  # 在41个工业大类行业中，有25个…: the whole of a share, not a figure
        counted = counted_with_predicate(clause, value, after, w)
        if counted and value.measure == "percent":
            # 超八成广交会参展企业在手订单…增长: a share of the things counted
            figure["kind"], figure["share_of"] = "share", counted[counted.rindex("的") + 1:]
        phrase = counted or after or phrase
    if figure.get("contribution"):
        subject = phrase or ((last.get("subject") or last["indicator"]) if last else state.subject)
        figure["subject"] = subject  # what a later rate inherits: …拉动…6.2个百分点，两年平均增长37.2%
        return subject + trim(drop_value(figure["contribution"]), w) if subject else ""
    if not phrase:
        if not clause.figures and previous is not None and previous.subjects:
            clause.subjects = previous.subjects
            figure["list_index"] = 0
            return previous.subjects[0]
        if last is not None:  # an indicator dropped as generic drops what inherits it too
            if last["kind"] in ("amount", "count") and figure["kind"] == "rate":
                figure["change_of"] = last
            inherited = last.get("subject") or last.get("indicator") or ""
            if figure["kind"] != "difference":  # 涨幅比上月扩大0.2个百分点，环比上涨0.1%: the index itself
                inherited = next((inherited[: -len(a)] for a in w["rate_attributes"] if inherited.endswith(a)), inherited)
            elif value.measure == "points" and last["kind"] == "rate" and inherited and not figure.get("contribution") \
                    and not any(inherited.endswith(a) for a in w["attributes_sorted"]):
                # 同比增长24.6%，较上月加快8.3个百分点: the points are the growth rate's (利润增速)
                figure["subject"] = stem_flow(inherited)  # what a later rate is of: 两年平均增长26.4%
                inherited = figure["subject"] + w["rate_attribute"]
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
    if subject and phrase.startswith("对") and phrase.endswith(w["contribution_attributes"]):
        # 消费品制造业利润…，对规模以上工业利润增长的贡献率为29.5%: the subject's (as the gold of
        # 2021-09 names it: 消费品制造业利润对…的贡献率)
        return stem(subject, w) + phrase
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


def stem_flow(indicator: str) -> str:
    """货物贸易进出口总值 -> 货物贸易进出口: an amount's name without the word for its total."""
    for word in ("总值", "总额", "金额"):
        if indicator.endswith(word) and len(indicator) > len(word) + 1:
            return indicator[: -len(word)]
    return indicator[:-1] if indicator.endswith("口额") else indicator


# …为A和B (or A、B): the members a clause names, which a 'respectively' list after it is of.
NAMED_LIST = re.compile("(?:为|是)([^为是，,]{2,30}(?:和|、|及|与)[^为是，,]{2,30})$")


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
    change_from = w["change_from_re"].search(text)
    if change_from:
        text = text[:change_from.start()]  # 食品价格由上月下降2.0%转为上涨1.2%: the subject is before 由
    # a date blanked out (mask), a full-width space, or a space before Chinese (a headline's
    # parts: 中俄原油管道运行10周年 进境原油); 佳能 EOS 7D keeps the spaces before Latin
    blank = max(text.rfind("\u3000"), max((m.start() for m in SPACE_BREAK.finditer(text)), default=-1))
    owner = owner_before(text[:blank], w) if blank > 0 else ""
    text = owner + text[blank + 1:]  # 苹果公司第三季度净利润: the date out, the company kept
    reached = w["to_level_verb_re"].search(text)
    if reached and reached.start() > 0:
        text = text[:reached.start()]  # 外币存款余额降至年内低点7473亿美元: the name ends at its verb
    alias = ACRONYM_AFTER.search(text)
    if alias:
        text = text[:alias.start()]  # 居民消费价格指数CPI: the acronym repeats the name
    # The last break word (a whole jieba word: 均 cuts 均为 but not 平均) starts the phrase;
    # after 共 or 新 a verb goes too (电信运营商共发展5G移动电话用户 -> 5G移动电话用户).
    tokens = dictionary_words(text)
    cut, verb_after, adverb_at = 0, False, -1
    for start, end, word, tag in tokens:
        if end < len(text) and (word in w["breaks_set"] or word in w["enumeration_set"]):
            cut, verb_after = end, word in w["breaks_before_verb"]
            adverb_at = start if word in w["subject_before_set"] else -1
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
    while kept and kept[0][2] not in w["list_prepositions"] and not kept[0][2].endswith("期") and (
            (len(kept[0][2]) > 1 and kept[0][3] in w["leading_tags"]) or kept[0][2] in w["leading_chars"]):
        # (一年期 is a term, not a time: 一年期人民币存款利率)
        kept.pop(0)  # 现清单内商品税目 -> 清单内商品税目; but 自 of 自贸试验区 stays
    phrase = trim(text[kept[0][0]:kept[-1][1]] if kept else "", w)
    if adverb_at > 0 and not re.search("[\u4e00-\u9fffA-Za-z]", trim(text[cut:], w)):
        return noun_phrase(text[:adverb_at], w)  # 日圆兑美元也在105.62日圆企稳: the subject is before 也
    text = phrase
    if len(text) > w["longest"]:
        text = text[-w["longest"]:]
    return text if re.search("[\u4e00-\u9fffA-Za-z]", text) else ""


SPACE_BREAK = re.compile("[ \u00a0](?![A-Za-z0-9])")


def owner_before(text: str, w: dict[str, Any]) -> str:
    """苹果公司 of 苹果公司第三季度净利润 (the date blanked): a name right before the date, whose
    figure follows it; nothing when a verb, a break or a mark comes between."""
    text = text.rstrip("\u3000")
    if not text or re.search(r"[\s，,；;：:、]", text[-1]):
        return ""
    tokens = dictionary_words(text[-12:])
    if not tokens or (tokens[-1][3] not in w["owner_tags"] and not tokens[-1][2].endswith(w["owner_heads"])):
        return ""
    run: list[str] = []
    for _s, _e, word, tag in reversed(tokens):
        # a single character the dictionary splits off a name goes too (偏 / 股 of 偏股基金), not 只 or 的
        single = len(word) == 1 and word not in w["function_chars"] and tag not in ("d", "p", "c", "r", "m", "uj", "ul", "u")
        if word in w["breaks_set"] or not (tag in NOMINAL_TAGS or tag in w["owner_tags"] or single) \
                or not re.fullmatch("[\u4e00-\u9fffA-Za-z0-9]+", word):
            break
        run.insert(0, word)
    return "".join(run) if len("".join(run)) >= 2 else ""


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
        if last and len(last.group()) == 1 and last.start() not in {start for start, *_ in dictionary_words(text)}:
            break  # 蒙卡达: the end of a name, not the verb 达
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
        opening = not "".join(run).strip("“”「」")  # a quote mark opens the noun as well
        nominal = tag in NOMINAL_TAGS or (opening and tag in ("a", "b")) or (
            len(word) == 1 and word not in w["function_chars"])
        quote = word in ("“", "”", "「", "」")  # 1000家以上国家级专精特新“小巨人”企业
        written = "".join(run)
        quoted = written.count("“") + written.count("「") > written.count("”") + written.count("」")
        if quote and word in ("”", "」") and not quoted:
            break  # 增强“四个意识”: the quote opened before the count
        if not quote and not (quoted and re.fullmatch("[\u4e00-\u9fff]+", word)) and (
                not nominal or not re.fullmatch("[\u4e00-\u9fffA-Za-z0-9]+", word)):
            break  # (inside quotes every word is the name's: “工业赋能”场景)
        if len("".join(run)) + len(word) > 16:
            break
        run.append(word)
    return "".join(run)


def frame_of_share(clause: Clause, value: Value, noun: str) -> bool:
    """在41个工业大类行业中: the count names the set a later share is of."""
    head = clause.text[:value.start - clause.start].rstrip()
    tail = clause.text[value.end - clause.start + len(noun):]
    return head.endswith("在") and tail.startswith("中")


def counted_with_predicate(clause: Clause, value: Value, noun: str, w: dict[str, Any]) -> str:
    """有25个行业实现利润同比增长 -> 实现利润同比增长的行业; 超七成行业盈利规模超过疫情前水平 ->
    盈利规模超过疫情前水平的行业: the things counted (up to their head, 行业, 企业…) that do what
    the rest of the clause says."""
    rest = clause.raw[value.end - clause.start:]
    heads = [rest.find(head) + len(head) for head in w["counted_heads"] if 0 <= rest.find(head) <= 10]
    at = min(heads) if heads else 0
    counted = rest[:at]
    if not at or not re.fullmatch("[\u4e00-\u9fffA-Za-z0-9“”]+", counted) or w["separator_re"].search(counted) or any(
            word in w["function_chars"] for _s, _e, word, _t in dictionary_words(counted)):
        return ""
    predicate = rest[at:].strip(" \u3000，,。；;：:！？!?")
    if not predicate or len(predicate) > 20 or predicate.startswith(("中", "为", "是", "即", "包括")) \
            or OTHER_COUNT.search(predicate) or not any(
            tag == "v" for _s, _e, _w, tag in dictionary_words(predicate)):
        return ""  # 41个工业大类行业中有26个…: the set; 两只基金为…: its members; 约2000亿份…: another figure
    return predicate + "的" + counted


OTHER_COUNT = re.compile("[0-9]|[一二两三四五六七八九十百千万亿]+(?:个|家|只|份|名|人|%|成)")


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
        if len(tagged) >= 2 and len(last) - len(tagged[-1]) >= 1 and len(last) > max(len(i) for i in items[:-1]) + 1 \
                and tagged[-1] not in w["generic_set"]:  # 对东盟、共建“一带一路”国家: 国家 is the last item's own
            head = tagged[-1]
    first_head = next((h for h in w["heads_sorted"] if items[0].endswith(h) and len(items[0]) > len(h)), "")
    if not head and first_head:
        # 规模以上中小工业企业营业收入、利润总额: the later flows are the same subject's
        owner = items[0][: -len(first_head)]
        items = [items[0]] + [owner + item if flow_alone(item, w) else item for item in items[1:]]
    preposition = next((p for p in w["list_prepositions"] if items[0].startswith(p)), "")
    result = []
    for item in items:
        if preposition and not item.startswith(preposition):
            item = preposition + item
        if head and not item.endswith(head):
            item = item + head
        result.append(item)
    return result


def flow_alone(item: str, w: dict[str, Any]) -> bool:
    """利润总额, 出口, 销量: a flow (with its attribute) and nothing of whose it is."""
    head = next((h for h in w["heads_sorted"] if item.startswith(h)), "")
    return bool(head) and (item == head or item[len(head):] in w["attributes"])


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


def make_figure(figure: dict[str, Any], evidence: Span, state: State, places: Sequence[str] = (),
                traditional: dict[str, str] | None = None) -> Figure | None:
    w = words()
    indicator = figure.get("indicator") or ""
    if figure.get("final") is not None:
        return figure["final"]
    for place in sorted(places, key=len, reverse=True):
        if figure.get("stock"):
            break  # 日本电信电话股价: a company's name, not a place's figure
        if indicator.startswith(place) and len(indicator) - len(place) >= 2:
            indicator = indicator[len(place):]  # 中国跨境电商进出口额: the place is the figure's place
            indicator = indicator.removeprefix("的")  # 印度的农业: the place's, 的 goes with it
            break
    indicator = normalise_indicator(indicator, state.topic, w)
    figure["indicator"] = indicator
    if len(indicator) < 2 or indicator in w["generic_set"]:
        figure["final"] = None
        return None
    if w["bare"][0] in indicator and not figure.get("list_index"):
        state.topic = indicator  # 货物贸易进出口总值: what a bare 出口 later is part of
    state.subject = figure.get("subject") or indicator
    value: Value = figure["value"]
    number = value.value * figure.get("sign", 1) if figure["kind"] in ("rate", "difference") else value.value
    basis = figure.get("basis")
    period = figure.get("period")
    change_of = figure.get("change_of")
    amount = change_of.get("final") if change_of else None
    if traditional:
        indicator = to_traditional(indicator, traditional)  # as the article writes it (出口額 too)
    made = Figure(
        indicator=indicator,
        value=numbers.tidy(number),
        unit="".join(traditional.get(char, char) for char in value.unit) if traditional and value.unit else value.unit,
        text="".join(traditional.get(char, char) for char in value.text) if traditional else value.text,
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
