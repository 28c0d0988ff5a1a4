"""Stage 1: clean one unit of input into an ``Article``.

Where the units come from (files, folders, archives, records, standard
input) is ``kg.read.sources``; here one is decoded and cleaned. Three shapes of
article are read: Markdown or HTML with YAML front matter (Jekyll posts,
Sina Finance, 每经网, 联合早报), plain HTML pages, and plain text or Markdown;
a record (``kg.read.records``) holds one of them in its text field, with metadata
fields beside it.

The cleaned text keeps paragraphs (one per line) and loses markup, comments,
scripts, styles, ad, QR-code and paywall blocks; every offset elsewhere in the
project indexes this text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import warnings
from dataclasses import replace
from typing import Any

import yaml
from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    XMLParsedAsHTMLWarning,
)

from kg.errors import InputError
from kg.read.cleaning import CleaningRules, load_cleaning_rules
from kg.read.html import Page, html_metadata, html_to_text
from kg.read.lines import SURROGATES, clean_lines, one_line
from kg.read.metadata import article_id, clean_url, parse_published
from kg.read.records import FieldMap, author_names, record_parts
from kg.types import Article, Credit

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

    A whole saved web page (``kg.read.page.is_whole_page``: a document with
    its navigation, lists of links and footers around the article) is read by
    ``kg.read.page``, which finds the article in it, or raises ``NotAnArticle``
    for a list, channel or search page. Anything else (front matter, an HTML
    fragment, plain text or Markdown) is read by ``parse_fragment``.
    """
    from kg.read import page

    rules = rules or load_cleaning_rules()
    if not FRONT_MATTER_START.match(text) and page.is_whole_page(text):
        article = page.read_page(text, display_path(where), rules, date=date)
        if article is not None:
            return within_limits(article)
    return parse_fragment(text, where, rules, date=date)


def within_limits(article: Article) -> Article:
    """An article cut to the text and title lengths every article keeps to."""
    problems = list(article.warnings)
    text, title = article.text, article.title
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS + 1)
        cut = cut if cut > 0 else MAX_TEXT_CHARS
        problems.append(f"text is {len(text)} characters long; only the first {cut} are kept (the limit is {MAX_TEXT_CHARS})")
        text = text[:cut]
    if len(title) > MAX_TITLE_CHARS:
        problems.append(f"title is {len(title)} characters long; cut to {MAX_TITLE_CHARS}")
        title = title[:MAX_TITLE_CHARS]
    if (text, title) == (article.text, article.title):
        return article
    return replace(article, text=text, title=title, id=article_id(title, text), warnings=tuple(problems))


def parse_fragment(text: str, where: str, rules: CleaningRules | None = None, *, date: Any = None) -> Article:
    """Turn the text of one article file (not a whole page) into an ``Article``.

    ``date`` is a publication date given beside the text (a record's date
    field): the front matter's wins over it, and it over a time printed in
    the page or the text.

    >>> article = parse_fragment("---\\ntitle: 标题\\ndate: 2021-07-13\\n---\\n<p>正文<script>x()</script></p>", "x.md")
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
    source = clean_name(meta_text(meta, rules.front_matter.get("original_source", ()), "original_source", problems), "original_source", problems)
    original_title = one_line(meta_text(meta, rules.front_matter.get("original_title", ()), "original_title", problems) or "")[:MAX_TITLE_CHARS]
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
        source=source,
        original_title=original_title or None,
    )


def article_from_record(record: Any, where: str, rules: CleaningRules, fields: FieldMap | None = None) -> Article:
    """An article from one record: its text field (HTML, plain text, or a whole
    file with front matter such as a Jekyll ``raw`` post) and the metadata
    beside it, each found among the common field names or under the name in
    ``fields`` (see ``kg.read.records``)."""
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
