"""Audit past tickets in bulk: which breached their SLA, by how much, and why.

:func:`audit` reads tickets (an iterable of mappings, a CSV file or a pandas DataFrame;
see :mod:`sla_calendar.audit.rows` for columns, the column mapping and the pauses
format, and :mod:`sla_calendar.audit.timestamps` for the timestamp rules), judges each one
with the policy's own clocks (R5 processing, R10/R11/R13 reaction) and returns a frozen
:class:`AuditReport`: one :class:`AuditRow` per ticket, the rows that could not be
evaluated in ``errors`` (rows in = rows evaluated + rows in errors), and an
:class:`AuditSummary` per tier and per month with the median and 90th percentile
reaction in working hours. Reports render as text, CSV, JSON, HTML (notebooks), a
pandas DataFrame and a matplotlib plot; pandas and matplotlib are optional and imported
only by the methods that need them.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal, overload

from sla_calendar._format import format_duration, format_table
from sla_calendar._instants import ONE_US, UNIX_EPOCH_US, instant_to_us, local_to_us, us_to_instant
from sla_calendar.audit.engine import (
    BREACHED,
    Verdicts,
    evaluate_numpy,
    evaluate_python,
)
from sla_calendar.audit.frames import parse_frame, read_csv_fast
from sla_calendar.audit.pauses import PauseColumns, apply_pause_rows, read_pause_rows
from sla_calendar.audit.rows import (
    DEFAULT_TIERS,
    MISSING,
    AuditError,
    ColumnMapping,
    ParsedTickets,
    is_frame,
    parse_rows,
    read_source,
)
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.calendar.ukraine import kyiv_calendar
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import ArgumentTypeError, InvalidValueError
from sla_calendar.policy.clock import EventKind, TicketEvent, TicketSla, evaluate_ticket
from sla_calendar.policy.deadlines import Deadline, Explanation, Target
from sla_calendar.policy.tiers import Tier

__all__ = [
    "AuditReport",
    "AuditRow",
    "AuditSummary",
    "Extension",
    "PeriodSummary",
    "Verdict",
    "audit",
    "audit_partition",
    "sample_tickets_path",
]


class Verdict(enum.Enum):
    """Where a clock ended up."""

    MET = "met"
    """Stopped in time: answered (or resolved) at or before its due instant."""
    BREACHED = "breached"
    """Stopped after its due instant, or still running past it when judged."""
    OPEN = "open"
    """Still running and not yet due when judged (no response or resolution recorded)."""


class Extension(enum.Enum):
    """Whether the processing target was extended (R5: 24 to 72 hours with prior notice)."""

    NONE = "none"
    """No extension notice was recorded (or the tier has no extension to give)."""
    VALID = "valid"
    """Notice came before the unextended deadline: the target is the extension."""
    LATE = "late"
    """Notice came after the unextended deadline had passed: not extended."""


_VERDICTS: Final = (Verdict.MET, Verdict.BREACHED, Verdict.OPEN)
_EXTENSIONS: Final = (Extension.NONE, Extension.VALID, Extension.LATE)


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audited ticket: its inputs, both clocks' verdicts, and explanations on demand.

    Durations of working time (``*_time``, ``*_overrun``) count the clock's calendar;
    ``*_late_by`` is real time from the due instant to the response or resolution (or
    to ``judged_at`` for a clock still running). A response on Saturday to a deadline
    of Friday 18:00 is late by the real hours between, yet overruns by no working time.
    """

    line: int
    ticket_id: str
    client_id: str
    tier: Tier
    received_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    extension_notified_at: datetime | None
    pauses: tuple[tuple[datetime, datetime], ...]
    reaction_due: datetime
    reaction_time: timedelta
    reaction_status: Verdict
    reaction_overrun: timedelta
    reaction_late_by: timedelta
    processing_due: datetime
    processing_time: timedelta
    processing_target: timedelta
    processing_status: Verdict
    processing_overrun: timedelta
    processing_late_by: timedelta
    extension: Extension
    judged_at: datetime
    calendar: WorkingCalendar = field(repr=False, compare=False)

    @property
    def breached(self) -> bool:
        """True when the reaction or the processing target was breached."""
        return Verdict.BREACHED in (self.reaction_status, self.processing_status)

    def reaction_deadline(self) -> Deadline:
        """The reaction deadline, from the tier's own rule (:meth:`Tier.reaction_due`)."""
        return self.tier.reaction_due(self.received_at, self.calendar)

    def processing_deadline(self) -> Deadline:
        """The processing deadline without pauses (:meth:`Tier.processing_due`, R5)."""
        return self.tier.processing_due(self.received_at, self.calendar, self.extension_notified_at)

    def sla(self) -> TicketSla:
        """Both clocks replayed from the ticket's events (:func:`evaluate_ticket`)."""
        events = [TicketEvent(EventKind.RECEIVED, self.received_at)]
        for moment, kind in (
            (self.first_response_at, EventKind.RESPONDED),
            (self.extension_notified_at, EventKind.EXTENSION_NOTIFIED),
            (self.resolved_at, EventKind.RESOLVED),
        ):
            if moment is not None:
                events.append(TicketEvent(kind, moment))
        for start, end in self.pauses:
            events += [TicketEvent(EventKind.PAUSED, start), TicketEvent(EventKind.RESUMED, end)]
        order = {kind: rank for rank, kind in enumerate(_REPLAY_ORDER)}
        events.sort(key=lambda event: (instant_to_us(event.at, "at"), order[event.kind]))
        return evaluate_ticket(
            self.ticket_id, events, tier=self.tier, calendar=self.calendar, now=self.judged_at
        )

    def explain(self, target: Target = Target.REACTION) -> Explanation:
        """Why the verdict: the reaction deadline's route (:meth:`Deadline.explain`), or
        what the processing clock counted and where it was paused.
        """
        if target is Target.REACTION:
            return self.reaction_deadline().explain()
        return self.sla().processing.explain()

    def as_record(self) -> dict[str, str | int]:
        """The row as flat text values (instants ISO 8601, durations ``H:MM``)."""
        return {
            "line": self.line,
            "ticket_id": self.ticket_id,
            "client_id": self.client_id,
            "tier": self.tier.name,
            "received_at": self.received_at.isoformat(),
            "first_response_at": _iso(self.first_response_at),
            "resolved_at": _iso(self.resolved_at),
            "extension_notified_at": _iso(self.extension_notified_at),
            "pauses": ";".join(f"{a.isoformat()}/{b.isoformat()}" for a, b in self.pauses),
            "reaction_due": self.reaction_due.isoformat(),
            "reaction_time": format_duration(self.reaction_time),
            "reaction_status": self.reaction_status.value,
            "reaction_overrun": format_duration(self.reaction_overrun),
            "reaction_late_by": format_duration(self.reaction_late_by),
            "processing_due": self.processing_due.isoformat(),
            "processing_time": format_duration(self.processing_time),
            "processing_target": format_duration(self.processing_target),
            "processing_status": self.processing_status.value,
            "processing_overrun": format_duration(self.processing_overrun),
            "processing_late_by": format_duration(self.processing_late_by),
            "extension": self.extension.value,
        }


