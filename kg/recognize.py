"""Stage 2: find mentions in an article's text with a spaCy pipeline.

The pipeline is ``spacy.blank("zh")`` with the character segmenter, so that a
gazetteer name is found wherever it stands (商务部 inside 商务部长王文涛, where a
word segmenter would hide it). Components, each writing candidate spans to its
own span group ``kg:<source>``:

- ``span_ruler`` (``kg:gazetteer``): names and aliases from the gazetteer files;
- ``kg_words``: jieba words with their dictionary part of speech, shared by the
  two components after it;
- ``kg_patterns`` (``kg:pattern:<rule>``): the regular-expression rules of
  ``patterns.yaml``;
- ``kg_org_suffix`` (``kg:org_suffix``): organisations by their head word
  (…部, …局, …协会, …研究院), grown leftwards over nominal words;
- ``kg_place_heads`` (``kg:place_head``): places by their head word (…县,
  …镇, …机场, …大桥) after a proper word;
- ``kg_model`` (``kg:model``): the trained character CRF of ``kg/ner.py``,
  which finds people, places and organisations in no list from the
  characters, jieba's words and the gazetteer's names around them;
- ``kg_statistical`` (``kg:statistical``): names jieba's dictionary and HMM tag
  as person, place or organisation names, the fallback for names in no list;
- ``kg_resolve``: settles overlaps (longest first among the rules, then the
  model, statistics last) and sets ``doc.ents``.

Articles in traditional characters are matched through a character-by-character
conversion to simplified characters, so offsets still index the original text.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import ConfigError
from .model import Article, Mention
from .resources import data_path, load_jsonl, load_yaml

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
CANDIDATE_PREFIX = "kg:"
# A word that holds a name without naming it (发展中国家, 商务部门): it takes part
# in the overlap contest, longest first, and is then dropped.
BLOCKER = "BLOCKER"
# Lower tier numbers win overlaps of equal length; the model and then statistics meet
# the rules' leftovers (``contest_round``).
TIERS = {"gazetteer": 0, "pattern": 1, "org_suffix": 2, "propagated": 3, "place_head": 5, "model": 8, "statistical": 9}


# --- configuration: the data files ------------------------------------------


@dataclass(frozen=True)
class Rules:
    """Everything the recogniser reads from data files."""

    gazetteer: tuple[dict[str, Any], ...]
    lexicon: dict[str, tuple[str, ...]]
    patterns: tuple[dict[str, Any], ...]


def gazetteer_files(extra: Iterable[Path] = ()) -> list[Path]:
    shipped = sorted(data_path("gazetteer").glob("*.jsonl"))
    return [*shipped, *extra]


# A user's own gazetteer and pattern files, added to the shipped ones (kg build
# --gazetteer/--patterns); set through ``use_user_data``.
USER_DATA: dict[str, tuple[Path, ...]] = {"gazetteers": (), "patterns": ()}


def use_user_data(gazetteers: Iterable[str | Path] = (), patterns: Iterable[str | Path] = ()) -> None:
    """Extend the shipped gazetteers and patterns with a user's files from now on."""
    for path in (*gazetteers, *patterns):
        if not Path(path).is_file():
            raise ConfigError(f"{path}: no such rules file")
    USER_DATA["gazetteers"] = tuple(Path(p) for p in gazetteers)
    USER_DATA["patterns"] = tuple(Path(p) for p in patterns)
    _load_rules.cache_clear()
    default_pipeline.cache_clear()
    from . import link

    link.load_gazetteer.cache_clear()
    link.generic_titles.cache_clear()


# Whether the pipeline hosts the trained model (kg build --no-model turns it off); set through ``use_model``.
RECOGNIZER = {"model": True}


def use_model(enabled: bool) -> None:
    """Build with the trained model (the default) or with the rules alone from now on."""
    if RECOGNIZER["model"] != enabled:
        RECOGNIZER["model"] = enabled
        default_pipeline.cache_clear()


def settings() -> dict[str, Any]:
    """The user's rules files and the choice of model, to hand to another process."""
    return {"gazetteers": USER_DATA["gazetteers"], "patterns": USER_DATA["patterns"], "model": RECOGNIZER["model"]}


def apply_settings(chosen: dict[str, Any]) -> None:
    if (chosen["gazetteers"], chosen["patterns"]) != (USER_DATA["gazetteers"], USER_DATA["patterns"]):
        use_user_data(chosen["gazetteers"], chosen["patterns"])
    use_model(chosen["model"])


def recognizer_description() -> dict[str, Any]:
    """Which recogniser runs, for the build report and the cache key."""
    from .ner import model_version

    return {"rules": True, "model": f"crf {model_version()}" if RECOGNIZER["model"] else None}


def load_rules() -> Rules:
    return _load_rules(USER_DATA["gazetteers"], USER_DATA["patterns"])


