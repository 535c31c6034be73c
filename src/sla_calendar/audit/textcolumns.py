"""Columns of text as numpy arrays of code units, and ISO 8601 read a column at a time.

The fast readers (:mod:`sla_calendar.audit.frames`) hold each text column as a
:class:`TextArray`: the cells' lengths and their code units, straight from an Arrow
string array's buffers when pyarrow holds the column (no Python string is made), else
from Python strings. :func:`iso_instants` reads the cells written in the common ISO 8601
layouts (``2026-11-20T17:30+02:00``, ``2026-11-20 17:30:05.25Z``) as integer µs on the
UTC line with whole-column arithmetic, and marks the cells it read. It reads a cell only
where :meth:`datetime.fromisoformat` gives the same instant; every other cell is left
for the row parser, whose answer (a value or an error message) is the reference.

numpy is imported inside the functions: callers use them only when it is installed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Final

from sla_calendar._instants import UNIX_EPOCH_US, US_PER_DAY, US_PER_SECOND

__all__ = [
    "TextArray",
    "arrow_instants",
    "column_instants",
    "iso_instants",
    "split_pauses",
    "text_key",
]

_DAYS_BEFORE_MONTH: Final = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
_DAYS_IN_MONTH: Final = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# The layouts read here: ``D`` a digit, ``T`` the date-time separator (``T``, ``t`` or a
# space, as ``fromisoformat`` reads them), ``.`` the decimal point, ``+`` a sign, ``Z``
# the letter Z. Cells of any other shape go to the row parser.
_DATES: Final = "DDDD-DD-DDT"
_TIMES: Final = ("DD:DD", "DD:DD:DD", *(f"DD:DD:DD.{'D' * n}" for n in range(1, 7)))
_OFFSETS: Final = ("Z", "+DD:DD")
LAYOUTS: Final = tuple(_DATES + time + offset for time in _TIMES for offset in _OFFSETS)
"""Every layout :func:`iso_instants` reads, as patterns (see the module's source)."""


class TextArray:
    """``n`` text cells as numpy arrays: lengths in code units, and the code units.

    From an Arrow string array the code units are UTF-8 bytes (a cell's length is its
    byte count); from Python strings they are code points. Either way an ASCII cell's
    length is its number of characters, and the layouts read here are ASCII. Null cells
    (None, NaN, Arrow nulls) are flagged in :attr:`null` and have length 0.
    """

    __slots__ = ("_data", "_starts", "lengths", "null")

    def __init__(self, data: Any, starts: Any, lengths: Any, null: Any) -> None:
        self._data = data
        self._starts = starts
        self.lengths = lengths
        self.null = null

    @classmethod
    def from_arrow(cls, array: Any) -> TextArray:
        """From a pyarrow string or large_string array (chunked or not)."""
        import numpy as np
        import pyarrow as pa

        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
        n = len(array)
        _, offsets_buffer, data_buffer = array.buffers()
        wide = pa.types.is_large_string(array.type)
        raw: Any = np.frombuffer(offsets_buffer, np.int64 if wide else np.int32)
        offsets: Any = raw[array.offset : array.offset + n + 1].astype(np.int64)
        data = (
            np.frombuffer(data_buffer, np.uint8)
            if data_buffer is not None
            else np.zeros(0, np.uint8)
        )
        null = (
            array.is_null().to_numpy(zero_copy_only=False)
            if array.null_count
            else np.zeros(n, dtype=bool)
        )
        lengths: Any = np.where(null, 0, offsets[1:] - offsets[:-1])
        return cls(data, offsets[:-1], lengths, null)

    @classmethod
    def from_strings(cls, values: Sequence[object]) -> TextArray:
        """From Python values: str cells are text, anything else is null."""
        import numpy as np

        n = len(values)
        null = np.fromiter((type(v) is not str for v in values), dtype=bool, count=n)
        texts = [v if type(v) is str else "" for v in values]
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
        # Only short cells can hold a layout read here: longer ones are not copied.
        short = [t if len(t) <= _LONGEST else "" for t in texts]
        units = np.array(short, dtype=f"<U{_LONGEST}").view(np.uint32)
        starts = np.arange(n, dtype=np.int64) * _LONGEST
        return cls(units, starts, lengths, null)

    def __len__(self) -> int:
        return len(self.lengths)

    def units(self, rows: Any, width: int) -> Any:
        """The first ``width`` code units of each cell at ``rows`` (each that long at least),
        as a ``len(rows)`` by ``width`` array."""
        import numpy as np

        starts = self._starts[rows]
        first = int(starts[0]) if len(rows) else 0
        laid_end_to_end = len(rows) and int(starts[-1]) - first == (len(rows) - 1) * width
        if laid_end_to_end and bool((np.diff(starts) == width).all()):  # a view
            return self._data[first : first + len(rows) * width].reshape(len(rows), width)
        return self._data[starts[:, None] + np.arange(width, dtype=np.int64)]

    def units_at(self, rows: Any, places: Any) -> Any:
        """The code unit at ``places`` (one per row) of each cell at ``rows``."""
        return self._data[self._starts[rows] + places]

    def keys(self) -> Any:
        """Each cell's :func:`text_key` (``uint64``; a null cell's is that of ''), or None
        when the code units are not UTF-8 bytes or the padded copy would be too large."""
        import numpy as np

        n = len(self)
        if self._data.dtype != np.uint8:
            return None
        lengths = self.lengths
        words = max(1, (int(lengths.max(initial=0)) + 7) // 8)
        if n * words * 8 > _KEY_BYTES_LIMIT:
            return None
        padded = np.zeros((n, words * 8), dtype=np.uint8)
        total = int(lengths.sum())
        width = int(lengths.min()) if n else 0
        if width and width == int(lengths.max()):  # one width: often a view, no gather
            padded[:, :width] = self.units(np.arange(n), width)
        elif total:
            before = np.cumsum(lengths) - lengths  # each cell's first unit, end to end
            place = np.arange(total, dtype=np.int64) - np.repeat(before, lengths)
            source = np.repeat(self._starts, lengths) + place
            padded.reshape(-1)[
                np.repeat(np.arange(n, dtype=np.int64) * words * 8, lengths) + place
            ] = self._data[source]
        keys = lengths.astype(np.uint64)
        weight = np.ones(1, dtype=np.uint64)
        factor = np.full(1, _KEY_FACTOR, dtype=np.uint64)
        for word in padded.view("<u8").T:  # numpy arrays wrap modulo 2**64, as wanted
            weight = weight * factor
            keys += word * weight
        return keys

    def equal(self, text: str) -> Any:
        """A mask of the cells equal to ``text`` (ASCII or not)."""
        import numpy as np

        coded = text.encode("utf-8") if self._data.dtype == np.uint8 else [ord(c) for c in text]
        width = len(coded)
        rows = np.flatnonzero((self.lengths == width) & ~self.null)
        mask = np.zeros(len(self), dtype=bool)
        if not width:
            mask[rows] = True
            return mask
        if len(rows):
            target = np.array(list(coded), dtype=self._data.dtype)
            mask[rows] = (self.units(rows, width) == target).all(axis=1)
        return mask


_LONGEST: Final = max(map(len, LAYOUTS))

_KEY_FACTOR: Final = 0x100000001B3  # odd, so each 8-byte word's weight is a unit mod 2**64
_KEY_MASK: Final = (1 << 64) - 1
_KEY_BYTES_LIMIT: Final = 1 << 26  # the padded copy :meth:`TextArray.keys` may make


def text_key(value: str) -> int:
    """The 64-bit key :meth:`TextArray.keys` gives a cell holding ``value``.

    The byte count plus each 8-byte little-endian word of the UTF-8 bytes (the last padded
    with zero bytes) times ``_KEY_FACTOR`` to the power of its place plus one, modulo
    2**64. Equal texts have equal keys, so distinct keys prove texts distinct; equal keys
    prove nothing (a caller then compares the texts).
    """
    data = value.encode("utf-8", "surrogatepass")
    key = len(data)
    weight = 1
    for place in range(0, len(data), 8):
        weight = weight * _KEY_FACTOR & _KEY_MASK
        key += int.from_bytes(data[place : place + 8], "little") * weight
    return key & _KEY_MASK


@functools.cache
def _tables() -> tuple[Any, Any, Any]:
    """Read-only lookup tables: a pair of code units as the two-digit number it writes
    (-1 if not two digits), and per ``year * 16 + month`` the days from 0001-01-01 to
    that month's first day and the month's length (0 for no such month)."""
    import numpy as np

    low, high = np.meshgrid(np.arange(256), np.arange(256), indexing="ij")
    digits = (low >= 48) & (low <= 57) & (high >= 48) & (high <= 57)
    # A little-endian pair: the first character is the low byte.
    pairs = np.where(digits, (low - 48) * 10 + (high - 48), -1).astype(np.int16)
    pairs = pairs.T.reshape(-1).copy()
    first_day = np.zeros(10_000 * 16, dtype=np.int64)
    month_days = np.zeros(10_000 * 16, dtype=np.int64)
    for year in range(1, 10_000):
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        before = year - 1
        start = before * 365 + before // 4 - before // 100 + before // 400
        for month in range(1, 13):
            key = year * 16 + month
            first_day[key] = start + _DAYS_BEFORE_MONTH[month] + (leap and month > 2)
            month_days[key] = _DAYS_IN_MONTH[month] + (leap and month == 2)
    for table in (pairs, first_day, month_days):
        table.flags.writeable = False
    return pairs, first_day, month_days


class _Cells:
    """The code units of ``k`` cells of one width, read by place."""

    def __init__(self, np: Any, units: Any) -> None:
        self.np = np
        self.units = units  # k by width, C order
        self.bytes = units.dtype == np.uint8

    def unit(self, place: int) -> Any:
        return self.units[:, place]

    def pair(self, place: int) -> Any:
        """The two-digit number at ``place`` of each cell, -1 where it is not two digits."""
        np = self.np
        if self.bytes:
            k, width = self.units.shape
            view = np.ndarray((k,), "<u2", buffer=self.units, offset=place, strides=(width,))
            return np.take(_tables()[0], view)
        first = self.units[:, place].astype(np.int64) - 48
        second = self.units[:, place + 1].astype(np.int64) - 48
        digits = (first >= 0) & (first <= 9) & (second >= 0) & (second <= 9)
        return np.where(digits, first * 10 + second, -1)


def _read_layout(np: Any, cells: _Cells, layout: str) -> tuple[Any, Any]:
    """µs on the UTC line of each cell read as ``layout``, and which cells are in it."""
    _, first_day, month_days = _tables()
    ok = np.ones(len(cells.units), dtype=bool)
    for place, kind in enumerate(layout):
        if kind in "D.":
            continue
        unit = cells.unit(place)
        if kind == "T":
            ok &= (unit == 84) | (unit == 116) | (unit == 32)
        elif kind == "+":
            ok &= (unit == 43) | (unit == 45)
        else:
            ok &= unit == ord(kind)
    century, year, month, day = cells.pair(0), cells.pair(2), cells.pair(5), cells.pair(8)
    ok &= (century >= 0) & (year >= 0)
    year = century.astype(np.int64) * 100 + year
    hour, minute = cells.pair(11), cells.pair(14)
    ok &= (year >= 1) & (month >= 0) & (day >= 1) & (hour >= 0) & (hour < 24)
    ok &= (minute >= 0) & (minute < 60)
    seconds = hour.astype(np.int64) * 3600 + minute * 60
    if len(layout) > 17 and layout[16] == ":":
        second = cells.pair(17)
        ok &= (second >= 0) & (second < 60)
        seconds += second
    point = layout.find(".")
    micro = 0
    if point >= 0:
        places = layout.index("+" if "+" in layout else "Z") - point - 1
        ok &= cells.unit(point) == 46
        micro = np.zeros(len(ok), dtype=np.int64)
        for place in range(point + 1, point + 1 + places):
            unit = cells.unit(place).astype(np.int64) - 48
            ok &= (unit >= 0) & (unit <= 9)
            micro = micro * 10 + unit
        micro *= 10 ** (6 - places)
    if layout.endswith("+DD:DD"):
        at = len(layout) - 6
        off_hour, off_minute = cells.pair(at + 1), cells.pair(at + 4)
        ok &= (off_hour >= 0) & (off_hour < 24) & (off_minute >= 0) & (off_minute < 60)
        offset = off_hour.astype(np.int64) * 3600 + off_minute * 60
        seconds -= np.where(cells.unit(at) == 45, -offset, offset)
    key = np.where(ok, year * 16 + np.minimum(month, 15), 0)
    ok &= day <= month_days[key]
    days = first_day[key] + day - 1
    return days * US_PER_DAY + seconds * US_PER_SECOND + micro, ok


def _likely(np: Any, units: Any, layout: str) -> Any:
    """A cheap first look: cells whose last unit, and sign place, fit ``layout``."""
    last = units[:, -1]
    if layout.endswith("Z"):
        return last == 90
    sign = units[:, -6]
    return (last >= 48) & (last <= 57) & ((sign == 43) | (sign == 45))


def arrow_instants(array: Any, blank: Any) -> Any:
    """µs on the UTC line of every cell that is not blank, read by pyarrow's ISO 8601
    parser (0 where blank); None when it refuses a cell, or pyarrow does not hold the
    column.

    pyarrow reads ``YYYY-MM-DD[T ]HH[:MM[:SS[.f...]]]`` with ``Z`` or an offset
    (``±HH``, ``±HHMM``, ``±HH:MM``), as :meth:`datetime.fromisoformat` does, and refuses
    a cell without an offset, with white space, or with more than six decimals. The one
    difference, year 0 (which ``fromisoformat`` refuses), lies before the plausible years,
    so such a row goes to the row parser; ``tests/test_audit_readers.py`` compares
    the two parsers on generated text.
    """
    if array is None:
        return None
    import numpy as np
    import pyarrow as pa

    if blank.any():
        array = array.filter(pa.array(~blank))
    try:
        us = array.cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OverflowError):
        return None
    values = np.zeros(len(blank), dtype=np.int64)
    values[~blank] = us.to_numpy(zero_copy_only=False)
    values[~blank] += UNIX_EPOCH_US
    return values


def column_instants(array: Any, blank: Any, text: TextArray | None = None) -> tuple[Any, Any]:
    """µs on the UTC line of the cells and a mask of those read (never a blank one):
    :func:`arrow_instants` when pyarrow holds the column (``array``) and reads every cell
    that is not blank, else :func:`iso_instants` of ``text`` (by default the array's)."""
    values = arrow_instants(array, blank)
    if values is not None:
        return values, ~blank
    values, read = iso_instants(TextArray.from_arrow(array) if text is None else text)
    return values, read & ~blank


def iso_instants(text: TextArray) -> tuple[Any, Any]:
    """µs on the UTC line of each cell written in one of :data:`LAYOUTS`, and a mask of
    the cells read; the other cells are 0 and left for the row parser."""
    import numpy as np

    n = len(text)
    values = np.zeros(n, dtype=np.int64)
    read = np.zeros(n, dtype=bool)
    lengths = np.where(text.null | (text.lengths > _LONGEST), 0, text.lengths)
    for width, count in enumerate(np.bincount(lengths, minlength=_LONGEST + 1).tolist()):
        layouts = _BY_WIDTH.get(width)
        if not count or layouts is None:
            continue
        candidates = np.flatnonzero(lengths == width)
        for begin in range(0, len(candidates), _CHUNK):  # bounded memory per step
            rows = candidates[begin : begin + _CHUNK]
            units = np.ascontiguousarray(text.units(rows, width))
            for layout in layouts:
                pick = _likely(np, units, layout)
                if not pick.any():
                    continue
                whole = bool(pick.all())
                cells = _Cells(np, units if whole else units[pick])
                us, good = _read_layout(np, cells, layout)
                chosen = (rows if whole else rows[pick])[good]
                values[chosen] = us[good]
                read[chosen] = True
    return values, read


_CHUNK: Final = 1 << 18
_BY_WIDTH: Final[dict[int, list[str]]] = {}
for _layout in LAYOUTS:
    _BY_WIDTH.setdefault(len(_layout), []).append(_layout)


def split_pauses(cells: Sequence[str]) -> tuple[list[int], list[str], list[str], list[bool]]:
    """The pauses of each cell, split as the row parser splits them, for the common shape.

    Returns per cell its number of pauses and whether it has the common shape (items
    ``START/END`` separated by ``;``, no ``--``, no blank item, no space around), and,
    for those cells, the start and end texts in order. Other cells are left for the row
    parser (their count is 0).
    """
    counts: list[int] = []
    starts: list[str] = []
    ends: list[str] = []
    plain: list[bool] = []
    for cell in cells:
        if ";" not in cell:  # one pause: the common case, in few steps
            start, sep, end = cell.partition("/")
            if sep and "/" not in end and "--" not in cell and cell == cell.strip():
                counts.append(1)
                plain.append(True)
                starts.append(start)
                ends.append(end)
                continue
        items = cell.split(";")
        pairs = [item.split("/") for item in items]
        if "--" in cell or cell != cell.strip() or any(len(pair) != 2 for pair in pairs):
            counts.append(0)
            plain.append(False)
            continue
        counts.append(len(pairs))
        plain.append(True)
        starts += [pair[0] for pair in pairs]
        ends += [pair[1] for pair in pairs]
    return counts, starts, ends, plain
