"""How mentions are found: the recogniser's settings, one value built once and passed.

The settings name everything that changes what the recogniser finds: whether the trained
model runs, where its weights are, and the user's own gazetteer and pattern files. They
are frozen and hashable, so a pipeline is built once per settings (``recognizer_for``),
two recognisers with different settings live side by side in one process, and a
process or Dask worker receives them as one picklable value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ConfigError


@dataclass(frozen=True)
class RecognizerSettings:
    """``model``: run the trained NER model (``--no-model`` turns it off);
    ``model_directory``: its weights, the shipped ones by default;
    ``gazetteers`` and ``patterns``: a user's rules files, added to the shipped ones."""

    model: bool = True
    model_directory: Path | None = None
    gazetteers: tuple[Path, ...] = field(default=())
    patterns: tuple[Path, ...] = field(default=())

    def __post_init__(self) -> None:
        # accept any iterable of str or Path, keep tuples of Path (hashable, picklable)
        object.__setattr__(self, "gazetteers", tuple(Path(p) for p in self.gazetteers))
        object.__setattr__(self, "patterns", tuple(Path(p) for p in self.patterns))
        if self.model_directory is not None:
            object.__setattr__(self, "model_directory", Path(self.model_directory))
        for path in (*self.gazetteers, *self.patterns):
            if not path.is_file():
                raise ConfigError(f"{path}: no such rules file")

    def rules_config(self) -> dict[str, Any]:
        """The reference to the rules that the pipeline's components receive in their config."""
        return {"@misc": "kg.rules.v1", "gazetteers": [str(p) for p in self.gazetteers], "patterns": [str(p) for p in self.patterns]}

    def description(self) -> dict[str, Any]:
        """Which recogniser runs, for the build report."""
        from kg.recognize.ner import model_version

        return {"rules": True, "model": f"crf {model_version(self.model_directory)}" if self.model else None}
