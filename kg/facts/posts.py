"""Posts: who holds (or held) which post in which organisation.

Read sentence by sentence over the mentions of stage 2 with the word lists of
``relations.yaml`` (``posts`` section):

- titles before a name, one post each: [ORG][原][POSITION]、[ORG][POSITION]NAME,
  a list split at 、, 兼 and 和 (中粮期货副总经理兼研究院院长焦健: 副总经理 of
  中粮期货, 院长 of its 研究院);
- a title right after a name (习近平主席, 约翰逊首相);
- 原/前 before a title or its organisation, and 曾任/历任 before a career
  listing, mark a former post (原核工业部副部长刁筠寿: a former 副部长 of
  核工业部, the organisation without 原);
- a career listing after a name (X曾任A部副部长、B局局长) gives one post per
  title, with the period written before it;
- a title without an organisation takes it from the list it stands in, from
  the person's post earlier in the article, or from what the title is known to
  belong to (外长 of a country: its foreign ministry; 省委书记 of a province: 书记
  of its 省委; any other title of a place, 总统 or 市长: the place's government).

The person of a post is always a PERSON mention, so a whole name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.facts.post_bodies import (
    PostWords,
    article_body,
    country_names,
    earlier_organization,
    envoy_mission,
    home_ministry_abroad,
    known_organization,
    post_words,
    sentence_place,
    with_bodies_from_other_posts,
)
from kg.facts.post_titles import (
    CJK_RUN,
    FIELD_ENDINGS,
    FIELD_TAGS,
    has_verb,
    is_former_mark,
    qualified,
    title_grown_into_body,
    titles_before,
    unit_of_head,
    without_former_mark,
)
from kg.text import to_simplified
from kg.types import Entity, Membership, Mention, Post, Relation

if TYPE_CHECKING:
    from kg.facts.context import Context, Sentence

GLOSS = re.compile(r"[（(][A-Za-z\u00c0-\u024f][^（）()]{0,60}[）)]")  # a Latin gloss in brackets


def find_posts(context: Context) -> Iterator[Relation]:
    """Every post of the article, a bare title given the body of the person's other post."""
    read = list(read_posts(context))
    found = [r for r in read if isinstance(r, Post)]
    filled = dict(zip(map(id, found), with_bodies_from_other_posts(context, found), strict=True))
    for name, held in context.posts.items():
        context.posts[name] = [filled.get(id(post), post) for post in held]
    yield from (filled.get(id(r), r) for r in read)


def read_posts(context: Context) -> Iterator[Relation]:
    words = post_words()
    for sentence in context.sentences:
        ordered = list(sentence.mentions)
        previous_in_list: tuple[int, Entity | None] | None = None  # end of the last name, its organisation
        shared: tuple[int, list[tuple[str, Entity | None, bool, str | None, int]]] | None = None
        for index, mention in enumerate(ordered):
            person = sentence.entity(mention) if mention.label == "PERSON" else None
            if person is None:
                shared = None
                continue
            chain = list(post_chain(sentence, ordered, index, words))
            if not chain:
                chain = list(titles_before(sentence, ordered, index, words))
            chain.reverse()
            if chain:
                chain = listed_before(sentence, ordered, chain[0][4], words) + chain
            if not chain and shared is not None and sentence.between(shared[0], mention.start) == "、":
                # 全国政协副主席周强、巴特尔、苏辉: the names listed after a title share it
                chain = [(role, organization, former, unit, mention.start) for role, organization, former, unit, _s in shared[1]]
            shared = (mention.end, chain) if chain else None
            inherited = None
            if chain and previous_in_list is not None:
                first_start = chain[0][4]
                if sentence.between(previous_in_list[0], first_start) in words.list_links:
                    inherited = previous_in_list[1]  # 副议长拉古什、副议长帕乌诺维奇: the same body
            previous_org: Entity | None = None
            last_org: Entity | None = None
            held_before = False
            for role, organization, former, unit, _start in chain:
                if organization is None and unit is None and held_before:
                    former = True  # 原党组副书记、副主任: the mark before the list holds for all of it
                held_before = former
                if organization is None and unit and previous_org is not None:
                    organization = Entity("ORG", unit, parent=previous_org.name)
                    yield Membership(organization, previous_org, sentence.span)
                if organization is None and unit and to_simplified(unit).endswith(words.unit_heads):
                    organization = Entity("ORG", to_simplified(unit))  # 、劳工及福利局局长: a body of its own
                if organization is None and previous_org is None:
                    organization = inherited
                yield from emit(context, words, person, role, organization, former, sentence, at=mention.start)
                previous_org = organization or previous_org
                last_org = organization or last_org
            after = title_after(sentence, ordered, index, words.former_marks)
            if after is not None and to_simplified(after[0]) not in words.not_after_name:
                yield from emit(context, words, person, after[0], None, after[1], sentence, at=mention.start)
            yield from career(context, words, sentence, ordered, index, person)
            yield from listed_title(context, words, sentence, ordered, index, person)
            previous_in_list = (mention.end, last_org)


