"""The ``sla-calendar`` command line: the default job, ``calendar``, errors, ``-m``.

Expected lines were checked against Ukraine's calendar by hand: in December 2019
Saturdays 21 and 28 were worked in exchange for Monday 30 and Tuesday 31, which were
days off; 25 December was Christmas; 1 and 7 January 2020 were holidays and Monday
6 January a day off moved from Saturday 11 January.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings

from sla_calendar import ROUND_THE_CLOCK, OutOfRangeError, WorkingCalendar, kyiv_calendar
from sla_calendar.cli import counted_intervals, main
from sla_calendar.policy.deadlines import MAX_EXPLAINED_DAYS
from tests import strategies as st_

KYIV = ZoneInfo("Europe/Kyiv")
HOUR = timedelta(hours=1)
DEC_15_2019 = datetime(2019, 12, 15, 12, 0, tzinfo=KYIV)


def run(capsys: pytest.CaptureFixture[str], *argv: str, now: datetime = DEC_15_2019) -> list[str]:
    """Run the CLI, check it succeeded quietly, and return its stdout lines."""
    assert main(list(argv), now=now) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out.splitlines()


def run_with_status(
    capsys: pytest.CaptureFixture[str], status: int, *argv: str
) -> tuple[list[str], str]:
    """Run the CLI expecting ``status``; return its stdout lines and its stderr."""
    assert main(list(argv), now=DEC_15_2019) == status
    out, err = capsys.readouterr()
    return out.splitlines(), err


def row(lines: list[str], start: str) -> list[str]:
    """The whitespace-split cells of the one line that starts with ``start``."""
    found = [line for line in lines if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0].split()


def fail(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the CLI expecting failure: return its exit code and its one stderr line."""
    code = main(list(argv), now=DEC_15_2019)
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("sla-calendar: error: ")
    assert "Traceback" not in err
    return code, err


# ------------------------------------------------------------------ default job


def test_default_job_prints_this_month(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(capsys)
    assert lines[0] == "Kyiv working calendar, December 2019"
    assert not any(line.startswith("Martial law") for line in lines)
    assert row(lines, "2019-12-20") == ["2019-12-20", "Fri", "yes", "09:00-18:00", "working"]
    assert row(lines, "2019-12-21")[:6] == [
        "2019-12-21",
        "Sat",
        "yes",
        "09:00-18:00",
        "transferred",
        "working",
    ]
    assert "Transferred working day (for 2019-12-30)" in " ".join(row(lines, "2019-12-21"))
    assert row(lines, "2019-12-22") == ["2019-12-22", "Sun", "no", "-", "weekend"]
    assert row(lines, "2019-12-25") == [
        "2019-12-25",
        "Wed",
        "no",
        "-",
        "holiday",
        "Christmas",
        "Day",
    ]
    assert row(lines, "2019-12-28")[2] == "yes"
    assert row(lines, "2019-12-30")[:6] == ["2019-12-30", "Mon", "no", "-", "transferred", "day"]
    assert row(lines, "2019-12-31")[:3] == ["2019-12-31", "Tue", "no"]
    assert row(lines, "2019-12-15")[-2:] == ["<-", "today"]
    assert "Totals for December 2019: 21 working days, 189:00 working hours" in lines
    assert "  working days include: 2 transferred working days" in lines
    assert "  days off: 10 (7 weekend days, 1 holiday, 2 transferred days off)" in lines


def test_default_job_worked_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    """Received Sat 28 Dec 17:30 (the month's last working day): deadline Wed 8 Jan 14:30."""
    lines = [line.strip() for line in run(capsys)]
    assert "Received:  Sat 2019-12-28 17:30 (UTC+02:00)" in lines
    assert row(lines, "Sat 2019-12-28") == ["Sat", "2019-12-28", "17:30-18:00", "0:30", "0:30"]
    assert row(lines, "Tue 2019-12-31")[2:5] == ["no", "work", "transferred"]
    assert row(lines, "Wed 2020-01-01")[2:] == ["no", "work", "holiday:", "New", "Year's", "Day"]
    assert row(lines, "Thu 2020-01-02") == ["Thu", "2020-01-02", "09:00-18:00", "9:00", "9:30"]
    assert row(lines, "Fri 2020-01-03") == ["Fri", "2020-01-03", "09:00-18:00", "9:00", "18:30"]
    assert row(lines, "Mon 2020-01-06")[2:5] == ["no", "work", "transferred"]
    assert row(lines, "Wed 2020-01-08") == ["Wed", "2020-01-08", "09:00-14:30", "5:30", "24:00"]
    assert "Deadline:  Wed 2020-01-08 14:30 (UTC+02:00)" in lines


def test_default_job_reads_month_in_kyiv_time(capsys: pytest.CaptureFixture[str]) -> None:
    """23:30 UTC on 30 November is already 1 December in Kyiv."""
    lines = run(capsys, now=datetime(2019, 11, 30, 23, 30, tzinfo=UTC))
    assert lines[0] == "Kyiv working calendar, December 2019"
    assert row(lines, "2019-12-01")[-2:] == ["<-", "today"]


def test_month_option_overrides_now(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(capsys, "--month", "2026-11")
    assert lines[0] == "Kyiv working calendar, November 2026"
    assert not any("<- today" in line for line in lines)
    assert any(line.startswith("Martial law: from 2022-02-24, still in force") for line in lines)
    stripped = [line.strip() for line in lines]
    assert "Received:  Mon 2026-11-30 17:30 (UTC+02:00)" in stripped
    assert "Deadline:  Thu 2026-12-03 14:30 (UTC+02:00)" in stripped


def test_counted_intervals_add_up_to_the_deadline() -> None:
    start = datetime(2019, 12, 28, 17, 30, tzinfo=KYIV)
    deadline, spans = counted_intervals(kyiv_calendar(), start, timedelta(hours=24))
    assert deadline == datetime(2020, 1, 8, 14, 30, tzinfo=KYIV)
    assert sum((span.counted for span in spans), timedelta(0)) == timedelta(hours=24)
    assert spans[-1].running_total == timedelta(hours=24)
    assert spans[-1].end == deadline
    assert [span.start.date().isoformat() for span in spans] == [
        "2019-12-28",
        "2020-01-02",
        "2020-01-03",
        "2020-01-08",
    ]


NIGHTS = WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "00:00-06:00, 22:00-24:00"})


