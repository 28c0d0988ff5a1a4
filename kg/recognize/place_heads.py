"""``kg_place_heads``: places by their head word (…县, …镇, …机场, …大桥) after a proper word."""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.recognize.candidates import add_candidates
from kg.recognize.rules import Rules
from kg.recognize.statistical import CJK_RUN
from kg.recognize.words import PROPER_TAGS, _jieba


@Language.factory("kg_place_heads", default_config={"rules": {"@misc": "kg.rules.v1", "gazetteers": [], "patterns": []}})
def make_place_heads(nlp: Language, name: str, rules: Rules) -> Any:
    return PlaceHeadFinder(rules.lexicon)


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
        self.head_ends = frozenset(head[-1] for head in self.heads if head)  # most words end in none
        self.not_starts = tuple(lexicon.get("not_place_starts", ()))
        self.stops = set(lexicon.get("stop_names", ())) | set(lexicon.get("positions", ()))
        self.generic = set(lexicon.get("generic_place_words", ()))
        _cut, self.tags = _jieba()

    def __call__(self, doc: Doc) -> Doc:
        words = doc.user_data.get("kg_words", [])
        found = []
        for index, (start, end, word, tag) in enumerate(words):
            head = self.head_of(word)
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

    def head_of(self, word: str) -> str | None:
        """The longest head the word ends in, by look-up (a scan of every head for every word
        costs a third of recognition), in a plain loop (a generator made for every word
        cost two fifths of this finder)."""
        if word[-1:] not in self.head_ends:
            return None
        for size in self.head_sizes:
            if len(word) >= size and word[-size:] in self.heads:
                return word[-size:]
        return None

    def proper(self, word: str, tag: str) -> bool:
        return (tag in PROPER_TAGS and word not in self.stops and word not in self.generic and not word.startswith(self.not_starts)
                and CJK_RUN.fullmatch(word) is not None)
