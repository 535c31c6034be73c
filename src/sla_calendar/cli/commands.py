"""The ``sla-calendar`` commands: one function per subcommand, each writing its output.

Each takes the parsed arguments and the stream to write to, and returns the exit status
(:data:`EXIT_OK`, or for ``audit`` :data:`EXIT_REJECTED` / :data:`EXIT_BREACHED`); a
value the library refuses raises its :class:`~sla_calendar.SlaCalendarError`, a file
that cannot be read or written an :class:`InputError`.
"""

from __future__ import annotations

import argparse
import calendar as _stdlib_calendar
import contextlib
import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import IO, Any, Final
from zoneinfo import ZoneInfo

from sla_calendar._files import failure_reason
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
from sla_calendar.audit.progress import ProgressBar, ProgressCallback, count_rows
from sla_calendar.calendar import KYIV_ZONE, calendars_from_specs, kyiv_calendar
from sla_calendar.cli.files import (
    InputError,
    InputSpool,
    atomic_output,
    check_inputs,
    check_outputs,
)
from sla_calendar.cli.render import (
    STANDARD_REACTION,
    describe_calendar,
    format_moment,
    month_days,
    render_deadline_example,
    render_month,
    render_year,
)
from sla_calendar.cli.terminal import TextOut
from sla_calendar.cli.views import (
    calendar_settings,
    deadline_dict,
    month_dict,
    worked_example_dict,
    year_dict,
)
from sla_calendar.errors import OutOfRangeError, SlaCalendarError
from sla_calendar.policy import Deadline, Tier
from sla_calendar.policy.tiers import BUILT_IN_TIERS

__all__ = [
    "EXIT_BREACHED",
    "EXIT_OK",
    "EXIT_REJECTED",
    "KYIV",
    "InputError",
    "run_audit",
    "run_calendar",
    "run_deadline",
    "run_default",
]

KYIV: Final = ZoneInfo(KYIV_ZONE)
"""Kyiv's zone, in which the commands read "this month"."""

EXIT_OK: Final = 0
"""Exit status: done; for ``audit``, every row was evaluated."""
EXIT_REJECTED: Final = 3
"""Exit status of ``audit``: more rows were rejected (not evaluated) than
``--max-rejected`` allows (0 by default); the report is complete all the same."""
EXIT_BREACHED: Final = 4
"""Exit status of ``audit --fail-on-breach``: a ticket breached a target (and no more
rows were rejected than allowed, which comes first)."""

_EXAMPLE_HOUR, _EXAMPLE_MINUTE = 17, 30  # the worked example's request time, Kyiv
_CLAUSES: Final = MappingProxyType({"standard": "R10", "emergency": "R11", "emergency_24_7": "R13"})


def _write_lines(out: TextOut, lines: list[str]) -> None:
    out.write("\n".join(lines) + "\n")


def _write_json(out: TextOut, data: Mapping[str, Any]) -> None:
    json.dump(data, out, indent=1, ensure_ascii=False)
    out.write("\n")


# ------------------------------------------------------------------ calendar


def run_default(args: argparse.Namespace, now: datetime, out: TextOut) -> int:
    """The command with no subcommand: a month (``now``'s in Kyiv) and a worked deadline."""
    today = now.astimezone(KYIV).date()
    year, month = args.show_month if args.show_month is not None else (today.year, today.month)
    working = kyiv_calendar()
    working_days = [day for day in month_days(year, month) if working.is_working_day(day)]
    last = working_days[-1] if working_days else month_days(year, month)[-1]
    received = datetime(
        last.year, last.month, last.day, _EXAMPLE_HOUR, _EXAMPLE_MINUTE, tzinfo=KYIV
    )
    if args.format == "json":
        _write_json(
            out,
            {
                "calendar": calendar_settings(None, False, False, "09:00-18:00"),
                "today": today.isoformat(),
                **month_dict(working, year, month),
                "worked_example": worked_example_dict(working, received, STANDARD_REACTION),
            },
        )
        return EXIT_OK
    lines = [
        f"Kyiv working calendar, {_stdlib_calendar.month_name[month]} {year}",
        *describe_calendar(None, False, False, range(year, year + 1)),
        "",
        *render_month(working, year, month, today=today),
        "",
        *render_deadline_example(working, received),
    ]
    _write_lines(out, lines)
    return EXIT_OK


