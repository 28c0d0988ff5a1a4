"""Candidate spans: each finder writes its own span group ``kg:<source>``, and the
sources' tiers decide overlaps of equal length in ``resolve``.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

CANDIDATE_PREFIX = "kg:"
# A word that holds a name without naming it (发展中国家, 商务部门): it takes part
# in the overlap contest, longest first, and is then dropped.
BLOCKER = "BLOCKER"
# Lower tier numbers win overlaps of equal length. With the model, it goes first and
# only the trusted rules over it (``resolve.ModelFirst``); without, the rules go first
# and statistics meet their leftovers (``resolve.contest_round``).
TIERS = {"gazetteer": 0, "pattern": 1, "org_suffix": 2, "propagated": 3, "place_head": 5, "model": 8, "latin": 8, "statistical": 9}


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
    if not group:
        return  # most rules find nothing in most articles: no empty group for the others to walk past
    key = CANDIDATE_PREFIX + source
    if key in doc.spans:
        doc.spans[key].extend(group)
    else:
        doc.spans[key] = group