@pytest.mark.parametrize(
    ("working", "start", "hours", "expected"),
    [
        pytest.param(
            NIGHTS,
            "2026-11-23T23:00+02:00",
            4,
            [("2026-11-23T23:00+02:00", "2026-11-24T03:00+02:00", 4)],
            id="night-shift-through-midnight-is-one-stretch",
        ),
        pytest.param(
            NIGHTS,
            "2026-11-20T23:00+02:00",
            4,
            [
                ("2026-11-20T23:00+02:00", "2026-11-21T00:00+02:00", 1),
                ("2026-11-23T00:00+02:00", "2026-11-23T03:00+02:00", 3),
            ],
            id="friday-night-ends-at-midnight-saturday-is-off",
        ),
        pytest.param(
            ROUND_THE_CLOCK,
            "2026-03-28T22:00+02:00",
            30,
            [("2026-03-28T22:00+02:00", "2026-03-30T05:00+03:00", 30)],
            id="24-7-over-two-midnights-and-spring-forward-is-one-stretch",
        ),
    ],
)
def test_counted_intervals_join_work_that_runs_through_midnight(
    working: WorkingCalendar, start: str, hours: int, expected: list[tuple[str, str, int]]
) -> None:
    deadline, spans = counted_intervals(
        working, datetime.fromisoformat(start), timedelta(hours=hours)
    )
    assert [(s.start.isoformat(), s.end.isoformat(), s.counted) for s in spans] == [
        (datetime.fromisoformat(a).isoformat(), datetime.fromisoformat(b).isoformat(), h * HOUR)
        for a, b, h in expected
    ]
    assert deadline == datetime.fromisoformat(expected[-1][1])


