"""Stage 5: turn extracted articles into an rdflib graph.

The model (see the README for a picture): articles are schema:NewsArticle
nodes that schema:mentions entities; each mention is a NIF string with its
offsets into the article's nif:Context; facts are nodes of standard classes
(org:Membership, schema:Quotation, schema:Observation...) that point to the
article (prov:wasDerivedFrom) and to their evidence sentence (kgo:evidence).
No blank nodes: every node has a stable IRI, so builds are deterministic and
graphs built separately merge.

Statements are made as pyoxigraph quads, which cost a thirtieth of rdflib
terms to create; ``build_graph`` hands the same statements to rdflib for
users of its API, and the exporters stream the quads straight to disk.
What an article says goes in a named graph (the article's IRI); what is
known of the entities themselves in the named graph ``iri.ENTITIES_GRAPH``.
The default graph is empty: every statement is in a named graph, so "the
union of the named graphs" is the whole graph in any store.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import DefinedNamespace

from kg.graph import iri, vocab
from kg.graph.spool import GraphLines, graph_lines
from kg.graph.vocab import PREFIXES
from kg.link import Gazetteer, load_gazetteer, merge_entities
from kg.recognize.rules import load_rules
from kg.resources import data_path, load_yaml
from kg.types import (
    Article,
    ArticleGraph,
    Entity,
    EventFacts,
    Figure,
    Membership,
    Origin,
    PolicyFacts,
    Post,
    Span,
    Statement,
)


class Terms:
    """A closed vocabulary's terms as pyoxigraph nodes, each made once.

    The writers below make millions of statements; rdflib looks a closed
    namespace's term up anew on every access (and still refuses a misspelt
    one here, the first time).
    """

    def __init__(self, namespace: type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return getattr(self, name)


ITSRDF, KGO, NIF, ORG, OWL, PROV, RDF, RDFS, SCHEMA_NEW, SDO, SKOS, TIME, XSD = (
    Terms(namespace) for namespace in (vocab.ITSRDF, vocab.KGO, vocab.NIF, vocab.ORG, vocab.OWL, vocab.PROV, vocab.RDF,
                                       vocab.RDFS, vocab.SCHEMA_NEW, vocab.SDO, vocab.SKOS, vocab.TIME, vocab.XSD)
)


@functools.cache
def label_classes() -> dict[str, dict[str, object]]:
    return dict(load_yaml(data_path("labels.yaml"))["labels"])


def new_dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    return dataset


class Graph:
    """Collects the statements of one named graph (an article's, or the entities')."""

    def __init__(self, name: URIRef | None = None) -> None:
        self.name = ox.NamedNode(str(name)) if name is not None else ox.DefaultGraph()
        self.quads: list[ox.Quad] = []

    def add(self, triple: tuple[Term, Term, Term]) -> None:
        subject, predicate, obj = triple
        self.quads.append(ox.Quad(term(subject), term(predicate), term(obj), self.name))


Term = URIRef | ox.NamedNode | ox.Literal


def term(value: Term) -> ox.NamedNode | ox.Literal:
    # pyoxigraph's types first: an isinstance check against rdflib's is an ABC check, many times slower
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    return named(str(value))


@functools.lru_cache(maxsize=1 << 16)
def named(iri_text: str) -> ox.NamedNode:
    return ox.NamedNode(iri_text)


def literal(value: object, *, lang: str | None = None, datatype: ox.NamedNode | None = None) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=XSD.boolean)
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype is not None:
        return ox.Literal(str(value), datatype=datatype)
    return ox.Literal(str(value))


def build_quads(results: Iterable[ArticleGraph], gazetteer: Gazetteer | None = None) -> list[ox.Quad]:
    """Every statement of the graph, deduplicated and in a canonical order; entities are
    merged with the gazetteer's (the shipped one unless given)."""
    results = list(results)
    gazetteer = gazetteer or load_gazetteer(load_rules())
    entities = merge_entities((entity for result in results for entity in entities_of(result)), gazetteer)
    statements = {*entity_quads(entities.values()), *(quad for result in results for quad in article_quads(result))}
    return sorted(statements, key=quad_key)


