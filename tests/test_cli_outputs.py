"""The command line's outputs: complete CSV, JSON on every subcommand, exit statuses,
--errors, the help's examples, progress on a terminal only, the calendar's norms.

The norms of working time are the ones Ukraine's ministry publishes for a 40-hour week
(8-hour days, eves of holidays one hour short): 2019: 1993 hours, 2016: 2003, 2024:
2096 (under martial law no holiday is a day off). December 2019: 21 working days of 8
hours, two of them one hour short: Tuesday 24 December (the eve of Christmas) and
Saturday 28 December, worked in place of Tuesday 31 December, the eve of New Year: 166
hours.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sla_calendar.cli import build_parser, main

KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2019, 12, 15, 12, 0, tzinfo=KYIV)
BIN = Path(sys.executable).parent


def _run(capsys: pytest.CaptureFixture[str], *argv: str, status: int = 0) -> tuple[str, str]:
    """Run the CLI in this process expecting ``status``; return stdout and stderr."""
    assert main(list(argv), now=NOW) == status
    return capsys.readouterr()


def _tickets(path: Path, *rows: str) -> Path:
    path.write_text(
        "ticket_id,client_id,tier,received_at,first_response_at\n" + "".join(rows),
        encoding="utf-8",
    )
    return path


GOOD = "A,C1,standard,2026-11-20T17:30+02:00,2026-11-23T09:30+02:00\n"  # 1:00 of 24:00
LATE = "B,C1,standard,2026-11-20T17:30+02:00,2026-11-26T12:30+02:00\n"  # 31:00: breached
BAD = "C,C1,gold,2026-11-20T17:30+02:00,\n"  # an unknown tier


# ------------------------------------------------------------------ exit statuses


@pytest.mark.parametrize(
    ("rows", "options", "status", "message"),
    [
        pytest.param([GOOD], [], 0, "", id="every-row-evaluated"),
        pytest.param([GOOD, LATE], [], 0, "", id="a-breach-without-the-flag"),
        pytest.param(
            [GOOD, LATE],
            ["--fail-on-breach"],
            4,
            "1 of 2 tickets breached a target (--fail-on-breach); exit status 4",
            id="a-breach-with-the-flag",
        ),
        pytest.param(
            [GOOD, BAD],
            [],
            3,
            "1 of 2 rows were not evaluated; they are in the report; exit status 3",
            id="a-row-rejected",
        ),
        pytest.param([GOOD, BAD], ["--max-rejected", "1"], 0, "", id="rejected-within-allowed"),
        pytest.param(
            [GOOD, BAD, BAD.replace("C,", "D,")],
            ["--max-rejected", "1"],
            3,
            "2 of 3 rows were not evaluated (--max-rejected 1); they are in the report; "
            "exit status 3",
            id="rejected-beyond-allowed",
        ),
        pytest.param(
            [LATE, BAD],
            ["--fail-on-breach"],
            3,
            "1 of 2 rows were not evaluated; they are in the report; exit status 3",
            id="rejected-comes-before-breached",
        ),
        pytest.param(
            [BAD],
            [],
            3,
            "1 of 1 rows were not evaluated; they are in the report; exit status 3",
            id="every-row-rejected",
        ),
    ],
)
def test_audit_exit_status(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    rows: list[str],
    options: list[str],
    status: int,
    message: str,
) -> None:
    path = _tickets(tmp_path / "t.csv", *rows)
    out, err = _run(capsys, "audit", str(path), "--format", "csv", *options, status=status)
    assert err == (f"sla-calendar: {message}\n" if message else "")
    assert len(list(csv.DictReader(io.StringIO(out)))) == len(rows)  # every row is there


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("", id="empty-file"),
        pytest.param("ticket_id,tier,received_at\n", id="header-only"),
    ],
)
def test_audit_of_no_rows_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "none.csv"
    path.write_text(content, encoding="utf-8")
    out, err = _run(capsys, "audit", str(path), status=1)
    assert out == ""
    assert err == (
        f"sla-calendar: error: '{path}' has no rows to audit; expected a header line and at "
        "least one ticket\n"
    )


def test_audit_exit_statuses_seen_by_a_shell(tmp_path: Path) -> None:
    """The real process: status 3, the report on stdout, one line on stderr."""
    path = _tickets(tmp_path / "t.csv", GOOD, BAD)
    done = subprocess.run(
        [BIN / "sla-calendar", "audit", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3
    data = json.loads(done.stdout)
    assert len(data["rows"]) + len(data["errors"]) == 2
    assert done.stderr.count("\n") == 1


# ------------------------------------------------------------------ CSV, --errors


def test_audit_csv_with_the_rejected_rows_in_a_file_of_their_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _tickets(tmp_path / "t.csv", GOOD, BAD, LATE)
    rejected = tmp_path / "rejected.csv"
    out, _ = _run(
        capsys, "audit", str(path), "--format", "csv", "--errors", str(rejected), status=3
    )
    records = list(csv.DictReader(io.StringIO(out)))
    assert [r["ticket_id"] for r in records] == ["A", "B"]
    assert "error_column" not in records[0]
    with rejected.open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == [
            {
                "source": "tickets",
                "line": "3",
                "ticket_id": "C",
                "column": "tier",
                "message": "tier='gold' is unknown; expected one of emergency, "
                "emergency_24_7, standard",
            }
        ]


def test_audit_csv_to_output_and_errors_says_where_each_went(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _tickets(tmp_path / "t.csv", GOOD, BAD)
    report, rejected = tmp_path / "v.csv", tmp_path / "r.csv"
    out, _ = _run(
        capsys,
        "audit", str(path), "--format", "csv", "--output", str(report), "--errors", str(rejected),
        "--max-rejected", "1",
    )  # fmt: skip
    assert out.splitlines() == [
        f"wrote the csv report of 1 tickets (1 rows in errors) to {report}",
        f"wrote 1 rejected rows to {rejected}",
    ]
    assert len(report.read_text(encoding="utf-8").splitlines()) == 2
    assert len(rejected.read_text(encoding="utf-8").splitlines()) == 2


def test_audit_csv_neutralises_formulas_in_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _tickets(
        tmp_path / "t.csv",
        '"=HYPERLINK(""http://evil"",""x"")",@SUM(1+1),standard,2026-11-20T17:30+02:00,\n',
        "+cmd|' /C calc'!A0,C1,gold,2026-11-20T17:30+02:00,\n",
    )
    out, _ = _run(capsys, "audit", str(path), "--format", "csv", status=3)
    first, second = csv.DictReader(io.StringIO(out))
    assert first["ticket_id"] == '\'=HYPERLINK("http://evil","x")'
    assert first["client_id"] == "'@SUM(1+1)"
    assert second["ticket_id"] == "'+cmd|' /C calc'!A0"


def test_audit_table_of_the_sample_keeps_exit_status_3_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, err = _run(capsys, "audit", status=3)
    assert "Rows not evaluated (3):" in out
    assert err == (
        "sla-calendar: 3 of 3003 rows were not evaluated; they are in the report; exit status 3\n"
    )


# ------------------------------------------------------------------ help examples


def _examples() -> list[str]:
    """The audit --help examples, continuation lines joined, as they would be pasted."""
    help_text = build_parser()._subparsers._group_actions[0].choices["audit"].format_help()  # type: ignore[union-attr]
    block = help_text.split("examples:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.replace("\\\n", " ").splitlines()]


def test_audit_help_examples_paste_and_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each example split as a POSIX shell splits it (quotes, comments) and run as is."""
    examples = _examples()
    assert len(examples) == 4
    assert not any("%%" in line for line in examples)
    _tickets(tmp_path / "tickets.csv", GOOD, LATE)
    (tmp_path / "export.csv").write_text(
        "number,tier,opened_at,first_response_at\n"
        "X1,standard,20/11/2026 17:30,23/11/2026 09:30\n"
        "X2,emergency,23/11/2026 09:00,23/11/2026 10:00\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for line in examples:
        argv = shlex.split(line, comments=True)
        assert argv[0] == "sla-calendar"
        assert main(argv[1:], now=NOW) == 0, line
        _, err = capsys.readouterr()
        assert err == "", (line, err)
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["rows_in"] == 2
    assert (tmp_path / "verdicts.csv").is_file()
    assert (tmp_path / "rejected.csv").read_text(encoding="utf-8").count("\n") == 1  # header


def test_help_documents_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "audit: 3 when rows were rejected, 4 with --fail-on-breach" in out


# ------------------------------------------------------------------ JSON everywhere


def _json(capsys: pytest.CaptureFixture[str], *argv: str, status: int = 0) -> Any:
    out, _err = _run(capsys, *argv, "--format", "json", status=status)
    return json.loads(out)


def test_deadline_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "deadline", "--received", "2026-11-20T17:30+02:00", "--explain")
    assert (data["tier"], data["clause"], data["reaction_clock"]) == ("standard", "R10", "working")
    reaction = data["reaction"]
    assert reaction["due"] == "2026-11-25T14:30:00+02:00"
    assert (reaction["duration"], reaction["duration_seconds"]) == ("24:00", 86400)
    segments = reaction["explanation"]["segments"]
    assert segments[0]["start"] == "2026-11-20T17:30:00+02:00"
    assert segments[0]["duration_seconds"] == 1800
    assert reaction["explanation"]["counted_seconds"] == 86400
    assert data["processing"]["extension"] is None


