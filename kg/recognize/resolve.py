"""``kg_resolve``: settles overlapping candidates and sets ``doc.ents``.

With the trained model, the model decides first: only the rules whose precision on the
corpus's dev split is at least 0.95 (``kg/data/ner/resolve.yaml``) and the names of a
user's own gazetteer override it; the other rules' names of the labels the model carries
were its features and go, and the rest (dates, money, posts) fill in around its names.
Without the model, the rules go longest first, statistics last.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.recognize.candidates import BLOCKER, CANDIDATE_PREFIX, TIERS, text_of
from kg.recognize.rules import Rules, load_lexicon
from kg.resources import data_path, load_yaml
from kg.text import CJK, to_simplified


@Language.factory("kg_resolve", default_config={"model_first": False, "rules": {"@misc": "kg.rules.v1", "gazetteers": [], "patterns": []}})
def make_resolve(nlp: Language, name: str, model_first: bool, rules: Rules) -> Any:
    if not model_first:
        return resolve_overlaps
    settings = load_yaml(data_path("ner/resolve.yaml"))
    lexicon = rules.lexicon
    event_openers = tuple(sorted({*lexicon.get("event_left_stops", ()), *lexicon.get("relative_days", ())}, key=len, reverse=True))
    return ModelFirst(frozenset(settings["trusted"]), frozenset(settings["model_labels"]), rules.user_names,
                      frozenset(settings.get("alongside_model", ())), frozenset(settings.get("without_title_marks", ())),
                      event_openers, frozenset(settings.get("with_quotes", ())))


PLACES = frozenset({"GPE", "LOC"})
# The learned finders: the character model and the Latin names' classifier.
LEARNED = frozenset({"model", "latin"})


class ModelFirst:
    """The model's names first, the trusted rules' and the user's names over them."""

    def __init__(self, trusted: frozenset[str], model_labels: frozenset[str], user_names: frozenset[str],
                 alongside: frozenset[str] = frozenset(), without_title_marks: frozenset[str] = frozenset(),
                 event_openers: tuple[str, ...] = (), with_quotes: frozenset[str] = frozenset()) -> None:
        self.trusted = trusted
        self.with_quotes = with_quotes
        self.alongside = alongside
        self.model_labels = model_labels
        self.user_names = user_names
        self.without_title_marks = without_title_marks
        self.event_openers = event_openers

    def trimmed(self, span: Span, text: str, word_ends: frozenset[int]) -> Span | None:
        """A model name as the guidelines bound it: a work's or a medium's name without the 《》
        around it (电影《花木兰》), an event without the word before it that the event rule
        stops at (昨晚十五運會: 昨晚 is when, not the event's name), a name without a mark
        whose other half it leaves out (``balanced``); None where nothing is left."""
        bounds = balanced(text, span.start, span.end, span.label_ in self.with_quotes)
        if bounds is None:
            return None
        start, end = bounds
        if span.label_ in self.without_title_marks and end - start > 2 and text[start] == "《" and text[end - 1] == "》":
            start, end = start + 1, end - 1
        elif span.label_ == "EVENT":
            opener = next((w for w in self.event_openers if text.startswith(w, start) and start + len(w) in word_ends), None)
            if opener and end - start - len(opener) >= 3:
                start += len(opener)
        if (start, end) == (span.start, span.end):
            return span
        return Span(span.doc, start, end, label=span.label_, span_id=span.id_)

    def round_of(self, source: str, span: Span) -> int | None:
        """0: blockers, trusted rules, a user's names; 1: the model, and the rules' names of
        the labels it is weak on (``alongside_model``); 2: the rules' other labels (dates,
        money, posts); None: an untrusted rule's name of a label the model carries (the
        model read it as a feature)."""
        if span.label_ == BLOCKER or source in self.trusted:
            return 0
        if source == "gazetteer" and self.user_names and text_of(span.doc)[span.start_char:span.end_char] in self.user_names:
            return 0
        if source in LEARNED:
            return 1
        if span.label_ in self.alongside:
            return 1
        if span.label_ in self.model_labels:
            return None
        return 2

    def __call__(self, doc: Doc) -> Doc:
        candidates = []
        listed: dict[tuple[int, int], Span] = {}
        text = text_of(doc)
        word_ends = doc.user_data.get("kg_word_ends", frozenset())
        for key in doc.spans:
            if not key.startswith(CANDIDATE_PREFIX):
                continue
            source = key[len(CANDIDATE_PREFIX):]
            for span in doc.spans[key]:
                if source == "model":
                    span = self.trimmed(span, text, word_ends)
                    if span is None:
                        continue
                if source not in LEARNED and span.id_:
                    listed.setdefault((span.start, span.end), span)
                round_ = self.round_of(source, span)
                if round_ is not None:
                    candidates.append(((round_, span.start - span.end, tier_of(source), span.start), span.end, span, source))
        # a rule's name of a weak label over exactly a body or place the gazetteer lists is
        # none (全国人民代表大会 is the body, not an event the event rule reads in 大会)
        bodies = {(span.start, span.end) for span in doc.spans.get(CANDIDATE_PREFIX + "gazetteer", ())
                  if span.label_ in self.model_labels and span.label_ not in self.alongside}
        if bodies:
            candidates = [c for c in candidates if c[3] == "model" or c[2].label_ not in self.alongside or (c[2].start, c[2].end) not in bodies]
        candidates.sort(key=lambda c: c[0])
        chosen = choose(candidates, len(doc))
        # a model name a list or rule names as it stands takes its canonical name (the
        # gazetteer's aliases, 我国 -> 中国 of the first_person_country rule), and its
        # place label (GPE or LOC) where both call it a place
        for index, (span, source) in enumerate(chosen):
            entry = listed.get((span.start, span.end)) if source in LEARNED else None
            # a model organisation a list names as a place, by its own name, is the place (俄罗斯:
            # a country standing for its team or people is still the place, as the corpus's gold
            # has it; 前苏联, an alias, stays the body the posts read as former)
            if entry is not None and (entry.label_ == span.label_ or {entry.label_, span.label_} <= PLACES
                                      or (span.label_ == "ORG" and entry.label_ == "GPE" and entry.id_ in ("", span.text))):
                chosen[index] = (Span(doc, span.start, span.end, label=entry.label_, span_id=entry.id_), source)
        return finish(doc, chosen)


