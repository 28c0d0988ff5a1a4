"""Where a post is held when its sentence names no body: the word lists posts are read
with (``relations.yaml``, section ``posts``), and the organisation of a bare title from the
person's other posts in the article, from what the title is known to belong to (外长 of a
country: its foreign ministry; 省委书记: 书记 of the 省委; 总统 or 市长: the place's
government), or from the place or body the article is about.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kg.resources import alternation, data_path, load_yaml
from kg.text import to_simplified
from kg.types import Entity, Post

if TYPE_CHECKING:
    from kg.facts.context import Context, Sentence


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
    default_bodies: dict[str, str]
    not_after_name: tuple[str, ...]
    unit_heads: tuple[str, ...]
    positions: re.Pattern[str] | None
    title_heads: tuple[str, ...] = ()
    title_qualifiers: tuple[str, ...] = ()
    state_titles: tuple[str, ...] = ()
    not_bodies: tuple[str, ...] = ()
    then_marks: tuple[str, ...] = ()
    not_former_bodies: tuple[str, ...] = ()
    unit_titles: tuple[str, ...] = ()
    national_titles: tuple[str, ...] = ()
    title_openers: tuple[str, ...] = ()
    unit_titles_heads: tuple[str, ...] = ()
    not_title_words: tuple[str, ...] = ()
    modifier_stops: tuple[str, ...] = ()
    body_qualifiers: tuple[str, ...] = ()
    field_titles: tuple[str, ...] = ()
    not_titles: tuple[str, ...] = ()
    envoy_missions: dict[str, str] | None = None
    career_adverbs: tuple[str, ...] = ()
    appointment_verbs: tuple[str, ...] = ()
    body_references: tuple[str, ...] = ()
    place_bodies: dict[str, str] = field(default_factory=dict)
    government_levels: tuple[str, ...] = ()
    party_endings: tuple[str, ...] = ()
    ministry_officers: tuple[str, ...] = ()
    unnamed_bodies: tuple[str, ...] = ()
    own_body_titles: tuple[str, ...] = ()
    usual_places: dict[str, str] = field(default_factory=dict)
    state_places: tuple[str, ...] = ()
    ministries_abroad: dict[str, str] = field(default_factory=dict)
    ministries_abroad_of: tuple[str, ...] = ()
    private_titles: tuple[str, ...] = ()
    not_home_titles: tuple[str, ...] = ()
    home_honorifics: tuple[str, ...] = ()
    legislator_titles: dict[str, str] = field(default_factory=dict)
    party_members: tuple[str, ...] = ()
    leaving_verbs: tuple[str, ...] = ()
    department_secretaries: dict[str, str] = field(default_factory=dict)


@functools.cache
def post_words() -> PostWords:
    """The lists of ``relations.yaml`` that posts are read with, compiled once."""
    return compile_post_words(load_yaml(data_path("relations.yaml")))


def compile_post_words(words: dict[str, Any]) -> PostWords:
    section = words.get("posts") or {}
    # a career listing reads the titles of its own list and those known by their heads
    positions = tuple(dict.fromkeys((*(section.get("career_titles") or ()), *(section.get("title_heads") or ()))))
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
        default_bodies={str(k): str(v) for k, v in (section.get("default_bodies") or {}).items()},
        not_after_name=tuple(section.get("not_after_name") or ()),
        unit_heads=tuple(sorted(section.get("unit_heads") or (), key=len, reverse=True)),
        positions=re.compile(alternation(positions)) if positions else None,
        title_heads=tuple(sorted(section.get("title_heads") or (), key=len, reverse=True)),
        then_marks=tuple(sorted(section.get("then_marks") or (), key=len, reverse=True)),
        not_former_bodies=tuple(section.get("not_former_bodies") or ()),
        unit_titles=tuple(section.get("unit_titles") or ()),
        national_titles=tuple(section.get("national_titles") or ()),
        title_openers=tuple(section.get("title_openers") or ()),
        unit_titles_heads=tuple(dict.fromkeys(t.removeprefix("副")[:-1] for t in section.get("unit_titles") or ())),
        not_title_words=tuple(sorted(section.get("not_title_words") or (), key=len, reverse=True)),
        modifier_stops=tuple(dict.fromkeys((*words["former_marks"], *(section.get("then_marks") or ()),
                                            *(section.get("title_openers") or ()), *(section.get("not_title_words") or ()),
                                            *(section.get("modifier_stops") or ())))),
        body_qualifiers=tuple(section.get("body_qualifiers") or ()),
        field_titles=tuple(section.get("field_titles") or ()),
        not_titles=tuple(section.get("not_titles") or ()),
        envoy_missions={str(k): str(v) for k, v in (section.get("envoy_missions") or {}).items()},
        career_adverbs=tuple(sorted(section.get("career_adverbs") or (), key=len, reverse=True)),
        appointment_verbs=tuple(section.get("appointment_verbs") or ()),
        body_references=tuple(sorted(section.get("body_references") or (), key=len, reverse=True)),
        title_qualifiers=tuple(sorted(section.get("title_qualifiers") or (), key=len, reverse=True)),
        state_titles=tuple(section.get("state_titles") or ()),
        place_bodies={str(k): str(v) for k, v in (section.get("place_bodies") or {}).items()},
        government_levels=tuple(section.get("government_levels") or ()),
        party_endings=tuple(section.get("party_endings") or ()),
        ministry_officers=tuple(section.get("ministry_officers") or ()),
        unnamed_bodies=tuple(section.get("unnamed_bodies") or ()),
        own_body_titles=tuple(section.get("own_body_titles") or ()),
        usual_places={str(k): str(v) for k, v in (section.get("usual_places") or {}).items()},
        state_places=tuple(section.get("state_places") or ()),
        ministries_abroad={str(k): str(v) for k, v in (section.get("ministries_abroad") or {}).items()},
        ministries_abroad_of=tuple(section.get("ministries_abroad_of") or ()),
        private_titles=tuple(section.get("private_titles") or ()),
        not_home_titles=tuple(section.get("not_home_titles") or ()),
        home_honorifics=tuple(section.get("home_honorifics") or ()),
        legislator_titles={str(k): str(v) for k, v in (section.get("legislator_titles") or {}).items()},
        party_members=tuple(section.get("party_members") or ()),
        leaving_verbs=tuple(section.get("leaving_verbs") or ()),
        department_secretaries={str(k): str(v) for k, v in (section.get("department_secretaries") or {}).items()},
        not_bodies=tuple((words.get("statements") or {}).get("media_heads") or ()),
    )


def article_body(context: Context, words: PostWords, role: str, *, after_name: bool = False) -> Entity | None:
    """A bare title (首相斯塔默, 技术总监帕尔泽) is held where the article is about: a head of
    state or government in the place it names most, any other title in the body it names
    most; only when that one is named at least twice and more than any other."""
    label = "GPE" if role in words.state_titles or role in words.ministries else "ORG"
    if label == "ORG" and after_name and role not in words.field_titles:
        return None  # 习近平主席, in an article naming 全国人大 most: a head named, not a body's officer
    # 总统, 首相, 环境相: a country's, not a state's or a city's (佛罗里达州, 东京)
    national = role in words.national_titles
    # a head of state's country: the one country the article names most, even once (首相菅义伟 in an
    # article about NTT naming 日本 once)
    return most_named(context, words, label, countries_only=national, no_cities=role in words.ministries,
                      not_home=role in words.not_home_titles, least=1 if national else 2)


def most_named(context: Context, words: PostWords, label: str, *, countries_only: bool = False,
               no_cities: bool = False, not_home: bool = False, least: int = 2) -> Entity | None:
    """The entity of ``label`` the article names most, at least ``least`` times and more than any other
    (a country only, or no city: a minister is a country's, not 东京's; not the home country
    for a title it has not: 总统 in an article naming 中国 most)."""
    countries = {*country_names(), *words.state_places} if countries_only else set()
    ranked = [(n, e) for e, n in context.counts().items() if e.label == label and not e.name.endswith(words.not_bodies)
              and (not countries_only or e.name in countries) and not (no_cities and e.kind == "City")
              and not (not_home and e.name in words.home_countries)]
    ranked.sort(key=lambda item: -item[0])
    if not ranked or ranked[0][0] < least or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]


def earlier_organization(context: Context, person: Entity, role: str) -> Entity | None:
    """The organisation of the person's earlier post in the article, the same title first
    (a head of government's only: 统一右翼联盟领导人贝内特任总理 is no 总理 of the party)."""
    earlier = [p for p in context.posts.get(person.name, []) if p.organization is not None]
    same = [p for p in earlier if p.role == role]
    chosen = same if role in post_words().state_titles else same or earlier
    return chosen[-1].organization if chosen else None


def known_organization(words: PostWords, role: str, organization: Entity | None) -> tuple[str, Entity | None]:
    """What a title is known to belong to, given the place it is of."""
    if organization is None:
        if role in words.default_bodies:
            return role, Entity("ORG", words.default_bodies[role])  # 习近平总书记: 中共中央's
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
    ministry = words.ministries.get(role) or words.ministries.get(role.removeprefix("副"))  # 副司法部长
    body = words.place_bodies.get(role)  # 斯里兰卡议长: 斯里兰卡议会, 国务委员: 国务院
    if body and not ministry:
        ministry = body
    if ministry and ministry in words.ministries_abroad and place not in words.ministries_abroad_of:
        ministry = words.ministries_abroad[ministry]  # 英国外相: 英国外交部 (外务省 is Japan's)
    if ministry and place in words.home_countries:  # 中国外长: 外交部, also called 中国外交部
        return role, Entity("ORG", ministry, aliases=(words.home_countries[0] + ministry,))
    if ministry:
        return role, Entity("ORG", place + ministry)
    # 市长 of a city, 总统 of a country: the place's government (a post is held in an organisation)
    return role, government_of(organization, role, words)


def government_of(place: Entity, role: str, words: PostWords) -> Entity:
    """The government of a place, named place + 政府 (伦敦政府), known also by the names the
    place goes by and the level the title names (伦敦市政府 for a 市长, 柔佛州政府 for a
    州务大臣, 香港特区政府), and in China as the people's government (江苏省人民政府)."""
    suffix = words.government_suffix
    names = [place.name, *(to_simplified(a) for a in place.aliases if not a.startswith("本"))]  # not 本港
    level = role.removeprefix("副")[:1]
    if level in words.government_levels:
        names += [n + level for n in names if not n.endswith(level)]
    aliases = [n + suffix for n in names]
    special = any(n.endswith("特别行政区") for n in names)  # 香港特区政府, no people's government
    if (place.name in chinese_places() or place.name in words.home_countries) and not special:
        aliases += [n + "人民" + suffix for n in names]
    canonical = place.name + suffix
    return Entity("ORG", canonical, aliases=tuple(a for a in dict.fromkeys(aliases) if a != canonical))


@functools.cache
def chinese_places() -> dict[str, Entity]:
    """The places of China's gazetteer (their governments are people's governments), by name."""
    import json

    places: dict[str, Entity] = {}
    with open(data_path("gazetteer") / "china_places.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                entry = json.loads(line)
                if entry.get("label") == "GPE":
                    places[entry["name"]] = Entity("GPE", entry["name"], aliases=tuple(entry.get("aliases") or ()),
                                                   kind=entry.get("class"))
    return places


def usual_place(words: PostWords, role: str) -> Entity | None:
    """The place a bare title is usually held in when the article names none (行政长官: 香港's;
    a title ending so, 经济安保担当相: 日本's)."""
    name = words.usual_places.get(role) or next((v for k, v in words.usual_places.items()
                                                 if k.startswith("-") and role.endswith(k[1:])), None)
    if name is None:
        return None
    return chinese_places().get(name) or Entity("GPE", name)


@functools.cache
def country_names() -> tuple[str, ...]:
    """The gazetteer's countries, longest first."""
    from kg.recognize.rules import load_rules

    return tuple(sorted(load_rules().lexicon.get("country_names", ()), key=len, reverse=True))


def sentence_place(sentence: Sentence, words: PostWords, role: str, at: int) -> Entity | None:
    """A head of state's or government's bare title in a sentence that names one place only
    before the person (以色列总统府…通知总统里夫林): held in that place."""
    if role not in words.state_titles and role not in words.ministries:
        return None
    places = {e for m in sentence.of_label("GPE") if m.end <= at and (e := sentence.entity(m)) is not None
              and not (role in words.national_titles and e.kind == "City")  # 台北: no 副总统's
              and not (role in words.not_home_titles and e.name in words.home_countries)}
    for mention in sentence.of_label("ORG"):  # 德国政府将由外长韦斯特韦勒代表: the government's place
        entity = sentence.entity(mention)
        if mention.end <= at and entity is not None and entity.name.endswith(words.government_suffix) \
                and entity.name[:-len(words.government_suffix)] in country_names():
            places.add(Entity("GPE", entity.name[:-len(words.government_suffix)]))
    return next(iter(places)) if len(places) == 1 else None


def with_bodies_from_other_posts(context: Context, posts: list[Post]) -> list[Post]:
    """A bare title takes the body of the person's other post in the article whose title
    holds it or is held in it (习近平主席 after 国家主席习近平: 中国), before or after it."""
    filled = []
    for post in posts:
        if post.organization is None:
            other = next((p for p in context.posts.get(post.person.name, ()) if p.organization is not None
                          and p.role != post.role and (p.role.endswith(post.role) or post.role.endswith(p.role))), None)
            if other is not None:
                post = replace(post, organization=other.organization)
        filled.append(post)
    return filled


def home_ministry_abroad(context: Context, words: PostWords, organization: Entity | None) -> Entity | None:
    """A ministry named without its country (国防部, 司法部) in an article that never names the
    home country is the ministry of the country the article is about (前国防部长乌梅罗夫 in an
    article about Ukraine: 乌克兰国防部), when it names one most."""
    if organization is None or organization.label != "ORG" or organization.name not in words.ministries.values():
        return organization
    counts = context.counts()
    if any(e.label == "GPE" and e.name in words.home_countries for e in counts):
        return organization
    place = most_named(context, words, "GPE", countries_only=True)
    if place is None or place.name in words.home_countries:
        return organization
    return Entity("ORG", place.name + organization.name)


def envoy_mission(context: Context, words: PostWords, sentence: Sentence, role: str, at: int) -> Entity | None:
    """中国驻白俄罗斯大使谢小用, 英国驻华大使欧威廉: an envoy of a country named before 驻 serves
    in its mission to the place after it (``envoy_missions``: 大使 -> 大使馆), named as the
    article names it (中国驻英国大使馆 for 中国驻英大使) or as written."""
    mission = (words.envoy_missions or {}).get(role)
    if mission is None:
        return None
    before = to_simplified(sentence.between(max(sentence.span.start, at - 16), at))
    match = re.search(f"驻([\u4e00-\u9fff]{{1,8}}?)(?:特命全权)?{re.escape(role)}$", before)
    if match is None:
        return None
    station = at - len(before) + match.start()  # where 驻 stands
    country = next((e for m in sentence.of_label("GPE") if m.end == station and (e := sentence.entity(m)) is not None), None)
    if country is None:
        return None
    place = match.group(1)
    named = next((e for e in context.counts() if e.label == "ORG" and e.name.startswith(country.name + "驻")
                  and e.name.endswith(mission) and e.name[len(country.name) + 1:].startswith(place)), None)
    return named or Entity("ORG", country.name + "驻" + place + mission)