def test_deadline_json_with_an_extension_notice(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(
        capsys,
        "deadline", "--received", "2026-03-29T01:30+02:00", "--tier", "emergency_24_7",
        "--extension-notified", "2026-03-29T02:00+02:00",
    )  # fmt: skip
    assert data["reaction"]["due"] == "2026-03-29T05:30:00+03:00"
    assert data["processing"]["duration_seconds"] == 72 * 3600
    assert data["processing"]["extension"].startswith("extended to 72:00 by notice")
    assert "explanation" not in data["reaction"]


def test_calendar_year_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "calendar", "2019", "--shorten-eves", "--workday-hours", "09:00-17:00")
    assert data["calendar"]["workday_hours"] == "09:00-17:00"
    assert [m["norm_seconds"] // 3600 for m in data["months"]] == [
        168, 160, 159, 160, 174, 143, 184, 167, 168, 176, 168, 166,
    ]  # fmt: skip
    assert data["year_totals"]["norm"] == "1993:00"
    assert data["year_totals"]["working_days"] == 250
    assert data["year_totals"]["transferred_days_off"] == 3
    christmas = next(d for d in data["special_days"] if d["date"] == "2019-12-25")
    assert (christmas["working"], christmas["kind"], christmas["name"]) == (
        False,
        "holiday",
        "Christmas Day",
    )


