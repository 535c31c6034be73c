"""The layout rules, for policy/ and audit/: imports inside a part go one way, and no
module imports another module's underscored name."""

from __future__ import annotations

import ast
import pathlib

import pytest

import sla_calendar

PACKAGE = pathlib.Path(sla_calendar.__file__).parent


def _imports(path: pathlib.Path) -> list[ast.ImportFrom]:
    """Every ``from sla_calendar... import ...`` in a module, at any depth."""
    return [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("sla_calendar")
    ]


def _graph(part: str) -> dict[str, set[str]]:
    """Module to the modules of the same part it imports (``__init__`` left out)."""
    prefix = f"sla_calendar.{part}."
    return {
        path.stem: {
            node.module.removeprefix(prefix)
            for node in _imports(path)
            if node.module is not None and node.module.startswith(prefix)
        }
        for path in (PACKAGE / part).glob("*.py")
        if path.stem != "__init__"
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of imports in ``graph``, or [] when there is none."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return []
        for imported in sorted(graph.get(module, ())):
            found = visit(imported, [*path, module])
            if found:
                return found
        done.add(module)
        return []

    for module in sorted(graph):
        found = visit(module, [])
        if found:
            return found
    return []


@pytest.mark.parametrize("part", ["policy", "audit"])
def test_imports_inside_a_part_go_one_way(part: str) -> None:
    assert _cycle(_graph(part)) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


@pytest.mark.parametrize("part", ["policy", "audit"])
def test_no_module_imports_an_underscored_name(part: str) -> None:
    imported = [
        f"{path.name}: {node.module}.{alias.name}"
        for path in (PACKAGE / part).glob("*.py")
        for node in _imports(path)
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert imported == []
