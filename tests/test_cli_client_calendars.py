"""``sla-calendar audit --client-calendars FILE``: clients judged on their own calendars.

The file is JSON, client ids to calendar specs (``calendar_from_spec``). The command
must give each row the verdict ``audit(..., client_calendars=...)`` gives from Python,
and refuse an unreadable file, bad JSON or a bad spec with exit status 1 and one line
that names the file, the client and the field.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sla_calendar import (
    CountryHolidays,
    WorkingCalendar,
    audit,
)
from sla_calendar.cli import main

TICKETS = """\
ticket_id,client_id,tier,received_at,first_response_at
a,acme,standard,2026-11-10T15:00+01:00,2026-11-16T15:00+01:00
b,acme,standard,2026-11-10T15:00+01:00,2026-11-16T15:00:01+01:00
c,zeta,standard,2026-11-20T17:30+02:00,2026-11-25T14:30+02:00
"""
WARSAW = {"zone": "Europe/Warsaw", "hours": {"mon-fri": "08:00-16:00"}, "holidays": "PL"}


def _files(tmp_path: Path, specs: object) -> tuple[Path, Path]:
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(TICKETS, encoding="utf-8")
    calendars = tmp_path / "clients.json"
    calendars.write_text(json.dumps(specs), encoding="utf-8")
    return tickets, calendars


def _rows(out: str) -> dict[str, dict[str, str]]:
    return {row["ticket_id"]: row for row in csv.DictReader(io.StringIO(out))}


def test_r6_r10_each_client_on_its_own_calendar_as_from_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets, calendars = _files(tmp_path, {"acme": WARSAW})
    code = main(["audit", str(tickets), "--client-calendars", str(calendars), "--format", "csv"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    rows = _rows(out)
    # 11 November is a holiday in Poland: Tue 15-16 (1 h), Thu 8, Fri 8, Mon 7 -> Mon 15:00
    assert rows["a"]["reaction_due"] == "2026-11-16T16:00:00+02:00"
    assert (rows["a"]["reaction_status"], rows["b"]["reaction_status"]) == ("met", "breached")
    assert rows["c"]["reaction_due"] == "2026-11-25T14:30:00+02:00"  # Kyiv's, no own calendar
    warsaw = WorkingCalendar.build(
        "Europe/Warsaw", {"mon-fri": "08:00-16:00"}, holidays=CountryHolidays("PL")
    )
    report = audit(tickets, client_calendars={"acme": warsaw})
    expected = {row.ticket_id: row for row in report.rows}
    for ticket_id, row in rows.items():
        due = expected[ticket_id].reaction_due
        assert due is not None
        assert row["reaction_due"] == due.isoformat()
        assert row["reaction_status"] == expected[ticket_id].reaction_status.value


def test_without_the_flag_every_client_is_on_kyivs_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets, _ = _files(tmp_path, {})
    assert main(["audit", str(tickets), "--format", "csv"]) == 0
    rows = _rows(capsys.readouterr().out)
    # Kyiv works on 11 November: Tue 16-18 (2 h), Wed 9, Thu 9, Fri 4 h -> Fri 13:00 Kyiv
    assert rows["a"]["reaction_due"] == "2026-11-13T13:00:00+02:00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            json.dumps({"acme": {**WARSAW, "holiday": "PL"}}),
            "{path}['acme'] has an unknown key 'holiday'; expected keys among zone, ",
            id="misspelt-key",
        ),
        pytest.param(
            json.dumps({"acme": {**WARSAW, "hours": {"mon-fri": "16:00-08:00"}}}),
            "{path}['acme'].hours: time span '16:00-08:00' ends at or before it starts",
            id="reversed-hours",
        ),
        pytest.param(
            json.dumps([WARSAW]),
            "{path} must be a mapping of names (str) to calendar specs, got list",
            id="a-list-not-an-object",
        ),
        pytest.param(
            '{"acme": ',
            "cannot read '{path}' as JSON: Expecting value",
            id="not-json",
        ),
    ],
)
def test_a_bad_calendars_file_is_one_line_naming_file_client_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    tickets, calendars = _files(tmp_path, {})
    calendars.write_text(content, encoding="utf-8")
    code = main(["audit", str(tickets), "--client-calendars", str(calendars)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("sla-calendar: error: " + message.format(path=calendars))


def test_a_missing_calendars_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets, _ = _files(tmp_path, {})
    missing = tmp_path / "nowhere.json"
    assert main(["audit", str(tickets), "--client-calendars", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"sla-calendar: error: cannot read {str(missing)!r}: No such file or directory\n"
    )


def test_calendars_read_from_standard_input_like_any_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets, calendars = _files(tmp_path, {"acme": WARSAW})
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"acme": WARSAW})))
    code = main(["audit", str(tickets), "--client-calendars", "-", "--format", "csv"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert _rows(out)["a"]["reaction_due"] == "2026-11-16T16:00:00+02:00"
    # and it is an input: never the report's output
    code = main(
        ["audit", str(tickets), "--client-calendars", str(calendars), "--output", str(calendars)]
    )
    assert code == 1
    assert "it is the input" in capsys.readouterr().err
    assert json.loads(calendars.read_text(encoding="utf-8")) == {"acme": WARSAW}