_REPLAY_ORDER: Final = (
    EventKind.RECEIVED,
    EventKind.RESPONDED,
    EventKind.EXTENSION_NOTIFIED,
    EventKind.RESUMED,
    EventKind.PAUSED,
    EventKind.RESOLVED,
)
RECORD_FIELDS: Final = (
    "line",
    "ticket_id",
    "client_id",
    "tier",
    "received_at",
    "first_response_at",
    "resolved_at",
    "extension_notified_at",
    "pauses",
    "reaction_due",
    "reaction_time",
    "reaction_status",
    "reaction_overrun",
    "reaction_late_by",
    "processing_due",
    "processing_time",
    "processing_target",
    "processing_status",
    "processing_overrun",
    "processing_late_by",
    "extension",
)
"""Column order of :meth:`AuditRow.as_record`, the CSV writer and the JSON rows."""


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """Counts for one tier over all time or in one month (``month`` ``"YYYY-MM"`` or "")."""

    tier: str
    month: str
    tickets: int
    reaction_breaches: int
    processing_breaches: int
    breached: int

    @property
    def breach_rate(self) -> Fraction:
        """Tickets breached (either target) over tickets, exactly."""
        return Fraction(self.breached, self.tickets) if self.tickets else Fraction(0)

    @property
    def reaction_breach_rate(self) -> Fraction:
        """Reaction breaches over tickets, exactly."""
        return Fraction(self.reaction_breaches, self.tickets) if self.tickets else Fraction(0)

    @property
    def processing_breach_rate(self) -> Fraction:
        """Processing breaches over tickets, exactly."""
        return Fraction(self.processing_breaches, self.tickets) if self.tickets else Fraction(0)


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """Totals of an audit: per tier, per month and tier, and reaction percentiles.

    Percentiles are nearest-rank over the tickets whose reaction clock stopped (a
    measured value, exact to the microsecond): the median is the ⌈n/2⌉-th smallest
    reaction in working time, the 90th percentile the ⌈0.9·n⌉-th.
    """

    tickets: int
    errors: int
    reaction_breaches: int
    processing_breaches: int
    breached: int
    per_tier: tuple[PeriodSummary, ...]
    per_month: tuple[PeriodSummary, ...]
    answered: int
    reaction_median: timedelta | None
    reaction_p90: timedelta | None

    @property
    def breach_rate(self) -> Fraction:
        """Tickets breached (either target) over tickets evaluated, exactly."""
        return Fraction(self.breached, self.tickets) if self.tickets else Fraction(0)


