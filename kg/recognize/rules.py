"""The recogniser's data files: gazetteers, the word lists of the lexicon and the
pattern rules, the shipped ones extended by a user's own.

The components of the pipeline receive the rules through their config as a reference
to ``kg.rules.v1`` with the user's files, the way spaCy passes objects to components.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy

from kg.errors import ConfigError
from kg.resources import data_path, load_jsonl, load_yaml
from kg.text import CJK, trie_regex


# eq=False: rules are compared (and hashed, as cache keys) by identity; ``load_rules``
# returns one object per set of files.
@dataclass(frozen=True, eq=False)
class Rules:
    """Everything the recogniser reads from data files."""

    gazetteer: tuple[dict[str, Any], ...]
    lexicon: dict[str, tuple[str, ...]]
    patterns: tuple[dict[str, Any], ...]
    # the names and aliases a user's own gazetteer lists: they win over the model
    user_names: frozenset[str] = frozenset()
    # named pieces of regular expression the rules share ({day} in a date rule), from
    # the ``fragments`` of the pattern files
    fragments: tuple[tuple[str, str], ...] = ()


def gazetteer_files(extra: Iterable[Path] = ()) -> list[Path]:
    shipped = sorted(data_path("gazetteer").glob("*.jsonl"))
    return [*shipped, *extra]



@functools.cache
def load_lexicon() -> dict[str, tuple[str, ...]]:
    """The shipped word lists (``lexicon*.yaml``), merged key by key."""
    lexicon: dict[str, tuple[str, ...]] = {}
    for path in sorted(data_path(".").glob("lexicon*.yaml")):
        for key, words in (load_yaml(path) or {}).items():
            lexicon[key] = tuple(dict.fromkeys([*lexicon.get(key, ()), *map(str, words)]))
    return lexicon


@functools.cache
def load_rules(extra_gazetteers: tuple[Path, ...] = (), extra_patterns: tuple[Path, ...] = ()) -> Rules:
    """Load gazetteers, lexicon and pattern rules; a user's files extend the shipped ones."""
    entries: list[dict[str, Any]] = []
    user_names: set[str] = set()
    for path in gazetteer_files(extra_gazetteers):
        for entry in load_jsonl(path):
            if not isinstance(entry.get("name"), str) or entry.get("label") not in {"PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "PRODUCT"}:
                raise ConfigError(f"{path}: entry {entry!r} needs a 'name' and a 'label' (PERSON, ORG, GPE, LOC, EVENT, LAW or PRODUCT)")
            entries.append(entry)
            if path in extra_gazetteers:
                user_names.update((entry["name"], *entry.get("aliases", ())))
    lexicon = dict(load_lexicon())
    # lists drawn from the gazetteer, for patterns that build on known names
    lexicon["known_orgs"] = tuple(sorted({n for e in entries if e["label"] == "ORG" for n in (e["name"], *e.get("aliases", ()))}))
    lexicon["country_names"] = tuple(sorted({n for e in entries if e.get("class") == "Country" for n in (e["name"], *e.get("aliases", ()))}))
    pattern_files = [data_path("patterns.yaml"), *extra_patterns]
    patterns: list[dict[str, Any]] = []
    fragments: dict[str, str] = {}
    for path in pattern_files:
        document = load_yaml(path) or {}
        for name, fragment in (document.get("fragments") or {}).items():
            if name in lexicon or not isinstance(fragment, str):
                raise ConfigError(f"{path}: fragment {name!r} must be a regular expression named unlike any word list")
            fragments[name] = fragment
        for rule in document.get("rules", []):
            if not {"name", "label", "regex"} <= rule.keys():
                raise ConfigError(f"{path}: rule {rule.get('name', rule)!r} needs name, label and regex")
            patterns.append(rule)
    return Rules(tuple(entries), lexicon, tuple(patterns), frozenset(user_names), tuple(fragments.items()))


def expand(template: str, lexicon: dict[str, tuple[str, ...]], fragments: dict[str, str] | None = None) -> str:
    """Replace ``{list}`` by a regex matching the list's words, longest first, and
    ``{fragment}`` by that fragment of the pattern files, itself expanded, as a group."""

    def alternation(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "cjk":
            return CJK
        if fragments and key in fragments:
            return "(?:" + expand(fragments[key], lexicon, fragments) + ")"
        if key not in lexicon:
            raise ConfigError(f"pattern refers to {{{key}}}, which no lexicon file defines")
        if key.endswith("_characters"):  # a list of characters: one of them
            return "[" + "".join(re.escape(c) for c in sorted(set("".join(lexicon[key])))) + "]"
        return trie_regex(lexicon[key])

    return re.sub(r"\{([a-z_]+)\}", alternation, template)


@spacy.registry.misc("kg.rules.v1")
def rules_from_files(gazetteers: list[str], patterns: list[str]) -> Rules:
    """The rules as a pipeline's config names them: the user's files, the shipped ones implied."""
    return load_rules(tuple(Path(p) for p in gazetteers), tuple(Path(p) for p in patterns))
