"""``kg_org_suffix``: organisations by their head word (…部, …局, …协会, …研究院),
grown leftwards over nominal words.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.recognize.candidates import add_candidates
from kg.recognize.rules import Rules
from kg.recognize.words import FUNCTION_TAGS, HEAD_TAGS, LETTERS, MODIFIER_TAGS, NOMINAL_TAGS, PROPER_TAGS, _jieba


@Language.factory("kg_org_suffix", default_config={"max_chars": 24, "rules": {"@misc": "kg.rules.v1", "gazetteers": [], "patterns": []}})
def make_org_suffix(nlp: Language, name: str, max_chars: int, rules: Rules) -> Any:
    return OrgSuffixFinder(rules, max_chars)


class OrgSuffixFinder:
    """Organisations by their head: a run of nominal words ending in a suffix.

    深圳市/跨境/电子商务/协会 is an organisation because 协会 is a head word and
    every word before it, back to the last punctuation or verb, is nominal.
    """

    def __init__(self, rules: Rules, max_chars: int) -> None:
        lexicon = rules.lexicon
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
        self.places = {name for entry in rules.gazetteer if entry["label"] == "GPE" for name in (entry["name"], *entry.get("aliases", ())) if len(name) >= 2}

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
