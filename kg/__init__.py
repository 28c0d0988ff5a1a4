"""kg: a knowledge-graph builder for Chinese news.

    >>> import kg
    >>> result = kg.build(["seeds/"], "out/")      # doctest: +SKIP
    >>> result.report["articles"]["built"]          # doctest: +SKIP
    5

The stages, one module each: ``sources`` (files, folders, archives, records,
standard input -> units), ``ingest`` (unit -> Article), ``recognize``
(Article -> Mention), ``link`` (Mention -> Entity), ``relate`` (facts),
``rdf`` (rdflib graph), ``export`` and ``html`` (files). ``pipeline``
composes them; ``cli`` is the ``kg`` command.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import Any


def build(*args: Any, **kwargs: Any) -> Any:
    """Build a graph: see ``kg.pipeline.build``."""
    from .pipeline import build as _build

    return _build(*args, **kwargs)


def extract(*args: Any, **kwargs: Any) -> Any:
    """Extract one article: see ``kg.pipeline.extract``."""
    from .pipeline import extract as _extract

    return _extract(*args, **kwargs)
