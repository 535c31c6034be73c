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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from numbers import Integral
from typing import Any, Final, Literal, NamedTuple, TypeVar, overload

from sla_calendar._checks import wrong_type
from sla_calendar._files import failure_reason
from sla_calendar._format import short_repr
from sla_calendar._instants import instant_to_us
from sla_calendar.audit.columns import ColumnMapping
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.errors import ArgumentTypeError, InvalidValueError
from sla_calendar.policy.tiers import Tier

__all__ = [
    "FIELD_LIMIT",
    "INSTANT_FIELDS",
    "MISSING",
    "PLAUSIBLE_YEARS",
    "IntColumn",
    "ParsedRow",
    "ParsedTickets",
    "PauseColumn",
    "RejectedRow",
    "RowError",
    "RowReader",
    "UnreadableRow",
    "check_header",
    "check_plausible",
    "frame_lines",
    "is_frame",
    "parse_row",
    "parse_rows",
    "read_source",
    "refuse_event_log",
    "repeated_id",
    "take",
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

FIELD_LIMIT: Final = 131_072
"""The most characters a CSV field may hold (the ``csv`` module's default limit); a row
with a longer field is rejected, in every reader alike."""


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
        column = f", column {self.column}" if self.column else ""  # "": the whole row
        return f"{where}line {self.line}{ticket}{column}: {self.message}"


class IntColumn(Sequence[int]):
    """A column of integers held in a read-only numpy ``int64`` array, read as a sequence
    of ``int`` (what the fast readers and the numpy engine fill).

    Equal to any sequence of the same integers, so a column equals the list the row
    parser or the per-ticket replay fills; ``numpy.asarray`` gives the array itself.
    """

    __slots__ = ("array",)

    def __init__(self, array: Any) -> None:
        array.flags.writeable = False
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> IntColumn: ...
    def __getitem__(self, index: int | slice) -> int | IntColumn:
        if isinstance(index, slice):
            return IntColumn(self.array[index])
        return int(self.array[index])

    def __iter__(self) -> Iterator[int]:
        return iter(self.array.tolist())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        values = other.array.tolist() if isinstance(other, IntColumn) else list(other)
        mine: list[int] = self.array.tolist()
        return mine == values

    __hash__ = None  # type: ignore[assignment]

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        array = self.array if dtype is None else self.array.astype(dtype, copy=False)
        return array.copy() if copy else array

    def __repr__(self) -> str:
        return f"IntColumn({self.array.tolist()!r})"


class PauseColumn(Sequence[tuple[tuple[int, int], ...]]):
    """Each ticket's pauses held flat in numpy arrays: ticket ``i``'s are
    ``starts[first[i]:first[i + 1]]`` and the ``ends`` beside them, in time order.

    Read as a sequence of ``((start, end), ...)`` tuples, like the row parser's list.
    """

    __slots__ = ("ends", "first", "starts")

    def __init__(self, first: Any, starts: Any, ends: Any) -> None:
        for array in (first, starts, ends):
            array.flags.writeable = False
        self.first, self.starts, self.ends = first, starts, ends

    def __len__(self) -> int:
        return len(self.first) - 1

    @overload
    def __getitem__(self, index: int) -> tuple[tuple[int, int], ...]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[tuple[int, int], ...]]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[tuple[int, int], ...] | list[tuple[tuple[int, int], ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        size = len(self)
        if not -size <= index < size:
            raise IndexError(f"pause index {index} is out of range; expected 0..{size - 1}")
        index %= size
        begin, end = int(self.first[index]), int(self.first[index + 1])
        return tuple(
            zip(self.starts[begin:end].tolist(), self.ends[begin:end].tolist(), strict=True)
        )

    def __iter__(self) -> Iterator[tuple[tuple[int, int], ...]]:
        pairs = list(zip(self.starts.tolist(), self.ends.tolist(), strict=True))
        begin = 0
        for count in (self.first[1:] - self.first[:-1]).tolist():
            if count:
                yield tuple(pairs[begin : begin + count])
                begin += count
            else:
                yield ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


def take(values: Sequence[Any], positions: Sequence[int]) -> Sequence[Any]:
    """The items of ``values`` at ``positions``, as an :class:`IntColumn` when it is one."""
    if isinstance(values, IntColumn):
        import numpy as np

        return IntColumn(values.array[np.asarray(positions, dtype=np.int64)])
    return [values[p] for p in positions]


class UnreadableRow(dict[str, Any]):
    """A row that cannot be evaluated as read (cut short, a field too long, bytes that
    are not UTF-8): the fields it has, and the column and reason it is rejected for.

    :func:`parse_row` refuses it first, with that reason.
    """

    __slots__ = ("column", "message")

    def __init__(self, fields: Mapping[str, Any], column: str, message: str) -> None:
        super().__init__(fields)
        self.column = column
        self.message = message


@dataclass(frozen=True, slots=True)
class ParsedTickets:
    """Tickets parsed into parallel columns; instants are µs on the UTC line or MISSING.

    ``tiers`` lists the tiers in use; ``tier`` holds an index into it per ticket.
    ``pauses`` holds, per ticket, its pauses as ``(start, end)`` pairs in time order.
    The row parser fills lists; the fast readers fill :class:`IntColumn` and
    :class:`PauseColumn` (equal to the lists they stand for).
    """

    line: Sequence[int]
    ticket_id: list[str]
    client_id: list[str]
    tier: Sequence[int]
    received: Sequence[int]
    response: Sequence[int]
    resolved: Sequence[int]
    notice: Sequence[int]
    pauses: Sequence[tuple[tuple[int, int], ...]]
    tiers: tuple[Tier, ...]
    errors: tuple[RejectedRow, ...]
    rows_in: int
    client_codes: Any = field(default=None, compare=False, repr=False)
    """The fast readers' ``client_id`` as ``(codes, names)``: a numpy ``int64`` code per
    ticket into the distinct ids ``names``, -1 where there is none; None: not known."""
    ticket_id_arrow: Any = field(default=None, compare=False, repr=False)
    """The fast readers' ``ticket_id`` as the pyarrow string array it was read from, when
    that holds exactly ``ticket_id``; None: not known."""

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


def check_header(names: Sequence[str]) -> None:
    """Refuse a header that names a column more than once, naming each such column.

    Unnamed (empty) columns may repeat: no field is read from them.
    """
    seen: dict[str, int] = {}
    repeated: dict[str, list[int]] = {}
    for place, name in enumerate(names, start=1):
        if name in seen and name:
            repeated.setdefault(name, [seen[name]]).append(place)
        seen.setdefault(name, place)
    if repeated:
        listed = "; ".join(
            f"{short_repr(name)} (columns {', '.join(map(str, places))})"
            for name, places in list(repeated.items())[:5]
        )
        raise InvalidValueError(
            f"the input names a column more than once: {listed}; expected each column "
            "name once (which one holds the value cannot be told)"
        )


def read_source(source: object, name: str = "source") -> Iterator[tuple[int, Mapping[str, Any]]]:
    """``(line, row)`` pairs of a CSV path, an open text file, a DataFrame or mappings.

    An audit reads a DataFrame of tickets by column (:mod:`sla_calendar.audit.frames`);
    a DataFrame given here is read row by row, each row's line from :func:`frame_lines`.
    A CSV file may open with a UTF-8 byte-order mark; a row that cannot be read whole
    (cut short or too long, a field over :data:`FIELD_LIMIT` characters, bytes that are
    not UTF-8) comes as an :class:`UnreadableRow` and the rows after it are read on.
    ``name`` names the argument in errors.
    """
    if is_frame(source):
        frame: Any = source
        check_header([str(c) for c in frame.columns])
        yield from zip(frame_lines(frame), frame.to_dict("records"), strict=True)
        return
    if isinstance(source, str | os.PathLike):
        try:
            handle = open(  # noqa: SIM115 (closed below; open errors are ours to word)
                source, newline="", encoding="utf-8-sig", errors="surrogateescape"
            )
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            path = os.fsdecode(source)
            raise InvalidValueError(
                f"{name}={short_repr(path, 200)} cannot be read "
                f"({failure_reason(exc)}); "
                "expected a readable CSV file"
            ) from None
        with handle:
            yield from _read_csv(handle)
        return
    if isinstance(source, io.TextIOBase) or hasattr(source, "readline"):
        yield from _read_csv(source)
        return
    if isinstance(source, Mapping | str | bytes) or not isinstance(source, Iterable):
        raise wrong_type(
            name,
            "a CSV path, an open text file, a pandas DataFrame or an iterable of mappings",
            source,
        )
    for position, row in enumerate(source, start=1):
        if not isinstance(row, Mapping):
            raise ArgumentTypeError(
                f"row {position} must be a mapping of column names to values, got "
                f"{type(row).__name__} {short_repr(repr(row))}"
            )
        yield position, row


class _Lines:
    """The lines of an open text file, counted; ``record`` keeps those of the record
    being read."""

    def __init__(self, handle: Any) -> None:
        self._lines = iter(handle)
        self.count = 0
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line: str = next(self._lines)
        self.count += 1
        self.record.append(line)
        return line


def _read_csv(handle: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    lines = _Lines(handle)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InvalidValueError(f"the header cannot be read as CSV ({exc})") from None
    if header and header[0].startswith("\ufeff"):  # a byte-order mark read as text
        header[0] = header[0][1:]
    _check_text(header)
    check_header(header)
    while True:
        lines.record = []
        line = lines.count + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, _unreadable(lines, header, exc)
            continue
        if fields:  # a blank line holds no row
            yield line, _checked_row(header, fields)


def _check_text(header: list[str]) -> None:
    """Refuse a header that is not UTF-8 text: no row of such a file can be read."""
    for name in header:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError as exc:
            byte = ord(name[exc.start]) - 0xDC00
            raise InvalidValueError(
                f"the header holds a byte that is not UTF-8 (0x{byte:02x}); expected a CSV "
                "file of UTF-8 text"
            ) from None


def _checked_row(header: list[str], fields: list[str]) -> Mapping[str, Any]:
    """The row as a mapping, or an :class:`UnreadableRow` saying why it cannot be read."""
    row = dict(zip(header, fields, strict=False))
    if len(fields) != len(header):
        return UnreadableRow(
            _printable(row),
            "",
            f"the row has {len(fields)} fields; expected {len(header)}, as the header has "
            "(a row cut short, or a comma too many?)",
        )
    for column, value in row.items():
        if len(value) > FIELD_LIMIT:
            return UnreadableRow(_printable(row), column, _too_long(column, len(value)))
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                byte = ord(value[exc.start]) - 0xDC00
                return UnreadableRow(
                    _printable(row),
                    column,
                    f"{column} holds a byte that is not UTF-8 (0x{byte:02x}); expected UTF-8 text",
                )
    return row


def _too_long(column: str, length: int) -> str:
    return f"{column} holds {length:,} characters; expected at most {FIELD_LIMIT:,}"


def _printable(row: Mapping[str, str]) -> dict[str, str]:
    """The row's fields with bytes that are not UTF-8 shown as U+FFFD, and cut to
    :data:`FIELD_LIMIT` characters, so that nothing unprintable leaves the reader."""
    return {
        name: value[:FIELD_LIMIT].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        for name, value in row.items()
    }


def _unreadable(lines: _Lines, header: list[str], error: csv.Error) -> UnreadableRow:
    """The record the ``csv`` module refused, read to its end so the next one starts
    right, and why: a field over its length limit, or ``error``."""
    text = "".join(lines.record)
    while text.count('"') % 2:  # inside a quoted field: the record goes on
        try:
            text += next(lines)
        except StopIteration:
            break
    fields = _split_record(text)
    row = dict(zip(header, fields, strict=False))
    for column, value in row.items():
        if len(value) > FIELD_LIMIT:
            return UnreadableRow(_printable(row), column, _too_long(column, len(value)))
    return UnreadableRow(
        _printable(row), "", f"the row cannot be read as CSV ({error}); expected a CSV row"
    )


def _split_record(text: str) -> list[str]:
    """The fields of one CSV record in the ``csv`` module's default dialect."""
    fields: list[str] = []
    field: list[str] = []
    quoted = False
    text = text.rstrip("\r\n")
    i = 0
    while i < len(text):
        char = text[i]
        if quoted and char == '"':
            if text[i + 1 : i + 2] == '"':
                field.append(char)
                i += 1
            else:
                quoted = False
        elif quoted or (char != "," and (char != '"' or field)):
            field.append(char)
        elif char == '"':
            quoted = True
        else:
            fields.append("".join(field))
            field = []
        i += 1
    fields.append("".join(field))
    return fields


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
                    f"pauses item {short_repr(item.strip())} is not an interval; expected "
                    "START/END (ISO 8601), items separated by ';'"
                )
            start = self.rules.parse(start_text, "pauses start")
            end = self.rules.parse(end_text, "pauses end")
            if end <= start:
                raise InvalidValueError(
                    f"pauses item {short_repr(item.strip(), 80)} ends before it starts; "
                    "expected END after START"
                )
            if spans and start < spans[-1][1]:
                raise InvalidValueError(
                    f"pauses item {short_repr(item.strip(), 80)} overlaps or precedes the "
                    "previous pause; expected pauses in time order, not overlapping"
                )
            spans.append((start, end))
        return tuple(spans)


def _is_null(value: object) -> bool:
    """True for float NaN and pandas' NaT/NA, which are not equal to themselves."""
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def repeated_id(ticket_id: str, first_line: int) -> str:
    """The message for a row whose ticket id an earlier row (on ``first_line``) has."""
    return (
        f"ticket_id {short_repr(ticket_id)} is on line {first_line} already; expected each "
        "ticket once (allow_repeated_ids=True audits every row)"
    )


def refuse_event_log(repeats: int, rows_in: int, column: str) -> None:
    """Refuse an input where most rows repeat an earlier row's ticket id: an event log."""
    if repeats * 2 > rows_in:
        raise InvalidValueError(
            f"{repeats:,} of {rows_in:,} rows repeat the {column} of an earlier row: the "
            "input looks like an event log (several rows per ticket), not one row per "
            "ticket; expected one row per ticket: fold the events first "
            "(incidents_from_event_log does it for a ServiceNow log), or pass "
            "allow_repeated_ids=True to audit every row as a ticket"
        )


def parse_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    mapping: ColumnMapping,
    tiers: Mapping[str, Tier],
    rules: TimestampRules,
    missing: Iterable[str] = ("",),
    as_of_us: int | None = None,
    progress: Callable[[int], None] | None = None,
    allow_repeated_ids: bool = False,
) -> ParsedTickets:
    """Parse rows into columns; a row that fails goes to ``errors`` and the rest go on.

    Besides unreadable values, a row fails when an instant comes before its receipt
    (a response, resolution, extension notice or pause), a pause runs past the
    resolution, or (with ``as_of``) an instant comes after ``as_of``; and, unless
    ``allow_repeated_ids``, when an earlier row has its ticket id (an input where most
    rows do is refused whole, as an event log).
    """
    reader = RowReader(rules, mapping.columns(), dict(tiers), frozenset(missing))
    tier_index: dict[Tier, int] = {}
    tier_list: list[Tier] = []
    out: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    errors: list[RejectedRow] = []
    first_lines: dict[str, int] | None = None if allow_repeated_ids else {}
    repeats = 0
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
            if first_lines is not None and ticket_id and not isinstance(row, UnreadableRow):
                first = first_lines.setdefault(ticket_id, line)
                if first != line:
                    repeats += 1
                    raise RowError(reader.columns["ticket_id"], repeated_id(ticket_id, first))
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
        client_id = reader.text(row, "client_id") or ""
        values = (line, ticket_id, client_id, index, received, response, resolved, notice)
        for name, value in zip(_COLUMNS, (*values, pauses), strict=True):
            out[name].append(value)
    refuse_event_log(repeats, rows_in, mapping.ticket_id)
    return ParsedTickets(**out, tiers=tuple(tier_list), errors=tuple(errors), rows_in=rows_in)


_COLUMNS: Final = (
    "line",
    "ticket_id",
    "client_id",
    "tier",
    "received",
    "response",
    "resolved",
    "notice",
    "pauses",
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

    The checks run in a fixed order (the row as read, identity, readable values, order
    in time, then ``as_of``), so a row with several problems always reports the same one.
    """
    if isinstance(row, UnreadableRow):
        raise RowError(row.column, row.message)
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
            f"tier={short_repr(tier_name) if tier_name is not None else None} is unknown; "
            f"expected one of {', '.join(sorted(reader.tiers))}",
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
    text = str(row.get(column))
    return text if len(text) <= 40 else f"{text[:40]}…"
