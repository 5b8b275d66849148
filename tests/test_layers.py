"""The modules of planner/ import each other one way: no cycle, counting the imports inside
functions (a deferred import is an arrow all the same) and the sub-packages an import runs
(`from planner.rules.base import Setup` runs planner/rules/__init__.py first). Not counted:
imports under `if TYPE_CHECKING:` (they never run) and the package `planner` itself, whose
__init__ only gathers the public names. Views never import exporters, exporters never import
the command line."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import planner

ROOT = Path(planner.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, except the bodies of `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                yield child
                yield from _runtime_nodes(child)
            continue
        yield node
        yield from _runtime_nodes(node)


def imported(name: str) -> set[str]:
    """The planner modules that importing `name` imports (directly), as they run."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in MODULES else base)
    out = set()
    for target in targets:
        if not (target == "planner" or target.startswith("planner.")):
            continue
        parts = target.split(".")
        # the packages on the way run too, unless `name` is inside them already
        for i in range(2, len(parts) + 1):
            step = ".".join(parts[:i])
            inside = name == step or name.startswith(step + ".")
            if step in MODULES and step != name and not inside:
                out.add(step)
    return out


GRAPH = {name: imported(name) for name in MODULES if name != "planner"}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph as [a, b, ..., a], or None (depth-first, in name order)."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_is_read() -> None:
    assert "planner.config" in GRAPH and "planner.rules" in GRAPH
    assert "planner.model" in GRAPH["planner.config"]
    # a deferred import counts, and so does the package it runs
    assert "planner.school_calendar" in GRAPH["planner.views.overview"]
    assert "planner.rules" in GRAPH["planner.check"]


def test_find_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_import_cycle() -> None:
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_views_do_not_import_exporters_nor_exporters_the_cli() -> None:
    cli = {"planner.cli", "planner.output", "planner.__main__"} | {
        m for m in GRAPH if m.startswith("planner.cli_")
    }
    for name, targets in GRAPH.items():
        if name.startswith("planner.views"):
            assert not {t for t in targets if t.startswith("planner.exporters")}, name
        if name.startswith("planner.exporters"):
            assert not targets & cli, name


MAX_LINES = 700  # a module longer than this owns more than one thing: split it by owner


def test_no_module_owns_too_much() -> None:
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules above {MAX_LINES} lines: {long}"
