"""Loading the data files shipped under ``kg/data`` (or a user's own)."""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ConfigError, KgError

DATA = resources.files("kg") / "data"


def data_path(name: str) -> Path:
    """The path of a shipped data file, e.g. ``data_path("cleaning.yaml")``."""
    return Path(str(DATA / name))


@functools.cache
def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot read YAML: {error}") from error


def load_jsonl(path: str | os.PathLike[str], error: type[KgError] = ConfigError) -> list[dict[str, Any]]:
    """The records of a JSON Lines file; ``error`` names the line that is not JSON."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as problem:
        raise error(f"{path}: cannot read: {problem.strerror}") from problem
    records = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as problem:
                raise error(f"{path}:{number}: not JSON: {problem}") from problem
    return records


def alternation(words: Iterable[str]) -> str:
    """A word list of the data files as one regular-expression group: escaped, longest
    first (超过 is tried before 超), each word once."""
    return _alternation(tuple(words))


@functools.cache  # the rules ask for the same few word lists again and again
def _alternation(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"
