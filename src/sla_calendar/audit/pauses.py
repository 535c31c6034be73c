"""Pauses from a separate file: one row per pause, joined to the tickets by id (R5).

Besides a ``pauses`` column in the tickets, an audit can take its pauses from a file of
their own, the shape most helpdesks export: one row per pause with the ticket's id, the
instant the clock stopped and the instant it ran again::

    ticket_id,paused_at,resumed_at
    T-1,2026-11-23T10:00+02:00,2026-11-23T12:00+02:00

:class:`PauseColumns` names the three columns when an export calls them otherwise. The
pauses read this way are merged with those of the ``pauses`` column, if any, and
checked as the row parser checks that column. Nothing is dropped silently:

* a pause row that cannot be read (a missing or unreadable value, an end not after its
  start, a year out of range) goes to ``pause_errors`` with its line;
* a pause row whose ticket id names no evaluated ticket goes to ``pause_errors``, saying
  whether the id is unknown, names a ticket whose own row is in error, or names several
  tickets;
* a pause that does not fit its ticket (it starts before receipt, ends after the
  resolution or after ``as_of``, or overlaps another pause) sends the ticket to
  ``errors``, since its verdict would be wrong without the pause, and every pause row
  of that ticket to ``pause_errors``.

So ``pause_rows_in == pauses applied + len(pause_errors)``, as ``rows_in == len(rows) +
len(errors)`` holds for tickets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, ClassVar

from sla_calendar.audit.columns import ColumnNames
from sla_calendar.audit.rows import (
    MISSING,
    ParsedTickets,
    RejectedRow,
    RowError,
    RowReader,
    check_plausible,
    take,
)
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.errors import InvalidValueError

__all__ = ["PauseColumns", "PausesApplied", "apply_pause_rows"]


@dataclass(frozen=True, slots=True)
class PauseColumns(ColumnNames):
    """Which column of a pauses file holds each field; defaults are the field names.

    >>> PauseColumns.parse("ticket_id=number, paused_at=from, resumed_at=to").paused_at
    'from'
    """

    ticket_id: str = "ticket_id"
    paused_at: str = "paused_at"
    resumed_at: str = "resumed_at"

    _WHAT: ClassVar[str] = "pause column"
    _LACKS: ClassVar[str] = "the pauses file lacks columns"
    _HINT: ClassVar[str] = "name them with PauseColumns / --pause-columns"


@dataclass(frozen=True, slots=True)
class PausesApplied:
    """The tickets with the file's pauses merged in, and what the file's rows became."""

    tickets: ParsedTickets
    rows_in: int
    applied: int
    errors: tuple[RejectedRow, ...]


@dataclass(frozen=True, slots=True)
class _Pause:
    line: int
    start: int
    end: int
    start_text: str
    end_text: str


def apply_pause_rows(
    tickets: ParsedTickets,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    columns: PauseColumns,
    rules: TimestampRules,
    missing: Iterable[str] = ("",),
    ticket_pauses_column: str = "pauses",
    as_of_us: int | None = None,
) -> PausesApplied:
    """Merge the pauses of ``rows`` (``(line, row)`` pairs) into ``tickets``.

    See the module's docstring for what becomes of each row.
    """
    reader = RowReader(rules, columns.columns(), {}, frozenset(missing))
    by_ticket, errors, rows_in = _read_pauses(rows, reader, columns)
    if not by_ticket:
        return PausesApplied(tickets, rows_in, 0, tuple(errors))

    positions: dict[str, list[int]] = {}
    for position, ticket_id in enumerate(tickets.ticket_id):
        positions.setdefault(ticket_id, []).append(position)
    lines_in_error = {e.ticket_id: e.line for e in tickets.errors if e.ticket_id}
    merged: dict[int, tuple[tuple[int, int], ...]] = {}
    ticket_errors: dict[int, RejectedRow] = {}
    applied = 0
    for ticket_id, pauses in by_ticket.items():
        found = positions.get(ticket_id, [])
        if len(found) != 1:
            reason = _unmatched(ticket_id, found, tickets, lines_in_error)
            errors += [_pause_error(p, columns.ticket_id, reason, ticket_id) for p in pauses]
            continue
        position = found[0]
        spans, misfit = _merge(tickets, position, pauses, as_of_us)
        if misfit is None:
            merged[position] = spans
            applied += len(pauses)
            continue
        bad, _, reason = misfit
        ticket_errors[position] = RejectedRow(
            tickets.line[position],
            ticket_pauses_column,
            f"the pause on line {bad.line} of the pauses file {reason}",
            ticket_id,
        )
        errors += _misfit_errors(pauses, misfit, columns, ticket_id, tickets.line[position])
    errors.sort(key=lambda e: e.line)
    return PausesApplied(_rebuild(tickets, merged, ticket_errors), rows_in, applied, tuple(errors))


def _read_pauses(
    rows: Iterable[tuple[int, Mapping[str, Any]]], reader: RowReader, columns: PauseColumns
) -> tuple[dict[str, list[_Pause]], list[RejectedRow], int]:
    """The pauses read, by ticket id; the rows that could not be read; how many rows."""
    errors: list[RejectedRow] = []
    by_ticket: dict[str, list[_Pause]] = {}
    rows_in = 0
    for line, row in rows:
        rows_in += 1
        if rows_in == 1:
            columns.require_columns(row)
        ticket_id = reader.text(row, "ticket_id") or ""
        try:
            pause = _read_pause(reader, row, line, ticket_id)
        except RowError as exc:
            errors.append(RejectedRow(line, exc.column, exc.message, ticket_id, source="pauses"))
            continue
        by_ticket.setdefault(ticket_id, []).append(pause)
    return by_ticket, errors, rows_in


def _misfit_errors(
    pauses: list[_Pause],
    misfit: tuple[_Pause, str, str],
    columns: PauseColumns,
    ticket_id: str,
    ticket_line: int,
) -> list[RejectedRow]:
    """Every pause row of a ticket sent to errors by ``misfit``, the one at fault first
    in its own words."""
    bad, bad_column, reason = misfit
    errors = []
    for pause in pauses:
        message = (
            reason
            if pause is bad
            else f"not applied: its ticket {ticket_id!r} (line {ticket_line}) "
            f"is in error because of the pause on line {bad.line}"
        )
        column_name = getattr(columns, bad_column) if pause is bad else columns.ticket_id
        errors.append(_pause_error(pause, column_name, message, ticket_id))
    return errors


def _read_pause(reader: RowReader, row: Mapping[str, Any], line: int, ticket_id: str) -> _Pause:
    columns = reader.columns
    if not ticket_id:
        raise RowError(columns["ticket_id"], "ticket_id is missing; expected a ticket id")
    values: dict[str, int] = {}
    for name in ("paused_at", "resumed_at"):
        try:
            value = reader.instant(row, name)
        except InvalidValueError as exc:
            raise RowError(columns[name], str(exc)) from None
        if value == MISSING:
            raise RowError(columns[name], f"{name} is missing; expected a timestamp")
        check_plausible(value, name, columns[name], row)
        values[name] = value
    start_text = str(row.get(columns["paused_at"])).strip()
    end_text = str(row.get(columns["resumed_at"])).strip()
    if values["resumed_at"] <= values["paused_at"]:
        raise RowError(
            columns["resumed_at"],
            f"resumed_at ({end_text}) is not after paused_at ({start_text}); expected a pause "
            "that ends after it starts",
        )
    return _Pause(line, values["paused_at"], values["resumed_at"], start_text, end_text)


def _unmatched(
    ticket_id: str, found: list[int], tickets: ParsedTickets, lines_in_error: dict[str, int]
) -> str:
    if found:
        lines = ", ".join(str(tickets.line[p]) for p in found)
        return (
            f"not applied: ticket id {ticket_id!r} names {len(found)} tickets (lines {lines}); "
            "expected one"
        )
    if ticket_id in lines_in_error:
        return (
            f"not applied: ticket {ticket_id!r} is not evaluated (its row, line "
            f"{lines_in_error[ticket_id]}, is in error)"
        )
    return f"ticket_id {ticket_id!r} names no ticket of the audit; expected an audited ticket"


def _pause_error(pause: _Pause, column: str, message: str, ticket_id: str) -> RejectedRow:
    return RejectedRow(pause.line, column, message, ticket_id, source="pauses")


def _merge(
    tickets: ParsedTickets, position: int, pauses: list[_Pause], as_of_us: int | None
) -> tuple[tuple[tuple[int, int], ...], tuple[_Pause, str, str] | None]:
    """The ticket's pauses with ``pauses`` merged in, or the first that does not fit.

    A misfit is ``(pause, the field at fault, why)``.
    """
    received, resolved = tickets.received[position], tickets.resolved[position]
    for pause in pauses:
        if pause.start < received:
            return (), (
                pause,
                "paused_at",
                f"starts ({pause.start_text}) before received_at; expected it after receipt",
            )
        if resolved != MISSING and pause.end > resolved:
            return (), (
                pause,
                "resumed_at",
                f"ends ({pause.end_text}) after resolved_at; expected pauses to end by the "
                "resolution",
            )
        if as_of_us is not None and pause.end > as_of_us:
            return (), (pause, "resumed_at", "ends after as_of; expected only past events")
    spans: list[tuple[int, int, _Pause | None]] = [
        *((start, end, None) for start, end in tickets.pauses[position]),
        *((p.start, p.end, p) for p in pauses),
    ]
    spans.sort(key=lambda span: (span[0], span[1]))
    for previous, current in pairwise(spans):
        if current[0] < previous[1]:
            culprit = current[2] or previous[2]
            assert culprit is not None  # the column's own pauses were checked in order
            return (), (
                culprit,
                "paused_at",
                "overlaps another pause of the ticket; expected pauses apart",
            )
    return tuple((start, end) for start, end, _ in spans), None


def _rebuild(
    tickets: ParsedTickets,
    merged: dict[int, tuple[tuple[int, int], ...]],
    ticket_errors: dict[int, RejectedRow],
) -> ParsedTickets:
    keep = [p for p in range(len(tickets)) if p not in ticket_errors]

    def pick(values: Sequence[Any]) -> Any:
        return take(values, keep)

    errors = sorted([*tickets.errors, *ticket_errors.values()], key=lambda e: e.line)
    return ParsedTickets(
        pick(tickets.line),
        pick(tickets.ticket_id),
        pick(tickets.client_id),
        pick(tickets.tier),
        pick(tickets.received),
        pick(tickets.response),
        pick(tickets.resolved),
        pick(tickets.notice),
        [merged.get(p, tickets.pauses[p]) for p in keep],
        tickets.tiers,
        tuple(errors),
        tickets.rows_in,
    )
