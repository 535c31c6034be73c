"""Wall-clock year tables: a year's working time as aware datetimes in the calendar's zone.

CPython subtracts and compares two aware datetimes that share a tzinfo on their wall
clocks, without asking the zone for an offset: about 30-50 ns, against about 0.5 µs to
read one as integer µs and as much again to build one back. A :class:`WallYear` keeps a
year's working intervals as such datetimes, with running totals as timedeltas, so that
:class:`~sla_calendar.calendar.working.WorkingCalendar` answers a datetime in its own
zone with two bisections and a handful of datetime operations, and never converts.

Wall-clock arithmetic equals real arithmetic only where the wall clock runs at one UTC
offset. So the year's intervals are cut at local midnights into *pieces* of one local
date each, and a date is *clean* when its wall clock runs from 00:00 to 24:00 at one
offset: the date's first instant shows 00:00 (fold 0), the next date's first instant
shows 00:00 (fold 0), they are exactly 24 hours apart and have the same offset. The
IANA zones never change their offset twice within a week (the closest pair, in the
2025 database, is 167 hours apart), so equal offsets 24 hours apart mean no change in
between. On a clean date every wall time happens exactly once, and comparing,
subtracting and adding on the wall clock is exact.

A date is *readable* when every aware datetime that shows it, whatever its fold, is an
instant of that date: its first and last wall times each happen once, at the date's
bounds. An instant on a readable date is answered on the wall clock if the date is
clean, or if no work happens on it (a Sunday with a clock change): the working time
before it is then the working time before the date's next piece, with no datetime read.

:func:`build_wall_year` makes the table of a year from its integer
:class:`~sla_calendar.calendar._tables.YearTable`, and gives each date it can answer a
:data:`DayEntry` in :attr:`WallYear.days`, keyed by its ordinal. A piece on a date that
is not clean has no datetimes (None): what touches it takes the integer path.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Final, TypeAlias, cast

from sla_calendar._instants import ONE_US, US_PER_DAY, local_to_us
from sla_calendar.calendar._tables import YearTable, YearTables
from sla_calendar.calendar.days import MAX_YEAR

__all__ = ["GALLOP", "DayEntry", "WallTables", "WallYear", "build_wall_year"]

GALLOP: Final = 8
"""How many pieces past its start a result is looked for first (several days of work)."""

_CACHE_YEARS: Final = 512  # wall tables kept per calendar before the oldest are dropped
_DAY: Final = timedelta(days=1)
_LAST: Final = _DAY - ONE_US  # a date's last wall time, from its 00:00

DayEntry: TypeAlias = tuple[
    int,  # lo: the date's first piece
    int,  # hi: one past its last piece
    list[datetime],  # ends of the year's pieces
    list[datetime],  # starts of the year's pieces
    list[datetime],  # origins: each piece's start minus the working time before it
    list[timedelta],  # cum_start: working time of the year before each piece, then the total
    list[timedelta],  # cum_end: working time up to each piece's end, then GALLOP maxima
    list[datetime | None],  # bases: each piece's end minus the working time up to it
    timedelta,  # total: the year's working time
    int,  # the local year
]
"""What the calendar reads for an instant on a date it answers on the wall clock.

