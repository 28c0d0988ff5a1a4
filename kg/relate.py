"""Stage 4: read facts from sentences: posts, statements, figures, structure,
product origins, events and policies.

Each rule works on one sentence at a time, over the linked mentions in it and
the words of ``relations.yaml``; every fact keeps the sentence it came from.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .model import (
    Article,
    Entity,
    EventFacts,
    Figure,
    LinkedMention,
    Membership,
    Mention,
    Origin,
    PolicyFacts,
    Post,
    Relation,
    Span,
    Statement,
)
from .resources import data_path, load_yaml


@functools.cache
def load_relation_words() -> dict[str, Any]:
    return dict(load_yaml(data_path("relations.yaml")))


# --- sentences -----------------------------------------------------------------

SENTENCE_END = "。！？!?；"
QUOTES = {"“": "”", "「": "」", "『": "』"}


def sentences(text: str) -> list[Span]:
    """Sentence spans: split after 。！？ and at line ends, never inside quotes.

    >>> text = "他说：“好。很好。”然后走了。新段落"
    >>> [text[s.start:s.end] for s in sentences(text)]
    ['他说：“好。很好。”然后走了。', '新段落']
    """
    spans = []
    start = 0
    closing: list[str] = []
    for index, char in enumerate(text):
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
    """A sentence with the mentions inside it, linked or not."""

    span: Span
    text: str
    mentions: tuple[Mention, ...]
    entities: dict[tuple[int, int], Entity]  # (start, end) -> entity, for linked mentions

    def entity(self, mention: Mention) -> Entity | None:
        return self.entities.get((mention.start, mention.end))

    def of_label(self, *labels: str) -> list[Mention]:
        return [m for m in self.mentions if m.label in labels]


def split_into_sentences(article: Article, mentions: Sequence[Mention], linked: Sequence[LinkedMention]) -> list[Sentence]:
    entities = {(lm.mention.start, lm.mention.end): lm.entity for lm in linked}
    ordered = sorted(mentions, key=lambda m: m.start)
    result = []
    index = 0
    for span in sentences(article.text):
        inside = []
        while index < len(ordered) and ordered[index].start < span.end:
            if ordered[index].start >= span.start:
                inside.append(ordered[index])
            index += 1
        result.append(Sentence(span, article.text[span.start:span.end], tuple(inside), entities))
    return result


# --- the rules --------------------------------------------------------------------


def relate(article: Article, mentions: Sequence[Mention], linked: Sequence[LinkedMention]) -> list[Relation]:
    """All facts the rules read from one article."""
    words = load_relation_words()
    parsed = split_into_sentences(article, mentions, linked)
    relations: list[Relation] = []
    relations.extend(find_posts(parsed, words))
    relations.extend(find_statements(article, parsed, words))
    relations.extend(find_structure(parsed))
    return dedupe(relations)


def dedupe(relations: Iterable[Relation]) -> list[Relation]:
    return list(dict.fromkeys(relations))


def gap(sentence: Sentence, start: int, end: int) -> str:
    """The text between two offsets of the article, taken from the sentence."""
    return sentence.text[start - sentence.span.start:end - sentence.span.start]


def find_posts(parsed: list[Sentence], words: dict[str, Any]) -> Iterator[Post]:
    """Posts in front of a name: [ORG][原][POSITION]、[ORG][POSITION]NAME."""
    former_marks = tuple(words["former_marks"])
    for sentence in parsed:
        ordered = list(sentence.mentions)
        for index, mention in enumerate(ordered):
            if mention.label != "PERSON":
                continue
            person = sentence.entity(mention)
            if person is None:
                continue
            cursor = index
            boundary = mention.start
            previous_org: Entity | None = None
            chain: list[tuple[str, Entity | None, bool, int]] = []
            while cursor > 0:
                position = ordered[cursor - 1]
                between = gap(sentence, position.end, boundary)
                if position.label != "POSITION" or between not in ("", "、", *former_marks):
                    break
                former = between in former_marks
                cursor -= 1
                organization = None
                if cursor > 0:
                    candidate = ordered[cursor - 1]
                    link_text = gap(sentence, candidate.end, position.start)
                    if candidate.label == "ORG" and link_text in ("", *former_marks):
                        former = former or link_text in former_marks
                        organization = sentence.entity(candidate)
                        cursor -= 1
                role = position.canonical or position.text
                chain.append((role, organization, former, position.start))
                boundary = ordered[cursor].start if cursor < len(ordered) else position.start
                boundary = min(boundary, position.start)
                if gap(sentence, boundary - 1, boundary) != "、":
                    break
                boundary -= 1
            for role, organization, former, _start in chain:
                previous_org = organization or previous_org
                yield Post(person, role, organization, former, sentence.span)


def find_statements(article: Article, parsed: list[Sentence], words: dict[str, Any]) -> Iterator[Statement]:
    """X表示/指出/说… and “…”X说; 他…称 is the last person named before."""
    verbs = sorted(words["reporting_verbs"], key=len, reverse=True)
    verb_pattern = re.compile("(?:" + "|".join(map(re.escape, verbs)) + ")")
    pronouns = tuple(words["pronouns"])
    last_person: Entity | None = None
    for sentence in parsed:
        people = [(m, sentence.entity(m)) for m in sentence.of_label("PERSON")]
        speakers = [(m.end, e, m) for m, e in people if e is not None]
        for pronoun in pronouns:
            for match in re.finditer(re.escape(pronoun), sentence.text):
                if last_person is not None:
                    speakers.append((sentence.span.start + match.end(), last_person, None))
        for end, speaker, mention in sorted(speakers, key=lambda s: s[0]):
            tail = sentence.text[end - sentence.span.start:]
            verb = verb_pattern.search(tail[:30])
            if verb is None or re.search(r"[，。；]", tail[:verb.start()]):
                continue
            said = tail[verb.end():].lstrip("，,：: ")
            quoted = quoted_before(sentence, mention.start if mention else end)
            text = quoted or said.rstrip("。")
            if len(text) < 4:
                continue
            event = event_in(sentence)
            yield Statement(speaker, text, verb.group(0), sentence.span, date=article.date, event=event)
            break
        if people and people[-1][1] is not None:
            last_person = people[-1][1]


def quoted_before(sentence: Sentence, start: int) -> str | None:
    before = sentence.text[:start - sentence.span.start]
    match = re.search(r"“([^“”]{4,})”$", before)
    return match.group(1) if match else None


def event_in(sentence: Sentence) -> Entity | None:
    for mention in sentence.of_label("EVENT"):
        entity = sentence.entity(mention)
        if entity:
            return entity
    return None


def find_structure(parsed: list[Sentence]) -> Iterator[Membership]:
    """An organisation named as a unit of another: 商务部国际司 -> 商务部."""
    for sentence in parsed:
        for mention in sentence.of_label("ORG"):
            entity = sentence.entity(mention)
            if entity is not None and entity.parent:
                yield Membership(entity, Entity("ORG", entity.parent), sentence.span)
