"""Graph analytics: a networkx view of the knowledge graph, its statistics, and
graph files for Gephi.

``graph_view`` reads the RDF graph with SPARQL over kg's vocabulary and returns
a ``networkx.MultiDiGraph`` whose nodes are the entities and the articles and
whose edges are the relations between them, each labelled as a reader would
say it (holds the post of, belongs to, organizes, mentions...). The labels,
colours and relation properties come from ``kg/data/page/view.yaml``; the
page (``kg.page``), ``kg stats`` and ``kg export`` all work on this one view.

    >>> view = graph_view("out/graph.ttl")                    # doctest: +SKIP
    >>> stats = graph_stats(view)                             # doctest: +SKIP
    >>> write_graph(view, "out/graph.graphml", "graphml")     # doctest: +SKIP
"""

from __future__ import annotations

import functools
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import KgError
from kg.graph.export import atomic_write
from kg.graph.vocab import PREFIXES, SDO
from kg.query.store import as_store, query_options
from kg.resources import data_path, load_yaml

ARTICLE = "NewsArticle"


# --- configuration ---------------------------------------------------------------------


@dataclass(frozen=True)
class NodeType:
    """How one type of node is named and drawn."""

    id: str  # the schema.org class's local name, e.g. "Person"
    name: str  # what readers see, e.g. the legend entry
    color: str
    shape: str


@dataclass(frozen=True)
class ViewConfig:
    """The contents of ``view.yaml``: node types and relations."""

    types: tuple[NodeType, ...]  # legend order
    other: Mapping[str, str]  # style of a type view.yaml does not list
    relations: Mapping[str, Mapping[str, Any]]
    entity_classes: tuple[str, ...]  # classes whose instances are entity nodes
    page: Mapping[str, Any] = field(default_factory=dict)  # the page's title and size limit

    def node_type(self, type_id: str) -> NodeType:
        for node_type in self.types:
            if node_type.id == type_id:
                return node_type
        return NodeType(type_id, type_id, str(self.other.get("color", "#888888")), str(self.other.get("shape", "dot")))

    def relation_name(self, relation: str) -> str:
        """The short name of a relation: its label without the role."""
        spec = self.relations.get(relation, {})
        return str(spec.get("label", relation)).format(role="").strip()


@functools.cache
def view_config(path: Path | None = None) -> ViewConfig:
    """Read ``view.yaml`` (the shipped one unless ``path`` is given)."""
    path = path or data_path("page/view.yaml")
    data = load_yaml(path)
    try:
        types = tuple(
            NodeType(str(key), str(spec["name"]), str(spec["color"]), str(spec["shape"]))
            for key, spec in data["types"].items()
        )
        relations = {str(key): dict(spec) for key, spec in data["relations"].items()}
    except (KeyError, TypeError, AttributeError) as error:
        raise KgError(f"{path}: expected 'types' (name, color, shape each) and 'relations': {error}") from error
    for key, spec in relations.items():
        if "label" not in spec:
            raise KgError(f"{path}: relation {key!r} has no label")
    labels = load_yaml(data_path("labels.yaml"))["labels"]
    general = [str(spec["class"]) for spec in labels.values() if "class" in spec]
    listed = [t.id for t in types if t.id != ARTICLE]
    entity_classes = tuple(dict.fromkeys([*listed, *general]))
    return ViewConfig(types, dict(data.get("other_type", {})), relations, entity_classes, dict(data.get("page", {})))


# --- the view ----------------------------------------------------------------------------

PREFIX_HEADER = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(PREFIXES.items()))

ENTITIES = """
SELECT DISTINCT ?node ?class ?label WHERE {
  VALUES ?class { %s }
  ?node a ?class ; rdfs:label ?label .
}"""

KINDS = """
SELECT DISTINCT ?node ?kind WHERE {
  VALUES ?class { %s }
  ?node a ?class , ?kind .
  FILTER (STRSTARTS(STR(?kind), STR(schema:)) && ?kind != ?class)
}"""

ALIASES = """
SELECT DISTINCT ?node ?alias WHERE { ?node skos:altLabel ?alias }"""

