"""Text helpers every stage shares: the CJK ranges, a compact regex for a word list,
and the one-for-one conversion of traditional characters to simplified ones (offsets
never move).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

CJK = "\u4e00-\u9fff\u3400-\u4dbf"

def trie_regex(words: Iterable[str]) -> str:
    """A regex for the words that matches what ``(?:w1|w2|...)`` with the words
    longest first matches, in the same order of preference.

    ``re`` tries a flat alternation's branches one by one at every position, so
    a list of a thousand names costs a thousand attempts per character. The
    words a text can match at one position are prefixes of each other, so they
    lie on one path of a prefix tree; a greedy optional group at each word end
    tries them longest first, as the flat list does. The leading lookahead of
    first characters fails most positions with one set lookup.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    firsts = sorted(char for char in trie if char)
    lookahead = "(?=[" + "".join(re.escape(c) for c in firsts) + "])" if len(firsts) > 1 and "" not in trie else ""
    return lookahead + "(?:" + _trie_body(trie) + ")"


def _trie_body(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_body(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# --- traditional characters ----------------------------------------------------


@functools.cache
def _converter() -> Any:
    import opencc  # opencc-python-reimplemented: pure Python, no native build

    return opencc.OpenCC("t2s")


class _SimplifiedTable(dict[int, str]):
    """A ``str.translate`` table filled as characters turn up: converting the
    whole CJK range up front would slow every start."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        converted = _converter().convert(char) if "\u3400" <= char <= "\u9fff" else char
        simplified = converted if len(converted) == 1 else char
        if code < 0x10000:  # a bounded table, whatever characters an input holds
            self[code] = simplified
        return simplified


_SIMPLIFIED = _SimplifiedTable()


def to_simplified(text: str) -> str:
    """Simplified characters, one for one, so offsets do not move."""
    return text.translate(_SIMPLIFIED)
