"""Reading a pandas DataFrame, or a plain CSV file through pandas, a column at a time.

Typed timestamp columns (``datetime64`` with a zone, or without one when ``assume_tz``
names it) become integer microseconds in one vectorised step, and the checks of
:func:`~sla_calendar.audit.rows.parse_rows` run on whole columns. A row that any check
flags, or that has pauses or text timestamps, is read by the row-by-row parser instead,
so every row gets exactly the verdict and error message a CSV file would give. pandas
and numpy are optional: they are imported inside the functions, which callers use only
when pandas is installed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sla_calendar._instants import UNIX_EPOCH_US
from sla_calendar.audit.columns import ColumnMapping
from sla_calendar.audit.rows import (
    INSTANT_FIELDS,
    MISSING,
    PLAUSIBLE_END_US,
    PLAUSIBLE_FIRST_US,
    ParsedRow,
    ParsedTickets,
    RejectedRow,
    RowError,
    RowReader,
    frame_lines,
    parse_row,
)
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.policy.tiers import Tier

__all__ = ["parse_frame", "read_csv_fast"]

# ISO 8601 with an offset, in the one layout that pandas and datetime.fromisoformat read
# alike; any other text goes to the row parser.
_ISO_WITH_OFFSET: Final = (
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})"
)


def _instants(np: Any, pd: Any, series: Any, rules: TimestampRules) -> tuple[Any, Any] | None:
    """µs on the UTC line and a mask of cells to read one by one; None if not typed."""
    dtype = series.dtype
    if not isinstance(dtype, pd.DatetimeTZDtype):
        if not (pd.api.types.is_datetime64_dtype(dtype) and rules.assume_tz is not None):
            return None
        series = series.dt.tz_localize(rules.assume_tz, ambiguous="NaT", nonexistent="NaT")
    utc = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[ns]")
    missing = np.isnat(utc)
    us = np.floor_divide(utc.view(np.int64), 1000) + UNIX_EPOCH_US
    us = np.where(missing, MISSING, us)
    # Cells that became NaT here but were not NaT before (a wall time that happened
    # twice or never) are read one by one, for the row parser's message.
    return us, missing


def parse_frame(
    frame: Any,
    *,
    mapping: ColumnMapping,
    tiers: Mapping[str, Tier],
    rules: TimestampRules,
    missing: Iterable[str] = ("",),
    as_of_us: int | None = None,
    progress: Callable[[int], None] | None = None,
    raw: Any = None,
    lines: list[int] | None = None,
    force_slow: Any = None,
) -> ParsedTickets:
    """Parse a DataFrame into columns: typed columns vectorised, other rows one by one.

    ``raw`` (the same rows as read, before typing), ``lines`` and ``force_slow`` (rows
    to read one by one) serve :func:`read_csv_fast`.
    """
    import numpy as np

    reader = RowReader(rules, mapping.columns(), dict(tiers), frozenset(missing))
    n = len(frame)
    lines = frame_lines(frame) if lines is None else lines
    if n:
        mapping.require_columns([str(c) for c in frame.columns])
    ids = _texts(frame, reader, "ticket_id")
    tier_of_row, numbers = _number_tiers(reader.tiers, _texts(frame, reader, "tier"))
    instants, slow = _typed_columns(frame, reader, ids, tier_of_row, as_of_us)
    if force_slow is not None:
        slow |= force_slow
    keep = ~slow
    positions = np.nonzero(keep)[0].tolist()
    kept = _Kept(
        positions,
        {name: instants[name][keep].tolist() for name in INSTANT_FIELDS},
        [()] * len(positions),
        [tier_of_row[i] for i in positions],
    )
    slow_positions = np.nonzero(slow)[0].tolist()
    parsed, errors = _parse_one_by_one(
        frame if raw is None else raw, slow_positions, reader, ids, lines, as_of_us, progress
    )
    for position, row in parsed:
        kept.add(position, row, numbers.setdefault(reader.tiers[row.tier_name], len(numbers)))
    if slow_positions:
        kept = kept.in_input_order()
    return kept.tickets(lines, ids, _texts(frame, reader, "client_id"), numbers, errors, n)


def _typed_columns(
    frame: Any, reader: RowReader, ids: list[str], tier_of_row: list[int], as_of_us: int | None
) -> tuple[dict[str, Any], Any]:
    """The instant fields as µs columns, and a mask of the rows to read one by one: rows
    with no id, an unknown tier, pauses, text or unconvertible timestamps, or that fail a
    check of :func:`parse_row`."""
    import numpy as np

    slow = np.array([not value for value in ids], dtype=bool)
    slow |= np.array(tier_of_row) < 0
    slow |= np.array([bool(value) for value in _texts(frame, reader, "pauses")], dtype=bool)
    instants: dict[str, Any] = {}
    for name in INSTANT_FIELDS:
        instants[name], unread = _typed_instants(frame, reader, name)
        slow |= unread
    return instants, slow | _fails_a_check(np, instants, as_of_us)


def _texts(frame: Any, reader: RowReader, name: str) -> list[str]:
    """Stripped text of field ``name``'s column; empty for null, absent and "missing" values."""
    column = reader.columns[name]
    if column not in frame.columns:
        return [""] * len(frame)
    series = frame[column]
    nulls = series.isna().to_numpy().tolist()
    blanks = reader.missing
    out = []
    for value, null in zip(series.tolist(), nulls, strict=True):
        text = "" if null else str(value).strip()
        out.append("" if text in blanks else text)
    return out


