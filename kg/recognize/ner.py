"""The statistical recogniser: a linear-chain CRF over characters.

It tags every character B/I/E/S- of a label of ``LABELS`` (people, places,
organisations, events, laws and policies, products) or O from features of the
characters around it, of the jieba word it lies in, of the gazetteer names over it
and of the rule finders' candidates over it, so that it finds names no list holds
and where they end (梁仪坚, not 梁仪), and weighs what the rules say. ``kg train`` (``kg/evaluation/train.py``) fits it with CRFsuite; what ships in
``kg/data/ner/`` is its weights as numpy tables, and tagging here is table
look-ups and a Viterbi pass in numpy: no CRFsuite at run time, and a whole
article's sentences decoded as one batch.

Features are named ``TEMPLATE=VALUE`` (``C-1=商``, ``CC0=商务``, ``W0=B:nt``,
``G0=I:ORG``, ``R0=E:EVENT``); ``attributes`` writes them as strings for training and
``CharCRF`` looks the same values up as integer keys, so both sides share
``TEMPLATES`` and ``sequences``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.recognize.candidates import CANDIDATE_PREFIX, add_candidates, text_of
from kg.recognize.rules import Rules
from kg.resources import data_path
from kg.text import CJK, trie_regex

# Every label of kg's that a name carries: people, places (a GPE unless a landform or
# facility head ends it, see ``ModelFinder``), organisations, events, laws and policies,
# products. Dates, money and the like are the patterns' job; posts the lexicon's.
LABELS = ("PER", "LOC", "ORG", "EVENT", "LAW", "PRODUCT")
TAGS = ("O", *(f"{prefix}-{label}" for label in LABELS for prefix in "BIES"))
PAD = "^"  # the value of a position outside the text
MODEL_DIR = "ner"
# The three sequences a template reads, one value per character.
CHAR, WORD, GAZETTEER, RULE = "C", "W", "G", "R"
# The rule finders whose candidates the model reads as features (``R``): the model
# weighs a pattern's or an organisation head's guess against the characters, so a
# rule that is often wrong no longer decides alone (see ``resolve``).
RULE_SOURCES = ("pattern:", "org_suffix", "propagated", "place_head")
# (name, sequence, offsets): a template's value at i joins its sequence's values
# at i + offset. Character n-grams carry most of the signal; jieba's word
# position and dictionary tag tell where words end and which are names; the
# gazetteer tells where a listed name lies.
TEMPLATES: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("C-2", CHAR, (-2,)),
    ("C-1", CHAR, (-1,)),
    ("C0", CHAR, (0,)),
    ("C1", CHAR, (1,)),
    ("C2", CHAR, (2,)),
    ("CC-2", CHAR, (-2, -1)),
    ("CC-1", CHAR, (-1, 0)),
    ("CC0", CHAR, (0, 1)),
    ("CC1", CHAR, (1, 2)),
    ("CCC-1", CHAR, (-1, 0, 1)),
    ("W-1", WORD, (-1,)),
    ("W0", WORD, (0,)),
    ("W1", WORD, (1,)),
    ("G-1", GAZETTEER, (-1,)),
    ("G0", GAZETTEER, (0,)),
    ("G1", GAZETTEER, (1,)),
    ("R-1", RULE, (-1,)),
    ("R0", RULE, (0,)),
    ("R1", RULE, (1,)),
)
# Clauses are decoded side by side, cut where no name runs on (a comma, a list's 、),
# and a long stretch into pieces of this many characters.
MAX_PIECE = 120
PIECE_ENDS = frozenset("。！？；，、：!?;,:\n")
_ENDS = re.escape("".join(sorted(PIECE_ENDS)))
# a piece: up to a clause end within MAX_PIECE characters, else MAX_PIECE characters (or the rest)
PIECE = re.compile(f"[^{_ENDS}]{{0,{MAX_PIECE - 1}}}[{_ENDS}]|[^{_ENDS}]{{1,{MAX_PIECE}}}")


def normal_char(char: str) -> str:
    """The character as the model sees it: digits are one digit, Latin letters one letter."""
    if char.isdigit():
        return "0"
    if char.isascii() and char.isalpha() or "Ａ" <= char <= "ｚ":
        return "a"
    if char.isspace():
        return " "
    return char


def position_codes(spans: Iterable[tuple[int, int, str]], length: int) -> list[str]:
    """Per character, where it lies in a span and the span's tag: ``B:nr``, ``I:ORG``, ``S:v``; ``-`` outside."""
    codes = ["-"] * length
    for start, end, tag in spans:
        if end - start == 1:
            codes[start] = "S:" + tag
        elif end > start:
            codes[start] = "B:" + tag
            for index in range(start + 1, end - 1):
                codes[index] = "I:" + tag
            codes[end - 1] = "E:" + tag
    return codes


