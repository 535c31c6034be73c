"""Argument parsing of the ``sla-calendar`` command: the parser and its argument types."""

from __future__ import annotations

import argparse
import re
import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any, NoReturn

from sla_calendar import SlaCalendarError, __version__
from sla_calendar._zones import load_zone
from sla_calendar.audit import ColumnMapping, PauseColumns
from sla_calendar.cli.terminal import one_line
from sla_calendar.policy.tiers import BUILT_IN_TIERS

__all__ = ["PROG", "build_parser"]

PROG = "sla-calendar"
"""The command's name, as its messages start."""

_MONTH_RE = re.compile(r"^\s*(\d{1,4})-(\d{1,2})\s*$")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``sla-calendar: error: ...``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {one_line(message)} (see '{self.prog} --help')\n")


def _whole_number(what: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number ``what`` from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a {what}; expected {low}..{high}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{what} {value} is out of range; expected {low}..{high}"
            )
        return value

    return parse


_year = _whole_number("year", 1, 9999)
_month = _whole_number("month", 1, 12)


_HOURS_RE = re.compile(r"^\s*(\d\d):(\d\d)\s*-\s*(\d\d):(\d\d)\s*$")


def _workday_hours(text: str) -> str:
    """An argparse type: working hours ``HH:MM-HH:MM`` (the calendar checks their order)."""
    if _HOURS_RE.match(text) is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a span of hours; expected HH:MM-HH:MM such as 09:00-17:00"
        )
    return text.strip()


