"""The reader's rules, as data (``kg/data/cleaning.yaml``): what HTML to drop, where
credits and printed times stand, which lines are boilerplate, the front matter's keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.resources import data_path, load_yaml


@dataclass(frozen=True)
class CleaningRules:
    drop_selectors: tuple[str, ...]
    credit_selectors: tuple[str, ...]
    time_selectors: tuple[str, ...]
    drop_lines: tuple[re.Pattern[str], ...]
    credit_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    front_matter: dict[str, tuple[str, ...]]
    common_hanzi: frozenset[str] = frozenset()


@cache
def load_cleaning_rules(path: Path | None = None) -> CleaningRules:
    raw = load_yaml(path or data_path("cleaning.yaml"))
    return CleaningRules(
        drop_selectors=tuple(raw["drop_selectors"]),
        credit_selectors=tuple(raw["credit_selectors"]),
        time_selectors=tuple(raw["time_selectors"]),
        drop_lines=tuple(re.compile(line) for line in raw["drop_lines"]),
        credit_patterns=tuple((p["role"], re.compile(p["regex"])) for p in raw["credit_patterns"]),
        front_matter={key: tuple(names) for key, names in raw["front_matter"].items()},
        common_hanzi=frozenset("".join(str(raw.get("common_hanzi", "")).split())),
    )
