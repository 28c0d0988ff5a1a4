"""The words of a title: how far a title before a name reaches to the left and which of its
words name the body instead (kg/facts/posts.py reads the posts with them).

- a qualifier or a modifier the recogniser left out of a title is the title's (党组副书记,
  大和证券首席市场分析师), a qualifier a body was grown over too (易方达科瑞基金经理);
- a title the recogniser did not mark is read by its head (``title_heads``: 华夏基金固定收益总监);
- the title of a unit's head names the unit (国家安全保障局长: 国家安全保障局);
- 原, 前, 时任 before a title or grown into its body mark a former post.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.facts.post_bodies import PostWords
from kg.text import to_simplified
from kg.types import Entity, Mention

if TYPE_CHECKING:
    from kg.facts.context import Sentence


CJK_RUN = "[\u4e00-\u9fff]"


def unit_of_head(words: PostWords, role: str, place: Entity | None = None) -> Entity | None:
    """国家安全保障局长, 消防处长, 陆军部长 with no body named, or only a place: the title of a
    unit's head names the unit (国家安全保障局), which is where the post is held; a place
    named before it is the unit's (香港教育局长: 香港教育局), unless it is the home country.
    A ministry's title (外交部长) is left to the list of ministries."""
    title = next((t for t in words.unit_titles if role.endswith(t) and not t.startswith("副")), None)
    if title is None or role.removeprefix("副") in words.ministries:
        return None
    name = role[:-len(title)].removeprefix("副")
    if len(name) < 2 or name.endswith(title[0]) or name.startswith(words.title_qualifiers):
        return None  # 财政司司长: the unit's name written in full before its head's title, read elsewhere
    unit = name + title[:-1]
    if place is not None and place.label == "GPE" and place.name not in words.home_countries and not unit.startswith(place.name):
        unit = place.name + unit
    return Entity("ORG", unit)


def is_former_mark(sentence: Sentence, start: int, words: PostWords) -> bool:
    """原 or 前 right before ``start``, and not the end of a word (目前, 此前)."""
    if to_simplified(sentence.between(start - 4, start)).endswith(words.then_marks):
        return True  # 时任福州市委书记, 当时的德国总理: a post held then
    mark = to_simplified(sentence.between(start - 1, start))
    if mark not in words.former_marks:
        return False
    return to_simplified(sentence.between(start - 2, start)) not in words.not_former


def without_former_mark(organization: Entity | None, mention: Mention,
                        words: PostWords) -> tuple[Entity | None, bool]:
    """A body the recogniser grew over the mark before it (原核工业部, 前国防部, 时任中国外交部):
    the body without the mark, and whether the post is a former one (前海, 原子能 are names)."""
    if organization is None:
        return None, False
    name, text = organization.name, to_simplified(mention.text)
    for mark in (*words.then_marks, *words.former_marks):
        if name.startswith(mark) and text.startswith(mark) and len(name) - len(mark) >= 2 \
                and not name.startswith(words.not_former_bodies):
            return Entity(organization.label, name[len(mark):], parent=organization.parent), True
    return organization, False


FIELDS_OF_STUDY = ("学", "系", "专业")  # 政治学教授: a field before a title is no part of it
AFFAIRS = ("事务", "问题")  # 人权事务高级专员: the affairs a commissioner is for are his title's
FIELD_ENDINGS = FIELDS_OF_STUDY + AFFAIRS

FIELD_TAGS = {"v", "p", "vd", "u", "r", "d", "m", "q", "y", "f"}


def title_grown_into_body(position: Mention, body: Mention, organization: Entity,
                          words: PostWords) -> tuple[Mention, Entity]:
    """易方达科瑞基金经理, 中国平安联席首席执行官: the recogniser grew the body over the
    qualifier that opens the title (基金, 联席: ``title_qualifiers`` of two characters or more,
    not a party's 党组 or 党委, which are bodies); the title takes it back."""
    text = to_simplified(body.text)
    qualifier = next((q for q in words.title_qualifiers if len(q) >= 2 and text.endswith(q) and len(text) - len(q) >= 2
                      and q not in words.body_qualifiers and organization.name.endswith(q)), None)
    if qualifier is None:
        return position, organization
    title = qualifier + to_simplified(position.canonical or position.text)
    return (replace(position, start=position.start - len(qualifier), text=body.text[-len(qualifier):] + position.text,
                    canonical=title),
            Entity("ORG", organization.name[:-len(qualifier)], parent=organization.parent))


