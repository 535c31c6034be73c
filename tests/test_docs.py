"""The examples in README.md and docs/*.md run as written (doctest)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_examples_in_page_run_as_written(page: Path) -> None:
    if ">>> import numpy" in page.read_text(encoding="utf-8"):
        pytest.importorskip("numpy", reason=f"{page.name} has examples that need numpy")
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.failed == 0, f"{result.failed} example(s) in {page.name} failed (see stdout)"
