"""Stage 1: clean one unit of input into an ``Article``.

Where the units come from (files, folders, archives, records, standard
input) is ``kg.sources``; here one is decoded and cleaned. Three shapes of
article are read: Markdown or HTML with YAML front matter (Jekyll posts,
Sina Finance, 每经网, 联合早报), plain HTML pages, and plain text or Markdown;
a record (``kg.records``) holds one of them in its text field, with metadata
fields beside it.

The cleaned text keeps paragraphs (one per line) and loses markup, comments,
scripts, styles, ad, QR-code and paywall blocks; every offset elsewhere in the
project indexes this text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import email.utils
import hashlib
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from bs4 import (
    BeautifulSoup,
    CData,
    Comment,
    MarkupResemblesLocatorWarning,
    NavigableString,
    Tag,
    XMLParsedAsHTMLWarning,
)

from .errors import InputError
from .model import CHINA_TIME, Article, Credit
from .records import FieldMap, author_names, record_parts
from .resources import data_path, load_yaml

MAX_FRONT_MATTER_CHARS = 256 * 1024  # YAML beyond this is not a header but an attack or an accident
MAX_TITLE_CHARS = 500
# An article's text becomes one RDF literal (nif:isString). pyoxigraph's
# readers refuse a token over 16 MiB (JSON-LD's over about 8 MB), so a longer
# text would make kg's own outputs unreadable: the text is cut, at a paragraph
# end, to at most this many characters (4 MB of UTF-8), with a warning.
MAX_TEXT_CHARS = 1_000_000
MAX_NAME_CHARS = 200  # publisher: it becomes an entity IRI
MAX_CATEGORIES = 100

warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)


@dataclass(frozen=True)
class CleaningRules:
    drop_selectors: tuple[str, ...]
    credit_selectors: tuple[str, ...]
    time_selectors: tuple[str, ...]
    drop_lines: tuple[re.Pattern[str], ...]
    credit_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    front_matter: dict[str, tuple[str, ...]]
    common_hanzi: frozenset[str] = frozenset()


@cache
def load_cleaning_rules(path: Path | None = None) -> CleaningRules:
    raw = load_yaml(path or data_path("cleaning.yaml"))
    return CleaningRules(
        drop_selectors=tuple(raw["drop_selectors"]),
        credit_selectors=tuple(raw["credit_selectors"]),
        time_selectors=tuple(raw["time_selectors"]),
        drop_lines=tuple(re.compile(line) for line in raw["drop_lines"]),
        credit_patterns=tuple((p["role"], re.compile(p["regex"])) for p in raw["credit_patterns"]),
        front_matter={key: tuple(names) for key, names in raw["front_matter"].items()},
        common_hanzi=frozenset("".join(str(raw.get("common_hanzi", "")).split())),
    )


# --- one unit of input to an article ------------------------------------------------


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and written as UTF-8.

    A file name that is not UTF-8 reaches Python with lone surrogates in it
    (``bad-\\udcff.md``), which no UTF-8 report can hold; its bytes are
    shown as escapes instead.

    >>> display_path(os.fsdecode(b"bad-\\xff.md"))
    'bad-\\\\xff.md'
    """
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def article_from_bytes(data: bytes, where: str, rules: CleaningRules | None = None) -> Article:
    """The article in the bytes of one file (or archive member, or standard input).

    Whatever the bytes, only ``InputError`` escapes: a failure the cleaner did
    not foresee is one naming the exception, never a crash.
    """
    rules = rules or load_cleaning_rules()
    text, notes = decode_text(data, where, rules)
    try:
        article = parse_article(text, where, rules)
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - the boundary: one bad file must not stop a build
        raise InputError(where, f"cannot be parsed: {type(error).__name__}: {error}") from error
    return with_notes(article, notes)