# Marks that come in pairs: the model, reading characters, sometimes ends a name between the
# two halves (「十四五 of 「十四五」, 中共第十九届中央委员会第五次全体会议(五中全会, 《一夜大肚 of
# 《一夜大肚》); on the corpus's dev split every model name with half a pair was wrong.
OPENING_MARKS = {"《": "》", "「": "」", "『": "』", "“": "”", "‘": "’", "（": "）", "(": ")", "【": "】", "〈": "〉"}
CLOSING_MARKS = {close: open_ for open_, close in OPENING_MARKS.items()}
BRACKETS = frozenset("（(【")
QUOTES = frozenset("“「『‘")  # what a bracket holds comes after the name (a gloss, an abbreviation)


def balanced(text: str, start: int, end: int, with_quotes: bool = False) -> tuple[int, int] | None:
    """The span without a mark whose other half lies outside it: an opening mark at its start
    or a closing one at its end is dropped (the guidelines bound a name without the quotes
    around it: 一中政策 in 「一中政策」), or, ``with_quotes``, an opening quote at its start
    takes in the closing one right after it (「十四五 -> 「十四五」); an opening quote or title
    mark inside starts the name (加薩「20點計劃 -> 20點計劃), an opening bracket inside ends
    it (…全体会议(五中全会 -> …全体会议), and a closing mark inside ends it. None where no
    character is left."""
    while start < end:
        stack: list[int] = []
        stray = None
        for index in range(start, end):
            char = text[index]
            if char in OPENING_MARKS:
                stack.append(index)
            elif char in CLOSING_MARKS:
                if stack and text[stack[-1]] == CLOSING_MARKS[char]:
                    stack.pop()
                elif stray is None:
                    stray = index
        if stray is None and not stack:
            return start, end
        if stray is not None:  # a closing mark without its opening one: the name ends before it
            end = stray if stray > start else end
            start = start + 1 if stray == start else start
        else:
            mark = stack[0]
            if mark == start and with_quotes and text[mark] in QUOTES and text[end:end + 1] == OPENING_MARKS[text[mark]]:
                end += 1
            elif mark == start:
                start += 1
            elif text[mark] in BRACKETS:
                end = mark
            else:
                start = mark + 1
    return None


def choose(candidates: list[Any], length: int) -> list[tuple[Span, str]]:
    """The candidates, in their order, that overlap none taken before them."""
    taken = bytearray(length)
    chosen: list[tuple[Span, str]] = []
    for _key, end, span, source in candidates:
        start = span.start
        if 1 in taken[start:end]:
            continue
        taken[start:end] = b"\1" * (end - start)
        chosen.append((span, source))
    return chosen


