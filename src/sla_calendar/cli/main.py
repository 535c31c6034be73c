"""The ``sla-calendar`` command: Kyiv's working calendar and SLA deadlines in a terminal.

Run with no subcommand, it prints this month's Kyiv working calendar (clause R6: working
days 09:00-18:00 Kyiv time, Ukraine's public holidays) with one worked deadline: a
standard-support request (R10: reaction within 24 working hours) received on the
month's last working day at 17:30, and the working intervals that count towards it.
``sla-calendar calendar YEAR [MONTH]`` prints a year or a month: working days,
holidays, transferred days and totals, with Ukraine's martial-law options.
``sla-calendar audit [FILE]`` audits past tickets (the bundled sample when no FILE is
given) and prints a report as a table, CSV or JSON; ``sla-calendar deadline`` prints a
request's reaction and processing deadlines, with ``--explain`` what counted.

This module is the only part of the package that reads the clock, and only when
:func:`main` is not given ``now``. Exit codes: 0 on success, 1 when the library refuses
a value (an :class:`~sla_calendar.SlaCalendarError`) or an input file cannot be read,
2 on a command-line usage error. A progress line goes to stderr, and only when stderr
is a terminal.
"""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import csv
import io
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Final, NoReturn
from zoneinfo import ZoneInfo

from sla_calendar import (
    KYIV_ZONE,
    MARTIAL_LAW_START,
    DayInfo,
    DayKind,
    NaiveDatetimeError,
    SlaCalendarError,
    Tier,
    WorkingCalendar,
    __version__,
    kyiv_calendar,
)
from sla_calendar._format import format_duration, format_table
from sla_calendar._zones import load_zone
from sla_calendar.audit.columns import DEFAULT_TIERS, ColumnMapping
from sla_calendar.audit.pauses import PauseColumns
from sla_calendar.audit.report import AuditReport
from sla_calendar.audit.run import audit, sample_tickets_path
from sla_calendar.audit.servicenow import (
    SERVICENOW_MAPPING,
    SERVICENOW_TIERS,
    incidents_from_event_log,
)
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.policy.deadlines import Deadline

__all__ = [
    "STANDARD_REACTION",
    "CountedInterval",
    "build_parser",
    "counted_intervals",
    "format_duration",
    "main",
    "render_deadline_example",
    "render_month",
    "render_year",
]

PROG = "sla-calendar"
STANDARD_REACTION = timedelta(hours=24)
"""Maximum reaction time of standard support (clause R10)."""

_KYIV = ZoneInfo(KYIV_ZONE)
_EXAMPLE_HOUR, _EXAMPLE_MINUTE = 17, 30  # the worked example's request time, Kyiv
_MONTH_RE = re.compile(r"^\s*(\d{1,4})-(\d{1,2})\s*$")
_ORDINARY = (DayKind.WORKING, DayKind.WEEKEND)
_CLAUSES: Final = MappingProxyType({"standard": "R10", "emergency": "R11", "emergency_24_7": "R13"})


# ------------------------------------------------------------------ formatting


def _kind_label(kind: DayKind) -> str:
    return kind.value.replace("_", " ")


def _kind_count(count: int, kind: DayKind) -> str:
    return _plural(count, "weekend day" if kind is DayKind.WEEKEND else _kind_label(kind))


def _hours_label(info: DayInfo) -> str:
    return ", ".join(str(span) for span in info.hours) or "-"


def _note(info: DayInfo) -> str:
    parts = [info.name] if info.name else []
    if info.shortened:
        parts.append("eve of a holiday, shortened (Labour Code art. 53)")
    return "; ".join(parts)


def _moment(value: datetime) -> str:
    return f"{value:%a %Y-%m-%d %H:%M} (UTC{value.isoformat()[-6:]})"


