"""Reading a pandas DataFrame, or a plain CSV file through pyarrow, a column at a time.

Typed timestamp columns (``datetime64`` with a zone, or without one when ``assume_tz``
names it) become integer microseconds in one vectorised step; text timestamps in the
common ISO 8601 layouts are read the same way (:mod:`sla_calendar.audit.textcolumns`),
and so are pauses written ``START/END;START/END``. The checks of
:func:`~sla_calendar.audit.rows.parse_row` then run on whole columns. A row that any
check flags, or holds a value these readers leave alone, is read by the row parser
instead, so every row gets exactly the verdict and error message a row-by-row reading
would give. pandas, numpy and pyarrow are optional: they are imported inside the
functions, which callers use only when pandas is installed (pyarrow: when present).
"""

from __future__ import annotations

import contextlib
import mmap
import operator
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from sla_calendar._instants import UNIX_EPOCH_US
from sla_calendar.audit.columns import ColumnMapping
from sla_calendar.audit.rows import (
    FIELD_LIMIT,
    INSTANT_FIELDS,
    MISSING,
    PLAUSIBLE_END_US,
    PLAUSIBLE_FIRST_US,
    IntColumn,
    ParsedRow,
    ParsedTickets,
    PauseColumn,
    RejectedRow,
    RowError,
    RowReader,
    check_header,
    frame_lines,
    parse_row,
    refuse_event_log,
    repeated_id,
)
from sla_calendar.audit.textcolumns import (
    TextArray,
    column_instants,
    iso_instants,
    split_pauses,
    text_key,
)
from sla_calendar.audit.timestamps import TimestampRules
from sla_calendar.policy.tiers import Tier

__all__ = ["parse_frame", "read_csv_fast"]

_FIELDS: Final = ("received", "response", "resolved", "notice")  # INSTANT_FIELDS' columns


def parse_frame(
    frame: Any,
    *,
    mapping: ColumnMapping,
    tiers: Mapping[str, Tier],
    rules: TimestampRules,
    missing: Iterable[str] = ("",),
    as_of_us: int | None = None,
    progress: Callable[[int], None] | None = None,
    allow_repeated_ids: bool = False,
    lines: Any = None,
) -> ParsedTickets:
    """Parse a DataFrame into columns: whole columns at once, odd rows one by one.

    ``lines`` (each row's line, by position) serves :func:`read_csv_fast`; by default a
    row's line is its index label (:func:`~sla_calendar.audit.rows.frame_lines`).
    """
    import numpy as np

    names = [str(c) for c in frame.columns]
    check_header(names)
    if names != list(frame.columns):
        frame = frame.set_axis(names, axis=1)
    n = len(frame)
    if n:
        mapping.require_columns(names)
    reader = RowReader(rules, mapping.columns(), dict(tiers), frozenset(missing))
    line = np.asarray(frame_lines(frame) if lines is None else lines, dtype=np.int64)
    id_texts = _texts(frame, reader, "ticket_id")
    ids, slow = id_texts.values, id_texts.blank  # a row without an id: the row parser
    distinct = allow_repeated_ids or _distinct(np, id_texts.keys, slow)
    repeated = {} if distinct else _repeated(ids)
    refuse_event_log(len(repeated), n, mapping.ticket_id)
    tier_of_row, numbers = _tier_numbers(frame, reader)
    slow |= tier_of_row < 0
    values: dict[str, Any] = {}
    for field, name in zip(_FIELDS, INSTANT_FIELDS, strict=True):
        values[field], unread = _instant_column(frame, reader, name)
        slow |= unread
    pauses, unread = _pause_column(frame, reader)
    slow |= unread | _fails_a_check(np, values, pauses, as_of_us)
    slow[list(repeated)] = False
    column = reader.columns["ticket_id"]
    errors = [
        RejectedRow(int(line[p]), column, repeated_id(ids[p], int(line[first])), ids[p])
        for p, first in repeated.items()
    ]
    parsed = _parse_one_by_one(frame, np.flatnonzero(slow), reader, ids, line, as_of_us)
    errors += parsed.errors
    keep = np.ones(n, dtype=bool)
    keep[parsed.failed] = False
    keep[list(repeated)] = False
    for position, row in parsed.rows:
        for field, value in zip(_FIELDS, row[1:5], strict=True):
            values[field][position] = value
        tier_of_row[position] = numbers.setdefault(reader.tiers[row.tier_name], len(numbers))
    pauses = pauses.with_rows(np, parsed.rows)
    errors.sort(key=lambda e: e.line)
    clients = _few_texts(frame, reader, "client_id")
    return _tickets(np, keep, line, id_texts, clients, tier_of_row, numbers, values, pauses, errors)