LIST_ITEM_MARKS = ("、", "兼")  # 国务委员兼国防部长 (not 及: 秘鲁及日本等国的贸易部长)
MAX_LISTED_TITLES = 4


def listed_before(sentence: Sentence, ordered: list[Mention], start: int,
                  words: PostWords) -> list[tuple[str, Entity | None, bool, str | None, int]]:
    """国家体育总局体操中心副主任、国家级教练黄玉斌, 全国人大代表、广州市律师协会会长陈舒: the titles
    listed with 、 or 兼 before the title read right before a name are the person's too, each read
    as the title before a name is (marked or by its head), left to right. A name or anything
    else no title ends ends the list (李小龙女儿李香凝)."""
    found: list[tuple[str, Entity | None, bool, str | None, int]] = []
    while len(found) < MAX_LISTED_TITLES and sentence.between(start - 1, start) in LIST_ITEM_MARKS:
        # the 、 stands where a name would: the item before it is read as a title before a name
        mark = Mention(start - 1, start, sentence.between(start - 1, start), "PERSON", "list")
        before = [m for m in ordered if m.end <= mark.start]
        if before and before[-1].label == "PERSON":
            break  # 张三、李四: names listed
        items = before + [mark]
        item = list(post_chain(sentence, items, len(items) - 1, words)) or \
            list(titles_before(sentence, items, len(items) - 1, words))
        if not item:
            break
        item.reverse()
        found = item + found
        start = item[0][4]
    return found


def emit(context: Context, words: PostWords, person: Entity, role: str, organization: Entity | None,
         former: bool, sentence: Sentence, period: str | None = None, *, at: int) -> Iterator[Relation]:
    """One post of ``person``, whose name ends before ``at``."""
    role = words.envoy_prefix.sub("", to_simplified(role)) or role
    if role in words.not_titles:
        return  # 党和国家领导人习近平、李强…: a collective designation, no post in a body
    if organization is None or organization.label == "GPE" or organization.name.endswith(words.government_suffix):
        organization = envoy_mission(context, words, sentence, role, at) or organization
    if organization is None or organization.label == "GPE":
        organization = unit_of_head(words, role, organization) or organization
    if organization is None:
        organization = earlier_organization(context, person, role)
    if organization is None and role not in words.default_organizations and role not in words.default_bodies:
        organization = article_body(context, words, role) or sentence_place(sentence, words, role, at)
    role, organization = known_organization(words, role, organization)
    organization = home_ministry_abroad(context, words, organization)
    post = Post(person, role, organization, former, sentence.span, period)
    context.posts.setdefault(person.name, []).append(post)
    yield post