def _plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural when count is not one.

    >>> _plural(1, "holiday"), _plural(2, "transferred day off"), _plural(5, "holiday worked")
    ('1 holiday', '2 transferred days off', '5 holidays worked')
    """
    if count == 1:
        return f"{count} {noun}"
    head, space, tail = noun.rpartition(" ")
    if tail in ("off", "worked"):
        return f"{count} {_plural(2, head).split(' ', 1)[1]}{space}{tail}"
    if noun.endswith("y") and not noun.endswith("day"):
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"


def _month_days(year: int, month: int) -> list[date]:
    last = _stdlib_calendar.monthrange(year, month)[1]
    return [date(year, month, day) for day in range(1, last + 1)]


def _year_days(year: int) -> list[date]:
    return [day for month in range(1, 13) for day in _month_days(year, month)]


def _describe(
    martial_law_end: date | None, holidays_off: bool, shorten_eves: bool, years: range
) -> list[str]:
    """Header lines naming the calendar and the options in force for ``years``."""
    lines = [
        "Calendar: Europe/Kyiv, Mon-Fri 09:00-18:00, Ukraine's public holidays and "
        "transferred days (clause R6)"
    ]
    wartime = years.stop > MARTIAL_LAW_START.year and (
        martial_law_end is None or martial_law_end.year >= years.start
    )
    if wartime:
        until = (
            f"until {martial_law_end.isoformat()}"
            if martial_law_end is not None
            else "still in force"
        )
        rule = (
            "holidays are days off (--holidays-off)"
            if holidays_off
            else "holidays are working days"
        )
        lines.append(
            f"Martial law: from {MARTIAL_LAW_START.isoformat()}, {until}; {rule}, no transfers"
        )
    if shorten_eves:
        lines.append("Eves of public holidays end one hour early (Labour Code art. 53)")
    return lines


# ------------------------------------------------------------------ renderers


def _day_cells(info: DayInfo, note: str) -> list[str]:
    """A calendar table's cells for one day: date, weekday, works, hours, kind, note."""
    return [
        info.date.isoformat(),
        info.date.strftime("%a"),
        "yes" if info.is_working else "no",
        _hours_label(info),
        _kind_label(info.kind),
        note,
    ]


def render_month(
    working: WorkingCalendar, year: int, month: int, *, today: date | None = None
) -> list[str]:
    """Lines of a day-by-day table of one month, with totals.

    Each date shows its weekday, whether it is a working day, its hours, its kind and
    (for special days) the holiday's name. ``today``, when inside the month, is marked.
    """
    infos = [working.day_info(day) for day in _month_days(year, month)]
    rows = [
        _day_cells(info, (_note(info) + ("  <- today" if info.date == today else "")).strip())
        for info in infos
    ]
    lines = format_table(["Date", "Day", "Work", "Hours", "Kind", "Holiday / note"], rows)
    lines.append("")
    lines.extend(_totals(f"{_stdlib_calendar.month_name[month]} {year}", infos))
    return lines


def _totals(label: str, infos: Sequence[DayInfo]) -> list[str]:
    working = [info for info in infos if info.is_working]
    hours = sum((info.working_time for info in working), timedelta(0))
    kinds = Counter(info.kind for info in infos)
    off = [
        _kind_count(count, kind)
        for kind in DayKind
        if (count := sum(1 for i in infos if i.kind is kind and not i.is_working))
    ]
    special = [
        _kind_count(kinds[kind], kind)
        for kind in (DayKind.TRANSFERRED_WORKING_DAY, DayKind.HOLIDAY_WORKED)
        if kinds[kind]
    ]
    shortened = sum(1 for info in infos if info.shortened)
    if shortened:
        special.append(_plural(shortened, "shortened eve"))
    lines = [
        f"Totals for {label}: {_plural(len(working), 'working day')}, "
        f"{format_duration(hours)} working hours"
    ]
    if special:
        lines.append(f"  working days include: {', '.join(special)}")
    lines.append(f"  days off: {len(infos) - len(working)} ({', '.join(off) or 'none'})")
    return lines


