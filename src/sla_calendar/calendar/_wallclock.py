"""Wall-clock year tables: a year's working time as aware datetimes, read without a zone.

CPython subtracts and compares two aware datetimes that share a tzinfo on their wall
clocks, without asking the zone for an offset: about 30-50 ns, against about 0.5 µs to
read one as integer µs and as much again to build one back. A :class:`WallYear` keeps a
year's working intervals as such datetimes, with running totals as timedeltas, so that
:class:`~sla_calendar.calendar.working.WorkingCalendar` answers a datetime with one
dictionary look-up, a comparison or two, one bisection and a handful of datetime
operations, and never converts.

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

Instants shown in another zone (UTC, a client's zone) are answered the same way by a
*view* of the year (:func:`build_view_year`): the same pieces, running totals and
bases, with the pieces' bounds and origins shown in that zone and entries keyed by its
dates. A view's date is answered when it is clean in its zone, lies wholly in the
calendar's local year, and every piece it touches starts and ends at its offset; the
results are still built from the calendar's bases, in the calendar's zone.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Final, TypeAlias, cast
from zoneinfo import ZoneInfo

from sla_calendar._instants import ONE_US, US_PER_DAY, local_to_us, us_to_instant
from sla_calendar.calendar._tables import YearTable, YearTables

__all__ = [
    "GALLOP",
    "NEVER",
    "YEARS_AHEAD",
    "DayEntry",
    "WallTables",
    "WallYear",
    "build_view_year",
    "build_wall_year",
    "worked_before",
]

GALLOP: Final = 8
"""How many pieces past its start a result is looked for first (several days of work)."""

NEVER: Final = datetime.max  # noqa: DTZ901  (a wall time, given a zone where used)
"""The wall time a :data:`DayEntry` without pieces opens and closes at (in its zone)."""

YEARS_AHEAD: Final = 4
"""How many years past its start's year a wall-clock add may reach; beyond, the integer path."""

_CACHE_YEARS: Final = 512  # wall tables kept per calendar before the oldest are dropped
_VIEW_ZONES: Final = 8  # other zones given views, per calendar; the rest are converted
_VIEW_YEARS: Final = 64  # views (zone and year) per calendar; later years are converted
_DAY: Final = timedelta(days=1)
_LAST: Final = _DAY - ONE_US  # a date's last wall time, from its 00:00

DayEntry: TypeAlias = tuple[
    datetime,  # opening: the start of the date's first piece; NEVER if it has none
    datetime,  # closing: the end of its last piece; NEVER if it has none
    datetime | None,  # origin of its piece if it has exactly one; None if it has several
    timedelta,  # before: the year's working time before the date's first piece
    timedelta,  # after: the year's working time up to the end of its last piece
    int,  # lo: the date's first piece in the year's lists
    int,  # hi: one past its last piece
    list[timedelta],  # the year's cum_end
    list[datetime | None],  # the year's bases
    "WallYear",  # the year's table (or its view's)
]
"""What the calendar reads for an instant on a date it answers on the wall clock.

One tuple, unpacked at once (cheaper than attribute loads), shaped for the usual date
with at most one piece: an instant at or before ``opening`` has ``before`` behind it,
one at or after ``closing`` has ``after``, and one in between (in the piece) has itself
minus ``origin``. A date with several pieces (a lunch break) has no ``origin``: an
instant in its working hours is looked up among its pieces (:meth:`WallYear.worked`).
A result is looked for in ``cum_end`` from ``lo``; ``bases`` holds None for pieces on
dates that are not clean and one past the year's last piece: "not here".
"""


@dataclass(frozen=True, slots=True, eq=False)
class WallYear:
    """One local year's working pieces as aware datetimes and timedeltas.

    ``origins[i]`` is piece ``i``'s start minus the year's working time before it, and
    ``bases[i]`` its end minus the working time up to it: wall times at which the
    year's work would have begun had it all been done in one stretch ending in that
    piece. An instant in the piece minus its origin is the working time before it; a
    base plus a working time is the instant that reaches it. ``ends``, ``starts`` and
    ``origins`` are None on unclean dates (a view shows every piece); ``bases`` is None
    there and after the last piece, and is always in the calendar's zone.
    ``us_starts`` and ``us_ends`` are the pieces on the UTC line; ``span_start`` and
    ``span_end`` the local year's. Compared by identity (its entries refer to it).
    """

    year: int
    total: timedelta
    ends: list[datetime | None]
    starts: list[datetime | None]
    origins: list[datetime | None]
    cum_start: list[timedelta]
    cum_end: list[timedelta]
    bases: list[datetime | None]
    us_starts: list[int]
    us_ends: list[int]
    span_start: int
    span_end: int
    days: dict[int, DayEntry]

    def worked(self, moment: datetime, lo: int, hi: int) -> timedelta:
        """The year's working time before ``moment``, an instant on a date with pieces lo..hi."""
        i = bisect_right(cast(list[datetime], self.ends), moment, lo, hi)
        if i < hi:
            start = cast(datetime, self.starts[i])
            if moment > start:
                return moment - cast(datetime, self.origins[i])
        return self.cum_start[i]


