"""Stage 1: read article files and clean them into ``Article`` records.

Three shapes are read: Markdown or HTML with YAML front matter (Jekyll posts,
Sina Finance, 每经网, 联合早报), plain HTML pages, and plain text or Markdown.
JSON Lines files hold one article per line (a ``raw`` file body, or
``content_html`` / ``content_text`` with metadata fields beside it).

The cleaned text keeps paragraphs (one per line) and loses markup, comments,
scripts, styles, ad, QR-code and paywall blocks; every offset elsewhere in the
project indexes this text.
"""

from __future__ import annotations

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
from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

from .errors import InputError
from .model import CHINA_TIME, Article, Credit
from .resources import data_path, load_yaml

ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".xhtml", ".jsonl"}
MAX_BYTES = 64 * 1024 * 1024

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
    )


# --- finding files ----------------------------------------------------------


def find_article_files(paths: list[str | os.PathLike[str]]) -> tuple[list[Path], list[InputError]]:
    """Expand files and folders into article files, in a stable order.

    Folders are walked without following symbolic links to folders, so a link
    loop cannot make the walk endless. Returns the files and one error for
    every path that does not exist or holds no articles.
    """
    files: list[Path] = []
    errors: list[InputError] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            found = sorted(
                Path(root) / name
                for root, _dirs, names in os.walk(path)
                for name in names
                if Path(name).suffix.lower() in ARTICLE_SUFFIXES and not name.startswith(".")
            )
            if not found:
                errors.append(InputError(str(path), "folder holds no article files (" + ", ".join(sorted(ARTICLE_SUFFIXES)) + ")"))
            files.extend(found)
        else:
            errors.append(InputError(str(path), "no such file or folder"))
    unique = sorted(set(files), key=lambda p: str(p))
    return unique, errors


# --- reading ------------------------------------------------------------------


def read_articles(path: Path, rules: CleaningRules | None = None) -> Iterator[Article | InputError]:
    """Yield the articles in one file: one, or one per line of a JSONL file.

    Problems with one record of a JSONL file are yielded as errors so that the
    other records are still read; a whole-file problem raises ``InputError``.
    """
    rules = rules or load_cleaning_rules()
    text = decode(read_bytes(path), str(path))
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                yield article_from_record(json.loads(line), where, rules)
            except (json.JSONDecodeError, InputError, TypeError, ValueError) as error:
                reason = error.reason if isinstance(error, InputError) else f"not a JSON article record: {error}"
                yield InputError(where, reason)
        return
    yield parse_article(text, str(path), rules)


def read_article(path: str | os.PathLike[str], rules: CleaningRules | None = None) -> Article:
    """Read one article file (the first record of a JSONL file)."""
    for result in read_articles(Path(path), rules):
        if isinstance(result, InputError):
            raise result
        return result
    raise InputError(str(path), "file holds no article")


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(path), f"file is {size} bytes, over the {MAX_BYTES}-byte limit")
        return path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from error


BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, where: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 or Big5."""
    if not data.strip():
        raise InputError(where, "file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:4096]:
        raise InputError(where, "binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in ("gb18030", "big5"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(where, "text is not UTF-8, UTF-16, GB18030 or Big5")


FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
HTML_HINT = re.compile(r"<(?:p|div|span|br|html|body|section|article|h[1-6]|img|a|table|ul|li)\b", re.I)
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)


def parse_article(text: str, where: str, rules: CleaningRules | None = None) -> Article:
    """Turn the text of one article file into an ``Article``."""
    rules = rules or load_cleaning_rules()
    meta, body, problems = split_front_matter(text)
    credits: list[Credit] = []
    html_title = html_time = html_url = None
    if HTML_HINT.search(body):
        soup = BeautifulSoup(body, "lxml")
        html_title, html_time, html_url = html_metadata(soup, rules)
        body = html_to_text(soup, rules, credits)
    body = MARKDOWN_LINK.sub(r"\1", body)
    body = MARKDOWN_HEADING.sub("", body)
    text_lines = clean_lines(body, rules, credits)
    cleaned = "\n".join(text_lines)

    title = first_value(meta, rules.front_matter["title"]) or html_title or ""
    title = normalize_space(str(title))
    if not title and text_lines:
        title = text_lines[0][:80]
    if not cleaned and not title:
        raise InputError(where, "no text left after cleaning")

    published, date_problem = parse_published(first_value(meta, rules.front_matter["date"]), html_time, cleaned)
    if date_problem:
        problems.append(date_problem)
    publisher = first_value(meta, rules.front_matter["publisher"])
    url = first_value(meta, rules.front_matter["url"]) or html_url
    categories = as_strings(first_value(meta, rules.front_matter["categories"]))

    return Article(
        id=article_id(title, cleaned),
        path=where,
        title=title,
        text=cleaned,
        published=published,
        publisher=normalize_space(str(publisher)) if publisher else None,
        url=clean_url(url),
        categories=categories,
        credits=tuple(dict.fromkeys(credits)),
        warnings=tuple(problems),
    )


def article_from_record(record: Any, where: str, rules: CleaningRules) -> Article:
    """An article from one JSON Lines record (a Jekyll ``raw`` post or a news item)."""
    if not isinstance(record, dict):
        raise InputError(where, f"record is a {type(record).__name__}, not an object")
    if isinstance(record.get("raw"), str):
        article = parse_article(record["raw"], where, rules)
    else:
        body = record.get("content_html") or record.get("content_text") or record.get("content") or ""
        if not isinstance(body, str):
            raise InputError(where, "record has no text field (content_html, content_text, content)")
        article = parse_article(body, where, rules)
    title = record.get("title")
    url = record.get("url") or record.get("link")
    published = article.published
    if published is None:
        published, _ = parse_published(record.get("pub_date") or record.get("date"), None, "")
    publisher = article.publisher or (record.get("source") if isinstance(record.get("source"), str) else None)
    if isinstance(title, str) and title.strip():
        title = normalize_space(title)
        article = replace(article, title=title, id=article_id(title, article.text))
    return replace(article, url=article.url or clean_url(url), published=published, publisher=publisher)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """Split YAML front matter from the body; bad front matter is a warning."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text, []
    body = text[match.end():]
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        return {}, body, [f"front matter is not valid YAML{where}; metadata ignored"]
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
    items = value if isinstance(value, list) else re.split(r"[,，]", str(value))
    return tuple(dict.fromkeys(s for s in (normalize_space(str(item)) for item in items) if s))