def entity_quads(entities: Iterable[Entity]) -> list[ox.Quad]:
    """The entities' named graph: what is known of the (merged) entities themselves."""
    default = Graph(iri.ENTITIES_GRAPH)
    for entity in sorted(entities, key=lambda e: e.key):
        add_entity(default, entity)
    return default.quads


def quad_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return (graph, str(quad.subject), str(quad.predicate), str(quad.object))


def article_quads(result: ArticleGraph) -> list[ox.Quad]:
    """The statements of one article's named graph."""
    graph = Graph(iri.article_iri(result.article.id))
    add_article(graph, result)
    return graph.quads


def article_lines(result: ArticleGraph) -> GraphLines:
    """An article's named graph as spool lines (see ``kg.graph.spool``)."""
    return graph_lines(article_quads(result), str(iri.article_iri(result.article.id)))


def entity_lines(entities: Iterable[Entity]) -> GraphLines:
    """The entities' named graph as spool lines."""
    return graph_lines(entity_quads(entities), str(iri.ENTITIES_GRAPH))


def build_graph(results: Iterable[ArticleGraph]) -> Dataset:
    """The knowledge graph of a set of extracted articles, as an rdflib Dataset."""
    return to_rdflib(ox.serialize(build_quads(results), format=ox.RdfFormat.N_QUADS))


def to_rdflib(nquads: bytes) -> Dataset:
    dataset = new_dataset()
    dataset.parse(data=nquads.decode("utf-8"), format="nquads")
    return dataset


def entities_of(result: ArticleGraph) -> Iterable[Entity]:
    yield from (linked.entity for linked in result.mentions)
    for relation in result.relations:
        for value in vars(relation).values():
            if isinstance(value, Entity):
                yield value
            elif isinstance(value, tuple):
                yield from (v for v in value if isinstance(v, Entity))
    for credit in result.article.credits:
        yield Entity("PERSON", credit.name)
    if result.article.publisher:
        yield Entity("ORG", result.article.publisher)
    if is_reprint(result.article) and result.article.source:
        yield Entity("ORG", result.article.source)


def node(entity: Entity) -> URIRef:
    return iri.entity_iri(entity.label, entity.name)


def text_literal(text: str) -> ox.Literal:
    return literal(text, lang="zh")


def add_entity(graph: Graph, entity: Entity) -> None:
    subject = node(entity)
    spec = label_classes()[entity.label]
    graph.add((subject, RDF.type, SDO[str(spec["class"])]))
    kind = entity.kind or spec.get("default_kind")
    if kind:
        graph.add((subject, RDF.type, SDO[str(kind)]))
    graph.add((subject, RDFS.label, text_literal(entity.name)))
    for alias in entity.aliases:
        if alias != entity.name:
            graph.add((subject, SKOS.altLabel, literal(alias, lang="en" if alias.isascii() else "zh")))
    for external in entity.same_as:
        graph.add((subject, OWL.sameAs, URIRef(external)))
    if entity.parent:
        if entity.label == "ORG":
            graph.add((subject, ORG.subOrganizationOf, iri.entity_iri("ORG", entity.parent)))
        elif entity.label == "LAW":
            graph.add((subject, SDO.publisher, iri.entity_iri("ORG", entity.parent)))
        elif entity.label in ("GPE", "LOC"):
            graph.add((subject, SDO.containedInPlace, iri.entity_iri("GPE", entity.parent)))


CREDIT_PROPERTIES = {"author": SDO.author, "editor": SDO.editor, "photographer": SDO.contributor}


def is_reprint(article: Article) -> bool:
    """Whether the article names a work it reprints: a source other than its own
    publisher (来源：新华网 on a 新华网 page says nothing more), or an original title."""
    return bool(article.original_title or (article.source and article.source != article.publisher))


def add_original(graph: Graph, article: Article) -> None:
    """The article ``schema:isBasedOn`` the original work: a ``schema:CreativeWork``
    whose ``schema:publisher`` is the source outlet and ``schema:headline`` the
    original title, as far as the page names them."""
    original = iri.original_iri(article.id)
    graph.add((iri.article_iri(article.id), SDO.isBasedOn, original))
    graph.add((original, RDF.type, SDO.CreativeWork))
    if article.source:
        graph.add((original, SDO.publisher, iri.entity_iri("ORG", article.source)))
    if article.original_title:
        title = article.original_title
        graph.add((original, SDO.headline, literal(title, lang="en" if title.isascii() else "zh")))


