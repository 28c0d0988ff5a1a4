"""The body a title is held in, read from the words around it: before the title (a body, a
field or a gloss between: 乔治城大学宪法学教授, 国台办（…）发言人; a ministry split from its
minister: 美国商务部长), before the name (上海大学材料学院张云虎教授), in the title's clause
(中央改革办分管日常工作的副主任), or from what the title is (参议员: a seat in the chamber;
总务事务次官: 总务省). kg/facts/posts.py reads the posts with them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.facts.post_bodies import PostWords, country_names, most_named
from kg.facts.post_titles import (
    CJK_RUN,
    FIELD_ENDINGS,
    FIELD_TAGS,
    FIELDS_OF_STUDY,
    has_verb,
    is_former_mark,
    without_former_mark,
)
from kg.text import to_simplified
from kg.types import Entity, Mention

if TYPE_CHECKING:
    from kg.facts.context import Context, Sentence

GLOSS = re.compile(r"[（(][A-Za-z\u00c0-\u024f][^（）()]{0,60}[）)]")  # a Latin gloss in brackets


def body_before_name(sentence: Sentence, ordered: list[Mention], index: int) -> Entity | None:
    """国务院港澳办夏宝龙主任, 上海大学材料学院张云虎教授, 乔治华盛顿大学的大卫·布劳恩教授: an
    organisation right before a name (or before its 的) holds the title after the name."""
    if index < 1 or ordered[index - 1].label != "ORG":
        return None
    previous = ordered[index - 1]
    if sentence.between(previous.end, ordered[index].start) not in ("", "的"):
        return None
    return sentence.entity(previous)


CLAUSE_MARKS = "，。；：,;:！？!?“”「」"


def clause_body(sentence: Sentence, at: int) -> Entity | None:
    """中央改革办分管日常工作的副主任穆虹, SK 集团会长崔泰源: the one organisation its clause names
    before a title read without one, nothing but words between them (no name, no clause mark)."""
    before = [m for m in sentence.mentions if m.end <= at]
    if not before:
        return None
    text = sentence.between(sentence.span.start, at)
    clause_start = sentence.span.start + max((text.rfind(c) + 1 for c in CLAUSE_MARKS), default=0)
    person_end = max((m.end for m in before if m.label == "PERSON"), default=-1)
    bodies = [m for m in before if m.label == "ORG" and m.start >= max(person_end, clause_start)]
    if not bodies:
        return None
    body = bodies[-1]
    gap = GLOSS.sub("", sentence.between(body.end, at))
    if len(gap) > 16 or any(c in CLAUSE_MARKS for c in gap) or any(m.label == "ORG" for m in bodies[:-1]
                                                                     if not GLOSS.fullmatch(sentence.between(m.start - 1, m.end + 1))):
        return None
    # after 的 the words describe the title (分管日常工作的), after 兼 or 及 another title begins (联合创办人及)
    words_between = re.sub(r"[^\u4e00-\u9fff]", "", re.split("[的兼及、]", gap)[-1])
    if not re.search("[的兼及、]", gap) and has_verb(to_simplified(words_between)):
        return None  # 美财政部制裁太子控股集团董事长陈志: the body acts on the person
    from kg.recognize.words import tag_words

    if any(tag in ("p", "r") for _s, _e, _w, tag in tag_words(to_simplified(re.sub(r"[^\u4e00-\u9fff]", "", gap)))):
        return None  # 美财政部将该集团及其董事长陈志列入…: 将 and 其 point elsewhere
    return sentence.entity(body)


def home_country(context: Context, words: PostWords) -> Entity | None:
    """The home country (中国) where the article names it, as a place or as 我国."""
    return next((e for e in context.counts() if e.label == "GPE" and e.name in words.home_countries), None)


def ministry_of_officer(words: PostWords, role: str) -> Entity | None:
    """总务事务次官, 国土交通审议官: an officer's title that opens with a ministry's name without its
    head (总务 + 省) and ends in a ministry officer's (``ministry_officers``) is held in that ministry."""
    officer = next((o for o in words.ministry_officers if role.endswith(o) and len(role) > len(o) + 1), None)
    if officer is None or role in words.ministries:  # 外务事务次官: a minister's title of its own country
        return None
    stem = role[:-len(officer)]
    ministry = next((m for m in words.ministries.values() if m[:-1] == stem and m.endswith(("省", "部"))), None)
    return Entity("ORG", ministry) if ministry else None


