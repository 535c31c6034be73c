"""Reading a pandas DataFrame, or a plain CSV file through pandas, a column at a time.

Typed timestamp columns (``datetime64`` with a zone, or without one when ``assume_tz``
names it) become integer microseconds in one vectorised step, and the checks of
:func:`~sla_calendar.audit_input.parse_rows` run on whole columns. A row that any check
flags, or that has pauses or text timestamps, is read by the row-by-row parser instead,
so every row gets exactly the verdict and error message a CSV file would give. pandas
and numpy are optional: they are imported inside the functions, which callers use only
when pandas is installed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from sla_calendar._instants import UNIX_EPOCH_US
from sla_calendar.audit.columns import ColumnMapping
from sla_calendar.audit.rows import (
    MISSING,
    PLAUSIBLE_END_US,
    PLAUSIBLE_FIRST_US,
    AuditError,
    ParsedTickets,
    RowError,
    RowReader,
    frame_lines,
    parse_row,
)
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.policy.tiers import Tier

__all__ = ["parse_frame", "read_csv_fast"]

_TIMES: Final = ("received_at", "first_response_at", "resolved_at", "extension_notified_at")
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
    import pandas as pd

    columns = mapping.columns()
    reader = RowReader(rules, columns, dict(tiers), frozenset(missing))
    n = len(frame)
    lines = frame_lines(frame) if lines is None else lines
    if n:
        mapping.require_columns([str(c) for c in frame.columns])
    slow = np.zeros(n, dtype=bool) if force_slow is None else force_slow.copy()

    def texts(name: str) -> list[str]:
        """Stripped text of a column; empty for null, absent and "missing" values."""
        column = columns[name]
        if column not in frame.columns:
            return [""] * n
        series = frame[column]
        nulls = series.isna().to_numpy().tolist()
        blanks = reader.missing
        out = []
        for value, null in zip(series.tolist(), nulls, strict=True):
            text = "" if null else str(value).strip()
            out.append("" if text in blanks else text)
        return out

    ids = texts("ticket_id")
    clients = texts("client_id")
    # Tiers are numbered by first appearance; several names may name one tier.
    tier_index: dict[Tier, int] = {}
    by_name: dict[str, int] = {}
    for name in dict.fromkeys(texts("tier")):
        tier = reader.tiers.get(name)
        by_name[name] = -1 if tier is None else tier_index.setdefault(tier, len(tier_index))
    tier_list = sorted(tier_index, key=tier_index.__getitem__)
    index_of_tier = [by_name[name] for name in texts("tier")]
    slow |= np.array([not value for value in ids], dtype=bool)
    slow |= np.array(index_of_tier) < 0
    slow |= np.array([bool(value) for value in texts("pauses")], dtype=bool)

    instants: dict[str, Any] = {}
    for name in _TIMES:
        column = columns[name]
        if column not in frame.columns:
            instants[name] = np.full(n, MISSING, dtype=np.int64)
            continue
        series = frame[column]
        converted = _instants(np, pd, series, rules)
        if converted is None:  # text or objects: every non-empty cell goes one by one
            slow |= np.array([bool(value) for value in texts(name)], dtype=bool)
            instants[name] = np.full(n, MISSING, dtype=np.int64)
            continue
        us, is_missing = converted
        slow |= is_missing & ~series.isna().to_numpy()
        instants[name] = us
    received = instants["received_at"]
    slow |= received == MISSING
    for name in _TIMES:
        value = instants[name]
        slow |= (value != MISSING) & ((value < PLAUSIBLE_FIRST_US) | (value >= PLAUSIBLE_END_US))
    for name in _TIMES[1:]:
        other = instants[name]
        slow |= (other != MISSING) & (other < received)
    if as_of_us is not None:
        for name in _TIMES:
            slow |= instants[name] > as_of_us

    keep = ~slow
    positions = np.nonzero(keep)[0].tolist()
    kept: dict[str, list[Any]] = {name: instants[name][keep].tolist() for name in _TIMES}
    pauses: list[tuple[tuple[int, int], ...]] = [()] * len(positions)
    tiers_kept = [index_of_tier[i] for i in positions]
    errors: list[AuditError] = []
    slow_positions = np.nonzero(slow)[0].tolist()
    if slow_positions:
        records = (frame if raw is None else raw).iloc[slow_positions].to_dict("records")
        for done, (position, record) in enumerate(zip(slow_positions, records, strict=True)):
            if progress is not None and done and done % 10_000 == 0:
                progress(done)
            row = {str(key): value for key, value in record.items()}
            try:
                parsed = parse_row(reader, row, ids[position], as_of_us)
            except RowError as exc:
                errors.append(AuditError(lines[position], exc.column, exc.message, ids[position]))
                continue
            tier_name, *times, row_pauses = parsed
            tier = reader.tiers[tier_name]
            index = tier_index.setdefault(tier, len(tier_index))
            if index == len(tier_list):
                tier_list.append(tier)
            positions.append(position)
            for name, value in zip(_TIMES, times, strict=True):
                kept[name].append(value)
            pauses.append(row_pauses)
            tiers_kept.append(index)
        order = sorted(range(len(positions)), key=positions.__getitem__)
        positions = [positions[i] for i in order]
        kept = {name: [values[i] for i in order] for name, values in kept.items()}
        pauses = [pauses[i] for i in order]
        tiers_kept = [tiers_kept[i] for i in order]
    # Number the tiers by first use among the rows kept, as the row parser does.
    renumber = {old: new for new, old in enumerate(dict.fromkeys(tiers_kept))}
    tiers_kept = [renumber[index] for index in tiers_kept]
    tier_list = [tier_list[old] for old in renumber]
    return ParsedTickets(
        line=[lines[i] for i in positions],
        ticket_id=[ids[i] for i in positions],
        client_id=[clients[i] for i in positions],
        tier=tiers_kept,
        received=kept["received_at"],
        response=kept["first_response_at"],
        resolved=kept["resolved_at"],
        notice=kept["extension_notified_at"],
        pauses=pauses,
        tiers=tuple(tier_list),
        errors=tuple(errors),
        rows_in=n,
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
    for name in _TIMES:
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
