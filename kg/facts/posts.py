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
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.facts.post_bodies import (
    PostWords,
    article_body,
    chinese_places,
    earlier_organization,
    envoy_mission,
    home_ministry_abroad,
    known_organization,
    post_words,
    sentence_place,
    usual_place,
    with_bodies_from_other_posts,
)
from kg.facts.post_titles import (
    CJK_RUN,
    has_verb,
    is_former_mark,
    qualified,
    title_grown_into_body,
    titles_before,
    unit_of_head,
    without_former_mark,
)
from kg.facts.post_units import (
    GLOSS,
    body_across_field,
    body_before_name,
    clause_body,
    department_minister,
    firm_before_region,
    home_country,
    legislature,
    minister_before,
    minister_of,
    ministry_of_officer,
    title_after_a_name,
    unit_before,
    unit_head_of,
    unnamed_by_lists,
)
from kg.text import to_simplified
from kg.types import Entity, Membership, Mention, Post, Relation

if TYPE_CHECKING:
    from kg.facts.context import Context, Sentence



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
            if chain and to_simplified(sentence.between(chain[0][4] - 6, chain[0][4])).endswith(words.unnamed_bodies):
                chain = []  # 有关部门负责人王晓晖、傅兴国: officials of bodies left unnamed hold no post the text names
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
            left = to_simplified(sentence.between(mention.end, mention.end + 4)).startswith(words.leaving_verbs)
            for role, organization, former, unit, title_start in chain:
                if organization is None and unit is None and held_before:
                    former = True  # 原党组副书记、副主任: the mark before the list holds for all of it
                former = former or left  # 由副司长华春莹升任司长: the title before the name is left
                held_before = former
                if organization is None and unit and previous_org is not None:
                    organization = Entity("ORG", unit, parent=previous_org.name)
                    yield Membership(organization, previous_org, sentence.span)
                if organization is None and unit and to_simplified(unit).endswith(words.unit_heads):
                    organization = Entity("ORG", to_simplified(unit))  # 、劳工及福利局局长: a body of its own
                if organization is None and previous_org is None:
                    organization = inherited
                yield from emit(context, words, person, role, organization, former, sentence, at=mention.start,
                                title_at=title_start)
                previous_org = organization or previous_org
                last_org = organization or last_org
            after = title_after(sentence, ordered, index, words.former_marks)
            if after is not None and to_simplified(after[0]) not in words.not_after_name:
                body = None if chain else body_before_name(sentence, ordered, index)
                yield from emit(context, words, person, after[0], body, after[1], sentence, at=mention.start, after_name=True)
            yield from career(context, words, sentence, ordered, index, person)
            yield from bracketed_post(context, words, sentence, ordered, index, person)
            yield from listed_title(context, words, sentence, ordered, index, person)
            previous_in_list = (mention.end, last_org)