def worked_before(entry: DayEntry, moment: datetime) -> timedelta:
    """The working time of its year before ``moment``, an instant on ``entry``'s date.

    The calendar's methods inline this for its own zone; it serves the other zones.
    """
    opening, closing, origin, before, after, lo, hi, _, _, wall = entry
    if moment <= opening:
        return before
    if moment >= closing:
        return after
    if origin is not None:
        return moment - origin
    return wall.worked(moment, lo, hi)


def _once(zone: tzinfo, wall: datetime) -> int | None:
    """The UTC offset (µs) of the naive wall time ``wall`` in ``zone``, if it happens once."""
    offset = wall.replace(tzinfo=zone).utcoffset()
    if offset is None or offset != wall.replace(tzinfo=zone, fold=1).utcoffset():
        return None  # skipped or repeated
    return offset // ONE_US


@dataclass(frozen=True, slots=True)
class _Dates:
    """Consecutive local dates on the UTC line.

    ``bounds`` holds the UTC µs of each date's first instant, then of the next date's;
    ``offsets`` each date's 00:00 offset (µs) if it happens once, else None;
    ``clean`` each date's 00:00 as an aware datetime if the date is clean, else None;
    ``readable`` whether each date is readable.
    """

    bounds: list[int]
    offsets: list[int | None]
    clean: list[datetime | None]
    readable: list[bool]


def _dates(zone: tzinfo, first: date, ndays: int, end: int) -> _Dates:
    """The bounds, clean midnights and readable dates of ``ndays`` dates from ``first``.

    ``end`` is the UTC µs of the first instant after the last date.
    """
    walls = [datetime(first.year, first.month, first.day)]  # noqa: DTZ001  (wall times)
    for _ in range(ndays - 1):
        walls.append(walls[-1] + _DAY)
    # Each date's 00:00 offset if it happens once; the next date's 00:00 too, if it exists.
    offsets = [_once(zone, wall) for wall in walls]
    last = walls[-1]
    offsets.append(_once(zone, last + _DAY) if last.date() < date.max else None)
    ordinal = first.toordinal()
    bounds = []
    for d, offset in enumerate(offsets[:ndays]):
        if offset is None:
            bounds.append(local_to_us(zone, first + timedelta(days=d), 0, first=True))
        else:
            bounds.append((ordinal + d - 1) * US_PER_DAY - offset)
    bounds.append(end)
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
        last_offset = _once(zone, wall + _LAST)
        local_last = (ordinal + d) * US_PER_DAY - 1
        readable.append(
            offset is not None
            and last_offset is not None
            and local_last - last_offset == bounds[d + 1] - 1
        )
    return _Dates(bounds, offsets, clean, readable)


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


def _entry(wall: WallYear, lo: int, hi: int, never: datetime) -> DayEntry:
    """The :data:`DayEntry` of a date whose pieces are ``lo..hi`` (all shown) in ``wall``."""
    if lo == hi:
        opening = closing = never
    else:
        opening = cast(datetime, wall.starts[lo])
        closing = cast(datetime, wall.ends[hi - 1])
    origin = wall.origins[lo] if hi - lo == 1 else None
    before, after = wall.cum_start[lo], wall.cum_start[hi]
    return (opening, closing, origin, before, after, lo, hi, wall.cum_end, wall.bases, wall)


