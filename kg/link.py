"""Stage 3: resolve every mention to one entity.

Linking is local to an article and keyed by (label, canonical name), so the
same entity gets the same key (and IRI) in every run and every corpus, and
articles can be linked in parallel. The rules, in order:

1. a gazetteer match carries its canonical name (国新办 -> 国务院新闻办公室);
2. a rule may fix the canonical name (我国 -> 中国);
3. an organisation written as country + known organisation is the known one
   (中国商务部 -> 商务部); one written as known organisation + unit is a new
   entity whose parent is the known one (商务部国际司, parent 商务部);
4. a 《…》 title that starts with its issuer is keyed without it
   (《国务院办公厅关于…的意见》 -> 《关于…的意见》, issued by 国务院办公厅), and an
   abbreviation the article defines (（以下简称《意见》）) is the title it
   abbreviates; a bare generic title the article does not define is dropped;
5. anything else is keyed by its normalised text, without the quotes around it whole
   (“一带一路” -> 一带一路), a bare legal text as its title in 《》 (著作权法 -> 《著作权法》),
   a name of a known shape by its template (党的十八大 -> 中国共产党第十八次全国代表大会);
6. in the article as a whole: a body every country has, named alone, is the body of the
   country the article names most when it never names the home country (司法部 ->
   美国司法部), and a short name the article also gives in full is the full name's
   entity (特朗普 after 唐纳德·特朗普, 中芯 after 中芯国际, 国会 after 美国国会).

Each linked mention also carries the entity's name as the article writes it (歐洲聯盟
in a text in traditional characters): the canonical name the guidelines give, while the
entity's key stays simplified so that both scripts are one entity. The rules' words are
data in ``kg/data/linking.yaml``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from kg.recognize.rules import Rules, load_lexicon
from kg.resources import data_path, load_yaml
from kg.text import to_simplified, to_traditional, traditional_forms
from kg.types import ENTITY_LABELS, Article, Entity, LinkedMention, Mention

ABBREVIATION = re.compile(r"[（(](?:以下)?简称(?P<short>《[^》]{1,12}》|“[^”]{1,12}”|[^）)，,]{2,12})[）)]")


@dataclass(frozen=True)
class Gazetteer:
    """Canonical entities by name, and every alias pointing to its canonical name."""

    entities: dict[tuple[str, str], Entity]
    names: dict[str, tuple[str, str]]  # name or alias -> entity key

    def lookup(self, name: str, labels: Iterable[str] | None = None) -> Entity | None:
        key = self.names.get(name)
        if key is None or (labels is not None and key[0] not in labels):
            return None
        return self.entities[key]


@functools.cache
def load_gazetteer(rules: Rules) -> Gazetteer:
    """The rules' gazetteer entries as entities, indexed by every name and alias."""
    entities: dict[tuple[str, str], Entity] = {}
    names: dict[str, tuple[str, str]] = {}
    for entry in rules.gazetteer:
        entity = Entity(
            label=entry["label"],
            name=entry["name"],
            aliases=tuple(entry.get("aliases", ())),
            kind=entry.get("class"),
            same_as=tuple(entry.get("same_as", ())),
            parent=entry.get("parent"),
        )
        entities[entity.key] = entity
        for name in (entity.name, *entity.aliases):
            names.setdefault(name, entity.key)
    return Gazetteer(entities, names)


FULL_WIDTH_ALNUM = {code: code - 0xFEE0 for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}


def normalize_name(text: str) -> str:
    """Half-width letters and digits, simplified characters, no spaces but one between
    two Latin-script words (Tony Blinken, not TonyBlinken).

    Chinese punctuation stays as written (NFKC would turn ， into ,).

    >>> normalize_name("  Tony  Blinken "), normalize_name("商务部 国际司")
    ('Tony Blinken', '商务部国际司')
    """
    return to_simplified(normalize_surface(text))


def normalize_surface(text: str) -> str:
    """``normalize_name`` in the characters the text is written in."""
    text = text.translate(FULL_WIDTH_ALNUM).strip()
    return SPACES.sub(lambda space: " " if LATIN_WORDS.fullmatch(text, space.start() - 1, space.end() + 1) else "", text)


SPACES = re.compile(r"\s+")
LATIN_WORDS = re.compile(r"[A-Za-z\u00c0-\u024f.]\s+[A-Za-z\u00c0-\u024f]")