def render_year(working: WorkingCalendar, year: int) -> list[str]:
    """Lines of a year: a month-by-month summary, the special days, and totals."""
    infos = [working.day_info(day) for day in _year_days(year)]
    rows = []
    for month in range(1, 13):
        days = [info for info in infos if info.date.month == month]
        work = [info for info in days if info.is_working]
        kinds = Counter(info.kind for info in days if not info.is_working)
        rows.append(
            [
                _stdlib_calendar.month_name[month],
                str(len(work)),
                format_duration(sum((i.working_time for i in work), timedelta(0))),
                str(kinds[DayKind.HOLIDAY] + kinds[DayKind.OBSERVED_HOLIDAY]),
                str(kinds[DayKind.TRANSFERRED_DAY_OFF]),
                str(sum(1 for i in days if i.kind is DayKind.TRANSFERRED_WORKING_DAY)),
            ]
        )
    work = [info for info in infos if info.is_working]
    rows.append(
        [
            "Year",
            str(len(work)),
            format_duration(sum((i.working_time for i in work), timedelta(0))),
            *(str(sum(int(row[col]) for row in rows)) for col in (3, 4, 5)),
        ]
    )
    header = ["Month", "Working days", "Hours", "Holidays off", "Transferred off", "Worked weekend"]
    lines = format_table(header, rows)
    lines += ["", "Special days:"]
    special = [
        _day_cells(info, _note(info))
        for info in infos
        if info.kind not in _ORDINARY or info.name or info.shortened
    ]
    if special:
        lines += format_table(
            ["Date", "Day", "Work", "Hours", "Kind", "Holiday / note"], special, "  "
        )
    else:
        lines.append("  none")
    lines.append("")
    lines.extend(_totals(str(year), infos))
    return lines


@dataclass(frozen=True, slots=True)
class CountedInterval:
    """One stretch of working time counted towards a deadline: ``[start, end)``."""

    start: datetime
    end: datetime
    counted: timedelta
    """Working time of the interval (real elapsed time, DST included)."""
    running_total: timedelta
    """Working time counted from the start up to ``end``."""


def counted_intervals(
    working: WorkingCalendar, start: datetime, duration: timedelta
) -> tuple[datetime, list[CountedInterval]]:
    """The deadline ``duration`` of working time after ``start``, and the intervals counted.

    The deadline is ``working.add_working_time(start, duration)``; the intervals are
    found with ``next_opening`` and ``next_closing`` and add up to ``duration``. A
    duration that is not positive counts no interval.

    >>> from sla_calendar import kyiv_calendar
    >>> friday = datetime(2026, 11, 20, 17, 30, tzinfo=ZoneInfo("Europe/Kyiv"))
    >>> deadline, spans = counted_intervals(kyiv_calendar(), friday, timedelta(hours=24))
    >>> [f"{s.start:%a %H:%M}-{s.end:%H:%M}" for s in spans]
    ['Fri 17:30-18:00', 'Mon 09:00-18:00', 'Tue 09:00-18:00', 'Wed 09:00-14:30']
    >>> deadline.isoformat()
    '2026-11-25T14:30:00+02:00'
    """
    deadline = working.add_working_time(start, duration)
    zone = working.tz
    # Compare on the UTC line: aware datetimes sharing a tzinfo compare by wall clock.
    goal = deadline.astimezone(UTC)
    cursor = start.astimezone(UTC)
    spans: list[CountedInterval] = []
    running = timedelta(0)
    if working.is_round_the_clock:
        if goal > cursor:
            spans.append(CountedInterval(cursor.astimezone(zone), deadline, duration, duration))
        return deadline, spans
    while cursor < goal:
        if not working.is_working_time(cursor):
            cursor = working.next_opening(cursor).astimezone(UTC)
        end = min(working.next_closing(cursor).astimezone(UTC), goal)
        counted = working.working_time_between(cursor, end)
        running += counted
        spans.append(
            CountedInterval(cursor.astimezone(zone), end.astimezone(zone), counted, running)
        )
        cursor = end
    return deadline, spans


