"""Properties that hold for any text (hypothesis): cleaning, IRIs, serialisation."""

from __future__ import annotations

import datetime as dt
import io
import re
import urllib.parse

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SDO

from kg.errors import InputError
from kg.graph import export, iri
from kg.graph.spool import GraphSpool
from kg.read.clean import MAX_TITLE_CHARS, decode_text, parse_article, read_record
from kg.read.lines import normalize_space, one_line
from kg.read.metadata import YEARS, clean_url
from kg.types import ENTITY_LABELS, Article

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any code point at all, lone surrogates included (JSON and YAML escapes make them).
ANY_TEXT = st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=300)
# What an article can be made of: markup, front matter, Chinese, and the odd characters.
PIECES = st.sampled_from([
    "---\n", "title: ", "date: ", "from: ", "\n", "\r\n", "\r", "<p>", "</p>", "<div class=\"time\">", "<script>", "</script>",
    "<!--", "-->", "<a href=\"javascript:alert(1)\">", "</a>", "[", "](", ")", "记者", "张三", "摄", "商务部", "2021-07-29",
    "\u200b", "\u202e", "\ufeff", "\x00", "\x85", "\u2028", "\ud800", "&#0;", "&lt;", "😀", "\U000e0067", "\\", "\"", "'", " ",
    "\u3000", "：", "。", "https://a.example/x y", "{", "}", "- ", "? ", ": ", "&", "*a", "&a ",
])
ARTICLE_TEXT = st.one_of(ANY_TEXT, st.lists(st.one_of(PIECES, ANY_TEXT), max_size=40).map("".join))

# What may not appear in any cleaned text, title or name.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def valid_iri(value: str) -> None:
    """Raises unless both pyoxigraph (strict RFC 3987) and rdflib's N-Triples parser accept it."""
    ox.NamedNode(value)
    graph = Graph().parse(data=f"<{value}> <http://example.org/p> <{value}> .\n", format="nt")
    assert {str(s) for s in graph.subjects()} == {value}


# --- cleaning -------------------------------------------------------------------------------


@SETTINGS
@given(ARTICLE_TEXT)
@example("---\ntitle: !!python/object/apply:os.system [\"true\"]\n---\n正文")
@example("---\ndate: 2021-13-45\n---\n正文")
@example("<div>" * 3000 + "正文")
def test_parse_article_gives_an_article_or_a_reason(text: str) -> None:
    try:
        article = parse_article(text, "x.md")
    except InputError as error:
        assert error.reason
        return
    for value in (article.text, article.title, article.publisher or "", *article.categories, *(c.name for c in article.credits)):
        assert not FORBIDDEN.search(value), repr(value)
        value.encode("utf-8")  # strict: writable anywhere
    assert "\n" not in article.title and len(article.title) <= MAX_TITLE_CHARS
    assert all(line and line == line.strip() for line in article.text.split("\n")) or article.text == ""
    assert article.text or article.title
    if article.url is not None:
        valid_iri(article.url)
        assert article.url.startswith(("http://", "https://"))
    if article.published is not None:
        assert article.published.tzinfo is not None
        assert YEARS[0] <= article.published.astimezone(dt.timezone.utc).year <= YEARS[1] + 1


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_gives_text_or_a_reason(data: bytes) -> None:
    try:
        text, notes = decode_text(data, "x")
    except InputError as error:
        assert error.reason
        return
    assert isinstance(text, str) and all(isinstance(n, str) for n in notes)


@SETTINGS
@given(ARTICLE_TEXT)
def test_jsonl_record_never_raises(text: str) -> None:
    import json

    for line in (text, json.dumps({"title": text, "content_html": text, "url": text, "pub_date": text})):
        result = read_record(line, "x.jsonl:1")
        assert isinstance(result, (Article, InputError))


@SETTINGS
@given(ANY_TEXT)
def test_cleaning_is_idempotent_on_lines(text: str) -> None:
    once = normalize_space(text)
    assert normalize_space(once) == once
    assert one_line(one_line(text)) == one_line(text)


# --- URLs -----------------------------------------------------------------------------------------


URLISH = st.builds(
    lambda scheme, host, rest: f"{scheme}://{host}{rest}",
    st.sampled_from(["http", "https", "HTTPS", "javascript", "data", "ftp"]),
    st.one_of(st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,10}){0,3}(:[0-9]{1,5})?", fullmatch=True), ANY_TEXT.map(lambda t: t[:20])),
    ANY_TEXT,
)