def link(article: Article, mentions: Iterable[Mention], gazetteer: Gazetteer) -> list[LinkedMention]:
    """Resolve the entity mentions of one article; value mentions are skipped."""
    abbreviations = defined_abbreviations(article.text)
    forms = traditional_forms(article.text)
    linked: list[LinkedMention] = []
    known_orgs: dict[str, Entity] = {}
    law_titles: list[Entity] = []
    for mention in mentions:
        if mention.label not in ENTITY_LABELS:
            continue
        entity = resolve(mention, gazetteer, known_orgs, abbreviations, law_titles)
        if entity is None:
            continue
        if linked and bracketed_after(article.text, linked[-1].mention, mention) and entity.label == linked[-1].entity.label == "LAW":
            entity = linked[-1].entity  # 跨太平洋伙伴关系协定(TPP): the acronym is the treaty's second name
        if entity.label == "ORG":
            known_orgs[entity.name] = entity
        if entity.label == "LAW":
            law_titles.append(entity)
        linked.append(LinkedMention(mention, entity, written_name(mention, entity, forms)))
    return fold_short_names(bodies_abroad(linked, forms), gazetteer, forms)


def bodies_abroad(linked: list[LinkedMention], forms: dict[str, str] | None) -> list[LinkedMention]:
    """A body every country has, named alone (司法部, 国会), in an article that never names
    the home country, is the body of the country the article names most, at least twice
    (美国司法部)."""
    counts: dict[str, int] = {}
    for item in linked:
        if item.entity.label == "GPE" and item.entity.kind == "Country":
            counts[item.entity.name] = counts.get(item.entity.name, 0) + 1
    if not counts or home_countries() & counts.keys():
        return linked
    ranked = sorted(counts.items(), key=lambda pair: -pair[1])
    if ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return linked  # a country named once, or two named as often, says not whose body it is
    country, bodies = ranked[0][0], frozenset(linking_rules().get("country_bodies", ()))
    result = []
    for item in linked:
        if item.entity.label == "ORG" and item.entity.name in bodies and normalize_name(item.mention.text) == item.entity.name:
            entity = Entity("ORG", country + item.entity.name, aliases=(item.entity.name,))
            item = LinkedMention(item.mention, entity, written_name(item.mention, entity, forms))
        result.append(item)
    return result


def bracketed_after(text: str, before: Mention, mention: Mention) -> bool:
    """Whether a mention stands alone in brackets right after another: X（Y）."""
    return text[before.end:mention.start] in ("(", "（") and text[mention.end:mention.end + 1] in (")", "）")


@functools.cache
def linking_rules() -> dict[str, Any]:
    """``kg/data/linking.yaml``: quotes, legal heads, company suffixes, name separators."""
    return dict(load_yaml(data_path("linking.yaml")))


@functools.cache
def name_separators() -> re.Pattern[str]:
    """The marks between the parts of a person's name (唐纳德·特朗普)."""
    return re.compile("[" + re.escape(linking_rules()["name_separators"]) + "]")


def named_by_pattern(name: str, label: str) -> str:
    """The canonical name a ``name_patterns`` rule gives a name of this shape, else the name.

    >>> named_by_pattern("党的十八大", "EVENT")
    '中国共产党第十八次全国代表大会'
    """
    for rule_label, pattern, canonical in name_patterns():
        match = pattern.fullmatch(name) if rule_label == label else None
        if match:
            return canonical.format(**match.groupdict())
    return name


@functools.cache
def name_patterns() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(label, pattern, canonical) of each ``name_patterns`` rule, compiled once."""
    return tuple((rule["label"], re.compile(rule["pattern"]), str(rule["canonical"])) for rule in linking_rules().get("name_patterns", ()))


def without_quotes(name: str) -> str:
    """A name without the quotation marks that enclose it whole (“一带一路” -> 一带一路).

    >>> without_quotes("“一带一路”"), without_quotes("“十四五”规划")
    ('一带一路', '“十四五”规划')
    """
    for pair in linking_rules()["quotes"]:
        if len(name) > 2 and name[0] == pair[0] and name[-1] == pair[1] and pair[0] not in name[1:-1]:
            return name[1:-1]
    return name


def fold_short_names(linked: list[LinkedMention], gazetteer: Gazetteer, forms: dict[str, str] | None) -> list[LinkedMention]:
    """A short name the article also gives in full names the full name's entity: 特朗普
    after 唐纳德·特朗普, 安倍 and 安倍晋三, 中远海运 and 中远海运集团, 国会 and 美国国会,
    安全生产法 and 《中华人民共和国安全生产法》 (the guidelines: the fullest name the article
    gives). A short name that could be two of the article's names is left alone."""
    entities: dict[tuple[str, str], Entity] = {}
    for item in linked:
        entities.setdefault(item.entity.key, item.entity)
    by_label: dict[str, list[Entity]] = {}  # a name is compared with the names of its own label only
    for entity in entities.values():
        by_label.setdefault(entity.label, []).append(entity)
    folded: dict[tuple[str, str], Entity] = {}
    for key, short in entities.items():
        longer = [e for e in by_label[short.label] if e.name != short.name and fuller_name(short, e, gazetteer)]
        longest = max(longer, key=lambda e: len(e.name), default=None)
        if longest is not None and all(e.name in longest.name or fuller_name(e, longest, gazetteer) for e in longer):
            folded[key] = longest
    if not folded:
        return linked

    def final(entity: Entity) -> Entity:
        for _ in range(3):  # 特朗普 -> 唐纳德·特朗普 -> 唐纳德·约翰·特朗普
            entity = folded.get(entity.key, entity)
        return entity

    # the short names become the full name's aliases, on every mention of it in the article
    short_names: dict[tuple[str, str], set[str]] = {}
    for key, short in entities.items():
        if key in folded:
            short_names.setdefault(final(short).key, set()).add(short.name)
    enriched = {key: replace(entities[key], aliases=tuple(sorted(set(entities[key].aliases) | names - {key[1]})))
                for key, names in short_names.items()}
    result = []
    for item in linked:
        target = final(item.entity)
        target = enriched.get(target.key, target)
        result.append(item if target == item.entity else LinkedMention(item.mention, target, written_name(item.mention, target, forms)))
    return result