def render_deadline_example(working: WorkingCalendar, received: datetime) -> list[str]:
    """Lines of a worked standard-support deadline (R10) for a request at ``received``.

    Lists each counted working interval with its running total, the days skipped in
    between with the reason, and the deadline.
    """
    deadline, spans = counted_intervals(working, received, STANDARD_REACTION)
    lines = [
        "Worked example: a standard-support request (clause R10: reaction within "
        f"{STANDARD_REACTION // timedelta(hours=1)} working hours)",
        f"  Received:  {_moment(received.astimezone(working.tz))}",
        "  Working time counted:",
    ]
    rows: list[list[str]] = []
    previous: date | None = None
    for span in spans:
        day = span.start.date()
        if previous is not None:
            skipped = previous + timedelta(days=1)
            while skipped < day:
                info = working.day_info(skipped)
                reason = _kind_label(info.kind) + (f": {info.name}" if info.name else "")
                rows.append([skipped.strftime("%a %Y-%m-%d"), "no work", "", "", reason])
                skipped += timedelta(days=1)
        end = f"{span.end:%H:%M}" if span.end.date() == day else f"{span.end:%Y-%m-%d %H:%M}"
        rows.append(
            [
                span.start.strftime("%a %Y-%m-%d"),
                f"{span.start:%H:%M}-{end}",
                format_duration(span.counted),
                format_duration(span.running_total),
                "",
            ]
        )
        previous = span.end.date()
    lines += format_table(["Date", "Interval", "Counted", "Total", "Why no work"], rows, "    ")
    lines += [
        f"  Deadline:  {_moment(deadline)}",
        "  (kyiv_calendar().add_working_time(received, timedelta(hours=24)))",
    ]
    return lines


# ------------------------------------------------------------------ arguments


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``sla-calendar: error: ...``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


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
        epilog="Exit status: 0 on success, 1 when a value is refused, 2 on a usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
        epilog="Example: sla-calendar calendar 2019 12",
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
    _add_audit_parser(commands)
    _add_deadline_parser(commands)
    return parser


def _zone(text: str) -> str:
    try:
        load_zone(text)
    except SlaCalendarError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


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


def _add_audit_parser(commands: Any) -> None:
    cmd = commands.add_parser(
        "audit",
        help="audit past tickets: breaches per tier and month, reaction percentiles",
        description=(
            "Audit past tickets from a CSV file (the bundled sample when FILE is omitted): "
            "reaction (R10, R11, R13) and processing (R5) deadlines on Kyiv's working "
            "calendar, breaches and by how much, per tier and per month. Columns: "
            "ticket_id, client_id, tier, received_at, first_response_at, resolved_at, "
            "extension_notified_at, pauses (START/END;START/END). Timestamps are ISO 8601 "
            "with a UTC offset unless --assume-tz names their zone; other layouts (day-first) "
            "must be declared with --timestamp-format. Rows that cannot be evaluated are "
            "listed with their line, column and reason; the others are still audited."
        ),
        epilog=(
            "Examples: sla-calendar audit; sla-calendar audit export.csv --format json "
            "--output report.json; sla-calendar audit export.csv --mapping "
            "ticket_id=number,received_at=opened_at --assume-tz Europe/Kyiv "
            "--timestamp-format '%%d/%%m/%%Y %%H:%%M'"
        ),
    )
    cmd.add_argument("file", nargs="?", metavar="FILE", help="CSV file (default: the sample)")
    cmd.add_argument(
        "--servicenow",
        action="store_true",
        help="FILE is a ServiceNow incident event log (one row per event): fold it into one "
        "ticket per incident and read it with the ServiceNow mapping, tiers by priority, "
        "'?' as missing and day-first D/M/YYYY HH:MM; needs --assume-tz",
    )
    cmd.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format"
    )
    cmd.add_argument("--output", metavar="PATH", help="write the report here, not to stdout")
    cmd.add_argument(
        "--assume-tz",
        type=_zone,
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
        "--tier", choices=tuple(DEFAULT_TIERS), default="standard", help="service tier"
    )
    cmd.add_argument(
        "--extension-notified",
        metavar="TIMESTAMP",
        help="when the client was told processing takes longer (R5)",
    )
    cmd.add_argument(
        "--assume-tz",
        type=_zone,
        metavar="ZONE",
        help="IANA zone of timestamps written without a UTC offset",
    )
    cmd.add_argument(
        "--explain", action="store_true", help="list the working time counted and days skipped"
    )


# ------------------------------------------------------------------ commands


def _run_default(months: tuple[int, int] | None, now: datetime) -> list[str]:
    today = now.astimezone(_KYIV).date()
    year, month = months if months is not None else (today.year, today.month)
    working = kyiv_calendar()
    working_days = [day for day in _month_days(year, month) if working.is_working_day(day)]
    last = working_days[-1] if working_days else _month_days(year, month)[-1]
    received = datetime(
        last.year, last.month, last.day, _EXAMPLE_HOUR, _EXAMPLE_MINUTE, tzinfo=_KYIV
    )
    return [
        f"Kyiv working calendar, {_stdlib_calendar.month_name[month]} {year}",
        *_describe(None, False, False, range(year, year + 1)),
        "",
        *render_month(working, year, month, today=today),
        "",
        *render_deadline_example(working, received),
    ]