def _tickets(
    np: Any,
    keep: Any,
    line: Any,
    ids: _Texts,
    clients: _Coded,
    tier_of_row: Any,
    numbers: dict[Tier, int],
    values: dict[str, Any],
    pauses: _Pauses,
    errors: list[RejectedRow],
) -> ParsedTickets:
    """The rows kept, as :class:`ParsedTickets`, tiers numbered by first use as the row
    parser numbers them."""
    everything = bool(keep.all())
    kept_tiers = tier_of_row if everything else tier_of_row[keep]
    by_number = sorted(numbers, key=numbers.__getitem__)
    present = np.unique(kept_tiers).tolist()
    order = sorted(present, key=lambda t: int(np.argmax(kept_tiers == t)))
    renumber = np.zeros(max(present, default=0) + 1, dtype=np.int64)
    renumber[order] = np.arange(len(order))

    def texts(values: list[str]) -> list[str]:
        return values if everything else np.array(values, dtype=object)[keep].tolist()

    def column(values: Any) -> IntColumn:
        return IntColumn(values if everything else values[keep])

    return ParsedTickets(
        line=column(line),
        ticket_id=texts(ids.values),
        client_id=texts(clients.values),
        tier=IntColumn(renumber[kept_tiers]),
        received=column(values["received"]),
        response=column(values["response"]),
        resolved=column(values["resolved"]),
        notice=column(values["notice"]),
        pauses=pauses.column(np, keep),
        tiers=tuple(by_number[t] for t in order),
        errors=tuple(errors),
        rows_in=len(keep),
        client_codes=(clients.codes if everything else clients.codes[keep], clients.names),
        ticket_id_arrow=_kept_arrow(keep, everything, ids.arrow),
    )


def _kept_arrow(keep: Any, everything: bool, array: Any) -> Any:
    """The rows kept of a pyarrow array (None stays None)."""
    if array is None or everything:
        return array
    import pyarrow as pa

    return array.filter(pa.array(keep))


# ------------------------------------------------------------------ text fields


def _arrow(series: Any) -> Any:
    """The column as a pyarrow string array when pyarrow holds it, else None."""
    dtype = str(series.dtype)
    if dtype not in ("str", "string", "string[pyarrow]", "large_string[pyarrow]"):
        return None
    try:
        import pyarrow as pa

        array = pa.array(series.array)
    except (ImportError, TypeError, ValueError):  # python-held strings
        return None
    return array if pa.types.is_string(array.type) or pa.types.is_large_string(array.type) else None


def _texts(frame: Any, reader: RowReader, name: str) -> _Texts:
    """Each cell of field ``name`` as :meth:`RowReader.text` reads it ('' for None), each
    one's :func:`~sla_calendar.audit.textcolumns.text_key` (None when not cheap), a mask
    of the cells read as '', and the column's pyarrow array when it holds just these."""
    import numpy as np

    column = reader.columns[name]
    n = len(frame)
    if column not in frame.columns:
        return _Texts([""] * n, None, np.ones(n, dtype=bool), None)
    series = frame[column]
    array = _arrow(series)
    if array is None:
        values = [reader.text({column: value}, name) or "" for value in series.tolist()]
        blank = np.fromiter(map(operator.not_, values), dtype=bool, count=n)
        return _Texts(values, None, blank, None)
    values = array.to_pylist()
    text = TextArray.from_arrow(array)
    odd = text.null | _needs_strip(text)
    for mark in reader.missing:
        odd |= text.equal(mark)
    keys = text.keys()
    blank = text.lengths == 0
    for position in odd.nonzero()[0].tolist():
        values[position] = reader.text({column: values[position]}, name) or ""
        blank[position] = not values[position]
        if keys is not None:
            keys[position] = text_key(values[position])
    return _Texts(values, keys, blank, None if odd.any() else array)


@dataclass(frozen=True, slots=True)
class _Texts:
    """A text column as read: the texts, their keys (or None), a mask of the blank ones,
    and the pyarrow array that holds exactly the texts (or None)."""

    values: list[str]
    keys: Any
    blank: Any
    arrow: Any


