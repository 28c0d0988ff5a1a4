"""Scoring posts and statements against gold: who holds which post, who said what.

A gold record (``tests/gold/make_gold.py`` writes them) may carry ``posts``
(person, title, organisation, former) and ``statements`` (speaker, kind, cue;
kind PERSON or ORG for a named speaker, OFFICIAL for an unnamed official, the
speaker then being the organisation the official speaks for). Scores are per
article over distinct facts:

- posts: a post is right when its person and title are (former too); among
  those, "organisation right" counts the ones whose organisation is too.
- named speakers: the people and organisations that say something in the
  article (a speaker that is a place, 华盛顿表示, is not scored).
- officials: the organisations an unnamed official speaks for.

Names match when they are equal after the gold article's own aliases (the
surface and the canonical name of an annotated entity) and kg's (an entity's
name and aliases). An organisation matches when one name holds the other
(外交部 and 中国外交部, 越南 and 越南政府): the reader's question is whether
the post was placed in the right body, not how the body was spelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.evaluation.scoring import Tally, read_gold_source, read_jsonl
from kg.recognize.settings import RecognizerSettings
from kg.text import to_simplified
from kg.types import Entity, Post, Statement

TITLE_PREFIXES = ("代理", "原", "前")
SPEAKER_LABELS = ("PERSON", "ORG")


@dataclass
class FactEvaluation:
    posts: Tally = field(default_factory=Tally)
    organizations_right: int = 0
    speakers: Tally = field(default_factory=Tally)
    officials: Tally = field(default_factory=Tally)
    articles: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        matched = self.posts.true_positives
        return {
            "articles": self.articles,
            "posts": self.posts.scores(),
            "organization_right": {"right": self.organizations_right, "of": matched,
                                   "share": round(self.organizations_right / matched, 3) if matched else 0.0},
            "speakers": self.speakers.scores(),
            "officials": self.officials.scores(),
        }


def title_key(title: str) -> str:
    title = to_simplified(title)
    for prefix in TITLE_PREFIXES:
        if title.startswith(prefix) and len(title) > len(prefix) + 1:
            return title[len(prefix):]
    return title


def gold_aliases(record: dict[str, Any]) -> dict[str, set[str]]:
    """Every name an annotated entity goes by in this article, surface or canonical."""
    groups: dict[str, set[str]] = {}
    for entity in record.get("entities", []):
        group = groups.setdefault(entity["canonical"], {entity["canonical"]})
        group.add(entity["text"])
    names: dict[str, set[str]] = {}
    for group in groups.values():
        for name in group:
            names.setdefault(name, set()).update(group)
    return names


def names_of(name: str, aliases: dict[str, set[str]]) -> set[str]:
    """A gold name with its aliases, in simplified characters as kg names things."""
    return {to_simplified(n) for n in aliases.get(name, set()) | {name}}


def entity_names(entity: Entity) -> set[str]:
    return {to_simplified(n) for n in (entity.name, *entity.aliases)}


def same_organization(gold: set[str], found: set[str]) -> bool:
    return any(g == f or (min(len(g), len(f)) >= 2 and (g in f or f in g)) for g in gold for f in found)


def score_article(record: dict[str, Any], posts: Iterable[Post], statements: Iterable[Statement],
                  evaluation: FactEvaluation) -> None:
    aliases = gold_aliases(record)
    where = record.get("path", record.get("id"))
    evaluation.articles += 1
    if "posts" in record:
        score_posts(record["posts"], list(posts), aliases, evaluation, where)
    if "statements" in record:
        score_speakers(record["statements"], list(statements), aliases, evaluation, where)


def score_posts(gold: list[dict[str, Any]], found: list[Post], aliases: dict[str, set[str]],
                evaluation: FactEvaluation, where: str) -> None:
    distinct: dict[tuple[str, str, bool], Post] = {}
    for post in found:
        distinct.setdefault((post.person.name, title_key(post.role), post.former), post)
    used: set[tuple[str, str, bool]] = set()
    for post in gold:
        persons = names_of(post["person"], aliases)
        match = next((key for key, p in distinct.items() if key not in used and key[1] == title_key(post["title"])
                      and key[2] == post["former"] and persons & entity_names(p.person)), None)
        if match is None:
            evaluation.posts.false_negatives += 1
            evaluation.errors.append({"kind": "missed post", "article": where, "post": post})
            continue
        used.add(match)
        evaluation.posts.true_positives += 1
        organization = distinct[match].organization
        if post["organization"] is None or (organization is not None and same_organization(
                names_of(post["organization"], aliases), entity_names(organization))):
            evaluation.organizations_right += 1
        else:
            evaluation.errors.append({"kind": "wrong organisation", "article": where, "post": post,
                                      "found": organization.name if organization else None})
    for key, post in distinct.items():
        if key not in used:
            evaluation.posts.false_positives += 1
            evaluation.errors.append({"kind": "spurious post", "article": where, "person": key[0], "title": post.role,
                                      "organization": post.organization.name if post.organization else None,
                                      "former": key[2]})


def score_speakers(gold: list[dict[str, Any]], found: list[Statement], aliases: dict[str, set[str]],
                   evaluation: FactEvaluation, where: str) -> None:
    for official, tally in ((False, evaluation.speakers), (True, evaluation.officials)):
        wanted = {s["speaker"] for s in gold if (s["kind"] == "OFFICIAL") == official}
        speakers = {s.speaker for s in found if (getattr(s, "official", None) is not None) == official
                    and s.speaker.label in SPEAKER_LABELS}
        matched: set[Entity] = set()
        for name in sorted(wanted):
            names = names_of(name, aliases)
            hit = next((s for s in sorted(speakers, key=lambda e: e.name) if s not in matched and (
                names & entity_names(s) if not official else same_organization(names, entity_names(s)))), None)
            if hit is None:
                tally.false_negatives += 1
                evaluation.errors.append({"kind": "missed official" if official else "missed speaker", "article": where, "speaker": name})
            else:
                matched.add(hit)
                tally.true_positives += 1
        for speaker in sorted(speakers - matched, key=lambda e: e.name):
            tally.false_positives += 1
            evaluation.errors.append({"kind": "spurious official" if official else "spurious speaker", "article": where, "speaker": speaker.name})


def has_facts(record: dict[str, Any]) -> bool:
    return "posts" in record or "statements" in record


def evaluate_fact_gold(path: str | Path, *, splits: Iterable[str] | None = None, settings: RecognizerSettings | None = None) -> FactEvaluation:
    """Re-read and re-extract the articles of a gold file that carry posts or statements, and score them."""
    from kg.pipeline import extract

    evaluation = FactEvaluation()
    for record in read_jsonl(path):
        if not has_facts(record) or (splits and record.get("split") not in splits):
            continue
        graph = extract(read_gold_source(str(record.get("path", "")), Path(path).parent), settings=settings)
        posts = [r for r in graph.relations if isinstance(r, Post)]
        statements = [r for r in graph.relations if isinstance(r, Statement)]
        score_article(record, posts, statements, evaluation)
    return evaluation