ARTICLES = """
SELECT DISTINCT ?node ?headline ?identifier ?date ?url WHERE {
  ?node a schema:NewsArticle .
  OPTIONAL { ?node schema:headline ?headline }
  OPTIONAL { ?node schema:identifier ?identifier }
  OPTIONAL { ?node schema:datePublished ?date }
  OPTIONAL { ?node schema:url ?url }
}"""

MENTIONS = """
SELECT DISTINCT ?article ?node WHERE { ?article a schema:NewsArticle ; schema:mentions ?node }"""

PHRASES = """
SELECT DISTINCT ?phrase ?article ?node WHERE {
  ?phrase itsrdf:taIdentRef ?node ; nif:referenceContext ?context .
  ?context prov:wasDerivedFrom ?article .
}"""

MEMBERSHIPS = """
SELECT DISTINCT ?fact ?person ?role ?organization ?former ?article ?evidence WHERE {
  ?fact a org:Membership ; org:member ?person ; org:role ?roleNode .
  ?roleNode rdfs:label ?role .
  OPTIONAL { ?fact org:organization ?organization }
  OPTIONAL { ?fact kgo:former ?former }
  OPTIONAL { ?fact prov:wasDerivedFrom ?article }
  OPTIONAL { ?fact kgo:evidence/nif:anchorOf ?evidence }
}"""

STATEMENTS = """
SELECT DISTINCT ?fact ?person ?text ?event ?article ?evidence WHERE {
  ?fact a schema:Quotation ; schema:creator ?person .
  OPTIONAL { ?fact schema:text ?text }
  OPTIONAL { ?fact kgo:atEvent ?event }
  OPTIONAL { ?fact prov:wasDerivedFrom ?article }
  OPTIONAL { ?fact kgo:evidence/nif:anchorOf ?evidence }
}"""

PROPERTIES = """
SELECT DISTINCT ?subject ?property ?object WHERE {
  VALUES ?property { %s }
  ?subject ?property ?object .
}"""

STATED = """
SELECT DISTINCT ?subject ?property ?object ?article ?evidence WHERE {
  VALUES ?property { %s }
  ?statement rdf:subject ?subject ; rdf:predicate ?property ; rdf:object ?object ;
      kgo:evidence/nif:anchorOf ?evidence .
  OPTIONAL { ?statement prov:wasDerivedFrom ?article }
}"""

EVIDENCE = """
SELECT DISTINCT ?node ?sentence ?text ?begin ?article WHERE {
  ?fact kgo:evidence ?sentence ; ?property ?node .
  ?sentence nif:anchorOf ?text .
  OPTIONAL { ?sentence nif:beginIndex ?begin }
  OPTIONAL { ?fact prov:wasDerivedFrom ?article }
  FILTER (isIRI(?node) && ?property NOT IN (rdf:type, kgo:evidence, prov:wasDerivedFrom))
}"""


GraphLike = str | os.PathLike[str] | Dataset | ox.Store | Iterable[ox.Quad]


