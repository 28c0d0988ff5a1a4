"""``kg_resolve``: settles overlapping candidates (the rules longest first, then the
model, statistics last) and sets ``doc.ents``.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.recognize.candidates import BLOCKER, CANDIDATE_PREFIX, TIERS, text_of
from kg.text import CJK


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