@settings(max_examples=60, deadline=None)
@given(st_.calendar_pairs(), st_.instants(), st_.durations(150))
def test_counted_intervals_are_the_stretches_of_work_up_to_the_deadline(
    pair: tuple[WorkingCalendar, object], start: datetime, duration: timedelta
) -> None:
    """Disjoint, in order, separated by time off, each counting what the calendar says."""
    working = pair[0]
    span = working.add_working_time(start, duration) - start
    if span > timedelta(days=MAX_EXPLAINED_DAYS + 2):
        # A sparse calendar can put the deadline past what an explanation covers.
        with pytest.raises(OutOfRangeError, match="expected at most"):
            counted_intervals(working, start, duration)
        return
    assume(span < timedelta(days=MAX_EXPLAINED_DAYS - 2))  # the limit counts local dates
    deadline, spans = counted_intervals(working, start, duration)
    assert deadline == working.add_working_time(start, duration)
    assert sum((span.counted for span in spans), timedelta(0)) == duration
    running = timedelta(0)
    for span in spans:
        running += span.counted
        assert span.running_total == running
        assert working.working_time_between(span.start, span.end) == span.counted > timedelta(0)
    if spans:
        assert spans[-1].end == deadline
    for before, after in pairwise(spans):
        assert before.end.astimezone(UTC) < after.start.astimezone(UTC)
        assert working.working_time_between(before.end, after.start) == timedelta(0)


# ------------------------------------------------------------------ calendar


