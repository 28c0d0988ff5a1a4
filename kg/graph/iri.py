"""The one place that mints IRIs.

Entity IRIs are built from the entity's type and canonical name, so the same
entity has the same IRI in every run and every corpus, and graphs built
separately merge. The name is kept readable where Turtle allows it: characters
that are valid in a prefixed name's local part (letters, digits, CJK...) stay,
everything else is percent-encoded as UTF-8. Every parser, strict or lenient,
then accepts both the full IRI and its prefixed form.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/kgnews/"
ID = Namespace(BASE + "id/")
# The named graph of what is known of the entities themselves (types, labels, aliases,
# links): every statement sits in a named graph, so the union of the named graphs is
# the whole graph in every store (see the README's graph model).
ENTITIES_GRAPH = URIRef(BASE + "graph/entities")

TYPE_SEGMENTS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "EVENT": "event",
    "LAW": "doc",
    "PRODUCT": "product",
}

# Characters kept as they are: those both in PN_CHARS of the Turtle grammar
# (so the prefixed form stays valid) and in RFC 3987's ucschar (so strict IRI
# parsers, pyoxigraph's among them, accept the full form): not U+FFF0-FFFD,
# not the last two code points of each plane, not the tag characters of
# plane 14. "-" and "." are percent-encoded anywhere to keep the rule simple.
_LOCAL_CHAR = re.compile(
    "[A-Za-z0-9_"
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr((plane << 16) | 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd]"
)


def encode_local(text: str) -> str:
    """Percent-encode what may not stand in a Turtle local name or an IRI.

    Distinct texts give distinct results: ``%`` is always encoded, and the
    empty text (``_``) differs from ``_`` itself (``%5F``). A lone surrogate,
    which no UTF-8 text can hold, is encoded as its surrogate bytes.

    >>> encode_local("中国—东盟")
    '中国%E2%80%94东盟'
    >>> encode_local("《北京宣言》")
    '《北京宣言》'
    >>> encode_local(""), encode_local("_"), encode_local("a b")
    ('_', '%5F', 'a%20b')
    """
    if not text:
        return "_"
    if text == "_":
        return "%5F"
    out = []
    for char in text:
        # a Unicode space (U+1680) is a name character to Turtle, but rdflib splits terms at it
        if _LOCAL_CHAR.fullmatch(char) and not char.isspace():
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return "".join(out)


def entity_iri(label: str, name: str) -> URIRef:
    """The IRI of the entity with this label and canonical name.

    >>> str(entity_iri("ORG", "商务部"))
    'https://w3id.org/kgnews/id/org/商务部'
    """
    return ID[f"{TYPE_SEGMENTS[label]}/{encode_local(name)}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{article_id}"]


def original_iri(article_id: str) -> URIRef:
    """The work a reprinted article is based on (the original, at its source), minted
    under the article's IRI: only the article speaks of it.

    >>> str(original_iri("d388986b97aaa062"))
    'https://w3id.org/kgnews/id/article/d388986b97aaa062/original'
    """
    return ID[f"article/{article_id}/original"]


def span_iri(article_id: str, start: int, end: int) -> URIRef:
    """A stretch of an article's text, named the NIF way (RFC 5147 offsets).

    The whole text, ``char=0,<length>``, is the article's nif:Context.
    """
    return ID[f"article/{article_id}/text#char={start},{end}"]


def role_iri(name: str) -> URIRef:
    return ID[f"role/{encode_local(name)}"]


def fact_iri(kind: str, article_id: str, *parts: object) -> URIRef:
    """A relation node read from an article, named by a hash of what it states,
    so it is stable, and minted under the article's IRI, like its text spans:
    what an article alone states about them is then known by the IRI (``kg.graph.spool``).
    """
    digest = hashlib.sha256("\x1f".join(map(str, (article_id, *parts))).encode("utf-8")).hexdigest()[:20]
    return ID[f"article/{article_id}/{kind}/{digest}"]
