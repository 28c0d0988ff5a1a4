"""Whole saved web pages: the article inside the page, or the reason there is none.

A page as a browser or crawler saves it holds the article among menus, hot
lists, related links, comments and footers. ``is_whole_page`` tells such a
page from a fragment (the seeds, a record's HTML field), which
``kg.read.clean.parse_fragment`` reads as it always has. Here:

* the article's block is found by readability-lxml (the main-content library
  that read the page gold best for its speed: see README, "How well and how
  fast"), after the elements that are never article text are removed and with
  the chrome words of ``kg/data/pages.yaml`` as its negative keywords;
* its lines are cleaned by kg's rules (``cleaning.yaml`` and ``pages.yaml``):
  credit lines (记者, 编辑, 责任编辑) read and taken out, the share, print and
  "related" lines dropped;
* where a reprint comes from (来源：新华网) and its original title (原标题) are
  read from the metadata block, the article's first and last lines and the
  page's metadata, and those lines taken out (``kg.read.page_source``);
* the title is the page's headline: the heading that ``<title>`` begins with,
  else ``<title>`` without the site's suffix ("_中国新闻网", " - 新华网");
* the date is the one printed with the article (the line under the headline),
  else the page's metadata, else its scripts' data;
* the outlet is the site's name (og:site_name, the host, the suffix of
  ``<title>``), as ``kg/data/outlets.yaml`` names it;
* a page whose best block is a list of links (a channel, list or search page)
  raises ``NotAnArticle``: ``kg build`` reports it as skipped.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import lxml.html
from lxml import etree

from kg.errors import InputError, NotAnArticle
from kg.read.cleaning import CleaningRules
from kg.read.lines import clean_lines, is_credit_line, normalize_space, read_credits
from kg.read.metadata import article_id, clean_url, parse_datetime_text, parse_published
from kg.read.page_meta import (
    PageRules,
    byline_credits,
    fold,
    header_region,
    labelled_time,
    lead_lines,
    load_page_rules,
    page_meta,
    page_outlet,
    page_title,
    printed_time,
    script_time,
)
from kg.read.page_source import (
    OriginRules,
    choose_source,
    edge_origins,
    header_origins,
    is_origin_line,
    labelled_on_page,
    load_origin_rules,
)
from kg.types import Article, Credit

# --- a page or a fragment -------------------------------------------------------------------

HTML_OR_BODY = re.compile(r"<(?:html|body)[\s>]", re.I)
LINK = re.compile(r"<a\s", re.I)


def is_whole_page(text: str, rules: PageRules | None = None) -> bool:
    """Whether a document is a whole web page, with the site around its content.

    A whole page has ``<html>`` or ``<body>`` and a sign of the site around
    the content: a ``<head>`` with a title or metadata, navigation, header or
    footer elements, or many links. A fragment (a paragraph or two of HTML,
    Markdown, front matter and its body) has none of these.

    >>> is_whole_page("<p>正文</p>"), is_whole_page("<html><head><title>标题</title></head><body><p>正文</p></body></html>")
    (False, True)
    """
    if not HTML_OR_BODY.search(text):
        return False
    rules = rules or load_page_rules()
    return bool(rules.head.search(text) or rules.chrome.search(text) or len(LINK.findall(text, 0, 2_000_000)) >= rules.min_links)


DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>", re.I)


def parse_page(text: str) -> lxml.html.HtmlElement:
    # lxml refuses a str with an XML encoding declaration; the text is decoded already
    return lxml.html.document_fromstring(DECLARATION.sub("", text, count=1) or "<html></html>")


# --- the page to an article -------------------------------------------------------------------


def read_page(text: str, where: str, rules: CleaningRules, *, date: Any = None) -> Article | None:
    """The article in a whole page; ``NotAnArticle`` for a page of links;
    ``None`` when no text is found in the page as lxml parses it (a page
    nested deeper than its parser goes): the caller reads it as a fragment."""
    page_rules = load_page_rules()
    try:
        root = parse_page(text)
    except (etree.ParserError, ValueError) as error:
        raise InputError(where, f"cannot be parsed as HTML: {error}") from error
    meta = page_meta(root)
    for tag in page_rules.drop_tags:
        for node in root.iter(tag):
            if node.getparent() is not None and not (tag in ("nav", "footer", "aside") and has_headline(node)):
                node.drop_tree()
    etree.strip_elements(root, etree.Comment, with_tail=False)
    body_root = root.find("body") if root.find("body") is not None else root
    page_lines = text_lines(body_root, skip_links=True)
    title = page_title(root, meta, page_lines, page_rules)
    block, prose, link_chars, links, items, chosen = main_block(root, page_rules)
    page_links = sum(len(re.sub(r"\s+", "", anchor.text_content())) >= HEADLINE_CHARS for anchor in body_root.iter("a"))
    if is_list(prose, link_chars, links, page_links, items, page_rules):
        raise NotAnArticle(where, f"a list of articles, not an article: {max(links, items[0], page_links)} headline links, "
                                  f"{prose} characters of prose in its main block ({items[1]:.0%} of its text in list items); skipped")
    url = clean_url(meta.get("canonical") or meta.get("og:url"))
    publisher = page_outlet(meta, url, page_rules)
    if publisher and fold(title) == fold(publisher) and page_links >= page_rules.list_page["min_page_links"]:
        # an article's page is titled by its headline; a home or channel page by its site
        raise NotAnArticle(where, f"a site's own page, not an article: titled {title!r}, the site's name, with {page_links} headline links; skipped")

    problems: list[str] = []
    credits: list[Credit] = []
    lines = [normalize_space(line) for line in text_lines(block, skip_links=False)]
    in_block = squeeze("".join(lines))
    lines = [*(lead for lead in lead_lines(body_root, title, chosen, meta, page_rules) if squeeze(lead).rstrip(".…") not in in_block), *lines]
    origin_rules = load_origin_rules()
    lines, edges = edge_origins(article_lines(lines, title, page_rules, credits, origin_rules), origin_rules, page_rules)
    body = "\n".join(clean_lines("\n".join(lines), rules, credits))
    credits.extend(credits_around(page_lines, page_rules, rules))
    if not body:
        return None

    header = header_region(body_root, title)
    credits.extend(byline_credits(header, meta, page_rules))
    candidates = [labelled_time(page_lines, page_rules), printed_time(header), *(meta.get(name) for name in page_rules.meta_time), script_time(text, page_rules)]
    time_text = next((c for c in candidates if c and parse_datetime_text(c[:200], search=True)), None)
    published, date_problem = parse_published(date, time_text, body)
    if date_problem:
        problems.append(date_problem)
    # where the article first appeared: the metadata block, then the article's edges, then the rest of the page
    around, elsewhere = header_origins(header, origin_rules, page_rules), labelled_on_page(body_root, origin_rules, page_rules)
    source = choose_source([*around.sources, *edges.sources, *elsewhere.sources], meta, publisher, origin_rules, page_rules)
    return Article(
        id=article_id(title, body),
        path=where,
        title=title,
        text=body,
        published=published,
        publisher=publisher,
        url=url,
        credits=tuple(dict.fromkeys(credits)),
        warnings=tuple(problems),
        source=source,
        original_title=next(iter([*around.titles, *edges.titles, *elsewhere.titles]), None),
    )


def has_headline(node: lxml.html.HtmlElement) -> bool:
    return next(node.iter("h1"), None) is not None


# --- the article's block ---------------------------------------------------------------------


def main_block(root: lxml.html.HtmlElement, rules: PageRules) -> tuple[lxml.html.HtmlElement, int, int, int, tuple[int, float], list[Any]]:
    """The element holding the article (readability-lxml's choice, with the
    chrome inside it removed), the characters of prose (outside links) and of
    link text in it, its headline links, and (before the chrome was removed)
    its headline links and the share of its text in their items, and the
    page's elements it was made from."""
    from readability import Document

    elements = [node for node in root.iter() if isinstance(node.tag, str)]
    for index, node in enumerate(elements):
        node.set(ORIGIN, str(index))  # carried through readability's copy: which element each of its nodes was
    try:
        html = Document(copy.deepcopy(root), negative_keywords=rules.negative_keywords).summary(html_partial=True)
        block = lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    except Exception:  # noqa: BLE001 - readability's own failures (a frameset, no body): the whole body is the block
        block = None
    finally:
        etree.strip_attributes(root, ORIGIN)
    if block is None or not block.text_content().strip():
        body = root.find("body")
        block = copy.deepcopy(body) if body is not None else lxml.html.fromstring("<div></div>")
        chosen = [body] if body is not None else []
    else:
        # readability drops the headline links of a list's items: the items are counted in the page as it was
        chosen = [elements[int(node.get(ORIGIN))] for node in block.iter() if isinstance(node.tag, str) and node.get(ORIGIN, "").isdigit()
                  and int(node.get(ORIGIN)) < len(elements) and not any(a.get(ORIGIN) for a in node.iterancestors())]
    items = item_share(chosen)
    etree.strip_attributes(block, ORIGIN)
    drop_chrome(block, rules)
    link_chars = links = 0
    for anchor in block.iter("a"):
        words = len(re.sub(r"\s+", "", anchor.text_content()))
        link_chars += words
        links += words >= HEADLINE_CHARS
    prose = len(re.sub(r"\s+", "", block.text_content())) - link_chars
    return block, prose, link_chars, links, items, chosen