def test_calendar_month(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(capsys, "calendar", "2019", "12")
    assert lines[0] == "Kyiv working calendar, December 2019"
    assert row(lines, "2019-12-21")[4:6] == ["transferred", "working"]
    assert row(lines, "2019-12-30")[4:7] == ["transferred", "day", "off"]
    assert "Totals for December 2019: 21 working days, 189:00 working hours" in lines
    assert not any("today" in line for line in lines)
    assert not any(line.startswith("Worked example") for line in lines)


def test_calendar_year_2019(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(capsys, "calendar", "2019")
    assert row(lines, "December") == ["December", "21", "189:00", "1", "2", "2"]
    assert row(lines, "Year") == ["Year", "250", "2250:00", "14", "3", "3"]
    special = [line.strip() for line in lines]
    assert " ".join(row(special, "2019-04-29")[4:]) == (
        "observed holiday Easter Sunday (Pascha) (observed)"
    )
    assert "Totals for 2019: 250 working days, 2250:00 working hours" in lines


def test_calendar_year_with_martial_law_end(capsys: pytest.CaptureFixture[str]) -> None:
    """Holidays are worked until 30 June 2024, days off again afterwards (weekend rule too)."""
    lines = run(capsys, "calendar", "2024", "--martial-law-end", "2024-06-30")
    assert (
        "Martial law: from 2022-02-24, until 2024-06-30; holidays are working days, no transfers"
        in lines
    )
    special = [line.strip() for line in lines]
    assert row(special, "2024-06-28")[2:6] == ["yes", "09:00-18:00", "holiday", "worked"]
    assert row(special, "2024-07-15")[2:5] == ["no", "-", "holiday"]
    assert row(special, "2024-08-26")[2:6] == ["no", "-", "observed", "holiday"]
    assert row(special, "2024-12-25")[2:5] == ["no", "-", "holiday"]
    assert row(lines, "Year") == ["Year", "258", "2322:00", "5", "0", "0"]
    assert "  working days include: 5 holidays worked" in lines


def test_calendar_year_under_martial_law_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [line.strip() for line in run(capsys, "calendar", "2024")]
    assert row(lines, "2024-12-25")[2:6] == ["yes", "09:00-18:00", "holiday", "worked"]
    assert row(lines, "Year") == ["Year", "262", "2358:00", "0", "0", "0"]


def test_calendar_holidays_off_and_shortened_eves(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(capsys, "calendar", "2024", "12", "--holidays-off", "--shorten-eves")
    assert any("holidays are days off (--holidays-off)" in line for line in lines)
    assert "Eves of public holidays end one hour early (Labour Code art. 53)" in lines
    assert row(lines, "2024-12-24")[:5] == ["2024-12-24", "Tue", "yes", "09:00-17:00", "working"]
    assert row(lines, "2024-12-25")[:5] == ["2024-12-25", "Wed", "no", "-", "holiday"]
    # 31 December is the eve of 1 January 2025, a holiday in the next year.
    assert row(lines, "2024-12-31")[:4] == ["2024-12-31", "Tue", "yes", "09:00-17:00"]
    assert "Totals for December 2024: 21 working days, 187:00 working hours" in lines
    assert "  working days include: 2 shortened eves" in lines


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["calendar", "2019", "13"], 2, "argument MONTH: month 13 is out of range"),
        (["calendar", "10000"], 2, "argument YEAR: year 10000 is out of range"),
        (["calendar", "twenty"], 2, "'twenty' is not a year"),
        (["--month", "2019-13"], 2, "argument --month: '2019-13' is not a valid month"),
        (["--month", "December"], 2, "'December' is not a month"),
        (["calendar", "2024", "--martial-law-end", "2024-02-30"], 2, "is not a valid date"),
        (["calendar", "2024", "--martial-law-end", "2020-01-01"], 1, "before martial law began"),
        (["--month", "2019-12", "calendar", "2019"], 2, "--month applies only"),
        (["audit", "--format", "xml"], 2, "argument --format: invalid choice: 'xml'"),
        (["audit", "--assume-tz", "Mars/Base"], 2, "'Mars/Base' is not a known IANA time zone"),
        (["audit", "--mapping", "colour=red"], 2, "mapping field 'colour' is unknown"),
        (["audit", "/nonexistent/tickets.csv"], 1, "cannot read '/nonexistent/tickets.csv'"),
        (["deadline"], 2, "the following arguments are required: --received"),
        (["deadline", "--received", "2026-11-20T17:30+02:00", "--tier", "gold"], 2, "'gold'"),
        (
            ["deadline", "--received", "2026-11-20 17:30"],
            1,
            "--received='2026-11-20 17:30' has no UTC offset",
        ),
        (["--month", "9999-12"], 1, "outside the calendar's range"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, fragment: str
) -> None:
    actual_code, message = fail(capsys, *argv)
    assert actual_code == code
    assert fragment in message


@pytest.mark.parametrize("command", ["audit", "deadline"])
def test_unknown_assume_tz_names_the_option(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    received = ["--received", "2026-11-20T17:30"] if command == "deadline" else []
    code, message = fail(capsys, command, *received, "--assume-tz", "Mars/Base")
    assert code == 2
    assert message == (
        "sla-calendar: error: argument --assume-tz: --assume-tz='Mars/Base' is not a known "
        f"IANA time zone; expected a name such as 'Europe/Kyiv' (see 'sla-calendar {command} "
        "--help')\n"
    )


def test_naive_now_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([], now=datetime(2019, 12, 15))
    _, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("sla-calendar: error: now=")
    assert "naive" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["calendar", "--help"],
        ["audit", "--help"],
        ["deadline", "--help"],
        ["--version"],
    ],
)
def test_help_and_version_exit_zero(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith(("usage: sla-calendar", "sla-calendar "))


def test_python_dash_m_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sla_calendar", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: sla-calendar")
    assert "calendar" in done.stdout
    assert done.stderr == ""


# ------------------------------------------------------------------ audit and deadline


def test_audit_without_file_reports_on_the_bundled_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = run(capsys, "audit", "--max-rejected", "3")
    assert lines[0].startswith("Audit of the bundled sample")
    assert lines[1] == "SLA audit: 3003 rows read, 3000 tickets evaluated, 3 rows in errors"
    assert row(lines, "  standard")[1] == "2105"
    assert any(line.startswith("  line 3002 (ticket T90001), column tier:") for line in lines)


def _tickets(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(
        "number,level,opened,answered\n"
        "A,standard,20/11/2026 17:30,25/11/2026 14:30\n"
        "B,standard,20/11/2026 17:30,25/11/2026 14:31\n"
        "C,gold,20/11/2026 17:30,\n",
        encoding="utf-8",
    )
    return path


def test_audit_of_another_export_with_mapping_zone_and_day_first_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    argv = [
        "audit",
        str(_tickets(tmp_path)),
        "--mapping",
        "ticket_id=number,tier=level,received_at=opened,first_response_at=answered",
        "--assume-tz",
        "Europe/Kyiv",
        "--timestamp-format",
        "%d/%m/%Y %H:%M",
        "--format",
        "csv",
    ]
    lines, err = run_with_status(capsys, 3, *argv)
    records = list(csv.DictReader(lines))
    assert len(records) == 3  # two tickets, and C's unknown tier as an error row
    assert records[0]["reaction_status"] == "met"  # R10: answered exactly at the due instant
    assert records[1]["reaction_status"] == "breached"
    assert (records[2]["line"], records[2]["ticket_id"], records[2]["error_column"]) == (
        "4",
        "C",
        "level",
    )
    assert (
        err
        == "sla-calendar: 1 of 3 rows were not evaluated; they are in the report; exit status 3\n"
    )


def test_audit_json_to_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    lines = run(capsys, "audit", "--format", "json", "--output", str(target), "--max-rejected", "3")
    assert lines == [f"wrote the json report of 3000 tickets (3 rows in errors) to {target}"]
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["rows"]) + len(data["errors"]) == 3003
    assert data["summary"]["tickets"] == 3000


def test_audit_refuses_a_file_without_required_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    code, message = fail(capsys, "audit", str(path))
    assert code == 1
    assert "the input lacks required columns: ticket_id (column 'ticket_id')" in message


def test_deadline_with_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(capsys, "deadline", "--received", "2026-11-20T17:30+02:00", "--explain")
    assert lines[0].startswith("Tier: standard (R10: reaction within 24:00 working hours")
    assert lines[2] == "  Reaction due:    Wed 2026-11-25 14:30 (UTC+02:00)"
    assert "  Sat 21 Nov, Sun 22 Nov weekend" in lines
    assert lines.count("  total counted 24:00") == 2


def test_deadline_r13_and_extension(capsys: pytest.CaptureFixture[str]) -> None:
    lines = run(
        capsys,
        "deadline",
        "--received",
        "2026-03-29T01:30+02:00",
        "--tier",
        "emergency_24_7",
        "--extension-notified",
        "2026-03-29T02:00+02:00",
    )
    assert lines[2] == "  Reaction due:    Sun 2026-03-29 05:30 (UTC+03:00)"
    # 72 real hours from 23:30 UTC on 28 March: 23:30 UTC on 31 March, 02:30 in summer time.
    assert lines[3] == "  Processing due:  Wed 2026-04-01 02:30 (UTC+03:00) (72:00)"
    assert lines[4].startswith("  Extension:       extended to 72:00 by notice")


def test_audit_refuses_a_file_that_is_not_utf8_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00\x01")
    code, message = fail(capsys, "audit", str(path))
    assert code == 1
    assert "the header holds a byte that is not UTF-8 (0xff)" in message


# An event log in ServiceNow's layout, invented here (one row per event, day-first
# times with no zone, '?' for missing). Tuesday 1 March 2016, Kyiv (UTC+02:00).
_EVENT_LOG = """number,incident_state,sys_updated_at,opened_at,priority,resolved_at,made_sla
INC1,New,1/3/2016 09:00,1/3/2016 09:00,3 - Moderate,?,true
INC1,Active,1/3/2016 10:00,1/3/2016 09:00,3 - Moderate,?,true
INC1,Resolved,2/3/2016 12:00,1/3/2016 09:00,3 - Moderate,2/3/2016 11:00,true
INC2,New,1/3/2016 09:00,1/3/2016 09:00,1 - Critical,?,true
INC2,Active,1/3/2016 14:00,1/3/2016 09:00,1 - Critical,?,true
INC2,Resolved,1/3/2016 16:00,1/3/2016 09:00,1 - Critical,1/3/2016 16:00,true
"""


def test_audit_servicenow_event_log_folds_incidents_and_reports_agreement(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = tmp_path / "events.csv"
    log.write_text(_EVENT_LOG, encoding="utf-8")
    lines = run(capsys, "audit", str(log), "--servicenow", "--assume-tz", "Europe/Kyiv")
    assert lines[0].startswith("Audit of the ServiceNow event log ")
    assert "(2 incidents)" in lines[0]
    assert lines[1] == "SLA audit: 2 rows read, 2 tickets evaluated, 0 rows in errors"
    # INC1 (standard, R10): answered after 1 working hour, resolved after 11: in time.
    # INC2 (critical: emergency, R11): answered after 5 working hours of 3: breached,
    # though the log says it made its SLA.
    assert lines[-1] == (
        "Agreement with the log's own made_sla (its rules, not this regulation's): 1 of 2 (50.0%)"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["audit", "--servicenow", "--assume-tz", "Europe/Kyiv"],
            "audit --servicenow needs FILE, the event log",
            id="no-file",
        ),
        pytest.param(
            ["audit", "events.csv", "--servicenow"],
            "audit --servicenow needs --assume-tz ZONE: the event log names no zone",
            id="no-zone",
        ),
    ],
)
def test_audit_servicenow_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, text = fail(capsys, *argv)
    assert code == 2
    assert message in text