def qualified(sentence: Sentence, ordered: list[Mention], cursor: int, position: Mention, words: PostWords) -> Mention:
    """党组副书记, 联席主席, 财务总监: a word before the title that the recogniser left out
    of it (``title_qualifiers``) is part of the title, not of the body before it."""
    if not words.title_qualifiers:
        return position
    floor = ordered[cursor - 1].end if cursor > 0 else sentence.span.start
    before = to_simplified(sentence.between(max(floor, position.start - 6), position.start))
    qualifier = next((q for q in words.title_qualifiers if before.endswith(q)), None)
    if qualifier is None and before.endswith(AFFAIRS):
        # 人权事务高级专员, 东部问题专员: the affairs a commissioner is for are his title's
        from kg.recognize.words import tag_words

        tagged = tag_words(before)
        if len(tagged) >= 2 and tagged[-2][3] not in FIELD_TAGS - {"f"} and tagged[-2][3] != "uj":  # 东部问题专员
            qualifier = before[tagged[-2][0]:]
    if qualifier is None:
        qualifier = unit_of_title(sentence, ordered, cursor, position, words)
    modifier = title_modifier(sentence, ordered, cursor, position, words)
    if modifier is not None and len(modifier) > len(qualifier or ""):
        qualifier = modifier
    if qualifier is None:
        return position
    title = position.canonical or position.text
    return replace(position, start=position.start - len(qualifier), text=qualifier + position.text,
                   canonical=qualifier + to_simplified(title))


MODIFIER_STOP_TAGS = {"p", "c", "r", "d", "m", "q", "f", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "vd", "ad", "e", "o"}

MAX_MODIFIER = 8


def title_modifier(sentence: Sentence, ordered: list[Mention], cursor: int, position: Mention,
                   words: PostWords) -> str | None:
    """大和证券首席市场分析师, 资深计画经理, 拜登的副竞选经理, 美国前气候谈判特使, 建造业总工会会务顾问:
    the words between a body (or a mark) and a title the recogniser cut short describe the
    title and are part of it. From the title leftwards, words are taken while they are no
    function word, no mark (前, 时任, 的, 籍: ``modifier_stops``), no verb of meeting or
    appointment (会见, 拟任), no unit of a body (外汇部门, 小儿感染科) and no field of study
    (历史学教授); a verb only in a unit's name right before its head's title (国家安全保障局长).
    With a qualifier among them (``title_qualifiers``: 首席, 副, 高级) the title begins at the
    first one: the words before it name the body (中粮期货副总经理: 期货 is 中粮's). Without
    one, the words join the title only right after a body or a place the recogniser named, or
    after a mark or a verb (会见国家安全保障局长, 的疫苗研究员), or as a unit's name before its
    head's title: at a clause's start or after a name they may be a body no list knows
    (裕兴区域经理, 杜拜航空董事長)."""
    previous = ordered[cursor - 1] if cursor > 0 else None
    if previous is not None and previous.label == "GPE" and cursor >= 2 and ordered[cursor - 2].label == "ORG" \
            and ordered[cursor - 2].end == previous.start:
        return None  # 前中央情报局中国政策分析师: a field naming a place after a body (body_across_field)
    floor = previous.end if previous is not None else sentence.span.start
    before = to_simplified(sentence.between(max(floor, position.start - 16), position.start))
    run = re.search(f"{CJK_RUN}+$", before)
    if run is None:
        return None
    from kg.recognize.words import tag_words

    unit_head = to_simplified(position.canonical or position.text) in words.unit_titles
    if unit_head:
        named = unit_name_in_list(before, previous, position, words)
        if named is not None:
            return named
    taken: list[str] = []
    stopped_by_mark = False
    former_or_then = (*words.former_marks, *words.then_marks)
    for _s, _e, word, tag in reversed(tag_words(run.group(0))):
        # a former mark inside a word (前任, 自原); another stop ending one (文传会, 共和党籍, 自由派), not
        # opening one (会务顾问, 会议主席)
        mark = max((m for m in words.modifier_stops if m in word and (m in former_or_then or word.endswith(m))),
                   key=len, default=None)
        if mark is not None:
            tail = word[word.rindex(mark) + len(mark):]  # 前任, 自原: the words after the mark
            if tail and not taken:
                taken.append(tail)
            stopped_by_mark = True
            break
        if tag in MODIFIER_STOP_TAGS or word.endswith(words.unit_heads) or word.endswith(FIELDS_OF_STUDY):
            break
        if tag == "v" and (taken or not unit_head) and word not in words.title_qualifiers:
            stopped_by_mark = True  # 拟任基金经理, 认为市场分析师, 包括财务大臣 (国家安全保障局长: the unit's name)
            break
        taken.append(word)
    taken.reverse()
    if not taken:
        return None
    qualifiers = [i for i, word in enumerate(taken) if word in words.title_qualifiers]
    if qualifiers:
        modifier = "".join(taken[qualifiers[0]:])
    else:
        modifier = "".join(taken)
        after_body = (len(modifier) == len(run.group(0)) and previous is not None and previous.label in ("ORG", "GPE")
                      and previous.end == position.start - len(modifier))
        after_mark = stopped_by_mark or before[:len(before) - len(modifier)].endswith("的")
        if not (after_body or after_mark or unit_head):  # 国家安全保障局长: the unit's name
            return None
    return modifier if 0 < len(modifier) <= MAX_MODIFIER else None


