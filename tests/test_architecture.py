"""The shape of kg/: imports point one way, from the CLI down to the data model, and never in a cycle.

Every ``import`` in kg/ counts, at module level or inside a function (a deferred import still ties two
modules together). A module may import from its own layer or a lower one, never from a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

# Lowest first. The stages run top to bottom: ingest → extract → rdf → present; build runs them all.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("kg.model", "kg.errors", "kg.vocab", "kg.config", "kg.resources")),
    ("ingest", ("kg.ingest",)),
    ("extract", ("kg.extract",)),
    ("rdf", ("kg.rdf",)),
    ("present", ("kg.present",)),
    ("build", ("kg.build",)),
    ("evaluate", ("kg.evaluate",)),
    ("cli", ("kg.cli", "kg.__main__", "kg")),
]


def module_name(path: Path, root: Path) -> str:
    """Return the dotted name of the module at ``path`` in the package rooted at ``root``."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> nx.DiGraph:
    """Return the graph of imports between the modules of the package at ``root``, one node per module."""
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph = nx.DiGraph()
    graph.add_nodes_from(paths)
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                # from pkg import module: the module is what is imported
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in paths else base for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in paths:  # import kg.x.y.attr → the module kg.x.y
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph.add_edge(name, target, line=node.lineno)
    return graph


def layer_of(module: str, layers: list[tuple[str, tuple[str, ...]]]) -> int | None:
    """Return the index of the layer a module belongs to (the longest matching prefix), or None."""
    best, index = -1, None
    for i, (_, prefixes) in enumerate(layers):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, index = len(prefix), i
    return index


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    """Return each group of modules that import one another in a cycle."""
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def upward_imports(graph: nx.DiGraph, layers: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """Return 'a (layer) → b (layer)' for each import of a higher layer, and each module with no layer."""
    found = [f"{m}: in no layer" for m in sorted(graph) if layer_of(m, layers) is None]
    for a, b, data in sorted(graph.edges(data=True)):
        la, lb = layer_of(a, layers), layer_of(b, layers)
        if la is not None and lb is not None and lb > la:
            found.append(f"{a} ({layers[la][0]}) imports {b} ({layers[lb][0]}) at line {data['line']}")
    return found


def test_architecture_kg_has_no_import_cycle():
    assert cycles(import_graph(KG)) == []


def test_architecture_kg_imports_point_down_the_layers():
    assert upward_imports(import_graph(KG), LAYERS) == []


def test_architecture_every_folder_of_modules_is_a_package():
    folders = {p.parent for p in KG.rglob("*.py")}
    assert sorted(str(f) for f in folders if not (f / "__init__.py").is_file()) == []


def test_architecture_package_inits_do_no_work():
    # An __init__ holds its docstring (what the package owns and may import); kg/__init__ re-exports the model.
    for init in sorted(KG.rglob("__init__.py")):
        if init.parent == KG:
            continue
        body = ast.parse(init.read_text(encoding="utf-8")).body
        assert body and ast.get_docstring(ast.Module(body=body, type_ignores=[])), f"{init}: no docstring"
        assert len(body) == 1, f"{init}: an __init__ holds only its docstring"


@pytest.fixture
def tiny_package(tmp_path):
    """A package with two layers: pkg.low (pkg.low.a, pkg.low.b) under pkg.high."""
    root = tmp_path / "pkg"
    for folder in (root, root / "low", root / "high"):
        folder.mkdir()
        (folder / "__init__.py").write_text('"""Docstring."""\n', encoding="utf-8")
    (root / "low" / "a.py").write_text("from . import b\n", encoding="utf-8")
    (root / "low" / "b.py").write_text("import os\n", encoding="utf-8")
    (root / "high" / "c.py").write_text("from ..low.a import thing\n", encoding="utf-8")
    return root


TINY_LAYERS = [("low", ("pkg.low",)), ("high", ("pkg.high", "pkg"))]


def test_architecture_checker_passes_a_clean_package(tiny_package):
    graph = import_graph(tiny_package)
    assert set(graph.edges) == {("pkg.low.a", "pkg.low.b"), ("pkg.high.c", "pkg.low.a")}
    assert cycles(graph) == []
    assert upward_imports(graph, TINY_LAYERS) == []


def test_architecture_checker_finds_an_upward_import_inside_a_function(tiny_package):
    (tiny_package / "low" / "b.py").write_text("def f():\n    from ..high.c import thing\n", encoding="utf-8")
    found = upward_imports(import_graph(tiny_package), TINY_LAYERS)
    assert found == ["pkg.low.b (low) imports pkg.high.c (high) at line 2"]


def test_architecture_checker_finds_a_cycle(tiny_package):
    (tiny_package / "low" / "b.py").write_text("import pkg.low.a\n", encoding="utf-8")
    assert cycles(import_graph(tiny_package)) == [["pkg.low.a", "pkg.low.b"]]


def test_architecture_checker_finds_a_module_in_no_layer(tiny_package):
    (tiny_package / "low" / "b.py").rename(tiny_package / "b.py")
    (tiny_package / "low" / "a.py").write_text("from .. import b\n", encoding="utf-8")
    found = upward_imports(import_graph(tiny_package), [("low", ("pkg.low",)), ("high", ("pkg.high",))])
    assert found == ["pkg: in no layer", "pkg.b: in no layer"]
