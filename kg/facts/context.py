"""What the fact readers share: the article split into sentences, each with its
mentions and linked entities, and the reading context passed from reader to reader.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kg.facts import periods
from kg.resources import data_path, load_yaml
from kg.text import to_simplified
from kg.types import (
    Article,
    Entity,
    LinkedMention,
    Mention,
    Post,
    Span,
)


@functools.cache
def load_relation_words() -> dict[str, Any]:
    return dict(load_yaml(data_path("relations.yaml")))


SENTENCE_END = "。！？!?"
QUOTES = {"“": "”", "「": "」", "『": "』"}
# The only characters ``sentences`` acts on; the text between them is skipped.
SENTENCE_MARKS = re.compile("[" + re.escape("".join([*QUOTES, *QUOTES.values()]) + SENTENCE_END) + "\n]")


def sentences(text: str) -> list[Span]:
    """Sentence spans: split after 。！？ and at line ends, never inside quotes.

    >>> text = "他说：“好。很好。”然后走了。新段落"
    >>> [text[s.start:s.end] for s in sentences(text)]
    ['他说：“好。很好。”然后走了。', '新段落']
    """
    spans = []
    start = 0
    closing: list[str] = []
    for mark in SENTENCE_MARKS.finditer(text):
        index, char = mark.start(), mark.group()
        if char in QUOTES:
            closing.append(QUOTES[char])
        elif closing and char == closing[-1]:
            closing.pop()
        elif char == "\n":
            closing.clear()
            if index > start:
                spans.append(Span(start, index))
            start = index + 1
        elif char in SENTENCE_END and not closing:
            spans.append(Span(start, index + 1))
            start = index + 1
    if start < len(text):
        spans.append(Span(start, len(text)))
    return [span for span in spans if text[span.start:span.end].strip()]


@dataclass(frozen=True)
class Sentence:
    """A sentence with the mentions inside it and the entities they name."""

    span: Span
    text: str
    paragraph: int
    mentions: tuple[Mention, ...]
    entities: dict[tuple[int, int], Entity]

    def entity(self, mention: Mention) -> Entity | None:
        return self.entities.get((mention.start, mention.end))

    def of_label(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels]

    def between(self, start: int, end: int) -> str:
        """Text between two article offsets inside this sentence."""
        return self.text[max(start, self.span.start) - self.span.start:max(end, self.span.start) - self.span.start]


GLOSS_SOURCE = ":gloss"


def split_into_sentences(article: Article, mentions: Sequence[Mention], linked: Sequence[LinkedMention]) -> list[Sentence]:
    entities = article_entities(linked, article.text)
    # a Latin gloss in brackets (朔伊布勒（Wolfgang Schäuble）) names the entity of the name
    # before it: the readers of posts and statements read the name, as before glosses were named
    ordered = sorted((m for m in mentions if not m.source.endswith(GLOSS_SOURCE)), key=lambda m: m.start)
    result = []
    index = 0
    paragraph = counted = 0  # line ends before ``counted``: counting from the start each time is quadratic
    for span in sentences(article.text):
        inside = []
        while index < len(ordered) and ordered[index].start < span.end:
            if ordered[index].start >= span.start:
                inside.append(ordered[index])
            index += 1
        paragraph += article.text.count("\n", counted, span.start)
        counted = span.start
        result.append(Sentence(span, article.text[span.start:span.end], paragraph, tuple(inside), entities))
    return result


def article_entities(linked: Sequence[LinkedMention], text: str = "") -> dict[tuple[int, int], Entity]:
    """The entity of each mention, as the article names it in full.

    - A foreign country's body the gazetteer knows as China's (俄罗斯国防部, 捷克外交部
      linked to 国防部): the country's own body, named as written.
    - A person named in short after (or before) the full name (特朗普 after 唐纳德·特朗普,
      欧尔班 before 欧尔班·维克托): the full name, when one person of the article has it.
    """
    entities = {(lm.mention.start, lm.mention.end): lm.entity for lm in linked}
    places = {lm.entity.name for lm in linked if lm.entity.label == "GPE"} | {
        lm.mention.text for lm in linked if lm.entity.label == "GPE"}
    home = set(load_relation_words().get("posts", {}).get("home_countries") or ())
    full_names: dict[str, set[Entity]] = {}
    for lm in linked:
        entity = lm.entity
        if entity.label == "PERSON" and re.search("[·・‧-]", entity.name):
            for part in re.split("[·・‧-]", entity.name):
                if len(part) >= 2 and part != entity.name:
                    full_names.setdefault(part, set()).add(entity)
    not_names = not_name_tags()
    for lm in linked:
        entity, text = lm.entity, lm.mention.text
        if entity.label == "PERSON" and not_names and (not_a_name(entity.name, not_names, grown_tails())
                                                       or grown_over_a_word(entity.name, text)):
            del entities[(lm.mention.start, lm.mention.end)]  # 关于, 任命, 特朗普多: a word read as a name holds no post, says nothing
            continue
        simplified = to_simplified(text)
        if entity.label == "ORG" and simplified != entity.name and simplified.endswith(entity.name):
            place = simplified[:-len(entity.name)]  # 亞美尼亞國防部 linked to 国防部: Armenia's
            if (place in places or place in foreign_places()) and place not in home and place not in entity.name:
                entities[(lm.mention.start, lm.mention.end)] = Entity("ORG", text)
        elif entity.label == "PERSON" and entity.name in full_names and len(full_names[entity.name]) == 1:
            entities[(lm.mention.start, lm.mention.end)] = next(iter(full_names[entity.name]))
    return with_home_names(entities, linked, home)


def with_home_names(entities: dict[tuple[int, int], Entity], linked: Sequence[LinkedMention],
                    home: set[str]) -> dict[tuple[int, int], Entity]:
    """中國國防部 linked to the home country's 国防部: the body is also called as the article
    writes it, with the country, wherever the article names it."""
    called: dict[Entity, set[str]] = {}
    for lm in linked:
        entity = entities.get((lm.mention.start, lm.mention.end))
        text = to_simplified(lm.mention.text)
        if entity is not None and entity.label == "ORG" and text != entity.name and text.endswith(entity.name) \
                and text[:-len(entity.name)] in home and text not in entity.aliases:
            called.setdefault(entity, set()).add(text)
    if not called:
        return entities
    renamed = {entity: replace(entity, aliases=(*entity.aliases, *sorted(names))) for entity, names in called.items()}
    return {span: renamed.get(entity, entity) for span, entity in entities.items()}


@functools.cache
def foreign_places() -> frozenset[str]:
    """The gazetteer's countries: a body named after one is that country's."""
    from kg.recognize.rules import load_rules

    return frozenset(load_rules().lexicon.get("country_names", ()))


@functools.cache
def not_name_tags() -> frozenset[str]:
    return frozenset(load_relation_words().get("not_name_tags") or ())


@functools.cache
def grown_tails() -> tuple[str, ...]:
    return tuple(load_relation_words().get("name_grown_tails") or ())


@functools.cache
def not_a_name(name: str, tags: frozenset[str], tails: tuple[str, ...] = ()) -> bool:
    """A word the recogniser took for a person's name: one word of the dictionary tagged as
    no name (关于 p, 任命 n, 许多 m), or a name the dictionary knows grown over an adverb the
    text puts after names (李强未, 特朗普多: ``name_grown_tails``), or a preposition before one.
    Other names of two words stay names: the dictionary cuts many a real one after a single
    character it reads as an adverb or a number (卡斯蒂略, 铃木俊一, 徐行刚)."""
    if "·" in name or len(name) > 4 or not re.fullmatch("[\u4e00-\u9fff]+", name):
        return False
    from kg.recognize.words import tag_words
    from kg.text import to_simplified

    tagged = tag_words(to_simplified(name))
    if len(tagged) == 1:
        return tagged[0][3] in tags and len(name) <= 3  # 达赖喇嘛: a title the dictionary holds, and a name
    if len(tagged) != 2:
        return False
    (_s, _e, head, head_tag), (_s2, _e2, tail, tail_tag) = tagged
    if head_tag.startswith("nr") and len(head) >= 2 and tail in tails:
        return True  # 李强未, 特朗普多: a known name and the adverb after it
    return head_tag in ("d", "p") and len(head) == 1 and tail_tag.startswith("nr")  # 对李强: the preposition before it


def grown_over_a_word(name: str, text: str) -> bool:
    """阿帕陶又, 署方又: a name grown over one character the dictionary reads as an adverb, when
    the article names it without that character more often than with it."""
    if not text or len(name) < 3:
        return False
    head = head_before_a_word(name)
    return head is not None and text.count(head) > text.count(name)


@functools.cache
def head_before_a_word(name: str) -> str | None:
    """The name without a last character the dictionary reads as an adverb or a number (阿帕陶 of
    阿帕陶又), or None. Cached: an article names the same people again and again."""
    if not re.fullmatch("[\u4e00-\u9fff]+", name):
        return None
    from kg.recognize.words import tag_words
    from kg.text import to_simplified

    tagged = tag_words(to_simplified(name))
    if len(tagged) < 2 or len(tagged[-1][2]) != 1 or tagged[-1][3] not in ("d", "m"):
        return None
    return name[:tagged[-1][0]]


@dataclass
class Context:
    """What the rules remember while reading an article from top to bottom."""

    article: Article
    words: dict[str, Any]
    sentences: list[Sentence]
    posts: dict[str, list[Post]] = field(default_factory=dict)  # person name -> posts
    last_person: Entity | None = None
    last_statement_date: dt.date | None = None
    setting_event: Entity | None = None  # the event the article reports from
    dated_events: dict[Entity, tuple[dt.date, Span]] = field(default_factory=dict)  # from statements made there
    # set by the speaker model's trainer: every candidate speaker's features and names, none filtered
    speaker_candidates: list[tuple[dict[str, float], tuple[str, ...]]] | None = None
    _counts: dict[Entity, int] | None = None

    def counts(self) -> dict[Entity, int]:
        """How often the article names each entity (counted once, when first asked)."""
        if self._counts is None:
            counted: dict[Entity, int] = {}
            for sentence in self.sentences:
                for mention in sentence.mentions:
                    entity = sentence.entity(mention)
                    if entity is not None:
                        counted[entity] = counted.get(entity, 0) + 1
            self._counts = counted
        return self._counts

    @property
    def base(self) -> dt.date | None:
        return self.article.date

    def resolve_date(self, text: str) -> dt.date | None:
        return periods.parse_date(text, self.base) if self.base else None
