"""Stage 4: read facts from sentences: posts, statements, figures, structure,
product origins, events and policies.

The rules work sentence by sentence over the mentions found in stage 2 and
the entities linked in stage 3, with the cue words of ``relations.yaml``.
Every fact keeps the sentence it was read from.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import posts, statements, values
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
)
from .resources import data_path, load_yaml


@functools.cache
def load_relation_words() -> dict[str, Any]:
    return dict(load_yaml(data_path("relations.yaml")))


def alternation(words: Iterable[str]) -> str:
    return alternation_of(tuple(words))


@functools.cache  # the rules ask for the same few word lists for every sentence
def alternation_of(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


# --- sentences -----------------------------------------------------------------

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


def split_into_sentences(article: Article, mentions: Sequence[Mention], linked: Sequence[LinkedMention]) -> list[Sentence]:
    entities = {(lm.mention.start, lm.mention.end): lm.entity for lm in linked}
    ordered = sorted(mentions, key=lambda m: m.start)
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

    @property
    def base(self) -> dt.date | None:
        return self.article.date

    def resolve_date(self, text: str) -> dt.date | None:
        return values.parse_date(text, self.base) if self.base else None


def relate(article: Article, mentions: Sequence[Mention], linked: Sequence[LinkedMention]) -> list[Relation]:
    """All facts the rules read from one article."""
    context = Context(article, load_relation_words(), split_into_sentences(article, mentions, linked))
    relations: list[Relation] = []
    for rule in (posts.find_posts, find_structure, find_events, statements.find_statements, find_figures, find_origins, find_policies):
        relations.extend(rule(context))
    relations.extend(event_dates_from_statements(context, relations))
    return list(dict.fromkeys(relations))


# --- posts: kg/posts.py --------------------------------------------------------------


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
            if re.search(f"在[^，。]*{re.escape(mention.text)}[上中]", sentence.text) and context.setting_event is None:
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


# --- statements: kg/statements.py -------------------------------------------------------


# --- figures ------------------------------------------------------------------------


FIGURE_LABELS = ("MONEY", "QUANTITY")  # the mentions a figure is read from
NOMINAL = {"n", "nz", "vn", "nt", "j", "x", "nr", "s", "an", "ng", "eng"}


def find_figures(context: Context) -> Iterator[Relation]:
    """Reported figures: [PERIOD][PLACE]INDICATOR[达到]VALUE[，增长CHANGE].

    The indicator is the noun phrase before the value (跨境电商进出口额达到…),
    or after a counted one (132个跨境电商综试区). A bare attribute (数量, 面积,
    规模) takes its subject from the figure or clause before it (海外仓数量…，
    面积… -> 海外仓面积), a bare flow (出口, 进口) its topic from the figure
    before (跨境电商出口额). Period and place carry over within a paragraph.
    """
    words = context.words
    since = re.compile(alternation(words["since_words"]))
    period: values.Period | None = None
    place: Entity | None = None
    topic = ""
    paragraph = -1
    for sentence in context.sentences:
        if sentence.paragraph != paragraph:
            paragraph, period, place = sentence.paragraph, None, None
        for segment in segments(sentence):
            figures: list[dict[str, Any]] = []
            for mention in segment.mentions:
                if mention.label == "DATE" and context.base:
                    found = values.parse_period(mention.text, context.base)
                    if found and since.match(segment.between(mention.end, mention.end + 2)):
                        found = values.Period(found.start, context.base, mention.text, "range")  # 2015年以来
                    if found and found.start != found.end:
                        period = found
                elif mention.label == "GPE":
                    place = segment.entity(mention) or place
                elif mention.label in FIGURE_LABELS:
                    figure = read_figure(segment, mention, figures, words)
                    if figure is not None:
                        figure["period"], figure["place"] = period, place
                        figures.append(figure)
            assign_changes(segment, figures, words)
            for figure in figures:
                indicator = normalise_indicator(figure["indicator"], topic, words)
                if not indicator:
                    continue
                topic = indicator
                quantity, found_period = figure["quantity"], figure["period"]
                yield Figure(
                    indicator=indicator,
                    value=quantity.value,
                    unit=quantity.unit,
                    text=figure["mention"].text,
                    evidence=sentence.span,
                    place=figure["place"],
                    period_start=found_period.start if found_period else None,
                    period_end=found_period.end if found_period else None,
                    change=figure.get("change"),
                    qualifier=quantity.qualifier,
                )


def segments(sentence: Sentence) -> list[Sentence]:
    """A sentence cut at ；, so that 分别增长 applies to its own clause group only."""
    parts = []
    start = sentence.span.start
    for match in re.finditer("[；;]", sentence.text):
        end = sentence.span.start + match.end()
        parts.append(Span(start, end))
        start = end
    parts.append(Span(start, sentence.span.end))
    return [
        Sentence(span, sentence.between(span.start, span.end), sentence.paragraph,
                 tuple(m for m in sentence.mentions if span.start <= m.start < span.end), sentence.entities)
        for span in parts if span.end > span.start
    ]


def read_figure(segment: Sentence, mention: Mention, earlier: list[dict[str, Any]], words: dict[str, Any]) -> dict[str, Any] | None:
    quantity = values.parse_quantity(mention.text)
    if quantity is None or quantity.unit == "倍":
        return None
    clauses = re.split(r"[，。；：,;:（）()]", segment.between(segment.span.start, mention.start))
    if quantity.qualifier is None:
        cue = re.search(alternation(words["qualifiers"]) + "$", clauses[-1])
        if cue:
            quantity = values.Quantity(quantity.value, quantity.unit, values.qualifier_of(cue.group(0)), quantity.text)
    masked = mask_mentions(segment, ("DATE", "GPE", "ORG", "PERSON", "MONEY", "QUANTITY", "PERCENT"))
    clause_start = mention.start - len(clauses[-1]) - segment.span.start
    indicator = noun_before(masked[clause_start:mention.start - segment.span.start], words)
    if mention.label == "QUANTITY":
        after = noun_after(masked[mention.end - segment.span.start:], words)
        indicator = after or indicator
    if indicator in words["indicator_attributes"] or not indicator:
        subject = earlier_subject(earlier, words) or clause_subject(masked, clauses, clause_start, words)
        indicator = subject + indicator if subject else indicator
    return {"mention": mention, "quantity": quantity, "indicator": indicator}


def mask_mentions(segment: Sentence, labels: tuple[str, ...]) -> str:
    """The segment's text with the given mentions blanked out (offsets kept)."""
    text = list(segment.text)
    for mention in segment.mentions:
        if mention.label in labels:
            for index in range(mention.start - segment.span.start, mention.end - segment.span.start):
                text[index] = " "
    return "".join(text)


