"""Vocabularies the graph is written in.

Standard ones (schema.org, W3C ORG, PROV-O, SKOS, OWL-Time, NIF 2.1, ITS 2.0)
wherever they have a term; the project's own namespace ``kgo:`` only for what
none of them has. Each is closed: a misspelt term raises instead of minting a
wrong IRI. ``kg/data/ontology.ttl`` documents the ``kgo:`` terms.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

from kg.graph.iri import BASE

__all__ = ["DCTERMS", "ITSRDF", "KGO", "NIF", "ORG", "OWL", "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA_NEW", "SDO", "SKOS", "TIME", "XSD"]


class NIF(DefinedNamespace):
    """NLP Interchange Format 2.1 core, the terms kg uses."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    String: URIRef
    Sentence: URIRef
    Phrase: URIRef
    OffsetBasedString: URIRef
    RFC5147String: URIRef
    isString: URIRef
    anchorOf: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    referenceContext: URIRef
    sentence: URIRef
    sourceUrl: URIRef


class ITSRDF(DefinedNamespace):
    """Internationalization Tag Set 2.0 in RDF: entity linking of a NIF string."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")

    taIdentRef: URIRef
    taClassRef: URIRef
    taSource: URIRef


class SCHEMA_NEW(DefinedNamespace):  # noqa: N801
    """schema.org terms newer than rdflib's copy of schema.org (same namespace)."""

    _fail = True
    _NS = Namespace(str(SDO))

    observationAbout: URIRef
    observationPeriod: URIRef


class KGO(DefinedNamespace):
    """The project's own terms (see kg/data/ontology.ttl)."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    former: URIRef  # a post held in the past (原副部长)
    period: URIRef  # when a post was held, as the article writes it (2010年至2013年)
    asOf: URIRef  # the day a post or figure was reported
    evidence: URIRef  # the nif:Sentence a fact was read from
    qualifier: URIRef  # more_than / less_than / about
    change: URIRef  # relative change, as a decimal ratio (0.311) or multiple
    changeKind: URIRef  # "ratio" or "multiple"
    periodStart: URIRef
    periodEnd: URIRef
    figureKind: URIRef  # amount, count, rate, share, level or difference (a kgo:FigureKinds concept)
    comparedTo: URIRef  # a rate's or difference's basis (a kgo:ComparisonBases concept)
    comparedToYear: URIRef  # the named year of kgo:NamedYearPeriod (比2019年同期)
    shareOf: URIRef  # the whole a share is of, as written (进出口总值)
    changeOf: URIRef  # a rate -> the amount observation it is the change of
    # concepts
    FigureKinds: URIRef
    Amount: URIRef
    Count: URIRef
    Rate: URIRef
    Share: URIRef
    Level: URIRef
    Difference: URIRef
    ComparisonBases: URIRef
    PreviousYearSamePeriod: URIRef
    PreviousPeriod: URIRef
    NamedYearPeriod: URIRef
    TwoYearAverage: URIRef
    PreviousYearEnd: URIRef
    atEvent: URIRef  # where a statement was made
    cue: URIRef  # the reporting verb that introduced a statement
    foundBy: URIRef  # the rule or model that found a mention
    mentionCount: URIRef


PREFIXES = {
    "schema": SDO,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "time": TIME,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "nif": NIF._NS,
    "itsrdf": ITSRDF._NS,
    "kgo": KGO._NS,
}
