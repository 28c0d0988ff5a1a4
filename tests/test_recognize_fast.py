"""The recogniser's fast building blocks do what the plain ones did: the
prefix-tree regex of a word list, the simplified-character table."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.recognize.rules import expand
from kg.text import _converter, to_simplified, trie_regex

# Few letters, so that words share prefixes and are prefixes of each other;
# regex metacharacters, to test the escaping, inside and outside a class.
ALPHABET = "ab.-]^\\"
words = st.lists(st.text(ALPHABET, max_size=4), max_size=12)
texts = st.text(ALPHABET + "c", max_size=40)


def flat(words: list[str]) -> str:
    """The alternation expand() used to build: longest first, then in order."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def matches(template: str, words: list[str], text: str, alternation) -> list[tuple[tuple[int, int], ...]]:
    """Every match of the template with its words put in, and where each group fell."""
    regex = re.compile(template.replace("W", alternation(words)))
    return [tuple(m.span(g) for g in range(regex.groups + 1)) for m in regex.finditer(text)]


# Groups show which word each position took, so a different order of
# preference, not only a different overall match, fails the comparison.
TEMPLATES = ["(W)", "(W)(W)", "(W)c", "(W)(W)?c", "(W)(?=c)", "c(W)(W)$", "(W)+?(W)c"]


@settings(max_examples=300, deadline=None)
@given(words=words, text=texts)
@example(words=["a", "ab", "abb"], text="abbab")
@example(words=["", "a"], text="aac")
@example(words=[], text="ab")
@example(words=["]", "^", "-", "\\", "a-b"], text="]^-\\a-b")
def test_trie_matches_like_the_flat_alternation(words: list[str], text: str) -> None:
    for template in TEMPLATES:
        assert matches(template, words, text, trie_regex) == matches(template, words, text, flat), template


def test_a_longer_word_is_preferred_and_a_shorter_one_tried_after() -> None:
    regex = re.compile(f"({trie_regex(['ab', 'abcd', 'a'])})cd")
    assert regex.fullmatch("abcdcd").group(1) == "abcd"
    assert regex.fullmatch("abcd").group(1) == "ab"
    assert regex.fullmatch("acd").group(1) == "a"


def test_expand_puts_the_trie_for_a_list() -> None:
    lexicon = {"units": ("a", "ab")}
    assert re.fullmatch(expand("x{units}y", lexicon), "xaby")
    assert not re.fullmatch(expand("x{units}y", lexicon), "xby")


def simplified_char(char: str) -> str:
    """The conversion to_simplified used to make one character at a time."""
    if not "\u3400" <= char <= "\u9fff":
        return char
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF) | st.characters(), max_size=30))
@example("\u9ad4\u88cf\u346e\U00020000a\uff0c")  # U+346E: converted, in extension A
def test_simplified_characters_one_for_one(text: str) -> None:
    assert to_simplified(text) == "".join(map(simplified_char, text))
    assert to_simplified(text) == "".join(map(simplified_char, text))  # from the filled table, too
