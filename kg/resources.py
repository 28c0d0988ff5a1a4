"""Loading the data files shipped under ``kg/data`` (or a user's own)."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

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


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from error
    records = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ConfigError(f"{path}:{number}: not JSON: {error}") from error
    return records