def test_calendar_month_and_default_view_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    month = _json(capsys, "calendar", "2019", "12")
    assert (month["working_days"], month["norm"], month["year_norm"]) == (21, "189:00", "2250:00")
    assert month["days"][20]["date"] == "2019-12-21"
    assert month["days"][20]["working"] is True
    assert month["days"][20]["hours"] == ["09:00-18:00"]
    default = _json(capsys)
    assert default["today"] == "2019-12-15"
    assert default["month"] == 12
    assert len(default["days"]) == 31
    example = default["worked_example"]
    assert example["received"] == "2019-12-28T17:30:00+02:00"
    assert example["due"] == "2020-01-08T14:30:00+02:00"
    assert [i["total"] for i in example["intervals"]] == ["0:30", "9:30", "18:30", "24:00"]


def test_audit_json_has_numbers_and_every_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _tickets(tmp_path / "t.csv", GOOD, BAD, LATE)
    data = _json(capsys, "audit", str(path), status=3)
    assert [r["ticket_id"] for r in data["rows"]] == ["A", "B"]
    assert [e["ticket_id"] for e in data["errors"]] == ["C"]
    assert data["summary"]["breach_rate"] == 0.5
    assert data["rows"][1]["reaction_overrun_seconds"] == 7 * 3600


# ------------------------------------------------------------------ calendar norms


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(
            ["calendar", "2019", "--shorten-eves", "--workday-hours", "09:00-17:00"],
            ["168:00", "160:00", "159:00", "160:00", "174:00", "143:00",
             "184:00", "167:00", "168:00", "176:00", "168:00", "166:00", "1993:00"],
            id="2019-40-hour-week",
        ),
        pytest.param(
            ["calendar", "2016", "--shorten-eves", "--workday-hours", "09:00-17:00"],
            ["2003:00"],
            id="2016-40-hour-week",
        ),
        pytest.param(
            ["calendar", "2024", "--workday-hours", "09:00-17:00"],
            ["2096:00"],
            id="2024-under-martial-law",
        ),
    ],
)  # fmt: skip
def test_calendar_year_norm_column(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: list[str]
) -> None:
    out, _ = _run(capsys, *argv)
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Month"))
    assert header.split()[:4] == ["Month", "Working", "days", "Norm"]
    table = [line.split() for line in lines if line.split()[:1] and line.split()[0] in (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Year",
    )]  # fmt: skip
    norms = [cells[2] for cells in table]
    assert norms[-len(expected) :] == expected
    assert f"Mon-Fri {argv[argv.index('--workday-hours') + 1]}" in lines[1]