def build_wall_year(table: YearTable, zone: tzinfo) -> WallYear:
    """The wall-clock table of ``table``'s year in ``zone`` (the zone it was built in)."""
    ndays = len(table.days)
    first = date.fromordinal(table.first_ordinal)
    dates = _dates(zone, first, ndays, table.span_end)
    bounds, clean, readable = dates.bounds, dates.clean, dates.readable
    pieces = _pieces(table, bounds)
    before, after = _running_totals(pieces)
    shown = _shown_pieces(pieces, bounds, clean, before, after)
    columns: list[list[datetime | None]] = [[], [], [], []]  # starts, ends, origins, bases
    for each in shown:
        for column, value in zip(columns, each or (None,) * 4, strict=True):
            column.append(value)
    starts, ends, origins, bases = columns
    bases.append(None)  # read when a result lies past the year's end
    total = timedelta(0, 0, after[-1] if after else 0)
    cum_start = [timedelta(0, 0, us) for us in before]
    cum_start.append(total)  # read when an instant lies after the year's last piece
    cum_end = [timedelta(0, 0, us) for us in after]
    cum_end += [timedelta.max] * GALLOP  # so that a search from any piece finds one
    year = WallYear(
        table.year,
        total,
        ends,
        starts,
        origins,
        cum_start,
        cum_end,
        bases,
        [start for _, start, _ in pieces],
        [end for _, _, end in pieces],
        table.span_start,
        table.span_end,
        {},
    )
    piece_days = [d for d, _, _ in pieces]
    first_piece = [bisect_right(piece_days, d - 1) for d in range(ndays + 1)]
    never = NEVER.replace(tzinfo=zone)
    for d in range(ndays):
        lo, hi = first_piece[d], first_piece[d + 1]
        if readable[d] and (clean[d] is not None or lo == hi):
            year.days[table.first_ordinal + d] = _entry(year, lo, hi, never)
    return year


def _shown_in(view: tzinfo, us: int) -> tuple[datetime, int]:
    """Instant ``us`` shown in ``view``, and the UTC offset (µs) it is shown at."""
    shown = us_to_instant(us, view)
    offset = shown.utcoffset()
    assert offset is not None  # the standard library's zones only
    return shown, offset // ONE_US


def _view_dates(wall: WallYear, view: tzinfo) -> tuple[date, _Dates]:
    """The dates of ``view`` that the local year of ``wall`` touches, on the UTC line."""
    first = us_to_instant(wall.span_start, view).date()
    last = us_to_instant(wall.span_end - 1, view).date()
    ndays = last.toordinal() - first.toordinal() + 1
    end = local_to_us(view, last + _DAY, 0, first=True)
    return first, _dates(view, first, ndays, end)


def build_view_year(wall: WallYear, view: tzinfo) -> WallYear:
    """The table of ``wall``'s year for instants shown in another zone, ``view``.

    Its pieces' bounds and origins are shown in ``view``; its running totals and bases
    are ``wall``'s, so that results are built in the calendar's zone. ``wall``'s year
    must lie in years 2..9998 (its view's dates then exist).
    """
    starts: list[datetime | None] = []
    ends: list[datetime | None] = []
    origins: list[datetime | None] = []
    offsets: list[tuple[int, int]] = []
    before = wall.cum_start[:-1]  # its last item is the year's total, after every piece
    for start_us, end_us, worked in zip(wall.us_starts, wall.us_ends, before, strict=True):
        start, start_offset = _shown_in(view, start_us)
        end, end_offset = _shown_in(view, end_us)
        starts.append(start)
        ends.append(end)
        try:
            origins.append(start - worked)
        except OverflowError:
            origins.append(None)
        offsets.append((start_offset, end_offset))
    year = WallYear(
        wall.year,
        wall.total,
        ends,
        starts,
        origins,
        wall.cum_start,
        wall.cum_end,
        wall.bases,
        wall.us_starts,
        wall.us_ends,
        wall.span_start,
        wall.span_end,
        {},
    )
    first, dates = _view_dates(wall, view)
    bounds, never = dates.bounds, NEVER.replace(tzinfo=view)
    for d, midnight in enumerate(dates.clean):
        begin, finish = bounds[d], bounds[d + 1]
        if midnight is None or not dates.readable[d]:
            continue
        if begin < wall.span_start or finish > wall.span_end:
            continue  # the date lies partly in another local year
        lo = bisect_right(wall.us_ends, begin)
        hi = bisect_left(wall.us_starts, finish)
        offset = dates.offsets[d]
        if all(offsets[i] == (offset, offset) and origins[i] is not None for i in range(lo, hi)):
            year.days[first.toordinal() + d] = _entry(year, lo, hi, never)
    return year