def legislature(context: Context, words: PostWords, sentence: Sentence, role: str, at: int) -> Entity:
    """The chamber a legislator of a party sits in (``legislator_titles``: 参议员 -> 参议院), of the
    one foreign country the sentence names before the name, else of the one the article names
    most; a chamber of its own where the list names it so (立委 -> 立法院)."""
    body = words.legislator_titles[role]
    if body in words.default_bodies.values():
        return Entity("ORG", body)
    home = set(words.home_countries)
    countries = set(country_names())
    places = {e for m in sentence.of_label("GPE") if m.end <= at and (e := sentence.entity(m)) is not None
              and e.name in countries and e.name not in home}
    place = next(iter(places)) if len(places) == 1 else most_named(context, words, "GPE", countries_only=True)
    if place is None or place.name in home:
        return Entity("ORG", body)
    return Entity("ORG", place.name + body)


def title_after_a_name(ordered: list[Mention], end: int) -> bool:
    """特朗普总统和国防部长赫格塞思: the title ending at ``end`` follows a name and is that
    person's, not the first of a list of the next person's titles."""
    title = next((i for i, m in enumerate(ordered) if m.end == end and m.label == "POSITION"), None)
    return title is not None and title > 0 and ordered[title - 1].label == "PERSON" and ordered[title - 1].end == ordered[title].start


def firm_before_region(sentence: Sentence, ordered: list[Mention], cursor: int, position: Mention,
                       words: PostWords) -> tuple[Entity, int] | None:
    """瑞穗银行亚洲首席策略师, 国际数据资讯（IDC）中国研究经理: a firm's title (``private_titles``)
    after a place or region after the firm is the firm's; the place is where it is held."""
    if cursor < 2 or ordered[cursor - 1].label not in ("GPE", "LOC") or ordered[cursor - 2].label != "ORG":
        return None
    region, firm = ordered[cursor - 1], ordered[cursor - 2]
    title = to_simplified(position.canonical or position.text)
    if sentence.between(region.end, position.start) or not title.endswith(words.private_titles + words.field_titles + ("主任",)):
        return None
    if GLOSS.sub("", sentence.between(firm.end, region.start)).strip(" ）)的"):
        return None
    if cursor >= 3 and ordered[cursor - 3].label == "ORG" and sentence.between(ordered[cursor - 3].end, firm.start) in ("（", "("):
        firm = ordered[cursor - 3]  # 国际团结组织（Solidarites International）的苏丹国家主任: the name before its gloss
    entity = sentence.entity(firm)
    return (entity, firm.start) if entity is not None else None


def body_across_field(sentence: Sentence, ordered: list[Mention], cursor: int,
                      position_start: int, academic: bool = False) -> tuple[Entity, int] | None:
    """乔治城大学宪法和联邦预算学教授, 克普勒盛富（Kepler Cheuvreux）分析师:
    the body named before a field, a gloss or a word of the title is the post's, when nothing
    between them is a verb, a preposition or a pronoun (访问美国总统: 访问 is a verb); before an
    academic title (``academic``) the field may hold a verb (物理治疗副教授). A gloss read as a
    name of its own stands for the name before it (曼彻斯特都会大学（Manchester …）)."""
    if cursor >= 2 and ordered[cursor - 1].label == "ORG" and ordered[cursor - 2].label == "ORG" \
            and sentence.between(ordered[cursor - 2].end, ordered[cursor - 1].start) in ("（", "("):
        cursor -= 1  # the gloss
    if cursor >= 2 and ordered[cursor - 1].label == "GPE" and ordered[cursor - 2].label == "ORG" \
            and ordered[cursor - 2].end == ordered[cursor - 1].start:
        cursor -= 1  # 前中央情报局中国政策分析师: the field names a place
    elif cursor < 1 or ordered[cursor - 1].label != "ORG":
        return None  # after a place, the words are the body's name (芝加哥联储总裁), read elsewhere
    candidate = ordered[cursor - 1]
    gap = GLOSS.sub("", to_simplified(sentence.between(candidate.end, position_start)))
    if not gap or gap == "的":  # 内阁府的事务次官
        return (sentence.entity(candidate), candidate.start) if sentence.entity(candidate) else None
    if len(gap) > 12 or not re.fullmatch(f"{CJK_RUN}+", gap):
        return None
    from kg.recognize.words import tag_words

    stops = FIELD_TAGS - {"v", "vd"} if academic else FIELD_TAGS
    if not gap.endswith(FIELD_ENDINGS) and any(tag in stops for _s, _e, _w, tag in tag_words(gap)):
        return None  # a field of study may hold a verb-like word (预算学); other words may not
    entity = sentence.entity(candidate)
    return (entity, candidate.start) if entity is not None else None