def item_share(blocks: list[lxml.html.HtmlElement]) -> tuple[int, float]:
    """How many pages the blocks' headline links lead to, and the share of their text
    that lies in list items: an item is a headline link with the element around
    it that holds no other headline link, the link its first text (a headline,
    then its summary and date). Near 1 in a list of articles; near 0 in an
    article, whatever links its paragraphs hold."""
    headlines = [a for block in blocks for a in block.iter("a") if len(squeeze(a.text_content())) >= HEADLINE_CHARS]
    if not headlines:
        return 0, 0.0
    pages = len({a.get("href") or squeeze(a.text_content()) for a in headlines})  # a list links to many pages
    count: dict[Any, int] = {}
    for anchor in headlines:
        for node in anchor.iterancestors():
            count[node] = count.get(node, 0) + 1
    tops = set(blocks)
    items = set()
    for anchor in headlines:
        node = anchor
        for _ in range(MAX_ITEM_DEPTH):
            parent = node.getparent()
            if node in tops or parent is None or count.get(parent, 0) > 1:
                break
            node = parent
        if squeeze(node.text_content()).startswith(squeeze(anchor.text_content())):
            items.add(node)
    total = sum(len(squeeze(block.text_content())) for block in blocks) or 1
    return pages, sum(len(squeeze(item.text_content())) for item in items) / total


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


