"""Where a whole page's article first appeared: the outlet a reprint names and the
title it had there, read by the rules of ``kg/data/pages.yaml`` (``original``).

Chinese news sites say where what they reprint comes from: "来源：新华网" in the
metadata line under the headline, an element of its own (``<div
class="source">中國時報</div>``), a line at the article's start or end ("（来源：人民日报）",
"圖文／CTWANT", "（新华网）"), "文章來源：" under the article, ``<meta name="source">``;
and the title it had there ("原标题：……"). ``edge_origins`` takes those lines out of
the article's text; ``choose_source`` picks, among what the page prints (the
metadata block, then the article's edges, then the rest of the page), the first
that names an outlet other than the page's own (the page's own when it names no
other), else its metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import lxml.etree
import lxml.html

from kg.read.lines import one_line
from kg.read.metadata import DATETIME_IN_TEXT, clean_url
from kg.read.page_meta import PageRules, fold, host_outlet
from kg.resources import data_path, load_yaml
from kg.text import CJK, trie_regex

OPEN, CLOSE = r"[(（【\[]", r"[)）】\]]"
MAX_HEADER_TEXT = 200  # a longer element by the headline is the article, not its metadata
MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class OriginRules:
    labelled: re.Pattern[str]  # a source label, its separator and a name, anywhere in a text
    source_line: re.Pattern[str]  # a whole line that gives the source
    source_tail: re.Pattern[str]  # a bracketed source closing a line: ……体系。（来源：人民日报）
    title_line: re.Pattern[str]  # a whole line that gives the original title
    title_in_text: re.Pattern[str]  # the original title's label and what follows it in a text
    article_label: re.Pattern[str]  # a text that begins with a label naming the article's source
    article_word: re.Pattern[str]  # such a label anywhere
    name_list: re.Pattern[str]  # one name or a list of them (新浪体育、凤凰体育)
    name: re.Pattern[str]
    edge_lines: int
    source_words: frozenset[str]
    meta_source: tuple[str, ...]


@cache
def load_origin_rules() -> OriginRules:
    raw = load_yaml(data_path("pages.yaml"))["original"]
    sep, name = raw["separator"], raw["name"]
    boundary = f"(?<![{CJK}A-Za-z])"  # 图片来源：… is a picture's credit, not the article's source
    labelled = (f"{boundary}(?:(?P<label>{trie_regex(raw['source_labels'])})|(?P<outlet_label>{trie_regex(raw['outlet_labels'])}))"
                f"{sep}(?P<name>{name})")
    names = rf"(?:\s*[、,，]\s*{name})*"
    titles = trie_regex(raw["title_labels"])
    return OriginRules(
        labelled=re.compile(labelled),
        source_line=re.compile(rf"{OPEN}?\s*{labelled}{names}\s*{CLOSE}?|{OPEN}(?P<bare>{name}){CLOSE}"),
        source_tail=re.compile(rf"{OPEN}\s*{labelled}{names}\s*{CLOSE}$"),
        title_line=re.compile(rf"{OPEN}?\s*{boundary}{titles}{sep}(?P<title>.{{1,{MAX_TITLE_CHARS}}}?)\s*{CLOSE}?"),
        title_in_text=re.compile(rf"{boundary}{titles}{sep}(?P<title>.{{1,{MAX_TITLE_CHARS}}})"),
        article_label=re.compile(rf"\s*{trie_regex(raw['article_labels'])}{sep}"),
        article_word=re.compile(trie_regex(raw["article_labels"])),
        name_list=re.compile(rf"(?P<name>{name}){names}"),
        name=re.compile(name),
        edge_lines=int(raw["edge_lines"]),
        source_words=frozenset(raw["source_words"]),
        meta_source=tuple(raw["meta_source"]),
    )


@dataclass
class Origins:
    """Sources and original titles a part of the page gives, in the order it gives them."""

    sources: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def known(name: str, page: PageRules) -> bool:
    return fold(name) in page.outlet_names


def accepted(match: re.Match[str], page: PageRules) -> str | None:
    """The source a match names: any name after a source label, only a known
    outlet after an outlet label (图文) or alone in brackets (（新华网）)."""
    groups = match.groupdict()
    name = one_line(groups.get("name") or groups.get("bare") or "")
    if not name:
        return None
    if (groups.get("outlet_label") or groups.get("bare")) and not known(name, page):
        return None
    return name


def clean_title(text: str) -> str | None:
    title = one_line(re.sub(rf"^{OPEN}|{CLOSE}$", "", one_line(text)))
    return title or None


def is_origin_line(line: str, rules: OriginRules, page: PageRules) -> bool:
    """A line that gives a source or an original title: ``article_lines`` keeps it for ``edge_origins``."""
    source = rules.source_line.fullmatch(line)
    return bool(source and accepted(source, page)) or bool(rules.title_line.fullmatch(line))


def edge_origins(lines: list[str], rules: OriginRules, page: PageRules) -> tuple[list[str], Origins]:
    """The article's lines without the source and original-title lines among its
    first and last few (and a bracketed source closing its last line), and what
    they said. A source line inside the article stays a line of it, unless the
    page's drop lines drop it (a source under a table or chart is the data's)."""
    found = Origins()
    kept = []
    for index, line in enumerate(lines):
        if index < rules.edge_lines or index >= len(lines) - rules.edge_lines:
            source = rules.source_line.fullmatch(line)
            name = accepted(source, page) if source else None
            if name:
                found.sources.append(name)
                continue
            title = rules.title_line.fullmatch(line)
            if title and clean_title(title.group("title")):
                found.titles.append(clean_title(title.group("title")))  # type: ignore[arg-type]
                continue
        if not any(pattern.fullmatch(line) for pattern in page.drop_lines):
            kept.append(line)
    if kept:
        tail = rules.source_tail.search(kept[-1])
        name = accepted(tail, page) if tail and tail.start() > 0 else None
        if tail and name:
            found.sources.append(name)
            kept[-1] = kept[-1][:tail.start()].rstrip()
    return kept, found


def header_origins(header: list[lxml.html.HtmlElement], rules: OriginRules, page: PageRules) -> Origins:
    """What the metadata block by the headline says: a labelled source
    (来源：新华网), an element marked as the source by its class or id
    (``<div class="source">中國時報</div>``), a labelled original title."""
    found = Origins()
    for node in header:
        text = short_text(node)
        if not text:
            continue
        found.sources.extend(name for match in rules.labelled.finditer(text) if (name := accepted(match, page)))
        words = set(re.split(r"[^a-z0-9]+", f"{node.get('class') or ''} {node.get('id') or ''}".lower()))
        if words & rules.source_words:
            bare = one_line(rules.labelled.sub(lambda m: m.group("name"), DATETIME_IN_TEXT.sub(" ", text)))
            listed = rules.name_list.fullmatch(bare)
            if listed:
                found.sources.append(listed.group("name"))
        title = rules.title_in_text.search(text)
        if title and clean_title(title.group("title")):
            found.titles.append(clean_title(title.group("title")))  # type: ignore[arg-type]
    return found


def short_text(node: lxml.html.HtmlElement) -> str | None:
    """An element's text on one line; ``None`` when it is longer than metadata
    is (read no further: an element by the headline may hold the whole article)."""
    pieces, size = [], 0
    for piece in node.itertext():
        size += len(piece)
        if size > 2 * MAX_HEADER_TEXT:
            return None
        pieces.append(piece)
    text = one_line("".join(pieces))
    return text if len(text) <= MAX_HEADER_TEXT else None


def labelled_on_page(body: lxml.html.HtmlElement, rules: OriginRules, page: PageRules) -> Origins:
    """Elements anywhere on the page that begin with a label naming the
    article's own source (文章來源：): the name after it, or, when a link to the
    original follows instead of a name, the outlet of the link's host and the
    link's text for the original title."""
    found = Origins()
    if not rules.article_word.search(lxml.etree.tostring(body, method="text", encoding="unicode")):
        return found  # most pages: no such label anywhere, and no element to walk
    for node in body.iter():
        if not isinstance(node.tag, str) or not rules.article_label.match(node.text or ""):
            continue
        text = one_line(node.text_content())
        label = rules.article_label.match(text)
        if not label:
            continue
        rest = one_line(text[label.end():])
        listed = rules.name_list.fullmatch(rest)
        if listed:
            found.sources.append(listed.group("name"))
            continue
        link = next((a for a in node.iter("a") if a.get("href")), None)
        outlet = host_outlet(clean_url(link.get("href")), page) if link is not None else None
        if outlet:
            found.sources.append(outlet)
            if one_line(link.text_content()) == rest and len(rest) <= MAX_TITLE_CHARS:
                found.titles.append(rest)
    return found


def choose_source(printed: list[str], meta: dict[str, str], outlet: str | None, rules: OriginRules, page: PageRules) -> str | None:
    """The first printed source that is not the page's own outlet, else the
    first printed, else the page's metadata (never naming the site itself)."""

    def canonical(name: str) -> str:
        return page.outlet_names.get(fold(name), fold(name))

    own = canonical(outlet) if outlet else None
    for name in printed:
        if canonical(name) != own:
            return name
    if printed:
        return printed[0]
    for key in rules.meta_source:
        value = one_line(meta.get(key) or "")
        if value and rules.name.fullmatch(value) and canonical(value) != own and (
                known(value, page) or re.search(f"[{CJK}]", value) or value[0].isupper()):
            return value
    return None