def finish(doc: Doc, chosen: list[tuple[Span, str]]) -> Doc:
    """Blockers dropped, Latin glosses named, posts kept only where a person holds them;
    ``doc.ents`` set."""
    generic = generic_names()
    text = text_of(doc)  # a span's own ``text`` joins its tokens one by one
    chosen = sorted((c for c in chosen if c[0].label_ != BLOCKER
                     and not (c[0].label_ in NAMED and to_simplified(text[c[0].start_char:c[0].end_char]) in generic)),
                    key=lambda c: c[0].start)
    chosen = with_glosses(doc, chosen)
    chosen = [c for index, c in enumerate(chosen) if c[0].label_ != "POSITION" or held_by_person(chosen, index, text)]
    doc.user_data["kg_sources"] = [source for _span, source in chosen]
    doc.set_ents([span for span, _source in chosen])  # what ``doc.ents =`` does, without copying every span first
    return doc


@functools.cache
def generic_names() -> frozenset[str]:
    """Words that are a kind of body, never a body's name, standing alone (公司, 政府, 法院:
    ``generic_names`` in the lexicon); the organisation they stand for is the article's."""
    return frozenset(load_lexicon().get("generic_names", ()))


# A name in Latin letters in brackets right after a name, the rest of the brackets a
# gloss: 朔伊布勒（Wolfgang Schäuble）, 关贸总协定（GATT）, 「大西洋月刊」（The Atlantic）,
# 「与唐纳辩论」（Debating The Donald, 暂译）.
GLOSS = re.compile(r"[”」》]?[（(] ?([A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9 .'’&/\-]{0,60}?) ?(?:[,，;；][^（）()\n]{0,30})?[）)]")
NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "PRODUCT"})


def with_glosses(doc: Doc, chosen: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """The chosen spans and, after each name, its Latin gloss in brackets as the same
    entity: the name's label and canonical name (the guidelines annotate the gloss
    like the name; the model names nothing without a Chinese character)."""
    text = text_of(doc)
    # a Latin name the classifier labelled on its own gives way to the gloss of the name before it
    taken = {index for span, source in chosen if source != "latin" for index in range(span.start, span.end)}
    glosses = []
    for span, source in chosen:
        if span.label_ not in NAMED:
            continue
        match = GLOSS.match(text, span.end_char)
        if match is None or any(index in taken for index in range(*match.span(1))):
            continue
        canonical = span.id_ or text[span.start_char:span.end_char]
        # found as the name was (model:gloss), so that the facts weigh it as the name
        glosses.append((Span(doc, match.start(1), match.end(1), label=span.label_, span_id=canonical), source + ":gloss"))
    if not glosses:
        return chosen
    chosen, repeats = gloss_repeats(doc, chosen, glosses)
    glosses += repeats
    glossed = {index for span, _source in glosses for index in range(span.start, span.end)}
    chosen = [c for c in chosen if c[1] != "latin" or not glossed.intersection(range(c[0].start, c[0].end))]
    return sorted(chosen + glosses, key=lambda c: c[0].start)


def gloss_repeats(doc: Doc, chosen: list[tuple[Span, str]],
                  glosses: list[tuple[Span, str]]) -> tuple[list[tuple[Span, str]], list[tuple[Span, str]]]:
    """A gloss standing again alone later in the article (伊福经济研究所（Ifo） … Ifo的数据显示)
    is the glossed name's entity again: the chosen spans, those of the gloss's text and label
    without a canonical name given the glossed name's, and the repeats no name but a Latin
    one is over."""
    text = text_of(doc)
    named = {span.text: (span, source) for span, source in reversed(glosses) if len(span.text) >= 2}
    renamed = []
    for span, source in chosen:
        gloss = named.get(span.text, (None, ""))[0]
        if gloss is not None and not span.id_ and span.label_ == gloss.label_:
            span = Span(doc, span.start, span.end, label=span.label_, span_id=gloss.id_)
        renamed.append((span, source))
    taken = {index for span, source in renamed if source != "latin" for index in range(span.start, span.end)}
    taken.update(index for span, _source in glosses for index in range(span.start, span.end))
    repeats = []
    for name, (gloss, source) in sorted(named.items()):
        for match in re.finditer(f"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text):
            if taken.isdisjoint(range(*match.span())):
                repeats.append((Span(doc, match.start(), match.end(), label=gloss.label_, span_id=gloss.id_), source))
                taken.update(range(*match.span()))
    return renamed, repeats


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
    return finish(doc, choose(candidates, len(doc)))