def post_chain(sentence: Sentence, ordered: list[Mention], index: int,
               words: PostWords) -> Iterator[tuple[str, Entity | None, bool, str | None, int]]:
    """(role, organisation, former, unnamed unit, start) for each post before a name, right to left."""
    former_marks = words.former_marks
    boundary = ordered[index].start
    cursor = index
    while cursor > 0:
        position = ordered[cursor - 1]
        between = sentence.between(position.end, boundary)
        if position.label == "ORG" and to_simplified(between) == "长":
            ministry = minister_of(sentence, ordered, cursor - 1, words) or unit_head_of(sentence, position, words)
            if ministry is None:
                return
            yield ministry  # 司法部长、前能源部长加卢申科: a list of ministers
            start = ministry[4]
            cursor -= 2 if start < position.start else 1
            if to_simplified(sentence.between(start - 1, start)) not in words.list_links or cursor <= 0:
                return
            boundary = start - 1
            continue
        between = between.strip() if cursor == index else between  # 政治学教授 Chong Ja Ian: a space before a name
        if position.label != "POSITION" or between not in ("", *former_marks):
            return
        former = between in former_marks
        cursor -= 1
        position = qualified(sentence, ordered, cursor, position, words)
        minister = minister_before(sentence, ordered, cursor, position, words) or department_minister(
            sentence, ordered, cursor, position, words)
        if minister is not None:
            title, organization, start = minister
            yield title, organization, former or is_former_mark(sentence, start, words), None, start
            return
        organization = None
        unit = None
        start = position.start
        if unnamed_by_lists(sentence, ordered, cursor, position):
            # 阿里巴巴集团副总裁、国际站总经理: a body no list knows, after another post, is a unit of that post's
            unit = ordered[cursor - 1].text
            start = ordered[cursor - 1].start
            cursor -= 1
        elif cursor > 0 and ordered[cursor - 1].label in ("ORG", "GPE"):
            candidate = ordered[cursor - 1]
            link_text = to_simplified(sentence.between(candidate.end, position.start))
            if link_text in ("", *former_marks, *words.title_openers, *words.then_marks):  # 伊朗新任总统鲁哈尼
                former = former or link_text in former_marks or link_text in words.then_marks
                organization = sentence.entity(candidate)
                start = candidate.start
                cursor -= 1
                organization, marked = without_former_mark(organization, candidate, words)
                former = former or marked
                if link_text == "" and organization is not None and any(m is position for m in ordered):  # not qualified yet
                    position, organization = title_grown_into_body(position, candidate, organization, words)
        if organization is None:
            # an unnamed unit: the words between the previous 、 (or 兼) and the post
            before = sentence.between(sentence.span.start, position.start)
            match = re.search(f"[、兼]({CJK_RUN}{{2,8}})$", before)
            if match and cursor > 0 and ordered[cursor - 1].end <= position.start - len(match.group(0)):
                unit = match.group(1)
                start = position.start - len(match.group(1))
        if organization is None and unit is None:
            named = unit_before(sentence, ordered, cursor, position.start, words)
            if named is not None:
                organization, start = named
            else:
                named = body_across_field(sentence, ordered, cursor, position.start)
                if named is not None:
                    organization, start = named
                    while cursor > 0 and ordered[cursor - 1].start >= start:
                        cursor -= 1
                    organization, marked = without_former_mark(organization, ordered[cursor], words)
                    former = former or marked
        former = former or is_former_mark(sentence, start, words)
        yield position.canonical or position.text, organization, former, unit, start
        link = to_simplified(sentence.between(start - 1, start))
        if link not in words.list_links or (link == "、" and cursor > 0 and ordered[cursor - 1].label == "PERSON"):
            return
        boundary = start - 1


def body_across_field(sentence: Sentence, ordered: list[Mention], cursor: int,
                      position_start: int) -> tuple[Entity, int] | None:
    """乔治城大学宪法和联邦预算学教授, 克普勒盛富（Kepler Cheuvreux）分析师:
    the body named before a field, a gloss or a word of the title is the post's, when nothing
    between them is a verb, a preposition or a pronoun (访问美国总统: 访问 is a verb)."""
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

    if not gap.endswith(FIELD_ENDINGS) and any(tag in FIELD_TAGS for _s, _e, _w, tag in tag_words(gap)):
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
        grown = grown_organization(sentence, ordered[cursor - 1], position_start)
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


def grown_organization(sentence: Sentence, mention: Mention, position_start: int) -> tuple[Entity, int] | None:
    """中粮期货副总经理: a known name and a word or two before the title are the body
    (中粮 + 期货), a unit of the named one."""
    gap = sentence.between(mention.end, position_start)
    if not re.fullmatch(f"{CJK_RUN}{{1,4}}", gap):
        return None
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