UNIT_NAME_OPENERS = "、，,的"


def unit_name_in_list(before: str, previous: Mention | None, position: Mention, words: PostWords) -> str | None:
    """社会援护局长, 防卫政策局长, 亚洲大洋洲局长: before the title of a unit's head, the whole
    run of words from a list's mark, a 的 or a body up to the title is the unit's name, verbs
    (援护, 选举) and places in it too; a run ending in a body's head is a body of its own."""
    match = re.search(f"(?:^|[{UNIT_NAME_OPENERS}])((?:(?!的){CJK_RUN}){{2,6}})$", before)  # 防卫省的防卫政策局长
    if match is None or "的" in match.group(1):
        return None
    name = match.group(1)
    opened = match.start(1) > 0 or (previous is not None and previous.label in ("ORG", "GPE")
                                     and previous.end == position.start - len(name))
    if not opened or name.endswith(words.unit_heads) or name in words.title_qualifiers:
        return None
    from kg.recognize.words import tag_words

    if any(tag in MODIFIER_STOP_TAGS or word in words.modifier_stops for _s, _e, word, tag in tag_words(name)):
        return None
    return name


def unit_of_title(sentence: Sentence, ordered: list[Mention], cursor: int, position: Mention,
                  words: PostWords) -> str | None:
    """外务省综合外交政策局长, 外务省经济局长: between a body and the title of a unit's head
    (``unit_titles``), the unit's name is the title's (综合外交政策局长 of 外务省); a name
    ending in the unit's head is a body of its own (教育局局长, read elsewhere)."""
    role = to_simplified(position.canonical or position.text)
    if role not in words.unit_titles or cursor < 1 or ordered[cursor - 1].label not in ("ORG", "GPE"):
        return None
    gap = to_simplified(sentence.between(ordered[cursor - 1].end, position.start)).removeprefix("的")
    if not re.fullmatch(f"{CJK_RUN}{{2,8}}", gap) or gap.endswith(words.unit_heads) or gap in words.title_qualifiers:
        return None
    from kg.recognize.words import tag_words

    if any(tag in FIELD_TAGS - {"p"} or tag in ("v", "uj") for _s, _e, _w, tag in tag_words(gap)):
        return None  # 访问美国总统, 会见外务省局长: a verb is no unit
    return gap


