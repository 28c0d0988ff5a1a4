"""``kg_propagate``: a name a rule found once is a name wherever else it stands."""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.recognize.candidates import CANDIDATE_PREFIX, add_candidates, text_of


@Language.factory("kg_propagate", default_config={"sources": ["pattern:post_person", "pattern:credit_person", "pattern:foreign_post_person", "pattern:foreign_post_translit", "pattern:post_translit", "pattern:japanese_post_person", "pattern:dotted_name"]})
def make_propagate(nlp: Language, name: str, sources: list[str]) -> Any:
    return NamePropagator(sources)


class NamePropagator:
    """A name a rule found once is a name wherever else it stands in the article.

    商务部部长助理任鸿斌表示… finds 任鸿斌 by his post; the later, bare 任鸿斌表示
    is the same name, though nothing next to it says so.
    """

    def __init__(self, sources: list[str]) -> None:
        self.keys = [CANDIDATE_PREFIX + source for source in sources]

    def __call__(self, doc: Doc) -> Doc:
        names = {(span.text, span.label_) for key in self.keys if key in doc.spans for span in doc.spans[key] if len(span.text) >= 2}
        text = text_of(doc)
        found = []
        for name, label in sorted(names):
            for match in re.finditer(re.escape(name), text):
                found.append((match.start(), match.end(), label, None))
        add_candidates(doc, "propagated", found)
        return doc