ORIGIN = "data-kg-origin"
MAX_ITEM_DEPTH = 4


def drop_chrome(block: lxml.html.HtmlElement, rules: PageRules) -> None:
    """Remove from the block the elements whose class or id says chrome
    (comments, related links, share bars), unless they hold most of its text,
    and the blocks that are nearly all links (lists of other headlines)."""
    total = len(block.text_content()) or 1
    linking = set()  # the elements with a link inside
    for anchor in block.iter("a"):
        node = anchor
        while node is not None and node not in linking:
            linking.add(node)
            node = node.getparent()
    stack = [block]
    while stack:
        for node in list(stack.pop()):
            if not isinstance(node.tag, str):
                continue
            words = set(re.split(r"[^a-z0-9]+", f"{node.get('class') or ''} {node.get('id') or ''}".lower())) - {""}
            if words & rules.chrome_words and node.tag not in INLINE_TAGS and len(node.text_content()) < 0.5 * total:
                node.drop_tree()
                continue
            if node.tag in rules.caption_credit_tags and any(a.tag == "figcaption" for a in node.iterancestors()):
                node.drop_tree()
                continue
            if node in linking and node.tag in LINK_LIST_TAGS:
                text = len(re.sub(r"\s+", "", node.text_content()))
                linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in node.iter("a"))
                if text and linked >= rules.list_page["max_link_share_in_block"] * text and text < 0.5 * total:
                    node.drop_tree()
                    continue
            stack.append(node)


# An inline element's class (a keyword link, a highlighted name) never makes it chrome: its text is the sentence's.
INLINE_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "u", "font", "small", "sup", "sub", "abbr", "mark", "q", "time", "code"})
LINK_LIST_TAGS = frozenset({"ul", "ol", "li", "dl", "dd", "dt", "p", "div", "section", "table", "tr", "td", "h2", "h3", "h4"})


