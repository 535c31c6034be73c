"""Pauses from a separate file (R5): joined by ticket id, checked, nothing lost.

Hand-checked on Kyiv's calendar (R6: Mon-Fri 09:00-18:00): a standard ticket received
Monday 16 November 2026 09:00 is due for processing (R5: 24 hours, counted in the
tier's working hours) on Wednesday 18 November 15:00 (9 + 9 + 6 hours). A pause from
Monday 12:00 to Tuesday 12:00 holds 6 + 3 working hours, which moves that to Thursday
19 November 15:00.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from sla_calendar import InvalidValueError, PauseColumns
from sla_calendar.audit import Verdict, audit, audit_partition
from sla_calendar.cli import main
from tests.strategies import audit_ticket_rows

HAS_PANDAS = importlib.util.find_spec("pandas") is not None
HAS_NUMPY = importlib.util.find_spec("numpy") is not None
ENGINES = (
    "python",
    pytest.param("numpy", marks=pytest.mark.skipif(not HAS_NUMPY, reason="numpy is optional")),
)

TICKETS = [
    {
        "ticket_id": "T1",
        "tier": "standard",
        "received_at": "2026-11-16T09:00+02:00",
        "resolved_at": "2026-11-19T12:00+02:00",
    },
    {
        "ticket_id": "T2",
        "tier": "standard",
        "received_at": "2026-11-16T09:00+02:00",
        "resolved_at": "2026-11-19T12:00+02:00",
    },
]
ONE_DAY_PAUSE = {
    "ticket_id": "T1",
    "paused_at": "2026-11-16T12:00+02:00",
    "resumed_at": "2026-11-17T12:00+02:00",
}


def pause(ticket_id: str, start: str, end: str) -> dict[str, str]:
    return {"ticket_id": ticket_id, "paused_at": start, "resumed_at": end}


@pytest.mark.parametrize("engine", ENGINES)
def test_r5_a_pause_from_the_file_moves_processing_due_like_the_column(engine: str) -> None:
    report = audit(TICKETS, pauses=[ONE_DAY_PAUSE], engine=engine)  # type: ignore[arg-type]
    paused, plain = report.row("T1"), report.row("T2")
    assert paused.processing_due.isoformat() == "2026-11-19T15:00:00+02:00"
    assert paused.processing_status is Verdict.MET
    assert plain.processing_due.isoformat() == "2026-11-18T15:00:00+02:00"
    assert plain.processing_status is Verdict.BREACHED
    assert (report.pause_rows_in, report.pauses_applied, report.pause_errors) == (1, 1, ())
    column = dict(TICKETS[0], pauses="2026-11-16T12:00+02:00/2026-11-17T12:00+02:00")
    assert audit([column], engine=engine).rows[0] == paused  # type: ignore[arg-type]


def test_r5_pauses_from_the_file_and_the_column_are_merged_in_time_order() -> None:
    ticket = dict(TICKETS[0], pauses="2026-11-16T10:00+02:00/2026-11-16T11:00+02:00")
    report = audit([ticket], pauses=[ONE_DAY_PAUSE])
    row = report.rows[0]
    assert [(a.isoformat(), b.isoformat()) for a, b in row.pauses] == [
        ("2026-11-16T10:00:00+02:00", "2026-11-16T11:00:00+02:00"),
        ("2026-11-16T12:00:00+02:00", "2026-11-17T12:00:00+02:00"),
    ]
    assert row.processing_due.isoformat() == "2026-11-19T16:00:00+02:00"  # one hour more


PAUSES_CSV = """ticket_id,paused_at,resumed_at
T1,2026-11-16T12:00+02:00,2026-11-17T12:00+02:00
T9,2026-11-16T12:00+02:00,2026-11-16T13:00+02:00
T2,2026-11-16T12:00+02:00,
T2,2026-11-16T12:00+02:00,2026-11-16T11:00+02:00
,2026-11-16T12:00+02:00,2026-11-16T13:00+02:00
T2,2026-11-16T12:00,2026-11-16T13:00+02:00
T2,3026-11-16T12:00+02:00,3026-11-16T13:00+02:00
"""


def test_every_bad_pause_row_is_reported_with_its_line_and_the_rest_still_apply() -> None:
    report = audit(TICKETS, pauses=io.StringIO(PAUSES_CSV))
    assert report.pause_rows_in == 7
    assert report.pauses_applied == 1
    assert report.pause_rows_in == report.pauses_applied + len(report.pause_errors)
    found = [(e.line, e.column, e.ticket_id, e.source) for e in report.pause_errors]
    assert found == [
        (3, "ticket_id", "T9", "pauses"),
        (4, "resumed_at", "T2", "pauses"),
        (5, "resumed_at", "T2", "pauses"),
        (6, "ticket_id", "", "pauses"),
        (7, "paused_at", "T2", "pauses"),
        (8, "paused_at", "T2", "pauses"),
    ]
    messages = [e.message for e in report.pause_errors]
    assert messages[0] == (
        "ticket_id 'T9' names no ticket of the audit; expected an audited ticket"
    )
    assert messages[1] == "resumed_at is missing; expected a timestamp"
    assert messages[2] == (
        "resumed_at (2026-11-16T11:00+02:00) is not after paused_at (2026-11-16T12:00+02:00); "
        "expected a pause that ends after it starts"
    )
    assert messages[3] == "ticket_id is missing; expected a ticket id"
    assert "has no UTC offset" in messages[4]
    assert "is outside the years 1900..2199" in messages[5]
    assert str(report.pause_errors[0]).startswith(
        "pauses file line 3 (ticket T9), column ticket_id"
    )
    assert report.errors == ()  # the tickets themselves are fine
    assert report.row("T1").pauses  # the good row applied


@pytest.mark.parametrize(
    ("bad_pause", "column", "reason"),
    [
        pytest.param(
            pause("T1", "2026-11-16T08:00+02:00", "2026-11-16T10:00+02:00"),
            "paused_at",
            "starts (2026-11-16T08:00+02:00) before received_at; expected it after receipt",
            id="starts-before-receipt",
        ),
        pytest.param(
            pause("T1", "2026-11-18T12:00+02:00", "2026-11-19T13:00+02:00"),
            "resumed_at",
            "ends (2026-11-19T13:00+02:00) after resolved_at; expected pauses to end by the "
            "resolution",
            id="ends-after-resolution",
        ),
        pytest.param(
            pause("T1", "2026-11-17T11:00+02:00", "2026-11-17T13:00+02:00"),
            "paused_at",
            "overlaps another pause of the ticket; expected pauses apart",
            id="overlaps-another-pause",
        ),
    ],
)
def test_a_pause_that_does_not_fit_its_ticket_sends_the_ticket_to_errors(
    bad_pause: dict[str, str], column: str, reason: str
) -> None:
    # Without the pause the verdict would be wrong, so the ticket is not evaluated.
    report = audit(TICKETS, pauses=[ONE_DAY_PAUSE, bad_pause])
    assert [row.ticket_id for row in report.rows] == ["T2"]
    assert report.rows_in == len(report.rows) + len(report.errors) == 2
    (ticket_error,) = report.errors
    assert (ticket_error.line, ticket_error.column, ticket_error.ticket_id) == (1, "pauses", "T1")
    assert ticket_error.message == f"the pause on line 2 of the pauses file {reason}"
    assert report.pauses_applied == 0
    assert [(e.line, e.column, e.message) for e in report.pause_errors] == [
        (
            1,
            "ticket_id",
            "not applied: its ticket 'T1' (line 1) is in error because of the pause on line 2",
        ),
        (2, column, reason),
    ]


def test_a_pause_for_a_ticket_in_error_or_a_repeated_id_says_so() -> None:
    tickets = [
        *TICKETS,
        {"ticket_id": "T3", "tier": "gold", "received_at": "2026-11-16T09:00+02:00"},
        {"ticket_id": "T2", "tier": "standard", "received_at": "2026-11-16T09:00+02:00"},
    ]
    rows = [pause("T3", "2026-11-16T12:00+02:00", "2026-11-16T13:00+02:00"), ONE_DAY_PAUSE]
    rows.append(pause("T2", "2026-11-16T12:00+02:00", "2026-11-16T13:00+02:00"))
    report = audit(tickets, pauses=rows, allow_repeated_ids=True)
    assert [e.message for e in report.pause_errors] == [
        "not applied: ticket 'T3' is not evaluated (its row, line 3, is in error)",
        "not applied: ticket id 'T2' names 2 tickets (lines 2, 4); expected one",
    ]
    assert report.pauses_applied == 1


def test_a_pauses_file_without_its_columns_is_refused_naming_them() -> None:
    with pytest.raises(InvalidValueError) as caught:
        audit(TICKETS, pauses=[{"ticket": "T1", "from": "x", "to": "y"}])
    assert str(caught.value) == (
        "the pauses file lacks columns: ticket_id (column 'ticket_id'), paused_at (column "
        "'paused_at'), resumed_at (column 'resumed_at'); found columns 'ticket', 'from', "
        "'to' (name them with PauseColumns / --pause-columns)"
    )


def test_pause_columns_read_another_export() -> None:
    columns = PauseColumns.parse("ticket_id=number, paused_at=from, resumed_at=to")
    rows = [{"number": "T1", "from": ONE_DAY_PAUSE["paused_at"], "to": ONE_DAY_PAUSE["resumed_at"]}]
    report = audit(TICKETS, pauses=rows, pause_columns=columns)
    assert report.pauses_applied == 1
    with pytest.raises(InvalidValueError, match="pause column field 'start' is unknown"):
        PauseColumns.parse("start=from")
    with pytest.raises(InvalidValueError, match="pause_columns was given without pauses"):
        audit(TICKETS, pause_columns=columns)


@given(audit_ticket_rows())
def test_r5_pauses_moved_to_a_file_give_the_same_report(rows: list[dict[str, str]]) -> None:
    # The same pauses, once in the tickets' column and once as a file of their own.
    moved = [dict(row, pauses="") for row in rows]
    pause_rows = [
        pause(row["ticket_id"], *item.split("/"))
        for row in rows
        for item in row["pauses"].split(";")
        if item
    ]
    in_column = audit(rows, engine="python")  # type: ignore[arg-type]
    in_file = audit(moved, pauses=pause_rows, engine="python")  # type: ignore[arg-type]
    assert [r.as_record() for r in in_file.rows] == [r.as_record() for r in in_column.rows]
    assert [e.ticket_id for e in in_file.errors] == [e.ticket_id for e in in_column.errors]
    assert in_file.pause_rows_in == len(pause_rows)
    assert in_file.pause_rows_in == in_file.pauses_applied + len(in_file.pause_errors)


def test_the_report_shows_the_pauses_file() -> None:
    report = audit(TICKETS, pauses=io.StringIO(PAUSES_CSV))
    text = report.to_text()
    assert "Pauses file: 7 rows read, 1 applied, 6 in errors" in text
    assert "  pauses file line 3 (ticket T9), column ticket_id: ticket_id 'T9' names no" in text
    data = report.to_dict()["pauses_file"]
    assert (data["rows_in"], data["applied"], len(data["errors"])) == (7, 1, 6)
    assert audit(TICKETS).to_dict()["pauses_file"] == {"rows_in": 0, "applied": 0, "errors": []}
    assert "Pauses file" not in audit(TICKETS).to_text()


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is optional")
def test_pauses_from_a_dataframe_keep_its_index_as_line() -> None:
    import pandas as pd

    frame = pd.DataFrame([ONE_DAY_PAUSE, pause("T9", "2026-11-16T12:00+02:00", "")], index=[10, 11])
    report = audit(TICKETS, pauses=frame)
    assert report.pauses_applied == 1
    assert [(e.line, e.column) for e in report.pause_errors] == [(11, "resumed_at")]
    with pytest.raises(InvalidValueError, match="audit_partition takes pauses from the"):
        audit_partition(pd.DataFrame(TICKETS), pauses=frame)


def test_cli_audit_takes_a_pauses_file(tmp_path: Path, capsys: Any) -> None:
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "ticket_id,tier,received_at,resolved_at\n"
        "T1,standard,2026-11-16T09:00+02:00,2026-11-18T08:00+02:00\n",
        encoding="utf-8",
    )
    pauses = tmp_path / "pauses.csv"
    pauses.write_text(
        "number,from,to\nT1,2026-11-16T12:00+02:00,2026-11-17T12:00+02:00\n", encoding="utf-8"
    )
    status = main(
        [
            "audit",
            str(tickets),
            "--pauses",
            str(pauses),
            "--pause-columns",
            "ticket_id=number,paused_at=from,resumed_at=to",
            "--format",
            "json",
        ]
    )
    assert status == 0
    out = capsys.readouterr().out
    assert '"applied": 1' in out
    assert '"processing_status": "met"' in out
