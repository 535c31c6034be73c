"""The working calendar: when support works, and exact working-time arithmetic.

A :class:`WorkingCalendar` is an immutable value: a time zone, weekly hours, a holiday
source, closed dates and extra working dates. Its arithmetic runs on integer
microseconds on the UTC line. Each local year is turned once, lazily, into sorted
working intervals ``[start, end)`` with running totals; queries are answered by
bisection over them, so no query loops day by day.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Final

from sla_calendar._checks import invalid_value, require_type
from sla_calendar._instants import (
    EPOCH,
    ONE_US,
    US_PER_DAY,
    UTC,
    check_date,
    duration_to_us,
    instant_to_us,
    local_to_us,
    us_to_instant,
)
from sla_calendar._zones import load_zone
from sla_calendar.calendar.days import (
    MAX_YEAR,
    MIN_YEAR,
    DayInfo,
    DayKind,
    DayMark,
    HolidaySource,
    check_source,
)
from sla_calendar.calendar.hours import DayHours, HoursLike, TimeSpan, WeeklyHours, parse_day_hours
from sla_calendar.errors import (
    ArgumentTypeError,
    InvalidValueError,
    NoWorkingTimeError,
    OutOfRangeError,
)

__all__ = ["MAX_SPAN_YEARS", "ROUND_THE_CLOCK", "WorkingCalendar", "WorkingPeriod"]

MAX_SPAN_YEARS: Final = 400
"""The most years one query may cross; beyond it the query raises at once."""

_BLOCK_YEARS: Final = 8  # years asked of the holiday source at a time
_CACHE_YEARS: Final = 512  # year tables kept per calendar before the oldest are dropped
_FULL_DAY: Final = (TimeSpan(0, US_PER_DAY),)
_ZERO: Final = timedelta(0)


@dataclass(frozen=True, slots=True)
class _YearTable:
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


@dataclass(frozen=True, slots=True)
class WorkingPeriod:
    """A stretch of working time within one local date: ``[start, end)``."""

    date: date
    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        """Real time elapsed from start to end (a DST change inside it counts as real)."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)


class _Cache:
    """Per-calendar year tables and holiday marks; built under a lock, read freely."""

    __slots__ = ("index", "last", "lock", "marks", "tables")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tables: dict[int, _YearTable] = {}
        self.marks: dict[int, dict[date, DayMark]] = {}
        # The table the last query used: most queries fall in the same year. Replacing
        # one reference is atomic, and a stale one is only a missed shortcut.
        self.last: _YearTable | None = None
        # The built tables by year, as (their span starts, themselves): one bisection
        # finds an instant's table. Replaced whole, never changed in place, so a reader
        # sees either the old pair or the new one.
        self.index: tuple[list[int], list[_YearTable]] = ([], [])