def title_after(sentence: Sentence, ordered: list[Mention], index: int,
                former_marks: tuple[str, ...] = ()) -> tuple[str, bool] | None:
    """习近平主席, 陈水扁前总统: a title right after the name, and whether a former mark
    stands between them. A gloss may stand between too, named or not (特朗普（Donald Trump）总统)."""
    end = ordered[index].end
    following = index + 1
    while following < len(ordered) and ordered[following].label == "PERSON" and \
            GLOSS.fullmatch(sentence.between(end, ordered[following].end) + ")") is not None \
            and re.fullmatch(r"\s*[（(]", sentence.between(end, ordered[following].start)):
        following += 1  # the name's gloss, read as a name of its own
    if following < len(ordered):
        position = ordered[following]
        gap = sentence.between(end, position.start)
        mark = gap[-1:] if gap[-1:] in former_marks else ""
        gap = gap[:len(gap) - len(mark)]
        if position.label == "POSITION" and (not gap or GLOSS.fullmatch(gap.strip())):  # 罗宾·莫瑞（Robin Murray）教授
            return position.canonical or position.text, bool(mark)
    return unmarked_title_after(sentence, end, ordered[following].start if following < len(ordered) else sentence.span.end,
                                former_marks)


def unmarked_title_after(sentence: Sentence, end: int, limit: int, former_marks: tuple[str, ...]) -> tuple[str, bool] | None:
    """马英九前总统，特朗普（Donald Trump）总统发表讲话: a title of the lexicon the recogniser left
    unmarked after a name, its gloss or a former mark, and ending a word (总统, not 总统府)."""
    if not former_marks:
        return None
    tail = to_simplified(sentence.between(end, limit))
    gloss = GLOSS.match(tail.lstrip())
    at = len(tail) - len(tail.lstrip()) + gloss.end() if gloss else 0
    former = tail[at:at + 1] in former_marks
    at += 1 if former else 0
    title = lexicon_titles().match(tail, at)
    if title is None or title.end() - title.start() < 2:
        return None
    from kg.recognize.words import tag_words

    following = tag_words(tail[title.start():title.end() + 2])
    if any(start < title.end() - title.start() < stop for start, stop, _w, _t in following):
        return None  # 总统府, 主席团: the title begins a longer word
    return title.group(0), former


@functools.cache
def lexicon_titles() -> re.Pattern[str]:
    """The titles of the recogniser's lexicon (read only)."""
    from kg.recognize.rules import load_lexicon
    from kg.text import trie_regex

    return re.compile(trie_regex(load_lexicon().get("positions", ("(?!)",))))


# After names listed, the words that close the list before the title they share (等8位副主席).
LIST_BEFORE_TITLE = re.compile(r"等(?:[0-9一二三四五六七八九十两]+(?:位|名|人))?")
TITLE_ENDS = "，。；：,;:、都均将也和与及的"


def listed_title(context: Context, words: PostWords, sentence: Sentence, ordered: list[Mention], index: int,
                 person: Entity) -> Iterator[Relation]:
    """江丙坤、詹春柏…与黄敏惠等8位副主席: names listed and closed by 等 share the title after it."""
    if words.positions is None:
        return
    at = ordered[index].start
    while index + 1 < len(ordered) and ordered[index + 1].label == "PERSON" and \
            sentence.between(ordered[index].end, ordered[index + 1].start) in ("、", "和", "与", "及"):
        index += 1
    tail = to_simplified(sentence.between(ordered[index].end, sentence.span.end))
    close = LIST_BEFORE_TITLE.match(tail)
    if close is None:
        return
    title = words.positions.match(tail, close.end())
    if title is None or (title.end() < len(tail) and tail[title.end()] not in TITLE_ENDS):
        return  # 等部门负责人: the title of a longer word, or none
    yield from emit(context, words, person, title.group(0), None, False, sentence, at=at)


