"""docs/notebooks/audit.ipynb runs headless from top to bottom and prints the expected totals.

Needs nbclient and ipykernel (the dev extra), pandas and matplotlib; skipped without them.
The ServiceNow cells run when ../shared/data/incident_event_log.csv is present.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "notebooks" / "audit.ipynb"
LOG = ROOT.parent / "shared" / "data" / "incident_event_log.csv"

pytestmark = pytest.mark.skipif(
    any(
        importlib.util.find_spec(name) is None
        for name in ("nbclient", "ipykernel", "pandas", "matplotlib")
    ),
    reason="running the notebook needs nbclient, ipykernel, pandas and matplotlib (dev extra)",
)


def _texts(cell: Any) -> str:
    """Everything a code cell printed or showed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def executed() -> Any:
    """The notebook, run in a fresh kernel with docs/notebooks as its directory."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # else jupyter_core warns of its move
        NotebookClient(notebook, timeout=300, kernel_name="python3").execute(
            cwd=str(NOTEBOOK.parent)
        )
    return notebook


def test_the_notebook_is_what_its_script_writes() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_audit_notebook import build
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    import nbformat

    committed = nbformat.read(NOTEBOOK, as_version=4)
    assert [(c.cell_type, c.source) for c in committed.cells] == [
        (c.cell_type, c.source) for c in build().cells
    ]


def test_no_cell_fails(executed: Any) -> None:
    errors = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output["output_type"] == "error"
    ]
    assert errors == []


def test_the_sample_totals_the_plot_and_the_breach(executed: Any) -> None:
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    printed = [_texts(cell) for cell in code]
    assert printed[0] == "3003 rows read, 3000 evaluated, 3 in errors, 559 breached\n"
    assert printed[1].count("\n") == 3  # the three bad rows, one line each
    assert "emergency_24_7" in printed[2]  # the summary per tier, as a DataFrame
    figures = [
        cell for cell in code for o in cell.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert figures  # the plot shows as a picture
    assert printed[6].startswith("standard breached 2021-09-01T14:28:00+03:00\n")
    assert printed[6].endswith("total counted 24:00\n")


def test_the_servicenow_log_when_present(executed: Any) -> None:
    printed = "".join(_texts(cell) for cell in executed.cells if cell.cell_type == "code")
    if not LOG.is_file():
        assert "ServiceNow log: not found; the cells below do nothing" in printed
        pytest.skip(f"the ServiceNow event log is not at {LOG}")
    assert "ServiceNow log: found" in printed
    assert "24918 incidents, 24915 audited, 3 in errors; agreement with made_sla: 20330" in printed