@dataclass(frozen=True, slots=True)
class _Coded:
    """A text column of few distinct values as read: the texts, and each one's code
    into ``names`` (the distinct texts read; -1 for '')."""

    values: list[str]
    codes: Any
    names: list[str]


def _few_texts(frame: Any, reader: RowReader, name: str) -> _Coded:
    """:func:`_texts` for a column of few distinct values, each read once, with codes."""
    import numpy as np
    import pandas as pd

    column = reader.columns[name]
    n = len(frame)
    if column not in frame.columns:
        return _Coded([""] * n, np.full(n, -1, dtype=np.int64), [])
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    texts = [reader.text({column: value}, name) or "" for value in uniques.tolist()]
    table = np.array([*texts, ""], dtype=object)  # code -1: a null cell
    # Cells apart before reading may read alike (' C1' and 'C1'): one code per text read.
    distinct: dict[str, int] = {}
    recode = [-1 if not t else distinct.setdefault(t, len(distinct)) for t in texts]
    read_codes = np.array([*recode, -1], dtype=np.int64)[np.asarray(codes, dtype=np.int64)]
    return _Coded(table[codes].tolist(), read_codes, list(distinct))


def _needs_strip(text: TextArray) -> Any:
    """Cells whose first or last unit may be white space (``str.strip`` would cut it)."""
    import numpy as np

    n = len(text)
    mask = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(text.lengths > 0)
    if not len(rows):
        return mask
    first = text.units(rows, 1)[:, 0]
    last_rows = text.units_at(rows, text.lengths[rows] - 1)
    for unit in (first, last_rows):
        mask[rows] |= (unit <= 32) | (unit >= 127)
    return mask


def _tier_numbers(frame: Any, reader: RowReader) -> tuple[Any, dict[Tier, int]]:
    """Each row's tier number (-1 for none or an unknown name) and the tiers' numbers,
    by first appearance; several names may name one tier."""
    import numpy as np
    import pandas as pd

    column = reader.columns["tier"]
    n = len(frame)
    if column not in frame.columns:
        return np.full(n, -1, dtype=np.int64), {}
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    numbers: dict[Tier, int] = {}
    table = np.full(len(uniques) + 1, -1, dtype=np.int64)  # the last: null cells
    for code, value in enumerate(uniques.tolist()):
        tier = reader.tiers.get(reader.text({column: value}, "tier") or "")
        if tier is not None:
            table[code] = numbers.setdefault(tier, len(numbers))
    return table[np.asarray(codes, dtype=np.int64)], numbers


def _distinct(np: Any, keys: Any, blank: Any) -> bool:
    """True when the keys prove every id that is not blank distinct (no two keys equal);
    False when they cannot (no keys, or two equal: the ids themselves then decide)."""
    if keys is None:
        return False
    ordered = np.sort(keys[~blank])
    return not bool((ordered[1:] == ordered[:-1]).any())


def _repeated(ids: list[str]) -> dict[int, int]:
    """Rows whose ticket id an earlier row has: position to the first row's position."""
    distinct = set(ids)
    blanks = ids.count("") if "" in distinct else 0  # a missing id repeats nothing
    if len(distinct) + max(blanks - 1, 0) == len(ids):
        return {}
    first: dict[str, int] = {}
    repeated: dict[int, int] = {}
    for position, value in enumerate(ids):
        if value:
            seen = first.setdefault(value, position)
            if seen != position:
                repeated[position] = seen
    return repeated


# ------------------------------------------------------------------ instants


def _typed(np: Any, pd: Any, series: Any, rules: TimestampRules) -> tuple[Any, Any] | None:
    """µs on the UTC line and a mask of cells that became NaT here; None if not typed."""
    dtype = series.dtype
    if not isinstance(dtype, pd.DatetimeTZDtype):
        if not (pd.api.types.is_datetime64_dtype(dtype) and rules.assume_tz is not None):
            return None
        series = series.dt.tz_localize(rules.assume_tz, ambiguous="NaT", nonexistent="NaT")
    utc = series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    missing = np.isnat(utc)
    us = np.where(missing, MISSING, utc.view(np.int64) + UNIX_EPOCH_US)
    return us, missing


def _text_array(series: Any) -> tuple[TextArray, Any]:
    """The column as a :class:`TextArray`, and its cells that are neither text nor null."""
    import numpy as np

    array = _arrow(series)
    if array is not None:
        return TextArray.from_arrow(array), np.zeros(len(series), dtype=bool)
    text = TextArray.from_strings(series.tolist())
    return text, text.null & ~series.isna().to_numpy(dtype=bool)


