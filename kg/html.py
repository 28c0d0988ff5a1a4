"""The interactive graph page: pyvis, one self-contained offline HTML file.

pyvis's ``in_line`` mode inlines vis-network but still links Bootstrap from a
CDN; those tags are removed (the page does not use Bootstrap), and the page
is checked to load nothing from the network before it is written.
"""

from __future__ import annotations

import html as html_escape
import os
import re
from pathlib import Path

from pyvis.network import Network
from rdflib import Dataset

from .errors import KgError
from .export import atomic_write

CDN_TAG = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?", re.S)
REMOTE = re.compile(r"\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)

VIEW_QUERY = """
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?article ?headline ?entity ?label ?type WHERE {
  ?article a schema:NewsArticle ; schema:headline ?headline ; schema:mentions ?entity .
  ?entity rdfs:label ?label ; a ?type .
  VALUES ?type { schema:Person schema:Organization schema:Place schema:Event schema:Legislation schema:Product }
}
"""

COLORS = {
    "Person": "#e15759",
    "Organization": "#4e79a7",
    "Place": "#59a14f",
    "Event": "#f28e2b",
    "Legislation": "#b07aa1",
    "Product": "#edc948",
    "NewsArticle": "#9c9c9c",
}


def render_html(dataset: Dataset) -> str:
    """The page's HTML for a graph."""
    network = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", select_menu=False)
    rows = sorted(dataset.query(VIEW_QUERY), key=lambda r: tuple(map(str, r)))
    for article, headline, entity, label, rdf_type in rows:
        kind = str(rdf_type).rsplit("/", 1)[-1]
        if str(article) not in network.get_nodes():
            network.add_node(str(article), label=str(headline)[:16], title=html_escape.escape(str(headline)), color=COLORS["NewsArticle"], shape="box", group="NewsArticle")
        if str(entity) not in network.get_nodes():
            network.add_node(str(entity), label=str(label), title=html_escape.escape(f"{label} ({kind})"), color=COLORS[kind], group=kind)
        network.add_edge(str(article), str(entity), title="mentions")
    page = network.generate_html(notebook=False)
    return make_offline(page)


def make_offline(page: str) -> str:
    page = CDN_TAG.sub("", page)
    if REMOTE.search(page):
        raise KgError("graph page would load a resource from the network: " + REMOTE.search(page).group(0))  # type: ignore[union-attr]
    return page


def write_html(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write the page as UTF-8 whatever the locale, atomically."""
    with atomic_write(path, "w") as stream:
        stream.write(render_html(dataset))
    return Path(path)
