"""The readers of whole saved pages that ``kg eval --pages`` and ``bench/page_readers.py`` compare.

``kg``        kg's reader (``kg.read``: whole pages by ``kg.read.page``)
``kg-today``  kg's reader before whole pages had one of their own: every page read as
              a fragment (``kg.read.clean.parse_fragment``)
the others    the main-content libraries, each with its own metadata where it gives
              any (trafilatura with htmldate, readability-lxml, GNE, jusText,
              boilerpy3, goose3, newspaper4k, resiliparse); they are not
              dependencies of kg (``pip install trafilatura ...`` to score them)

Every reader takes the page's bytes; the libraries get the text as kg decodes
it (declared or detected charset: GBK, Big5, UTF-8), so that all read the same
characters. The libraries' output is taken as they give it, with their
documented options for news (no comments); nothing is tuned on the gold.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.errors import KgError


@dataclass(frozen=True)
class PageReading:
    """What a reader makes of one saved page."""

    kind: str = "article"  # "article" | "list"
    title: str | None = None
    date: str | None = None  # any text with the day in it: "2012-07-10 22:13", an ISO time
    outlet: str | None = None
    credits: tuple[str, ...] = ()  # credited names
    body: str = ""
    source: str | None = None  # the outlet the article first appeared in (来源：新华网)


Reader = Callable[[bytes, str], PageReading]


def decoded(data: bytes, where: str) -> str:
    from kg.read.clean import decode_text

    return decode_text(data, where)[0]


# --- kg ----------------------------------------------------------------------------------


def read_kg(data: bytes, where: str) -> PageReading:
    from kg.errors import NotAnArticle
    from kg.read.clean import article_from_bytes

    try:
        article = article_from_bytes(data, where)
    except NotAnArticle:
        return PageReading(kind="list")
    return reading_of(article)


def read_kg_today(data: bytes, where: str) -> PageReading:
    from kg.read.clean import decode_text, parse_fragment

    text, _notes = decode_text(data, where)
    return reading_of(parse_fragment(text, where))


def reading_of(article: Any) -> PageReading:
    return PageReading(
        kind="article",
        title=article.title,
        date=article.published.isoformat() if article.published else None,
        outlet=article.publisher,
        credits=tuple(c.name for c in article.credits),
        body=article.text,
        source=article.source,
    )


# --- the libraries ---------------------------------------------------------------------


def read_trafilatura(data: bytes, where: str) -> PageReading:
    import trafilatura

    document = trafilatura.bare_extraction(decoded(data, where), include_comments=False, with_metadata=True)
    if document is None:
        return PageReading()
    doc = document if isinstance(document, dict) else document.as_dict()
    return PageReading(
        title=doc.get("title"),
        date=doc.get("date"),
        outlet=doc.get("sitename"),
        credits=tuple(split_names(doc.get("author"))),
        body=doc.get("text") or "",
    )


def read_readability(data: bytes, where: str) -> PageReading:
    from readability import Document

    document = Document(decoded(data, where))
    return PageReading(title=document.short_title(), body=block_text(document.summary(html_partial=True)))


def read_gne(data: bytes, where: str) -> PageReading:
    from gne import GeneralNewsExtractor

    result = GeneralNewsExtractor().extract(decoded(data, where))
    return PageReading(
        title=result.get("title"),
        date=result.get("publish_time"),
        credits=tuple(split_names(result.get("author"))),
        body=result.get("content") or "",
    )


def read_justext(data: bytes, where: str) -> PageReading:
    import justext

    # jusText has no Chinese stop-word list: with an empty one it judges
    # paragraphs by their length and link density alone.
    paragraphs = justext.justext(decoded(data, where).encode("utf-8"), frozenset(), stopwords_low=0, stopwords_high=0, encoding="utf-8")
    return PageReading(body="\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def read_boilerpy3(data: bytes, where: str) -> PageReading:
    from boilerpy3 import extractors

    document = extractors.ArticleExtractor(raise_on_failure=False).get_doc(decoded(data, where))
    return PageReading(title=document.title, body=document.content or "")


def read_goose3(data: bytes, where: str) -> PageReading:
    from goose3 import Goose
    from goose3.text import StopWordsChinese

    with Goose({"stopwords_class": StopWordsChinese, "enable_image_fetching": False}) as goose:
        article = goose.extract(raw_html=decoded(data, where))
    return PageReading(
        title=article.title,
        date=article.publish_date,
        outlet=(article.opengraph or {}).get("site_name"),
        credits=tuple(article.authors or ()),
        body=article.cleaned_text or "",
    )


def read_newspaper4k(data: bytes, where: str) -> PageReading:
    import newspaper

    article = newspaper.Article("http://localhost/", language="zh", fetch_images=False)
    article.download(input_html=decoded(data, where))
    article.parse()
    return PageReading(
        title=article.title,
        date=article.publish_date.isoformat() if article.publish_date else None,
        outlet=article.meta_site_name or None,
        credits=tuple(article.authors or ()),
        body=article.text or "",
    )


def read_resiliparse(data: bytes, where: str) -> PageReading:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(decoded(data, where))
    return PageReading(title=tree.title, body=extract_plain_text(tree, main_content=True, preserve_formatting=True, list_bullets=False))


# --- helpers ---------------------------------------------------------------------------------


def block_text(html: str) -> str:
    """The text of an HTML fragment, a line break around every block."""
    import lxml.html

    if not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    for node in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"):
        node.tail = "\n" + (node.tail or "")
        if node.tag != "br":
            node.text = "\n" + (node.text or "")
    return root.text_content()


def split_names(value: Any) -> list[str]:
    if not value:
        return []
    import re

    return [name for name in re.split(r"[\s;；,，、/|]+", str(value)) if name]


READERS: dict[str, tuple[Reader, str | None]] = {
    "kg": (read_kg, None),
    "kg-today": (read_kg_today, None),
    "trafilatura": (read_trafilatura, "trafilatura"),
    "readability-lxml": (read_readability, "readability"),
    "gne": (read_gne, "gne"),
    "justext": (read_justext, "justext"),
    "boilerpy3": (read_boilerpy3, "boilerpy3"),
    "goose3": (read_goose3, "goose3"),
    "newspaper4k": (read_newspaper4k, "newspaper"),
    "resiliparse": (read_resiliparse, "resiliparse"),
}


def available(name: str) -> bool:
    module = READERS[name][1]
    return module is None or importlib.util.find_spec(module) is not None


def get_reader(name: str) -> Callable[[bytes, str], PageReading]:
    if name not in READERS:
        raise KgError(f"no page reader {name!r}; the readers are: {', '.join(READERS)}")
    if not available(name):
        raise KgError(f"the page reader {name!r} needs the package {READERS[name][1]!r}, which is not installed")
    return READERS[name][0]