@SETTINGS
@given(st.one_of(URLISH, ANY_TEXT))
@example("https://a.example/%zz\ud800\ue000 <>\"{}|\\^`#a#b")
def test_clean_url_is_none_or_a_valid_iri(value: str) -> None:
    url = clean_url(value)
    if url is None:
        return
    valid_iri(url)
    assert url.lower().startswith(("http://", "https://"))
    assert clean_url(url) == url  # stable: cleaning a clean URL changes nothing


# --- IRI minting -------------------------------------------------------------------------------------


def decode_local(local: str) -> str:
    """The inverse of ``iri.encode_local`` (percent-decoding, surrogates kept)."""
    if local == "_":
        return ""
    return urllib.parse.unquote_to_bytes(local).decode("utf-8", "surrogatepass")


@SETTINGS
@given(st.sampled_from(ENTITY_LABELS), ANY_TEXT)
@example("ORG", "")
@example("ORG", "_")
@example("ORG", "\u1680")
@example("PERSON", "\U000e0067\ufff0\U0001fffe\ud800.-%")
def test_every_minted_iri_is_valid_and_reversible(label: str, name: str) -> None:
    value = str(iri.entity_iri(label, name))
    valid_iri(value)
    local = value.rsplit("/", 1)[1]
    assert decode_local(local) == name  # so distinct names can never share an IRI
    valid_iri(str(iri.role_iri(name)))


@SETTINGS
@given(ANY_TEXT, ANY_TEXT)
def test_distinct_names_give_distinct_iris(first: str, second: str) -> None:
    assume(first != second)
    assert iri.entity_iri("ORG", first) != iri.entity_iri("ORG", second)
    assert iri.encode_local(first) != iri.encode_local(second)


@SETTINGS
@given(ANY_TEXT)
def test_prefixed_form_is_valid_turtle(name: str) -> None:
    local = iri.encode_local(name)
    data = f"@prefix kg: <{iri.ID}> .\nkg:{local} <http://example.org/p> \"x\" .\n"
    (quad,) = ox.parse(data.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    assert quad.subject.value == str(iri.ID) + local
    assert len(Graph().parse(data=data, format="turtle")) == 1


# --- serialisation ----------------------------------------------------------------------------------

# Literal text as kg can hold it: any code point but lone surrogates (no UTF-8 file can).
LITERAL_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)


def graph_with(names: list[str], texts: list[str]) -> tuple[Graph, list[ox.Quad]]:
    graph = Graph()
    quads = []
    for name, text in zip(names, texts, strict=False):
        subject = iri.entity_iri("ORG", name)
        for predicate, obj in (
            (RDFS.label, Literal(text, lang="zh")),
            (SDO.description, Literal(text)),
            (SDO.url, Literal(text, datatype=URIRef("http://www.w3.org/2001/XMLSchema#anyURI"))),
        ):
            graph.add((subject, predicate, obj))
            object_term = ox.Literal(text, language="zh") if obj.language else (
                ox.Literal(text, datatype=ox.NamedNode(str(obj.datatype))) if obj.datatype else ox.Literal(text))
            quads.append(ox.Quad(ox.NamedNode(str(subject)), ox.NamedNode(str(predicate)), object_term, ox.DefaultGraph()))
    return graph, quads


@pytest.mark.parametrize("rdf_format", ["turtle", "trig", "nquads", "ntriples", "jsonld"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(names=st.lists(ANY_TEXT, min_size=1, max_size=4), texts=st.lists(LITERAL_TEXT, min_size=1, max_size=4))
@example(names=["商务部"], texts=['"\\\n\r\t\x00\x1b\x7f\x85\u2028\ufeff\ufffe\U0010ffff<>&\'"""'])
def test_any_literal_round_trips_through_every_format(rdf_format: str, names: list[str], texts: list[str]) -> None:
    original, quads = graph_with(names, texts)
    stream = io.BytesIO()
    export.FORMATS[rdf_format][1](GraphSpool.of(quads), stream)
    data = stream.getvalue()
    suffix = export.FORMATS[rdf_format][0]
    ox_format = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}[suffix]
    reread = {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox_format)}
    assert reread == {(q.subject, q.predicate, q.object) for q in quads}
    rdflib_format = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}[suffix]
    if rdflib_format in ("trig", "nquads", "json-ld"):
        from rdflib import Dataset

        dataset = Dataset().parse(data=data.decode("utf-8"), format=rdflib_format)
        parsed = Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            parsed.add((s, p, o))
    else:
        parsed = Graph().parse(data=data.decode("utf-8"), format=rdflib_format)
    assert isomorphic(parsed, original)