One tuple, unpacked at once (cheaper than attribute loads). The datetime lists hold
None for pieces on dates that are not clean; an entry's date reads only its own pieces,
which are clean, so its lists are typed as if they were all datetimes. ``bases`` is
read for the piece a result lands in, which may be any: its None says "not here".
"""


@dataclass(frozen=True, slots=True)
class WallYear:
    """One local year's working pieces as aware datetimes and timedeltas.

    ``origins[i]`` is piece ``i``'s start minus the year's working time before it, and
    ``bases[i]`` its end minus the working time up to it: wall times at which the
    year's work would have begun had it all been done in one stretch ending in that
    piece. An instant in the piece minus its origin is the working time before it; a
    base plus a working time is the instant that reaches it. None on unclean dates.
    """

    year: int
    total: timedelta
    ends: list[datetime | None]
    starts: list[datetime | None]
    origins: list[datetime | None]
    cum_start: list[timedelta]
    cum_end: list[timedelta]
    bases: list[datetime | None]
    days: dict[int, DayEntry]


def _once(zone: tzinfo, wall: datetime) -> int | None:
    """The UTC offset (µs) of the naive wall time ``wall`` in ``zone``, if it happens once."""
    offset = wall.replace(tzinfo=zone).utcoffset()
    if offset is None or offset != wall.replace(tzinfo=zone, fold=1).utcoffset():
        return None  # skipped or repeated
    return offset // ONE_US


@dataclass(frozen=True, slots=True)
class _Dates:
    """The year's local dates on the UTC line.

    ``bounds`` holds the UTC µs of each date's first instant, then of the next year's;
    ``clean`` each date's 00:00 as an aware datetime if the date is clean, else None;
    ``readable`` whether each date is readable.
    """

    bounds: list[int]
    clean: list[datetime | None]
    readable: list[bool]


def _dates(table: YearTable, zone: tzinfo) -> _Dates:
    """The bounds, clean midnights and readable dates of ``table``'s year in ``zone``."""
    ndays = len(table.days)
    first = date.fromordinal(table.first_ordinal)
    walls = [datetime(first.year, first.month, first.day)]  # noqa: DTZ001  (wall times)
    for _ in range(ndays - 1):
        walls.append(walls[-1] + _DAY)
    # Each date's 00:00 offset if it happens once; the next year's 00:00 too, if it exists.
    offsets = [_once(zone, wall) for wall in walls]
    offsets.append(_once(zone, walls[-1] + _DAY) if first.year < MAX_YEAR else None)
    bounds = []
    for d, offset in enumerate(offsets[:ndays]):
        if offset is None:
            bounds.append(local_to_us(zone, first + timedelta(days=d), 0, first=True))
        else:
            bounds.append((table.first_ordinal + d - 1) * US_PER_DAY - offset)
    bounds.append(table.span_end)
    clean: list[datetime | None] = []
    readable: list[bool] = []
    for d, wall in enumerate(walls):
        offset = offsets[d]
        is_clean = (
            offset is not None
            and offset == offsets[d + 1]
            and bounds[d + 1] - bounds[d] == US_PER_DAY
        )
        clean.append(wall.replace(tzinfo=zone) if is_clean else None)
        # 00:00 happens once, at the date's first instant (as bounds[d] was made); its
        # last wall time must happen once too, just before the next date's first instant.
        last = _once(zone, wall + _LAST)
        local_last = (table.first_ordinal + d) * US_PER_DAY - 1
        readable.append(
            offset is not None and last is not None and local_last - last == bounds[d + 1] - 1
        )
    return _Dates(bounds, clean, readable)


def _pieces(table: YearTable, bounds: list[int]) -> list[tuple[int, int, int]]:
    """The year's intervals cut at local midnights: ``(date index, start µs, end µs)``."""
    last = len(bounds) - 1  # a piece past the year's end (a repeated midnight) gets its own
    pieces: list[tuple[int, int, int]] = []
    for start, end in zip(table.starts, table.ends, strict=True):
        d = bisect_right(bounds, start) - 1
        while d < last and end > bounds[d + 1]:
            pieces.append((d, start, bounds[d + 1]))
            start = bounds[d + 1]
            d += 1
        pieces.append((d, start, end))
    return pieces


def _running_totals(pieces: list[tuple[int, int, int]]) -> tuple[list[int], list[int]]:
    """Working µs of the year before each piece, and up to each piece's end."""
    before: list[int] = []
    after: list[int] = []
    running = 0
    for _, start, end in pieces:
        before.append(running)
        running += end - start
        after.append(running)
    return before, after


def _shown_pieces(
    pieces: list[tuple[int, int, int]],
    bounds: list[int],
    clean: list[datetime | None],
    before: list[int],
    after: list[int],
) -> list[tuple[datetime, datetime, datetime, datetime] | None]:
    """Each piece's start, end, origin and base as datetimes, or None off clean dates.

    Exact: on a clean date the wall clock runs at one offset all day long, and the
    origin and base are wall-clock arithmetic on those. A date whose origins or bases
    would fall before year 1 is treated as unclean.
    """
    shown: list[tuple[datetime, datetime, datetime, datetime] | None] = []
    for (d, start, end), worked_before, worked_after in zip(pieces, before, after, strict=True):
        midnight = clean[d] if d < len(clean) else None
        if midnight is None:
            shown.append(None)
            continue
        opening = midnight + timedelta(0, 0, start - bounds[d])
        closing = midnight + timedelta(0, 0, end - bounds[d])
        try:
            origin = opening - timedelta(0, 0, worked_before)
            base = closing - timedelta(0, 0, worked_after)
        except OverflowError:
            clean[d] = None
            shown.append(None)
            continue
        shown.append((opening, closing, origin, base))
    return [
        None if clean[d] is None else each for (d, _, _), each in zip(pieces, shown, strict=True)
    ]


