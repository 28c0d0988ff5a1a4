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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.resources import alternation, data_path, load_yaml
from kg.text import to_simplified
from kg.types import Entity, Membership, Mention, Post, Relation

if TYPE_CHECKING:
    from kg.facts.context import Context, Sentence

CJK_RUN = "[\u4e00-\u9fff]"


@dataclass(frozen=True)
class PostWords:
    former_marks: tuple[str, ...]
    not_former: tuple[str, ...]
    list_links: tuple[str, ...]
    career_verbs: dict[str, bool]  # verb -> the posts after it are former
    envoy_prefix: re.Pattern[str]
    ministries: dict[str, str]
    home_countries: tuple[str, ...]
    government_suffix: str
    committee_titles: dict[str, str]
    default_organizations: dict[str, str]
    not_after_name: tuple[str, ...]
    unit_heads: tuple[str, ...]
    positions: re.Pattern[str] | None


@functools.cache
def post_words() -> PostWords:
    """The lists of ``relations.yaml`` that posts are read with, compiled once."""
    return compile_post_words(load_yaml(data_path("relations.yaml")))


def compile_post_words(words: dict[str, Any]) -> PostWords:
    section = words.get("posts") or {}
    positions = tuple(section.get("career_titles") or ())
    return PostWords(
        former_marks=tuple(words["former_marks"]),
        not_former=tuple(section.get("not_former") or ()),
        list_links=tuple(section.get("list_links") or ("、",)),
        career_verbs={str(k): bool(v) for k, v in (section.get("career_verbs") or {}).items()},
        envoy_prefix=re.compile(section.get("envoy_prefix") or "(?!)"),
        ministries={str(k): str(v) for k, v in (section.get("ministry_titles") or {}).items()},
        home_countries=tuple(section.get("home_countries") or ()),
        government_suffix=str(section.get("government_suffix") or "政府"),
        committee_titles={str(k): str(v) for k, v in (section.get("committee_titles") or {}).items()},
        default_organizations={str(k): str(v) for k, v in (section.get("default_organizations") or {}).items()},
        not_after_name=tuple(section.get("not_after_name") or ()),
        unit_heads=tuple(sorted(section.get("unit_heads") or (), key=len, reverse=True)),
        positions=re.compile(alternation(positions)) if positions else None,
    )


def find_posts(context: Context) -> Iterator[Relation]:
    words = post_words()
    for sentence in context.sentences:
        ordered = list(sentence.mentions)
        previous_in_list: tuple[int, Entity | None] | None = None  # end of the last name, its organisation
        for index, mention in enumerate(ordered):
            person = sentence.entity(mention) if mention.label == "PERSON" else None
            if person is None:
                continue
            chain = list(post_chain(sentence, ordered, index, words))
            chain.reverse()
            inherited = None
            if chain and previous_in_list is not None:
                first_start = chain[0][4]
                if sentence.between(previous_in_list[0], first_start) in words.list_links:
                    inherited = previous_in_list[1]  # 副议长拉古什、副议长帕乌诺维奇: the same body
            previous_org: Entity | None = None
            last_org: Entity | None = None
            for role, organization, former, unit, _start in chain:
                if organization is None and unit and previous_org is not None:
                    organization = Entity("ORG", unit, parent=previous_org.name)
                    yield Membership(organization, previous_org, sentence.span)
                if organization is None and unit and to_simplified(unit).endswith(words.unit_heads):
                    organization = Entity("ORG", to_simplified(unit))  # 、劳工及福利局局长: a body of its own
                if organization is None and previous_org is None:
                    organization = inherited
                yield from emit(context, words, person, role, organization, former, sentence)
                previous_org = organization or previous_org
                last_org = organization or last_org
            after = title_after(sentence, ordered, index)
            if after is not None and to_simplified(after) not in words.not_after_name:
                yield from emit(context, words, person, after, None, False, sentence)
            yield from career(context, words, sentence, ordered, index, person)
            previous_in_list = (mention.end, last_org)


def emit(context: Context, words: PostWords, person: Entity, role: str, organization: Entity | None,
         former: bool, sentence: Sentence, period: str | None = None) -> Iterator[Relation]:
    role = words.envoy_prefix.sub("", to_simplified(role)) or role
    if organization is None:
        organization = earlier_organization(context, person, role)
    role, organization = known_organization(words, role, organization)
    post = Post(person, role, organization, former, sentence.span, period)
    context.posts.setdefault(person.name, []).append(post)
    yield post


def earlier_organization(context: Context, person: Entity, role: str) -> Entity | None:
    """The organisation of the person's earlier post in the article, the same title first."""
    earlier = [p for p in context.posts.get(person.name, []) if p.organization is not None]
    same = [p for p in earlier if p.role == role]
    chosen = same or earlier
    return chosen[-1].organization if chosen else None


def known_organization(words: PostWords, role: str, organization: Entity | None) -> tuple[str, Entity | None]:
    """What a title is known to belong to, given the place it is of."""
    if organization is None:
        default = words.default_organizations.get(role)
        if not default:
            return role, None
        organization = Entity("GPE", default)
    if organization.label != "GPE":
        return role, organization
    place = organization.name
    for title, unit in sorted(words.committee_titles.items(), key=lambda item: -len(item[0])):
        if role == title:
            rest = role[len(unit):] if role.startswith(unit) else role
            return rest, Entity("ORG", place + unit)  # 广东省委书记: 书记 of 广东省委
    ministry = words.ministries.get(role)
    if ministry:
        return role, Entity("ORG", ministry if place in words.home_countries else place + ministry)
    # 市长 of a city, 总统 of a country: the place's government (a post is held in an organisation)
    return role, Entity("ORG", place + words.government_suffix)