def fuller_name(short: Entity, full: Entity, gazetteer: Gazetteer) -> bool:
    """Whether ``full`` is a fuller name of what ``short`` names, by label."""
    name, longer = short.name, full.name
    if len(name) < 2 or full.parent == name:
        return False
    if short.label == "PERSON":
        parts = [part for part in name_separators().split(longer) if part]
        if len(parts) > 1:
            joined = "".join(name_separators().split(name))
            return name in parts or any("".join(parts[start:]) == joined for start in range(1, len(parts)))
        if not CJK_NAME.fullmatch(longer):
            return False
        return (longer.startswith(name) and len(longer) - len(name) <= 3) or (len(name) == 2 and len(longer) == 3 and longer.endswith(name))
    if short.label == "ORG":
        rest = longer[len(name):]
        if longer.startswith(name) and rest.endswith(tuple(linking_rules()["org_name_suffixes"])):
            return True
        place = longer[: -len(name)]
        return longer.endswith(name) and short.key not in gazetteer.entities and gazetteer.lookup(place, ("GPE",)) is not None
    if short.label == "LAW":
        inner, full_inner = name.strip("《》"), longer.strip("《》")
        return full_inner.endswith(inner) and len(full_inner) > len(inner)
    if short.label in ("EVENT", "LOC"):
        return longer.endswith(name) and short.key not in gazetteer.entities
    return False


CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}")


def written_name(mention: Mention, entity: Entity, forms: dict[str, str] | None) -> str | None:
    """The entity's canonical name as the article writes it, where that is not the
    name itself: the mention's own characters when it names the entity as written
    (烏克蘭), else the name in the article's traditional characters (香港中聯辦 ->
    中央人民政府駐香港特別行政區聯絡辦公室); the guidelines keep a canonical in the script
    of its article, the entity's key stays simplified so that both scripts are one entity."""
    for surface in (normalize_surface(mention.text), normalize_surface(mention.canonical or "")):
        if to_simplified(surface) == entity.name and surface != entity.name:
            return surface
    if normalize_surface(mention.text) == entity.name:
        return None
    if forms is not None:
        written = to_traditional(entity.name, forms)
        return written if written != entity.name else None
    return None


@functools.cache
def country_abbreviations() -> dict[str, str]:
    return dict(load_yaml(data_path("abbreviations.yaml"))["country_abbreviations"])


@functools.cache
def home_countries() -> frozenset[str]:
    """The countries whose bodies the gazetteer names without them (中国: 商务部)."""
    return frozenset(load_yaml(data_path("abbreviations.yaml"))["home_countries"])


@functools.cache
def home_bodies() -> frozenset[str]:
    """The canonical names of the home country's state bodies (the gazetteer's
    ``china_state.jsonl``): 外交部 after another country's name is that country's."""
    names = set()
    with open(data_path("gazetteer") / "china_state.jsonl", encoding="utf-8") as handle:
        names.update(json.loads(line)["name"] for line in handle if line.strip())
    return frozenset(names)