def _number_tiers(tiers: Mapping[str, Tier], names: list[str]) -> tuple[list[int], dict[Tier, int]]:
    """Each row's tier number (-1 for an unknown name) and the numbers of the tiers, given
    by first appearance; several names may name one tier."""
    numbers: dict[Tier, int] = {}
    by_name: dict[str, int] = {}
    for name in dict.fromkeys(names):
        tier = tiers.get(name)
        by_name[name] = -1 if tier is None else numbers.setdefault(tier, len(numbers))
    return [by_name[name] for name in names], numbers


def _typed_instants(frame: Any, reader: RowReader, name: str) -> tuple[Any, Any]:
    """Field ``name`` as µs (MISSING where absent) and a mask of the cells that the row
    parser must read: all non-empty cells of a column of text, or typed cells that could
    not be converted."""
    import numpy as np
    import pandas as pd

    n = len(frame)
    column = reader.columns[name]
    if column not in frame.columns:
        return np.full(n, MISSING, dtype=np.int64), np.zeros(n, dtype=bool)
    series = frame[column]
    converted = _instants(np, pd, series, reader.rules)
    if converted is None:  # text or objects: every non-empty cell goes one by one
        unread = np.array([bool(value) for value in _texts(frame, reader, name)], dtype=bool)
        return np.full(n, MISSING, dtype=np.int64), unread
    us, is_missing = converted
    return us, is_missing & ~series.isna().to_numpy()


def _fails_a_check(np: Any, instants: Mapping[str, Any], as_of_us: int | None) -> Any:
    """Rows that :func:`parse_row` would refuse (no receipt, a year out of range, an
    instant before receipt or after ``as_of``): read one by one for its message."""
    received = instants["received_at"]
    fails = received == MISSING
    for name in INSTANT_FIELDS:
        value = instants[name]
        fails |= (value != MISSING) & ((value < PLAUSIBLE_FIRST_US) | (value >= PLAUSIBLE_END_US))
    for name in INSTANT_FIELDS[1:]:
        other = instants[name]
        fails |= (other != MISSING) & (other < received)
    if as_of_us is not None:
        for name in INSTANT_FIELDS:
            fails |= instants[name] > as_of_us
    return fails


def _parse_one_by_one(
    frame: Any,
    positions: list[int],
    reader: RowReader,
    ids: list[str],
    lines: list[int],
    as_of_us: int | None,
    progress: Callable[[int], None] | None,
) -> tuple[list[tuple[int, ParsedRow]], list[RejectedRow]]:
    """The rows at ``positions`` read by :func:`parse_row`: those it accepts, with their
    positions, and the others as errors."""
    parsed: list[tuple[int, ParsedRow]] = []
    errors: list[RejectedRow] = []
    records = frame.iloc[positions].to_dict("records")
    for done, (position, record) in enumerate(zip(positions, records, strict=True)):
        if progress is not None and done and done % 10_000 == 0:
            progress(done)
        row = {str(key): value for key, value in record.items()}
        try:
            parsed.append((position, parse_row(reader, row, ids[position], as_of_us)))
        except RowError as exc:
            errors.append(RejectedRow(lines[position], exc.column, exc.message, ids[position]))
    return parsed, errors


