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
    """A ``str.translate`` table, each character converted the first time it is asked for."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        converted = _converter().convert(char) if "\u3400" <= char <= "\u9fff" else char
        simplified = converted if len(converted) == 1 else char
        if code < 0x10000:  # a bounded table, whatever characters an input holds
            self[code] = simplified
        return simplified


_SIMPLIFIED = _SimplifiedTable()


@functools.cache
def _changed_characters() -> re.Pattern[str]:
    """Any character ``to_simplified`` changes: the whole CJK range converted once (a
    tenth of a second), so that a text without one (most texts, and every stage
    converts many) is answered by one regex scan, where ``str.translate`` looks each
    character up in a dict, thirty times slower."""
    changed = [chr(code) for code in range(0x3400, 0xA000) if _SIMPLIFIED[code] != chr(code)]
    return re.compile("[" + "".join(changed) + "]")


def to_simplified(text: str) -> str:
    """Simplified characters, one for one, so offsets do not move."""
    return text.translate(_SIMPLIFIED) if _changed_characters().search(text) else text


@functools.cache
def _traditional_converter() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def traditional_forms(text: str, *, share: float = 0.05) -> dict[str, str] | None:
    """For a text written in traditional characters, the form it writes each
    character in, by the character's simplified form (台 or 臺, 裏 or 裡: the
    text's own habit); None for a text in simplified characters (fewer than
    ``share`` of its CJK characters change when simplified).

    >>> traditional_forms("简体中文") is None, traditional_forms("烏克蘭國家邊防局")["国"]
    (True, '國')
    """
    if to_simplified(text) == text:
        return None  # no character changes (most texts): one scan, not a loop over characters
    seen: dict[str, dict[str, int]] = {}
    cjk = changed = 0
    for char in text:
        if not "\u4e00" <= char <= "\u9fff":
            continue
        cjk += 1
        simplified = to_simplified(char)
        changed += simplified != char
        forms = seen.setdefault(simplified, {})
        forms[char] = forms.get(char, 0) + 1
    if not cjk or changed < share * cjk:
        return None
    return {simplified: max(forms, key=lambda form: forms[form]) for simplified, forms in seen.items()}


def to_traditional(name: str, forms: dict[str, str]) -> str:
    """A name in simplified characters written as a text with these
    ``traditional_forms`` writes it: OpenCC's conversion (by phrases, one for one
    here), each character the text never writes in the form the text does.

    >>> to_traditional("台湾", {"台": "台", "湾": "灣"})
    '台灣'
    """
    converted = _traditional_converter().convert(name)
    if len(converted) != len(name):
        converted = name
    written = set(forms.values())
    return "".join(char if char in written else forms.get(to_simplified(char), char) for char in converted)
