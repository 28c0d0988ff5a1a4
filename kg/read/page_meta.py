"""A whole page's metadata, read by kg's rules (``kg/data/pages.yaml``,
``kg/data/outlets.yaml``): the headline without the site's suffix, the outlet,
the time printed by the headline, the byline, and what stands between the
headline and the article (the lead picture's caption, the standfirst).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import lxml.html

from kg.read.lines import normalize_space, one_line
from kg.read.metadata import DATETIME_IN_TEXT, YEARS
from kg.resources import data_path, load_yaml
from kg.types import CHINA_TIME, Credit

# --- rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PageRules:
    head: re.Pattern[str]
    chrome: re.Pattern[str]
    min_links: int
    drop_tags: tuple[str, ...]
    chrome_words: frozenset[str]
    caption_credit_tags: frozenset[str]
    negative_keywords: str
    drop_lines: tuple[re.Pattern[str], ...]
    dateline: re.Pattern[str]
    end_lines: tuple[re.Pattern[str], ...]
    credit_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    inline_credit_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    meta_time: tuple[str, ...]
    meta_site: tuple[str, ...]
    script_time: re.Pattern[str]
    title_separators: re.Pattern[str]
    max_suffix_chars: int
    list_page: dict[str, float]
    meta_author: tuple[str, ...]
    byline_words: tuple[str, ...]
    role_words: re.Pattern[str]
    report_words: str
    not_names: tuple[str, ...]
    outlet_names: dict[str, str]  # any name or alias, folded -> the outlet's name
    outlet_hosts: tuple[tuple[str, str], ...]  # (host or host/path, name), longest first
    channel_words: tuple[str, ...] = ()  # a portal's channel after its name: 搜狐音乐 is 搜狐's
    date_labels: tuple[str, ...] = ()  # labels of the article's publication date, preferred first


@cache
def load_page_rules() -> PageRules:
    raw = load_yaml(data_path("pages.yaml"))
    outlets = load_yaml(data_path("outlets.yaml"))
    names: dict[str, str] = {}
    hosts: list[tuple[str, str]] = []
    for outlet in outlets:
        for alias in (outlet["name"], *outlet.get("aliases", ())):
            names.setdefault(fold(str(alias)), outlet["name"])
        hosts.extend((str(host).lower(), outlet["name"]) for host in outlet.get("hosts", ()))
    whole = raw["whole_page"]
    return PageRules(
        head=re.compile(whole["head"], re.I),
        chrome=re.compile(whole["chrome"], re.I),
        min_links=int(whole["min_links"]),
        drop_tags=tuple(raw["drop_tags"]),
        chrome_words=frozenset(raw["chrome_words"]),
        caption_credit_tags=frozenset(raw["caption_credit_tags"]),
        negative_keywords=raw["negative_keywords"],
        drop_lines=tuple(re.compile(line, re.I) for line in raw["drop_lines"]),
        dateline=re.compile(raw["dateline"]),
        end_lines=tuple(re.compile(line, re.I) for line in raw["end_lines"]),
        credit_patterns=tuple((p["role"], re.compile(p["regex"])) for p in raw["credit_patterns"]),
        inline_credit_patterns=tuple((p["role"], re.compile(p["regex"])) for p in raw["inline_credit_patterns"]),
        meta_time=tuple(raw["meta_time"]),
        meta_site=tuple(raw["meta_site"]),
        script_time=re.compile(raw["script_time"]),
        title_separators=re.compile(raw["title_separators"]),
        max_suffix_chars=int(raw["max_suffix_chars"]),
        list_page={k: float(v) for k, v in raw["list_page"].items()},
        meta_author=tuple(raw["meta_author"]),
        byline_words=tuple(raw["byline_words"]),
        role_words=re.compile(raw["role_words"]),
        report_words=raw["report_words"],
        not_names=tuple(raw["not_names"]),
        outlet_names=names,
        outlet_hosts=tuple(sorted(hosts, key=lambda item: -len(item[0]))),
        channel_words=tuple(raw.get("channel_words", ())),
        date_labels=tuple(raw.get("date_labels", ())),
    )


def fold(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()



# --- metadata -----------------------------------------------------------------------------


def page_meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    """<meta> contents by lower-cased name or property, the canonical link, <title>."""
    meta: dict[str, str] = {}
    for node in root.iter("meta"):
        content = node.get("content")
        if not content or not content.strip():
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            name = node.get(key)
            if name:
                meta.setdefault(name.strip().lower(), content.strip())
    for node in root.iter("link"):
        if "canonical" in (node.get("rel") or "").lower().split() and node.get("href"):
            meta.setdefault("canonical", node.get("href").strip())
    title = next(root.iter("title"), None)
    if title is not None and title.text_content().strip():
        meta["<title>"] = one_line(title.text_content())
    return meta


def first_meta(meta: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        if meta.get(name):
            return meta[name]
    return None


HEADINGS = ("h1", "h2", "h3")


def page_title(root: lxml.html.HtmlElement, meta: dict[str, str], page_lines: list[str], rules: PageRules) -> str:
    """The headline: the heading that the page's title begins with, else the
    page's title without the site's name after it."""
    full = one_line(meta.get("<title>") or meta.get("og:title") or "")
    candidates = [full, one_line(meta.get("og:title") or "")]
    headings = []
    for tag in HEADINGS:
        for node in root.iter(tag):
            heading = one_line(node.text_content())
            if 2 <= len(heading) <= 200:
                headings.append(heading)
        if headings:
            break
    best = ""
    for heading in headings:
        if any(c and (c == heading or c.startswith(heading)) for c in candidates) and len(heading) > len(best):
            best = heading
    if best:
        return best
    stripped = strip_suffix(full or candidates[1], rules)
    if stripped:
        return stripped
    return headings[0] if headings else (page_lines[0][:80] if page_lines else "")


def strip_suffix(title: str, rules: PageRules) -> str:
    """A page title without the site and section names after the headline.

    >>> strip_suffix("北京狂风暴雨突至-中新网", load_page_rules())
    '北京狂风暴雨突至'
    """
    while True:
        parts = list(rules.title_separators.finditer(title))
        if not parts:
            return title
        last = parts[-1]
        head, tail = title[:last.start()].strip(), title[last.end():].strip()
        if not head or len(tail) > rules.max_suffix_chars or len(head) < len(tail):
            return title
        title = head


def page_outlet(meta: dict[str, str], url: str | None, rules: PageRules) -> str | None:
    """The site's name: og:site_name, else a known site name after the
    headline in <title>, else the host's outlet, else the last part of
    <title>; as outlets.yaml names it."""
    site = first_meta(meta, rules.meta_site)
    if site and len(site) <= rules.max_suffix_chars * 2:
        return outlet_named(site, rules) or one_line(site)
    title = meta.get("<title>") or meta.get("og:title") or ""
    pieces = [p.strip() for p in rules.title_separators.split(title) if p.strip()]
    for piece in reversed(pieces[1:]):
        name = outlet_named(piece, rules)
        if name:
            return name
    name = host_outlet(url, rules)
    if name:
        return name
    for piece in reversed(pieces[1:]):
        for word in piece.split():
            if outlet_named(word, rules):
                return outlet_named(word, rules)
    return pieces[-1] if len(pieces) > 1 and len(pieces[-1]) <= rules.max_suffix_chars else None


def outlet_named(name: str, rules: PageRules) -> str | None:
    """The outlet a name or alias in outlets.yaml is, or a portal's channel is part of
    (搜狐音乐, 新浪娱乐: the portal's name and a word of ``channel_words``); None for
    a name outlets.yaml does not know.

    >>> outlet_named("搜狐音乐", load_page_rules()), outlet_named("新浪财经", load_page_rules())
    ('搜狐', '新浪财经')
    """
    folded = fold(name)
    if folded in rules.outlet_names:
        return rules.outlet_names[folded]
    for word in rules.channel_words:
        if folded.endswith(word) and folded[: -len(word)] in rules.outlet_names:
            return rules.outlet_names[folded[: -len(word)]]
    return None


def host_outlet(url: str | None, rules: PageRules) -> str | None:
    """The outlet whose site a URL is on, as outlets.yaml names it.

    >>> host_outlet("https://www.businessinsider.com/netherlands-f-16s", load_page_rules())
    'Business Insider'
    """
    if not url:
        return None
    try:
        parts = urlsplit(url)
        where = (parts.hostname or "") + parts.path
    except ValueError:  # a malformed address (an unclosed IPv6 bracket) names no site
        return None
    for host, name in rules.outlet_hosts:
        if where == host or where.startswith(host) or ("." + where).split("/")[0].endswith("." + host.split("/")[0]) and "/" not in host:
            return name
    return None


def header_region(body: lxml.html.HtmlElement, title: str) -> list[lxml.html.HtmlElement]:
    """The elements around the headline, where the byline and the printed time
    stand: those after it up to the first paragraph of prose, then a few before it."""
    elements = [node for node in body.iter() if isinstance(node.tag, str)]
    at = headline_index(elements, title)
    if at is None:
        return []
    after = []
    for node in elements[at + 1:at + 1 + MAX_HEADER_ELEMENTS]:
        if len(normalize_space(node.text or "")) >= PROSE_CHARS:
            break
        after.append(node)
    return after + elements[max(0, at - MAX_HEADER_BEFORE):at][::-1]


# a class or id that marks the headline's element: title, article-title, ArticleTit (腾讯's old pages)
HEADLINE_MARK = re.compile(r"title|tit\b", re.I)


def headline_index(elements: list[lxml.html.HtmlElement], title: str) -> int | None:
    """Where the headline stands among the page's elements."""
    for index, node in enumerate(elements):
        if node.tag in HEADINGS or HEADLINE_MARK.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            text = one_line(node.text_content())
            if text and title and (text == title or (title in text and len(text) <= len(title) + 20)):
                return index
    return None


def lead_lines(body: lxml.html.HtmlElement, title: str, chosen: list[lxml.html.HtmlElement], meta: dict[str, str], rules: PageRules) -> list[str]:
    """What stands between the headline and the article's block and is part of
    the article: the lead picture's caption, and the standfirst (the element
    whose text is the page's description)."""
    if not chosen:
        return []
    elements = [node for node in body.iter() if isinstance(node.tag, str)]
    at = headline_index(elements, title)
    first = next((i for i, node in enumerate(elements) if node is chosen[0]), None)
    if at is None or first is None:
        return []
    descriptions = {one_line(meta[key]) for key in ("description", "og:description") if meta.get(key)}
    lines = []
    for node in elements[at + 1:first]:
        if node.tag == "figcaption":
            caption = copy.deepcopy(node)
            for credit in [n for n in caption.iter() if n.tag in rules.caption_credit_tags]:
                credit.drop_tree()
            node = caption
        text = one_line(node.text_content())
        if text and (node.tag == "figcaption" or (len(text) >= MIN_LEAD_CHARS and text in descriptions)):
            lines.append(text)
    return lines


MIN_LEAD_CHARS = 10


MAX_HEADER_ELEMENTS = 80
MAX_HEADER_BEFORE = 20
PROSE_CHARS = 80
EPOCH = re.compile(r"\d{10}(?:\d{3})?")


def labelled_time(lines: list[str], rules: PageRules) -> str | None:
    """The date the page labels as the article's (发文日期：2023-04-18), by the labels'
    order of preference; the label may stand in a line of its own before the date.

    >>> labelled_time(["索引号：014742224A", "生成日期：", "2023-05-11", "2023-07-12"], load_page_rules())
    '2023-05-11'
    """
    for label in rules.date_labels:
        for at, line in enumerate(lines):
            if label not in line or len(line) > MAX_LABELLED_LINE:
                continue
            after = line[line.index(label) + len(label):].lstrip(":： ")
            text = after if after else (lines[at + 1] if at + 1 < len(lines) else "")
            if DATETIME_IN_TEXT.match(text.strip()):
                return text.strip()
    return None


MAX_LABELLED_LINE = 80  # a longer line is prose that happens to hold a label


def printed_time(header: list[lxml.html.HtmlElement]) -> str | None:
    """The time printed with the article: an element's time attribute
    (``datetime``, ``data-time``; a Unix time too) or a short text with a date."""
    for node in header:
        for name, value in node.attrib.items():
            name = name.lower()
            if name == "datetime" or (name.startswith("data-") and ("time" in name or "date" in name)):
                value = value.strip()
                if EPOCH.fullmatch(value):
                    seconds = int(value) / (1000 if len(value) == 13 else 1)
                    moment = dt.datetime.fromtimestamp(seconds, CHINA_TIME)
                    if YEARS[0] <= moment.year <= YEARS[1]:
                        return moment.isoformat()
                elif DATETIME_IN_TEXT.search(value):
                    return value
        for text in (node.text, node.tail):
            text = normalize_space(text or "")
            if text and len(text) <= 120 and DATETIME_IN_TEXT.search(text):
                return text
    return None


def byline_credits(header: list[lxml.html.HtmlElement], meta: dict[str, str], rules: PageRules) -> list[Credit]:
    """The people a page credits in its metadata (author, byline) and in the
    byline elements by the headline."""
    texts = [meta[name] for name in rules.meta_author if meta.get(name)]
    for node in header:
        marks = f"{node.get('class') or ''} {node.get('id') or ''} {node.tag}".lower()
        if any(word in marks for word in rules.byline_words):
            text = one_line(node.text_content())
            if text and len(text) <= 80:
                texts.append(text)
    found = []
    for text in texts:
        found.extend(Credit("author", name) for name in byline_names(text, rules))
    return found


def byline_names(text: str, rules: PageRules) -> list[str]:
    """Names in a byline: "陳冠勳 張梓嘉 溫正衡／新北 台南報導" -> the three names.

    >>> byline_names("金彧 宓迪 | 来源：新京报", load_page_rules())
    ['金彧', '宓迪']
    """
    text = DATETIME_IN_TEXT.sub(" ", text)
    names = []
    for piece in re.split(r"[|｜;；、，,]+", text):
        piece = piece.strip()
        if not piece or re.search(r"[:：@]|https?|www\.", piece):
            continue
        piece = re.split(r"\s*[/／]\s*", piece)[0] if re.search(rules.report_words, piece) else piece
        piece = piece.split("_")[0]  # 林欣儀_台中: the name, then where from
        piece = rules.role_words.sub(" ", piece).strip()
        if re.fullmatch(r"[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){1,2}", piece) and not any(stop.lower() in piece.lower() for stop in rules.not_names):
            names.append(piece)
            continue
        for word in piece.split():
            if re.fullmatch(r"[\u3400-\u9fff·]{2,4}", word) and not any(stop in word for stop in rules.not_names):
                names.append(word)
    return names


def script_time(text: str, rules: PageRules) -> str | None:
    match = rules.script_time.search(text)
    return match.group(1) if match else None