def _instant_column(frame: Any, reader: RowReader, name: str) -> tuple[Any, Any]:
    """Field ``name`` as µs (MISSING where absent) and a mask of the cells left for the
    row parser."""
    import numpy as np
    import pandas as pd

    n = len(frame)
    column = reader.columns[name]
    if column not in frame.columns:
        return np.full(n, MISSING, dtype=np.int64), np.zeros(n, dtype=bool)
    series = frame[column]
    typed = _typed(np, pd, series, reader.rules)
    if typed is not None:
        us, is_missing = typed
        return us, is_missing & ~series.isna().to_numpy(dtype=bool)
    text, other = _text_array(series)
    blank = text.null & ~other
    for mark in reader.missing:
        blank |= text.equal(mark)
    if reader.rules.timestamp_format is not None:  # a declared layout: the row parser
        values, read = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    else:
        values, read = column_instants(_arrow(series), blank, text)
    return np.where(blank, MISSING, values), ~read & ~blank


class _Pauses:
    """Pauses by row: flat ``(row, start, end)`` arrays in row and time order."""

    def __init__(self, rows: Any, starts: Any, ends: Any, n: int) -> None:
        self.rows, self.starts, self.ends, self.n = rows, starts, ends, n

    def first_start(self, np: Any) -> Any:
        out = np.full(self.n, MISSING, dtype=np.int64)
        out[self.rows[::-1]] = self.starts[::-1]  # the first of each row is written last
        return out

    def last_end(self, np: Any) -> Any:
        out = np.full(self.n, MISSING, dtype=np.int64)
        out[self.rows] = self.ends  # the last of each row is written last
        return out

    def with_rows(self, np: Any, parsed: list[tuple[int, ParsedRow]]) -> _Pauses:
        """These pauses, those of the rows read one by one put in their place."""
        extra = [(p, a, b) for p, row in parsed for a, b in row.pauses]
        if not extra and not parsed:
            return self
        redone = np.zeros(self.n, dtype=bool)
        redone[[p for p, _ in parsed]] = True
        keep = ~redone[self.rows]
        more = np.array(extra, dtype=np.int64).reshape(-1, 3)
        rows = np.concatenate([self.rows[keep], more[:, 0]])
        order = np.argsort(rows, kind="stable")
        starts = np.concatenate([self.starts[keep], more[:, 1]])[order]
        ends = np.concatenate([self.ends[keep], more[:, 2]])[order]
        return _Pauses(rows[order], starts, ends, self.n)

    def column(self, np: Any, keep: Any) -> PauseColumn:
        """The pauses of the rows kept, as a :class:`PauseColumn`."""
        kept = keep[self.rows]
        counts = np.bincount(self.rows[kept], minlength=self.n)[keep]
        first = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return PauseColumn(first, self.starts[kept].copy(), self.ends[kept].copy())


def _pause_column(frame: Any, reader: RowReader) -> tuple[_Pauses, Any]:
    """The pauses written ``START/END;...`` in ISO 8601 (in order, apart), and a mask of
    the rows whose pauses cell is left for the row parser."""
    import numpy as np

    n = len(frame)
    column = reader.columns["pauses"]
    none = np.zeros(0, dtype=np.int64)
    if column not in frame.columns:
        return _Pauses(none, none, none, n), np.zeros(n, dtype=bool)
    text, other = _text_array(frame[column])
    blank = text.null & ~other
    for mark in reader.missing:
        blank |= text.equal(mark)
    slow = ~blank & (text.lengths > FIELD_LIMIT)
    cells = np.flatnonzero(~blank & ~slow & ~other)
    slow |= other
    if not len(cells) or reader.rules.timestamp_format is not None:
        slow[cells] = True
        return _Pauses(none, none, none, n), slow
    array = _arrow(frame[column])
    if array is not None:
        counts_array, start_texts, end_texts, plain_array = _split_pauses_arrow(np, array, cells)
        none_blank = np.zeros(len(start_texts), dtype=bool)
        starts, read_start = column_instants(start_texts, none_blank)
        ends, read_end = column_instants(end_texts, none_blank)
    else:
        strings = frame[column].iloc[cells].tolist()
        counts, start_list, end_list, plain = split_pauses(strings)
        starts, read_start = iso_instants(TextArray.from_strings(start_list))
        ends, read_end = iso_instants(TextArray.from_strings(end_list))
        counts_array, plain_array = np.array(counts, dtype=np.int64), np.array(plain, dtype=bool)
    rows = np.repeat(cells, counts_array)
    fine = read_start & read_end & (ends > starts)
    later = np.ones(len(rows), dtype=bool)
    later[1:] = (rows[1:] != rows[:-1]) | (starts[1:] >= ends[:-1])
    fine &= later
    bad_rows = np.zeros(n, dtype=bool)
    bad_rows[rows[~fine]] = True
    bad_rows[cells[~plain_array]] = True
    slow |= bad_rows
    good = ~bad_rows[rows]
    return _Pauses(rows[good], starts[good], ends[good], n), slow