def select(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    """Rows of a SELECT over the union graph, as lexical forms, in a stable order."""
    try:
        solutions = store.query(PREFIX_HEADER + query, **query_options(store))
    except SyntaxError as error:
        raise KgError(f"graph view query failed: {error}") from error
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    rows = [tuple(None if s[n] is None else s[n].value for n in names) for s in solutions]  # type: ignore[index,union-attr]
    return sorted(rows, key=lambda row: tuple("" if v is None else v for v in row))


def text(term: str | None) -> str:
    return "" if term is None else term


def class_values(classes: Iterable[str]) -> str:
    return " ".join(f"<{SDO[name]}>" for name in classes)


def expand(prefixed: str) -> URIRef:
    """``org:subOrganizationOf`` -> its full IRI, with kg's prefixes."""
    prefix, _, local = prefixed.partition(":")
    if prefix not in PREFIXES or not local:
        raise KgError(f"view.yaml: {prefixed!r} is not a prefixed name with one of {', '.join(sorted(PREFIXES))}")
    return URIRef(str(PREFIXES[prefix]) + local)


def graph_view(graph: GraphLike, *, config: ViewConfig | None = None) -> nx.MultiDiGraph:
    """The entities and articles of a graph, and the relations between them.

    Nodes are keyed by IRI and carry ``label``, ``type`` (a key of view.yaml's
    types), and for entities ``kind`` (a more specific schema.org class or ""),
    ``aliases`` (skos:altLabel), ``articles`` (how many articles mention it),
    ``mentions`` (how many times), ``posts`` (the posts a person holds) and
    ``statements`` (how many statements a person made); articles carry
    ``date`` and ``url``. Edges carry ``relation`` (the id in view.yaml),
    ``label`` (what the page draws), ``count``, and for facts ``fact``,
    ``article`` and ``evidence`` (the sentence it was read from).

    Nodes and edges are added in sorted order, so the same graph always gives
    the same view (and the same layouts, communities and files).
    """
    config = config or view_config()
    relations = config.relations
    store = as_store(graph)
    view = nx.MultiDiGraph()

    entities: dict[str, dict[str, Any]] = {}
    order = {name: index for index, name in enumerate(config.entity_classes)}
    for node, cls, label in select(store, ENTITIES % class_values(config.entity_classes)):
        kind = str(cls).removeprefix(str(SDO))
        current = entities.get(str(node))
        if current is None or order[kind] < order[current["type"]]:
            entities[str(node)] = {"label": str(label), "type": kind}
    kinds: dict[str, list[str]] = defaultdict(list)
    for node, specific in select(store, KINDS % class_values(config.entity_classes)):
        kinds[str(node)].append(str(specific).removeprefix(str(SDO)))
    aliases: dict[str, list[str]] = defaultdict(list)
    for node, alias in select(store, ALIASES):
        aliases[str(node)].append(str(alias))
    for node in sorted(entities):
        attributes = entities[node]
        narrower = [k for k in sorted(kinds.get(node, ())) if k not in config.entity_classes]
        view.add_node(
            node,
            label=attributes["label"],
            type=attributes["type"],
            kind=narrower[0] if narrower else "",
            aliases=tuple(sorted(set(aliases.get(node, ())) - {attributes["label"]})),
            articles=0,
            mentions=0,
            posts=(),
            statements=0,
        )

    for node, headline, identifier, date, url in select(store, ARTICLES):
        if str(node) in view:
            continue
        view.add_node(
            str(node),
            label=text(headline) or text(identifier) or str(node).rsplit("/", 1)[-1],
            type=ARTICLE,
            date=text(date),
            url=text(url),
        )

    def add_edge(source: str, target: str, key: str, relation: str, label: str, **attributes: Any) -> None:
        if source in view and target in view:
            view.add_edge(source, target, key=key, relation=relation, label=label, **attributes)

    # mentions: article -> entity, with how often
    phrases: Counter[tuple[str, str]] = Counter((str(a), str(n)) for _p, a, n in select(store, PHRASES))
    for article, node in select(store, MENTIONS):
        article, node = str(article), str(node)
        if node in entities:
            count = max(phrases[(article, node)], 1)
            add_edge(article, node, "mentions", "mentions", str(relations["mentions"]["label"]), count=count)
    for node in entities:
        if node in view:
            sources = [s for s, _t, r in view.in_edges(node, data="relation") if r == "mentions"]
            view.nodes[node]["articles"] = len(set(sources))
            view.nodes[node]["mentions"] = sum(
                d["count"] for _s, _t, d in view.in_edges(node, data=True) if d["relation"] == "mentions"
            )

    # posts: person -> organisation
    spec = relations["memberOf"]
    posts: dict[str, set[str]] = defaultdict(set)
    for fact, person, role, organization, former, article, evidence in select(store, MEMBERSHIPS):
        was = text(former).lower() == "true"
        organization_label = (
            view.nodes[str(organization)]["label"] if organization and str(organization) in view else ""
        )
        post = str(spec["former_post" if was else "post"]).format(organization=organization_label, role=role)
        posts[str(person)].add(post)
        if organization:
            label = str(spec["former_label" if was else "label"]).format(role=role)
            add_edge(
                str(person),
                str(organization),
                str(fact),
                "memberOf",
                label,
                count=1,
                role=str(role),
                former=was,
                fact=str(fact),
                article=text(article),
                evidence=text(evidence),
            )
    for person, held in posts.items():
        if person in view:
            view.nodes[person]["posts"] = tuple(sorted(held))

    # statements: person -> the event where it was said, else the article
    statements: Counter[str] = Counter()
    for fact, person, quote, event, article, evidence in select(store, STATEMENTS):
        statements[str(person)] += 1
        target = str(event) if event and str(event) in view else text(article)
        add_edge(
            str(person),
            target,
            str(fact),
            "statement",
            str(relations["statement"]["label"]),
            count=1,
            text=text(quote),
            fact=str(fact),
            article=text(article),
            evidence=text(evidence),
        )
    for person, count in statements.items():
        if person in view:
            view.nodes[person]["statements"] = count

    # properties between two nodes, with their evidence where the graph has it
    simple = {str(expand(str(s["predicate"]))): (key, s) for key, s in relations.items() if "predicate" in s}
    if simple:
        values = " ".join(f"<{p}>" for p in sorted(simple))
        stated: dict[tuple[str, str, str], tuple[str, str]] = {}
        for subject, prop, obj, article, evidence in select(store, STATED % values):
            stated.setdefault((str(subject), str(prop), str(obj)), (text(article), text(evidence)))
        for subject, prop, obj in select(store, PROPERTIES % values):
            key, s = simple[str(prop)]
            source, target = (str(obj), str(subject)) if s.get("reverse") else (str(subject), str(obj))
            article, evidence = stated.get((str(subject), str(prop), str(obj)), ("", ""))
            add_edge(source, target, key, key, str(s["label"]), count=1, article=article, evidence=evidence)
    return view


@dataclass(frozen=True)
class Evidence:
    """A sentence a fact about a node was read from."""

    text: str
    article: str  # the article's IRI ("" if the graph does not say)
    sentence: str  # the nif:Sentence's IRI
    begin: int  # offset into the article's text


def evidence_by_node(graph: GraphLike, nodes: Iterable[str] | None = None) -> dict[str, tuple[Evidence, ...]]:
    """For each node, the evidence sentences of every fact that involves it.

    A fact involves a node when it points to it with any property (org:member,
    schema:creator, rdf:subject, schema:about...), so new kinds of facts are
    covered without changing this. Sorted by article and offset; each
    sentence once.
    """
    store = as_store(graph)
    wanted = set(nodes) if nodes is not None else None
    found: dict[str, dict[str, Evidence]] = defaultdict(dict)
    for node, sentence, sentence_text, begin, article in select(store, EVIDENCE):
        if wanted is not None and str(node) not in wanted:
            continue
        item = Evidence(str(sentence_text), text(article), str(sentence), int(begin) if begin is not None else 0)
        found[str(node)].setdefault(item.sentence, item)
    return {
        node: tuple(sorted(items.values(), key=lambda e: (e.article, e.begin, e.sentence)))
        for node, items in sorted(found.items())
    }


# --- algorithms -----------------------------------------------------------------------------


def undirected(view: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph whose edge weights count the view's edges.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> sorted(undirected(g).edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """
    weights: dict[tuple[Any, Any], int] = defaultdict(int)
    for source, target in view.edges():
        if source != target:
            weights[tuple(sorted((source, target), key=str))] += 1
    # nodes and edges in one fixed order: Louvain's seeded result depends on the order it
    # meets them, and the order a store returns rows in is not fixed
    graph = nx.Graph()
    graph.add_nodes_from(sorted(view.nodes, key=str))
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))))
    return graph


