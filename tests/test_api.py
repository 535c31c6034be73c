"""The public API: ``__all__`` is static, sorted, complete, and every name is documented."""

from __future__ import annotations

import ast
import inspect
import itertools
import pathlib

import sla_calendar


def _isort_key(name: str) -> tuple[int, str]:
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_unique() -> None:
    names = sla_calendar.__all__
    assert names == sorted(names, key=_isort_key)
    assert len(set(names)) == len(names)


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(sla_calendar).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and getattr(value, "__module__", "sla_calendar").startswith("sla_calendar")
    }
    assert public <= set(sla_calendar.__all__)
    assert all(hasattr(sla_calendar, name) for name in sla_calendar.__all__)


def _documented_constants() -> set[str]:
    """Names assigned at module level and followed by a string literal (their docstring)."""
    names: set[str] = set()
    for path in pathlib.Path(sla_calendar.__file__).parent.rglob("*.py"):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for statement, following in itertools.pairwise(body):
            target = (
                statement.target
                if isinstance(statement, ast.AnnAssign)
                else statement.targets[0]
                if isinstance(statement, ast.Assign)
                else None
            )
            if (
                isinstance(target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                names.add(target.id)
    return names


def test_every_public_name_has_a_docstring() -> None:
    constants = _documented_constants()
    undocumented = []
    for name in sla_calendar.__all__:
        value = getattr(sla_calendar, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            if not (value.__doc__ or "").strip():
                undocumented.append(name)
            members = vars(value).items() if inspect.isclass(value) else ()
            for member_name, member in members:
                if member_name.startswith("_") or not (
                    callable(member) or isinstance(member, property | classmethod)
                ):
                    continue
                if not (getattr(member, "__doc__", None) or "").strip():
                    undocumented.append(f"{name}.{member_name}")
        elif name not in constants:
            undocumented.append(name)
    assert undocumented == []


def test_py_typed_marker_ships() -> None:
    assert (pathlib.Path(sla_calendar.__file__).parent / "py.typed").exists()