def add_article(graph: Graph, result: ArticleGraph) -> None:
    article = result.article
    subject = iri.article_iri(article.id)
    graph.add((subject, RDF.type, SDO.NewsArticle))
    graph.add((subject, SDO.identifier, literal(article.id)))
    graph.add((subject, SDO.headline, text_literal(article.title)))
    if article.published:
        graph.add((subject, SDO.datePublished, literal(canonical_datetime(article.published), datatype=XSD.dateTime)))
    if article.url:
        graph.add((subject, SDO.url, literal(article.url, datatype=XSD.anyURI)))
    if article.publisher:
        graph.add((subject, SDO.publisher, iri.entity_iri("ORG", article.publisher)))
    for category in article.categories:
        graph.add((subject, SDO.articleSection, text_literal(category)))
    for credit in article.credits:
        graph.add((subject, CREDIT_PROPERTIES[credit.role], iri.entity_iri("PERSON", credit.name)))
    if is_reprint(article):
        add_original(graph, article)

    context = iri.span_iri(article.id, 0, len(article.text))
    graph.add((context, RDF.type, NIF.Context))
    graph.add((context, RDF.type, NIF.RFC5147String))
    graph.add((context, NIF.isString, literal(article.text)))
    # Offsets are plain xsd:integer (NIF's range, xsd:nonNegativeInteger, holds these
    # values too): Oxigraph stores the derived integer types as xsd:integer, so a
    # derived type would make `?s nif:beginIndex 0` match in Oxigraph and not elsewhere.
    graph.add((context, NIF.beginIndex, literal(0, datatype=XSD.integer)))
    graph.add((context, NIF.endIndex, literal(len(article.text), datatype=XSD.integer)))
    graph.add((context, PROV.wasDerivedFrom, subject))
    if article.url:
        graph.add((context, NIF.sourceUrl, URIRef(article.url)))

    for linked in result.mentions:
        mention, entity = linked.mention, linked.entity
        target = node(entity)
        graph.add((subject, SDO.mentions, target))
        string = iri.span_iri(article.id, mention.start, mention.end)
        graph.add((string, RDF.type, NIF.Phrase))
        graph.add((string, RDF.type, NIF.RFC5147String))
        graph.add((string, NIF.anchorOf, literal(mention.text)))
        graph.add((string, NIF.beginIndex, literal(mention.start, datatype=XSD.integer)))
        graph.add((string, NIF.endIndex, literal(mention.end, datatype=XSD.integer)))
        graph.add((string, NIF.referenceContext, context))
        graph.add((string, ITSRDF.taIdentRef, target))
        graph.add((string, ITSRDF.taClassRef, SDO[str(label_classes()[entity.label]["class"])]))
        graph.add((string, KGO.foundBy, literal(mention.source)))

    for relation in result.relations:
        RELATION_WRITERS[type(relation)](graph, article, relation)


# --- facts ---------------------------------------------------------------------------


def evidence(graph: Graph, fact: URIRef, article: Article, span: Span) -> None:
    """Tie a fact to its article and to the sentence it was read from."""
    graph.add((fact, PROV.wasDerivedFrom, iri.article_iri(article.id)))
    sentence = iri.span_iri(article.id, span.start, span.end)
    graph.add((sentence, RDF.type, NIF.Sentence))
    graph.add((sentence, RDF.type, NIF.RFC5147String))
    graph.add((sentence, NIF.anchorOf, literal(article.text[span.start:span.end])))
    graph.add((sentence, NIF.beginIndex, literal(span.start, datatype=XSD.integer)))
    graph.add((sentence, NIF.endIndex, literal(span.end, datatype=XSD.integer)))
    graph.add((sentence, NIF.referenceContext, iri.span_iri(article.id, 0, len(article.text))))
    graph.add((fact, KGO.evidence, sentence))


def canonical_datetime(value: dt.datetime) -> str:
    """xsd:dateTime in its canonical form (whole seconds, Z for UTC), as every engine prints it."""
    text = value.replace(microsecond=0).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def date_literal(value: dt.date) -> ox.Literal:
    return literal(value.isoformat(), datatype=XSD.date)


