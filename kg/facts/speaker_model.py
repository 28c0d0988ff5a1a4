"""Which candidate speakers the rules found really say something: a logistic regression
over a few features of the candidate, learned on the corpus's train split
(``python -m kg.evaluation.learn_speakers``) and shipped as ``data/speaker_model.json``.

The rules propose (speaker, cue) pairs; the model keeps the ones whose score reaches the
threshold chosen on train. Without the data file every candidate is kept. Deterministic:
the same features and weights give the same answer.
"""

from __future__ import annotations

import functools
import json
import math
from typing import Any

from kg.resources import data_path

COMMON_VERBS = ("表示", "说", "称", "指出", "认为", "告诉", "透露", "强调", "介绍", "宣布", "写道", "警告", "回应", "呼吁",
                "要求", "提出", "指", "批评")

AFTER_MARKS = set("，,：:“「『\"'")


def features(*, label: str, name: str, via: str, verb: str, distance: int, mentions: int, has_post: bool,
             source: str, titled: bool, quoted: bool, official: bool, after: str = "", opens: bool = False) -> dict[str, float]:
    """The features of one candidate (all 0/1 but the bias). ``after``: the character after the
    verb (a mark or a quotation opens what was said: 表示，; a thing taken does not: 介绍了方案).
    ``opens``: the name opens its clause, after nothing but dates, places and titles."""
    size = len(name)
    found = {
        "bias": 1.0,
        f"label={label}": 1.0,
        f"via={via}": 1.0,
        f"verb={verb if verb in COMMON_VERBS else 'other'}": 1.0,
        f"distance={'0' if distance == 0 else '1-5' if distance <= 5 else '6-15' if distance <= 15 else '16+'}": 1.0,
        f"mentions={'1' if mentions <= 1 else '2' if mentions == 2 else '3+'}": 1.0,
        f"size={'1-2' if size <= 2 else '3' if size == 3 else '4-5' if size <= 5 else '6+'}": 1.0,
        f"source={source}": 1.0,
    }
    if "·" in name or "・" in name:
        found["dotted"] = 1.0
    if has_post:
        found["has_post"] = 1.0
    if titled:
        found["titled"] = 1.0
    if quoted:
        found["quoted"] = 1.0
    if official:
        found["official"] = 1.0
    if opens:
        found["opens"] = 1.0  # the name opens its clause (after dates, places and titles): the clause's subject
        found[f"opens&{label}"] = 1.0
    found[f"after={'mark' if after in AFTER_MARKS else 'le' if after == '了' else 'de' if after == '的' else 'end' if not after else 'word'}"] = 1.0
    found[f"{label}&{via}"] = 1.0
    found[f"{label}&mentions={'1' if mentions <= 1 else '2+'}"] = 1.0
    return found


@functools.cache
def load_model() -> dict[str, Any] | None:
    path = data_path("speaker_model.json")
    try:
        with open(path, encoding="utf-8") as handle:
            return dict(json.load(handle))
    except FileNotFoundError:
        return None


def score(found: dict[str, float], model: dict[str, Any]) -> float:
    weights = model["weights"]
    total = sum(weights.get(name, 0.0) * value for name, value in found.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def keep(found: dict[str, float]) -> bool:
    """Whether a candidate is kept (always without a model)."""
    model = load_model()
    if model is None:
        return True
    return score(found, model) >= float(model["threshold"])