def pagerank(
    view: nx.Graph, *, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200
) -> dict[Hashable, float]:
    """PageRank over the undirected, weighted graph: importance in either direction.

    Direction carries little here (an organisation "organizes" an event, an
    event "is organized by" it), so a relation counts both ways. Power
    iteration as networkx's, on numpy arrays (networkx's own needs SciPy);
    deterministic, the scores summing to 1.

    >>> scores = pagerank(nx.star_graph(3))
    >>> max(scores, key=scores.get)
    0
    >>> round(sum(scores.values()), 6)
    1.0
    """
    import numpy as np

    graph = undirected(view) if view.is_directed() or view.is_multigraph() else view
    nodes = list(graph.nodes)
    count = len(nodes)
    if not count:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[u], index[v], float(w)) for u, v, w in graph.edges(data="weight", default=1) if u != v]
    source = np.array([p[0] for p in pairs] + [p[1] for p in pairs], dtype=np.int64)
    target = np.array([p[1] for p in pairs] + [p[0] for p in pairs], dtype=np.int64)
    weight = np.array([p[2] for p in pairs] * 2, dtype=float)
    strength = np.bincount(source, weights=weight, minlength=count)
    dangling = strength == 0
    share = np.divide(weight, strength[source], out=np.zeros_like(weight), where=strength[source] > 0)
    rank = np.full(count, 1.0 / count)
    for _ in range(max_iter):
        new = alpha * np.bincount(target, weights=rank[source] * share, minlength=count)
        new += (1.0 - alpha) / count + alpha * rank[dangling].sum() / count
        error = float(np.abs(new - rank).sum())
        rank = new
        if error < count * tol:
            break
    return {node: float(rank[i]) for i, node in enumerate(nodes)}