def _nearest_rank(values: list[int], numerator: int, denominator: int) -> int:
    rank = -(-len(values) * numerator // denominator)  # ceil
    return values[max(rank, 1) - 1]


def _percent(rate: Fraction) -> str:
    tenths = round(rate * 1000)
    return f"{tenths // 10}.{tenths % 10}%"


class _Rows(Sequence[AuditRow]):
    """The report's rows, built on demand from its columns (a million rows stay cheap)."""

    __slots__ = ("_report",)

    def __init__(self, report: AuditReport) -> None:
        self._report = report

    def __len__(self) -> int:
        return len(self._report._tickets)

    @overload
    def __getitem__(self, index: int) -> AuditRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[AuditRow]: ...
    def __getitem__(self, index: int | slice) -> AuditRow | list[AuditRow]:
        if isinstance(index, slice):
            return [self._report._row(i) for i in range(*index.indices(len(self)))]
        size = len(self)
        if not -size <= index < size:
            raise IndexError(f"row index {index} is out of range; expected 0..{size - 1}")
        return self._report._row(index % size)

    def __iter__(self) -> Iterator[AuditRow]:
        row = self._report._row
        return (row(i) for i in range(len(self)))


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The result of :func:`audit`: rows, errors, a summary, and ways to show them.

    ``rows`` is a sequence of :class:`AuditRow` (built on demand), ``errors`` the rows
    that could not be evaluated; ``rows_in == len(rows) + len(errors)``. With a separate
    pauses file (``audit(..., pauses=...)``), ``pause_rows_in == pauses_applied +
    len(pause_errors)`` likewise.
    """

    calendar: WorkingCalendar = field(repr=False)
    summary: AuditSummary
    errors: tuple[AuditError, ...]
    rows_in: int
    _tickets: ParsedTickets = field(repr=False, compare=False)
    _verdicts: Verdicts = field(repr=False, compare=False)
    pause_errors: tuple[AuditError, ...] = ()
    pause_rows_in: int = 0
    pauses_applied: int = 0

    @property
    def rows(self) -> Sequence[AuditRow]:
        """One :class:`AuditRow` per evaluated ticket, in input order."""
        return _Rows(self)

    def row(self, ticket_id: str) -> AuditRow:
        """The row of ticket ``ticket_id`` (the first, if it occurs more than once)."""
        try:
            return self._row(self._tickets.ticket_id.index(ticket_id))
        except ValueError:
            raise InvalidValueError(
                f"ticket_id={ticket_id!r} is not among the audited rows; expected one of "
                "the report's ticket ids"
            ) from None

    def breaches(self) -> list[AuditRow]:
        """The rows with a breach, in input order."""
        v = self._verdicts
        return [
            self._row(i)
            for i in range(len(self._tickets))
            if BREACHED in (v.reaction_status[i], v.processing_status[i])
        ]

    def _row(self, i: int) -> AuditRow:
        t, v, zone = self._tickets, self._verdicts, self.calendar.tz

        def moment(us: int) -> datetime | None:
            return None if us == MISSING else us_to_instant(us, zone)

        tier = t.tiers[t.tier[i]]
        received = us_to_instant(t.received[i], zone)
        reaction_status = _VERDICTS[v.reaction_status[i]]
        processing_status = _VERDICTS[v.processing_status[i]]
        reaction_end = _reaction_stop(t, i)
        if reaction_end == MISSING:
            reaction_end = v.judged_at[i]
        processing_end = t.resolved[i] if t.resolved[i] != MISSING else v.judged_at[i]
        reaction_target = tier.reaction_target // ONE_US
        late_r = reaction_status is Verdict.BREACHED
        late_p = processing_status is Verdict.BREACHED
        return AuditRow(
            line=t.line[i],
            ticket_id=t.ticket_id[i],
            client_id=t.client_id[i],
            tier=tier,
            received_at=received,
            first_response_at=moment(t.response[i]),
            resolved_at=moment(t.resolved[i]),
            extension_notified_at=moment(t.notice[i]),
            pauses=tuple((us_to_instant(a, zone), us_to_instant(b, zone)) for a, b in t.pauses[i]),
            reaction_due=us_to_instant(v.reaction_due[i], zone),
            reaction_time=timedelta(microseconds=v.reaction_time[i]),
            reaction_status=reaction_status,
            reaction_overrun=timedelta(
                microseconds=max(0, v.reaction_time[i] - reaction_target) if late_r else 0
            ),
            reaction_late_by=timedelta(
                microseconds=reaction_end - v.reaction_due[i] if late_r else 0
            ),
            processing_due=us_to_instant(v.processing_due[i], zone),
            processing_time=timedelta(microseconds=v.processing_time[i]),
            processing_target=timedelta(microseconds=v.processing_target[i]),
            processing_status=processing_status,
            processing_overrun=timedelta(
                microseconds=max(0, v.processing_time[i] - v.processing_target[i]) if late_p else 0
            ),
            processing_late_by=timedelta(
                microseconds=processing_end - v.processing_due[i] if late_p else 0
            ),
            extension=_EXTENSIONS[v.extension[i]],
            judged_at=us_to_instant(v.judged_at[i], zone),
            calendar=self.calendar,
        )

    # ------------------------------------------------------------ writers

    def to_csv(self, target: str | os.PathLike[str] | io.TextIOBase | Any) -> None:
        """Write one line per row (columns :data:`RECORD_FIELDS`) to a path or text file."""
        if isinstance(target, str | os.PathLike):
            with open(target, "w", newline="", encoding="utf-8") as handle:
                self._write_csv(handle)
        else:
            self._write_csv(target)

    def _write_csv(self, handle: Any) -> None:
        writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow(row.as_record())

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values: summary, rows and errors."""
        return {
            "summary": _summary_dict(self.summary),
            "rows": [row.as_record() for row in self.rows],
            "errors": [_error_dict(e) for e in self.errors],
            "pauses_file": {
                "rows_in": self.pause_rows_in,
                "applied": self.pauses_applied,
                "errors": [_error_dict(e) for e in self.pause_errors],
            },
        }

    def to_json(self, target: str | os.PathLike[str] | io.TextIOBase | Any) -> None:
        """Write :meth:`to_dict` as JSON to a path or text file."""
        if isinstance(target, str | os.PathLike):
            with open(target, "w", encoding="utf-8") as handle:
                json.dump(self.to_dict(), handle, indent=1, ensure_ascii=False)
                handle.write("\n")
        else:
            json.dump(self.to_dict(), target, indent=1, ensure_ascii=False)
            target.write("\n")

    def to_text(self, *, worst: int = 5, max_errors: int = 10) -> str:
        """A readable report: totals, per tier, per month, the worst breaches, errors."""
        return "\n".join(_text_lines(self, worst, max_errors))

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (instants tz-aware, durations timedelta64[us]).

        Needs pandas (``pip install 'sla_calendar[pandas]'``).
        """
        pd = _import("pandas", "pandas")
        return _frame(pd, self)

    def _repr_html_(self) -> str:
        s = self.summary
        head = (
            f"<p><b>SLA audit</b>: {s.tickets} tickets evaluated, {s.errors} rows in errors, "
            f"{s.breached} breached ({_percent(s.breach_rate)}); reaction median "
            f"{_hours(s.reaction_median)}, 90th percentile {_hours(s.reaction_p90)} "
            "working hours</p>"
        )
        header = "".join(
            f"<th>{escape(h)}</th>"
            for h in ("tier", "tickets", "reaction breaches", "processing breaches", "breached")
        )
        body = "".join(
            f"<tr><td>{escape(t.tier)}</td><td>{t.tickets}</td>"
            f"<td>{t.reaction_breaches} ({_percent(t.reaction_breach_rate)})</td>"
            f"<td>{t.processing_breaches} ({_percent(t.processing_breach_rate)})</td>"
            f"<td>{t.breached} ({_percent(t.breach_rate)})</td></tr>"
            for t in s.per_tier
        )
        errors = "".join(f"<li>{escape(str(e))}</li>" for e in self.errors[:10])
        more = f"<li>… {len(self.errors) - 10} more</li>" if len(self.errors) > 10 else ""
        error_block = f"<p>Errors:</p><ul>{errors}{more}</ul>" if self.errors else ""
        return f"{head}<table><tr>{header}</tr>{body}</table>{error_block}"

    def plot(self, ax: Any = None) -> Any:
        """Plot the breach rate per month, one line per tier; return the matplotlib Axes.

        Needs matplotlib (``pip install 'sla_calendar[plot]'``).
        """
        _import("matplotlib", "plot")
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(10, 4))
        months = sorted({p.month for p in self.summary.per_month})
        index = {month: i for i, month in enumerate(months)}
        for tier in sorted({p.tier for p in self.summary.per_month}):
            points = [p for p in self.summary.per_month if p.tier == tier]
            ax.plot(
                [index[p.month] for p in points],
                [100 * p.breached / p.tickets for p in points],
                marker=".",
                label=tier,
            )
        step = max(1, len(months) // 12)
        ax.set_xticks(range(0, len(months), step))
        ax.set_xticklabels(months[::step], rotation=45, ha="right")
        ax.set_ylabel("tickets breached, %")
        ax.set_title("SLA breach rate per month and tier")
        ax.legend()
        return ax


def _reaction_stop(t: ParsedTickets, i: int) -> int:
    response, resolved = t.response[i], t.resolved[i]
    if response == MISSING:
        return resolved
    if resolved == MISSING:
        return response
    return min(response, resolved)


def _import(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise InvalidValueError(
            f"this needs the optional package {module!r}; install it with: "
            f"pip install 'sla_calendar[{extra}]'"
        ) from None


def _error_dict(error: AuditError) -> dict[str, str | int]:
    return {
        "line": error.line,
        "column": error.column,
        "message": error.message,
        "ticket_id": error.ticket_id,
    }


def _hours(value: timedelta | None) -> str:
    return "-" if value is None else format_duration(value)


def _summary_dict(s: AuditSummary) -> dict[str, Any]:
    def period(p: PeriodSummary) -> dict[str, Any]:
        return {
            "tier": p.tier,
            "month": p.month,
            "tickets": p.tickets,
            "reaction_breaches": p.reaction_breaches,
            "processing_breaches": p.processing_breaches,
            "breached": p.breached,
            "breach_rate": _percent(p.breach_rate),
        }

    return {
        "tickets": s.tickets,
        "errors": s.errors,
        "reaction_breaches": s.reaction_breaches,
        "processing_breaches": s.processing_breaches,
        "breached": s.breached,
        "breach_rate": _percent(s.breach_rate),
        "answered": s.answered,
        "reaction_median": _hours(s.reaction_median),
        "reaction_p90": _hours(s.reaction_p90),
        "per_tier": [period(p) for p in s.per_tier],
        "per_month": [period(p) for p in s.per_month],
    }


def _cell(period: PeriodSummary | None) -> str:
    return "-" if period is None else f"{period.breached}/{period.tickets}"


def _text_lines(report: AuditReport, worst: int, max_errors: int) -> list[str]:
    s = report.summary
    lines = [
        f"SLA audit: {report.rows_in} rows read, {s.tickets} tickets evaluated, "
        f"{s.errors} rows in errors",
        f"Breached: {s.breached} ({_percent(s.breach_rate)}); reaction {s.reaction_breaches}, "
        f"processing {s.processing_breaches}",
        f"Reaction time (working hours, {s.answered} answered): median "
        f"{_hours(s.reaction_median)}, 90th percentile {_hours(s.reaction_p90)}",
        "",
        "Per tier:",
    ]
    lines += [
        "  " + line
        for line in format_table(
            ["Tier", "Tickets", "Reaction breaches", "Processing breaches", "Breached"],
            [
                [
                    t.tier,
                    str(t.tickets),
                    f"{t.reaction_breaches} ({_percent(t.reaction_breach_rate)})",
                    f"{t.processing_breaches} ({_percent(t.processing_breach_rate)})",
                    f"{t.breached} ({_percent(t.breach_rate)})",
                ]
                for t in s.per_tier
            ],
        )
    ]
    tiers = [t.tier for t in s.per_tier]
    months = sorted({p.month for p in s.per_month})
    cells = {(p.month, p.tier): p for p in s.per_month}
    lines += ["", "Breach rate per month (breached/tickets):"]
    lines += [
        "  " + line
        for line in format_table(
            ["Month", *tiers],
            [
                [
                    month,
                    *(_cell(cells.get((month, tier))) for tier in tiers),
                ]
                for month in months
            ],
        )
    ]
    breaches = sorted(
        (r for r in report.breaches() if r.reaction_status is Verdict.BREACHED),
        key=lambda r: (-(r.reaction_overrun // ONE_US), r.line),
    )[:worst]
    if breaches:
        lines += ["", f"Worst reaction breaches (of {s.reaction_breaches}):"]
        for r in breaches:
            clock = "real" if r.reaction_deadline().calendar.is_round_the_clock else "working"
            lines.append(
                f"  {r.ticket_id} ({r.tier.name}, line {r.line}): received "
                f"{r.received_at:%a %Y-%m-%d %H:%M%z}, due {r.reaction_due:%a %Y-%m-%d %H:%M%z}, "
                f"answered after {format_duration(r.reaction_time)} {clock} hours "
                f"(+{format_duration(r.reaction_overrun)})"
            )
        on_hours = [r for r in breaches if not r.reaction_deadline().calendar.is_round_the_clock]
        first = (on_hours or breaches)[0]
        lines += ["", f"Why {first.ticket_id} was due when it was (Deadline.explain):"]
        lines += ["  " + line for line in first.explain().lines()]
    if report.errors:
        lines += ["", f"Rows not evaluated ({len(report.errors)}):"]
        lines += _error_lines(report.errors, max_errors)
    if report.pause_rows_in:
        lines += [
            "",
            f"Pauses file: {report.pause_rows_in} rows read, {report.pauses_applied} applied, "
            f"{len(report.pause_errors)} in errors",
        ]
        lines += _error_lines(report.pause_errors, max_errors)
    return lines


def _error_lines(errors: Sequence[AuditError], max_errors: int) -> list[str]:
    lines = [f"  {error}" for error in errors[:max_errors]]
    if len(errors) > max_errors:
        lines.append(f"  ... {len(errors) - max_errors} more (see --format json)")
    return lines


# ------------------------------------------------------------------ summary


def _month_starts(calendar: WorkingCalendar, first_us: int, last_us: int) -> list[tuple[int, str]]:
    """UTC instants of local month starts covering ``first_us..last_us``, with labels."""
    zone = calendar.tz
    first = us_to_instant(first_us, zone).date()
    last = us_to_instant(last_us, zone).date()
    starts = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        starts.append(
            (local_to_us(zone, date(year, month, 1), 0, first=True), f"{year}-{month:02d}")
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def _summarize(
    tickets: ParsedTickets, verdicts: Verdicts, calendar: WorkingCalendar, errors: int
) -> AuditSummary:
    from bisect import bisect_right

    n = len(tickets)
    keys: dict[tuple[int, str], list[int]] = {}
    per_tier: dict[int, list[int]] = {}
    answered: list[int] = []
    months = _month_starts(calendar, min(tickets.received), max(tickets.received)) if n else []
    bounds = [start for start, _ in months]
    totals = [0, 0, 0]
    rs, ps, times = verdicts.reaction_status, verdicts.processing_status, verdicts.reaction_time
    for i in range(n):
        r_breach = rs[i] == BREACHED
        p_breach = ps[i] == BREACHED
        label = months[bisect_right(bounds, tickets.received[i]) - 1][1]
        for counts in (
            keys.setdefault((tickets.tier[i], label), [0, 0, 0, 0]),
            per_tier.setdefault(tickets.tier[i], [0, 0, 0, 0]),
        ):
            counts[0] += 1
            counts[1] += r_breach
            counts[2] += p_breach
            counts[3] += r_breach or p_breach
        totals[0] += r_breach
        totals[1] += p_breach
        totals[2] += r_breach or p_breach
        if rs[i] != 2:  # stopped: answered (in time or late)
            answered.append(times[i])
    answered.sort()
    names = [tier.name for tier in tickets.tiers]
    return AuditSummary(
        tickets=n,
        errors=errors,
        reaction_breaches=totals[0],
        processing_breaches=totals[1],
        breached=totals[2],
        per_tier=tuple(
            sorted(
                (PeriodSummary(names[k], "", *c) for k, c in per_tier.items()),
                key=lambda p: p.tier,
            )
        ),
        per_month=tuple(
            sorted(
                (PeriodSummary(names[k], month, *c) for (k, month), c in keys.items()),
                key=lambda p: (p.month, p.tier),
            )
        ),
        answered=len(answered),
        reaction_median=timedelta(microseconds=_nearest_rank(answered, 1, 2)) if answered else None,
        reaction_p90=timedelta(microseconds=_nearest_rank(answered, 9, 10)) if answered else None,
    )


# ------------------------------------------------------------------ entry points


def sample_tickets_path() -> Path:
    """The bundled sample of tickets (CSV): invented, 2021-2026, three bad rows included.

    Made by ``scripts/make_sample_tickets.py``; ``sla-calendar audit`` reads it when no
    file is given.
    """
    return Path(str(resources.files("sla_calendar") / "data" / "sample_tickets.csv"))


def _has_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:  # pragma: no cover - exercised only without pandas
        return False
    return True


def audit(
    source: object,
    *,
    mapping: ColumnMapping | None = None,
    tiers: Mapping[str, Tier] | None = None,
    calendar: WorkingCalendar | None = None,
    timestamp_format: str | None = None,
    assume_tz: str | None = None,
    missing: Iterable[str] = ("",),
    as_of: datetime | None = None,
    engine: Literal["auto", "python", "numpy"] = "auto",
    progress: Callable[[int], None] | None = None,
    pauses: object = None,
    pause_columns: PauseColumns | None = None,
) -> AuditReport:
    """Audit tickets from a CSV path or file, a pandas DataFrame, or an iterable of mappings.

    * ``mapping``: which column holds which field (:class:`ColumnMapping`).
    * ``tiers``: tier value to :class:`Tier` (default: ``standard``, ``emergency``,
      ``emergency_24_7``: R10, R11, R13).
    * ``calendar``: the working calendar (default :func:`kyiv_calendar`, R6).
    * ``timestamp_format``, ``assume_tz``: see :class:`~sla_calendar.timestamps.TimestampRules`
      (ISO 8601 with offsets by default; a zone for offset-less values must be named;
      a day-first layout must be declared).
    * ``missing``: cell values that mean "no value" (besides empty and NaN).
    * ``as_of``: judge clocks still running at this instant; by default each is judged
      at its ticket's last recorded instant (so a clock already past due is breached,
      else open).
    * ``engine``: ``"python"`` replays each ticket through :func:`evaluate_ticket`;
      ``"numpy"`` computes the same verdicts vectorised; ``"auto"`` uses numpy when it
      is installed.
    * ``progress``: called now and then with the number of rows done.
    * ``pauses``: a separate pauses file (CSV path or file, rows, or a DataFrame), one
      row per pause: ticket id, ``paused_at``, ``resumed_at`` (``pause_columns`` names
      them otherwise). Merged with the ``pauses`` column; see
      :mod:`sla_calendar.audit.pauses` for what becomes of each of its rows.

    With pandas installed, a plain CSV file (no quoted fields) is read by pandas and its
    ISO 8601 timestamps converted in one step; rows that need more care take the
    row-by-row parser, so the result is the same either way.

    Raises :class:`InvalidValueError` when the input as a whole is unusable (a required
    column is absent); a row that cannot be evaluated goes to ``errors`` instead.
    """
    calendar = kyiv_calendar() if calendar is None else calendar
    if not isinstance(calendar, WorkingCalendar):
        raise ArgumentTypeError(
            f"calendar must be a WorkingCalendar, got {type(calendar).__name__} {calendar!r}"
        )
    if engine not in ("auto", "python", "numpy"):
        raise InvalidValueError(
            f"engine={engine!r} is unknown; expected 'auto', 'python' or 'numpy'"
        )
    rules = TimestampRules(timestamp_format, assume_tz)
    as_of_us = None if as_of is None else instant_to_us(as_of, "as_of")
    options: dict[str, Any] = {
        "mapping": mapping or ColumnMapping(),
        "tiers": DEFAULT_TIERS if tiers is None else tiers,
        "rules": rules,
        "missing": tuple(missing),
        "as_of_us": as_of_us,
        "progress": progress,
    }
    tickets = None
    if is_frame(source):
        tickets = parse_frame(source, **options)
    elif isinstance(source, str | os.PathLike) and engine != "python" and _has_pandas():
        tickets = read_csv_fast(source, **options)
    if tickets is None:
        tickets = parse_rows(read_source(source), **options)
    applied = None
    if pauses is not None:
        applied = apply_pause_rows(
            tickets,
            read_pause_rows(pauses),
            columns=pause_columns or PauseColumns(),
            rules=rules,
            missing=options["missing"],
            ticket_pauses_column=options["mapping"].pauses,
            as_of_us=as_of_us,
        )
        tickets = applied.tickets
    elif pause_columns is not None:
        raise InvalidValueError(
            "pause_columns was given without pauses; expected a pauses file to read them from"
        )
    if engine == "auto":
        try:
            import numpy  # noqa: F401
        except ImportError:  # pragma: no cover - exercised only without numpy
            engine = "python"
        else:
            engine = "numpy"
    if engine == "numpy":
        verdicts = evaluate_numpy(tickets, calendar, as_of_us)
    else:
        verdicts = evaluate_python(tickets, calendar, as_of_us, progress)
    summary = _summarize(tickets, verdicts, calendar, len(tickets.errors))
    report = AuditReport(calendar, summary, tickets.errors, tickets.rows_in, tickets, verdicts)
    if applied is None:
        return report
    return replace(
        report,
        pause_errors=applied.errors,
        pause_rows_in=applied.rows_in,
        pauses_applied=applied.applied,
    )


# ------------------------------------------------------------------ pandas and dask


def _frame(pd: Any, report: AuditReport) -> Any:
    import numpy as np

    t, v, zone = report._tickets, report._verdicts, report.calendar.tz
    nat = np.iinfo(np.int64).min

    def instants(values: list[int]) -> Any:
        array = np.array(values, dtype=np.int64)
        unix = np.where(array == MISSING, nat, array - UNIX_EPOCH_US)
        return pd.DatetimeIndex(unix.view("datetime64[us]")).tz_localize(UTC).tz_convert(zone)

    def durations(values: Any) -> Any:
        return pd.to_timedelta(np.asarray(values, dtype=np.int64), unit="us").astype(
            "timedelta64[us]"
        )

    names = [tier.name for tier in t.tiers]
    targets = np.array([tier.reaction_target // ONE_US for tier in t.tiers] or [0], dtype=np.int64)
    tier_index = np.array(t.tier, dtype=np.int64)
    r_status = np.array(v.reaction_status, dtype=np.int64)
    p_status = np.array(v.processing_status, dtype=np.int64)
    r_time = np.array(v.reaction_time, dtype=np.int64)
    p_time = np.array(v.processing_time, dtype=np.int64)
    p_target = np.array(v.processing_target, dtype=np.int64)
    r_due = np.array(v.reaction_due, dtype=np.int64)
    p_due = np.array(v.processing_due, dtype=np.int64)
    judged = np.array(v.judged_at, dtype=np.int64)
    response = np.array(t.response, dtype=np.int64)
    resolved = np.array(t.resolved, dtype=np.int64)
    stop = np.where(
        (response != MISSING) & (resolved != MISSING),
        np.minimum(response, resolved),
        np.where(response != MISSING, response, resolved),
    )
    r_end = np.where(stop == MISSING, judged, stop)
    p_end = np.where(resolved == MISSING, judged, resolved)
    r_late, p_late = r_status == BREACHED, p_status == BREACHED
    labels = np.array([verdict.value for verdict in _VERDICTS], dtype=object)
    extension_labels = np.array([e.value for e in _EXTENSIONS], dtype=object)
    return pd.DataFrame(
        {
            "line": np.array(t.line, dtype=np.int64),
            "ticket_id": pd.array(t.ticket_id, dtype=object),
            "client_id": pd.array(t.client_id, dtype=object),
            "tier": pd.array(
                np.array(names, dtype=object)[tier_index] if names else [], dtype=object
            ),
            "received_at": instants(t.received),
            "first_response_at": instants(t.response),
            "resolved_at": instants(t.resolved),
            "extension_notified_at": instants(t.notice),
            "pauses": np.array([len(p) for p in t.pauses], dtype=np.int64),
            "reaction_due": instants(v.reaction_due),
            "reaction_time": durations(r_time),
            "reaction_status": pd.array(labels[r_status], dtype=object),
            "reaction_overrun": durations(
                np.where(
                    r_late, np.maximum(r_time - targets[tier_index] if len(t.tiers) else 0, 0), 0
                )
            ),
            "reaction_late_by": durations(np.where(r_late, r_end - r_due, 0)),
            "processing_due": instants(v.processing_due),
            "processing_time": durations(p_time),
            "processing_target": durations(p_target),
            "processing_status": pd.array(labels[p_status], dtype=object),
            "processing_overrun": durations(np.where(p_late, np.maximum(p_time - p_target, 0), 0)),
            "processing_late_by": durations(np.where(p_late, p_end - p_due, 0)),
            "extension": pd.array(
                extension_labels[np.array(v.extension, dtype=np.int64)], dtype=object
            ),
            "breached": r_late | p_late,
        }
    )


def audit_partition(frame: Any, **options: Any) -> Any:
    """Audit one pandas DataFrame and return one output row per input row (dask-ready).

    Evaluated rows carry the columns of :meth:`AuditReport.to_pandas` with empty
    ``error_column`` and ``error_message``; rows in errors carry those two and their
    ``line`` and ``ticket_id``. Rows are ordered by ``line``. Built for
    ``dask.dataframe.map_partitions(audit_partition, ..., meta=audit_partition(empty))``:
    each partition is audited on its own, and ``line`` is the input's index label.
    """
    pd = _import("pandas", "pandas")
    if options.get("pauses") is not None:
        raise InvalidValueError(
            "audit_partition takes pauses from the partition's pauses column only; a "
            "separate pauses file has rows for every partition (audit it with audit())"
        )
    report = audit(frame, **options)
    evaluated = report.to_pandas()
    evaluated["breached"] = evaluated["breached"].astype("boolean")  # NA on error rows
    evaluated["pauses"] = evaluated["pauses"].astype("Int64")
    evaluated["error_column"] = pd.array([""] * len(evaluated), dtype=object)
    evaluated["error_message"] = pd.array([""] * len(evaluated), dtype=object)
    if not report.errors:
        return evaluated
    failed = pd.DataFrame(
        {
            "line": [e.line for e in report.errors],
            "ticket_id": pd.array([e.ticket_id for e in report.errors], dtype=object),
            "error_column": pd.array([e.column for e in report.errors], dtype=object),
            "error_message": pd.array([e.message for e in report.errors], dtype=object),
        }
    )
    failed = failed.reindex(columns=evaluated.columns)
    for name in evaluated.columns:
        if name not in ("line", "ticket_id", "error_column", "error_message"):
            failed[name] = failed[name].astype(evaluated[name].dtype)
    combined = pd.concat([evaluated, failed], ignore_index=True)
    return combined.sort_values("line", kind="stable").reset_index(drop=True)