@functools.cache
def _load_rules(extra_gazetteers: tuple[Path, ...], extra_patterns: tuple[Path, ...]) -> Rules:
    """Load gazetteers, lexicon and pattern rules; user files extend the shipped ones."""
    entries: list[dict[str, Any]] = []
    for path in gazetteer_files(extra_gazetteers):
        for entry in load_jsonl(path):
            if not isinstance(entry.get("name"), str) or entry.get("label") not in {"PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "PRODUCT"}:
                raise ConfigError(f"{path}: entry {entry!r} needs a 'name' and a 'label' (PERSON, ORG, GPE, LOC, EVENT, LAW or PRODUCT)")
            entries.append(entry)
    lexicon: dict[str, tuple[str, ...]] = {}
    for path in sorted(data_path(".").glob("lexicon*.yaml")):
        for key, words in (load_yaml(path) or {}).items():
            lexicon[key] = tuple(dict.fromkeys([*lexicon.get(key, ()), *map(str, words)]))
    # lists drawn from the gazetteer, for patterns that build on known names
    lexicon["known_orgs"] = tuple(sorted({n for e in entries if e["label"] == "ORG" for n in (e["name"], *e.get("aliases", ()))}))
    lexicon["country_names"] = tuple(sorted({n for e in entries if e.get("class") == "Country" for n in (e["name"], *e.get("aliases", ()))}))
    pattern_files = [data_path("patterns.yaml"), *extra_patterns]
    patterns: list[dict[str, Any]] = []
    for path in pattern_files:
        for rule in (load_yaml(path) or {}).get("rules", []):
            if not {"name", "label", "regex"} <= rule.keys():
                raise ConfigError(f"{path}: rule {rule.get('name', rule)!r} needs name, label and regex")
            patterns.append(rule)
    return Rules(tuple(entries), lexicon, tuple(patterns))


def expand(template: str, lexicon: dict[str, tuple[str, ...]]) -> str:
    """Replace ``{list}`` by a regex matching the list's words, longest first."""

    def alternation(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "cjk":
            return CJK
        if key not in lexicon:
            raise ConfigError(f"pattern refers to {{{key}}}, which no lexicon file defines")
        if key.endswith("_characters"):  # a list of characters: one of them
            return "[" + "".join(re.escape(c) for c in sorted(set("".join(lexicon[key])))) + "]"
        return trie_regex(lexicon[key])

    return re.sub(r"\{([a-z_]+)\}", alternation, template)


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


# --- components -------------------------------------------------------------------


def text_of(doc: Doc) -> str:
    """The doc's text; ``doc.text`` joins every token on each access, so cache it."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def add_candidates(doc: Doc, source: str, spans: Iterable[tuple[int, int, str, str | None]]) -> None:
    # One token per character (see mentions_in): character offsets are token
    # indices, and ``doc.char_span`` would only find that out slowly.
    group = [Span(doc, start, end, label=label, span_id=canonical or "") for start, end, label, canonical in spans if start < end]
    key = CANDIDATE_PREFIX + source
    if key in doc.spans:
        doc.spans[key].extend(group)
    else:
        doc.spans[key] = group


@Language.factory("kg_words", default_config={})
def make_words(nlp: Language, name: str) -> Any:
    _jieba()  # load the dictionary with the pipeline, not on the first article
    return WordTagger()


class WordTagger:
    """Segments the text with jieba once and keeps each word's dictionary tag."""

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["kg_words"] = tag_words(text_of(doc))
        return doc


@functools.cache
def _jieba() -> tuple[Any, dict[str, str]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt.cut, jieba.posseg.dt.word_tag_tab


def tag_words(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, tag) for each jieba word of the text.

    Tags come from jieba's dictionary rather than ``jieba.posseg``, which keeps
    this at jieba's own speed; words the HMM found that are in no dictionary
    get the tag "x".
    """
    cut, tags = _jieba()
    words = []
    position = 0
    for word in cut(text, HMM=True):
        end = position + len(word)
        words.append((position, end, word, tags.get(word, "x")))
        position = end
    return words


@Language.factory("kg_patterns", default_config={"rules": []})
def make_patterns(nlp: Language, name: str, rules: list[dict[str, Any]]) -> Any:
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


class PatternFinder:
    """Runs the regular-expression rules of patterns.yaml."""

    def __init__(self, rules: list[dict[str, Any]]) -> None:
        self.rules = [compile_rule(rule) for rule in rules]
        self.name_shape = NameShape(load_rules().lexicon)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        for rule in self.rules:
            found = self.find(rule, text)
            if rule.name_shape:
                found = (c for c in found if c[2] != "PERSON" or self.name_shape(text[c[0]:c[1]]))
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


def compile_rule(rule: dict[str, Any]) -> CompiledRule:
    lexicon = load_rules().lexicon

    def compiled(template: str | None) -> re.Pattern[str] | None:
        if template is None:
            return None
        try:
            return re.compile(expand(template, lexicon))
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
    )


LETTERS = re.compile(f"[{CJK}A-Za-z]+")
NOMINAL_TAGS = {"n", "nt", "ns", "nz", "nrt", "j", "vn", "eng", "x", "an"}
HEAD_TAGS = NOMINAL_TAGS - {"vn", "an"}
# Tags of words that can be (part of) a proper name, as jieba's dictionary has them.
PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nz", "j", "x"}
# Words that may stand between a place and an organisation's head though not nominal (France / employers / association).
MODIFIER_TAGS = {"b", "nr", "nrt", "nz", "j"}


@Language.factory("kg_org_suffix", default_config={"max_chars": 24})
def make_org_suffix(nlp: Language, name: str, max_chars: int) -> Any:
    return OrgSuffixFinder(load_rules().lexicon, max_chars)


class OrgSuffixFinder:
    """Organisations by their head: a run of nominal words ending in a suffix.

    深圳市/跨境/电子商务/协会 is an organisation because 协会 is a head word and
    every word before it, back to the last punctuation or verb, is nominal.
    """

    def __init__(self, lexicon: dict[str, tuple[str, ...]], max_chars: int) -> None:
        self.suffixes = tuple(sorted(set(lexicon.get("org_suffixes", ())), key=len, reverse=True))
        self.suffix_words = set(self.suffixes)
        self.long_suffixes = tuple(suffix for suffix in self.suffixes if len(suffix) >= 2)
        self.bare_heads = set(lexicon.get("bare_org_heads", ()))
        self.team_heads = tuple(lexicon.get("team_heads", ()))
        _cut, self.tags = _jieba()
        self.positions = set(lexicon.get("positions", ()))
        self.stops = set(lexicon.get("org_left_stops", ()))
        self.position_endings = tuple(p for p in lexicon.get("title_endings", ()) if len(p) >= 2)
        self.bad_starts = set(lexicon.get("org_bad_starts", ()))
        self.bad_start_chars = set(lexicon.get("org_bad_start_chars", ()))
        self.generic_modifiers = set(lexicon.get("generic_org_modifiers", ()))
        self.max_chars = max_chars
        # jieba tags some places otherwise (Argentina as nr, Dalian as d): a known place still starts a name
        self.places = {name for entry in load_rules().gazetteer if entry["label"] == "GPE" for name in (entry["name"], *entry.get("aliases", ())) if len(name) >= 2}

    def __call__(self, doc: Doc) -> Doc:
        words = doc.user_data.get("kg_words", [])
        found = []
        for index, (_start, end, word, tag) in enumerate(words):
            if word in self.positions or not word.endswith(self.suffixes):
                continue
            if word.endswith(self.position_endings):
                continue  # 中央政治局常委: a title, not a body (the body is before it)
            if tag not in HEAD_TAGS and not word.endswith(self.long_suffixes):
                continue  # jieba tags 促进会 a verb: a head of two or more characters is a head all the same
            if len(word) == 2 and word[-1:] in self.suffixes and tag != "nt" and word not in self.bare_heads:
                continue  # 格局, 部署, 总部: common nouns that end like an organisation
            team = word.endswith(self.team_heads)
            if team and len(word) > 2 and self.tags.get(word[:-1]) in PROPER_TAGS - {"x"}:
                found.append((words[index][0], end, "ORG", None))  # 古巴队, 智利队: one word, a place and a team
                continue
            # a team's name is proper words only (jieba tags 战胜 a noun); a company may be named by a person's name
            allowed = PROPER_TAGS - {"x"} if team else NOMINAL_TAGS | ({"nr"} if word in self.bare_heads else set())
            first = index
            while first > 0:
                _s, _e, previous, previous_tag = words[first - 1]
                if previous_tag not in allowed and previous in self.places and not team:
                    first -= 1
                    break  # what stands before a mis-tagged place is not known to be part of the name
                if previous_tag not in allowed or previous in self.positions or previous in self.stops:
                    # France / employers / association: one word of any kind between a place and the head
                    if (first == index and first >= 2 and words[first - 2][2] in self.places and len(previous) >= 2
                            and previous_tag in MODIFIER_TAGS and len(word) >= 2 and not team):
                        first -= 2
                    break
                if not LETTERS.fullmatch(previous) or end - words[first - 1][0] > self.max_chars:
                    break
                first -= 1
            first = self.trimmed(words, first, index)
            if first is None:
                continue
            start = words[first][0]
            if first == index and (len(word) < 3 or tag not in {"nt", "x"} or word in self.suffix_words):
                continue  # a bare head word (协会, 大学, 人民政府) names nothing
            found.append((start, end, "ORG", None))
        add_candidates(doc, "org_suffix", found)
        return doc


    def trimmed(self, words: list[tuple[int, int, str, str]], first: int, index: int) -> int | None:
        """Where the name starts once the words that open no name are cut off, or None for no name.

        A name never starts with a verb, a preposition, a conjunction or a pronoun
        (并报甘肃省委, 部署中化集团, 旗下腾讯基金会), nor one of the data's
        ``org_bad_starts`` glued to the next word (称日政府); a head after
        generic modifiers only (全资子公司, 期货公司, 头部公司) names nothing.
        """
        while first < index:
            word = words[first][2]
            if word in self.bad_starts or self.tags.get(word) in FUNCTION_TAGS:
                first += 1
                continue
            if word[:1] in self.bad_start_chars and len(word) >= 2 and self.tags.get(word) is None:
                return None  # an unknown word glued to a function word: where the name starts is unknown
            break
        stem = [w for _s, _e, w, _t in words[first:index]]
        head = words[index][2]
        for suffix in () if head in self.suffix_words else self.suffixes:
            if head.endswith(suffix) and len(head) > len(suffix):
                stem.append(head[: -len(suffix)])
                break
        if all(w in self.generic_modifiers for w in stem):
            return None if stem or head in self.suffix_words else first
        if first < index and len("".join(stem)) < 2 and words[first][2] not in self.places:
            return None  # one character before the head (日政府) is a piece of something else
        return first


# Dictionary tags of words that open no organisation's name: verbs, prepositions,
# conjunctions, pronouns, adverbs, numerals, measure words, directions.
FUNCTION_TAGS = {"v", "p", "c", "r", "d", "m", "q", "f", "u", "vd", "ad", "y"}


@Language.factory("kg_propagate", default_config={"sources": ["pattern:post_person", "pattern:credit_person", "pattern:foreign_post_person", "pattern:foreign_post_translit", "pattern:post_translit", "pattern:japanese_post_person", "pattern:dotted_name"]})
def make_propagate(nlp: Language, name: str, sources: list[str]) -> Any:
    return NamePropagator(sources)


class NamePropagator:
    """A name a rule found once is a name wherever else it stands in the article.

    商务部部长助理任鸿斌表示… finds 任鸿斌 by his post; the later, bare 任鸿斌表示
    is the same name, though nothing next to it says so.
    """

    def __init__(self, sources: list[str]) -> None:
        self.keys = [CANDIDATE_PREFIX + source for source in sources]

    def __call__(self, doc: Doc) -> Doc:
        names = {(span.text, span.label_) for key in self.keys if key in doc.spans for span in doc.spans[key] if len(span.text) >= 2}
        text = text_of(doc)
        found = []
        for name, label in sorted(names):
            for match in re.finditer(re.escape(name), text):
                found.append((match.start(), match.end(), label, None))
        add_candidates(doc, "propagated", found)
        return doc


NAME_CHARS = re.compile(f"[{CJK}·]+")
CJK_RUN = re.compile(f"[{CJK}]+")
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_SIDE = re.compile(f"[{CJK}]{{1,5}}")
STATISTICAL_LABELS = {"nr": "PERSON", "nrfg": "PERSON", "nrt": "PERSON", "ns": "GPE", "nt": "ORG"}
PERSON_TAGS = {"nr", "nrfg", "nrt"}
# Nouns and adjectives: a given name that is one of these (雷+阵雨) is rarely a given name.
COMMON_WORD_TAGS = {"n", "vn", "an", "a", "ad", "ng", "d"}


# A character is name-like when the dictionary's person names use it this often,
# in absolute terms and as a share of all its dictionary words (the characters of
# given names are; conjunctions and verbs stand in names too, but far more often elsewhere).
MIN_NAME_USES = 5
MIN_NAME_SHARE = 0.05
# Tags of a one-character word that may be the first piece of a name jieba cut
# short (Kishida Fumio cut after its first character): a name found after one of these may start earlier.
PIECE_TAGS = {"nr", "x", "ns", "n", "ng", "j", "nz", "nrt", "q"}


@functools.cache
def name_statistics(surnames: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(common surnames, name-like given-name characters) from jieba's own dictionary.

    The dictionary's three-character person names (surname, then a given name of
    two characters) say which surnames are common and which characters given names
    use; the HMM's unknown words of that shape (Fu Jiajun, Song Xinlian) are names when both
    hold.
    """
    _cut, tags = _jieba()
    surname_uses: dict[str, int] = {}
    given_uses: dict[str, int] = {}
    all_uses: dict[str, int] = {}
    for word, tag in tags.items():
        for char in word:
            all_uses[char] = all_uses.get(char, 0) + 1
        if tag == "nr" and len(word) == 3 and word[0] in surnames:
            surname_uses[word[0]] = surname_uses.get(word[0], 0) + 1
            for char in word[1:]:
                given_uses[char] = given_uses.get(char, 0) + 1
    common = frozenset(s for s, n in surname_uses.items() if n >= MIN_NAME_USES)
    given = frozenset(c for c, n in given_uses.items() if n >= MIN_NAME_USES and n / all_uses[c] >= MIN_NAME_SHARE)
    return common, given


@Language.factory("kg_statistical", default_config={})
def make_statistical(nlp: Language, name: str) -> Any:
    return StatisticalNames(load_rules().lexicon)


class StatisticalNames:
    """Person, place and organisation names by jieba's tags, filtered.

    Dictionary words tagged nr/ns/nt, and words jieba's HMM invented (tag "x")
    that stand where a name stands, are candidates; stop names and single
    characters are not. A person name has a Chinese shape (a surname, then one
    or two characters) or a transliterated one (every character one that
    transliterations use: 克林顿, 基里延科).
    """

    def __init__(self, lexicon: dict[str, tuple[str, ...]]) -> None:
        self.surname_set = set(lexicon.get("surnames", ()))
        self.stop_names = set(lexicon.get("stop_names", ())) | set(lexicon.get("not_person_words", ()))
        self.place_suffixes = tuple(lexicon.get("place_suffixes", ()))
        self.org_suffixes = tuple(lexicon.get("org_suffixes", ()))
        self.positions = set(lexicon.get("positions", ()))
        self.person_context = self.positions | set(lexicon.get("reporting_verbs", ())) | set(lexicon.get("person_context", ()))
        self.person_before = self.positions | set(lexicon.get("person_before", ()))
        # what names a person whatever the word before it is (彭真同志, 李鹏总理), unlike a reporting verb
        self.person_after = self.positions | set(lexicon.get("person_context", ()))
        self.not_place_starts = tuple(lexicon.get("not_place_starts", ()))
        self.foreign_chars = set("".join(lexicon.get("transliteration_characters", ())))
        self.doctrines = tuple(sorted(lexicon.get("doctrine_suffixes", ()), key=len, reverse=True))
        self.common_surnames, self.given_chars = name_statistics(frozenset(self.surname_set))
        # an unknown word ending in a place or team head (a town, a team) is that place or team
        self.not_name_endings = tuple(lexicon.get("place_suffixes", ())) + tuple(lexicon.get("team_heads", ()))
        self.japanese_surnames = set(lexicon.get("japanese_surnames", ()))
        _cut, self.tags = _jieba()

    def __call__(self, doc: Doc) -> Doc:
        found = []
        words = doc.user_data.get("kg_words", [])
        # a transliteration the article once puts in a person's context (总统特朗普) is that person throughout
        confirmed = {w for i, (_s, _e, w, t) in enumerate(words) if t in PERSON_TAGS and self.looks_foreign(w) and self.in_person_context(words, i)}
        for index, (start, end, word, tag) in enumerate(words):
            if word == "·":
                span = self.dotted_name(words, index)
                if span:
                    found.append((*span, "PERSON", None))
                continue
            if len(word) == 1 or word in self.japanese_surnames:
                span = self.cut_name(words, index)
                if span:
                    found.append((*span, "PERSON", None))
                if len(word) == 1:
                    continue
            if word in self.stop_names or not NAME_CHARS.fullmatch(word):
                continue
            if word.endswith(self.doctrines):
                # 邓小平理论, 马克思主义: jieba makes one word of a doctrine named after its author
                name = word[: -len(next(d for d in self.doctrines if word.endswith(d)))]
                if len(name) >= 2 and (self.looks_like_name(name) or self.looks_foreign(name)) and name not in self.stop_names:
                    found.append((start, start + len(name), "PERSON", None))
                continue
            label = STATISTICAL_LABELS.get(tag)
            context = self.in_person_context(words, index)
            if context and (label is None or label == "GPE") and (self.looks_like_name(word) or self.looks_foreign(word)):
                label = "PERSON"  # jieba tags 周恩来 a time word and 扎加洛 a place: context says otherwise
            elif label is None and (self.unknown_name(words, index) or self.listed_with_name(words, index, confirmed)):
                label = "PERSON"
            elif label == "PERSON" and not self.plausible_person(word, tag, context, confirmed, titled=self.titled(words, index)):
                continue
            if label == "ORG" and (len(word) < 3 or not word.endswith(self.org_suffixes)):
                continue
            if label == "GPE" and not self.looks_like_place(word):
                continue
            if label == "PERSON" and self.looks_foreign(word):
                start, end = self.foreign_run(words, index)
            if label:
                found.append((start, end, label, None))
        add_candidates(doc, "statistical", found)
        return doc

    def plausible_person(self, word: str, tag: str, context: bool, confirmed: set[str], *, titled: bool = False) -> bool:
        """A word jieba's dictionary tags a name, and that has a name's shape.

        The dictionary tags many common words nr (卫星, 顾客, 雷阵雨): a bare
        two-character one is a name only next to a title or role (``titled``),
        since anything may stand before a reporting verb (顾客表示); a
        three-character one made of a surname and an everyday word (雷+阵雨)
        is that word.
        """
        if self.looks_foreign(word):
            # the dictionary tags foreign places and bodies nr too (阿拉伯, 哈马斯): a
            # transliteration is a person's name where the words around it say so
            return (context or word in confirmed) and tag in PERSON_TAGS
        if not self.looks_like_name(word):
            return False
        if len(word) == 2 and tag == "nr":
            return titled
        if context or "·" in word:
            return True
        if len(word) == 2:
            return False
        return not (self.tags.get(word[1:]) in COMMON_WORD_TAGS or self.tags.get(word[:2]) in COMMON_WORD_TAGS)

    def after_title(self, words: list[tuple[int, int, str, str]], index: int) -> bool:
        return index > 0 and words[index - 1][2] in self.person_before

    def titled(self, words: list[tuple[int, int, str, str]], index: int) -> bool:
        """A title, post or role right before the word, or a title or post right after it."""
        return self.after_title(words, index) or (index + 1 < len(words) and words[index + 1][2] in self.person_after)

    def in_person_context(self, words: list[tuple[int, int, str, str]], index: int, last: int | None = None) -> bool:
        """Words index..last right before a title or reporting verb, or right after a post or a role."""
        last = index if last is None else last
        after = words[last + 1][2] if last + 1 < len(words) else ""
        return after in self.person_context or self.after_title(words, index)

    def unknown_name(self, words: list[tuple[int, int, str, str]], index: int) -> bool:
        """A word jieba's HMM made up (Fu Jiajun) with a common surname and two name-like characters.

        Not a piece of a longer name jieba cut (Kishida Fumio, Thomas Stafford), nor a
        place or team by its head (a town, a team).
        """
        word, tag = words[index][2], words[index][3]
        if tag != "x" or len(word) != 3 or word[0] not in self.common_surnames or word.endswith(self.not_name_endings):
            return False
        if self.looks_foreign(word):
            return False  # Menaka may be a place as well: a transliteration needs a person's context
        if not (word[1] in self.given_chars and word[2] in self.given_chars):
            return False
        before = words[index - 1] if index > 0 else None
        after = words[index + 1][2] if index + 1 < len(words) else ""
        if before and (before[2] == "·" or (len(before[2]) == 1 and before[3] in PIECE_TAGS and CJK_CHAR.fullmatch(before[2]))):
            return False
        return after != "·"

    def listed_with_name(self, words: list[tuple[int, int, str, str]], index: int, confirmed: set[str]) -> bool:
        """A surname-shaped word jieba does not know next to a name in a list (Ding Cong between Hua Junwu and Zhu Genhua)."""
        if words[index][3] != "x" or not self.looks_like_name(words[index][2]):
            return False
        for separator, other in ((index - 1, index - 2), (index + 1, index + 2)):
            if 0 <= other < len(words) and words[separator][2] == "、":
                neighbour, neighbour_tag = words[other][2], words[other][3]
                if len(neighbour) == 3 and self.looks_like_name(neighbour) and neighbour not in self.stop_names and (
                        (neighbour_tag in PERSON_TAGS and self.plausible_person(neighbour, neighbour_tag, False, confirmed)) or self.unknown_name(words, other)):
                    return True
        return False

    def cut_name(self, words: list[tuple[int, int, str, str]], index: int) -> tuple[int, int] | None:
        """A name jieba cut in two (Wu / Fangjun, Cao / Huoxing, Kyuma / Fumio), where the words around it say it is a person's."""
        surname = words[index][2]
        if index + 1 >= len(words):
            return None
        given = words[index + 1][2]
        if surname in self.japanese_surnames:
            if not (1 <= len(given) <= 3 and words[index + 1][3] in {"x", "nr", "nrt"}):
                return None
        elif surname not in self.common_surnames or not 1 <= len(given) <= 2:
            return None
        name = surname + given
        if (not CJK_RUN.fullmatch(given) or given in self.person_context or given in self.stop_names
                or name in self.stop_names or given in self.positions or name in self.tags or given.endswith(self.org_suffixes)):
            return None
        if not self.in_person_context(words, index, index + 1):
            return None
        return words[index][0], words[index + 1][1]

    def dotted_name(self, words: list[tuple[int, int, str, str]], index: int) -> tuple[int, int] | None:
        """A name around a middle dot (Carlos Amat, Chatichai Choonhavan): the transliterated
        words on each side, or else the one word next to the dot."""
        if index == 0 or index + 1 >= len(words):
            return None
        first, last = index, index
        start, end = self.foreign_run(words, index)
        for i in range(index - 1, -1, -1):
            if words[i][0] < start:
                break
            first = i
        for i in range(index + 1, len(words)):
            if words[i][1] > end:
                break
            last = i
        if first == index:
            first = index - 1
        if last == index:
            last = index + 1
        for side in (words[first][2], words[last][2]):
            if not CJK_SIDE.fullmatch(side) or side in self.positions or side in self.stop_names:
                return None
        return words[first][0], words[last][1]

    def foreign_run(self, words: list[tuple[int, int, str, str]], index: int) -> tuple[int, int]:
        """The whole of a transliterated name jieba cut into pieces (亚斯特/任/布斯基 aside,
        斯特/罗耶夫, 鲍里斯/·/贝克尔): the adjacent words of transliteration characters and middle dots."""

        def part(i: int) -> bool:
            word = words[i][2]
            return word == "·" or all(char in self.foreign_chars for char in word)

        first = last = index
        while first > 0 and part(first - 1) and index - first < 4:
            first -= 1
        while last + 1 < len(words) and part(last + 1) and last - index < 4:
            last += 1
        while words[first][2] == "·":
            first += 1
        while words[last][2] == "·":
            last -= 1
        return words[first][0], words[last][1]

    def looks_like_place(self, word: str) -> bool:
        """A place jieba knows but no gazetteer does: 3+ characters with a place head (…县, …镇)."""
        return len(word) >= 3 and word.endswith(self.place_suffixes) and not word.startswith(self.not_place_starts)

    def looks_foreign(self, word: str) -> bool:
        """A transliterated name: two to seven characters, each one transliterations use."""
        letters = word.replace("·", "")
        return 2 <= len(letters) <= 7 and all(char in self.foreign_chars for char in letters)

    def looks_like_name(self, word: str) -> bool:
        if "·" in word:
            return True
        if not 2 <= len(word) <= 4:
            return False
        if word in self.japanese_surnames:
            return True  # Hashimoto with a title: a Japanese surname alone names a person in a person's context
        # a surname of one or two characters, then a given name of one or two
        return any(word[:size] in self.surname_set and len(word) - size in (1, 2) for size in (1, 2))


@Language.factory("kg_place_heads", default_config={})
def make_place_heads(nlp: Language, name: str) -> Any:
    return PlaceHeadFinder(load_rules().lexicon)


# jieba's dictionary tags many common words nr (康庄, 边远): inside one word only a place or foreign stem counts.
WHOLE_WORD_STEM_TAGS = {"ns", "nrt", "nz", "j"}


class PlaceHeadFinder:
    """Places by their head: a proper name before …县/…镇/…村 or …大桥/…机场/…铁路.

    泥汊/镇, 德黑兰/机场 and 明石/海峡/大桥 are places because the head says so
    and the words before it are names (jieba tags them ns, nr, nz or leaves
    them untagged), not common words (开发/区, 服务/区). A head of its own
    word (京沪铁路, 称多县) counts when what precedes it is two characters or
    more and no common word.
    """

    def __init__(self, lexicon: dict[str, tuple[str, ...]]) -> None:
        self.heads: dict[str, str] = {}
        for head in lexicon.get("facility_heads", ()):
            self.heads[head] = "LOC"
        for head in lexicon.get("admin_heads", ()):
            self.heads[head] = "GPE"
        self.head_sizes = sorted({len(head) for head in self.heads}, reverse=True)
        self.not_starts = tuple(lexicon.get("not_place_starts", ()))
        self.stops = set(lexicon.get("stop_names", ())) | set(lexicon.get("positions", ()))
        self.generic = set(lexicon.get("generic_place_words", ()))
        _cut, self.tags = _jieba()

    def __call__(self, doc: Doc) -> Doc:
        words = doc.user_data.get("kg_words", [])
        found = []
        for index, (start, end, word, tag) in enumerate(words):
            # the longest head the word ends in, by look-up: a scan of every head for every word costs a third of recognition
            head = next((word[-size:] for size in self.head_sizes if word[-size:] in self.heads and len(word) >= size), None)
            if head is None or not CJK_RUN.fullmatch(word):
                continue
            label = self.heads[head]
            if len(word) > len(head):
                stem = word[: -len(head)]
                # the stem a known name (秦岭/隧道), or the whole a name jieba knows (称多县 nrt); not
                # an unknown stem inside an unknown word (综试区)
                stem_tag = self.tags.get(stem) or (tag if tag in PROPER_TAGS - {"x"} else "")
                if (len(stem) >= 2 and stem_tag in WHOLE_WORD_STEM_TAGS and self.proper(stem, stem_tag)
                        and word[-2:] not in self.generic and word not in self.generic and tag not in {"i", "l"}):
                    found.append((start, end, label, None))
                continue
            first = index
            while first > 0 and index - first < 3:
                _s, _e, previous, previous_tag = words[first - 1]
                if not self.proper(previous, previous_tag) or end - words[first - 1][0] > 12:
                    break
                first -= 1
            if first < index:
                found.append((words[first][0], end, label, None))
        add_candidates(doc, "place_head", found)
        return doc

    def proper(self, word: str, tag: str) -> bool:
        return (tag in PROPER_TAGS and word not in self.stops and word not in self.generic and not word.startswith(self.not_starts)
                and CJK_RUN.fullmatch(word) is not None)


@Language.factory("kg_model", default_config={"directory": None})
def make_model(nlp: Language, name: str, directory: str | None) -> Any:
    from .ner import load_model

    return ModelFinder(load_model(Path(directory) if directory else None), load_rules().lexicon)


MODEL_LABELS = {"PER": "PERSON", "ORG": "ORG"}


class ModelFinder:
    """The trained model's names as candidates; a place is a GPE unless a facility, landform
    or region head ends it (lexicon lists ``facility_heads`` and ``region_suffixes``)."""

    def __init__(self, model: Any, lexicon: dict[str, tuple[str, ...]]) -> None:
        self.model = model
        self.person_shaped = NameShape(lexicon)
        self.landform = re.compile(f"(?:{trie_regex((*lexicon.get('facility_heads', ()), *lexicon.get('region_suffixes', ())))})$")

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        gazetteer = [(span.start, span.end, span.label_) for span in doc.spans.get(CANDIDATE_PREFIX + "gazetteer", ())]
        found = []
        for start, end, label in self.model.tag(text, doc.user_data.get("kg_words", ()), gazetteer):
            if end - start < 2:
                # one character (中, 法, 地): kg reads abbreviations from their context (the country_abbreviation rule)
                continue
            if label == "LOC":
                kind = "LOC" if self.landform.search(text, start, end) else "GPE"
            elif label == "PER" and not self.person_shaped(text[start:end]):
                continue  # 聚力, 普惠性: the model's guess at a word with no name's shape
            else:
                kind = MODEL_LABELS[label]
            found.append((start, end, kind, None))
        add_candidates(doc, "model", found)
        return doc


@Language.factory("kg_resolve", default_config={})
def make_resolve(nlp: Language, name: str) -> Any:
    return resolve_overlaps


def tier_of(source: str) -> int:
    return TIERS.get(source.split(":", 1)[0], 5)


POST_LINKS = ("", "、", "原", "兼", "前")
UNNAMED_UNIT = re.compile(f"[、兼][{CJK}]{{2,8}}")  # 副总裁、国际站总经理; 副总经理兼研究院院长


def held_by_person(chosen: list[tuple[Span, str]], index: int, text: str) -> bool:
    """A post title counts only as the post of a named person: one right after it,
    past other posts and organisations (副理事长、商务部原副部长魏建国), or right before it (习近平主席)."""
    position = chosen[index][0]
    if index > 0 and chosen[index - 1][0].label_ == "PERSON" and chosen[index - 1][0].end_char == position.start_char:
        return True
    end = position.end_char
    for span, _source in chosen[index + 1:]:
        gap = text[end:span.start_char]
        # 副总裁、国际站总经理张阔: an unnamed unit may stand before the next post
        if gap not in POST_LINKS and not (span.label_ == "POSITION" and UNNAMED_UNIT.fullmatch(gap)):
            return False
        if span.label_ == "PERSON":
            return True
        if span.label_ not in ("ORG", "GPE", "POSITION"):
            return False
        end = span.end_char
    return False


def contest_round(tier: int) -> int:
    """Candidates meet in rounds, each longest first: the rules, the model, statistics. So a
    rule's name keeps its span, and the model's reading of a name (梁仪坚, not 梁仪) beats the
    one jieba's statistics guess."""
    return 0 if tier < TIERS["model"] else 1 if tier == TIERS["model"] else 2


def resolve_overlaps(doc: Doc) -> Doc:
    """Keep non-overlapping candidates: by round (``contest_round``), then longest first, then the stronger source."""
    candidates = []
    for key in doc.spans:
        if key.startswith(CANDIDATE_PREFIX):
            source = key[len(CANDIDATE_PREFIX):]
            tier = tier_of(source)
            round_ = contest_round(tier)
            candidates.extend(((round_, span.start - span.end, tier, span.start), span.end, span, source) for span in doc.spans[key])
    candidates.sort(key=lambda c: c[0])
    taken = bytearray(len(doc))
    chosen: list[tuple[Span, str]] = []
    for (_round, _length, _tier, start), end, span, source in candidates:
        if 1 in taken[start:end]:
            continue
        taken[start:end] = b"\1" * (end - start)
        chosen.append((span, source))
    chosen = sorted((c for c in chosen if c[0].label_ != BLOCKER), key=lambda c: c[0].start)
    chosen = [c for index, c in enumerate(chosen) if c[0].label_ != "POSITION" or held_by_person(chosen, index, text_of(doc))]
    doc.user_data["kg_sources"] = [source for _span, source in chosen]
    doc.set_ents([span for span, _source in chosen])  # what ``doc.ents =`` does, without copying every span first
    return doc


# --- the pipeline --------------------------------------------------------------------


def build_pipeline(rules: Rules | None = None, *, statistical: bool = True, model: bool = False, model_directory: Path | None = None) -> Language:
    """A spaCy pipeline that finds kg's mentions (see the module docstring)."""
    rules = rules or load_rules()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": CANDIDATE_PREFIX + "gazetteer", "phrase_matcher_attr": "ORTH"})
    patterns = []
    for entry in rules.gazetteer:
        for name in (entry["name"], *entry.get("aliases", ())):
            patterns.append({"label": entry["label"], "pattern": name, "id": entry["name"]})
    for position in rules.lexicon.get("positions", ()):
        patterns.append({"label": "POSITION", "pattern": position, "id": position})
    for blocker in rules.lexicon.get("match_blockers", ()):
        patterns.append({"label": BLOCKER, "pattern": blocker})
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    nlp.add_pipe("kg_words")
    nlp.add_pipe("kg_patterns", config={"rules": list(rules.patterns)})
    nlp.add_pipe("kg_org_suffix")
    nlp.add_pipe("kg_propagate")
    nlp.add_pipe("kg_place_heads")
    if model:
        nlp.add_pipe("kg_model", config={"directory": str(model_directory) if model_directory else None})
    if statistical:
        nlp.add_pipe("kg_statistical")
    nlp.add_pipe("kg_resolve")
    return nlp


@functools.cache
def default_pipeline() -> Language:
    return build_pipeline(model=RECOGNIZER["model"])


def recognize(article: Article, nlp: Language | None = None) -> list[Mention]:
    """The mentions in an article's text, in text order."""
    return mentions_in(article.text, nlp)


def mentions_in(text: str, nlp: Language | None = None) -> list[Mention]:
    nlp = nlp or default_pipeline()
    simplified = to_simplified(text)
    # One token per character, built directly: what the char segmenter makes,
    # without its alignment pass.
    doc = Doc(nlp.vocab, words=list(simplified), spaces=[False] * len(simplified))
    doc.user_data["kg_text"] = simplified
    for _name, component in nlp.pipeline:
        doc = component(doc)
    sources = doc.user_data.get("kg_sources", [])
    return [
        Mention(
            start=span.start_char,
            end=span.end_char,
            text=text[span.start_char:span.end_char],
            label=span.label_,
            source=source,
            canonical=span.id_ or None,
        )
        for span, source in zip(doc.ents, sources, strict=True)
    ]
