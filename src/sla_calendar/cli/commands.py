"""The ``sla-calendar`` commands: one function per subcommand, each returning its lines.

Each takes the parsed arguments and returns the lines to print; a value the library
refuses raises its :class:`~sla_calendar.SlaCalendarError`, a file that cannot be read
or written an :class:`InputError`.
"""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import csv
import io
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any, Final
from zoneinfo import ZoneInfo

from sla_calendar._format import format_duration
from sla_calendar.audit import (
    SERVICENOW_MAPPING,
    SERVICENOW_TIERS,
    AuditReport,
    TimestampRules,
    audit,
    incidents_from_event_log,
    sample_tickets_path,
)
from sla_calendar.calendar import KYIV_ZONE, kyiv_calendar
from sla_calendar.cli.files import (
    InputError,
    InputSpool,
    atomic_output,
    check_inputs,
    check_outputs,
)
from sla_calendar.cli.render import (
    describe_calendar,
    format_moment,
    month_days,
    render_deadline_example,
    render_month,
    render_year,
)
from sla_calendar.errors import OutOfRangeError
from sla_calendar.policy import Deadline, Tier
from sla_calendar.policy.tiers import BUILT_IN_TIERS

__all__ = ["KYIV", "InputError", "run_audit", "run_calendar", "run_deadline", "run_default"]

KYIV: Final = ZoneInfo(KYIV_ZONE)
"""Kyiv's zone, in which the commands read "this month"."""

_EXAMPLE_HOUR, _EXAMPLE_MINUTE = 17, 30  # the worked example's request time, Kyiv
_CLAUSES: Final = MappingProxyType({"standard": "R10", "emergency": "R11", "emergency_24_7": "R13"})


# ------------------------------------------------------------------ calendar


def run_default(months: tuple[int, int] | None, now: datetime) -> list[str]:
    """The command with no subcommand: a month (``now``'s in Kyiv) and a worked deadline."""
    today = now.astimezone(KYIV).date()
    year, month = months if months is not None else (today.year, today.month)
    working = kyiv_calendar()
    working_days = [day for day in month_days(year, month) if working.is_working_day(day)]
    last = working_days[-1] if working_days else month_days(year, month)[-1]
    received = datetime(
        last.year, last.month, last.day, _EXAMPLE_HOUR, _EXAMPLE_MINUTE, tzinfo=KYIV
    )
    return [
        f"Kyiv working calendar, {_stdlib_calendar.month_name[month]} {year}",
        *describe_calendar(None, False, False, range(year, year + 1)),
        "",
        *render_month(working, year, month, today=today),
        "",
        *render_deadline_example(working, received),
    ]


def run_calendar(args: argparse.Namespace) -> list[str]:
    """``sla-calendar calendar YEAR [MONTH]``: a year or a month of Kyiv's calendar."""
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
        *describe_calendar(
            args.martial_law_end, args.holidays_off, args.shorten_eves, range(year, year + 1)
        ),
        "",
    ]
    if month is None:
        return lines + render_year(working, year)
    return lines + render_month(working, year, month)


# ------------------------------------------------------------------ audit


def run_audit(args: argparse.Namespace) -> list[str]:
    """``sla-calendar audit [FILE]``: the report, or one line saying where it was written."""
    check_inputs((args.file, args.pauses))
    # Refused before the audit's work, not after it.
    check_outputs((args.output,), inputs=(args.file, args.pauses), force=args.force)
    with InputSpool() as spool:  # a pipe or '-' read once, into a file read as often as needed
        return _audit(args, spool)


def _audit(args: argparse.Namespace, spool: InputSpool) -> list[str]:
    path = sample_tickets_path() if args.file is None else args.file
    readable = str(path) if args.file is None else spool.path(args.file)
    incidents = _servicenow_incidents(readable, args.file) if args.servicenow else None
    source, total, options = _audit_input(args, readable, incidents)
    _add_pauses_file(args, options, spool)
    rules = TimestampRules(args.timestamp_format, args.assume_tz)
    as_of = None if args.as_of is None else _parse_instant(args.as_of, "--as-of", rules)
    progress = _progress(total)
    try:
        report = audit(source, as_of=as_of, engine=args.engine, progress=progress, **options)
    except (UnicodeDecodeError, csv.Error) as exc:
        what = repr(str(path)) if args.pauses is None else f"{str(path)!r} or {args.pauses!r}"
        raise InputError(f"cannot read {what} as CSV text: {exc}") from None
    finally:
        if progress is not None:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
    text = _report_text(args, report, path, incidents)
    if args.output is None:
        return text.split("\n")
    return _write_report(args, report, text)


