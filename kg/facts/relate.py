"""Stage 4: read facts from sentences: posts, statements, figures, structure,
product origins, events and policies.

The rules work sentence by sentence over the mentions found in stage 2 and
the entities linked in stage 3, with the cue words of ``relations.yaml``.
Every fact keeps the sentence it was read from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from kg.facts import posts, statements
from kg.facts.context import Context, Sentence, load_relation_words, split_into_sentences
from kg.resources import alternation
from kg.types import (
    Article,
    Entity,
    EventFacts,
    LinkedMention,
    Membership,
    Mention,
    Origin,
    PolicyFacts,
    Relation,
)


def relate(
    article: Article, mentions: Sequence[Mention], linked: Sequence[LinkedMention], *,
    speaker_candidates: list[tuple[dict[str, float], tuple[str, ...]]] | None = None,
) -> list[Relation]:
    """All facts the rules read from one article. ``speaker_candidates``, a list, receives
    every candidate speaker unfiltered (for the speaker model's trainer)."""
    context = Context(article, load_relation_words(), split_into_sentences(article, mentions, linked),
                      speaker_candidates=speaker_candidates)
    relations: list[Relation] = []
    for rule in (posts.find_posts, find_structure, find_events, statements.find_statements, find_figures, find_origins, find_policies):
        relations.extend(rule(context))
    relations.extend(event_dates_from_statements(context, relations))
    return list(dict.fromkeys(relations))


# --- posts: kg/facts/posts.py --------------------------------------------------------------


def find_structure(context: Context) -> Iterator[Relation]:
    """An organisation named as a unit of another: 商务部国际司 -> 商务部."""
    for sentence in context.sentences:
        for mention in sentence.of_label("ORG"):
            entity = sentence.entity(mention)
            if entity is not None and entity.parent:
                yield Membership(entity, Entity("ORG", entity.parent), sentence.span)


# --- events -------------------------------------------------------------------------


def find_events(context: Context) -> Iterator[Relation]:
    """When, by whom and where an event was held: [DATE，][在][ORG]举行的EVENT.

    "我们…共同举办了" names the speaker's own organisation (the one of their
    post) as the organiser, and the organisations beside it as partners.
    """
    hold = alternation(context.words["hold_verbs"])
    held = re.compile(f"{hold}(?:了|的)?$")
    organized = re.compile(f"(?:共同)?{hold}(?:了|的)?")
    we_held = re.compile(f"{alternation(context.words['we'])}[^，。]{{0,20}}{hold}(?:了|的)?$")
    for sentence in context.sentences:
        for mention in sentence.of_label("EVENT"):
            event = sentence.entity(mention)
            if event is None:
                continue
            organizers: list[Entity] = []
            location = None
            for other in sentence.mentions:
                entity = sentence.entity(other)
                if other.end > mention.start or entity is None:
                    continue
                gap = sentence.between(other.end, mention.start)
                if re.search("[，。；]", gap) or not held.search(gap):
                    continue
                if entity.label == "ORG" and organized.fullmatch(gap):
                    organizers.append(entity)
                elif entity.label in ("GPE", "LOC") and sentence.between(other.start - 1, other.start) == "在":
                    location = entity
            before = sentence.between(sentence.span.start, mention.start)
            if we_held.search(before):
                lead = speaker_organization(context, mention.start)
                if lead is not None:
                    organizers.insert(0, lead)
            # the setting asked first: the regex is made for each event's name
            if context.setting_event is None and re.search(f"在[^，。]*{re.escape(mention.text)}[上中]", sentence.text):
                context.setting_event = event
            date = first_date(context, sentence, before=mention.start)
            organizers = list(dict.fromkeys(organizers))
            if date or organizers or location:
                organizer = organizers[0] if organizers else None
                yield EventFacts(event, sentence.span, date, organizer, location, tuple(organizers[1:]))


def event_dates_from_statements(context: Context, relations: list[Relation]) -> Iterator[Relation]:
    """An event with no date of its own took place the day a statement was made there
    (余本林周三说…，他在亚太跨境电商能力建设研讨会上称: the 研讨会 was on 周三)."""
    dated = {r.event for r in relations if isinstance(r, EventFacts) and r.date is not None}
    for event, (date, span) in context.dated_events.items():
        if event not in dated:
            yield EventFacts(event, span, date)


def first_date(context: Context, sentence: Sentence, *, before: int) -> dt.date | None:
    for mention in sentence.of_label("DATE"):
        if mention.end <= before:
            date = context.resolve_date(mention.text)
            if date:
                return date
    return None


def speaker_organization(context: Context, offset: int) -> Entity | None:
    """The organisation of the person speaking at ``offset`` ("我们" in their words):
    the organisation of the post of the last person named before it."""
    speaker = None
    for sentence in context.sentences:
        for mention in sentence.of_label("PERSON"):
            if mention.end <= offset:
                speaker = sentence.entity(mention) or speaker
    if speaker is None:
        return None
    for post in reversed(context.posts.get(speaker.name, [])):
        if post.organization is not None:
            return post.organization
    return None


# --- statements: kg/facts/statements.py -------------------------------------------------------


# --- figures ------------------------------------------------------------------------


def find_figures(context: Context) -> Iterator[Relation]:
    """Reported figures: amounts, counts, rates with their basis, shares, levels and
    differences, one per stated quantity (kg/facts/figures.py)."""
    from kg.facts.figures import read_figures

    first = context.sentences[0] if context.sentences else None
    yield from read_figures(context.article.text, context.sentences, context.base,
                            first.entity if first is not None else (lambda mention: None))


# --- products -------------------------------------------------------------------------


def find_origins(context: Context) -> Iterator[Relation]:
    """Products after a country and 的: 泰国的香米、榴莲，马来西亚的白咖啡."""
    for sentence in context.sentences:
        country: Entity | None = None
        last_end = sentence.span.start
        for mention in sentence.mentions:
            entity = sentence.entity(mention)
            if entity is None:
                continue
            if entity.label == "GPE":
                country, last_end = entity, mention.end
            elif entity.label == "PRODUCT" and country is not None:
                gap = sentence.between(last_end, mention.start)
                if gap in ("、", *context.words["origin_links"]):
                    yield Origin(entity, country, sentence.span)
                    last_end = mention.end
                else:
                    country = None


# --- policies -------------------------------------------------------------------------


def find_policies(context: Context) -> Iterator[Relation]:
    """ORG/EVENT 通过|印发 了《…》, with the date of the sentence."""
    passed = re.compile(f"(?:[^，。]{{0,6}}?)(?:{alternation(context.words['pass_verbs'])})(?:了)?")
    issued = re.compile(f"(?:[^，。]{{0,6}}?)(?:{alternation(context.words['issue_verbs'])})(?:了|的)?")
    for sentence in context.sentences:
        for mention in sentence.of_label("LAW"):
            policy = sentence.entity(mention)
            if policy is None:
                continue
            passed_by = issued_by = None
            for other in sentence.mentions:
                if other.end > mention.start:
                    break
                entity = sentence.entity(other)
                if entity is None or entity.label not in ("ORG", "EVENT"):
                    continue
                gap = sentence.between(other.end, mention.start)
                if passed.fullmatch(gap):
                    passed_by = entity
                elif issued.fullmatch(gap):
                    issued_by = entity
            date = first_date(context, sentence, before=mention.start) if (passed_by or issued_by) else None
            if passed_by or issued_by:
                yield PolicyFacts(policy, sentence.span, passed_by=passed_by, issued_by=issued_by, date=date)