def read_record(line: str, where: str, rules: CleaningRules | None = None, fields: FieldMap | None = None) -> Article | InputError:
    """One JSON record (a JSON Lines line, a JSON array element, a CSV row) as
    an article, or the reason it is not one. Never raises."""
    rules = rules or load_cleaning_rules()
    try:
        return article_from_record(json.loads(line), where, rules, fields)
    except InputError as error:
        return error
    except (json.JSONDecodeError, RecursionError) as error:
        return InputError(display_path(where), f"not a JSON article record: {type(error).__name__}: {error}")
    except Exception as error:  # noqa: BLE001 - one bad record must not stop the others
        return InputError(display_path(where), f"cannot be parsed: {type(error).__name__}: {error}")


def with_notes(article: Article, notes: list[str]) -> Article:
    return replace(article, warnings=(*notes, *article.warnings)) if notes else article


# Finding and reading files moved to ``kg.sources``; these names still work from here.
MOVED_TO_SOURCES = frozenset({
    "ARTICLE_SUFFIXES", "MAX_BYTES", "find_article_files", "walk_folder", "inside",
    "read_articles", "read_article", "read_bytes", "jsonl_lines",
})


def __getattr__(name: str) -> Any:
    if name in MOVED_TO_SOURCES:
        from . import sources

        return getattr(sources, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Share of undecodable bytes up to which a file is still read in an encoding,
# the bad bytes becoming U+FFFD (a truncated or spliced UTF-8 file).
MAX_BAD_BYTES = 0.005
# Share of control characters above which decoded "text" is taken for binary.
MAX_CONTROL = 0.05
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, where: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32, GB18030 or Big5."""
    return decode_text(data, where)[0]


def decode_text(data: bytes, where: str, rules: CleaningRules | None = None) -> tuple[str, list[str]]:
    """The text of a file's bytes, and notes on how it was read.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, UTF-16 without
    BOM, GB18030 (GBK, GB2312) and Big5. GB18030 and Big5 each decode most
    byte strings of the other, so when both succeed the reading with more
    common characters wins. A file with a few bad bytes in an otherwise clean
    encoding is read with U+FFFD for them, and a note says how many.
    """
    if not data.strip():
        raise InputError(where, "file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return checked_text(text, where), ([] if encoding == "utf-8-sig" else [f"read as {encoding.upper()}"])
    if b"\x00" in data[:4096]:
        text = utf16_without_bom(data)
        if text is not None:
            return checked_text(text, where), ["read as UTF-16 without a byte-order mark"]
        try:  # UTF-8 text with a stray NUL or two is still text
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(where, "binary file (NUL bytes), not an article") from None
        return checked_text(text, where), ["NUL bytes in the text (removed)"]
    try:
        return checked_text(data.decode("utf-8"), where), []
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            cut = len(data) - error.start
            return checked_text(data[:error.start].decode("utf-8"), where), [f"file ends inside a UTF-8 character; its last {cut} byte(s) dropped"]
    strict = {}
    for encoding in ("gb18030", "big5hkscs"):
        try:
            strict[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if strict:
        common = (rules or load_cleaning_rules()).common_hanzi
        encoding = max(strict, key=lambda e: (common_share(strict[e], common), e == "gb18030"))
        name = "Big5" if encoding == "big5hkscs" else "GB18030"
        return checked_text(strict[encoding], where), [f"read as {name}"]
    # No encoding fits exactly: take one that fits all but a few bytes.
    for encoding, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030"), ("big5hkscs", "Big5")):
        text = data.decode(encoding, errors="surrogateescape")
        bad = len(SURROGATES.findall(text))
        if bad <= max(1, MAX_BAD_BYTES * len(data)):
            text = SURROGATES.sub("\ufffd", text)
            return checked_text(text, where), [f"read as {name}; {bad} undecodable byte(s) replaced by U+FFFD"]
    raise InputError(where, "text is not UTF-8, UTF-16, GB18030 or Big5")


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, or ``None`` for binary data.

    Both byte orders are tried; a reading counts if nearly all of it is
    ordinary text (ASCII, CJK, their punctuation), which random bytes are not.
    """
    if len(data) % 2:
        return None
    best, share = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        plausible = len(PLAIN_TEXT.findall(sample)) / len(sample)
        if plausible > share:
            best, share = text, plausible
    return best if share >= 0.95 else None


PLAIN_TEXT = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def checked_text(text: str, where: str) -> str:
    sample = text[:65536]
    if sample and len(CONTROL_CHARS.findall(sample)) > MAX_CONTROL * len(sample):
        raise InputError(where, "binary file (control characters), not an article")
    return text


def common_share(text: str, common: frozenset[str]) -> float:
    hanzi = [char for char in text[:65536] if char > "\u2e7f"]
    return sum(char in common for char in hanzi) / len(hanzi) if hanzi else 0.0


FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
FRONT_MATTER_START = re.compile(r"\A\s*---[ \t]*\r?\n")
# Markup worth handing to the HTML cleaner: the usual block and inline tags,
# and anything that must never reach the text as such (scripts, styles,
# frames, objects, comments).
HTML_HINT = re.compile(
    r"<(?:p|div|span|br|html|body|section|article|h[1-6]|img|a|table|ul|li"
    r"|script|style|noscript|iframe|frame|frameset|object|embed|applet|svg|math|template|head|title|meta|link"
    r"|form|input|button|textarea|select|base|b|i|u|em|strong|font|center|blockquote|pre|ol|dl|hr)\b|<!--",
    re.I,
)
# Bounded, so that a text of a million "[" cannot make the match quadratic.
# A link target may hold balanced parentheses: [a](javascript:alert(1)).
MARKDOWN_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,2000}\)")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)


