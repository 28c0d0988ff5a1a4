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
        text = text_of(doc)  # a span's own ``text`` joins its tokens one by one
        names = {(text[span.start_char:span.end_char], span.label_) for key in self.keys if key in doc.spans for span in doc.spans[key]
                 if span.end_char - span.start_char >= 2}
        found = []
        for name, label in sorted(names):
            for match in re.finditer(re.escape(name), text):
                found.append((match.start(), match.end(), label, None))
        add_candidates(doc, "propagated", found)
        return doc


@Language.factory("kg_product_codes", default_config={"sources": ["pattern:product_model"]})
def make_product_codes(nlp: Language, name: str, sources: list[str]) -> Any:
    return ProductCodes(sources)


# A maker's model code at the end of a product's name: DSC-H20 of 索尼DSC-H20, EOS 7D of
# 佳能 EOS 7D, Model 3 of 特斯拉 Model 3 (Latin letters, digits, and the marks and spaces
# between them, with a digit in it).
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .\-/]*[A-Za-z0-9]$")
CODE_EDGE = "A-Za-z0-9"


class ProductCodes:
    """A product a rule found by its maker and model code is the product wherever the
    code stands alone in the article (索尼TX1 … 新旗舰TX1; 三星VP1 … VP1采用了): reviews name
    the maker once, then the model. The code must hold a digit and a letter (not 2020), and
    where it has words (EOS 7D) its last word counts too (7D). Each found code is named by
    the product's name, the space after the maker dropped (三星 VP1 -> 三星VP1).

    Written after the model (``kg:product_code``), so that the model's features stay the
    ones it was trained on."""

    def __init__(self, sources: list[str]) -> None:
        self.keys = [CANDIDATE_PREFIX + source for source in sources]

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        codes: dict[str, str] = {}
        for key in self.keys:
            for span in doc.spans.get(key, ()):
                match = CODE.search(span.text)
                if match is None or match.start() == 0:
                    continue
                code = match.group()
                maker = span.text[:match.start()].rstrip()
                for form in (code, code.rsplit(" ", 1)[-1]):
                    if len(form) >= 2 and any(c.isdigit() for c in form) and any(c.isalpha() for c in form):
                        codes.setdefault(form, maker + code)
        found = []
        for code, product in sorted(codes.items()):
            for match in re.finditer(f"(?<![{CODE_EDGE}]){re.escape(code)}(?![{CODE_EDGE}])", text):
                found.append((match.start(), match.end(), "PRODUCT", product))
        add_candidates(doc, "product_code", found)
        return doc