def _add_format(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument(
        "--format",
        choices=formats,
        default="table",
        help="output format: " + ", ".join(formats) + " (json: numbers as numbers, "
        "durations also in seconds, instants ISO 8601 with their offset)",
    )


def _year_month(text: str) -> tuple[int, int]:
    match = _MONTH_RE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; expected YYYY-MM")
    year, month = int(match[1]), int(match[2])
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a valid month; expected YYYY-MM with year 1..9999, month 01..12"
        )
    return year, month


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a valid date; expected YYYY-MM-DD"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser: the default job and the ``calendar`` subcommand."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Ukraine's working calendar for SLA deadlines (Kyiv time, Mon-Fri 09:00-18:00, "
            "public holidays and transferred days). With no subcommand, print this month's "
            "calendar and a worked 24-working-hour deadline (standard support, clause R10)."
        ),
        epilog=(
            "Exit status: 0 on success, 1 when a value is refused or a file cannot be read, "
            "2 on a usage error; audit: 3 when rows were rejected, 4 with --fail-on-breach "
            "when a ticket breached a target."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_format(parser, ("table", "json"))
    parser.add_argument(
        "--month",
        dest="show_month",
        type=_year_month,
        metavar="YYYY-MM",
        help="show this month instead of the current one (Kyiv time)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    cal = commands.add_parser(
        "calendar",
        help="working days, holidays, transfers and totals of a year or a month",
        description=(
            "Print Kyiv's working calendar for YEAR, or for MONTH of YEAR: working days, "
            "holidays with their names, transferred days, and totals of working days and hours."
        ),
        epilog=(
            "Examples: sla-calendar calendar 2019 12; sla-calendar calendar 2019 "
            "--shorten-eves --workday-hours 09:00-17:00 (the norm of a 40-hour week)"
        ),
    )
    cal.add_argument("year", type=_year, metavar="YEAR", help="year, 1..9999")
    cal.add_argument("month", type=_month, nargs="?", metavar="MONTH", help="month, 1..12")
    cal.add_argument(
        "--martial-law-end",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="last day of martial law; from the next day holidays are days off again",
    )
    cal.add_argument(
        "--holidays-off",
        action="store_true",
        help="treat holidays as days off during martial law (holidays_off_during_martial_law)",
    )
    cal.add_argument(
        "--shorten-eves",
        action="store_true",
        help="end the eve of a public holiday one hour early (Labour Code art. 53)",
    )
    cal.add_argument(
        "--workday-hours",
        type=_workday_hours,
        default="09:00-18:00",
        metavar="HH:MM-HH:MM",
        help="hours of Monday to Friday (default 09:00-18:00, clause R6); 09:00-17:00 gives "
        "the published norms of a 40-hour week",
    )
    _add_format(cal, ("table", "json"))
    _add_audit_parser(commands)
    _add_deadline_parser(commands)
    return parser


def _zone(option: str) -> Callable[[str], str]:
    """An argparse type: an IANA zone name; the error of an unknown one names ``option``."""

    def parse(text: str) -> str:
        try:
            load_zone(text, option)
        except SlaCalendarError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return parse


def _mapping(text: str) -> ColumnMapping:
    try:
        return ColumnMapping.parse(text)
    except SlaCalendarError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _pause_columns(text: str) -> PauseColumns:
    try:
        return PauseColumns.parse(text)
    except SlaCalendarError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_AUDIT_EPILOG = """\
examples:
  sla-calendar audit --max-rejected 3    # the sample, whose 3 bad rows are on purpose
  sla-calendar audit tickets.csv --format json --output report.json
  sla-calendar audit tickets.csv --format csv --output verdicts.csv --errors rejected.csv
  sla-calendar audit export.csv --mapping ticket_id=number,received_at=opened_at \\
      --assume-tz Europe/Kyiv --timestamp-format '%d/%m/%Y %H:%M' --fail-on-breach

exit status: 0 every row evaluated; 1 a value refused or a file unreadable; 2 a usage
error; 3 rows rejected (more than --max-rejected); 4 with --fail-on-breach, a breach.
"""


def _add_audit_parser(commands: Any) -> None:
    cmd = commands.add_parser(
        "audit",
        help="audit past tickets: breaches per tier and month, reaction percentiles",
        description=textwrap.fill(
            "Audit past tickets from a CSV file (the bundled sample when FILE is omitted): "
            "reaction (R10, R11, R13) and processing (R5) deadlines on Kyiv's working "
            "calendar, breaches and by how much, per tier and per month. Columns: "
            "ticket_id, client_id, tier, received_at, first_response_at, resolved_at, "
            "extension_notified_at, pauses (START/END;START/END). Timestamps are ISO 8601 "
            "with a UTC offset unless --assume-tz names their zone; other layouts (day-first) "
            "must be declared with --timestamp-format. Rows that cannot be evaluated are "
            "listed with their line, column and reason; the others are still audited.",
            width=78,
        ),
        epilog=_AUDIT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="CSV file, or '-' for standard input; a pipe is read once (default: the sample)",
    )
    cmd.add_argument(
        "--servicenow",
        action="store_true",
        help="FILE is a ServiceNow incident event log (one row per event): fold it into one "
        "ticket per incident and read it with the ServiceNow mapping, tiers by priority, "
        "'?' as missing and day-first D/M/YYYY HH:MM; needs --assume-tz",
    )
    _add_format(cmd, ("table", "csv", "json"))
    cmd.add_argument(
        "--output",
        metavar="PATH",
        help="write the report here, not to stdout (atomically: complete, or not at all)",
    )
    cmd.add_argument(
        "--force",
        action="store_true",
        help="replace --output or --errors when it exists (an input file is never replaced)",
    )
    cmd.add_argument(
        "--errors",
        metavar="PATH",
        help="write the rows not evaluated to PATH (CSV: source,line,ticket_id,column,message); "
        "CSV output then holds the evaluated rows only, without the error columns",
    )
    cmd.add_argument(
        "--max-rejected",
        type=_whole_number("number of rows", 0, 10**12),
        default=0,
        metavar="N",
        help="exit with status 0, not 3, when at most N rows were rejected (default 0)",
    )
    cmd.add_argument(
        "--allow-repeated-ids",
        action="store_true",
        help="audit every row even when its ticket id repeats an earlier row's (by default "
        "the later row is rejected, and an input where most ids repeat is refused as an "
        "event log)",
    )
    cmd.add_argument(
        "--fail-on-breach",
        action="store_true",
        help="exit with status 4 when any ticket breached a target (for CI)",
    )
    cmd.add_argument(
        "--assume-tz",
        type=_zone("--assume-tz"),
        metavar="ZONE",
        help="IANA zone of timestamps written without a UTC offset (else they are refused)",
    )
    cmd.add_argument(
        "--timestamp-format",
        metavar="FORMAT",
        help="strptime format for non-ISO timestamps, e.g. '%%d/%%m/%%Y %%H:%%M' (day first)",
    )
    cmd.add_argument(
        "--mapping",
        type=_mapping,
        metavar="FIELD=COLUMN,...",
        help="read a field from a differently named column, e.g. ticket_id=number",
    )
    cmd.add_argument(
        "--pauses",
        metavar="PAUSES_CSV",
        help="a separate pauses file, one row per pause: ticket_id,paused_at,resumed_at "
        "(R5; merged with the pauses column; its bad rows are listed with their line)",
    )
    cmd.add_argument(
        "--pause-columns",
        type=_pause_columns,
        metavar="FIELD=COLUMN,...",
        help="read the pauses file's fields from differently named columns, e.g. "
        "ticket_id=number,paused_at=from,resumed_at=to",
    )
    cmd.add_argument(
        "--client-calendars",
        metavar="JSON",
        help="a JSON file (or '-' for standard input) of client ids and their own working "
        "calendars, e.g. "
        '{"acme": {"zone": "Europe/Warsaw", "hours": {"mon-fri": "08:00-16:00"}, '
        '"holidays": "PL"}}: their tickets (client_id column) are judged on them '
        "(the keys: docs/calendar.md)",
    )
    cmd.add_argument(
        "--as-of",
        metavar="TIMESTAMP",
        help="judge clocks still running at this ISO 8601 instant (default: each ticket's "
        "last recorded time)",
    )
    cmd.add_argument(
        "--engine",
        choices=("auto", "python", "numpy"),
        default="auto",
        help="numpy (vectorised) or python (replays each ticket); auto picks numpy if present",
    )


def _add_deadline_parser(commands: Any) -> None:
    cmd = commands.add_parser(
        "deadline",
        help="reaction and processing deadlines of one request",
        description=(
            "Print when a request received at --received must be reacted to (R10: 24 "
            "working hours; R11: 3; R13: 3 real hours) and resolved (R5: 24 hours, 72 with "
            "prior notice), on Kyiv's working calendar."
        ),
        epilog="Example: sla-calendar deadline --received 2026-11-20T17:30+02:00 --explain",
    )
    cmd.add_argument(
        "--received",
        required=True,
        metavar="TIMESTAMP",
        help="ISO 8601 with a UTC offset, e.g. 2026-11-20T17:30+02:00",
    )
    cmd.add_argument(
        "--tier", choices=tuple(BUILT_IN_TIERS), default="standard", help="service tier"
    )
    cmd.add_argument(
        "--extension-notified",
        metavar="TIMESTAMP",
        help="when the client was told processing takes longer (R5)",
    )
    cmd.add_argument(
        "--assume-tz",
        type=_zone("--assume-tz"),
        metavar="ZONE",
        help="IANA zone of timestamps written without a UTC offset",
    )
    cmd.add_argument(
        "--explain", action="store_true", help="list the working time counted and days skipped"
    )
    _add_format(cmd, ("table", "json"))