@dataclass(slots=True)
class _Kept:
    """The rows kept so far, as columns, with each row's position in the input."""

    positions: list[int]
    instants: dict[str, list[int]]
    pauses: list[tuple[tuple[int, int], ...]]
    tiers: list[int]

    def add(self, position: int, row: ParsedRow, tier: int) -> None:
        """Add a row read by :func:`parse_row`."""
        self.positions.append(position)
        for name, value in zip(INSTANT_FIELDS, row[1:5], strict=True):
            self.instants[name].append(value)
        self.pauses.append(row.pauses)
        self.tiers.append(tier)

    def tickets(
        self,
        lines: list[int],
        ids: list[str],
        clients: list[str],
        numbers: Mapping[Tier, int],
        errors: list[RejectedRow],
        rows_in: int,
    ) -> ParsedTickets:
        """The rows kept as :class:`ParsedTickets`; ``lines``, ``ids`` and ``clients`` are
        by position, ``numbers`` gives each tier's number in :attr:`tiers`."""
        # Number the tiers by first use among the rows kept, as the row parser does.
        tier_list = sorted(numbers, key=numbers.__getitem__)
        renumber = {old: new for new, old in enumerate(dict.fromkeys(self.tiers))}
        return ParsedTickets(
            line=[lines[i] for i in self.positions],
            ticket_id=[ids[i] for i in self.positions],
            client_id=[clients[i] for i in self.positions],
            tier=[renumber[index] for index in self.tiers],
            received=self.instants["received_at"],
            response=self.instants["first_response_at"],
            resolved=self.instants["resolved_at"],
            notice=self.instants["extension_notified_at"],
            pauses=self.pauses,
            tiers=tuple(tier_list[old] for old in renumber),
            errors=tuple(errors),
            rows_in=rows_in,
        )

    def in_input_order(self) -> _Kept:
        """The same rows, ordered by position."""
        order = sorted(range(len(self.positions)), key=self.positions.__getitem__)
        return _Kept(
            [self.positions[i] for i in order],
            {name: [values[i] for i in order] for name, values in self.instants.items()},
            [self.pauses[i] for i in order],
            [self.tiers[i] for i in order],
        )


def read_csv_fast(
    path: str | os.PathLike[str],
    *,
    mapping: ColumnMapping,
    tiers: Mapping[str, Tier],
    rules: TimestampRules,
    missing: Iterable[str] = ("",),
    as_of_us: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ParsedTickets | None:
    """Parse a CSV file with pandas, ISO 8601 columns vectorised; None when it cannot.

    Only plain files are taken: UTF-8, no quotes (a quoted field may span lines), no
    carriage returns, blank lines, empty or repeated column names, so that every row's
    line number is its position plus one, exactly what the ``csv`` module reports.
    Anything else returns None and the caller reads the file row by row.
    """
    import numpy as np
    import pandas as pd

    if rules.timestamp_format is not None:
        return None
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if any(mark in text for mark in ('"', "\r", "\n\n", "\x00")) or not text.strip():
        return None
    header = text.split("\n", 1)[0].split(",")
    if len(set(header)) != len(header) or "" in header:
        return None
    count = text.count("\n") - (1 if text.endswith("\n") else 0)
    try:
        raw = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, engine="c"
        )
    except (ValueError, pd.errors.ParserError):
        return None
    if len(raw) != count or list(raw.columns) != header:
        return None
    blanks = frozenset(missing)
    typed = raw.copy()
    force_slow = np.zeros(len(raw), dtype=bool)
    columns = mapping.columns()
    for name in INSTANT_FIELDS:
        column = columns[name]
        if column not in raw.columns:
            continue
        cells = raw[column]
        iso = cells.str.fullmatch(_ISO_WITH_OFFSET).to_numpy(dtype=bool)
        empty = cells.str.strip().isin(blanks).to_numpy(dtype=bool)
        values = pd.to_datetime(cells.where(iso), format="ISO8601", utc=True, errors="coerce")
        typed[column] = values
        force_slow |= ~empty & (~iso | values.isna().to_numpy(dtype=bool))
    return parse_frame(
        typed,
        mapping=mapping,
        tiers=tiers,
        rules=rules,
        missing=missing,
        as_of_us=as_of_us,
        progress=progress,
        raw=raw,
        lines=list(range(2, len(raw) + 2)),
        force_slow=force_slow,
    )