def resolve(
    mention: Mention,
    gazetteer: Gazetteer,
    known_orgs: dict[str, Entity],
    abbreviations: dict[str, str],
    law_titles: list[Entity],
) -> Entity | None:
    name = normalize_name(mention.canonical or mention.text)
    if mention.label == "GPE" and len(name) == 1:
        name = country_abbreviations().get(name, name)
    name = named_by_pattern(name, mention.label)
    known = gazetteer.lookup(linking_rules()["aliases"].get(name, name))
    if known is not None and known.label == mention.label:
        return known
    if known is not None and {known.label, mention.label} <= {"GPE", "LOC"}:
        return known
    if mention.label == "ORG":
        return resolve_org(name, gazetteer, known_orgs)
    if mention.label == "LAW":
        return resolve_title(name, gazetteer, abbreviations, law_titles)
    return Entity(mention.label, without_quotes(name))


def resolve_org(name: str, gazetteer: Gazetteer, known_orgs: dict[str, Entity]) -> Entity:
    for prefix in longest_prefixes(name):
        place = gazetteer.lookup(prefix, ("GPE",))
        rest = name[len(prefix):]
        if place is None or place.kind != "Country":
            continue
        body = next((found for end in range(len(rest), 1, -1) if (found := gazetteer.lookup(rest[:end], ("ORG",)))), None)
        if body is not None and (place.name in home_countries() or body.name not in home_bodies()):
            # 中国商务部国际司 is 商务部国际司, 美国白宫 is 白宫; 俄罗斯外交部 is not China's 外交部
            return gazetteer.lookup(rest, ("ORG",)) or resolve_org(rest, gazetteer, known_orgs)
    for prefix in longest_prefixes(name):
        parent = gazetteer.lookup(prefix, ("ORG",)) or known_orgs.get(prefix)
        if parent is not None and len(name) - len(prefix) >= 2:
            return Entity("ORG", name, parent=parent.name)
    return Entity("ORG", name)


def longest_prefixes(name: str) -> list[str]:
    return [name[:end] for end in range(len(name) - 1, 1, -1)]


def resolve_title(
    name: str, gazetteer: Gazetteer, abbreviations: dict[str, str], law_titles: list[Entity]
) -> Entity | None:
    if name in abbreviations:
        full = normalize_name(abbreviations[name])
        for entity in reversed(law_titles):
            if full in (entity.name, *entity.aliases):
                return entity
    inner = name[1:-1] if name.startswith("《") and name.endswith("》") else name
    if name.startswith("《") and inner in generic_titles():
        for entity in reversed(law_titles):
            if entity.name.endswith(inner + "》"):
                return entity
        return None
    if name.startswith("《"):
        for prefix in longest_prefixes(inner):
            issuer = gazetteer.lookup(prefix, ("ORG",))
            # 《国务院办公厅关于…的意见》: the issuer stands before the word that opens the topic
            if issuer is not None and inner[len(prefix):].startswith(tuple(load_lexicon().get("title_topic_markers", ()))):
                return Entity("LAW", "《" + inner[len(prefix):] + "》", aliases=(name,), parent=issuer.name)
    name = without_quotes(name)
    if not name.startswith("《") and name.endswith(tuple(linking_rules()["bracketed_law_heads"])):
        name = "《" + name + "》"  # 著作权法 -> 《著作权法》: a legal text's canonical is its title
        known = gazetteer.lookup(name, ("LAW",))
        if known is not None:
            return known
    return Entity("LAW", name)


@functools.cache
def generic_titles() -> frozenset[str]:
    """Document types that are no title by themselves: 《意见》, 《通知》."""
    return frozenset(load_lexicon().get("document_types", ()))


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations an article defines: 《X》（以下简称《Y》） maps Y to X."""
    found: dict[str, str] = {}
    for match in ABBREVIATION.finditer(text):
        before = text[max(0, match.start() - 80):match.start()]
        title = re.search(r"《[^《》]+》$", before)
        if title:
            found[normalize_name(match.group("short"))] = title.group(0)
    return found


def merge_entities(
    entities: Iterable[Entity], gazetteer: Gazetteer, merged: dict[tuple[str, str], Entity] | None = None
) -> dict[tuple[str, str], Entity]:
    """One entity per key across articles, with everything known of it united:
    aliases and identifiers from every article and from the gazetteer. Pass
    ``merged`` (an earlier result) to merge article by article into it."""
    merged = {} if merged is None else merged
    for entity in entities:
        known = gazetteer.entities.get(entity.key)
        if known is not None and known is not entity:
            merged.setdefault(entity.key, known)
        previous = merged.get(entity.key)
        if previous is None:
            merged[entity.key] = entity
            continue
        if previous == entity:
            continue  # the common case, a name mentioned again: nothing to unite
        merged[entity.key] = replace(
            previous,
            aliases=tuple(sorted(set(previous.aliases) | set(entity.aliases))),
            same_as=tuple(sorted(set(previous.same_as) | set(entity.same_as))),
            kind=previous.kind or entity.kind,
            parent=previous.parent or entity.parent,
        )
    return merged
