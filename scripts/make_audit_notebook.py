"""Write docs/notebooks/audit.ipynb: the analyst's session of docs/audit.md, as a notebook.

Run from the repository root: ``.venv/bin/python scripts/make_audit_notebook.py``. With
``--execute`` it also runs the notebook (nbclient, the dev extra) and keeps the outputs
of the cells on the bundled sample, so the notebook shows them where it is read; the
cells on the ServiceNow log keep no output (its rows are not ours to publish). With
``--picture`` it saves the sample's plot as docs/audit-sample.png, the one docs/audit.md
shows. tests/test_notebook.py runs the notebook as written and checks what it prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "notebooks" / "audit.ipynb"
PICTURE = NOTEBOOK.parents[1] / "audit-sample.png"
SERVICENOW_TAG = "servicenow"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """# Auditing past tickets: an analyst's session

The session of [docs/audit.md](../audit.md), run as a notebook: audit the bundled sample
of 3,000 invented tickets against the regulation (reaction: R10, R11, R13; processing:
R5; Kyiv's working calendar: R6), look at the summary as DataFrames and as a picture,
drill into one breach, and, when the public ServiceNow event log is next to the
repository, audit it too. It needs the `pandas` and `plot` extras
(`pip install -e '.[pandas,plot]'` in a checkout).""",
    ),
    (
        "code",
        """%matplotlib inline
from sla_calendar import audit, sample_tickets_path

report = audit(sample_tickets_path())
print(f"{report.rows_in} rows read, {len(report.rows)} evaluated, "
      f"{len(report.errors)} in errors, {report.summary.breached} breached")""",
    ),
    (
        "markdown",
        """Nothing is lost: a row that cannot be evaluated is in `report.errors` with its line
(the CSV header is line 1), its column and the reason.""",
    ),
    ("code", "for error in report.errors:\n    print(error)"),
    (
        "markdown",
        """## The summary as DataFrames

Per tier: counts, breach rates as floats, and the reaction and processing percentiles
(nearest rank, on each tier's clock, over the clocks that stopped).""",
    ),
    ("code", "report.summary.to_pandas()"),
    ("code", 'report.summary.to_pandas("month").tail(6)'),
    (
        "markdown",
        """## The picture

One panel per tier: bars are tickets received per month, lines the share of them
breached, reaction and processing apart. A month with fewer than 20 tickets shows its
rates as hollow markers off the line; the dashed line is a 10% target.""",
    ),
    ("code", "report.plot(target=0.10)"),
    (
        "markdown",
        """## Drill into one breach

Every ticket as a row, with zone-aware instants and exact durations; the worst reaction
overruns first.""",
    ),
    (
        "code",
        """frame = report.to_pandas()
worst = frame[frame["reaction_status"] == "breached"].nlargest(5, "reaction_overrun")
worst[["ticket_id", "tier", "received_at", "reaction_due", "reaction_overrun"]]""",
    ),
    (
        "markdown",
        """T00011, a standard-support request (R10), came in on Saturday 28 August 2021 at
17:28, a working Saturday (worked for Monday 23 August): why was it due when it was?""",
    ),
    (
        "code",
        """row = report.row("T00011")
print(row.tier.name, row.reaction_status.value, row.reaction_due.isoformat())
for line in row.explain().lines():
    print(line)""",
    ),
    (
        "markdown",
        """## The ServiceNow event log, when present

The public "Incident management process enriched event log" (UCI dataset 498, CC BY
4.0) is not in this repository. If `shared/data/incident_event_log.csv` is found beside
it, its events are folded into incidents and audited; the zone and each priority's tier
are assumptions (see docs/audit.md).""",
    ),
    (
        "code",
        """import csv
from pathlib import Path

from sla_calendar import SERVICENOW_MAPPING, SERVICENOW_TIERS, incidents_from_event_log

LOG = next(
    (p / "shared" / "data" / "incident_event_log.csv"
     for p in [Path.cwd(), *Path.cwd().resolve().parents]
     if (p / "shared" / "data" / "incident_event_log.csv").is_file()),
    None,
)
print("ServiceNow log:", "found" if LOG else "not found; the cells below do nothing")""",
    ),
    (
        "code",
        """if LOG:
    with open(LOG, newline="", encoding="utf-8") as handle:
        incidents = list(incidents_from_event_log(csv.DictReader(handle)))
    log_report = audit(
        incidents,
        mapping=SERVICENOW_MAPPING,
        tiers=SERVICENOW_TIERS,
        timestamp_format="%d/%m/%Y %H:%M",
        assume_tz="Europe/Kyiv",
        missing=("", "?"),
    )
    made = {i["number"]: i["made_sla"] == "true" for i in incidents}
    agree = sum(made[r.ticket_id] == (not r.breached) for r in log_report.rows)
    print(f"{len(incidents)} incidents, {len(log_report.rows)} audited, "
          f"{len(log_report.errors)} in errors; agreement with made_sla: {agree}")""",
    ),
    ("code", "log_report.summary.to_pandas() if LOG else None"),
    ("code", "log_report.plot(target=0.10) if LOG else None"),
    (
        "code",
        """# R9.6: callers past 50 requests in a calendar month (Kyiv time)
log_report.summary.to_pandas("clients").head(10) if LOG else None""",
    ),
]


def build() -> nbformat.NotebookNode:
    """The notebook, unexecuted; the ServiceNow cells tagged."""
    notebook = new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    servicenow = False
    for number, (kind, source) in enumerate(CELLS):
        servicenow = servicenow or "ServiceNow event log, when present" in source
        cell = new_markdown_cell(source) if kind == "markdown" else new_code_cell(source)
        cell.id = f"cell-{number:02d}"  # stable, so that a rewrite changes only what changed
        if servicenow and kind == "code":
            cell.metadata["tags"] = [SERVICENOW_TAG]
        notebook.cells.append(cell)
    return notebook


def execute(notebook: nbformat.NotebookNode) -> None:
    """Run the notebook in place; keep the sample's outputs, drop the log's and timings."""
    from nbclient import NotebookClient

    NotebookClient(notebook, timeout=300, kernel_name="python3").execute(cwd=str(NOTEBOOK.parent))
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and SERVICENOW_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None


def main() -> None:
    """Write the notebook (and run it with ``--execute``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="run it and keep the outputs")
    parser.add_argument("--picture", action="store_true", help="save the sample's plot")
    args = parser.parse_args()
    if args.picture:
        from sla_calendar import audit, sample_tickets_path

        audit(sample_tickets_path()).plot(target=0.10).savefig(PICTURE, dpi=72)
        print(f"wrote {PICTURE}")
    notebook = build()
    NOTEBOOK.parent.mkdir(parents=True, exist_ok=True)
    if args.execute:
        execute(notebook)
    nbformat.write(notebook, NOTEBOOK)
    print(f"wrote {NOTEBOOK}")


if __name__ == "__main__":
    main()