def is_former_mark(sentence: Sentence, start: int, words: PostWords) -> bool:
    """原 or 前 right before ``start``, and not the end of a word (目前, 此前)."""
    mark = to_simplified(sentence.between(start - 1, start))
    if mark not in words.former_marks:
        return False
    return to_simplified(sentence.between(start - 2, start)) not in words.not_former


def post_chain(sentence: Sentence, ordered: list[Mention], index: int,
               words: PostWords) -> Iterator[tuple[str, Entity | None, bool, str | None, int]]:
    """(role, organisation, former, unnamed unit, start) for each post before a name, right to left."""
    former_marks = words.former_marks
    boundary = ordered[index].start
    cursor = index
    while cursor > 0:
        position = ordered[cursor - 1]
        between = sentence.between(position.end, boundary)
        if position.label == "ORG" and between == "长" and cursor == index:
            ministry = minister_of(sentence, ordered, cursor - 1, words)
            if ministry is not None:
                yield ministry
            return
        if position.label != "POSITION" or between not in ("", *former_marks):
            return
        former = between in former_marks
        cursor -= 1
        minister = minister_before(sentence, ordered, cursor, position, words)
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
            link_text = sentence.between(candidate.end, position.start)
            if link_text in ("", *former_marks):
                former = former or link_text in former_marks
                organization = sentence.entity(candidate)
                start = candidate.start
                cursor -= 1
                if organization is not None and candidate.text[:1] in former_marks and organization.name[:1] in former_marks:
                    # 原核工业部 grown over the mark: the body is 核工业部, the post a former one
                    organization = Entity(organization.label, organization.name[1:], parent=organization.parent)
                    former = True
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
        former = former or is_former_mark(sentence, start, words)
        yield position.canonical or position.text, organization, former, unit, start
        link = to_simplified(sentence.between(start - 1, start))
        if link not in words.list_links or (link == "、" and cursor > 0 and ordered[cursor - 1].label == "PERSON"):
            return
        boundary = start - 1


def minister_of(sentence: Sentence, ordered: list[Mention], at: int,
                words: PostWords) -> tuple[str, Entity | None, bool, str | None, int] | None:
    """美国商务部长罗斯, 德国外交部长马斯: the ministry was read as an organisation and
    长 left over; the title is the ministry's (商务部长), the body the country's ministry."""
    mention = ordered[at]
    text = to_simplified(mention.text)
    for title, ministry in words.ministries.items():
        if title == ministry + "长" and text.endswith(ministry):
            organization = sentence.entity(mention)
            start = mention.start
            if at > 0 and ordered[at - 1].label == "GPE" and ordered[at - 1].end == mention.start and text == ministry:
                country = sentence.entity(ordered[at - 1])
                if country is not None and country.name not in words.home_countries:
                    organization = Entity("ORG", country.name + ministry)
                start = ordered[at - 1].start
            return title, organization, is_former_mark(sentence, start, words), None, start
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


def country_ministry(place: Entity | None, ministry: str, words: PostWords) -> Entity | None:
    if place is None:
        return None
    return Entity("ORG", ministry if place.name in words.home_countries else place.name + ministry)


def title_after(sentence: Sentence, ordered: list[Mention], index: int) -> str | None:
    """习近平主席: a title right after the name."""
    if index + 1 < len(ordered):
        following = ordered[index + 1]
        if following.label == "POSITION" and following.start == ordered[index].end:
            return following.canonical or following.text
    return None


def career(context: Context, words: PostWords, sentence: Sentence, ordered: list[Mention], index: int,
           person: Entity) -> Iterator[Relation]:
    """X曾任A部副部长、B局局长: one post for each title of the listing, with the period before it."""
    if words.positions is None or not words.career_verbs:
        return
    end = ordered[index].end
    tail = to_simplified(sentence.between(end, sentence.span.end))
    verbs = sorted(words.career_verbs, key=len, reverse=True)
    opening = re.match("(?:" + "|".join(map(re.escape, verbs)) + ")", tail)
    if not opening:
        return
    former = words.career_verbs[opening.group(0)]
    cursor = end + opening.end()
    organizations = [m for m in ordered if m.start >= cursor and m.label in ("ORG", "GPE")]
    stop = re.search("[。；;]|(?<!、)(?:，|,)(?!(?:" + "|".join(map(re.escape, verbs)) + "))", sentence.between(cursor, sentence.span.end))
    limit = cursor + stop.start() if stop else sentence.span.end
    text = to_simplified(sentence.between(cursor, limit))
    dates = [m for m in ordered if m.label == "DATE" and cursor <= m.start < limit]
    previous_end = cursor
    for match in words.positions.finditer(text):
        title_start, title_end = cursor + match.start(), cursor + match.end()
        if title_end < limit and re.match(CJK_RUN, sentence.between(title_end, title_end + 1)) and sentence.between(title_end, title_end + 1) not in "和及兼":
            continue  # a title inside a longer word
        organization = None
        for candidate in organizations:
            if candidate.end == title_start or (candidate.end < title_start and not re.search("[、，,和及兼]", sentence.between(candidate.end, title_start))):
                organization = sentence.entity(candidate)
        period, previous_end = period_of(sentence, dates, previous_end, title_start, title_end)
        yield from emit(context, words, person, match.group(0), organization, former, sentence, period)


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
