"""kg: a knowledge-graph builder for Chinese news.

    >>> import kg
    >>> result = kg.build(["seeds/"], "out/")      # doctest: +SKIP
    >>> result.report["articles"]["built"]          # doctest: +SKIP
    5

The stages, a package each, data flowing one way: ``read`` (inputs -> Article),
``recognize`` (Article -> Mention), ``link`` (Mention -> Entity), ``facts``
(relations), ``graph`` (RDF and the files); ``query`` uses a built graph. The
plain dataclasses they pass are in ``types``. ``pipeline`` composes the stages;
``cli`` is the ``kg`` command; ``evaluation`` scores and trains.
"""

from __future__ import annotations

from typing import Any

from kg.version import __version__ as __version__


def build(*args: Any, **kwargs: Any) -> Any:
    """Build a graph: see ``kg.pipeline.build``."""
    from kg.pipeline import build as _build

    return _build(*args, **kwargs)


def extract(*args: Any, **kwargs: Any) -> Any:
    """Extract one article: see ``kg.pipeline.extract``."""
    from kg.pipeline import extract as _extract

    return _extract(*args, **kwargs)
