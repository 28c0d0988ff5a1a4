"""``kg_patterns``: the regular-expression rules of ``patterns.yaml`` (and a user's
own), and the shape of a person's name that some rules require.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ConfigError

try:  # the regular-expression parser: re._parser from Python 3.11, sre_parse before
    import re._parser as _sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]
from kg.recognize.candidates import add_candidates, text_of
from kg.recognize.rules import Rules, expand


@Language.factory("kg_patterns", default_config={"rules": {"@misc": "kg.rules.v1", "gazetteers": [], "patterns": []}})
def make_patterns(nlp: Language, name: str, rules: Rules) -> Any:
    return PatternFinder(rules)


@dataclass(frozen=True)
class CompiledRule:
    name: str
    label: str
    regex: re.Pattern[str]
    groups: dict[str, str]  # group name -> label; empty: the whole match
    canonical_value: str | None
    exclude_inner: re.Pattern[str] | None
    left_stop: re.Pattern[str] | None
    split: str | None  # a group holding a 、-separated list: one mention per item
    generic: re.Pattern[str] | None  # a match that is only generic words names nothing
    name_shape: bool = False  # a PERSON the rule finds must look like a name (see NameShape)
    # jieba tags of words that open no name: the match starts after the last such word
    # before its head (作为冰雪节 -> 冰雪节), words inside quotes aside
    left_tags: frozenset[str] = frozenset()


class PatternFinder:
    """Runs the regular-expression rules of patterns.yaml."""

    def __init__(self, rules: Rules) -> None:
        self.rules = [compile_rule(rule, rules.lexicon, dict(rules.fragments)) for rule in rules.patterns]
        self.name_shape = NameShape(rules.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        words = doc.user_data.get("kg_words", [])
        # a left stop inside a longer word is not a stop: 交 of 交易会, 上 of 上海合作组织峰会
        word_ends = doc.user_data.get("kg_word_ends")
        for rule in self.rules:
            found = self.find(rule, text, word_ends)
            if rule.name_shape:
                found = (c for c in found if c[2] != "PERSON" or self.name_shape(text[c[0]:c[1]]))
            if rule.left_tags:
                found = after_left_words(found, words, text, rule.left_tags)
                if rule.generic:  # what is left after the words cut may be generic (视此峰会 -> 峰会)
                    found = (c for c in found if not rule.generic.fullmatch(text, c[0], c[1]))
            add_candidates(doc, "pattern:" + rule.name, found)
        return doc

    @staticmethod
    def find(rule: CompiledRule, text: str, word_ends: frozenset[int] | None = None) -> Iterator[tuple[int, int, str, str | None]]:
        """The rule's matches; with ``word_ends`` (where the text's words end), a left stop
        counts only where a word ends with it."""
        for match in rule.regex.finditer(text):
            inner = match.groupdict().get("inner")  # None where the branch that matched has no such group
            if rule.exclude_inner and inner is not None and rule.exclude_inner.fullmatch(inner):
                continue
            if rule.split:
                offset = match.start(rule.split)
                for item in match.group(rule.split).split("、"):
                    yield offset, offset + len(item), rule.label, None
                    offset += len(item) + 1
                continue
            if rule.groups:
                for group, label in rule.groups.items():
                    if match.group(group):
                        yield match.start(group), match.end(group), label, None
                continue
            start, end = match.span()
            if rule.left_stop:
                cut = None
                for stop in rule.left_stop.finditer(text, start, end):
                    if word_ends is None or stop.end() in word_ends:
                        cut = stop.end()
                if cut is not None:
                    start = cut
                if end - start < 4:
                    continue
            if rule.generic and rule.generic.fullmatch(text, start, end):
                continue
            yield start, end, rule.label, rule.canonical_value


_ZERO_WIDTH = {_sre_parse.ASSERT, _sre_parse.ASSERT_NOT, _sre_parse.AT}
_REPEATS = {_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT, getattr(_sre_parse, "POSSESSIVE_REPEAT", _sre_parse.MAX_REPEAT)}
HEAD_CHARS = 2  # the words over a name's last two characters belong to its head
VERB_TAGS = frozenset({"v", "vd"})


def after_left_words(found: Iterator[tuple[int, int, str, str | None]], words: list[tuple[int, int, str, str]], text: str,
                     tags: frozenset[str]) -> Iterator[tuple[int, int, str, str | None]]:
    """Each match started after the last word before its head whose tag is one of ``tags``
    (a verb, an adverb, a pronoun...), past any closing quote; dropped when nothing but
    the head would be left."""
    starts = [word[0] for word in words]
    for start, end, label, canonical in found:
        floor = max(start, text.rfind("”", start, end) + 1)
        head = starts[max(bisect.bisect_right(starts, end - 1) - 1, 0)] if words else end
        cut = floor
        for index in range(max(bisect.bisect_right(starts, floor) - 1, 0), len(words)):
            word_start, word_end, _word, tag = words[index]
            if word_end > end - HEAD_CHARS:
                break
            # a verb between the name's words and its head qualifies it (政策例行吹风会; not 作为冰雪节)
            if word_start >= floor and tag in tags and not (word_end == head and tag in VERB_TAGS and word_start > cut):
                cut = word_end
        if end - cut > HEAD_CHARS:
            yield (cut if cut > floor else start), end, label, canonical


class NameShape:
    """Whether a word a rule takes for a person's name looks like one: a surname and
    one or two characters (王毅, 欧阳晓晖), or transliteration characters only
    (马克龙, 克兰普·卡伦鲍尔); never a listed common word, day word or title
    (周四, 包括, 荣立者). The lists are the lexicon's."""

    def __init__(self, lexicon: dict[str, tuple[str, ...]]) -> None:
        self.surnames = set(lexicon.get("surnames", ())) | set(lexicon.get("japanese_surnames", ()))
        self.foreign = set("".join(lexicon.get("transliteration_characters", ())))
        self.not_names = (set(lexicon.get("stop_names", ())) | set(lexicon.get("day_words", ()))
                          | set(lexicon.get("positions", ())) | set(lexicon.get("not_person_words", ())))
        self.not_given = tuple(lexicon.get("not_given_name_endings", ()))

    def __call__(self, word: str) -> bool:
        if word in self.not_names or not word or word.endswith(self.not_given):
            return False
        letters = word.replace("·", "")
        if "·" in word or len(letters) > 4:
            return 2 <= len(letters) <= 12 and all(char in self.foreign for char in letters)
        strange = sum(char not in self.foreign for char in letters)
        if len(letters) >= 2 and (strange == 0 or (len(letters) >= 3 and strange == 1 and letters[-1] in self.foreign)):
            return True  # 塞茹尔内: one rarer character in a transliteration
        return any(word[:size] in self.surnames and len(word) - size in (1, 2) for size in (1, 2))