def parse_article(text: str, where: str, rules: CleaningRules | None = None, *, date: Any = None) -> Article:
    """Turn the text of one article file into an ``Article``.

    ``date`` is a publication date given beside the text (a record's date
    field): the front matter's wins over it, and it over a time printed in
    the page or the text.

    >>> article = parse_article("---\\ntitle: 标题\\ndate: 2021-07-13\\n---\\n<p>正文<script>x()</script></p>", "x.md")
    >>> article.title, article.text, article.published.isoformat()
    ('标题', '正文', '2021-07-13T00:00:00+08:00')
    """
    rules = rules or load_cleaning_rules()
    where = display_path(where)
    text = SURROGATES.sub("\ufffd", text)
    if "\r" in text:  # Windows and old Mac line ends: the front matter is found either way
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, problems = split_front_matter(text)
    credits: list[Credit] = []
    html_title = html_time = html_url = None
    if HTML_HINT.search(body):
        page = Page(BeautifulSoup(body, "lxml"))  # walked once, for the metadata and the text
        html_title, html_time, html_url = html_metadata(page, rules)
        body = html_to_text(page, rules, credits)
    body = MARKDOWN_LINK.sub(r"\1", body)
    body = MARKDOWN_HEADING.sub("", body)
    text_lines = clean_lines(body, rules, credits)
    cleaned = "\n".join(text_lines)
    if len(cleaned) > MAX_TEXT_CHARS:
        cut = cleaned.rfind("\n", 0, MAX_TEXT_CHARS + 1)
        cut = cut if cut > 0 else MAX_TEXT_CHARS
        problems.append(f"text is {len(cleaned)} characters long; only the first {cut} are kept (the limit is {MAX_TEXT_CHARS})")
        cleaned = cleaned[:cut]

    title = one_line(meta_text(meta, rules.front_matter["title"], "title", problems) or html_title or "")
    if not title and text_lines:
        title = text_lines[0][:80]
    if len(title) > MAX_TITLE_CHARS:
        problems.append(f"title is {len(title)} characters long; cut to {MAX_TITLE_CHARS}")
        title = title[:MAX_TITLE_CHARS]
    if not cleaned and not title:
        raise InputError(where, "no text left after cleaning")

    date_value = first_value(meta, rules.front_matter["date"])
    if date_value is not None and not is_scalar(date_value):
        problems.append(f"front matter 'date' is a {type(date_value).__name__}, not a date; ignored")
        date_value = None
    if date_value is None:
        date_value = date
    published, date_problem = parse_published(date_value, html_time, cleaned)
    if date_problem:
        problems.append(date_problem)
    publisher = clean_name(meta_text(meta, rules.front_matter["publisher"], "publisher", problems), "publisher", problems)
    url = meta_text(meta, rules.front_matter["url"], "url", problems) or html_url
    categories = as_strings(first_value(meta, rules.front_matter["categories"]))
    if any(len(c) > MAX_NAME_CHARS for c in categories):
        problems.append(f"categories longer than {MAX_NAME_CHARS} characters ignored")
        categories = tuple(c for c in categories if len(c) <= MAX_NAME_CHARS)
    if len(categories) > MAX_CATEGORIES:
        problems.append(f"{len(categories)} categories; the first {MAX_CATEGORIES} kept")
        categories = categories[:MAX_CATEGORIES]

    return Article(
        id=article_id(title, cleaned),
        path=where,
        title=title,
        text=cleaned,
        published=published,
        publisher=publisher,
        url=clean_url(url),
        categories=categories,
        credits=tuple(dict.fromkeys(credits)),
        warnings=tuple(problems),
    )


