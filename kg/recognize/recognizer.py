"""Stage 2: find mentions in an article's text with a spaCy pipeline.

The pipeline is ``spacy.blank("zh")`` with the character segmenter, so that a
gazetteer name is found wherever it stands (商务部 inside 商务部长王文涛, where a
word segmenter would hide it). Components, each writing candidate spans to its
own span group ``kg:<source>``:

- ``span_ruler`` (``kg:gazetteer``): names and aliases from the gazetteer files;
- ``kg_words``: jieba words with their dictionary part of speech (and where they
  end: a rule's left stop or a model's trimmed name never cuts inside a word), shared
  by the components after it;
- ``kg_patterns`` (``kg:pattern:<rule>``): the regular-expression rules of
  ``patterns.yaml``;
- ``kg_org_suffix`` (``kg:org_suffix``): organisations by their head word
  (…部, …局, …协会, …研究院), grown leftwards over nominal words;
- ``kg_place_heads`` (``kg:place_head``): places by their head word (…县,
  …镇, …机场, …大桥) after a proper word;
- ``kg_model`` (``kg:model``): the trained character CRF of ``kg/recognize/ner.py``,
  which finds people, places, organisations, events, laws and products from the
  characters, jieba's words, the gazetteer's names and the rules' candidates;
- ``kg_latin`` (``kg:latin``, after the model, which does not read it): names in Latin
  letters (TikTok, Bouygues Telecom), labelled by a classifier learned on the corpus;
- ``kg_product_codes`` (``kg:product_code``, after the model, which does not read it):
  a maker's model code wherever it stands alone once the maker and code were found
  together (索尼TX1 … TX1);
- ``kg_statistical`` (``kg:statistical``, only without the model): names jieba's
  dictionary and HMM tag as person, place or organisation names;
- ``kg_resolve``: settles overlaps and sets ``doc.ents``: the model first, over it
  only the rules precise enough on the corpus's dev split and a user's gazetteer
  (``kg/data/ner/resolve.yaml``); without the model, the rules longest first.

Articles in traditional characters are matched through a character-by-character
conversion to simplified characters, so offsets still index the original text.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.recognize.candidates import BLOCKER, CANDIDATE_PREFIX
from kg.recognize.rules import Rules, load_rules
from kg.recognize.settings import RecognizerSettings
from kg.text import to_simplified
from kg.types import Article, Mention


def build_pipeline(settings: RecognizerSettings | None = None, *, statistical: bool = True) -> Language:
    """A spaCy pipeline that finds kg's mentions (see the module docstring)."""
    settings = settings or RecognizerSettings()
    rules = load_rules(settings.gazetteers, settings.patterns)
    rules_ref = settings.rules_config()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": CANDIDATE_PREFIX + "gazetteer", "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer_patterns(rules))  # type: ignore[attr-defined]
    nlp.add_pipe("kg_words")
    nlp.add_pipe("kg_patterns", config={"rules": rules_ref})
    nlp.add_pipe("kg_org_suffix", config={"rules": rules_ref})
    nlp.add_pipe("kg_propagate")
    nlp.add_pipe("kg_place_heads", config={"rules": rules_ref})
    if settings.model:
        directory = str(settings.model_directory) if settings.model_directory else None
        nlp.add_pipe("kg_model", config={"directory": directory, "rules": rules_ref})
    nlp.add_pipe("kg_latin")
    nlp.add_pipe("kg_product_codes")
    # With the model, jieba's statistical names (half of them wrong on the corpus's dev
    # split) would only be dropped by kg_resolve: the finder does not run.
    if statistical and not settings.model:
        nlp.add_pipe("kg_statistical", config={"rules": rules_ref})
    nlp.add_pipe("kg_resolve", config={"model_first": settings.model, "rules": rules_ref})
    return nlp


def gazetteer_patterns(rules: Rules) -> list[dict[str, str]]:
    """The span ruler's phrases: every name and alias, the post titles, and the blockers."""
    phrases = []
    for entry in rules.gazetteer:
        for name in (entry["name"], *entry.get("aliases", ())):
            phrases.append({"label": entry["label"], "pattern": name, "id": entry["name"]})
    for position in rules.lexicon.get("positions", ()):
        phrases.append({"label": "POSITION", "pattern": position, "id": position})
    for blocker in rules.lexicon.get("match_blockers", ()):
        phrases.append({"label": BLOCKER, "pattern": blocker})
    return phrases


class Recognizer:
    """A pipeline built from one ``RecognizerSettings``, with the rules it was built from."""

    def __init__(self, settings: RecognizerSettings | None = None) -> None:
        self.settings = settings or RecognizerSettings()
        self.rules = load_rules(self.settings.gazetteers, self.settings.patterns)
        self.nlp = build_pipeline(self.settings)

    def __call__(self, article: Article) -> list[Mention]:
        """The mentions in an article's text, in text order."""
        return mentions_in(article.text, self)


@functools.cache
def recognizer_for(settings: RecognizerSettings) -> Recognizer:
    """One recogniser per settings in a process: building a pipeline takes a second."""
    return Recognizer(settings)


def mentions_in(text: str, recognizer: Recognizer | None = None) -> list[Mention]:
    """The mentions in a text, in text order (by default, with the default settings)."""
    nlp = (recognizer or recognizer_for(RecognizerSettings())).nlp
    simplified = to_simplified(text)
    # One token per character, built directly: what the char segmenter makes,
    # without its alignment pass.
    doc = Doc(nlp.vocab, words=list(simplified), spaces=[False] * len(simplified))
    doc.user_data["kg_text"] = simplified
    for _name, component in nlp.pipeline:
        doc = component(doc)
    sources = doc.user_data.get("kg_sources", [])
    return [
        Mention(
            start=span.start_char,
            end=span.end_char,
            text=text[span.start_char:span.end_char],
            label=span.label_,
            source=source,
            canonical=span.id_ or None,
        )
        for span, source in zip(doc.ents, sources, strict=True)
    ]