def _run_calendar(args: argparse.Namespace) -> list[str]:
    year: int = args.year
    month: int | None = args.month
    working = kyiv_calendar(
        martial_law_end=args.martial_law_end,
        holidays_off_during_martial_law=args.holidays_off,
        shorten_eve_of_holidays=args.shorten_eves,
    )
    title = f"{_stdlib_calendar.month_name[month]} {year}" if month is not None else str(year)
    lines = [
        f"Kyiv working calendar, {title}",
        *_describe(
            args.martial_law_end, args.holidays_off, args.shorten_eves, range(year, year + 1)
        ),
        "",
    ]
    if month is None:
        return lines + render_year(working, year)
    return lines + render_month(working, year, month)


def _progress(total: int | None) -> Callable[[int], None] | None:
    """A progress line on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        if total:
            filled = min(30, 30 * done // total)
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\r[{bar}] {done}/{total} rows")
        else:
            sys.stderr.write(f"\r{done} rows")
        sys.stderr.flush()

    return show


def _servicenow_incidents(path: str) -> list[dict[str, str]]:
    """A ServiceNow event log folded into one row per incident."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return list(incidents_from_event_log(csv.DictReader(handle)))
    except OSError as exc:
        raise _InputError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _InputError(f"cannot read {path!r} as CSV text: {exc}") from None


def _run_audit(args: argparse.Namespace) -> list[str]:
    path = sample_tickets_path() if args.file is None else args.file
    options: dict[str, Any] = {
        "mapping": args.mapping,
        "timestamp_format": args.timestamp_format,
        "assume_tz": args.assume_tz,
    }
    incidents: list[dict[str, str]] | None = None
    if args.servicenow:
        incidents = _servicenow_incidents(args.file)
        source: object = incidents
        total = len(incidents)
        options = {
            "mapping": args.mapping or SERVICENOW_MAPPING,
            "tiers": SERVICENOW_TIERS,
            "timestamp_format": args.timestamp_format or "%d/%m/%Y %H:%M",
            "assume_tz": args.assume_tz,
            "missing": ("", "?"),
        }
    else:
        source = path
        try:
            with open(path, "rb") as handle:
                total = max(0, sum(1 for _ in handle) - 1)
        except OSError as exc:
            raise _InputError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
    if args.pause_columns is not None and args.pauses is None:
        raise _InputError("--pause-columns needs --pauses PAUSES_CSV to read them from")
    if args.pauses is not None:
        try:
            with open(args.pauses, "rb"):
                pass
        except OSError as exc:
            raise _InputError(f"cannot read {args.pauses!r}: {exc.strerror or exc}") from None
        options["pauses"] = args.pauses
        options["pause_columns"] = args.pause_columns
    rules = TimestampRules(args.timestamp_format, args.assume_tz)
    as_of = None if args.as_of is None else _parse_instant(args.as_of, "--as-of", rules)
    progress = _progress(total)
    try:
        report = audit(source, as_of=as_of, engine=args.engine, progress=progress, **options)
    except (UnicodeDecodeError, csv.Error) as exc:
        what = repr(str(path)) if args.pauses is None else f"{str(path)!r} or {args.pauses!r}"
        raise _InputError(f"cannot read {what} as CSV text: {exc}") from None
    finally:
        if progress is not None:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
    if args.format == "table":
        text = report.to_text()
        label = "the bundled sample" if args.file is None else repr(str(path))
        if incidents is not None:
            label = f"the ServiceNow event log {label} ({len(incidents)} incidents)"
            text += "\n" + _made_sla_agreement(report, incidents)
            if report.errors:
                text += (
                    "\n(Here 'line' is an incident's position in the folded log, in order of "
                    "first appearance, not a line of the file.)"
                )
        text = f"Audit of {label} on Kyiv's working calendar (R5, R6, R10, R11, R13)\n{text}"
    else:
        buffer = io.StringIO()
        (report.to_csv if args.format == "csv" else report.to_json)(buffer)
        text = buffer.getvalue().rstrip("\n")
    if args.output is None:
        return text.split("\n")
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            out.write(text + "\n")
    except OSError as exc:
        raise _InputError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None
    pauses = (
        f"; pauses file: {report.pauses_applied} applied, {len(report.pause_errors)} in errors"
        if args.pauses is not None
        else ""
    )
    return [
        f"wrote the {args.format} report of {len(report.rows)} tickets "
        f"({len(report.errors)} rows in errors{pauses}) to {args.output}"
    ]