def sequences(text: str, words: Sequence[tuple[int, int, str, str]], gazetteer: Iterable[tuple[int, int, str]],
              rules: Iterable[tuple[int, int, str]] = ()) -> dict[str, list[str]]:
    """The per-character values the templates read."""
    return {
        CHAR: [normal_char(char) for char in text],
        WORD: position_codes(((start, end, tag) for start, end, _word, tag in words), len(text)),
        GAZETTEER: position_codes(gazetteer, len(text)),
        RULE: position_codes(rules, len(text)),
    }


def rule_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """The rule finders' candidates of a doc, shortest first so that a longer one over
    the same characters is written last and wins (``position_codes``)."""
    spans = {
        (span.start, span.end, span.label_)
        for key in doc.spans
        if key.startswith(CANDIDATE_PREFIX) and key[len(CANDIDATE_PREFIX):].startswith(RULE_SOURCES)
        for span in doc.spans[key]
    }
    return sorted(spans, key=lambda span: (span[1] - span[0], span[0], span[2]))


def attributes(values: dict[str, list[str]]) -> list[list[str]]:
    """Each character's features as CRFsuite attribute strings (training)."""
    length = len(values[CHAR])
    rows = []
    for index in range(length):
        row = ["bias"]
        for name, sequence, offsets in TEMPLATES:
            parts = []
            for offset in offsets:
                at = index + offset
                parts.append(values[sequence][at] if 0 <= at < length else PAD)
            value = "|".join(parts) if sequence != CHAR else "".join(parts)
            if value != "-":  # outside every word or name: no feature
                row.append(f"{name}={value}")
        rows.append(row)
    return rows


def tags_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans of a BIOES sequence; an ill-formed run (I or E without B) starts a span."""
    spans = []
    start = label = None
    for index, tag in enumerate((*tags, "O")):
        prefix, _, kind = tag.partition("-")
        if label is not None and (prefix in ("O", "B", "S") or kind != label):
            spans.append((start, index, label))
            start = label = None
        if prefix in ("B", "S") or (prefix in ("I", "E") and label is None):
            start, label = index, kind
        if prefix in ("E", "S") and label is not None:
            spans.append((start, index + 1, label))
            start = label = None
    return spans


def allowed_transitions() -> np.ndarray:
    """BIOES grammar: which tag may follow which (rows: from, columns: to)."""
    allowed = np.zeros((len(TAGS), len(TAGS)), dtype=bool)
    for i, before in enumerate(TAGS):
        for j, after in enumerate(TAGS):
            b_prefix, _, b_label = before.partition("-")
            a_prefix, _, a_label = after.partition("-")
            if b_prefix in ("O", "E", "S"):
                allowed[i, j] = a_prefix in ("O", "B", "S")
            else:
                allowed[i, j] = a_prefix in ("I", "E") and a_label == b_label
    return allowed


def predecessor_table(allowed: np.ndarray, transitions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per tag, the tags that may precede it (padded with the index past the last tag) and
    their transition weights (padding -1e9): O, B and S follow O, E or S; I and E their own
    B or I. Viterbi over these is the same as over all 25 x 25 pairs, at a fifth of the sums."""
    count = allowed.shape[0]
    width = int(allowed.sum(axis=0).max())
    sources = np.full((count, width), count, dtype=np.intp)
    weights = np.full((count, width), -1e9, dtype=np.float32)
    for target in range(count):
        before = np.flatnonzero(allowed[:, target])
        sources[target, :len(before)] = before
        weights[target, :len(before)] = transitions[before, target]
    return sources, weights


def allowed_starts() -> np.ndarray:
    return np.array([tag == "O" or tag[0] in "BS" for tag in TAGS])


