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
    records = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    records.append(json.loads(line))
    except (OSError, json.JSONDecodeError) as error:
        where = f"{path}:{number}" if "number" in locals() else str(path)
        raise ConfigError(f"{where}: cannot read JSON Lines: {error}") from error
    return records