def decimal_literal(value: Decimal) -> ox.Literal:
    return literal(format(value.normalize(), "f"), datatype=XSD.decimal)


def add_post(graph: Graph, article: Article, post: Post) -> None:
    organization = post.organization.name if post.organization else ""
    fact = iri.fact_iri("membership", article.id, post.person.name, post.role, organization, post.former,
                        *((post.period,) if post.period else ()))  # one post held twice, at two periods, is two
    graph.add((fact, RDF.type, ORG.Membership))
    graph.add((fact, ORG.member, node(post.person)))
    if post.organization:
        graph.add((fact, ORG.organization, node(post.organization)))
    role = iri.role_iri(post.role)
    graph.add((role, RDF.type, ORG.Role))
    graph.add((role, RDFS.label, text_literal(post.role)))
    graph.add((fact, ORG.role, role))
    graph.add((fact, KGO.former, literal(post.former)))
    if post.period:
        graph.add((fact, KGO.period, literal(post.period)))
    if article.date:
        graph.add((fact, KGO.asOf, date_literal(article.date)))
        if post.former:
            interval = iri.fact_iri("interval", article.id, fact)
            instant = iri.fact_iri("instant", article.id, fact)
            graph.add((fact, ORG.memberDuring, interval))
            graph.add((interval, RDF.type, TIME.Interval))
            graph.add((interval, TIME.hasEnd, instant))
            graph.add((instant, RDF.type, TIME.Instant))
            graph.add((instant, TIME.before, date_literal(article.date)))
    evidence(graph, fact, article, post.evidence)


def add_statement(graph: Graph, article: Article, statement: Statement) -> None:
    fact = iri.fact_iri("quotation", article.id, statement.evidence.start, statement.speaker.name, statement.text)
    graph.add((fact, RDF.type, SDO.Quotation))
    graph.add((fact, SDO.creator, speaker_node(graph, article, statement)))
    graph.add((fact, SDO.text, text_literal(statement.text)))
    graph.add((fact, KGO.cue, text_literal(statement.cue)))
    when = statement.date or article.date
    if when:
        graph.add((fact, SDO.dateCreated, date_literal(when)))
    if statement.event:
        graph.add((fact, KGO.atEvent, node(statement.event)))
    evidence(graph, fact, article, statement.evidence)


FIGURE_KINDS = {"amount": "Amount", "count": "Count", "rate": "Rate", "share": "Share", "level": "Level",
                "difference": "Difference"}
BASES = {"yoy": "PreviousYearSamePeriod", "prev": "PreviousPeriod", "year": "NamedYearPeriod",
         "2yavg": "TwoYearAverage", "yearend": "PreviousYearEnd"}


def figure_iri(article: Article, figure: Figure) -> ox.NamedNode:
    """An amount keeps the IRI it always had; the other kinds add theirs (a rate and an
    amount may be read from the same words)."""
    parts: tuple[object, ...] = (figure.evidence.start, figure.indicator, figure.text)
    if figure.kind not in ("amount", "count"):
        parts = (*parts, figure.kind, figure.basis or "", figure.basis_year or "")
    return iri.fact_iri("observation", article.id, *parts)


def speaker_node(graph: Graph, article: Article, statement: Statement) -> URIRef:
    """The speaker, or the unnamed official of an organisation who spoke for it:
    a person of the article, with the title and the organisation they work for."""
    if not statement.official:
        return node(statement.speaker)
    official = iri.fact_iri("official", article.id, statement.speaker.name, statement.official)
    graph.add((official, RDF.type, SDO.Person))
    graph.add((official, RDFS.label, text_literal(statement.speaker.name + statement.official)))
    graph.add((official, SDO.jobTitle, text_literal(statement.official)))
    graph.add((official, SDO.worksFor, node(statement.speaker)))
    return official