def unit_head_of(sentence: Sentence, mention: Mention,
                 words: PostWords) -> tuple[str, Entity | None, bool, str | None, int] | None:
    """香港教育局长杨润雄, 白沙瓦警察局长: a body ending in a unit's head (局, 署, 厅...) and 长
    left over; the title is the unit's head's (教育局长), the body the one read."""
    entity = sentence.entity(mention)
    text = to_simplified(mention.text)
    if entity is None or not text.endswith((*words.unit_titles_heads, "部")):
        return None
    place = next((c for c in (*country_names(), *place_names(sentence)) if text.startswith(c) and len(text) - len(c) >= 2), "")
    title = text[len(place):] + "长"
    if len(title) > 8:
        return None
    organization, former = without_former_mark(entity, mention, words)
    return title, organization, former or is_former_mark(sentence, mention.start, words), None, mention.start


def place_names(sentence: Sentence) -> tuple[str, ...]:
    """The names of the places the sentence names, longest first."""
    names = {to_simplified(m.text) for m in sentence.of_label("GPE")}
    names |= {e.name for m in sentence.of_label("GPE") if (e := sentence.entity(m)) is not None}
    return tuple(sorted(names, key=len, reverse=True))


def minister_of(sentence: Sentence, ordered: list[Mention], at: int,
                words: PostWords) -> tuple[str, Entity | None, bool, str | None, int] | None:
    """美国商务部长罗斯, 德国外交部长马斯: the ministry was read as an organisation and
    长 left over; the title is the ministry's (商务部长), the body the country's ministry."""
    mention = ordered[at]
    text = to_simplified(mention.text)
    for title, ministry in words.ministries.items():
        if title == ministry + "长" and text.endswith(ministry):
            organization, former = without_former_mark(sentence.entity(mention), mention, words)
            start = mention.start
            rest = text[:-len(ministry)]
            qualifier = next((q for q in words.title_qualifiers if rest.endswith(q) and len(q) == 1), None)
            if qualifier and organization is not None and organization.name.endswith(qualifier + ministry):
                # 美国副司法部长: the deputy's 副 belongs to the title, not to the ministry
                title = qualifier + title
                organization = Entity("ORG", organization.name[:-len(qualifier + ministry)] + ministry)
            if at > 0 and ordered[at - 1].label == "GPE" and ordered[at - 1].end == mention.start and text == ministry:
                country = sentence.entity(ordered[at - 1])
                if country is not None and country.name not in words.home_countries:
                    organization = Entity("ORG", country.name + ministry)
                start = ordered[at - 1].start
            return title, organization, former or is_former_mark(sentence, start, words), None, start
    return None


def unnamed_by_lists(sentence: Sentence, ordered: list[Mention], cursor: int, position: Mention) -> bool:
    """The organisation before a post is one only the NER model found, right after 、 or 兼
    and another post: the lists never named it, so it is read as the unnamed units are."""
    if cursor < 2 or ordered[cursor - 1].label != "ORG" or ordered[cursor - 1].source != "model":
        return False
    candidate = ordered[cursor - 1]
    return (sentence.between(candidate.end, position.start) == "" and ordered[cursor - 2].label == "POSITION"
            and sentence.between(ordered[cursor - 2].end, candidate.start) in ("、", "兼"))