def communities(view: nx.Graph, *, seed: int = 0) -> list[frozenset[Hashable]]:
    """Communities by Louvain modularity (seeded, so always the same), largest first.

    >>> groups = communities(nx.barbell_graph(4, 0))
    >>> [sorted(g) for g in groups]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    graph = undirected(view) if view.is_directed() or view.is_multigraph() else view
    if graph.number_of_edges() == 0:
        return [frozenset([n]) for n in sorted(graph.nodes, key=str)]
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


# --- stats ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    node: str
    label: str
    type: str
    score: float


@dataclass(frozen=True)
class Community:
    size: int
    members: tuple[Ranked, ...]  # the most central entities of the community
    types: Mapping[str, int]


@dataclass(frozen=True)
class Speaker:
    node: str
    label: str
    posts: tuple[str, ...]
    statements: int


@dataclass(frozen=True)
class GraphStats:
    """What ``kg stats`` prints."""

    nodes: int
    edges: int
    by_type: Mapping[str, int]
    by_relation: Mapping[str, int]
    central: tuple[Ranked, ...]
    components: int
    component_sizes: tuple[int, ...]  # largest first
    communities: tuple[Community, ...]
    modularity: float
    people: tuple[Speaker, ...]
    names: Mapping[str, str] = field(default_factory=dict)  # type or relation id -> what readers see

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""

        def ranked(r: Ranked) -> dict[str, Any]:
            return {"node": r.node, "label": r.label, "type": r.type, "pagerank": round(r.score, 6)}

        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "by_type": dict(self.by_type),
            "by_relation": dict(self.by_relation),
            "central": [ranked(r) for r in self.central],
            "components": {"count": self.components, "sizes": list(self.component_sizes)},
            "communities": {
                "count": len(self.communities),
                "modularity": round(self.modularity, 4),
                "largest": [
                    {"size": c.size, "types": dict(c.types), "members": [ranked(m) for m in c.members]}
                    for c in self.communities
                ],
            },
            "people": [
                {"node": p.node, "label": p.label, "posts": list(p.posts), "statements": p.statements}
                for p in self.people
            ],
        }


def graph_stats(view: nx.MultiDiGraph, *, top: int = 10, seed: int = 0, config: ViewConfig | None = None) -> GraphStats:
    """Counts by type and relation, the most central entities, components,
    communities and the people with the most posts and statements."""
    config = config or view_config()
    types = Counter(str(t) for _n, t in view.nodes(data="type"))
    relations = Counter(str(r) for _s, _t, r in view.edges(data="relation"))
    type_order = {t.id: i for i, t in enumerate(config.types)}
    relation_order = {r: i for i, r in enumerate(config.relations)}
    scores = pagerank(view)

    def rank(node: Hashable) -> Ranked:
        data = view.nodes[node]
        return Ranked(str(node), str(data.get("label", node)), str(data.get("type", "")), scores.get(node, 0.0))

    entities = [n for n, t in view.nodes(data="type") if t != ARTICLE]
    central = sorted((rank(n) for n in entities), key=lambda r: (-r.score, r.label, r.node))[:top]
    components = sorted((len(c) for c in nx.weakly_connected_components(view)), reverse=True)
    simple = undirected(view)
    groups = communities(simple, seed=seed)
    modularity = nx.community.modularity(simple, groups, weight="weight") if simple.number_of_edges() else 0.0
    described = tuple(
        Community(
            size=len(group),
            members=tuple(
                sorted(
                    (rank(n) for n in group if view.nodes[n].get("type") != ARTICLE), key=lambda r: (-r.score, r.label)
                )[:5]
            ),
            types=dict(
                sorted(
                    Counter(str(view.nodes[n].get("type")) for n in group).items(),
                    key=lambda kv: (type_order.get(kv[0], 99), kv[0]),
                )
            ),
        )
        for group in groups[:top]
    )
    people = sorted(
        (
            Speaker(str(n), str(d.get("label", n)), tuple(d.get("posts", ())), int(d.get("statements", 0)))
            for n, d in view.nodes(data=True)
            if d.get("type") == "Person" and (d.get("posts") or d.get("statements"))
        ),
        key=lambda p: (-(len(p.posts) + p.statements), -p.statements, p.label, p.node),
    )[:top]
    names = {t.id: t.name for t in config.types} | {r: config.relation_name(r) for r in config.relations}
    return GraphStats(
        nodes=view.number_of_nodes(),
        edges=view.number_of_edges(),
        by_type=dict(sorted(types.items(), key=lambda kv: (type_order.get(kv[0], 99), kv[0]))),
        by_relation=dict(sorted(relations.items(), key=lambda kv: (relation_order.get(kv[0], 99), kv[0]))),
        central=tuple(central),
        components=len(components),
        component_sizes=tuple(components[:top]),
        communities=described,
        modularity=float(modularity),
        people=tuple(people),
        names=names,
    )


# --- graph files ------------------------------------------------------------------------------


def flat(value: Any) -> str | int | float | bool:
    """An attribute value GraphML and GEXF can hold: lists are joined with "|"."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "|".join(map(str, value))
    if isinstance(value, (str, int, float, bool)):
        return value
    return "" if value is None else str(value)


