"""The plain data that flows between the stages.

articles (``ingest``) -> mentions (``recognize``) -> entities (``link``) and
relations (``relate``) -> an rdflib graph (``rdf``) -> files (``export``).

Every class here is a frozen dataclass so that a stage can never change what an
earlier stage produced, and so that results can be cached and compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "PRODUCT")
VALUE_LABELS = ("DATE", "MONEY", "PERCENT", "QUANTITY")
LABELS = (*ENTITY_LABELS, *VALUE_LABELS, "POSITION")


@dataclass(frozen=True)
class Credit:
    """A person credited by the article itself (reporter, editor, photographer)."""

    role: str  # "author" | "editor" | "photographer"
    name: str


@dataclass(frozen=True)
class Article:
    """One cleaned article: the text every offset in the project points into."""

    id: str  # content hash: the same article read twice has the same id
    path: str
    title: str
    text: str  # paragraphs separated by "\n"
    published: dt.datetime | None = None
    publisher: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    credits: tuple[Credit, ...] = ()
    warnings: tuple[str, ...] = ()  # problems that did not stop reading
    source: str | None = None  # the outlet a reprinted article first appeared in, as the page names it (来源：新华网)
    original_title: str | None = None  # the title it had there (原标题：……)

    @property
    def date(self) -> dt.date | None:
        """The publication day in China time, the base for relative dates."""
        if self.published is None:
            return None
        if self.published.tzinfo is None:
            return self.published.date()
        return self.published.astimezone(CHINA_TIME).date()


CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into ``Article.text``."""

    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names something, and who found it."""

    start: int
    end: int
    text: str
    label: str  # one of LABELS
    source: str  # the rule or model that found it, e.g. "gazetteer", "pattern:org_title_name"
    canonical: str | None = None  # the canonical name when a rule or gazetteer knows it


@dataclass(frozen=True)
class Entity:
    """One thing in the world, however often and wherever it is mentioned."""

    label: str  # one of ENTITY_LABELS
    name: str  # canonical name
    aliases: tuple[str, ...] = ()
    kind: str | None = None  # a more specific schema.org class, e.g. "GovernmentOrganization"
    same_as: tuple[str, ...] = ()  # external IRIs (Wikidata...)
    parent: str | None = None  # canonical name of the organisation it belongs to

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.name)


@dataclass(frozen=True)
class LinkedMention:
    """A mention resolved to the entity it names."""

    mention: Mention
    entity: Entity
    written: str | None = None  # the entity's name as the article writes it, where that differs (traditional characters)

    @property
    def canonical(self) -> str:
        """The canonical name in the article's script: 歐洲聯盟 in a text in traditional characters."""
        return self.written or self.entity.name


# --- relations: each keeps the sentence it was read from -------------------


@dataclass(frozen=True)
class Post:
    """A person holding (or having held) a post in an organisation."""

    person: Entity
    role: str
    organization: Entity | None
    former: bool
    evidence: Span
    period: str | None = None  # when it was held, as a career listing writes it (2010年至2013年)


@dataclass(frozen=True)
class Statement:
    """Something a person or an organisation said, with the cue that introduced it."""

    speaker: Entity
    text: str
    cue: str
    evidence: Span
    date: dt.date | None = None
    event: Entity | None = None
    official: str | None = None  # an unnamed official of the speaker (an organisation) said it: 发言人


@dataclass(frozen=True)
class Figure:
    """A reported figure: which indicator, where, when, how much.

    One per stated quantity: an amount or a count, a rate of change, a share,
    a level, or a difference (kg/facts/figures.py). Percentages are ratios (0.049 for
    4.9%) with unit "%"; percentage points are hundredths too, in the unit
    "percentage point"; a multiple (增长1.84倍) has the unit "倍".
    """

    indicator: str
    value: Decimal
    unit: str | None
    text: str
    evidence: Span
    place: Entity | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    change: Decimal | None = None  # on an amount: the rate stated with it
    qualifier: str | None = None
    kind: str = "amount"  # amount | count | rate | share | level | difference
    basis: str | None = None  # a rate's or difference's basis: yoy | prev | year | 2yavg | yearend
    basis_year: int | None = None  # the named year when basis is "year"
    share_of: str | None = None  # a share's whole, as written (进出口总值)
    change_of: Figure | None = None  # the amount a rate is the change of


@dataclass(frozen=True)
class Membership:
    """An organisation that is part of another (org:subOrganizationOf)."""

    child: Entity
    parent: Entity
    evidence: Span


@dataclass(frozen=True)
class Origin:
    """A product and the country it comes from."""

    product: Entity
    country: Entity
    evidence: Span


@dataclass(frozen=True)
class EventFacts:
    """When, where and by whom an event was held, as far as the text says."""

    event: Entity
    evidence: Span
    date: dt.date | None = None
    organizer: Entity | None = None
    location: Entity | None = None
    partners: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class PolicyFacts:
    """Who passed or issued a policy document, and when."""

    policy: Entity
    evidence: Span
    passed_by: Entity | None = None
    issued_by: Entity | None = None
    date: dt.date | None = None


Relation = Post | Statement | Figure | Membership | Origin | EventFacts | PolicyFacts


@dataclass(frozen=True)
class ArticleGraph:
    """Everything extracted from one article, ready to become RDF."""

    article: Article
    mentions: tuple[LinkedMention, ...] = ()
    relations: tuple[Relation, ...] = field(default=())
