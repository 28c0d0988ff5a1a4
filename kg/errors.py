"""The project's exceptions: the library raises these, only the CLI exits."""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input file that cannot be read as an article."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # rebuilt from both fields when it crosses a process boundary or a cache
        return (InputError, (self.path, self.reason))


class NotAnArticle(InputError):
    """An input that holds no one article (a saved list, channel or search page):
    reported as skipped, with the reason, not as a failure."""

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (NotAnArticle, (self.path, self.reason))


class ConfigError(KgError):
    """A rule, gazetteer or option that kg cannot use."""