def flat_view(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the view with every attribute a scalar, and the same attribute
    keys on every node and edge (GEXF declares each attribute once, with a type)."""
    out = nx.MultiDiGraph()
    node_keys = sorted({k for _n, d in view.nodes(data=True) for k in d})
    edge_keys = sorted({k for *_e, d in view.edges(keys=True, data=True) for k in d})
    defaults = {**{k: default_of(view.nodes(data=k)) for k in node_keys}}
    edge_defaults = {k: default_of((None, v) for *_e, v in view.edges(keys=True, data=k)) for k in edge_keys}
    for node, data in view.nodes(data=True):
        out.add_node(node, **{k: flat(data.get(k, defaults[k])) for k in node_keys})
    for source, target, key, data in view.edges(keys=True, data=True):
        out.add_edge(source, target, key=key, **{k: flat(data.get(k, edge_defaults[k])) for k in edge_keys})
    return out


def default_of(values: Iterable[tuple[Any, Any]]) -> Any:
    for _item, value in values:
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            return type(value)(0)
        if value is not None:
            return ""
    return ""


def write_graphml(view: nx.MultiDiGraph, stream: IO[bytes]) -> None:
    nx.write_graphml(flat_view(view), stream, encoding="utf-8", prettyprint=True)


def write_gexf(view: nx.MultiDiGraph, stream: IO[bytes]) -> None:
    nx.write_gexf(flat_view(view), stream, encoding="utf-8", prettyprint=True)


# format name -> (file suffix, writer)
GRAPH_FORMATS: dict[str, tuple[str, Callable[[nx.MultiDiGraph, IO[bytes]], None]]] = {
    "graphml": (".graphml", write_graphml),
    "gexf": (".gexf", write_gexf),
}


def write_graph(view: nx.MultiDiGraph, path: str | os.PathLike[str], graph_format: str = "graphml") -> Path:
    """Write the view for Gephi, yEd, Cytoscape or networkx, atomically.

    Node and edge attributes (label, type, relation...) become GraphML/GEXF
    attributes; lists (aliases, posts) are joined with "|".
    """
    if graph_format not in GRAPH_FORMATS:
        raise KgError(f"unknown graph format {graph_format!r}; expected one of {', '.join(GRAPH_FORMATS)}")
    _suffix, write = GRAPH_FORMATS[graph_format]
    with atomic_write(path) as stream:
        write(view, stream)
    return Path(path)