def run_calendar(args: argparse.Namespace, out: TextOut) -> int:
    """``sla-calendar calendar YEAR [MONTH]``: a year or a month of Kyiv's calendar."""
    year: int = args.year
    month: int | None = args.month
    working = kyiv_calendar(
        martial_law_end=args.martial_law_end,
        holidays_off_during_martial_law=args.holidays_off,
        shorten_eve_of_holidays=args.shorten_eves,
        workday_hours=args.workday_hours,
    )
    if args.format == "json":
        settings = calendar_settings(
            args.martial_law_end, args.holidays_off, args.shorten_eves, args.workday_hours
        )
        view = year_dict(working, year) if month is None else month_dict(working, year, month)
        _write_json(out, {"calendar": settings, **view})
        return EXIT_OK
    title = f"{_stdlib_calendar.month_name[month]} {year}" if month is not None else str(year)
    lines = [
        f"Kyiv working calendar, {title}",
        *describe_calendar(
            args.martial_law_end,
            args.holidays_off,
            args.shorten_eves,
            range(year, year + 1),
            args.workday_hours,
        ),
        "",
    ]
    lines += render_year(working, year) if month is None else render_month(working, year, month)
    _write_lines(out, lines)
    return EXIT_OK


# ------------------------------------------------------------------ audit


def run_audit(args: argparse.Namespace, out: TextOut) -> int:
    """``sla-calendar audit [FILE]``: the report (or where it was written) and its status."""
    inputs = (args.file, args.pauses, args.client_calendars)
    check_inputs(inputs)
    # Refused before the audit's work, not after it.
    check_outputs((args.output, args.errors), inputs=inputs, force=args.force)
    with InputSpool() as spool:  # a pipe or '-' read once, into a file read as often as needed
        return _audit(args, spool, out)


def _audit(args: argparse.Namespace, spool: InputSpool, out: TextOut) -> int:
    """The audit of ``run_audit``, its inputs readable as often as needed."""
    path = sample_tickets_path() if args.file is None else args.file
    readable = str(path) if args.file is None else spool.path(args.file)
    bar = _progress_bar()
    try:
        incidents = _servicenow_incidents(readable, args.file, bar) if args.servicenow else None
        source, options = _audit_input(args, readable, incidents)
        _add_pauses_file(args, options, spool)
        _add_client_calendars(args, options, spool)
        rules = TimestampRules(args.timestamp_format, args.assume_tz)
        as_of = None if args.as_of is None else _parse_instant(args.as_of, "--as-of", rules)
        try:
            report = audit(source, as_of=as_of, engine=args.engine, progress=bar, **options)
        except (UnicodeDecodeError, csv.Error) as exc:
            what = repr(str(path)) if args.pauses is None else f"{str(path)!r} or {args.pauses!r}"
            raise InputError(f"cannot read {what} as CSV text: {exc}") from None
    finally:
        if bar is not None:
            bar.close()
    if report.rows_in == 0:
        what = "the event log" if incidents is not None else repr(str(path))
        raise InputError(
            f"{what} has no rows to audit; expected a header line and at least one ticket"
        )
    _write_audit(args, report, path, incidents, out)
    return _audit_status(args, report)