def article_from_record(record: Any, where: str, rules: CleaningRules, fields: FieldMap | None = None) -> Article:
    """An article from one record: its text field (HTML, plain text, or a whole
    file with front matter such as a Jekyll ``raw`` post) and the metadata
    beside it, each found among the common field names or under the name in
    ``fields`` (see ``kg.records``)."""
    where = display_path(where)
    if not isinstance(record, dict):
        raise InputError(where, f"record is a {type(record).__name__}, not an object")
    parts = record_parts(record, where, fields)
    article = parse_article(parts.text, where, rules, date=parts.date if is_scalar(parts.date) else None)
    problems = [*parts.warnings, *article.warnings]
    names, not_a_person = author_names(parts.author)
    source = parts.source if isinstance(parts.source, str) else not_a_person
    publisher = article.publisher or clean_name(source, "source", problems)
    if isinstance(parts.title, str) and one_line(parts.title):
        title = one_line(parts.title)[:MAX_TITLE_CHARS]
        article = replace(article, title=title, id=article_id(title, article.text))
    return replace(
        article,
        url=article.url or clean_url(parts.url),
        publisher=publisher,
        credits=tuple(dict.fromkeys((*article.credits, *(Credit("author", name) for name in names)))),
        warnings=tuple(problems),
    )


def is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool)


def meta_text(meta: dict[str, Any], keys: tuple[str, ...], name: str, problems: list[str]) -> str | None:
    """A front-matter value that should be text; a list or mapping is ignored."""
    value = first_value(meta, keys)
    if value is None:
        return None
    if not is_scalar(value):
        problems.append(f"front matter {name!r} is a {type(value).__name__}, not text; ignored")
        return None
    return str(value)


def clean_name(value: str | None, name: str, problems: list[str]) -> str | None:
    """A publisher name, on one line and short enough to name an entity."""
    text = one_line(value or "")
    if len(text) > MAX_NAME_CHARS:
        problems.append(f"{name} is {len(text)} characters long; ignored")
        return None
    return text or None


class FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a date it cannot build stays a string.

    ``date: 2021-13-45`` then reaches ``parse_published``, which reports it,
    instead of losing the whole front matter to a ``ValueError``.
    """

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A mapping, without the keys Python cannot hash (``? [a, b]``)."""
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                continue
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_yaml_timestamp)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """Split YAML front matter from the body; bad front matter is a warning."""
    match = FRONT_MATTER.match(text)
    if not match:
        if FRONT_MATTER_START.match(text):
            return {}, text, ["front matter is never closed by a '---' line; read as text"]
        return {}, text, []
    body = text[match.end():]
    if len(match.group(1)) > MAX_FRONT_MATTER_CHARS:
        return {}, body, [f"front matter is {len(match.group(1))} characters long; metadata ignored"]
    try:
        meta = yaml.load(match.group(1), Loader=FrontMatterLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        return {}, body, [f"front matter is not valid YAML{where}; metadata ignored"]
    except (RecursionError, ValueError, TypeError, OverflowError) as error:
        return {}, body, [f"front matter cannot be read ({type(error).__name__}); metadata ignored"]
    if meta is None:
        return {}, body, []
    if not isinstance(meta, dict):
        return {}, body, [f"front matter is a YAML {type(meta).__name__}, not a mapping; metadata ignored"]
    return {str(key).lower(): value for key, value in meta.items()}, body, []


def first_value(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", []):
            return value
    return None


def as_strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else re.split(r"[,，]", str(value)) if is_scalar(value) else []
    return tuple(dict.fromkeys(s for s in (one_line(str(item)) for item in items if is_scalar(item)) if s))


# --- HTML -----------------------------------------------------------------------

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


# --- lines -----------------------------------------------------------------------

SPACES = re.compile(r"[ \t\x85\u00a0\u3000\u2000-\u200a\u2028\u2029\u202f\u205f]+")
# Removed outright: C0 and C1 controls (but tab and line ends), zero-width
# characters that only hide inside words (U+200B, U+2060, U+FEFF, soft
# hyphen), and bidirectional overrides, which can make a text read other
# than it is. ZWJ and ZWNJ stay: emoji and some scripts need them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
SURROGATES = re.compile(r"[\ud800-\udfff]")
NONCHARACTERS = re.compile(r"[\ufdd0-\ufdef\ufffe\uffff]")
LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
CJK = r"\u4e00-\u9fff\u3400-\u4dbf"
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}，。、；：！？）》」』”])\s+(?=[{CJK}（《「『“])")


def normalize_space(text: str) -> str:
    """One line of text with its spaces collapsed and invisible characters gone.

    >>> normalize_space("\\u3000商\\u200b务部\\x00  发言人 ")
    '商务部 发言人'
    """
    text = SURROGATES.sub("\ufffd", text)
    text = CONTROL.sub("", NONCHARACTERS.sub("", text))
    return SPACES.sub(" ", text).strip()


def one_line(text: str) -> str:
    """A title or name: ``normalize_space`` with line breaks made spaces too."""
    return normalize_space(LINE_BREAKS.sub(" ", text))


def clean_lines(body: str, rules: CleaningRules, credits: list[Credit]) -> list[str]:
    """Normalise whitespace, drop boilerplate lines, read credit lines."""
    lines = []
    for raw in body.splitlines():
        line = normalize_space(raw)
        if not line or any(pattern.fullmatch(line) for pattern in rules.drop_lines):
            continue
        found = read_credits(line, rules)
        if found:
            credits.extend(found)
            if is_credit_line(line, rules):
                continue
        lines.append(line)
    return lines


def read_credits(text: str, rules: CleaningRules) -> list[Credit]:
    found: list[Credit] = []
    starts: list[int] = []  # the spans taken so far, disjoint, sorted
    ends: list[int] = []
    for role, pattern in rules.credit_patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            index = bisect.bisect_left(starts, end)
            if index and ends[index - 1] > start:
                continue  # overlaps a credit an earlier pattern found
            starts.insert(index, start)
            ends.insert(index, end)
            for name in re.split(r"[\s、，,]+", match.group("names")):
                if name:
                    found.append(Credit(role, name))
    return found


def is_credit_line(line: str, rules: CleaningRules) -> bool:
    """A line that is only credits (and short outlet prefixes), no prose."""
    rest = line
    for _role, pattern in rules.credit_patterns:
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"[\s\W\dA-Za-z]+", "", rest)
    return len(rest) <= 6 * max(1, line.count(" ") or 1) and len(line) < 60


# --- dates -------------------------------------------------------------------------

DATETIME_IN_TEXT = re.compile(
    r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:[ T]*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2}))?)?"
)


# Publication times outside these years are misreadings (or attacks: year
# 9999 at UTC-12 overflows when moved to China time), not news.
YEARS = (1800, 2200)