def bracketed_post(context: Context, words: PostWords, sentence: Sentence, ordered: list[Mention], index: int,
                   person: Entity) -> Iterator[Relation]:
    """张军扩（提案委员会副主任）、张杰和曹卫星（教科卫体委员会副主任）: a body and its title in
    brackets after a name (or after names listed with 、 or 和) are the person's post; a former one
    where the sentence said before the names that they leave it (不再担任, 免去: ``leaving_verbs``)."""
    end = ordered[index].end
    following = index + 1
    while following < len(ordered) and ordered[following].label == "PERSON" \
            and sentence.between(end, ordered[following].start) in ("、", "和", "及"):
        end = ordered[following].end  # the names listed share the brackets after the last one
        following += 1
    if following + 1 >= len(ordered) or sentence.between(end, end + 1) not in ("（", "("):
        return
    body = ordered[following]
    close = re.match(r"[^（）()]{1,10}[）)]", sentence.between(body.end, body.end + 12))
    if body.label != "ORG" or body.start != end + 1 or close is None or words.positions is None:
        return
    title = to_simplified(close.group(0)[:-1])
    if not (words.positions.fullmatch(title) or lexicon_titles().fullmatch(title)):
        return
    left = any(verb in to_simplified(sentence.between(sentence.span.start, ordered[index].start))
               for verb in words.leaving_verbs)
    yield from emit(context, words, person, title, sentence.entity(body), left, sentence, at=ordered[index].start)


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
         former: bool, sentence: Sentence, period: str | None = None, *, at: int,
         after_name: bool = False, title_at: int | None = None) -> Iterator[Relation]:
    """One post of ``person``, whose name ends before ``at`` (``after_name``: the title follows
    the name, 习近平主席, a way of naming a head of state rather than of placing him in a body;
    ``title_at``: where the title begins, when it stands before the name)."""
    role = words.envoy_prefix.sub("", to_simplified(role)) or role
    if role in words.not_titles:
        return  # 党和国家领导人习近平、李强…: a collective designation, no post in a body
    if organization is not None and organization.name in words.department_secretaries and role.removeprefix("副") == "司长":
        # 财政司司长陈茂波: Hong Kong's secretary for a department, a post in its government
        place = words.department_secretaries[organization.name]
        role, organization = organization.name + role, Entity("GPE", place)
        organization = chinese_places().get(place, organization)
    if role in words.own_body_titles:
        organization = None  # 来自雅礼中学的全国人大代表王旭: the title names its body (default_bodies)
    if organization is not None and organization.label == "ORG" and organization.name.endswith(words.party_endings):
        if role in words.legislator_titles and role not in words.party_members:
            organization = legislature(context, words, sentence, role, at)  # 民进党立委: a seat in 立法院
        elif role in words.state_titles:
            organization = None  # 共和党总统特朗普: the country's president, not the party's
    if organization is not None and organization.label == "GPE" and role.endswith(words.private_titles):
        organization = None  # 港岛区董事, OANDA驻纽约高级市场分析师: a firm's officer in a place, not its government's
    if organization is None or organization.label == "GPE" or organization.name.endswith(words.government_suffix):
        organization = envoy_mission(context, words, sentence, role, at) or organization
    if organization is None or organization.label == "GPE":
        organization = unit_of_head(words, role, organization) or organization
    if organization is None:
        organization = ministry_of_officer(words, role) or earlier_organization(context, person, role)
    if organization is None and role in words.legislator_titles:
        organization = legislature(context, words, sentence, role, at)  # 参议员: a seat in the country's 参议院
    if organization is None and not after_name and role not in words.state_titles and role not in words.ministries \
            and role not in words.default_organizations and role not in words.default_bodies:
        organization = clause_body(sentence, at if title_at is None else title_at)  # not a body after the title
    if organization is None and role not in words.default_organizations and role not in words.default_bodies:
        usual = usual_place(words, role)  # 经济再生担当相: Japan's before the body the article names most
        organization = sentence_place(sentence, words, role, at) or (usual if role not in words.state_titles and role not in words.ministries else None) \
            or article_body(context, words, role, after_name=after_name) or usual
    if organization is None and after_name and role in words.home_honorifics:
        organization = home_country(context, words)  # 习近平主席同马杜罗总统…: China's, in its news
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
            if to_simplified(sentence.between(start - 1, start)) not in words.list_links or cursor <= 0 \
                    or title_after_a_name(ordered, start - 1):
                return
            boundary = start - 1
            continue
        between = between.strip() if cursor == index else between  # 政治学教授 Chong Ja Ian: a space before a name
        if position.label != "POSITION" or between not in ("", *former_marks):
            return
        former = between in former_marks
        cursor -= 1
        while cursor > 0 and ordered[cursor - 1].label == "POSITION" and ordered[cursor - 1].end == position.start \
                and to_simplified(ordered[cursor - 1].text) not in words.legislator_titles:  # 参议员议长: a member who presides
            # 领事局长, 主任研究员, 总统新闻秘书: a title the recogniser cut in two is one
            first = ordered[cursor - 1]
            position = replace(position, start=first.start, text=first.text + position.text,
                               canonical=to_simplified(first.canonical or first.text) + to_simplified(position.canonical or position.text))
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
        elif (firm := firm_before_region(sentence, ordered, cursor, position, words)) is not None:
            organization, start = firm  # 瑞穗银行亚洲首席策略师: the bank's, in Asia
            while cursor > 0 and ordered[cursor - 1].start >= start:
                cursor -= 1
        elif cursor > 0 and ordered[cursor - 1].label in ("ORG", "GPE"):
            at = cursor - 1
            candidate = ordered[at]
            link_text = to_simplified(sentence.between(candidate.end, position.start))
            if at > 0 and link_text[:1] in "）)" and sentence.between(candidate.start - 1, candidate.start) in ("（", "(") \
                    and ordered[at - 1].label == "ORG" and ordered[at - 1].end == candidate.start - 1:
                # 国台办（…）发言人, 国际家教公司（Tutors International）负责人: the name before its gloss
                at -= 1
                candidate = ordered[at]
                link_text = link_text[1:]
            if link_text in ("", *former_marks, *words.title_openers, *words.then_marks):  # 伊朗新任总统鲁哈尼
                former = former or link_text in former_marks or link_text in words.then_marks
                organization = sentence.entity(candidate)
                start = candidate.start
                cursor = at
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
                named = body_across_field(sentence, ordered, cursor, position.start,
                                          to_simplified(position.canonical or position.text) in words.field_titles)
                if named is not None:
                    organization, start = named
                    while cursor > 0 and ordered[cursor - 1].start >= start:
                        cursor -= 1
                    organization, marked = without_former_mark(organization, ordered[cursor], words)
                    former = former or marked
        former = former or is_former_mark(sentence, start, words)
        yield position.canonical or position.text, organization, former, unit, start
        link = to_simplified(sentence.between(start - 1, start))
        if link not in words.list_links or (link == "、" and cursor > 0 and ordered[cursor - 1].label == "PERSON") \
                or title_after_a_name(ordered, start - 1):
            return
        boundary = start - 1


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