def nominal(word: str, tag: str, words: dict[str, Any]) -> bool:
    return tag in NOMINAL and not re.search(alternation(words["not_indicator"]), word) and bool(re.fullmatch("[\u4e00-\u9fffA-Za-z]+", word))


def noun_before(text: str, words: dict[str, Any]) -> str:
    """The noun phrase that ends a clause, past its verbs: 跨境电商进出口额达到了 -> 跨境电商进出口额."""
    from .recognize import tag_words

    tagged = [(w, t) for _s, _e, w, t in tag_words(text.strip())]
    while tagged and not nominal(*tagged[-1], words):
        tagged.pop()
    run: list[str] = []
    while tagged and nominal(*tagged[-1], words) and len("".join(run)) + len(tagged[-1][0]) <= 12:
        run.insert(0, tagged.pop()[0])
    return "".join(run)


def noun_after(text: str, words: dict[str, Any]) -> str:
    """The noun a count is of: 132个跨境电商综试区 -> 跨境电商综试区."""
    from .recognize import tag_words

    run: list[str] = []
    for _s, _e, word, tag in tag_words(text):
        if not nominal(word, tag, words) or len("".join(run)) + len(word) > 12:
            break
        run.append(word)
    return "".join(run)


def earlier_subject(earlier: list[dict[str, Any]], words: dict[str, Any]) -> str:
    """海外仓数量 -> 海外仓: the subject of the figure before, minus its attribute."""
    if earlier:
        previous = earlier[-1]["indicator"]
        for attribute in sorted(words["indicator_attributes"], key=len, reverse=True):
            if previous.endswith(attribute) and len(previous) > len(attribute):
                return previous[: -len(attribute)]
    return ""


def clause_subject(masked: str, clauses: list[str], clause_start: int, words: dict[str, Any]) -> str:
    """The noun phrase that opens the nearest earlier clause with one."""
    from .recognize import tag_words

    position = clause_start
    for clause in reversed(clauses[:-1]):
        position -= len(clause) + 1
        tagged = [(w, t) for _s, _e, w, t in tag_words(masked[position:position + len(clause)].strip())]
        while tagged and (tagged[0][1] in ("t", "r", "p", "c", "d", "x") and not nominal(*tagged[0], words) or not tagged[0][0].strip()):
            tagged.pop(0)
        run = []
        for word, tag in tagged:
            if not nominal(word, tag, words):
                break
            run.append(word)
        if len(run) >= 2:
            return "".join(run)
    return ""


def normalise_indicator(indicator: str, topic: str, words: dict[str, Any]) -> str:
    """Spell an indicator as statistics do, taking a bare flow's topic from before."""
    if indicator in words["indicator_bare"] and topic:
        head = next((h for h in sorted(words["indicator_bare"], key=len, reverse=True) if h in topic), None)
        if head:
            indicator = topic[: topic.index(head)] + indicator
    for suffix, replacement in words["indicator_suffixes"].items():
        if indicator.endswith(suffix):
            indicator = indicator[: -len(suffix)] + replacement
            break
    return indicator if len(indicator) >= 2 else ""


def assign_changes(segment: Sentence, figures: list[dict[str, Any]], words: dict[str, Any]) -> None:
    """Attach 增长/下降 X% to the value before it; 分别增长A和B to the values in order."""
    if not figures:
        return
    percents = segment.of_label("PERCENT")
    respectively = re.search(alternation(words["respectively"]) + alternation(words["change_verbs"]), segment.text)
    if respectively:
        after = [p for p in percents if p.start >= segment.span.start + respectively.start()]
        sign = -1 if any(w in respectively.group(0) for w in words["decrease_verbs"]) else 1
        for figure, percent in zip(figures, after, strict=False):
            ratio = values.parse_percent(percent.text)
            if ratio is not None:
                figure["change"] = ratio * sign
        return
    for index, figure in enumerate(figures):
        limit = figures[index + 1]["mention"].start if index + 1 < len(figures) else segment.span.end
        for percent in percents:
            if figure["mention"].end <= percent.start < limit:
                cue = segment.between(figure["mention"].end, percent.start)
                if len(cue) <= 12 and re.search(alternation(words["change_verbs"]), cue):
                    change = values.parse_change(cue + percent.text)
                    if change is not None:
                        figure["change"] = change.value
                break


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
