"""``kg_latin``: names written in Latin letters inside Chinese text (TikTok, AFP, Bouygues
Telecom, iPhone 12 Pro, Kepler Cheuvreux).

The character model reads every Latin letter as one letter (``ner.normal_char``) and names
nothing without a Chinese character, yet a tenth of the corpus's organisations, a fifth of
its people and two fifths of its products are written so. Each run of Latin words is a
candidate; a multinomial logistic regression over the words themselves, their shape and
the Chinese characters around them (``features``) tells an organisation from a product, a
person, a place, a law, an event or no name (GDP, CEO, 5G). It is learned on the corpus's
train split (``python -m kg.evaluation.learn_latin``) and shipped as ``data/ner/latin.json``;
without that file the component finds nothing. All the occurrences of one string in an
article share one label: their scores are averaged, as a reader takes TikTok for the same
thing each time.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.recognize.candidates import add_candidates, text_of
from kg.resources import data_path

# A Latin word, then more words each capitalised or a digit group (Bouygues Telecom, iPhone 12
# Pro) or a lower-case particle inside a name (Observatory of Economic Complexity, Cartel de
# los Soles); what ends a candidate's last word (a full stop, a dash) is not part of it.
LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # accented letters too (Reuterswärd, Řeporyje)
UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f"  # Latin Extended-A and -B mix both cases
WORD = rf"[{LETTER}][{LETTER}0-9&'’.\-+]*"
# lower-case words inside a name (Observatory of Economic Complexity, Bashar al Assad)
PARTICLES = frozenset({"of", "and", "de", "du", "des", "la", "le", "los", "las", "for", "the", "von", "van", "der", "den",
                       "del", "di", "da", "bin", "al", "&"})
NEXT_WORD = rf"[{UPPER}0-9][{LETTER}0-9&'’.\-+]*|" + "|".join(re.escape(p) for p in sorted(PARTICLES, key=lambda p: (-len(p), p)))
LATIN_RUN = re.compile(rf"(?<![{LETTER}0-9]){WORD}(?: (?:{NEXT_WORD}))*(?![{LETTER}0-9])")
TRAILING = ".-'’ +&"
CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
MODEL_FILE = "ner/latin.json"
NO_NAME = "O"


# A Latin run in brackets right after a Chinese name or a title (联合航空（United Airlines）,
# 《一夜大肚》（Knocked Up）) glosses that name: it is the name's entity, which the gloss
# takes from it (``resolve.with_glosses``), or nothing that this run alone could name.
GLOSSED = re.compile(r"[\u3400-\u9fff》」”』][（(] ?$")


def latin_candidates(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of Latin words, without the marks and particles that end
    it; runs that gloss the name before them are not candidates."""
    for match in LATIN_RUN.finditer(text):
        start, end = match.span()
        # a name's first word has a capital (TikTok, iPhone, e-Palette, Řeporyje); all in lower
        # case it is a word of running English (list 2 of 4, a page's slide counter)
        if GLOSSED.search(text, max(0, start - 3), start) or text[start:match.end()].split(" ")[0].islower():
            continue
        while end > start:
            if text[end - 1] in TRAILING:
                end -= 1
                continue
            head, _, last = text[start:end].rpartition(" ")
            if head and last in PARTICLES:
                end = start + len(head)
                continue
            break
        if end > start:
            yield start, end


def shape(name: str) -> str:
    """The name's letters as classes: Xx for TikTok, X for AFP, x for iPhone's i, 9 for digits."""
    classes = []
    for char in name:
        kind = "X" if char.isupper() else "x" if char.islower() else "9" if char.isdigit() else char
        if not classes or classes[-1] != kind:
            classes.append(kind)
    return "".join(classes)[:8]


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """Two characters before and after, past one space."""
    before = text[max(0, start - 3):start].rstrip(" ")[-2:]
    after = text[end:end + 3].lstrip(" ")[:2]
    return before, after


def features(text: str, start: int, end: int, repeats: int) -> list[str]:
    """The candidate's feature names (all binary)."""
    name = text[start:end]
    lower = name.lower()
    words = lower.split(" ")
    before, after = context(text, start, end)
    found = [
        "bias",
        "name=" + lower,
        "first=" + words[0],
        "shape=" + shape(name),
        "words=" + str(min(len(words), 4)),
        "size=" + str(min(len(name), 12)),
        "before=" + before[-1:],
        "before2=" + before,
        "after=" + after[:1],
        "after2=" + after,
        "repeats=" + ("1" if repeats == 1 else "2" if repeats == 2 else "3+"),
    ]
    if len(words) > 1:
        found.append("last=" + words[-1])
        found.extend("word=" + word for word in sorted(set(words)))
    found.append("suffix=" + words[-1][-3:])
    if before[-1:] in ("(", "（") and after[:1] in (")", "）"):
        found.append("bracketed")
    if not CJK_CHAR.search(before) and not CJK_CHAR.search(after):
        found.append("in_latin_text")
    if any(char.isdigit() for char in name):
        found.append("digit")
    return found


class LatinModel:
    """The learned weights: per feature name, one weight per label."""

    def __init__(self, raw: dict[str, Any], where: Path) -> None:
        try:
            self.labels: list[str] = list(raw["labels"])
            self.weights: dict[str, list[float]] = {name: list(row) for name, row in raw["weights"].items()}
            self.threshold = float(raw["threshold"])
            if any(len(row) != len(self.labels) for row in self.weights.values()):
                raise ValueError("a weight row of another length than the labels")
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"{where}: not a Latin name model: {error!r}") from error

    def log_probabilities(self, found: list[str]) -> list[float]:
        scores = [0.0] * len(self.labels)
        for name in found:
            row = self.weights.get(name)
            if row is not None:
                scores = [score + weight for score, weight in zip(scores, row, strict=True)]
        top = max(scores)
        total = top + math.log(sum(math.exp(score - top) for score in scores))
        return [score - total for score in scores]

    def names(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of each candidate the model takes for a name."""
        candidates = list(latin_candidates(text))
        counts = Counter(text[start:end] for start, end in candidates)
        scored: dict[str, list[list[float]]] = {}
        for start, end in candidates:
            scored.setdefault(text[start:end], []).append(self.log_probabilities(features(text, start, end, counts[text[start:end]])))
        decided: dict[str, str] = {}
        for name, rows in scored.items():
            mean = [sum(column) / len(rows) for column in zip(*rows, strict=True)]
            best = max(range(len(self.labels)), key=lambda index: (mean[index], -index))
            label = self.labels[best]
            if label != NO_NAME and math.exp(mean[best]) >= self.threshold:
                decided[name] = label
        return [(start, end, decided[text[start:end]]) for start, end in candidates if text[start:end] in decided]


@functools.cache
def load_latin_model(path: Path | None = None) -> LatinModel | None:
    """The shipped model, or None where there is none (the component then finds nothing)."""
    path = path or data_path(MODEL_FILE)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise ConfigError(f"{path}: cannot read the Latin name model: {error}") from error
    return LatinModel(raw, path)


@Language.factory("kg_latin")
def make_latin(nlp: Language, name: str) -> Any:
    return LatinNames(load_latin_model())


class LatinNames:
    """Writes the Latin names the model finds to ``kg:latin``; after the character model,
    which does not read them."""

    def __init__(self, model: LatinModel | None) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        if self.model is not None:
            add_candidates(doc, "latin", [(start, end, label, None) for start, end, label in self.model.names(text_of(doc))])
        return doc