def career(context: Context, words: PostWords, sentence: Sentence, ordered: list[Mention], index: int,
           person: Entity) -> Iterator[Relation]:
    """X曾任A部副部长、B局局长: one post for each title of the listing, with the period before it."""
    if words.positions is None or not words.career_verbs:
        return
    end = ordered[index].end
    while index + 1 < len(ordered) and ordered[index + 1].label == "PERSON" and sentence.between(end, ordered[index + 1].start) in ("、", "和"):
        index += 1  # 华春莹、汪文斌、赵立坚兼任中国外交部发言人: the names listed share the listing
        end = ordered[index].end
    tail = to_simplified(sentence.between(end, sentence.span.end))
    verbs = tuple(sorted(words.career_verbs, key=len, reverse=True))
    verb_pattern, listing_stop = career_patterns(verbs)
    heading = BIO_HEADING.match(tail) or appositive(sentence, ordered, index, tail, words, verb_pattern)
    opening = career_opening(verbs, words.career_adverbs).match(tail, heading.end() if heading else 0)
    appointed = None
    if not opening and not heading:
        appointed = appointment(sentence, ordered, index, tail, words)  # 聘任王重昆为公司总经理
        if appointed is None:
            return
    former = words.career_verbs[opening.group(1)] if opening else False
    cursor = end + (opening.end() if opening else heading.end() if heading else appointed)
    # a body the listing refers back to (公司总经理): the one named before the person
    named_before = next((sentence.entity(m) for m in reversed(ordered[:index]) if m.label == "ORG" and sentence.entity(m)), None)
    organizations = [m for m in ordered if m.start >= cursor and m.label in ("ORG", "GPE")]
    stop = listing_stop.search(sentence.between(cursor, sentence.span.end))
    limit = cursor + stop.start() if stop else sentence.span.end
    text = to_simplified(sentence.between(cursor, limit))
    dates = [m for m in ordered if m.label == "DATE" and cursor <= m.start < limit]
    previous_end = cursor
    for match in words.positions.finditer(text):
        title_start, title_end = cursor + match.start(), cursor + match.end()
        if title_end < limit and re.match(CJK_RUN, sentence.between(title_end, title_end + 1)) and \
                sentence.between(title_end, title_end + 1) not in TITLE_FOLLOWERS:
            continue  # a title inside a longer word
        before = text[:match.start()]
        reference = next((r for r in words.body_references if before.endswith(r)), None)
        if reference is not None and (not before[:-len(reference)] or re.search(
                f"[、和及兼的为是]$|{verb_pattern}$", before[:-len(reference)])) and named_before is not None:
            title, organization = match.group(0), named_before  # 聘任王重昆为公司总经理: the company named before
        elif re.search(f"{CJK_RUN}$", before) and not re.search(f"[、和及兼原前副的为是]$|{verb_pattern}$", before) and not any(
                m.start < title_start <= m.end for m in organizations):
            continue  # 首任国际贸易大臣: the head of a longer title no list knows
        else:
            title, organization = match.group(0), None
        verb = [v.group(1) for v in re.finditer(f"[，,]({verb_pattern})", before)]  # not 任 in 副主任
        held_before = words.career_verbs[verb[-1]] if verb else former  # 现任A，曾任B: B a former post
        for candidate in organizations:
            if candidate.end == title_start or (candidate.end < title_start and not re.search("[、，,和及兼]", sentence.between(candidate.end, title_start))):
                organization = sentence.entity(candidate)
            elif candidate.start < title_start < candidate.end == title_end - 1:
                head = unit_head_of(sentence, candidate, words)  # 肯尼亚体育部 + 长: 体育部长
                if head is not None:
                    title, organization, held_before = head[0], head[1], held_before or head[2]
                    title_start = candidate.start
        if text[:match.start()].endswith("副") and title == match.group(0):
            title = "副" + title  # 前副总干事
            title_start -= 1
        held_before = held_before or is_former_mark(sentence, title_start, words)
        period, previous_end = period_of(sentence, dates, previous_end, title_start, title_end)
        yield from emit(context, words, person, title, organization, held_before, sentence, period, at=end)


@functools.cache
def career_patterns(verbs: tuple[str, ...]) -> tuple[str, re.Pattern[str]]:
    """The career verbs as one group, and where a listing after them stops: a sentence's or
    a clause's end, but not a comma before another career verb (built once, not for every
    person of every sentence)."""
    verb_pattern = "(?:" + "|".join(map(re.escape, verbs)) + ")"
    return verb_pattern, re.compile("[。；;]|(?<!、)(?:，|,)(?!" + verb_pattern + ")")