def test_calendar_month_prints_the_norm_of_the_month_and_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, _ = _run(
        capsys, "calendar", "2019", "12", "--shorten-eves", "--workday-hours", "09:00-17:00"
    )
    lines = out.splitlines()
    assert "Norm of working time: 166:00 (year 2019: 1993:00)" in lines
    assert "  working days include: 2 transferred working days, 2 shortened eves" in lines
    assert lines[1].startswith("Calendar: Europe/Kyiv, Mon-Fri 09:00-17:00,")


def test_default_view_prints_the_norm(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _run(capsys)
    assert "Norm of working time: 189:00 (year 2019: 2250:00)" in out.splitlines()


@pytest.mark.parametrize(
    ("hours", "status", "fragment"),
    [
        (
            "9-17",
            2,
            "argument --workday-hours: '9-17' is not a span of hours; expected HH:MM-HH:MM",
        ),
        ("18:00-09:00", 1, "18:00-09:00"),
    ],
)
def test_calendar_refuses_bad_workday_hours(
    capsys: pytest.CaptureFixture[str], hours: str, status: int, fragment: str
) -> None:
    out, err = _run(capsys, "calendar", "2019", "--workday-hours", hours, status=status)
    assert out == ""
    assert err.count("\n") == 1
    assert fragment in err


# ------------------------------------------------------------------ progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


_EVENT_LOG = """number,incident_state,sys_updated_at,opened_at,priority,resolved_at,made_sla
INC1,New,1/3/2016 09:00,1/3/2016 09:00,3 - Moderate,?,true
INC1,Active,1/3/2016 10:00,1/3/2016 09:00,3 - Moderate,?,true
INC1,Resolved,2/3/2016 12:00,1/3/2016 09:00,3 - Moderate,2/3/2016 11:00,true
"""


@pytest.mark.parametrize("with_tqdm", [True, False], ids=["tqdm", "without-tqdm"])
def test_audit_progress_on_a_terminal_reaches_its_total_and_clears_its_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    with_tqdm: bool,
) -> None:
    if with_tqdm:
        pytest.importorskip("tqdm")
    else:
        monkeypatch.setitem(sys.modules, "tqdm", None)  # import fails: the plain bar
    log = tmp_path / "events.csv"
    log.write_text(_EVENT_LOG, encoding="utf-8")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    argv = ["audit", str(log), "--servicenow", "--assume-tz", "Europe/Kyiv", "--format", "csv"]
    assert main(argv, now=NOW) == 0
    drawn = terminal.getvalue()
    for phase, total in (("fold", 3), ("read", 1), ("evaluate", 1), ("summarise", 1)):
        assert re.search(rf"{phase}: .*{total}/{total}", drawn), (phase, drawn)
    assert drawn.endswith("\r" if with_tqdm else "\r\033[K")  # the line cleared
    assert capsys.readouterr().out.startswith('"line","ticket_id"')


def test_audit_writes_nothing_on_stderr_when_it_is_not_a_terminal(tmp_path: Path) -> None:
    path = _tickets(tmp_path / "t.csv", GOOD, LATE)
    done = subprocess.run(
        [BIN / "sla-calendar", "audit", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Audit of ")


def test_main_command_of_the_readme_exits_0(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.startswith("python3 -m venv"))
    argv = shlex.split(command.split("&&")[-1])
    assert argv == [".venv/bin/sla-calendar", "audit", "--max-rejected", "3"]
    assert main(argv[1:], now=NOW) == 0


def test_readme_install_line_names_extras_that_exist() -> None:
    """The README's extras line installs from a checkout and a built wheel (checked by
    hand in a fresh venv: pip wheel, then pip install 'dist/...whl[pandas,plot]')."""
    import tomllib

    root = Path(__file__).parents[1]
    extras = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert any(item.startswith("tqdm") for item in extras["pandas"])
    assert any(item.startswith("matplotlib") for item in extras["plot"])
    for name in ("tqdm", "nbclient", "ipykernel", "distributed"):
        assert any(item.startswith(name) for item in extras["dev"]), name
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e '.[pandas,plot]'" in readme
    assert '.venv/bin/pip install "$(ls dist/sla_calendar-*.whl)[pandas,plot]"' in readme


@pytest.mark.parametrize("option", ["--output", "--errors"])
def test_audit_names_a_file_it_cannot_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str
) -> None:
    path = _tickets(tmp_path / "t.csv", GOOD)
    target = tmp_path / "no such folder" / "out.csv"
    assert main(["audit", str(path), "--format", "csv", option, str(target)], now=NOW) == 1
    err = capsys.readouterr().err
    assert err == f"sla-calendar: error: cannot write '{target}': No such file or directory\n"
    assert not target.parent.exists()
