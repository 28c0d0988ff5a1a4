"""HTML to text: the page's metadata (title, printed time, canonical URL) and its
visible text, one paragraph a line, without markup, comments, scripts, styles, ads,
QR-code and paywall blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bs4 import (
    BeautifulSoup,
    CData,
    Comment,
    NavigableString,
    Tag,
)

from kg.read.cleaning import CleaningRules
from kg.read.lines import read_credits
from kg.read.metadata import DATETIME_IN_TEXT
from kg.types import Credit

BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td", "th",
    "blockquote", "pre", "figure", "figcaption", "dd", "dt", "dl", "br", "hr", "title",
}


# (tag, attribute, value) of the <meta> and <link> elements that carry an
# article's metadata, best first.
META_TITLE = (("meta", "property", "og:title"), ("meta", "name", "title"))
META_TIME = (("meta", "property", "article:published_time"), ("meta", "name", "pubdate"))
META_URL = (("link", "rel", "canonical"), ("meta", "property", "og:url"))


def html_metadata(page: Page, rules: CleaningRules) -> tuple[str | None, str | None, str | None]:
    """Title, printed publication time and canonical URL of an HTML page."""
    heads = [tag for tag in page.tags if tag.name in ("meta", "link")]

    def first(candidates: tuple[tuple[str, str, str], ...], *fields: str) -> str | None:
        for tag, attribute, value in candidates:
            node = next((n for n in heads if n.name == tag and attribute_text(n, attribute) == value), None)
            for field in fields if node is not None else ():
                text = attribute_text(node, field)
                if text:
                    return text
        return None

    title = first(META_TITLE, "content")
    title_tag = next((tag for tag in page.tags if tag.name == "title"), None)
    if title is None and title_tag and title_tag.string:
        title = str(title_tag.string)
    time_text = first(META_TIME, "content")
    if time_text is None:
        for selector in rules.time_selectors:
            for node in page.select((selector,)):
                candidate = attribute_text(node, "datetime") or short_text(node, 400)
                if candidate and DATETIME_IN_TEXT.search(str(candidate)):
                    time_text = str(candidate)
                    break
            if time_text:
                break
    url = first(META_URL, "href", "content")
    return title, time_text, url


# A selector of a tag name, classes, ids and attribute tests (no combinators,
# pseudo-classes or namespaces) matches an element or not by the element's
# own name and attributes, whatever the rest of the tree holds.
TAG_ONLY_SELECTOR = re.compile(r"(?:\*|[\w-]+)?(?:[.#][\w-]+|\[[^\[\]|]*\])*")


class Page:
    """A parsed page walked once, for its elements and comments in document order.

    ``select`` gives what ``soup.select`` gives without walking the tree
    again: whether an element matches tag-only selectors is worked out once
    for each distinct name and attributes (news pages repeat a few elements
    thousands of times, and pages of one site repeat each other), on a
    detached copy, so that neither the number of selectors nor the depth of
    the page multiplies the work.
    """

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.tags: list[Tag] = []  # what find_all sees
        self.selectable: list[Tag] = []  # what select sees: the contents of a <template> are no part of the page
        self.comments: list[Comment] = []
        stack: list[tuple[Iterator[Any], bool]] = [(iter(soup.contents), False)]
        while stack:
            children, in_template = stack[-1]
            for node in children:
                if isinstance(node, Tag):
                    self.tags.append(node)
                    if not in_template:
                        self.selectable.append(node)
                    template = node.name.lower() == "template" and node.namespace in (None, XHTML)
                    stack.append((iter(node.contents), in_template or template))
                    break
                if isinstance(node, Comment):
                    self.comments.append(node)
            else:
                stack.pop()
        self.signatures = [signature(tag) for tag in self.selectable]  # now: a decomposed element loses them
        self.parser = (soup.is_xml, *soup._namespaces.items())

    def select(self, selectors: tuple[str, ...]) -> list[Tag]:
        """``soup.select(", ".join(selectors))`` on the page as it is now."""
        joined = ", ".join(selectors)
        if self.soup.is_xml or not all(TAG_ONLY_SELECTOR.fullmatch(s) for s in selectors):
            return list(self.soup.select(joined))
        if len(ELEMENT_MATCHES) > MAX_ELEMENT_MATCHES:
            ELEMENT_MATCHES.clear()
        compiled = None
        found = []
        for tag, element in zip(self.selectable, self.signatures, strict=True):
            if is_decomposed(tag):
                continue
            key = (joined, self.parser, element)
            matched = ELEMENT_MATCHES.get(key) if element else None
            if matched is None:
                compiled = compiled or self.soup.css.compile(joined)
                alone = Tag(name=tag.name, namespace=tag.namespace, prefix=tag.prefix, attrs=tag.attrs, is_xml=self.soup.is_xml)
                matched = compiled.match(alone)
                if element:
                    ELEMENT_MATCHES[key] = matched
            if matched:
                found.append(tag)
        return found


XHTML = "http://www.w3.org/1999/xhtml"


def signature(tag: Tag) -> tuple[Any, ...] | None:
    """An element's name and attributes, or None when they are too long to be worth remembering."""
    attrs = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in tag.attrs.items())
    size = sum(len(k) + (len(v) if isinstance(v, str) else sum(map(len, v))) for k, v in attrs)
    return (tag.name, tag.prefix, tag.namespace, *attrs) if size <= MAX_SIGNATURE_CHARS else None


