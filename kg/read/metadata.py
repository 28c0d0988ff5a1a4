"""An article's metadata values: its publication time (front matter, else the time
printed in the page), its content id and a clean URL.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
import unicodedata
from typing import Any

from kg.types import CHINA_TIME

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
