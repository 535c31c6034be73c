"""Year tables: a calendar's local years as sorted UTC working intervals, and the kernels.

A :class:`YearTable` is one local year of a calendar turned into sorted working
intervals ``[start, end)`` on the UTC line (integer µs) with running totals, built once
from the year's :class:`~sla_calendar.calendar.days.DayInfo` values
(:func:`build_year_table`). :class:`YearTables` keeps one calendar's tables, builds a
year the first time a query needs it, and finds the table of an instant; its kernels
(:meth:`~YearTables.add`, :meth:`~YearTables.between`, :meth:`~YearTables.walk`) and
:func:`add_forward` answer the calendar's queries by bisection, so no query loops day
by day. :class:`~sla_calendar.calendar.working.WorkingCalendar` is the public face of
all this.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Final

from sla_calendar._instants import US_PER_DAY, local_to_us, us_to_instant
from sla_calendar.calendar.days import MAX_YEAR, MIN_YEAR, DayInfo, DayMark
from sla_calendar.errors import OutOfRangeError

__all__ = [
    "MAX_SPAN_YEARS",
    "YearTable",
    "YearTables",
    "add_forward",
    "build_year_table",
    "check_year_span",
    "result_instant",
]

MAX_SPAN_YEARS: Final = 400
"""The most years one query may cross; beyond it the query raises at once."""

_CACHE_YEARS: Final = 512  # year tables kept per calendar before the oldest are dropped
_US_PER_400_YEARS: Final = 146_097 * US_PER_DAY


@dataclass(frozen=True, slots=True)
class YearTable:
    """One local year as sorted UTC working intervals with running totals."""

    year: int
    span_start: int  # UTC µs of local 1 January 00:00
    span_end: int  # UTC µs of local 1 January 00:00 of the next year
    starts: list[int]
    ends: list[int]
    cum_start: list[int]  # working µs of the year before interval i
    cum_end: list[int]  # working µs of the year up to the end of interval i
    total: int
    first_ordinal: int
    days: tuple[DayInfo, ...]
    working_ordinals: list[int]
    # Per interval: (UTC µs of its local midnight, that midnight as an aware datetime)
    # when the interval lies in one local date and one UTC offset, else None: a result
    # inside it is that midnight plus a timedelta on the wall clock, with no zone lookup.
    local_days: list[tuple[int, datetime] | None]

    def elapsed(self, us: int) -> int:
        """Working µs of this year before instant ``us``."""
        i = bisect_right(self.ends, us)
        if i == len(self.ends):
            return self.total
        start = self.starts[i]
        return self.cum_start[i] + (us - start if us > start else 0)


def build_year_table(year: int, zone: tzinfo, days: Sequence[DayInfo]) -> YearTable:
    """The table of local ``year`` in ``zone``, whose dates are ``days`` (1 Jan to 31 Dec)."""
    starts: list[int] = []
    ends: list[int] = []
    working_ordinals: list[int] = []
    for info in days:
        if info.hours:
            working_ordinals.append(info.date.toordinal())
        for span in info.hours:
            start = local_to_us(zone, info.date, span.start_us, first=True)
            end = local_to_us(zone, info.date, span.end_us, first=False)
            if end <= start:
                continue
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
    cum_start: list[int] = []
    cum_end: list[int] = []
    running = 0
    for start, end in zip(starts, ends, strict=True):
        cum_start.append(running)
        running += end - start
        cum_end.append(running)
    return YearTable(
        year=year,
        span_start=local_to_us(zone, date(year, 1, 1), 0, first=True),
        span_end=local_to_us(zone, date(year, 12, 31), US_PER_DAY, first=True),
        starts=starts,
        ends=ends,
        cum_start=cum_start,
        cum_end=cum_end,
        total=running,
        first_ordinal=date(year, 1, 1).toordinal(),
        days=tuple(days),
        working_ordinals=working_ordinals,
        local_days=[_local_day(start, end, zone) for start, end in zip(starts, ends, strict=True)],
    )


def _local_day(start: int, end: int, zone: tzinfo) -> tuple[int, datetime] | None:
    """``(wall midnight in UTC µs, wall midnight)`` of ``[start, end]``, if one offset.

    None when the interval reaches past its local date, or its two ends have different
    UTC offsets (a clock change inside it) or a second occurrence of a wall time (fold):
    there wall-clock arithmetic from midnight could be wrong.
    """
    try:
        first, last = us_to_instant(start, zone), us_to_instant(end, zone)
    except OutOfRangeError:
        return None
    if first.fold or last.fold or first.utcoffset() != last.utcoffset():
        return None
    if last.date() != first.date() and (
        last - first.replace(hour=0, minute=0, second=0, microsecond=0)
    ) != timedelta(days=1):
        return None  # longer than its local date: a clock change could hide inside
    since_midnight = (
        (first.hour * 60 + first.minute) * 60 + first.second
    ) * 1_000_000 + first.microsecond
    # The midnight of the interval's own offset, which may differ from the real one
    # when the clocks changed earlier that day: what matters is that wall time from it
    # to the interval runs at the interval's offset.
    return (start - since_midnight, datetime(first.year, first.month, first.day, tzinfo=zone))


def check_year_span(first_year: int, last_year: int) -> None:
    """Refuse a query from ``first_year`` to ``last_year`` that crosses too many years."""
    if last_year - first_year > MAX_SPAN_YEARS:
        raise OutOfRangeError(
            f"a query from year {first_year} to {last_year} crosses more than "
            f"{MAX_SPAN_YEARS} years; expected a shorter span"
        )


def add_forward(table: YearTable, us: int, amount: int) -> datetime | None:
    """``amount`` (> 0) µs of working time after ``us``, if that lies in ``table``.

    The hot path of :meth:`WorkingCalendar.add_working_time`: two bisections and a
    result built from its interval's local midnight. None when the answer lies in a
    later year or in an interval that needs a zone lookup.
    """
    ends = table.ends
    i = bisect_right(ends, us)
    if i == len(ends):
        return None
    opening = table.starts[i]
    target = table.cum_start[i] + (us - opening if us > opening else 0) + amount
    if target > table.total:
        return None
    cum_end = table.cum_end
    j = bisect_left(cum_end, target)
    day = table.local_days[j]
    if day is None:
        return None
    # Wall-clock addition is exact: _local_day checked that the interval's wall time,
    # up to its end (24:00 at the latest), runs at one offset.
    return day[1] + timedelta(0, 0, ends[j] - (cum_end[j] - target) - day[0])


def result_instant(table: YearTable, j: int, us: int, zone: tzinfo) -> datetime:
    """Instant ``us``, in or at the end of interval ``j`` of ``table``, in ``zone``."""
    day = table.local_days[j]
    if day is not None:
        # Wall-clock addition is exact: _local_day checked that the interval's wall time,
        # up to its end (24:00 at the latest), runs at one offset.
        return day[1] + timedelta(0, 0, us - day[0])
    return us_to_instant(us, zone)


class YearTables:
    """One calendar's year tables and holiday marks: built under a lock, read freely.

    ``build`` gives the calendar's table builder (a year to its table), or None once
    the calendar is gone: it is a weak reference, so that a calendar and its cache do
    not form a reference cycle. ``place`` names the calendar's zone in messages.
    ``always_open`` says every instant is working time, so that :meth:`between` is a
    subtraction.
    """

    __slots__ = ("_build", "_place", "always_open", "index", "last", "lock", "marks", "tables")

    def __init__(
        self,
        build: Callable[[], Callable[[int], YearTable] | None],
        place: str,
        *,
        always_open: bool,
    ) -> None:
        self._build = build
        self._place = place
        self.always_open = always_open
        self.lock = threading.Lock()
        self.tables: dict[int, YearTable] = {}
        # The holiday source's marks by year, for the builder (which runs under the lock).
        self.marks: dict[int, dict[date, DayMark]] = {}
        # The table the last query used: most queries fall in the same year. Replacing
        # one reference is atomic, and a stale one is only a missed shortcut.
        self.last: YearTable | None = None
        # The built tables by year, as (their span starts, themselves): one bisection
        # finds an instant's table. Replaced whole, never changed in place, so a reader
        # sees either the old pair or the new one.
        self.index: tuple[list[int], list[YearTable]] = ([], [])

    # ------------------------------------------------------------- finding

    def table(self, year: int) -> YearTable:
        """The table of local ``year``, built if need be."""
        table = self.tables.get(year)
        if table is None:
            table = self._built(year)
        return table

    def table_at(self, us: int) -> YearTable:
        """The table of the local year that holds instant ``us``."""
        table = self.last
        if table is not None and table.span_start <= us < table.span_end:
            return table
        span_starts, tables = self.index
        k = bisect_right(span_starts, us) - 1
        if k >= 0 and us < tables[k].span_end:
            table = self.last = tables[k]
            return table
        # The mean Gregorian year puts the guess within a day or two of the truth, so at
        # most one step corrects it (a step beyond years 1..9999 raises).
        year = min(MAX_YEAR, max(MIN_YEAR, us * 400 // _US_PER_400_YEARS + 1))
        table = self.tables.get(year) or self._built(year)
        while us < table.span_start:
            table = self.table(table.year - 1)
        while us >= table.span_end:
            table = self.table(table.year + 1)
        self.last = table
        return table

    def next_table(self, table: YearTable, walked: int, what: str) -> YearTable:
        """The year after ``table``, the ``walked``-th step of query ``what``."""
        _check_walk(walked, what)
        return self.table(table.year + 1)

    def previous_table(self, table: YearTable, walked: int, what: str) -> YearTable:
        """The year before ``table``, the ``walked``-th step of query ``what``."""
        _check_walk(walked, what)
        return self.table(table.year - 1)

    def _built(self, year: int) -> YearTable:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise OutOfRangeError(
                f"local year {year} is outside the calendar's range (an instant or a result "
                f"beyond {MIN_YEAR:04d}-01-01..{MAX_YEAR}-12-31 in {self._place}); expected "
                f"years {MIN_YEAR}..{MAX_YEAR}"
            )
        with self.lock:
            table = self.tables.get(year)
            if table is not None:
                return table
            build = self._build()
            assert build is not None  # the calendar asking for the table holds it
            table = build(year)
            if len(self.tables) >= _CACHE_YEARS:
                for old in list(self.tables)[: _CACHE_YEARS // 2]:
                    del self.tables[old]
            self.tables[year] = table
            built = sorted(self.tables.values(), key=lambda each: each.year)
            self.index = ([each.span_start for each in built], built)
            return table

    # ------------------------------------------------------------- kernels

    def add(self, table: YearTable, us: int, amount: int) -> tuple[YearTable, int, int]:
        """Add ``amount`` (non-zero) µs of working time to ``us``, which ``table`` holds.

        Returns the result's table, the index of the interval it lies in (or ends), and
        the result.
        """
        ends = table.ends
        i = bisect_right(ends, us)
        if i == len(ends):
            target = table.total + amount
        else:
            start = table.starts[i]
            target = table.cum_start[i] + (us - start if us > start else 0) + amount
        if amount > 0:
            walked = 0
            while target > table.total:
                target -= table.total
                walked += 1
                table = self.next_table(table, walked, "duration")
            cum_end = table.cum_end
            j = bisect_left(cum_end, target)
            return table, j, table.ends[j] - (cum_end[j] - target)
        walked = 0
        while target < 0:
            walked += 1
            table = self.previous_table(table, walked, "duration")
            target += table.total
        cum_start = table.cum_start
        j = bisect_right(cum_start, target) - 1
        return table, j, table.starts[j] + (target - cum_start[j])

    def between(self, a: int, b: int) -> int:
        """Working µs in ``[a, b)``; negative when ``b`` is before ``a``."""
        if self.always_open:
            return b - a
        if b < a:
            return -self.between(b, a)
        first = self.table_at(a)
        if b < first.span_end:  # one local year, the common case: elapsed() twice, inlined
            cum_start, starts, ends, total = first.cum_start, first.starts, first.ends, first.total
            n = len(ends)
            i = bisect_right(ends, a)
            j = bisect_right(ends, b, i)
            before_a = total if i == n else cum_start[i] + (a - starts[i] if a > starts[i] else 0)
            before_b = total if j == n else cum_start[j] + (b - starts[j] if b > starts[j] else 0)
            return before_b - before_a
        last = self.table_at(b)
        check_year_span(first.year, last.year)
        total = first.total - first.elapsed(a) + last.elapsed(b)
        for year in range(first.year + 1, last.year):
            total += self.table(year).total
        return total

    def walk(
        self, us: int, what: str, *, forward: bool, by_start: bool
    ) -> Iterator[tuple[YearTable, int]]:
        """Raw intervals whose start (or end) lies strictly after (or before) ``us``."""
        table = self.table_at(us)
        keys = table.starts if by_start else table.ends
        i = bisect_right(keys, us) if forward else bisect_left(keys, us) - 1
        walked = 0
        while True:
            if forward:
                while i == len(table.starts):
                    walked += 1
                    table, i = self.next_table(table, walked, what), 0
                yield table, i
                i += 1
            else:
                while i < 0:
                    walked += 1
                    table = self.previous_table(table, walked, what)
                    i = len(table.starts) - 1
                yield table, i
                i -= 1

    def is_seam_start(self, table: YearTable, i: int) -> bool:
        """True when interval ``i`` only starts because a year starts there."""
        if i or table.year == MIN_YEAR:
            return False
        before = self.table(table.year - 1)
        return bool(before.ends) and before.ends[-1] == table.starts[0]

    def is_seam_end(self, table: YearTable, i: int) -> bool:
        """True when interval ``i`` only ends because a year ends there."""
        if i != len(table.ends) - 1 or table.year == MAX_YEAR:
            return False
        after = self.table(table.year + 1)
        return bool(after.starts) and after.starts[0] == table.ends[-1]


def _check_walk(walked: int, what: str) -> None:
    if walked > MAX_SPAN_YEARS:
        raise OutOfRangeError(
            f"{what}: the answer lies more than {MAX_SPAN_YEARS} years away; expected a "
            "shorter span"
        )
