"""Reading tickets for an audit: sources, and parsing rows into columns.

An audit reads one ticket per row from an iterable of mappings, a CSV file or a pandas
DataFrame; a :class:`~sla_calendar.audit.columns.ColumnMapping` says which column holds
which field. Each row is parsed into integer microseconds (see
:mod:`sla_calendar.audit.timestamps`); a row that cannot be parsed becomes an
:class:`RejectedRow` with its line, column and message, and the others go on.

The ``pauses`` column lists the spans during which the ticket waited for the client
(R5: the processing clock stops), as ISO 8601 intervals ``start/end`` separated by
``;``: ``2026-11-23T10:00+02:00/2026-11-23T12:00+02:00;2026-11-24T09:00+02:00/...``.
ISO 8601's other separator, ``--``, is read too, for declared formats whose dates hold
``/`` (``1/3/2016 10:00--2/3/2016 11:00``).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from numbers import Integral
from typing import Any, Final, Literal, NamedTuple, TypeVar

from sla_calendar._instants import instant_to_us
from sla_calendar.audit.columns import ColumnMapping
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.errors import ArgumentTypeError, InvalidValueError
from sla_calendar.policy.tiers import Tier

__all__ = [
    "INSTANT_FIELDS",
    "MISSING",
    "PLAUSIBLE_YEARS",
    "ParsedRow",
    "ParsedTickets",
    "RejectedRow",
    "RowError",
    "RowReader",
    "check_plausible",
    "frame_lines",
    "is_frame",
    "parse_row",
    "parse_rows",
    "read_source",
]

INSTANT_FIELDS: Final = ("received_at", "first_response_at", "resolved_at", "extension_notified_at")
"""The fields of a ticket that hold one instant each, in the order of :class:`ParsedRow`."""

T = TypeVar("T")

MISSING: Final = -(1 << 62)
"""Marks a missing instant in parsed columns (far before year 1, never a real instant)."""

PLAUSIBLE_YEARS: Final = range(1900, 2200)
"""Years (UTC) a ticket's timestamps may lie in; others are refused as typos, so that one
year 0202 cannot make an audit build calendars for centuries."""
PLAUSIBLE_FIRST_US: Final = instant_to_us(datetime(1900, 1, 1, tzinfo=UTC), "first")
PLAUSIBLE_END_US: Final = instant_to_us(datetime(2200, 1, 1, tzinfo=UTC), "end")


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row that could not be evaluated: where it is, which column, and why.

    ``line`` is the line in a CSV file (the header is line 1), the 1-based position in
    an iterable of rows, or the index label of a DataFrame row. ``source`` is
    ``"tickets"`` for a ticket's row and ``"pauses"`` for a row of a separate pauses
    file (:mod:`sla_calendar.audit.pauses`).
    """

    line: int
    column: str
    message: str
    ticket_id: str = ""
    source: Literal["tickets", "pauses"] = "tickets"

    def __str__(self) -> str:
        ticket = f" (ticket {self.ticket_id})" if self.ticket_id else ""
        where = "" if self.source == "tickets" else f"{self.source} file "
        return f"{where}line {self.line}{ticket}, column {self.column}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedTickets:
    """Tickets parsed into parallel columns; instants are µs on the UTC line or MISSING.

    ``tiers`` lists the tiers in use; ``tier`` holds an index into it per ticket.
    ``pauses`` holds, per ticket, its pauses as ``(start, end)`` pairs in time order.
    """

    line: list[int]
    ticket_id: list[str]
    client_id: list[str]
    tier: list[int]
    received: list[int]
    response: list[int]
    resolved: list[int]
    notice: list[int]
    pauses: list[tuple[tuple[int, int], ...]]
    tiers: tuple[Tier, ...]
    errors: tuple[RejectedRow, ...]
    rows_in: int

    def __len__(self) -> int:
        return len(self.line)


def is_frame(source: object) -> bool:
    """True for a pandas DataFrame (recognised without importing pandas)."""
    kind = type(source)
    return kind.__module__.startswith("pandas") and kind.__name__ == "DataFrame"


def frame_lines(frame: Any) -> list[int]:
    """Each DataFrame row's ``line``: its index label when that is an integer, else its
    1-based position."""
    import pandas as pd

    labels = frame.index.tolist()
    if pd.api.types.is_integer_dtype(frame.index.dtype):
        return labels  # type: ignore[no-any-return]
    return [
        int(label) if isinstance(label, Integral) else position
        for position, label in enumerate(labels, start=1)
    ]


def check_plausible(value: int, name: str, column: str, row: Mapping[str, Any]) -> None:
    """Refuse an instant outside :data:`PLAUSIBLE_YEARS` (a typo in the year) as a row error."""
    if value != MISSING and not PLAUSIBLE_FIRST_US <= value < PLAUSIBLE_END_US:
        raise RowError(
            column,
            f"{name} ({_text(row, column)}) is outside the years "
            f"{PLAUSIBLE_YEARS.start}..{PLAUSIBLE_YEARS.stop - 1}; expected a plausible "
            "ticket time (a typo in the year?)",
        )


