"""``kg_statistical``: names jieba's dictionary and HMM tag as person, place or
organisation names, the last fallback for names in no list.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.recognize.candidates import add_candidates
from kg.recognize.rules import Rules
from kg.recognize.words import _jieba
from kg.text import CJK

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


@Language.factory("kg_statistical", default_config={"rules": {"@misc": "kg.rules.v1", "gazetteers": [], "patterns": []}})
def make_statistical(nlp: Language, name: str, rules: Rules) -> Any:
    return StatisticalNames(rules.lexicon)


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