def build_wall_year(table: YearTable, zone: tzinfo) -> WallYear:
    """The wall-clock table of ``table``'s year in ``zone`` (the zone it was built in)."""
    dates = _dates(table, zone)
    bounds, clean, readable = dates.bounds, dates.clean, dates.readable
    pieces = _pieces(table, bounds)
    before, after = _running_totals(pieces)
    shown = _shown_pieces(pieces, bounds, clean, before, after)
    columns: list[list[datetime | None]] = [[], [], [], []]  # starts, ends, origins, bases
    for each in shown:
        for column, value in zip(columns, each or (None,) * 4, strict=True):
            column.append(value)
    starts, ends, origins, bases = columns
    total = timedelta(0, 0, after[-1] if after else 0)
    cum_start = [timedelta(0, 0, us) for us in before]
    cum_start.append(total)  # read when an instant lies after the year's last piece
    cum_end = [timedelta(0, 0, us) for us in after]
    cum_end += [timedelta.max] * GALLOP  # so that cum_end[i + GALLOP] always exists
    year = WallYear(table.year, total, ends, starts, origins, cum_start, cum_end, bases, {})
    ndays = len(table.days)
    piece_days = [d for d, _, _ in pieces]
    first_piece = [bisect_right(piece_days, d - 1) for d in range(ndays + 1)]
    # The entries' dates read only their own pieces, all clean (see DayEntry).
    read_ends, read_starts, read_origins = (
        cast(list[datetime], ends),
        cast(list[datetime], starts),
        cast(list[datetime], origins),
    )
    for d in range(ndays):
        lo, hi = first_piece[d], first_piece[d + 1]
        if readable[d] and (clean[d] is not None or lo == hi):
            year.days[table.first_ordinal + d] = (
                lo,
                hi,
                read_ends,
                read_starts,
                read_origins,
                cum_start,
                cum_end,
                bases,
                total,
                table.year,
            )
    return year


class WallTables:
    """One calendar's wall-clock year tables, built on demand, and its integer-path count.

    :attr:`days` maps the ordinal of every date the built years answer on the wall
    clock to its :data:`DayEntry`: one dictionary look-up finds what an instant needs,
    whatever its year. Tables are added under a lock and the dictionary is only ever
    added to or trimmed key by key, so readers need no lock. ``integer_calls`` counts
    the calls the calendar answered by its integer path instead (a diagnostic, kept
    under the lock).
    """

    __slots__ = ("_tables", "_zone", "days", "integer_calls", "lock", "walls")

    def __init__(self, tables: YearTables, zone: tzinfo) -> None:
        self._tables = tables
        self._zone = zone
        self.lock = threading.Lock()
        self.walls: dict[int, WallYear] = {}
        self.days: dict[int, DayEntry] = {}
        self.integer_calls = 0

    def year(self, year: int) -> WallYear | None:
        """The wall table of local ``year``, built if it may be (see :meth:`build`), or None."""
        wall = self.walls.get(year)
        if wall is None and year in self._tables.tables:
            wall = self._built(year)
        return wall

    def build(self, year: int) -> bool:
        """Build the wall table of local ``year`` if it is not built: True if it was not.

        Only once the year's integer table exists, that is from the second query that
        needs the year: the first, answered by the integer path, costs what it always
        did, and a year queried once (an instant at the end of time) never pays for both.
        """
        if year in self.walls or year not in self._tables.tables:
            return False
        self._built(year)
        return True

    def _built(self, year: int) -> WallYear:
        wall = build_wall_year(self._tables.table(year), self._zone)
        with self.lock:
            if year in self.walls:
                return self.walls[year]
            if len(self.walls) >= _CACHE_YEARS:
                for old in list(self.walls)[: _CACHE_YEARS // 2]:
                    for ordinal in self.walls.pop(old).days:
                        del self.days[ordinal]
            self.walls[year] = wall
            self.days.update(wall.days)
        return wall

    def count_integer_call(self) -> None:
        """Count one call answered by the integer path."""
        with self.lock:
            self.integer_calls += 1
