"""The result of an audit: :class:`AuditReport`, its rows, and the ways to show it.

:func:`~sla_calendar.audit.run.audit` returns a frozen :class:`AuditReport`: one
:class:`~sla_calendar.audit.verdicts.AuditRow` per evaluated ticket (built on demand
from the report's columns, so a million rows stay cheap), the rows that could not be
evaluated in ``errors`` (rows in = rows evaluated + rows in errors), and an
:class:`~sla_calendar.audit.summary.AuditSummary`. Reports render as text, CSV, JSON,
HTML (notebooks), a pandas DataFrame (:mod:`sla_calendar.audit.writers`) and a
matplotlib figure (:mod:`sla_calendar.audit.plot`); CSV and JSON are written a row at a
time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, overload

from sla_calendar._checks import invalid_value, require_type
from sla_calendar._instants import ONE_US, us_to_instant
from sla_calendar.audit.plot import plot_summary
from sla_calendar.audit.rows import MISSING, ParsedTickets, RejectedRow
from sla_calendar.audit.summary import AuditSummary
from sla_calendar.audit.verdicts import BREACHED, EXTENSIONS, VERDICTS, AuditRow, Verdict, Verdicts
from sla_calendar.audit.writers import (
    Destination,
    pauses_file_lines,
    rejected_dict,
    rejected_lines,
    summary_dict,
    summary_html,
    summary_lines,
    tickets_frame,
    worst_breach_lines,
    write_csv,
    write_json_report,
    write_rejected_csv,
)
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError

__all__ = ["AuditReport"]


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
    len(pause_errors)`` likewise. ``monthly_limit`` is the number of requests a client
    has a calendar month before paid service (R9.6).
    """

    calendar: WorkingCalendar = field(repr=False)
    summary: AuditSummary
    errors: tuple[RejectedRow, ...]
    rows_in: int
    _tickets: ParsedTickets = field(repr=False, compare=False)
    _verdicts: Verdicts = field(repr=False, compare=False)
    pause_errors: tuple[RejectedRow, ...] = ()
    pause_rows_in: int = 0
    pauses_applied: int = 0
    monthly_limit: int = 50
    _paid: tuple[bool, ...] = field(default=(), repr=False, compare=False)

    @property
    def rejected(self) -> tuple[RejectedRow, ...]:
        """Every row not evaluated: the tickets' rows, then the pauses file's."""
        return self.errors + self.pause_errors

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
        return list(self._breaches())

    def _row(self, i: int) -> AuditRow:
        t, v, zone = self._tickets, self._verdicts, self.calendar.tz

        def moment(us: int) -> datetime | None:
            return None if us == MISSING else us_to_instant(us, zone)

        tier = t.tiers[t.tier[i]]
        received = us_to_instant(t.received[i], zone)
        reaction_status = VERDICTS[v.reaction_status[i]]
        processing_status = VERDICTS[v.processing_status[i]]
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
            extension=EXTENSIONS[v.extension[i]],
            judged_at=us_to_instant(v.judged_at[i], zone),
            calendar=self.calendar,
            paid_service=bool(self._paid[i]) if self._paid else False,
        )

    # ------------------------------------------------------------ writers

    def to_csv(self, target: Destination, *, errors: bool = True) -> None:
        """Write the report as CSV to a path (atomically) or a text file, a row at a time.

        One line per row, columns :data:`RECORD_FIELDS`; with ``errors`` (the default)
        then ``error_column`` and ``error_message``, empty for evaluated rows, and every
        row not evaluated has its line there too (see :func:`write_csv`). With
        ``errors=False`` only the evaluated rows are written: write the others with
        :meth:`rejected_to_csv`. Cells a spreadsheet would run as formulas are
        neutralised (:func:`~sla_calendar.audit.writers.spreadsheet_safe`).
        """
        write_csv(self.rows, target, errors=self.rejected if errors else None)

    def rejected_to_csv(self, target: Destination) -> None:
        """Write the rows not evaluated (tickets', then the pauses file's) as CSV:
        ``source,line,ticket_id,column,message``."""
        write_rejected_csv(self.rejected, target)

    def _json_parts(self, *, lazy: bool) -> tuple[dict[str, Any], dict[str, Any]]:
        """What comes before and after the rows in the report's JSON (with ``lazy``, the
        errors as an iterator, written one at a time)."""
        head = {"summary": summary_dict(self.summary), "rows_in": self.rows_in}
        errors = (rejected_dict(e) for e in self.errors)
        tail = {
            "errors": errors if lazy else list(errors),
            "pauses_file": {
                "rows_in": self.pause_rows_in,
                "applied": self.pauses_applied,
                "errors": [rejected_dict(e) for e in self.pause_errors],
            },
        }
        return head, tail

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values: summary, rows, errors, pauses file.

        Rows are :meth:`AuditRow.as_json`: numbers as numbers (durations also in
        seconds, rates as floats), instants ISO 8601 with their offset.
        """
        head, tail = self._json_parts(lazy=False)
        return {**head, "rows": [row.as_json() for row in self.rows], **tail}

    def to_json(self, target: Destination) -> None:
        """Write :meth:`to_dict` as JSON to a path (atomically) or a text file, a row at a
        time (memory stays flat however many rows)."""
        head, tail = self._json_parts(lazy=True)
        write_json_report(head, self.rows, tail, target)

    def to_text(self, *, worst: int = 5, max_errors: int = 10) -> str:
        """A readable report: totals, per tier, per month, the worst breaches, errors."""
        for name, value in (("worst", worst), ("max_errors", max_errors)):
            if require_type(value, int, name) < 0:
                raise invalid_value(name, value, "an int >= 0")
        lines = summary_lines(self.summary, self.rows_in)
        lines += worst_breach_lines(self._breaches(), self.summary.reaction_breaches, worst)
        if self.errors:
            lines += ["", f"Rows not evaluated ({len(self.errors)}):"]
            lines += rejected_lines(self.errors, max_errors)
        if self.pause_rows_in:
            lines += pauses_file_lines(
                self.pause_rows_in, self.pauses_applied, self.pause_errors, max_errors
            )
        return "\n".join(lines)

    def _breaches(self) -> Iterator[AuditRow]:
        v = self._verdicts
        for i in range(len(self._tickets)):
            if BREACHED in (v.reaction_status[i], v.processing_status[i]):
                yield self._row(i)

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (instants tz-aware, durations timedelta64[us]).

        Needs pandas (``pip install pandas``, or the project's ``pandas`` extra).
        """
        return tickets_frame(self._tickets, self._verdicts, self.calendar, self._paid or None)

    def _repr_html_(self) -> str:
        return summary_html(self.summary, self.errors)

    def plot(self, *, min_tickets: int = 20, target: float | None = None) -> Any:
        """Tickets and breach rates per month, one panel per tier; return the Figure.

        Bars are tickets per month; lines the reaction and processing breach rates, apart;
        months with fewer than ``min_tickets`` tickets show hollow markers off the line;
        ``target`` (a rate, 0.05 for 5%) is a dashed line. See
        :mod:`sla_calendar.audit.plot`. Needs matplotlib (``pip install matplotlib``, or
        the project's ``plot`` extra).
        """
        return plot_summary(self.summary, min_tickets=min_tickets, target=target)


def _reaction_stop(t: ParsedTickets, i: int) -> int:
    response, resolved = t.response[i], t.resolved[i]
    if response == MISSING:
        return resolved
    if resolved == MISSING:
        return response
    return min(response, resolved)