def _split_pauses_arrow(np: Any, array: Any, cells: Any) -> tuple[Any, Any, Any, Any]:
    """:func:`~sla_calendar.audit.textcolumns.split_pauses` by pyarrow's string kernels,
    for the cells at ``cells`` of an Arrow string column: the counts and the plain mask
    as numpy arrays, the start and end texts as Arrow string arrays."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chosen = array.take(pa.array(cells))
    items = pc.split_pattern(chosen, ";")
    counts = np.asarray(pc.list_value_length(items).to_numpy(zero_copy_only=False), np.int64)
    pairs = pc.split_pattern(pc.list_flatten(items), "/")
    item_cell = np.repeat(np.arange(len(cells), dtype=np.int64), counts)
    # A ``--`` (which the row parser reads as an interval's separator) lies then inside a
    # start or end text, which no ISO 8601 reader here takes: such a row goes to the row
    # parser all the same, without a search of every cell for it.
    plain = ~_needs_strip(TextArray.from_arrow(chosen))  # white space at an end
    plain[item_cell[pc.list_value_length(pairs).to_numpy(zero_copy_only=False) != 2]] = False
    kept = pairs.filter(pa.array(plain[item_cell]))
    return np.where(plain, counts, 0), pc.list_element(kept, 0), pc.list_element(kept, 1), plain


def _fails_a_check(
    np: Any, values: Mapping[str, Any], pauses: _Pauses, as_of_us: int | None
) -> Any:
    """Rows that :func:`parse_row` would refuse (no receipt, a year out of range, an
    instant before receipt or after ``as_of``, a pause outside receipt and resolution):
    read one by one for its message."""
    received = values["received"]
    fails = received == MISSING
    for value in values.values():
        fails |= (value != MISSING) & ((value < PLAUSIBLE_FIRST_US) | (value >= PLAUSIBLE_END_US))
    for field in _FIELDS[1:]:
        other = values[field]
        fails |= (other != MISSING) & (other < received)
    outside = (
        (pauses.starts < PLAUSIBLE_FIRST_US)
        | (pauses.starts >= PLAUSIBLE_END_US)
        | (pauses.ends < PLAUSIBLE_FIRST_US)
        | (pauses.ends >= PLAUSIBLE_END_US)
    )
    fails[pauses.rows[outside]] = True
    first, last = pauses.first_start(np), pauses.last_end(np)
    paused = first != MISSING
    fails |= paused & (first < received)
    resolved = values["resolved"]
    fails |= paused & (resolved != MISSING) & (resolved < last)
    if as_of_us is not None:
        for value in values.values():
            fails |= value > as_of_us
        fails |= paused & (last > as_of_us)
    return fails


# ------------------------------------------------------------------ one by one


class _OneByOne:
    """The rows read by :func:`parse_row`: those accepted, with their positions, the
    positions of the others, and their errors."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, ParsedRow]] = []
        self.failed: list[int] = []
        self.errors: list[RejectedRow] = []


def _parse_one_by_one(
    frame: Any,
    positions: Any,
    reader: RowReader,
    ids: list[str],
    line: Any,
    as_of_us: int | None,
) -> _OneByOne:
    """The rows at ``positions`` read by :func:`parse_row`."""
    out = _OneByOne()
    if not len(positions):
        return out
    rows = frame.iloc[positions]
    names = list(rows.columns)
    cells = [rows[name].tolist() for name in names]
    records = (dict(zip(names, values, strict=True)) for values in zip(*cells, strict=True))
    for position, record in zip(positions.tolist(), records, strict=True):
        try:
            out.rows.append((position, parse_row(reader, record, ids[position], as_of_us)))
        except RowError as exc:
            out.failed.append(position)
            out.errors.append(
                RejectedRow(int(line[position]), exc.column, exc.message, ids[position])
            )
    return out