def _made_sla_agreement(report: AuditReport, incidents: list[dict[str, str]]) -> str:
    """How often our verdict (not breached) matches the log's own ``made_sla``."""
    made = {row.get("number", ""): row.get("made_sla", "").strip().lower() for row in incidents}
    known = [row for row in report.rows if made.get(row.ticket_id) in ("true", "false")]
    agree = sum((made[row.ticket_id] == "true") == (not row.breached) for row in known)
    share = f" ({100 * agree / len(known):.1f}%)" if known else ""
    return (
        f"Agreement with the log's own made_sla (its rules, not this regulation's): "
        f"{agree} of {len(known)}{share}"
    )


class _InputError(Exception):
    """A file that cannot be read or written: exit status 1, one line."""


def _parse_instant(text: str, option: str, rules: TimestampRules) -> datetime:
    us = rules.parse(text, option)
    return datetime(1, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)


def _tier_line(tier: Tier) -> str:
    clock = "real" if tier.reaction_clock.value == "round_the_clock" else "working"
    return (
        f"Tier: {tier.name} ({_CLAUSES[tier.name]}: reaction within "
        f"{format_duration(tier.reaction_target)} {clock} hours; R5: processing within "
        f"{format_duration(tier.processing_target)}, "
        f"{format_duration(tier.processing_extension)} with prior notice)"
    )


def _run_deadline(args: argparse.Namespace) -> list[str]:
    rules = TimestampRules(None, args.assume_tz)
    received = _parse_instant(args.received, "--received", rules)
    notice = (
        None
        if args.extension_notified is None
        else _parse_instant(args.extension_notified, "--extension-notified", rules)
    )
    tier = DEFAULT_TIERS[args.tier]
    working = kyiv_calendar()
    reaction = tier.reaction_due(received, working)
    processing = tier.processing_due(received, working, notice)
    lines = [
        _tier_line(tier),
        f"  Received:        {_moment(reaction.start)}",
        f"  Reaction due:    {_moment(reaction.due)}",
        f"  Processing due:  {_moment(processing.due)} ({format_duration(processing.duration)})",
    ]
    if processing.extension_note:
        lines.append(f"  Extension:       {processing.extension_note}")
    if args.explain:
        for title, deadline in (("Reaction", reaction), ("Processing", processing)):
            lines += ["", f"{title}: what counts (Deadline.explain)", *_explain(deadline)]
    return lines


def _explain(deadline: Deadline) -> list[str]:
    return ["  " + line for line in deadline.explain().lines()]


def main(argv: Sequence[str] | None = None, now: datetime | None = None) -> int:
    """Run the command line; return the exit status.

    ``argv`` defaults to ``sys.argv[1:]``; ``now`` (an aware datetime) to the current
    time, and is read only to pick the current month when no ``--month`` is given.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already reported
        return exc.code if isinstance(exc.code, int) else 0
    try:
        if args.command is None:
            if now is None:
                now = datetime.now(tz=_KYIV)
            elif now.utcoffset() is None:
                raise NaiveDatetimeError(f"now={now!r} is naive; expected an aware datetime")
            lines = _run_default(args.show_month, now)
        else:
            if args.show_month is not None:
                parser.error("--month applies only when no subcommand is given")
            if args.command == "audit" and args.servicenow:
                if args.file is None:
                    parser.error("audit --servicenow needs FILE, the event log")
                if args.assume_tz is None:
                    parser.error(
                        "audit --servicenow needs --assume-tz ZONE: the event log names no zone"
                    )
            run = {"calendar": _run_calendar, "audit": _run_audit, "deadline": _run_deadline}
            lines = run[args.command](args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except (SlaCalendarError, _InputError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    try:
        print("\n".join(lines))
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `sla-calendar | head`: the reader left; not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
    return 0