def read_source(source: object) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """``(line, row)`` pairs of a CSV path, an open text file, a DataFrame or mappings.

    An audit reads a DataFrame of tickets by column (:mod:`sla_calendar.audit.frames`);
    a DataFrame given here is read row by row, each row's line from :func:`frame_lines`.
    """
    if is_frame(source):
        frame: Any = source
        yield from zip(frame_lines(frame), frame.to_dict("records"), strict=True)
        return
    if isinstance(source, str | os.PathLike):
        with open(source, newline="", encoding="utf-8") as handle:
            yield from _read_csv(handle)
        return
    if isinstance(source, io.TextIOBase) or hasattr(source, "readline"):
        yield from _read_csv(source)
        return
    if isinstance(source, Mapping) or not isinstance(source, Iterable):
        raise ArgumentTypeError(
            "source must be a CSV path, an open text file, a pandas DataFrame or an iterable "
            f"of mappings, got {type(source).__name__}"
        )
    for position, row in enumerate(source, start=1):
        if not isinstance(row, Mapping):
            raise ArgumentTypeError(
                f"row {position} must be a mapping of column names to values, got "
                f"{type(row).__name__} {row!r}"
            )
        yield position, row


def _read_csv(handle: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    reader = csv.DictReader(handle)
    line = 1  # the header
    for row in reader:
        line += 1
        yield line, row
        line = reader.line_num  # a quoted field may span lines


@dataclass(frozen=True, slots=True)
class RowReader:
    """Reads one row's fields by name: the rules, the columns, the tiers, the missing marks."""

    rules: TimestampRules
    columns: dict[str, str]
    tiers: Mapping[str, Tier]
    missing: frozenset[str]

    def text(self, row: Mapping[str, Any], name: str) -> str | None:
        """Field ``name`` as stripped text; None when null, absent or a "missing" mark."""
        value = row.get(self.columns[name])
        if value is None or _is_null(value):
            return None
        text = str(value).strip()
        return None if text in self.missing else text

    def instant(self, row: Mapping[str, Any], name: str) -> int:
        """Field ``name`` as µs on the UTC line (MISSING when absent), read by the rules."""
        value = row.get(self.columns[name])
        if value is None or _is_null(value):
            return MISSING
        if isinstance(value, datetime):
            if value.utcoffset() is None:
                if self.rules.assume_tz is None:
                    raise InvalidValueError(
                        f"{name}={value!r} is a naive datetime; expected a timezone-aware "
                        "datetime, or name its zone (assume_tz)"
                    )
                return self.rules.localize(value.replace(tzinfo=None), name, str(value))
            return instant_to_us(value, name)
        text = str(value).strip()
        if text in self.missing:
            return MISSING
        return self.rules.parse(text, name)

    def pauses(self, row: Mapping[str, Any], name: str = "pauses") -> tuple[tuple[int, int], ...]:
        """Field ``name`` as pauses ``(start, end)`` in µs, in time order and apart."""
        text = self.text(row, name)
        if text is None:
            return ()
        spans: list[tuple[int, int]] = []
        for item in text.split(";"):
            if not item.strip():
                continue
            separator = "--" if "--" in item else "/"
            start_text, sep, end_text = item.partition(separator)
            if not sep:
                raise InvalidValueError(
                    f"pauses item {item.strip()!r} is not an interval; expected START/END "
                    "(ISO 8601), items separated by ';'"
                )
            start = self.rules.parse(start_text, "pauses start")
            end = self.rules.parse(end_text, "pauses end")
            if end <= start:
                raise InvalidValueError(
                    f"pauses item {item.strip()!r} ends before it starts; expected END after START"
                )
            if spans and start < spans[-1][1]:
                raise InvalidValueError(
                    f"pauses item {item.strip()!r} overlaps or precedes the previous pause; "
                    "expected pauses in time order, not overlapping"
                )
            spans.append((start, end))
        return tuple(spans)


def _is_null(value: object) -> bool:
    """True for float NaN and pandas' NaT/NA, which are not equal to themselves."""
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def parse_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    mapping: ColumnMapping,
    tiers: Mapping[str, Tier],
    rules: TimestampRules,
    missing: Iterable[str] = ("",),
    as_of_us: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ParsedTickets:
    """Parse rows into columns; a row that fails goes to ``errors`` and the rest go on.

    Besides unreadable values, a row fails when an instant comes before its receipt
    (a response, resolution, extension notice or pause), a pause runs past the
    resolution, or (with ``as_of``) an instant comes after ``as_of``.
    """
    reader = RowReader(rules, mapping.columns(), dict(tiers), frozenset(missing))
    tier_index: dict[Tier, int] = {}
    tier_list: list[Tier] = []
    out = ParsedTickets([], [], [], [], [], [], [], [], [], (), (), 0)
    errors: list[RejectedRow] = []
    rows_in = 0
    checked_columns = False
    for line, row in rows:
        rows_in += 1
        if progress is not None and rows_in % 10_000 == 0:
            progress(rows_in)
        if not checked_columns:
            mapping.require_columns(row)
            checked_columns = True
        ticket_id = reader.text(row, "ticket_id") or ""
        try:
            parsed = parse_row(reader, row, ticket_id, as_of_us)
        except RowError as exc:
            errors.append(RejectedRow(line, exc.column, exc.message, ticket_id))
            continue
        tier_name, received, response, resolved, notice, pauses = parsed
        tier = reader.tiers[tier_name]  # several values may name one tier
        index = tier_index.get(tier)
        if index is None:
            index = tier_index[tier] = len(tier_list)
            tier_list.append(tier)
        out.line.append(line)
        out.ticket_id.append(ticket_id)
        out.client_id.append(reader.text(row, "client_id") or "")
        out.tier.append(index)
        out.received.append(received)
        out.response.append(response)
        out.resolved.append(resolved)
        out.notice.append(notice)
        out.pauses.append(pauses)
    return ParsedTickets(
        out.line,
        out.ticket_id,
        out.client_id,
        out.tier,
        out.received,
        out.response,
        out.resolved,
        out.notice,
        out.pauses,
        tuple(tier_list),
        tuple(errors),
        rows_in,
    )


class RowError(Exception):
    """A row that cannot be evaluated, and the column at fault; it becomes a :class:`RejectedRow`.

    Raised and caught inside the audit only: :func:`~sla_calendar.audit.run.audit` never
    lets it out.
    """

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class ParsedRow(NamedTuple):
    """One ticket row's values: its tier's name, its instants (µs, or MISSING), its pauses."""

    tier_name: str
    received: int
    response: int
    resolved: int
    notice: int
    pauses: tuple[tuple[int, int], ...]


def parse_row(
    reader: RowReader, row: Mapping[str, Any], ticket_id: str, as_of_us: int | None
) -> ParsedRow:
    """One ticket row's values, checked; :class:`RowError` names the first problem found.

    The checks run in a fixed order (identity, readable values, order in time, then
    ``as_of``), so a row with several problems always reports the same one.
    """
    tier_name = _tier_name(reader, row, ticket_id)
    values = {name: _read(reader, row, name, reader.instant) for name in INSTANT_FIELDS}
    pauses = _read(reader, row, "pauses", reader.pauses)
    _check_in_order(reader.columns, row, values, pauses)
    if as_of_us is not None:
        _check_past(reader.columns, values, pauses, as_of_us)
    return ParsedRow(
        tier_name,
        values["received_at"],
        values["first_response_at"],
        values["resolved_at"],
        values["extension_notified_at"],
        pauses,
    )


def _tier_name(reader: RowReader, row: Mapping[str, Any], ticket_id: str) -> str:
    columns = reader.columns
    if not ticket_id:
        raise RowError(columns["ticket_id"], "ticket_id is missing; expected a ticket id")
    tier_name = reader.text(row, "tier")
    if tier_name is None or tier_name not in reader.tiers:
        raise RowError(
            columns["tier"],
            f"tier={tier_name!r} is unknown; expected one of {', '.join(sorted(reader.tiers))}",
        )
    return tier_name


def _read(
    reader: RowReader,
    row: Mapping[str, Any],
    name: str,
    read: Callable[[Mapping[str, Any], str], T],
) -> T:
    """``read(row, name)``, its error turned into a :class:`RowError` for ``name``'s column."""
    try:
        return read(row, name)
    except InvalidValueError as exc:
        raise RowError(reader.columns[name], str(exc)) from None


def _check_in_order(
    columns: Mapping[str, str],
    row: Mapping[str, Any],
    values: Mapping[str, int],
    pauses: tuple[tuple[int, int], ...],
) -> None:
    """Receipt present, every instant plausible, nothing before receipt, pauses within it."""
    received = values["received_at"]
    if received == MISSING:
        raise RowError(columns["received_at"], "received_at is missing; expected a timestamp")
    for name, value in (*values.items(), *(("pauses", end) for pause in pauses for end in pause)):
        check_plausible(value, name, columns[name], row)
    for name in INSTANT_FIELDS[1:]:
        if MISSING != values[name] < received:
            raise RowError(
                columns[name],
                f"{name} is before received_at ({_text(row, columns[name])} < "
                f"{_text(row, columns['received_at'])}); expected it at or after receipt",
            )
    if pauses and pauses[0][0] < received:
        raise RowError(
            columns["pauses"], "a pause starts before received_at; expected it after receipt"
        )
    if pauses and MISSING != values["resolved_at"] < pauses[-1][1]:
        raise RowError(
            columns["pauses"],
            "a pause ends after resolved_at; expected pauses to end by the resolution",
        )


def _check_past(
    columns: Mapping[str, str],
    values: Mapping[str, int],
    pauses: tuple[tuple[int, int], ...],
    as_of_us: int,
) -> None:
    """Nothing recorded after ``as_of``."""
    latest = {name: value for name, value in values.items() if value != MISSING}
    if pauses:
        latest["pauses"] = pauses[-1][1]
    for name, value in latest.items():
        if value > as_of_us:
            raise RowError(columns[name], f"{name} is after as_of; expected only past events")


def _text(row: Mapping[str, Any], column: str) -> str:
    return str(row.get(column))