# --- HTML -----------------------------------------------------------------------

BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td", "th",
    "blockquote", "pre", "figure", "figcaption", "dd", "dt", "dl", "br", "hr", "title",
}


def html_metadata(soup: BeautifulSoup, rules: CleaningRules) -> tuple[str | None, str | None, str | None]:
    """Title, printed publication time and canonical URL of an HTML page."""
    title = None
    for selector in ('meta[property="og:title"]', 'meta[name="title"]'):
        node = soup.select_one(selector)
        if node and node.get("content"):
            title = str(node["content"])
            break
    if title is None and soup.title and soup.title.string:
        title = str(soup.title.string)
    time_text = None
    for selector in ('meta[property="article:published_time"]', 'meta[name="pubdate"]'):
        node = soup.select_one(selector)
        if node and node.get("content"):
            time_text = str(node["content"])
            break
    if time_text is None:
        for selector in rules.time_selectors:
            for node in soup.select(selector):
                candidate = node.get("datetime") or node.get_text(" ", strip=True)
                if candidate and DATETIME_IN_TEXT.search(str(candidate)):
                    time_text = str(candidate)
                    break
            if time_text:
                break
    url = None
    for selector in ('link[rel="canonical"]', 'meta[property="og:url"]'):
        node = soup.select_one(selector)
        if node:
            url = node.get("href") or node.get("content")
            if url:
                break
    return title, time_text, str(url) if url else None


def html_to_text(soup: BeautifulSoup, rules: CleaningRules, credits: list[Credit]) -> str:
    """The visible prose of an HTML body, one block per line."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for selector in rules.credit_selectors:
        for node in soup.select(selector):
            credits.extend(read_credits(node.get_text(" ", strip=True), rules))
            node.decompose()
    for selector in rules.drop_selectors:
        for node in soup.select(selector):
            node.decompose()
    for node in soup.select(",".join(rules.time_selectors)):
        if DATETIME_IN_TEXT.fullmatch(node.get_text(" ", strip=True)):
            node.decompose()
    for title in soup.select("head, title"):
        title.decompose()
    for node in soup.find_all(BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n")
    return soup.get_text()


# --- lines -----------------------------------------------------------------------

SPACES = re.compile(r"[ \t\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CJK = r"\u4e00-\u9fff\u3400-\u4dbf"
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}，。、；：！？）》」』”])\s+(?=[{CJK}（《「『“])")


def normalize_space(text: str) -> str:
    text = CONTROL.sub("", text)
    return SPACES.sub(" ", text).strip()


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
    taken: list[tuple[int, int]] = []
    for role, pattern in rules.credit_patterns:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
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


def parse_published(value: Any, html_time: str | None, text: str) -> tuple[dt.datetime | None, str | None]:
    """The publication time: front matter, else the page's printed time.

    A time printed on a Chinese site without a zone is China time.
    """
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=CHINA_TIME)), None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=CHINA_TIME), None
    problem = None
    if value is not None:
        parsed = parse_datetime_text(str(value))
        if parsed:
            return parsed, None
        problem = f"date {str(value)[:40]!r} cannot be read"
    for candidate in (html_time, text[:400]):
        if candidate:
            parsed = parse_datetime_text(candidate, search=True)
            if parsed:
                return parsed, None
    return None, problem or "no publication date"


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
        except (TypeError, ValueError, IndexError):
            pass
    match = DATETIME_IN_TEXT.search(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TIME)
    except ValueError:
        return None


# --- identity ---------------------------------------------------------------------


def article_id(title: str, text: str) -> str:
    """A content hash, so that one article read from two files is one node."""
    normalized = unicodedata.normalize("NFKC", title + "\n" + text)
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]


URL_SCHEMES = ("http://", "https://")


def clean_url(value: Any) -> str | None:
    """Keep only http(s) URLs: a ``javascript:`` link is data, never a target."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value.lower().startswith(URL_SCHEMES) or re.search(r"[\s<>\"{}|\\^`]", value):
        return None
    return value
