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
        for rule in self.rules:
            found = self.find(rule, text)
            if rule.name_shape:
                found = (c for c in found if c[2] != "PERSON" or self.name_shape(text[c[0]:c[1]]))
            if rule.left_tags:
                found = after_left_words(found, doc.user_data.get("kg_words", []), text, rule.left_tags)
            add_candidates(doc, "pattern:" + rule.name, found)
        return doc

    @staticmethod
    def find(rule: CompiledRule, text: str) -> Iterator[tuple[int, int, str, str | None]]:
        for match in rule.regex.finditer(text):
            if rule.exclude_inner and "inner" in match.groupdict() and rule.exclude_inner.fullmatch(match.group("inner")):
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
                    cut = stop.end()
                if cut is not None:
                    start = cut
                if end - start < 4:
                    continue
            if rule.generic and rule.generic.fullmatch(text, start, end):
                continue
            yield start, end, rule.label, rule.canonical_value


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

    def compiled(template: str | None) -> re.Pattern[str] | None:
        if template is None:
            return None
        try:
            return re.compile(expand(template, lexicon, fragments))
        except re.error as error:
            raise ConfigError(f"pattern rule {rule['name']!r}: bad regular expression: {error}") from error

    groups = rule.get("groups") or ({rule["group"]: rule["label"]} if rule.get("group") else {})
    regex = compiled(rule["regex"])
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