def _check_day_hours(value: object, name: str) -> DayHours:
    if not isinstance(value, tuple) or parse_day_hours(value, name) != value:
        raise ArgumentTypeError(
            f"{name} must be a sorted tuple of non-overlapping TimeSpan values, got {value!r}"
        )
    return value


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """When work happens: a zone, weekly hours, holidays, closed and extra dates.

    Immutable, hashable and picklable; safe to share between threads. Every method
    takes aware datetimes in any zone and returns aware datetimes in ``zone``.

    * ``zone``: an IANA time-zone name such as ``"Europe/Kyiv"``.
    * ``weekly_hours``: hours per weekday (see :meth:`WeeklyHours.parse`).
    * ``holidays``: a :class:`~sla_calendar.days.HolidaySource`, or None.
    * ``closed_dates``: dates with no work, whatever else says.
    * ``extra_working_dates``: ``(date, hours)`` pairs that work with their own hours;
      they win over everything else.
    * ``transferred_day_hours``: hours of a weekend day the holiday source makes a
      working day; None means the longest weekday hours.
    * ``eve_shortening``: time cut from the end of a working day whose next day is a
      public holiday off (Ukraine's Labour Code art. 53 sets one hour).

    Use :meth:`build` for friendlier inputs:

    >>> from datetime import date, datetime, timedelta, timezone
    >>> from sla_calendar import CountryHolidays
    >>> warsaw = WorkingCalendar.build(
    ...     "Europe/Warsaw", {"mon-fri": "08:00-12:00, 13:00-17:00"},
    ...     holidays=CountryHolidays("PL"),
    ... )
    >>> start = datetime(2024, 11, 8, 16, 0, tzinfo=timezone.utc)  # Fri 17:00 Warsaw
    >>> warsaw.add_working_time(start, timedelta(hours=2)).isoformat()  # 11 Nov is a holiday
    '2024-11-12T10:00:00+01:00'
    """

    zone: str
    weekly_hours: WeeklyHours
    holidays: HolidaySource | None = None
    closed_dates: frozenset[date] = frozenset()
    extra_working_dates: tuple[tuple[date, DayHours], ...] = ()
    transferred_day_hours: DayHours | None = None
    eve_shortening: timedelta = timedelta(0)
    _tz: tzinfo = field(init=False, repr=False, compare=False)
    _cache: _Cache = field(init=False, repr=False, compare=False)
    _extra: dict[date, DayHours] = field(init=False, repr=False, compare=False)
    _workday_hours: DayHours = field(init=False, repr=False, compare=False)
    _always_open: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_tz", load_zone(self.zone))
        if not isinstance(self.weekly_hours, WeeklyHours):
            raise ArgumentTypeError(
                "weekly_hours must be a WeeklyHours (see WeeklyHours.parse), got "
                f"{type(self.weekly_hours).__name__} {self.weekly_hours!r}"
            )
        if self.weekly_hours.total <= timedelta(0):
            raise NoWorkingTimeError(
                f"weekly_hours={self.weekly_hours} has no working time; expected at least "
                "one weekday with hours (a calendar that never works is refused)"
            )
        check_source(self.holidays)
        if not isinstance(self.closed_dates, frozenset):
            raise ArgumentTypeError(
                "closed_dates must be a frozenset of dates, got "
                f"{type(self.closed_dates).__name__} {self.closed_dates!r}"
            )
        for day in self.closed_dates:
            check_date(day, "closed_dates item")
        if not isinstance(self.extra_working_dates, tuple):
            raise ArgumentTypeError(
                "extra_working_dates must be a tuple of (date, hours) pairs, got "
                f"{type(self.extra_working_dates).__name__} {self.extra_working_dates!r}"
            )
        extra: dict[date, DayHours] = {}
        for item in self.extra_working_dates:
            if not isinstance(item, tuple) or len(item) != 2:
                raise ArgumentTypeError(
                    f"extra_working_dates item must be a (date, hours) pair, got {item!r}"
                )
            day = check_date(item[0], "extra_working_dates date")
            if day in extra:
                raise InvalidValueError(
                    f"extra_working_dates names {day.isoformat()} twice; expected each date once"
                )
            extra[day] = _check_day_hours(item[1], f"extra_working_dates[{day.isoformat()}]")
        setattr_(self, "_extra", extra)
        if self.transferred_day_hours is None:
            longest = max(
                self.weekly_hours.days, key=lambda d: sum(s.end_us - s.start_us for s in d)
            )
            setattr_(self, "_workday_hours", longest)
        else:
            setattr_(
                self,
                "_workday_hours",
                _check_day_hours(self.transferred_day_hours, "transferred_day_hours"),
            )
        if not isinstance(self.eve_shortening, timedelta) or self.eve_shortening < timedelta(0):
            raise InvalidValueError(
                f"eve_shortening={self.eve_shortening!r} is invalid; expected a timedelta >= 0"
            )
        setattr_(
            self,
            "_always_open",
            self.holidays is None
            and not self.closed_dates
            and not self.extra_working_dates
            and all(day == _FULL_DAY for day in self.weekly_hours.days),
        )
        setattr_(self, "_cache", _Cache())

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            WorkingCalendar,
            (
                self.zone,
                self.weekly_hours,
                self.holidays,
                self.closed_dates,
                self.extra_working_dates,
                self.transferred_day_hours,
                self.eve_shortening,
            ),
        )

    @classmethod
    def build(
        cls,
        zone: str,
        hours: Mapping[int | str, HoursLike] | Sequence[HoursLike] | WeeklyHours,
        *,
        holidays: HolidaySource | None = None,
        closed_dates: Iterable[date] = (),
        extra_working_dates: Mapping[date, HoursLike] | None = None,
        transferred_day_hours: HoursLike | None = None,
        eve_shortening: timedelta = timedelta(0),
    ) -> WorkingCalendar:
        """Build a calendar from plain values: ``{"mon-fri": "09:00-18:00"}`` and such."""
        weekly = hours if isinstance(hours, WeeklyHours) else WeeklyHours.parse(hours)
        extra = tuple(
            sorted(
                (check_date(day, "extra_working_dates date"), parse_day_hours(h, str(day)))
                for day, h in (extra_working_dates or {}).items()
            )
        )
        return cls(
            zone=zone,
            weekly_hours=weekly,
            holidays=holidays,
            closed_dates=frozenset(closed_dates),
            extra_working_dates=extra,
            transferred_day_hours=(
                None
                if transferred_day_hours is None
                else parse_day_hours(transferred_day_hours, "transferred_day_hours")
            ),
            eve_shortening=eve_shortening,
        )

    # ----------------------------------------------------------------- days

    @property
    def tz(self) -> tzinfo:
        """The calendar's zone as a ``tzinfo``."""
        return self._tz

    @property
    def is_round_the_clock(self) -> bool:
        """True when every instant is working time (24/7, no holidays or closures)."""
        return self._always_open

    def day_info(self, day: date) -> DayInfo:
        """What ``day`` is: its kind, holiday name, hours and whether it was shortened."""
        check_date(day, "day")
        table = self._table(day.year)
        return table.days[day.toordinal() - table.first_ordinal]

    def working_periods(self, start: datetime, end: datetime) -> list[WorkingPeriod]:
        """The working time in ``[start, end)``, as periods split by local date.

        Each period is a working span of one local date, clipped to the range; what
        :meth:`working_time_between` adds up, laid out for a person to read.
        """
        a = instant_to_us(start, "start")
        b = instant_to_us(end, "end")
        if b <= a:
            return []
        zone = self._tz
        first = us_to_instant(a, zone).date()
        last = us_to_instant(b, zone).date()
        self._check_year_span(first.year, last.year)
        periods: list[WorkingPeriod] = []
        day = first
        while True:
            for span in self.day_info(day).hours:
                low = max(a, local_to_us(zone, day, span.start_us, first=True))
                high = min(b, local_to_us(zone, day, span.end_us, first=False))
                if low < high:
                    periods.append(
                        WorkingPeriod(day, us_to_instant(low, zone), us_to_instant(high, zone))
                    )
            if day >= last:
                return periods
            day = date.fromordinal(day.toordinal() + 1)

    def is_working_day(self, day: date) -> bool:
        """True when the local date ``day`` has any working hours."""
        return self.day_info(day).is_working

    def working_days(self, first: date, last: date) -> Iterator[date]:
        """Yield the working dates from ``first`` to ``last``, both included."""
        check_date(first, "first")
        check_date(last, "last")
        self._check_year_span(first.year, last.year)
        return self._iter_working_days(first, last)

    def _iter_working_days(self, first: date, last: date) -> Iterator[date]:
        low, high = first.toordinal(), last.toordinal()
        for year in range(first.year, last.year + 1):
            ordinals = self._table(year).working_ordinals
            for ordinal in ordinals[bisect_left(ordinals, low) : bisect_right(ordinals, high)]:
                yield date.fromordinal(ordinal)

    def count_working_days(self, first: date, last: date) -> int:
        """Count the working dates from ``first`` to ``last``, both included."""
        check_date(first, "first")
        check_date(last, "last")
        self._check_year_span(first.year, last.year)
        low, high = first.toordinal(), last.toordinal()
        count = 0
        for year in range(first.year, last.year + 1):
            ordinals = self._table(year).working_ordinals
            count += max(0, bisect_right(ordinals, high) - bisect_left(ordinals, low))
        return count

    def working_time_norm(self, year: int, month: int | None = None) -> timedelta:
        """The scheduled working time of local ``year``, or of ``month`` (1..12) of it.

        The norm of working time HR and payroll compare a timesheet against: each day's
        wall-clock hours (:attr:`DayInfo.working_time`) added up, after holidays,
        transfers and shortened eves. On a Mon–Fri 09:00–17:00 calendar with Ukraine's
        holidays and one-hour eves it is the norm Ukraine's ministry publishes for a
        40-hour week (see ``docs/calendar.md``). It equals :meth:`working_time_between`
        over the same dates unless a clock change falls inside working hours: the norm
        counts the schedule, the arithmetic real time.

        >>> from sla_calendar import UkraineHolidays
        >>> eight = WorkingCalendar.build(
        ...     "Europe/Kyiv", {"mon-fri": "09:00-17:00"},
        ...     holidays=UkraineHolidays(), eve_shortening=timedelta(hours=1),
        ... )
        >>> eight.working_time_norm(2015) // timedelta(hours=1)
        1995
        >>> eight.working_time_norm(2015, 10) // timedelta(hours=1)
        167
        """
        year = require_type(year, int, "year", "an int")
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise invalid_value("year", year, f"a year in {MIN_YEAR}..{MAX_YEAR}")
        if month is None:
            first, last = date(year, 1, 1), date(year, 12, 31)
        else:
            month = require_type(month, int, "month", "an int (1..12) or None")
            if not 1 <= month <= 12:
                raise invalid_value("month", month, "a month in 1..12, or None for the year")
            first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
        return sum(
            (
                self.day_info(date.fromordinal(ordinal)).working_time
                for ordinal in range(first.toordinal(), last.toordinal() + 1)
            ),
            _ZERO,
        )

    # ------------------------------------------------------------ instants

    def is_working_time(self, moment: datetime) -> bool:
        """True when ``moment`` lies in working time (openings in, closings out)."""
        us = instant_to_us(moment, "moment")
        if self._always_open:
            return True
        table = self._table_at(us)
        i = bisect_right(table.starts, us) - 1
        return i >= 0 and us < table.ends[i]

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant at which ``duration`` of working time has passed since ``start``.

        A result may be a closing time exactly (Friday 18:00, not Monday 09:00). A
        negative duration goes back: the latest instant ``t <= start`` with that much
        working time in ``[t, start)``, so it may be an opening exactly. Zero gives
        ``start`` (in the calendar's zone).
        """
        # The common case first (an aware datetime, a forward timedelta): a deadline is
        # computed per request, and Python's call overhead is most of its cost.
        if type(start) is datetime and type(duration) is timedelta and duration > _ZERO:
            try:
                us = (start - EPOCH) // ONE_US
            except TypeError:
                us = None  # naive: instant_to_us below raises the package error
            if us is not None and not self._always_open:
                amount = duration // ONE_US
                table = self._cache.last
                if table is None or not table.span_start <= us < table.span_end:
                    table = self._table_at(us)
                return _add_forward(table, us, amount) or self._add_slow(table, us, amount)
        us = instant_to_us(start, "start")
        amount = duration_to_us(duration, "duration")
        return us_to_instant(self._add_us(us, amount), self._tz)

    def add_working_time_many(
        self, starts: Iterable[datetime], duration: timedelta
    ) -> list[datetime]:
        """:meth:`add_working_time` over many starts with one duration.

        About a tenth faster per item than a loop of single calls: each result is still
        an aware datetime, and building those is most of the cost. For instants kept as
        integers, the numpy forms in :mod:`sla_calendar.calendar.arrays` are about ten times
        faster again.
        """
        amount = duration_to_us(duration, "duration")
        zone, to_us, to_instant = self._tz, instant_to_us, us_to_instant
        if amount <= 0 or self._always_open:
            add_us = self._add_us
            return [to_instant(add_us(to_us(start, "start"), amount), zone) for start in starts]
        table_at, add_forward, add_slow = self._table_at, _add_forward, self._add_slow
        epoch, one_us, plain = EPOCH, ONE_US, datetime
        results: list[datetime] = []
        append = results.append
        table = None
        for start in starts:
            if type(start) is plain:
                try:
                    us = (start - epoch) // one_us
                except TypeError:  # naive: to_us raises the package's error
                    us = to_us(start, "start")
            else:
                us = to_us(start, "start")
            if table is None or not table.span_start <= us < table.span_end:
                table = table_at(us)
            append(add_forward(table, us, amount) or add_slow(table, us, amount))
        return results

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time in ``[start, end)``; negative when ``end`` is before ``start``."""
        if type(start) is datetime and type(end) is datetime:  # the common case inlined
            try:
                a = (start - EPOCH) // ONE_US
                b = (end - EPOCH) // ONE_US
            except TypeError:
                pass  # a naive datetime: instant_to_us below raises the package error
            else:
                return timedelta(0, 0, self._between_us(a, b))
        a = instant_to_us(start, "start")
        b = instant_to_us(end, "end")
        return timedelta(0, 0, self._between_us(a, b))  # positional: the fast constructor

    def working_time_between_many(
        self, pairs: Iterable[tuple[datetime, datetime]]
    ) -> list[timedelta]:
        """:meth:`working_time_between` over many ``(start, end)`` pairs.

        Saves the per-call overhead of a loop; see :mod:`sla_calendar.calendar.arrays` for arrays.
        """
        between, to_us = self._between_us, instant_to_us
        epoch, one_us, plain = EPOCH, ONE_US, datetime
        results: list[timedelta] = []
        append = results.append
        for start, end in pairs:
            if type(start) is plain and type(end) is plain:
                try:
                    a, b = (start - epoch) // one_us, (end - epoch) // one_us
                except TypeError:  # naive: to_us raises the package's error
                    a, b = to_us(start, "start"), to_us(end, "end")
            else:
                a, b = to_us(start, "start"), to_us(end, "end")
            append(timedelta(0, 0, between(a, b)))
        return results

    def next_opening(self, moment: datetime) -> datetime:
        """The first instant strictly after ``moment`` at which work starts."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "next_opening", forward=True, by_start=True):
            if not self._is_seam_start(table, i):
                return us_to_instant(table.starts[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    def next_closing(self, moment: datetime) -> datetime:
        """The first instant strictly after ``moment`` at which work stops."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "next_closing", forward=True, by_start=False):
            if not self._is_seam_end(table, i):
                return us_to_instant(table.ends[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    def previous_opening(self, moment: datetime) -> datetime:
        """The last instant strictly before ``moment`` at which work started."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "previous_opening", forward=False, by_start=True):
            if not self._is_seam_start(table, i):
                return us_to_instant(table.starts[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    def previous_closing(self, moment: datetime) -> datetime:
        """The last instant strictly before ``moment`` at which work stopped."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "previous_closing", forward=False, by_start=False):
            if not self._is_seam_end(table, i):
                return us_to_instant(table.ends[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------ integer core

    def add_working_time_us(self, start_us: int, duration_us: int) -> int:
        """:meth:`add_working_time` on integers: µs since 0001-01-01T00:00Z and µs.

        For bulk work that keeps instants as integers; no validation beyond the types.
        """
        return self._add_us(start_us, duration_us)

    def working_time_between_us(self, start_us: int, end_us: int) -> int:
        """:meth:`working_time_between` on integers (µs since 0001-01-01T00:00Z)."""
        return self._between_us(start_us, end_us)

    def working_intervals_us(self, first_year: int, last_year: int) -> list[tuple[int, int]]:
        """The working intervals ``[start, end)`` of local years ``first_year..last_year``.

        Integers (µs since 0001-01-01T00:00Z), sorted and disjoint; for bulk engines
        that do this calendar's arithmetic on whole arrays. Work that runs across a year
        end is split there. A round-the-clock calendar has no intervals to give.

        >>> from sla_calendar import kyiv_calendar
        >>> intervals = kyiv_calendar().working_intervals_us(2019, 2019)
        >>> len(intervals), (intervals[0][1] - intervals[0][0]) // 3_600_000_000
        (250, 9)
        """
        self._refuse_always_open("working_intervals_us")
        self._check_year_span(first_year, last_year)
        intervals: list[tuple[int, int]] = []
        for year in range(first_year, last_year + 1):
            table = self._table(year)
            intervals += zip(table.starts, table.ends, strict=True)
        return intervals

    def local_year_us(self, us: int) -> int:
        """The local year, in this calendar's zone, of the instant ``us`` (an integer)."""
        return self._table_at(us).year

    def _add_us(self, us: int, amount: int) -> int:
        """Integer form of :meth:`add_working_time`."""
        if amount == 0 or self._always_open:
            return us + amount
        return self._add_from(self._table_at(us), us, amount)[2]

    def _add_slow(self, table: _YearTable, us: int, amount: int) -> datetime:
        """:meth:`add_working_time` of ``us`` in ``table`` when :func:`_add_forward` can't."""
        return _result_instant(*self._add_from(table, us, amount), self._tz)

    def _add_from(self, table: _YearTable, us: int, amount: int) -> tuple[_YearTable, int, int]:
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
                table = self._next_table(table, walked, "duration")
            cum_end = table.cum_end
            j = bisect_left(cum_end, target)
            return table, j, table.ends[j] - (cum_end[j] - target)
        walked = 0
        while target < 0:
            walked += 1
            table = self._previous_table(table, walked, "duration")
            target += table.total
        cum_start = table.cum_start
        j = bisect_right(cum_start, target) - 1
        return table, j, table.starts[j] + (target - cum_start[j])

    def _between_us(self, a: int, b: int) -> int:
        """Integer form of :meth:`working_time_between`."""
        if self._always_open:
            return b - a
        if b < a:
            return -self._between_us(b, a)
        first = self._table_at(a)
        if b < first.span_end:  # one local year, the common case: elapsed() twice, inlined
            cum_start, starts, ends, total = first.cum_start, first.starts, first.ends, first.total
            n = len(ends)
            i = bisect_right(ends, a)
            j = bisect_right(ends, b, i)
            before_a = total if i == n else cum_start[i] + (a - starts[i] if a > starts[i] else 0)
            before_b = total if j == n else cum_start[j] + (b - starts[j] if b > starts[j] else 0)
            return before_b - before_a
        last = self._table_at(b)
        self._check_year_span(first.year, last.year)
        total = first.total - first.elapsed(a) + last.elapsed(b)
        for year in range(first.year + 1, last.year):
            total += self._table(year).total
        return total

    def _walk(
        self, us: int, what: str, *, forward: bool, by_start: bool
    ) -> Iterator[tuple[_YearTable, int]]:
        """Raw intervals whose start (or end) lies strictly after (or before) ``us``."""
        self._refuse_always_open(what)
        table = self._table_at(us)
        keys = table.starts if by_start else table.ends
        i = bisect_right(keys, us) if forward else bisect_left(keys, us) - 1
        walked = 0
        while True:
            if forward:
                while i == len(table.starts):
                    walked += 1
                    table, i = self._next_table(table, walked, what), 0
                yield table, i
                i += 1
            else:
                while i < 0:
                    walked += 1
                    table = self._previous_table(table, walked, what)
                    i = len(table.starts) - 1
                yield table, i
                i -= 1

    def _is_seam_start(self, table: _YearTable, i: int) -> bool:
        """True when interval ``i`` only starts because a year starts there."""
        if i or table.year == MIN_YEAR:
            return False
        before = self._table(table.year - 1)
        return bool(before.ends) and before.ends[-1] == table.starts[0]

    def _is_seam_end(self, table: _YearTable, i: int) -> bool:
        """True when interval ``i`` only ends because a year ends there."""
        if i != len(table.ends) - 1 or table.year == MAX_YEAR:
            return False
        after = self._table(table.year + 1)
        return bool(after.starts) and after.starts[0] == table.ends[-1]

    def _refuse_always_open(self, what: str) -> None:
        if self._always_open:
            raise NoWorkingTimeError(
                f"{what}: this calendar is open around the clock, so it never opens or "
                "closes; expected a calendar with closing times"
            )

    # ---------------------------------------------------------- tables

    def _check_year_span(self, first_year: int, last_year: int) -> None:
        if last_year - first_year > MAX_SPAN_YEARS:
            raise OutOfRangeError(
                f"a query from year {first_year} to {last_year} crosses more than "
                f"{MAX_SPAN_YEARS} years; expected a shorter span"
            )

    def _next_table(self, table: _YearTable, walked: int, what: str) -> _YearTable:
        if walked > MAX_SPAN_YEARS:
            raise OutOfRangeError(
                f"{what}: the answer lies more than {MAX_SPAN_YEARS} years away; expected a "
                "shorter span"
            )
        return self._table(table.year + 1)

    def _previous_table(self, table: _YearTable, walked: int, what: str) -> _YearTable:
        if walked > MAX_SPAN_YEARS:
            raise OutOfRangeError(
                f"{what}: the answer lies more than {MAX_SPAN_YEARS} years away; expected a "
                "shorter span"
            )
        return self._table(table.year - 1)

    def _table_at(self, us: int) -> _YearTable:
        """The table of the local year that holds instant ``us``."""
        # The mean Gregorian year puts the guess within a day or two of the truth, so at
        # most one step corrects it (a step beyond years 1..9999 raises).
        cache = self._cache
        table = cache.last
        if table is not None and table.span_start <= us < table.span_end:
            return table
        span_starts, tables = cache.index
        k = bisect_right(span_starts, us) - 1
        if k >= 0 and us < tables[k].span_end:
            table = cache.last = tables[k]
            return table
        year = min(MAX_YEAR, max(MIN_YEAR, us * 400 // _US_PER_400_YEARS + 1))
        table = cache.tables.get(year) or self._build_table(year)
        while us < table.span_start:
            table = self._table(table.year - 1)
        while us >= table.span_end:
            table = self._table(table.year + 1)
        cache.last = table
        return table

    def _table(self, year: int) -> _YearTable:
        table = self._cache.tables.get(year)
        if table is None:
            table = self._build_table(year)
        return table

    def _build_table(self, year: int) -> _YearTable:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise OutOfRangeError(
                f"local year {year} is outside the calendar's range (an instant or a result "
                f"beyond {MIN_YEAR:04d}-01-01..{MAX_YEAR}-12-31 in {self.zone}); expected "
                f"years {MIN_YEAR}..{MAX_YEAR}"
            )
        cache = self._cache
        with cache.lock:
            table = cache.tables.get(year)
            if table is not None:
                return table
            table = self._make_table(year)
            if len(cache.tables) >= _CACHE_YEARS:
                for old in list(cache.tables)[: _CACHE_YEARS // 2]:
                    del cache.tables[old]
            cache.tables[year] = table
            built = sorted(cache.tables.values(), key=lambda each: each.year)
            cache.index = ([each.span_start for each in built], built)
            return table

    def _marks(self, year: int) -> dict[date, DayMark]:
        """The holiday source's marks of ``year`` (called with the cache lock held)."""
        if self.holidays is None or not MIN_YEAR <= year <= MAX_YEAR:
            return {}
        cache = self._cache
        marks = cache.marks.get(year)
        if marks is None:
            first = year - (year - MIN_YEAR) % _BLOCK_YEARS
            last = min(MAX_YEAR, first + _BLOCK_YEARS - 1)
            block = self.holidays.marks(first, last)
            if len(cache.marks) >= _CACHE_YEARS:
                cache.marks.clear()
            for each in range(first, last + 1):
                cache.marks[each] = {}
            for day, mark in block.items():
                if first <= day.year <= last:
                    cache.marks[day.year][day] = mark
            marks = cache.marks[year]
        return marks

    def _classify(self, day: date, marks: dict[date, DayMark]) -> DayInfo:
        hours = self._extra.get(day)
        mark = marks.get(day)
        name = mark.name if mark is not None else None
        if hours is not None:
            return DayInfo(day, DayKind.EXTRA_WORKING_DAY, name, hours)
        if day in self.closed_dates:
            return DayInfo(day, DayKind.CLOSED, name, ())
        weekly = self.weekly_hours.days[day.weekday()]
        if mark is not None:
            if mark.kind.is_off:
                return DayInfo(day, mark.kind, name, ())
            if mark.kind is DayKind.TRANSFERRED_WORKING_DAY:
                return DayInfo(day, mark.kind, name, weekly or self._workday_hours)
            if mark.kind is DayKind.HOLIDAY_WORKED and weekly:
                return DayInfo(day, mark.kind, name, weekly)
        if weekly:
            return DayInfo(day, DayKind.WORKING, None, weekly)
        return DayInfo(day, DayKind.WEEKEND, name, ())

    def _is_eve(
        self, day: date, marks: dict[date, DayMark], next_marks: dict[date, DayMark]
    ) -> bool:
        """True when ``day`` is the eve of a public holiday off that the calendar keeps off.

        The holiday is the next date when it is a ``HOLIDAY``, or the one the source
        names in ``DayMark.eve_of`` (a day worked in place of a transferred eve).
        ``marks`` are those of ``day``'s year, ``next_marks`` of the year after.
        """
        mark = marks.get(day)
        if mark is not None and mark.eve_of is not None and mark.eve_of not in self._extra:
            return True
        if day == date.max:
            return False
        following = day + timedelta(days=1)
        tomorrow = (marks if following.year == day.year else next_marks).get(following)
        return (
            tomorrow is not None
            and tomorrow.kind is DayKind.HOLIDAY
            and following not in self._extra
        )

    def _make_table(self, year: int) -> _YearTable:
        zone = self._tz
        first_day = date(year, 1, 1)
        marks = self._marks(year)
        next_marks = self._marks(year + 1)
        cut = self.eve_shortening // ONE_US
        days: list[DayInfo] = []
        starts: list[int] = []
        ends: list[int] = []
        working_ordinals: list[int] = []
        day = first_day
        one_day = timedelta(days=1)
        while day.year == year:
            info = self._classify(day, marks)
            # An extra working date's own hours win over everything, the eve rule too.
            if (
                cut
                and info.hours
                and day not in self._extra
                and self._is_eve(day, marks, next_marks)
            ):
                info = DayInfo(day, info.kind, info.name, _shorten(info.hours, cut), shortened=True)
            days.append(info)
            if info.hours:
                working_ordinals.append(day.toordinal())
            for span in info.hours:
                start = local_to_us(zone, day, span.start_us, first=True)
                end = local_to_us(zone, day, span.end_us, first=False)
                if end <= start:
                    continue
                if ends and start <= ends[-1]:
                    ends[-1] = max(ends[-1], end)
                else:
                    starts.append(start)
                    ends.append(end)
            if day.month == 12 and day.day == 31:
                break
            day += one_day
        cum_start: list[int] = []
        cum_end: list[int] = []
        running = 0
        for start, end in zip(starts, ends, strict=True):
            cum_start.append(running)
            running += end - start
            cum_end.append(running)
        span_start = local_to_us(zone, first_day, 0, first=True)
        span_end = local_to_us(zone, date(year, 12, 31), US_PER_DAY, first=True)
        local_days = [_local_day(start, end, zone) for start, end in zip(starts, ends, strict=True)]
        return _YearTable(
            year=year,
            span_start=span_start,
            span_end=span_end,
            starts=starts,
            ends=ends,
            cum_start=cum_start,
            cum_end=cum_end,
            total=running,
            first_ordinal=first_day.toordinal(),
            days=tuple(days),
            working_ordinals=working_ordinals,
            local_days=local_days,
        )


_US_PER_400_YEARS: Final = 146_097 * US_PER_DAY


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


def _add_forward(table: _YearTable, us: int, amount: int) -> datetime | None:
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


def _result_instant(table: _YearTable, j: int, us: int, zone: tzinfo) -> datetime:
    """Instant ``us``, in or at the end of interval ``j`` of ``table``, in ``zone``."""
    day = table.local_days[j]
    if day is not None:
        # Wall-clock addition is exact: _local_day checked that the interval's wall time,
        # up to its end (24:00 at the latest), runs at one offset.
        return day[1] + timedelta(0, 0, us - day[0])
    return us_to_instant(us, zone)


def _shorten(hours: DayHours, cut: int) -> DayHours:
    """Remove ``cut`` µs from the end of a day's hours."""
    spans = list(hours)
    while spans and cut > 0:
        last = spans.pop()
        length = last.end_us - last.start_us
        if length > cut:
            spans.append(TimeSpan(last.start_us, last.end_us - cut))
        cut -= length
    return tuple(spans)


ROUND_THE_CLOCK: Final = WorkingCalendar(
    zone="Europe/Kyiv",
    weekly_hours=WeeklyHours.parse({"mon-sun": "00:00-24:00"}),
)
"""The 24/7 calendar (R13): working time is elapsed real time; results in Kyiv time.

Three hours from 01:30 on the night clocks go forward are three real hours:

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> night = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Kyiv"))
>>> ROUND_THE_CLOCK.add_working_time(night, timedelta(hours=3)).isoformat()
'2026-03-29T05:30:00+03:00'
"""