# A template's value key is its sequences' codes joined in base (vocabulary size); the
# template's index above them makes one sorted key space for all templates.
TEMPLATE_SHIFT = 48
# Characters the look-up array covers directly; any above share the unknown code.
CODEPOINTS = 0x30000


class CharCRF:
    """A trained model, loaded from its directory (``crf.npz`` and ``crf.json``)."""

    def __init__(self, directory: Path) -> None:
        try:
            meta = json.loads((directory / "crf.json").read_text(encoding="utf-8"))
            with np.load(directory / "crf.npz") as arrays:
                stored = {name: arrays[name] for name in arrays.files}
            if tuple(meta["tags"]) != TAGS or [t[0] for t in meta["templates"]] != [t[0] for t in TEMPLATES]:
                raise ConfigError(f"{directory}: the NER model was trained with other tags or features; run kg train")
            self.vocabularies = {name: {value: code for code, value in enumerate(values)} for name, values in meta["vocabularies"].items()}
            self.weights, self.bases, self.n_gram_rows = self.weight_table(stored)
            self.bias = stored["bias"]
            transitions = stored["transitions"]
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            raise ConfigError(f"{directory}: cannot load the NER model: {error!r}") from error
        self.meta = meta
        self.version = meta["version"]
        self.transitions = np.where(allowed_transitions(), transitions, -1e4).astype(np.float32)
        self.starts = np.where(allowed_starts(), 0.0, -1e4).astype(np.float32)
        self.char_codes = self.character_table()
        self.predecessors = predecessor_table(allowed_transitions(), self.transitions)

    def weight_table(self, stored: dict[str, np.ndarray]) -> tuple[np.ndarray, list[int], KeyTable]:
        """All templates' weight rows in one array, so that a text's features are one gather.

        A template of one position has a row for every code of its sequence (its
        code is its row); an n-gram template has rows for the values the model
        weighed, found by their keys (the template's index above each key) in the
        returned ``KeyTable``. The last row is zeros: a value the model never weighed.
        """
        single = [(index, name, sequence) for index, (name, sequence, offsets) in enumerate(TEMPLATES) if len(offsets) == 1]
        n_grams = [(index, name) for index, (name, _sequence, offsets) in enumerate(TEMPLATES) if len(offsets) > 1]
        bases, position = [0] * len(TEMPLATES), 0
        for index, _name, sequence in single:  # a block of rows each, a row per code
            bases[index] = position
            position += len(self.vocabularies[sequence])
        sparse_base = position  # then the n-gram values' rows
        for index, _name in n_grams:
            bases[index] = sparse_base
        keys = np.concatenate([stored[f"{name}.keys"] + (index << TEMPLATE_SHIFT) for index, name in n_grams])
        # one array, the stored ones copied in and dropped one by one (loading the model is
        # a build's peak of memory); the rows of zeros are pages never written
        weights = np.zeros((sparse_base + len(keys) + 1, len(TAGS)), dtype=np.float32)
        for (index, name, _sequence) in single:
            weights[bases[index] + stored.pop(f"{name}.keys")] = stored.pop(f"{name}.weights")
        row = sparse_base
        for _index, name in n_grams:
            block = stored.pop(f"{name}.weights")
            weights[row:row + len(block)] = block
            row += len(block)
            del stored[f"{name}.keys"], block
        return weights, bases, KeyTable(keys, sparse_base + np.arange(len(keys)), missing=len(weights) - 1)

    def character_table(self) -> np.ndarray:
        """Code of each code point, ``normal_char`` applied: 1 (unknown) where the model has none."""
        vocabulary = self.vocabularies[CHAR]
        table = np.ones(CODEPOINTS, dtype=np.int64)
        for char, code in vocabulary.items():
            if len(char) == 1 and ord(char) < CODEPOINTS and code > 0:
                table[ord(char)] = code
        for point in range(CODEPOINTS):
            normal = normal_char(chr(point))
            if normal != chr(point) and normal in vocabulary:
                table[point] = vocabulary[normal]
        return table

    def codes(self, text: str, words: Sequence[tuple[int, int, str, str]], gazetteer: Iterable[tuple[int, int, str]],
              rules: Iterable[tuple[int, int, str]] = ()) -> dict[str, np.ndarray]:
        """Per sequence, each character's value code, padded by the pad code (0) on both sides."""
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        chars = self.char_codes[np.minimum(points, CODEPOINTS - 1)]
        chars[points >= CODEPOINTS] = 1
        return {
            CHAR: np.concatenate(([0], chars, [0])),
            WORD: self.span_codes(WORD, ((start, end, tag) for start, end, _word, tag in words), len(text)),
            GAZETTEER: self.span_codes(GAZETTEER, gazetteer, len(text)),
            RULE: self.span_codes(RULE, rules, len(text)),
        }

    def span_codes(self, sequence: str, spans: Iterable[tuple[int, int, str]], length: int) -> np.ndarray:
        """The codes of ``position_codes``, padded, written for all spans at once (a later
        span over the same character wins, as there)."""
        vocabulary = self.vocabularies[sequence]
        codes = np.full(length + 2, vocabulary.get("-", 1), dtype=np.int64)
        codes[0] = codes[-1] = 0
        spans = [span for span in spans if span[1] > span[0]]
        if not spans:
            return codes
        starts = np.array([span[0] for span in spans], dtype=np.int64)
        lengths = np.array([span[1] - span[0] for span in spans], dtype=np.int64)
        # per span, the codes of its tag at a start, inside, at the end and alone
        by_tag = {tag: [vocabulary.get(f"{place}:{tag}", 1) for place in "BIES"] for tag in {span[2] for span in spans}}
        places = np.array([by_tag[span[2]] for span in spans], dtype=np.int64)
        owner = np.repeat(np.arange(len(spans)), lengths)
        within = np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        place = np.where(within == 0, 0, np.where(within == lengths[owner] - 1, 2, 1))
        place[lengths[owner] == 1] = 3
        codes[starts[owner] + within + 1] = places[owner, place]
        return codes

    def emissions(self, codes: dict[str, np.ndarray]) -> np.ndarray:
        """Per character and tag, the sum of its features' weights (all templates in one gather)."""
        length = len(codes[CHAR]) - 2
        rows = np.empty((len(TEMPLATES), length), dtype=np.int64)
        n_grams = []
        for index, (_name, sequence, offsets) in enumerate(TEMPLATES):
            padded = codes[sequence]
            if len(offsets) == 1:
                rows[index] = self.bases[index] + window(padded, offsets[0], length)
                continue
            size = len(self.vocabularies[sequence])
            value = np.zeros(length, dtype=np.int64)
            for offset in offsets:
                value = value * size + window(padded, offset, length)
            rows[index] = value + (index << TEMPLATE_SHIFT)
            n_grams.append(index)
        rows[n_grams] = self.n_gram_rows.find(rows[n_grams])
        # ``take`` gathers whole rows two or three times faster than indexing with an array
        return self.weights.take(rows, axis=0).sum(axis=0) + self.bias

    def decode(self, scores: np.ndarray, pieces: list[tuple[int, int]]) -> np.ndarray:
        """The best tag sequence of each piece, all pieces decoded side by side (Viterbi).

        A piece ends with one more step whose scores allow only O, so that only a tag an
        ended name may stand in (O, E, S) is its last. The pieces are taken longest first:
        the pieces still running at a step are then the first rows, and a step computes
        only those (a text's clauses are mostly far shorter than its longest).
        """
        lengths = np.array([end - start for start, end in pieces], dtype=np.intp)
        order = np.argsort(-lengths, kind="stable")
        lengths, starts = lengths[order], np.array([start for start, _end in pieces], dtype=np.intp)[order]
        longest, count = int(lengths[0]), len(pieces)
        # rows still running at each step (a piece takes its last step, into O, at its length)
        running = np.searchsorted(-lengths, -np.arange(longest + 1), side="right").tolist()
        outside = np.full((1, len(TAGS)), -1e4, dtype=np.float32)
        outside[0, 0] = 0.0  # past a piece's end: O, which only an ended name may precede
        steps = np.arange(longest + 1)[:, None]
        inside = steps < lengths[None, :]  # step, piece
        at = np.where(inside, starts[None, :] + steps, len(scores))  # the row of the step's scores
        batch = np.concatenate((scores, outside)).take(at, axis=0)  # step, piece, tag
        # per step, piece and tag the best score of a path ending there; one more column,
        # never chosen: where a tag has fewer predecessors than the most
        best = np.full((longest + 1, count, len(TAGS) + 1), -1e9, dtype=np.float32)
        best[0, :, :-1] = self.starts + batch[0]
        sources, weights = self.predecessors
        # [from, to]: a step's candidates are [piece, from, to], and the maximum over the
        # middle axis runs along whole rows of tags (over a short last axis numpy is slow)
        sources_by_slot, weights_by_slot = sources.T, weights.T
        for step in range(1, longest + 1):
            live = running[step]
            candidates = best[step - 1, :live][:, sources_by_slot]
            candidates += weights_by_slot
            np.add(candidates.max(axis=1), batch[step, :live], out=best[step, :live, :-1])
        # each piece's best last tag, at its last step, and back from there: the argmax over
        # a tag's predecessors is taken for the chosen tag only, not for every tag at each step
        rows = np.arange(count)
        path = np.empty((longest + 1, count), dtype=np.intp)  # step, piece: the tags chosen
        path[lengths, rows] = best[lengths, rows, :-1].argmax(axis=1)
        for step in range(longest, 0, -1):
            live = running[step]
            chosen = path[step, :live]
            slots = (best[step - 1, rows[:live, None], sources[chosen]] + weights[chosen]).argmax(axis=1)
            path[step - 1, :live] = sources[chosen, slots]
        tags = np.zeros(len(scores), dtype=np.intp)
        tags[at[inside]] = path[inside]
        return tags

    def tag(self, text: str, words: Sequence[tuple[int, int, str, str]], gazetteer: Iterable[tuple[int, int, str]],
            rules: Iterable[tuple[int, int, str]] = ()) -> list[tuple[int, int, str]]:
        """(start, end, label of ``LABELS``) for each name the model finds in the text."""
        if not text:
            return []
        tags = self.decode(self.emissions(self.codes(text, words, gazetteer, rules)), pieces_of(text))
        # read only the runs of tags other than O: most of a text is O
        named = np.flatnonzero(tags)
        spans = []
        for run in np.split(named, np.flatnonzero(np.diff(named) > 1) + 1) if len(named) else ():
            start = int(run[0])
            spans.extend((start + a, start + b, label) for a, b, label in tags_to_spans([TAGS[t] for t in tags[start:run[-1] + 1]]))
        return spans