# (selectors, parser, element signature) -> whether they match. Bounded in
# entries and in their size, so that no run of pages can fill the memory.
ELEMENT_MATCHES: dict[tuple[Any, ...], bool] = {}
MAX_ELEMENT_MATCHES = 20_000
MAX_SIGNATURE_CHARS = 500


def short_text(node: Tag, limit: int) -> str | None:
    """``node.get_text(" ", strip=True)`` if it is at most about ``limit`` long.

    ``None`` when the text is longer, or when the element holds more than a
    couple of hundred nodes: the walk stops there (bs4's own ``descendants``
    first finds the last one, a cost proportional to the depth), so that
    asking every element of a page nested thousands deep for its text costs
    a little each.
    """
    parts: list[str] = []
    size = 0
    stack: list[Iterator[Any]] = [iter(node.contents)]
    visited = 0
    while stack:
        for child in stack[-1]:
            visited += 1
            if visited > MAX_SHORT_NODES:
                return None
            if isinstance(child, Tag):
                stack.append(iter(child.contents))
                break
            if type(child) in (NavigableString, CData):
                string = child.strip()
                if string:
                    parts.append(string)
                    size += len(string) + 1
                    if size > limit:
                        return None
        else:
            stack.pop()
    return " ".join(parts)


MAX_SHORT_NODES = 200


def is_decomposed(node: Tag) -> bool:
    # Not ``node.decomposed``: on a live tag, bs4 answers the lookup of its
    # ``_decomposed`` attribute with a search of the whole subtree.
    return bool(vars(node).get("_decomposed", False))


def attribute_text(node: Tag, name: str) -> str | None:
    value = node.get(name)
    if isinstance(value, list):  # multi-valued attributes (rel, class) come as lists
        return " ".join(value)
    return None if value is None else str(value)


def html_to_text(page: Page, rules: CleaningRules, credits: list[Credit]) -> str:
    """The visible prose of an HTML body, one block per line.

    Each kind of element is found in one pass over the tree, and the text is
    gathered by an explicit walk (no recursion, no insertions), so a page of
    a million paragraphs or one nested twenty thousand deep is read in time
    linear in its size.
    """
    for comment in page.comments:
        comment.extract()
    for selector in rules.credit_selectors:
        for node in page.select((selector,)):
            if not is_decomposed(node):
                credits.extend(read_credits(node.get_text(" ", strip=True), rules))
                node.decompose()
    if rules.drop_selectors:
        for node in page.select(rules.drop_selectors):
            if not is_decomposed(node):
                node.decompose()
    if rules.time_selectors:
        for node in page.select(rules.time_selectors):
            if not is_decomposed(node) and DATETIME_IN_TEXT.fullmatch(short_text(node, 100) or ""):
                node.decompose()
    for node in page.select(("head", "title")):
        if not is_decomposed(node):
            node.decompose()
    return visible_text(page.soup)


def visible_text(soup: BeautifulSoup) -> str:
    """The text ``soup.get_text()`` gives, with a line break around every block.

    Only plain strings count (no comments, scripts, styles, templates or
    processing instructions), exactly the string types ``get_text`` keeps.
    """
    kinds = soup.interesting_string_types or {NavigableString}
    wanted = (lambda s: type(s) is kinds) if isinstance(kinds, type) else (lambda s: type(s) in kinds)
    out: list[str] = []
    stack: list[tuple[Iterator[Any], bool]] = [(iter(soup.contents), False)]
    while stack:
        children, block = stack[-1]
        for child in children:
            if isinstance(child, Tag):
                opens = child.name in BLOCKS
                if opens:
                    out.append("\n")
                stack.append((iter(child.contents), opens))
                break
            if isinstance(child, NavigableString) and wanted(child):
                out.append(str(child))
        else:
            stack.pop()
            if block:
                out.append("\n")
    return "".join(out)
