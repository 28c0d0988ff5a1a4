"""jieba's words with their dictionary tags, computed once per document for the
finders that build on words, and the tag classes they use.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.recognize.candidates import text_of
from kg.text import CJK


@Language.factory("kg_words", default_config={})
def make_words(nlp: Language, name: str) -> Any:
    _jieba()  # load the dictionary with the pipeline, not on the first article
    return WordTagger()


class WordTagger:
    """Segments the text with jieba once and keeps each word's dictionary tag."""

    def __call__(self, doc: Doc) -> Doc:
        words = doc.user_data["kg_words"] = tag_words(text_of(doc))
        # where words end: a boundary a rule's or the model's name must not cut inside
        # (交 of 交易会 is no stop word)
        doc.user_data["kg_word_ends"] = frozenset(word[1] for word in words)
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


LETTERS = re.compile(f"[{CJK}A-Za-z]+")
NOMINAL_TAGS = {"n", "nt", "ns", "nz", "nrt", "j", "vn", "eng", "x", "an"}
HEAD_TAGS = NOMINAL_TAGS - {"vn", "an"}
# Tags of words that can be (part of) a proper name, as jieba's dictionary has them.
PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nz", "j", "x"}
# Words that may stand between a place and an organisation's head though not nominal (France / employers / association).
MODIFIER_TAGS = {"b", "nr", "nrt", "nz", "j"}


# Dictionary tags of words that open no organisation's name: verbs, prepositions,
# conjunctions, pronouns, adverbs, numerals, measure words, directions.
FUNCTION_TAGS = {"v", "p", "c", "r", "d", "m", "q", "f", "u", "vd", "ad", "y"}
