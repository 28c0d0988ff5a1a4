"""Stage 2: mentions. A spaCy pipeline of finders, one module each, settled by ``resolve``.

    settings.py     RecognizerSettings: model on or off, its directory, the user's rules files
    rules.py        the data files: gazetteers, lexicon, pattern rules
    recognizer.py   the pipeline's assembly; Recognizer, mentions_in
    candidates.py   the span groups the finders write, and their tiers
    words.py        jieba's words and tags (kg_words)
    patterns.py     regular-expression rules (kg_patterns)
    org_heads.py    organisations by their head word (kg_org_suffix)
    propagate.py    a name found once, found everywhere (kg_propagate)
    place_heads.py  places by their head word (kg_place_heads)
    ner.py          the trained character CRF (kg_model)
    latin.py        names in Latin letters, a learned classifier (kg_latin)
    statistical.py  jieba's name tags, the last fallback (kg_statistical)
    resolve.py      overlaps settled, doc.ents set (kg_resolve)
"""

# Importing the finders registers their factories with spaCy before any pipeline is built.
from kg.recognize import latin, ner, org_heads, patterns, place_heads, propagate, resolve, statistical, words  # noqa: F401
from kg.recognize.recognizer import Recognizer, build_pipeline, mentions_in, recognizer_for
from kg.recognize.settings import RecognizerSettings

__all__ = ["Recognizer", "RecognizerSettings", "build_pipeline", "mentions_in", "recognizer_for"]