@functools.cache
def career_opening(verbs: tuple[str, ...], adverbs: tuple[str, ...]) -> re.Pattern[str]:
    """A career verb after the name, adverbs before it (已经担任过); 任 opens no listing where it
    begins a longer word (拜登后来任命他为…)."""
    before = "(?:" + "|".join(map(re.escape, adverbs)) + ")*" if adverbs else ""
    return re.compile(f"{before}((?:{'|'.join(map(re.escape, verbs))}))(?![命务期职何])")


# What may follow a title of a career listing: a list's link, or a word of time after it
# (饶庆铃接任县长后, 担任总经理一职). Not 的: 支持菅义伟担任总裁的议员 is a wish, not a post.
TITLE_FOLLOWERS = "和及兼后时一"


def appointment(sentence: Sentence, ordered: list[Mention], index: int, tail: str, words: PostWords) -> int | None:
    """国泰基金聘任初伟斌为公司副总经理: after a verb of appointing (``appointment_verbs``) and the
    name, 为 opens the post given. Where the listing starts in ``tail``, or None."""
    if not words.appointment_verbs or not tail.startswith("为"):
        return None
    start = ordered[index].start
    while index > 0 and ordered[index - 1].label == "POSITION" and ordered[index - 1].end == start:
        index -= 1  # 任命副总经理徐剑钧为…: the title the person holds now stands between
        start = ordered[index].start
    before = to_simplified(sentence.between(sentence.span.start, start))
    if not re.search("(?:" + "|".join(map(re.escape, words.appointment_verbs)) + ")了?$", before):
        return None
    return 1


# A name's gloss and a colon opening what the person is (名册: 姓名（English，国家）：职务).
BIO_HEADING = re.compile(r"\s*[（(][^（）()]{1,60}[）)]\s*[：:]")
# A comma after a name (and its gloss) opening what the person is (明明，中信证券首席经济学家).
APPOSITION = re.compile(r"\s*(?:[（(][^（）()]{1,60}[）)])?\s*[，,]")


def appositive(sentence: Sentence, ordered: list[Mention], index: int, tail: str, words: PostWords,
               verb_pattern: str) -> re.Match[str] | None:
    """明明，中信证券首席经济学家，表示…; 赵立坚，接任外交部新闻司副司长: after a name and a comma,
    a career verb, or a clause that names no one and ends in a title, says what the person is."""
    comma = APPOSITION.match(tail)
    if comma is None or words.positions is None:
        return None
    if re.compile(verb_pattern).match(tail, comma.end()):
        return comma
    clause = re.match(r"[^，。；：,;:！？!?“”「」（）()]{2,30}", tail[comma.end():])
    if clause is None or not re.fullmatch(f"(?:[^、]*(?:{words.positions.pattern})、)*[^、]*(?:{words.positions.pattern})", clause.group(0)):
        return None
    start = ordered[index].end + comma.end()
    if any(m.label == "PERSON" and start <= m.start < start + clause.end() for m in ordered) or has_verb(clause.group(0)):
        return None  # 王毅，美国国务卿蓬佩奥…: another person's title
    return comma


def period_of(sentence: Sentence, dates: list[Mention], previous_end: int, title_start: int,
              title_end: int) -> tuple[str | None, int]:
    """The period of one item of a career listing: the dates before its title (2010年至2013年任…)
    or in brackets right after it (副主任（2010年至2013年）); and where the item ends."""
    before = [m for m in dates if previous_end <= m.start and m.end <= title_start]
    end = title_end
    if not before and re.match("[（(]", sentence.between(title_end, title_end + 1)):
        close = sentence.text.find("）" if sentence.between(title_end, title_end + 1) == "（" else ")", title_end - sentence.span.start)
        if close != -1:
            end = sentence.span.start + close + 1
            before = [m for m in dates if title_end <= m.start and m.end <= end]
    if not before:
        return None, end
    start, stop = before[0].start, before[-1].end
    following = to_simplified(sentence.between(stop, stop + 2))
    for word in ("至今", "以来", "起"):
        if following.startswith(word):
            stop += len(word)
            break
    return sentence.between(start, stop), end