def parse_published(value: Any, html_time: str | None, text: str) -> tuple[dt.datetime | None, str | None]:
    """The publication time: front matter, else the page's printed time.

    A time printed on a Chinese site without a zone is China time. Every
    result is timezone-aware and within ``YEARS``.
    """
    problem = None
    if isinstance(value, dt.datetime):
        parsed = plausible(value if value.tzinfo else value.replace(tzinfo=CHINA_TIME))
    elif isinstance(value, dt.date):
        parsed = plausible(dt.datetime(value.year, value.month, value.day, tzinfo=CHINA_TIME))
    elif value is not None:
        parsed = plausible(parse_datetime_text(str(value)[:200]))
    else:
        parsed = None
    if parsed:
        return parsed, None
    if value is not None:
        problem = f"date {str(value)[:40]!r} cannot be read"
    for candidate in (html_time, text[:400]):
        if candidate:
            parsed = plausible(parse_datetime_text(candidate[:400], search=True))
            if parsed:
                return parsed, None
    return None, problem or "no publication date"


def plausible(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` if it is a time a news article can have been published at."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=CHINA_TIME)
    try:
        china = value.astimezone(CHINA_TIME)
        value.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):
        return None
    return value if YEARS[0] <= china.year <= YEARS[1] else None


def parse_datetime_text(value: str, *, search: bool = False) -> dt.datetime | None:
    value = value.strip()
    if not search:
        try:
            parsed = dt.datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", value))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA_TIME)
        except ValueError:
            pass
        try:
            return email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    match = DATETIME_IN_TEXT.search(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TIME)
    except (ValueError, OverflowError):
        return None


# --- identity ---------------------------------------------------------------------


def article_id(title: str, text: str) -> str:
    """A content hash, so that one article read from two files is one node."""
    normalized = unicodedata.normalize("NFKC", title + "\n" + text)
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]


URL = re.compile(r"\A(https?)://([^/?#]*)(.*)\Z", re.I | re.S)
HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?"
    r"|\[[0-9A-Fa-f:.]{2,45}\]"
)
PORT = re.compile(r":\d{1,5}")
# What may stand in the path, query and fragment of an IRI as it is (RFC
# 3987: unreserved, sub-delims, ":@/?" and the "ucschar" ranges); anything
# else is percent-encoded as UTF-8, so that every RDF parser takes the IRI.
URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?")
UCSCHAR = re.compile(
    "[\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr((plane << 16) | 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd]"
)
MAX_URL_CHARS = 4096


def clean_url(value: Any) -> str | None:
    """An http(s) URL that is safe to write as an IRI, or ``None``.

    Only http and https: a ``javascript:`` or ``data:`` link is data, never a
    target. Characters a URI may not hold are percent-encoded; user names and
    passwords before the host are dropped; a URL whose host is not a host
    name or IP address is refused.

    >>> clean_url(" https://www.zaobao.com/realtime/story 1?q=中国<>#a#b ")
    'https://www.zaobao.com/realtime/story%201?q=中国%3C%3E#a%23b'
    >>> clean_url("javascript:alert(1)") is None
    True
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    match = URL.match(value) if len(value) <= MAX_URL_CHARS else None
    if not match:
        return None
    scheme, authority, rest = match.groups()
    host = authority.rpartition("@")[2]
    name, colon, port = host.rpartition(":") if not host.endswith("]") else (host, "", "")
    if not colon:
        name, port = host, ""
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")  # 例子.中国 -> xn--fsqu00a.xn--fiqs8s
        except UnicodeError:
            return None
        host = name + colon + port
    if not HOST.fullmatch(name) or (colon and not PORT.fullmatch(colon + port)):
        return None
    out = []
    seen_fragment = False
    for index, char in enumerate(rest):
        if char == "%" and HEX2.fullmatch(rest[index + 1:index + 3]):
            out.append(char)
        elif char == "#" and not seen_fragment:
            seen_fragment = True
            out.append(char)
        elif char in URL_SAFE or (UCSCHAR.fullmatch(char) and unicodedata.category(char)[0] not in "ZC"):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
    return f"{scheme.lower()}://{host.lower()}{''.join(out)}"


HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
