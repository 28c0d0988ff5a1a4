"""Lines of cleaned text: spaces and invisible characters normalised, and the credit
lines (记者, 编辑, 责任编辑) read and taken out of the text.
"""

from __future__ import annotations

import bisect
import re

from kg.read.cleaning import CleaningRules
from kg.text import CJK
from kg.types import Credit

SPACES = re.compile(r"[ \t\x85\u00a0\u3000\u2000-\u200a\u2028\u2029\u202f\u205f]+")
# Removed outright: C0 and C1 controls (but tab and line ends), zero-width
# characters that only hide inside words (U+200B, U+2060, U+FEFF, soft
# hyphen), and bidirectional overrides, which can make a text read other
# than it is. ZWJ and ZWNJ stay: emoji and some scripts need them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
SURROGATES = re.compile(r"[\ud800-\udfff]")
NONCHARACTERS = re.compile(r"[\ufdd0-\ufdef\ufffe\uffff]")
LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")

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