def unit_before(sentence: Sentence, ordered: list[Mention], cursor: int, position_start: int,
                words: PostWords) -> tuple[Entity, int] | None:
    """教育局局长蔡若莲, 前行政院副院长林信义: a body the recogniser did not name, read
    from the words right before the title when they end in a body's head (局, 院, 委员会)."""
    if not words.unit_heads:
        return None
    if cursor > 0 and ordered[cursor - 1].label == "ORG":
        grown = grown_organization(sentence, ordered[cursor - 1], position_start, words)
        if grown is not None:
            return grown
    floor = ordered[cursor - 1].end if cursor > 0 else sentence.span.start
    before = to_simplified(sentence.between(max(floor, position_start - 12), position_start))
    run = re.search(f"({CJK_RUN}{{2,12}})$", before)
    if not run or not run.group(1).endswith(words.unit_heads):
        return None
    from kg.recognize.words import FUNCTION_TAGS, tag_words

    text = run.group(1)
    for mark in words.then_marks:
        text = text.rsplit(mark, 1)[-1]  # 仅派时任国台办: the body after 时任 (the post's former mark, is_former_mark)
    tagged = tag_words(text)
    while tagged and (tagged[0][3] in FUNCTION_TAGS or tagged[0][2] in words.former_marks):
        tagged.pop(0)
    name = text[tagged[0][0]:] if tagged else ""
    if len(name) < 3 or name in words.unit_heads:
        return None  # a bare head (局长 after 该局) names no body
    start = position_start - len(name)
    return Entity("ORG", name), start


def grown_organization(sentence: Sentence, mention: Mention, position_start: int,
                       words: PostWords) -> tuple[Entity, int] | None:
    """中粮期货副总经理: a known name and a word or two before the title are the body
    (中粮 + 期货), a unit of the named one."""
    gap = sentence.between(mention.end, position_start)
    if not re.fullmatch(f"{CJK_RUN}{{1,4}}", gap) or "的" in gap or to_simplified(gap) in words.modifier_stops \
            or to_simplified(gap).endswith(FIELDS_OF_STUDY):
        return None  # X的产品负责人: 的 ends the body's name, 社会学副教授 a field (body_across_field); 新旧委员长
    from kg.recognize.words import FUNCTION_TAGS, tag_words

    if any(tag in FUNCTION_TAGS for _s, _e, _w, tag in tag_words(to_simplified(gap))):
        return None
    entity = sentence.entity(mention)
    if entity is None:
        return None
    return Entity("ORG", to_simplified(mention.text + gap), parent=entity.name), mention.start


def minister_before(sentence: Sentence, ordered: list[Mention], cursor: int, position: Mention,
                    words: PostWords) -> tuple[str, Entity | None, int] | None:
    """厄瓜多内政部长, 以色列国防部长: a ministry's name before a bare 部长 the recogniser
    kept apart (内政 + 部长; 以色列国 + 防 + 部长, the place having taken the 国)."""
    role = to_simplified(position.text)
    previous = ordered[cursor - 1] if cursor > 0 else None
    floor = previous.end if previous is not None else sentence.span.start
    gap = to_simplified(sentence.between(max(floor, position.start - 4), position.start))
    if not re.fullmatch(f"{CJK_RUN}*", gap):
        return None
    place = sentence.entity(previous) if previous is not None and previous.label == "GPE" else None
    for size in range(len(gap), 0, -1):
        title = gap[-size:] + role
        if title in words.ministries and (size == len(gap) and previous is not None and previous.end == position.start - size):
            return title, country_ministry(place, words.ministries[title], words), previous.start if place else position.start - size
        if title in words.ministries and size < len(gap):
            return title, None, position.start - size
    if place is not None and previous is not None and previous.end == position.start - len(gap):
        tail = to_simplified(previous.text)[-1:]
        title = tail + gap + role  # 以色列国 + 防 + 部长
        if title in words.ministries:
            return title, country_ministry(place, words.ministries[title], words), previous.start
    return None


def department_minister(sentence: Sentence, ordered: list[Mention], cursor: int, position: Mention,
                        words: PostWords) -> tuple[str, Entity | None, int] | None:
    """美国陆军部长丹·德里斯科尔: a body read without its 部 before a bare 部长; the title is
    the department's (陆军部长), the body the department (美国陆军部)."""
    role = to_simplified(position.text)
    previous = ordered[cursor - 1] if cursor > 0 else None
    if role not in ("部长", "副部长") or previous is None or previous.label != "ORG" or previous.end != position.start:
        return None
    entity = sentence.entity(previous)
    if entity is None or entity.name.endswith(("部", *words.unit_heads)):
        return None
    text = to_simplified(previous.text)
    country = next((c for c in country_names() if text.startswith(c)), "")
    department = text[len(country):]  # 美国 + 陆军
    if len(department) < 2:
        return None
    return role[:-2] + department + "部长", Entity("ORG", entity.name + "部"), previous.start


def country_ministry(place: Entity | None, ministry: str, words: PostWords) -> Entity | None:
    if place is None:
        return None
    return Entity("ORG", ministry if place.name in words.home_countries else place.name + ministry)