def _viewable(zone: tzinfo) -> bool:
    """Whether instants in ``zone`` may get a view: the standard library's zones only."""
    kind = type(zone)
    return kind is ZoneInfo or kind is timezone


class WallTables:
    """One calendar's wall-clock year tables, built on demand, and its integer-path count.

    :attr:`days` maps the ordinal of every date the built years answer on the wall
    clock to its :data:`DayEntry`: one dictionary look-up finds what an instant needs,
    whatever its year. :attr:`views` does the same for instants shown in other zones,
    one dictionary per zone: at most eight zones and 64 zone-years, the first ones
    instants need (a view is dropped only with its year's wall table, so that a
    workload over more years than that converts the rest, rather than building views
    over and over). Tables are added under a lock and the
    dictionaries are only ever added to or trimmed key by key, so readers need no
    lock. ``integer_calls`` counts the calls the calendar answered by its integer path
    instead (a diagnostic, kept under the lock).
    """

    __slots__ = (
        "_tables",
        "_view_years",
        "_zone",
        "days",
        "integer_calls",
        "lock",
        "views",
        "walls",
    )

    def __init__(self, tables: YearTables, zone: tzinfo) -> None:
        self._tables = tables
        self._zone = zone
        self.lock = threading.Lock()
        self.walls: dict[int, WallYear] = {}
        self.days: dict[int, DayEntry] = {}
        self.views: dict[tzinfo, dict[int, DayEntry]] = {}
        self._view_years: dict[tuple[tzinfo, int], WallYear] = {}
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
                    self._drop_views(old)
            self.walls[year] = wall
            self.days.update(wall.days)
        return wall

    def _drop_views(self, year: int) -> None:
        """Forget every zone's view of local ``year`` (under the lock)."""
        for zone, days in self.views.items():
            view = self._view_years.pop((zone, year), None)
            if view is not None:
                for ordinal in view.days:
                    del days[ordinal]

    def entry(self, moment: datetime) -> DayEntry | None:
        """The :data:`DayEntry` for ``moment`` (a plain aware datetime) in its own zone."""
        zone = moment.tzinfo
        if zone is self._zone:
            return self.days.get(moment.toordinal())
        if zone is None or not _viewable(zone):
            return None
        days = self.views.get(zone)
        return None if days is None else days.get(moment.toordinal())

    def build_view(self, moment: datetime, year: int) -> None:
        """Give instants in ``moment``'s zone a view of local ``year``, if it has a wall table.

        Only for the standard library's zones other than the calendar's, years 2..9998,
        at most eight zones and 64 zone-years; each (zone, year) is built once.
        """
        zone, wall = moment.tzinfo, self.walls.get(year)
        if (
            wall is None
            or zone is None
            or zone is self._zone
            or not _viewable(zone)
            or not 1 < year < 9999
            or (zone, year) in self._view_years
            or len(self._view_years) >= _VIEW_YEARS
            or (zone not in self.views and len(self.views) >= _VIEW_ZONES)
        ):
            return
        view = build_view_year(wall, zone)
        with self.lock:
            if (zone, year) in self._view_years or self.walls.get(year) is not wall:
                return
            self._view_years[zone, year] = view
            self.views.setdefault(zone, {}).update(view.days)

    def add(self, entry: DayEntry, start: datetime, duration: timedelta) -> datetime | None:
        """``start`` plus ``duration`` (> 0) of working time on the wall clock, if it is found.

        The calendar's :meth:`add_working_time` inlines this for its own zone.
        """
        elapsed = worked_before(entry, start)
        try:
            target = elapsed + duration
        except OverflowError:
            return None
        if not elapsed < target:
            return None
        _, _, _, _, _, lo, _, cum_end, bases, wall = entry
        base = bases[bisect_left(cum_end, target, lo)]
        if base is not None:
            return base + target
        if target > wall.total:
            return self.add_after(wall.year, target - wall.total)
        return None

    def add_after(self, year: int, target: timedelta) -> datetime | None:
        """The instant ``target`` (> 0) of working time after the end of local ``year``."""
        for _ in range(YEARS_AHEAD):
            year += 1
            wall = self.year(year)
            if wall is None:
                return None
            if target <= wall.total:
                base = wall.bases[bisect_left(wall.cum_end, target)]
                return None if base is None else base + target
            target -= wall.total
        return None

    def count_integer_call(self) -> None:
        """Count one call answered by the integer path."""
        with self.lock:
            self.integer_calls += 1