def window(padded: np.ndarray, offset: int, length: int) -> np.ndarray:
    """The codes at i + offset for each character i, from codes padded by one pad code a side;
    further out than that the pad code (0) repeats."""
    low = 1 + offset
    taken = padded[max(low, 0): low + length]
    before = max(-low, 0)
    after = length - before - len(taken)
    if before or after:
        taken = np.concatenate((np.zeros(before, dtype=np.int64), taken, np.zeros(after, dtype=np.int64)))
    return taken


class KeyTable:
    """Non-negative integer keys to values, by open addressing in two numpy arrays.

    The n-gram values' keys are 700,000: a binary search among them (``np.searchsorted``)
    misses the cache at most of its twenty steps for every character and template, where
    a hashed key is found at its first slot or the next few. The slots a key tries after
    the first are a stride apart that depends on the key (double hashing): keys that
    share a first slot part ways, and no long runs of taken slots form, whose walk
    would cost a text's whole look-up one more round of numpy calls per slot.
    """

    EMPTY = -1
    MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the product's top bits

    def __init__(self, keys: np.ndarray, values: np.ndarray, *, missing: int, load: float = 0.35) -> None:
        bits = max(int(np.ceil(np.log2(max(len(keys), 1) / load))), 1)
        self.bits, self.mask, self.missing = bits, (1 << bits) - 1, missing
        self.keys = np.full(1 << bits, self.EMPTY, dtype=np.int64)
        self.values = np.zeros(1 << bits, dtype=np.int32)
        for start in range(0, len(keys), self.CHUNK):
            self.insert(keys[start:start + self.CHUNK], values[start:start + self.CHUNK])

    CHUNK = 1 << 16  # keys inserted at once: the model loads at a build's peak of memory

    def insert(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Insert keys not in the table yet, all at once: of the keys that want a free slot
        the first takes it, the others (and those whose slot is taken) try their next slot."""
        pending, (slot, stride) = np.arange(len(keys)), self.probes(keys)
        while len(pending):
            free = np.flatnonzero(self.keys[slot] == self.EMPTY)
            _slots, first = np.unique(slot[free], return_index=True)
            placed = free[first]
            self.keys[slot[placed]] = keys[pending[placed]]
            self.values[slot[placed]] = values[pending[placed]]
            waiting = np.ones(len(pending), dtype=bool)
            waiting[placed] = False
            pending, slot, stride = pending[waiting], (slot[waiting] + stride[waiting]) & self.mask, stride[waiting]

    def probes(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each key's first slot (the product's top bits) and the stride to its next ones
        (the bits below those, odd: every slot of the power-of-two table is reached)."""
        product = keys.astype(np.uint64) * self.MULTIPLIER
        first = (product >> np.uint64(64 - self.bits)).astype(np.intp)
        stride = ((product >> np.uint64(64 - 2 * self.bits)).astype(np.intp) & self.mask) | 1
        return first, stride

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Each key's value, ``missing`` for a key not in the table (any shape)."""
        flat = keys.ravel()
        found = np.full(len(flat), self.missing, dtype=np.int64)
        pending, (slot, stride) = np.arange(len(flat)), self.probes(flat)
        while len(pending):  # probe on until each key is found or an empty slot says it is absent
            stored = self.keys[slot]
            hit = stored == flat[pending]
            found[pending[hit]] = self.values[slot[hit]]
            going_on = ~hit & (stored != self.EMPTY)
            pending, slot, stride = pending[going_on], (slot[going_on] + stride[going_on]) & self.mask, stride[going_on]
        return found.reshape(keys.shape)


def pieces_of(text: str) -> list[tuple[int, int]]:
    """The text cut after each clause end, and long stretches into ``MAX_PIECE`` characters."""
    return [match.span() for match in PIECE.finditer(text)]


def model_directory() -> Path:
    return data_path(MODEL_DIR)


def model_version(directory: Path | None = None) -> str | None:
    """The shipped model's version (a digest of its weights), or None when there is none."""
    path = (directory or model_directory()) / "crf.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


@functools.cache
def load_model(directory: Path | None = None) -> CharCRF:
    directory = directory or model_directory()
    if not (directory / "crf.npz").is_file():
        raise ConfigError(f"{directory}: no NER model here; train one with `kg train`, or build with --no-model")
    return CharCRF(directory)


@Language.factory("kg_model", default_config={"directory": None, "rules": {"@misc": "kg.rules.v1", "gazetteers": [], "patterns": []}})
def make_model(nlp: Language, name: str, directory: str | None, rules: Rules) -> Any:
    return ModelFinder(load_model(Path(directory) if directory else None), rules.lexicon)


MODEL_LABELS = {"PER": "PERSON", "ORG": "ORG", "EVENT": "EVENT", "LAW": "LAW", "PRODUCT": "PRODUCT"}


class ModelFinder:
    """The trained model's names as candidates; a place is a GPE unless a facility, landform
    or region head ends it (lexicon lists ``facility_heads`` and ``region_suffixes``).
    Its people need no name's shape: trained on kg's corpus, it names 普京, 成蕾 and
    林郑月娥, which the shape check (``patterns.NameShape``) dropped (PERSON F1 on the
    corpus's dev split 0.785 with the check, 0.794 without)."""

    def __init__(self, model: Any, lexicon: dict[str, tuple[str, ...]]) -> None:
        self.model = model
        self.chinese = re.compile(f"[{CJK}]")
        heads = (*lexicon.get("facility_heads", ()), *lexicon.get("region_suffixes", ()), *lexicon.get("model_site_heads", ()))
        self.landform = re.compile(f"(?:{trie_regex(heads)})$")

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        gazetteer = [(span.start, span.end, span.label_) for span in doc.spans.get(CANDIDATE_PREFIX + "gazetteer", ())]
        found = []
        for start, end, label in self.model.tag(text, doc.user_data.get("kg_words", ()), gazetteer, rule_spans(doc)):
            if end - start < 2:
                # one character (中, 法, 地): kg reads abbreviations from their context (the country_abbreviation rule)
                continue
            if not self.chinese.search(text, start, end):
                # the model reads every Latin letter as one (``normal_char``): on the corpus's dev
                # split seven in ten of its names without a Chinese character were wrong
                continue
            if label == "LOC":
                kind = "LOC" if self.landform.search(text, start, end) else "GPE"
            else:
                kind = MODEL_LABELS[label]
            found.append((start, end, kind, None))
        add_candidates(doc, "model", found)
        return doc