def titles_before(sentence: Sentence, ordered: list[Mention], index: int,
                  words: PostWords) -> Iterator[tuple[str, Entity | None, bool, str | None, int]]:
    """华夏基金固定收益总监杨爱斌, 国家统计局服务业调查中心高级统计师赵庆河, 陆委会副主委兼发言人梁文杰:
    titles the recogniser did not mark, read from the words between an organisation (or
    the clause's start) and the name when they end in a title's head (``title_heads``).
    Words ending in a body's head before the title are a unit of the organisation
    (服务业调查中心); the words before the head in the title stay in it (固定收益总监)."""
    if not words.title_heads:
        return
    mention = ordered[index]
    previous = ordered[index - 1] if index > 0 else None
    floor = previous.end if previous is not None else sentence.span.start
    gap = to_simplified(sentence.between(floor, mention.start)).rstrip()  # 政治学教授 Chong Ja Ian: a space before a name
    organization: Entity | None = None
    start = floor
    marked = False
    if previous is not None and previous.label in ("ORG", "GPE") and gap and not re.search("[，。；：、,;:（）()“”「」《》\\s]", gap[:1]):
        organization, marked = without_former_mark(sentence.entity(previous), previous, words)
        start = previous.start
    else:
        # the title opens its clause, a list's item (铃木浩、财务官冈村健司) or what 的 describes
        # (担任会议主席的官房副长官杉田和博)
        clause = re.search("[，。；：、,;:（）()“”「」《》\\s的]([^，。；：、,;:（）()“”「」《》\\s的]*)$", gap)
        gap = clause.group(1) if clause else (gap if previous is None else "")
        if len(gap) > 8:
            return  # from the clause's start, only a title alone (技术总监帕尔泽)
        start = mention.start - len(gap)
    gap = gap.removeprefix("的")
    if not gap or len(gap) > 16 or not re.fullmatch("[\u4e00-\u9fffA-Za-z]+", gap):
        return
    former = marked or is_former_mark(sentence, start, words)
    parts = re.split("兼|及", gap)
    unit: str | None = None
    found = []
    for number, part in enumerate(parts):
        if part[:1] in words.former_marks:
            part, former = part[1:], True
        part = part[len(next((w for w in words.not_title_words if part.startswith(w)), "")):]  # 会见外务事务次官
        part = without_leading_function_words(part)  # 因此审判长: a conjunction opens the clause, not the title
        head = next((h for h in words.title_heads if part.endswith(h)), None)
        if head is None or has_verb(part[:-len(head)]):
            return  # 中共先是发布抓捕立委沈伯洋: a clause, not a title
        title = part
        if number == 0:
            before_head = part[:-len(head)]
            # a unit of the body before it may be a head alone (左翼党联邦议会 + 党团); else a name and a head
            shortest = 2 if organization is not None and organization.label == "ORG" else 3
            cut = max((i for i in unit_ends(before_head) if i >= shortest and before_head[:i].endswith(words.unit_heads)), default=0)
            if cut:
                unit, title = before_head[:cut], part[cut:]
            elif len(before_head) >= 2 and before_head.endswith(FIELDS_OF_STUDY) and head in words.field_titles:
                title = head  # 政治学教授: the field of study is no part of the title
        if title[:1] in words.former_marks:
            title, former = title[1:], True
        if len(title) > 8 or len(title) < 2:
            return
        found.append(title)
    body = organization
    if unit is not None:
        body = Entity("ORG", (organization.name if organization is not None and organization.label == "ORG" else "") + unit,
                      parent=organization.name if organization is not None and organization.label == "ORG" else None)
    for title in reversed(found):
        yield title, body, former, None, start


def unit_ends(text: str) -> set[int]:
    """Where a unit's name may end in ``text``: at the end of a word that names no direction
    (东部问题专员: 东部 is the east, not a 部)."""
    from kg.recognize.words import tag_words

    return {end for _start, end, _word, tag in tag_words(text) if tag != "f"}


def without_leading_function_words(text: str) -> str:
    """The words from the first that is no conjunction, preposition or pronoun (因此, 而, 其)."""
    from kg.recognize.words import tag_words

    for start, _end, _word, tag in tag_words(text):
        if tag not in ("c", "p", "r"):
            return text[start:]
    return ""


def has_verb(text: str) -> bool:
    """Whether words before a title's head hold a verb or an adverb (先是发布抓捕)."""
    if not text:
        return False
    from kg.recognize.words import tag_words

    return any(tag in ("v", "d", "vd") for _s, _e, _w, tag in tag_words(text))