def _audit_status(args: argparse.Namespace, report: AuditReport) -> int:
    """The exit status of an audit, with a line on stderr when it is not 0."""
    rejected = len(report.rejected)
    if rejected > args.max_rejected:
        allowed = f" (--max-rejected {args.max_rejected})" if args.max_rejected else ""
        print(
            f"sla-calendar: {rejected} of {report.rows_in + report.pause_rows_in} rows were "
            f"not evaluated{allowed}; they are in the report; exit status {EXIT_REJECTED}",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    if args.fail_on_breach and report.summary.breached:
        print(
            f"sla-calendar: {report.summary.breached} of {report.summary.tickets} tickets "
            f"breached a target (--fail-on-breach); exit status {EXIT_BREACHED}",
            file=sys.stderr,
        )
        return EXIT_BREACHED
    return EXIT_OK


def _audit_input(
    args: argparse.Namespace, path: object, incidents: list[dict[str, str]] | None
) -> tuple[object, dict[str, Any]]:
    """What to audit and how to read it."""
    if incidents is not None:
        return (
            incidents,
            {
                "mapping": args.mapping or SERVICENOW_MAPPING,
                "tiers": SERVICENOW_TIERS,
                "timestamp_format": args.timestamp_format or "%d/%m/%Y %H:%M",
                "assume_tz": args.assume_tz,
                "missing": ("", "?"),
            },
        )
    try:
        with open(str(path), "rb"):
            pass
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {failure_reason(exc)}") from None
    options = {
        "mapping": args.mapping,
        "timestamp_format": args.timestamp_format,
        "assume_tz": args.assume_tz,
        "allow_repeated_ids": args.allow_repeated_ids,
    }
    return path, options


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
        raise InputError(f"cannot read {args.pauses!r}: {failure_reason(exc)}") from None
    options["pauses"] = readable
    options["pause_columns"] = args.pause_columns


def _add_client_calendars(
    args: argparse.Namespace, options: dict[str, Any], spool: InputSpool
) -> None:
    """Read ``--client-calendars`` (JSON: client ids to calendar specs) into ``options``."""
    name = args.client_calendars
    if name is None:
        return
    try:
        with open(spool.path(name), "rb") as file:
            data = json.loads(file.read().decode("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {name!r}: {failure_reason(exc)}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot read {name!r} as JSON: {exc}") from None
    options["client_calendars"] = calendars_from_specs(data, name)


class _TerminalBar:
    """A progress line on stderr when tqdm is not installed: phase, bar, rows."""

    def __call__(self, done: int, total: int, phase: str) -> None:
        if total:
            filled = min(30, 30 * done // total)
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\r\033[K{phase}: [{bar}] {done}/{total} rows")
        else:
            sys.stderr.write(f"\r\033[K{phase}: {done} rows")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def _progress_bar() -> ProgressBar | _TerminalBar | None:
    """A progress bar on stderr, only when stderr is a terminal: tqdm's if installed."""
    if not sys.stderr.isatty():
        return None
    try:
        return ProgressBar(file=sys.stderr, disable=False)
    except SlaCalendarError:  # tqdm is not installed
        return _TerminalBar()


def _counted(
    rows: Iterator[dict[str, str]], total: int, progress: ProgressCallback | None
) -> Iterator[dict[str, str]]:
    """``rows`` as they are, reported to ``progress`` every 10,000 as the ``fold`` phase."""
    done = 0
    if progress is not None:
        progress(0, total, "fold")
    for row in rows:
        yield row
        done += 1
        if progress is not None and done % 10_000 == 0:
            progress(min(done, total) if total else done, total, "fold")
    if progress is not None:
        progress(done, done, "fold")


def _servicenow_incidents(
    path: str, name: str, progress: ProgressCallback | None
) -> list[dict[str, str]]:
    """A ServiceNow event log (``name`` as given, read from ``path``), one row per incident."""
    total = count_rows(path) if progress is not None else 0
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            events = _counted(csv.DictReader(handle), total, progress)
            return list(incidents_from_event_log(events))
    except OSError as exc:
        raise InputError(f"cannot read {name!r}: {failure_reason(exc)}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read {name!r} as CSV text: {exc}") from None


def _report_text(
    args: argparse.Namespace,
    report: AuditReport,
    path: object,
    incidents: list[dict[str, str]] | None,
) -> str:
    """The table report, without a final newline."""
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


def _write_audit(
    args: argparse.Namespace,
    report: AuditReport,
    path: object,
    incidents: list[dict[str, str]] | None,
    out: TextOut,
) -> None:
    """Write the report to ``--output`` or ``out``, the rejected rows to ``--errors``."""
    writers: dict[str, Callable[[Any], None]] = {
        "csv": lambda target: report.to_csv(target, errors=args.errors is None),
        "json": report.to_json,
        "table": lambda target: target.write(_report_text(args, report, path, incidents) + "\n"),
    }
    written = []
    if args.output is None:
        writers[args.format](out)
    else:
        with _writing(args, args.output) as target:
            writers[args.format](target)
        written.append(_wrote(args, report))
    if args.errors is not None:
        with _writing(args, args.errors) as target:
            report.rejected_to_csv(target)
        if args.output is not None:  # stdout holds only the report when it is there
            written.append(f"wrote {len(report.rejected)} rejected rows to {args.errors}")
    if written:
        _write_lines(out, written)


def _writing(args: argparse.Namespace, path: str) -> contextlib.AbstractContextManager[IO[str]]:
    """``path`` written atomically, never over an input, nor an existing file unless
    ``--force`` (:func:`~sla_calendar.cli.files.atomic_output`)."""
    return atomic_output(path, inputs=(args.file, args.pauses), force=args.force)


def _wrote(args: argparse.Namespace, report: AuditReport) -> str:
    """The line that says where the report went."""
    pauses = (
        f"; pauses file: {report.pauses_applied} applied, {len(report.pause_errors)} in errors"
        if args.pauses is not None
        else ""
    )
    return (
        f"wrote the {args.format} report of {len(report.rows)} tickets "
        f"({len(report.errors)} rows in errors{pauses}) to {args.output}"
    )


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


def run_deadline(args: argparse.Namespace, out: TextOut) -> int:
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
    if args.format == "json":
        clock = "real" if tier.reaction_clock.value == "round_the_clock" else "working"
        _write_json(
            out,
            {
                "tier": tier.name,
                "clause": _CLAUSES[tier.name],
                "reaction_clock": clock,
                "received": reaction.start.isoformat(),
                "extension_notified": None if notice is None else notice.isoformat(),
                "reaction": deadline_dict(reaction, explain=args.explain),
                "processing": deadline_dict(processing, explain=args.explain),
            },
        )
        return EXIT_OK
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
    _write_lines(out, lines)
    return EXIT_OK


def _explain(deadline: Deadline) -> list[str]:
    return ["  " + line for line in deadline.explain().lines()]