def add_figure(graph: Graph, article: Article, figure: Figure) -> None:
    fact = figure_iri(article, figure)
    graph.add((fact, RDF.type, SDO.Observation))
    graph.add((fact, KGO.figureKind, getattr(KGO, FIGURE_KINDS[figure.kind])))
    if figure.basis:
        graph.add((fact, KGO.comparedTo, getattr(KGO, BASES[figure.basis])))
        if figure.basis_year:
            graph.add((fact, KGO.comparedToYear, literal(str(figure.basis_year), datatype=XSD.gYear)))
    if figure.share_of:
        graph.add((fact, KGO.shareOf, text_literal(figure.share_of)))
    if figure.change_of is not None:
        graph.add((fact, KGO.changeOf, figure_iri(article, figure.change_of)))
    graph.add((fact, SDO.variableMeasured, text_literal(figure.indicator)))
    graph.add((fact, SDO.value, decimal_literal(figure.value)))
    if figure.unit:
        graph.add((fact, SDO.unitText, literal(figure.unit)))
    graph.add((fact, SDO.description, text_literal(figure.text)))
    if figure.place:
        graph.add((fact, SCHEMA_NEW.observationAbout, node(figure.place)))
    if figure.period_start and figure.period_end:
        graph.add((fact, KGO.periodStart, date_literal(figure.period_start)))
        graph.add((fact, KGO.periodEnd, date_literal(figure.period_end)))
        graph.add((fact, SCHEMA_NEW.observationPeriod, literal(f"{figure.period_start.isoformat()}/{figure.period_end.isoformat()}")))
    if figure.change is not None:
        graph.add((fact, KGO.change, decimal_literal(figure.change)))
    if figure.qualifier:
        graph.add((fact, KGO.qualifier, literal(figure.qualifier)))
    if article.date:
        graph.add((fact, KGO.asOf, date_literal(article.date)))
    evidence(graph, fact, article, figure.evidence)


def add_asserted(graph: Graph, article: Article, kind: str, triple: tuple[URIRef, URIRef, URIRef], span: Span) -> None:
    """A plain triple, and a reified copy of it that carries its evidence."""
    graph.add(triple)
    subject, predicate, obj = triple
    fact = iri.fact_iri(kind, article.id, subject, obj)
    graph.add((fact, RDF.type, RDF.Statement))
    graph.add((fact, RDF.subject, subject))
    graph.add((fact, RDF.predicate, predicate))
    graph.add((fact, RDF.object, obj))
    evidence(graph, fact, article, span)


def add_membership(graph: Graph, article: Article, membership: Membership) -> None:
    triple = (node(membership.child), ORG.subOrganizationOf, node(membership.parent))
    add_asserted(graph, article, "structure", triple, membership.evidence)


def add_origin(graph: Graph, article: Article, origin: Origin) -> None:
    add_asserted(graph, article, "origin", (node(origin.product), SDO.countryOfOrigin, node(origin.country)), origin.evidence)


def add_event(graph: Graph, article: Article, facts: EventFacts) -> None:
    event = node(facts.event)
    if facts.date:
        graph.add((event, SDO.startDate, date_literal(facts.date)))
    for organizer in (facts.organizer, *facts.partners):
        if organizer:
            graph.add((event, SDO.organizer, node(organizer)))
    if facts.location:
        graph.add((event, SDO.location, node(facts.location)))
    fact = iri.fact_iri("event", article.id, facts.event.name)
    graph.add((fact, RDF.type, PROV.Entity))
    graph.add((fact, SDO.about, event))
    evidence(graph, fact, article, facts.evidence)


def add_policy(graph: Graph, article: Article, facts: PolicyFacts) -> None:
    policy = node(facts.policy)
    if facts.passed_by:
        graph.add((policy, SDO.legislationPassedBy, node(facts.passed_by)))
    if facts.issued_by:
        graph.add((policy, SDO.publisher, node(facts.issued_by)))
    if facts.date:
        graph.add((policy, SDO.legislationDate, date_literal(facts.date)))
    fact = iri.fact_iri("policy", article.id, facts.policy.name)
    graph.add((fact, RDF.type, PROV.Entity))
    graph.add((fact, SDO.about, policy))
    evidence(graph, fact, article, facts.evidence)


RELATION_WRITERS = {
    Post: add_post,
    Statement: add_statement,
    Figure: add_figure,
    Membership: add_membership,
    Origin: add_origin,
    EventFacts: add_event,
    PolicyFacts: add_policy,
}