def compile_rule(rule: dict[str, Any], lexicon: dict[str, tuple[str, ...]], fragments: dict[str, str] | None = None) -> CompiledRule:

    def compiled(template: str | None, *, search: bool = False) -> re.Pattern[str] | None:
        if template is None:
            return None
        try:
            expanded = expand(template, lexicon, fragments)
            firsts = first_characters(expanded) if search else None
            if firsts:  # most positions fail on one set lookup, before any branch is tried
                expanded = "(?=[" + "".join(re.escape(char) for char in sorted(firsts)) + "])(?:" + expanded + ")"
            return re.compile(expanded)
        except re.error as error:
            raise ConfigError(f"pattern rule {rule['name']!r}: bad regular expression: {error}") from error

    groups = rule.get("groups") or ({rule["group"]: rule["label"]} if rule.get("group") else {})
    regex = compiled(rule["regex"], search=True)
    assert regex is not None
    return CompiledRule(
        name=rule["name"],
        label=rule["label"],
        regex=regex,
        groups=groups,
        canonical_value=rule.get("canonical_value"),
        exclude_inner=compiled(rule.get("exclude_inner")),
        left_stop=compiled(rule.get("left_stop")),
        split=rule.get("split"),
        generic=compiled(rule.get("generic")),
        name_shape=bool(rule.get("name_shape")),
        left_tags=frozenset(rule.get("left_tags") or ()),
    )


MAX_FIRST_CHARACTERS = 2000


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of the pattern can start with, or None where that is not
    a short list (a class of every CJK character, ``\\d``, ``.``, an empty match).

    >>> sorted(first_characters("(?<![0-9])(?:今|明)?年|[12]日"))
    ['1', '2', '今', '年', '明']
    """
    firsts, nullable = _first_of_sequence(_sre_parse.parse(pattern).data)
    return None if firsts is None or nullable or len(firsts) > MAX_FIRST_CHARACTERS else frozenset(firsts)


def _first_of_sequence(items: Any) -> tuple[set[str] | None, bool]:
    found: set[str] = set()
    for op, argument in items:
        if op in _ZERO_WIDTH:
            continue
        firsts, nullable = _first_of_item(op, argument)
        if firsts is None:
            return None, False
        found |= firsts
        if not nullable:
            return found, False
    return found, True


def _first_of_item(op: Any, argument: Any) -> tuple[set[str] | None, bool]:
    if op is _sre_parse.LITERAL:
        return {chr(argument)}, False
    if op is _sre_parse.IN:
        chars: set[str] = set()
        for kind, value in argument:
            if kind is _sre_parse.LITERAL:
                chars.add(chr(value))
            elif kind is _sre_parse.RANGE and value[1] - value[0] < MAX_FIRST_CHARACTERS:
                chars.update(chr(code) for code in range(value[0], value[1] + 1))
            else:
                return None, False  # a negated class, a category, a long range
        return chars, False
    if op is _sre_parse.BRANCH:
        found: set[str] = set()
        any_nullable = False
        for branch in argument[1]:
            firsts, nullable = _first_of_sequence(branch)
            if firsts is None:
                return None, False
            found |= firsts
            any_nullable = any_nullable or nullable
        return found, any_nullable
    if op is _sre_parse.SUBPATTERN:
        return _first_of_sequence(argument[-1])
    if op in _REPEATS:
        firsts, nullable = _first_of_sequence(argument[2])
        return firsts, nullable or argument[0] == 0
    if op is getattr(_sre_parse, "ATOMIC_GROUP", None):
        return _first_of_sequence(argument)
    return None, False
