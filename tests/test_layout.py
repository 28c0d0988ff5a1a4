"""The package's layout: stages import downwards only, with no cycle anywhere (imports
inside functions count), every module says its job and none grows past about 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "kg"

# Lower layers never import higher ones; modules in one layer may import each other (without cycles).
LAYERS = [
    {"kg.version", "kg.errors", "kg.resources", "kg.types", "kg.text"},
    {"kg.read"},
    {"kg.recognize"},
    {"kg.link"},
    {"kg.facts"},
    {"kg.graph"},
    {"kg.query"},
    {"kg.analytics"},
    {"kg.page"},
    {"kg.pipeline", "kg"},
    {"kg.evaluation"},
    {"kg.cli"},
]
MAX_LINES = 660


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every kg module ``name`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # "from kg.facts import numbers" imports the module kg.facts.numbers
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}
    return {module for module in found if module in known and module != name}


def import_graph() -> nx.DiGraph:
    found = modules()
    graph = nx.DiGraph()
    for name, path in found.items():
        graph.add_node(name)
        graph.add_edges_from((name, imported) for imported in imports_of(name, path, set(found)))
    return graph


def layer_of(module: str) -> int:
    for number, layer in enumerate(LAYERS):
        if module in layer or any(module.startswith(prefix + ".") for prefix in layer if prefix != "kg"):
            return number
    raise AssertionError(f"{module}: in no layer of tests/test_layout.py: place it")


def test_no_import_cycles() -> None:
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], f"import cycles: {cycles}"


def test_lower_layers_never_import_higher_ones() -> None:
    upward = [(a, b) for a, b in import_graph().edges if layer_of(b) > layer_of(a)]
    assert upward == [], f"imports that go up a layer: {upward}"


def test_a_cycle_is_seen(tmp_path: Path) -> None:
    # the checker itself: two modules importing each other inside functions form a cycle
    (tmp_path / "a.py").write_text("def f():\n    from kg.b import g\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("def g():\n    import kg.a\n", encoding="utf-8")
    known = {"kg.a", "kg.b"}
    graph = nx.DiGraph([("kg.a", b) for b in imports_of("kg.a", tmp_path / "a.py", known)]
                       + [("kg.b", b) for b in imports_of("kg.b", tmp_path / "b.py", known)])
    assert list(nx.simple_cycles(graph)) != []


def test_every_module_says_its_job_and_stays_small() -> None:
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(text)), f"{name}: no docstring saying its job"
        assert len(text.splitlines()) <= MAX_LINES, f"{name}: {len(text.splitlines())} lines"