def is_list(prose: int, link_chars: int, links: int, page_links: int, items: tuple[int, float], rules: PageRules) -> bool:
    """Whether a page is a list of articles (a channel, list or search page):
    its best block is mostly links to other pages, or a run of items each a
    headline link with its summary and date, or it holds little prose while
    the page around it links to many headlines."""
    limits = rules.list_page
    if links >= limits["min_block_links"] and link_chars > limits["max_link_share"] * (prose + link_chars):
        return True
    if items[0] >= limits["min_items"] and items[1] >= limits["min_item_share"]:
        return True
    return prose < limits["min_prose_chars"] and page_links >= limits["min_page_links"]


HEADLINE_CHARS = 6  # a link with a text this long (or longer) is taken for a headline


BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6",
    "li", "ul", "ol", "table", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption", "dd", "dt", "dl", "br",
    "hr", "title", "center", "address", "tbody", "thead", "caption", "form",
})


def text_lines(root: lxml.html.HtmlElement, *, skip_links: bool) -> list[str]:
    """The text of an element, one line per block, without the text of
    links when ``skip_links``."""
    out: list[str] = []
    skipping = 0
    for event, node in etree.iterwalk(root, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else None
        if event == "start":
            if tag is None:
                continue
            if tag in BLOCK_TAGS:
                out.append("\n")
            if skip_links and tag == "a":
                skipping += 1
            if node.text and not skipping:
                out.append(node.text)
        else:
            if tag is not None:
                if skip_links and tag == "a":
                    skipping -= 1
                if tag in BLOCK_TAGS:
                    out.append("\n")
            if node is not root and node.tail and not skipping:
                out.append(node.tail)
    return [line for line in (normalize_space(raw) for raw in "".join(out).split("\n")) if line]


def article_lines(lines: list[str], title: str, rules: PageRules, credits: list[Credit], origin: OriginRules) -> list[str]:
    """The article block's lines without its headline, dateline and chrome lines;
    the lines that may say where the article comes from are kept for ``edge_origins``."""
    kept = []
    for index, line in enumerate(lines):
        if index >= len(lines) / 2 and any(pattern.fullmatch(line) for pattern in rules.end_lines):
            break
        if not line or line == title:
            continue
        if len(line) <= 80 and rules.dateline.fullmatch(line) and not kept:
            continue
        found = page_credits(line, rules.credit_patterns, rules) if len(line) <= 60 else []
        if found and credit_only(line, rules):
            credits.extend(found)
            continue
        if is_origin_line(line, origin, rules):
            kept.append(line)
            continue
        if any(pattern.fullmatch(line) for pattern in rules.drop_lines):
            continue
        credits.extend(page_credits(line, rules.inline_credit_patterns, rules))
        kept.append(line)
    return kept


def page_credits(line: str, patterns: tuple[tuple[str, re.Pattern[str]], ...], rules: PageRules) -> list[Credit]:
    """The credits the page's patterns find in a line, without words that are no names (分享, 新闻...)."""
    return [Credit(role, name) for role, pattern in patterns for match in pattern.finditer(line)
            for name in re.split(r"[\s、，,]+", match.group("names")) if name and not any(stop in name for stop in rules.not_names)]


def credit_only(line: str, rules: PageRules) -> bool:
    rest = line
    for _role, pattern in rules.credit_patterns:
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"[\s\W\dA-Za-z]+", "", rest)
    return len(rest) <= 6


def credits_around(page_lines: list[str], rules: PageRules, cleaning: CleaningRules) -> list[Credit]:
    """Credits printed on the page outside the article's block (an editor's
    line under it, a byline over it): short lines of nothing but credits."""
    found: list[Credit] = []
    for line in page_lines:
        if len(line) > 40:
            continue
        own = page_credits(line, rules.credit_patterns, rules)
        if own and credit_only(line, rules):
            found.extend(own)
            continue
        kg = read_credits(line, cleaning)
        if kg and is_credit_line(line, cleaning):
            found.extend(kg)
    return found