def _audit_input(
    args: argparse.Namespace, path: object, incidents: list[dict[str, str]] | None
) -> tuple[object, int, dict[str, Any]]:
    """What to audit, how many rows it has (for the progress line) and how to read it."""
    if incidents is not None:
        return (
            incidents,
            len(incidents),
            {
                "mapping": args.mapping or SERVICENOW_MAPPING,
                "tiers": SERVICENOW_TIERS,
                "timestamp_format": args.timestamp_format or "%d/%m/%Y %H:%M",
                "assume_tz": args.assume_tz,
                "missing": ("", "?"),
            },
        )
    try:
        with open(str(path), "rb") as handle:
            total = max(0, sum(1 for _ in handle) - 1)
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from None
    options = {
        "mapping": args.mapping,
        "timestamp_format": args.timestamp_format,
        "assume_tz": args.assume_tz,
    }
    return path, total, options


def _add_pauses_file(args: argparse.Namespace, options: dict[str, Any], spool: InputSpool) -> None:
    """Check that ``--pauses`` can be read and add it, with its columns, to ``options``."""
    if args.pause_columns is not None and args.pauses is None:
        raise InputError("--pause-columns needs --pauses PAUSES_CSV to read them from")
    if args.pauses is None:
        return
    readable = spool.path(args.pauses)
    try:
        with open(readable, "rb"):
            pass
    except OSError as exc:
        raise InputError(f"cannot read {args.pauses!r}: {exc.strerror or exc}") from None
    options["pauses"] = readable
    options["pause_columns"] = args.pause_columns


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


def _servicenow_incidents(path: str, name: str) -> list[dict[str, str]]:
    """A ServiceNow event log (``name`` as given, read from ``path``), one row per incident."""
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return list(incidents_from_event_log(csv.DictReader(handle)))
    except OSError as exc:
        raise InputError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read {name!r} as CSV text: {exc}") from None


def _report_text(
    args: argparse.Namespace,
    report: AuditReport,
    path: object,
    incidents: list[dict[str, str]] | None,
) -> str:
    """The report in the asked format, without a final newline."""
    if args.format != "table":
        buffer = io.StringIO()
        (report.to_csv if args.format == "csv" else report.to_json)(buffer)
        return buffer.getvalue().rstrip("\n")
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
    return f"Audit of {label} on Kyiv's working calendar (R5, R6, R10, R11, R13)\n{text}"


def _write_report(args: argparse.Namespace, report: AuditReport, text: str) -> list[str]:
    """Write ``text`` to ``--output``; the one line that says so."""
    with atomic_output(args.output, inputs=(args.file, args.pauses), force=args.force) as out:
        out.write(text + "\n")
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


# ------------------------------------------------------------------ deadline


def _parse_instant(text: str, option: str, rules: TimestampRules) -> datetime:
    us = rules.parse(text, option)
    try:
        return datetime(1, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)
    except OverflowError:  # a wall time of year 1 east of UTC, or of 9999 west of it
        raise OutOfRangeError(
            f"{option}={text!r} lies outside years 1..9999 in UTC; expected an instant from "
            "0001-01-01T00:00Z to 9999-12-31T23:59:59.999999Z"
        ) from None


def _tier_line(tier: Tier) -> str:
    clock = "real" if tier.reaction_clock.value == "round_the_clock" else "working"
    return (
        f"Tier: {tier.name} ({_CLAUSES[tier.name]}: reaction within "
        f"{format_duration(tier.reaction_target)} {clock} hours; R5: processing within "
        f"{format_duration(tier.processing_target)}, "
        f"{format_duration(tier.processing_extension)} with prior notice)"
    )


def run_deadline(args: argparse.Namespace) -> list[str]:
    """``sla-calendar deadline``: a request's reaction and processing deadlines."""
    rules = TimestampRules(None, args.assume_tz)
    received = _parse_instant(args.received, "--received", rules)
    notice = (
        None
        if args.extension_notified is None
        else _parse_instant(args.extension_notified, "--extension-notified", rules)
    )
    tier = BUILT_IN_TIERS[args.tier]
    working = kyiv_calendar()
    reaction = tier.reaction_due(received, working)
    processing = tier.processing_due(received, working, notice)
    lines = [
        _tier_line(tier),
        f"  Received:        {format_moment(reaction.start)}",
        f"  Reaction due:    {format_moment(reaction.due)}",
        f"  Processing due:  {format_moment(processing.due)} "
        f"({format_duration(processing.duration)})",
    ]
    if processing.extension_note:
        lines.append(f"  Extension:       {processing.extension_note}")
    if args.explain:
        for title, deadline in (("Reaction", reaction), ("Processing", processing)):
            lines += ["", f"{title}: what counts (Deadline.explain)", *_explain(deadline)]
    return lines


def _explain(deadline: Deadline) -> list[str]:
    return ["  " + line for line in deadline.explain().lines()]