# ------------------------------------------------------------------ CSV


def read_csv_fast(
    path: str | os.PathLike[str],
    *,
    mapping: ColumnMapping,
    tiers: Mapping[str, Tier],
    rules: TimestampRules,
    missing: Iterable[str] = ("",),
    as_of_us: int | None = None,
    progress: Callable[[int], None] | None = None,
    allow_repeated_ids: bool = False,
) -> ParsedTickets | None:
    """Parse a CSV file with pyarrow, whole columns at once; None when it cannot.

    Only plain files are taken: a regular file of UTF-8 text (a byte-order mark may open
    it) without quotes, carriage returns, blank lines, or fields over
    :data:`~sla_calendar.audit.rows.FIELD_LIMIT` characters, every row as many fields as
    the header, so that every row's line is its position plus two, as the ``csv``
    module reads it. Anything else returns None and the caller reads the file row by
    row (which is also what happens without pyarrow).
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError:  # pragma: no cover - exercised only without pyarrow
        return None
    data = _plain_bytes(path)
    if data is None:
        return None
    bom = 3 if data[:3] == b"\xef\xbb\xbf" else 0
    end = data.find(b"\n")
    names = data[bom : end if end >= 0 else len(data)].decode("utf-8", "replace").split(",")
    check_header(names)
    if len(names) == 1 and data.find(b"\n\n") >= 0:  # else a blank line has too few fields
        return None
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(data).slice(bom),
            read_options=pa_csv.ReadOptions(
                use_threads=True,
                column_names=names,
                skip_rows=1,
                block_size=1 << 24,  # faster than one block, and few chunks to join
            ),
            parse_options=pa_csv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):  # bytes not UTF-8, a row with too many fields...
        return None
    import pyarrow.compute as pc

    for array in table.columns:
        if len(array) and pc.max(pc.binary_length(array)).as_py() > FIELD_LIMIT:
            return None
    import numpy as np
    import pandas as pd

    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype(na_value=np.nan)}.get)
    return parse_frame(
        frame,
        mapping=mapping,
        tiers=tiers,
        rules=rules,
        missing=missing,
        as_of_us=as_of_us,
        progress=progress,
        allow_repeated_ids=allow_repeated_ids,
        lines=np.arange(2, len(frame) + 2, dtype=np.int64),
    )


def _plain_bytes(path: str | os.PathLike[str]) -> bytes | mmap.mmap | None:
    """The file's bytes, if it may be a plain CSV file (see :func:`read_csv_fast`)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe is read once, by the row reader
            return None
        with open(path, "rb", buffering=0) as handle:
            data = _read_all(handle)
    except (OSError, ValueError):  # the row reader words why it cannot be read
        return None
    if not len(data) or _all_white(data) or data.find(b'"') >= 0 or data.find(b"\r") >= 0:
        return None
    return data


_LARGE_FILE: Final = 1 << 22


def _read_all(handle: Any) -> bytes | mmap.mmap:
    """A file's bytes: a large one (Linux) into private memory asked to be huge pages.

    A 100 MB ``bytes`` costs some 25,000 page faults to fill, about as long as pyarrow
    takes to read it; in 2 MB pages the same read takes a third of the time. The memory is
    anonymous (not the file mapped), so the file changing meanwhile cannot fault it.
    """
    size = os.fstat(handle.fileno()).st_size
    hugepage = getattr(mmap, "MADV_HUGEPAGE", None)
    if size < _LARGE_FILE or hugepage is None or not hasattr(mmap, "MAP_ANONYMOUS"):
        return handle.read()  # type: ignore[no-any-return]
    memory = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    with contextlib.suppress(OSError):  # no transparent huge pages: small ones serve
        memory.madvise(hugepage)
    view, filled = memoryview(memory), 0
    while filled < size:  # one read returns at most about 2 GB on Linux
        count = handle.readinto(view[filled:])
        if not count:
            break
        filled += count
    view.release()
    if filled != size or handle.read(1):  # the file changed while it was read
        memory.close()
        handle.seek(0)
        return handle.read()  # type: ignore[no-any-return]
    return memory


def _all_white(data: bytes | mmap.mmap) -> bool:
    """True when the data may be white space only (then the row reader decides): for a
    large file, when its first megabyte is."""
    return bool(data[: 1 << 20].isspace()) and (len(data) <= 1 << 20 or data[:].isspace())
