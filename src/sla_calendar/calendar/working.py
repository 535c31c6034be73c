"""The working calendar: when support works, and exact working-time arithmetic.

A :class:`WorkingCalendar` is an immutable value: a time zone, weekly hours, a holiday
source, closed dates and extra working dates. It says what each date is (its kind, its
hours). Its arithmetic runs over year tables built once per local year from those
dates and read by bisection, so no query loops day by day, on one of two paths that
give the very same answers:

* the wall-clock path, for aware datetimes: a year's working time kept as datetimes in
  the calendar's zone, compared and subtracted on the wall clock where that is exact
  (:mod:`sla_calendar.calendar._wallclock`), so that a datetime is never converted;
* the integer path (:class:`IntegerPath`), on integer µs on the UTC line
  (:mod:`sla_calendar.calendar._tables`): for integers, and for every datetime the
  wall-clock path cannot answer (a date with a clock change, a negative duration, a
  tzinfo other than the standard library's).
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any, Final
from zoneinfo import ZoneInfo

from sla_calendar._checks import invalid_value, require_optional, require_type, wrong_type
from sla_calendar._instants import (
    EPOCH,
    ONE_US,
    US_PER_DAY,
    check_date,
    duration_to_us,
    instant_to_us,
    local_to_us,
    us_to_instant,
)
from sla_calendar._zones import load_zone
from sla_calendar.calendar._tables import (
    MAX_SPAN_YEARS,
    YearTable,
    YearTables,
    add_forward,
    build_year_table,
    check_result_us,
    check_year_span,
    result_instant,
)
from sla_calendar.calendar._wallclock import (
    GALLOP,
    YEARS_AHEAD,
    DayEntry,
    WallTables,
    worked_before,
)
from sla_calendar.calendar.days import (
    MAX_YEAR,
    MIN_YEAR,
    DayInfo,
    DayKind,
    DayMark,
    HolidaySource,
    check_source,
)
from sla_calendar.calendar.hours import (
    DayHours,
    HoursLike,
    TimeSpan,
    WeeklyHours,
    check_day_hours,
    parse_day_hours,
)
from sla_calendar.errors import NoWorkingTimeError

__all__ = [
    "MAX_SPAN_YEARS",
    "ROUND_THE_CLOCK",
    "IntegerPath",
    "WorkingCalendar",
    "WorkingPeriod",
    "in_zone",
    "integer_path",
]

_BLOCK_YEARS: Final = 8  # years asked of the holiday source at a time
_MARK_YEARS: Final = 512  # years of holiday marks kept per calendar before all are dropped
_FULL_DAY: Final = (TimeSpan(0, US_PER_DAY),)
_ZERO: Final = timedelta(0)
# Longer durations go straight to the integer path, which refuses what lies out of reach
# before building any year (shorter ones cross a few years at most: no need to check).
_WALL_MAX: Final = timedelta(days=366 * YEARS_AHEAD)
_FAR_US: Final = _WALL_MAX // ONE_US


@dataclass(frozen=True, slots=True)
class WorkingPeriod:
    """A stretch of working time within one local date: ``[start, end)``."""

    date: date
    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        """Real time elapsed from start to end (a DST change inside it counts as real)."""
        # On the integer line: a start before 0001-01-01T00:00Z has no UTC datetime.
        return timedelta(
            microseconds=instant_to_us(self.end, "WorkingPeriod.end")
            - instant_to_us(self.start, "WorkingPeriod.start")
        )


def _dates(values: object, name: str) -> frozenset[date]:
    """``values`` (any iterable of dates but text) as a frozenset, each checked."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise wrong_type(name, "an iterable of datetime.date", values)
    return frozenset(check_date(day, f"{name} item") for day in values)


def _extra_hours(pairs: object) -> dict[date, DayHours]:
    """``extra_working_dates`` checked and as a mapping: each date to its hours."""
    pairs = require_type(pairs, tuple, "extra_working_dates", "a tuple of (date, hours) pairs")
    extra: dict[date, DayHours] = {}
    for item in pairs:
        if not isinstance(item, tuple) or len(item) != 2:
            raise wrong_type("extra_working_dates item", "a (date, hours) pair", item)
        day = check_date(item[0], "extra_working_dates date")
        if day in extra:
            raise invalid_value("extra_working_dates date", day, "each date once, not twice")
        extra[day] = check_day_hours(item[1], f"extra_working_dates[{day.isoformat()}]")
    return extra


def in_zone(moment: datetime, zone: tzinfo) -> datetime | None:
    """``moment`` (an aware datetime) shown in ``zone``, when that is safe to ask CPython.

    Only for the standard library's own tzinfo classes (``timezone``, ``ZoneInfo``),
    whose offsets are valid by construction; None for any other (the integer path reads
    it and raises the package's error if it must) and beyond years 1..9999.
    """
    kind = type(moment.tzinfo)
    if kind is not timezone and kind is not ZoneInfo:
        return None
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return None


class IntegerPath:
    """A calendar's arithmetic on datetimes through integer µs on the UTC line.

    Each instant is read as integer µs, the year tables of
    :mod:`sla_calendar.calendar._tables` answer, and the result is built back in the
    calendar's zone. :class:`WorkingCalendar` takes this path whenever its wall-clock
    one cannot answer (see ``docs/performance.md``); :func:`integer_path` hands it out so
    that tests can hold the two paths to the same answers and the benchmark can time
    both. It keeps no reference to its calendar (so that no cycle forms), only the
    calendar's year tables, zone and whether it is always open.
    """

    __slots__ = ("_always_open", "_cache", "_tz")

    def __init__(self, cache: YearTables, zone: tzinfo, *, always_open: bool) -> None:
        self._cache = cache
        self._tz = zone
        self._always_open = always_open

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """:meth:`WorkingCalendar.add_working_time` through integer µs."""
        if type(start) is datetime and type(duration) is timedelta and duration > _ZERO:
            try:
                us = (start - EPOCH) // ONE_US
            except (TypeError, ValueError):
                us = None  # naive or an odd tzinfo: instant_to_us below raises the package error
            if us is not None and not self._always_open:
                amount = duration // ONE_US
                table = self._cache.last
                if table is None or not table.span_start <= us < table.span_end:
                    table = self._cache.table_at(us)
                return add_forward(table, us, amount) or self._add_slow(table, us, amount)
        us = instant_to_us(start, "start")
        amount = duration_to_us(duration, "duration")
        return us_to_instant(self.add_us(us, amount), self._tz)

    def add_working_time_many(
        self, starts: Iterable[datetime], duration: timedelta
    ) -> list[datetime]:
        """:meth:`WorkingCalendar.add_working_time_many` through integer µs."""
        amount = duration_to_us(duration, "duration")
        zone, to_us, to_instant = self._tz, instant_to_us, us_to_instant
        if amount <= 0 or self._always_open:
            add_us = self.add_us
            return [to_instant(add_us(to_us(start, "start"), amount), zone) for start in starts]
        table_at, forward, add_slow = self._cache.table_at, add_forward, self._add_slow
        epoch, one_us, plain = EPOCH, ONE_US, datetime
        results: list[datetime] = []
        append = results.append
        table = None
        for start in starts:
            if type(start) is plain:
                try:
                    us = (start - epoch) // one_us
                except (TypeError, ValueError):  # naive or an odd tzinfo: to_us raises
                    us = to_us(start, "start")
            else:
                us = to_us(start, "start")
            if table is None or not table.span_start <= us < table.span_end:
                table = table_at(us)
            append(forward(table, us, amount) or add_slow(table, us, amount))
        return results

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """:meth:`WorkingCalendar.working_time_between` through integer µs."""
        if type(start) is datetime and type(end) is datetime:  # the common case inlined
            try:
                a = (start - EPOCH) // ONE_US
                b = (end - EPOCH) // ONE_US
            except (TypeError, ValueError):
                pass  # naive or an odd tzinfo: instant_to_us below raises the package error
            else:
                return timedelta(0, 0, self._cache.between(a, b))
        a = instant_to_us(start, "start")
        b = instant_to_us(end, "end")
        return timedelta(0, 0, self._cache.between(a, b))  # positional: the fast constructor

    def working_time_between_many(
        self, pairs: Iterable[tuple[datetime, datetime]]
    ) -> list[timedelta]:
        """:meth:`WorkingCalendar.working_time_between_many` through integer µs."""
        between, to_us = self._cache.between, instant_to_us
        epoch, one_us, plain = EPOCH, ONE_US, datetime
        results: list[timedelta] = []
        append = results.append
        for start, end in pairs:
            if type(start) is plain and type(end) is plain:
                try:
                    a, b = (start - epoch) // one_us, (end - epoch) // one_us
                except (TypeError, ValueError):  # naive or an odd tzinfo: to_us raises
                    a, b = to_us(start, "start"), to_us(end, "end")
            else:
                a, b = to_us(start, "start"), to_us(end, "end")
            append(timedelta(0, 0, between(a, b)))
        return results

    def add_us(self, us: int, amount: int) -> int:
        """:meth:`WorkingCalendar.add_working_time_us`, its arguments' types already checked."""
        if amount == 0 or self._always_open:
            return check_result_us(us + amount)
        cache = self._cache
        if not -_FAR_US < amount < _FAR_US:  # what lies out of reach is refused at once
            cache.check_reach(us, amount)
        return cache.add(cache.table_at(us), us, amount)[2]

    def _add_slow(self, table: YearTable, us: int, amount: int) -> datetime:
        """:meth:`add_working_time` of ``us`` in ``table`` when :func:`add_forward` can't."""
        if not -_FAR_US < amount < _FAR_US:
            self._cache.check_reach(us, amount)
        return result_instant(*self._cache.add(table, us, amount), self._tz)


def integer_path(calendar: WorkingCalendar) -> IntegerPath:
    """``calendar``'s integer path: the same answers as its methods, never on the wall clock."""
    return calendar._integer


@dataclass(frozen=True, slots=True, weakref_slot=True)
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
    _cache: YearTables = field(init=False, repr=False, compare=False)
    _extra: dict[date, DayHours] = field(init=False, repr=False, compare=False)
    _workday_hours: DayHours = field(init=False, repr=False, compare=False)
    _always_open: bool = field(init=False, repr=False, compare=False)
    _integer: IntegerPath = field(init=False, repr=False, compare=False)
    _walls: WallTables = field(init=False, repr=False, compare=False)
    _wall_days: dict[int, DayEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_tz", load_zone(self.zone))
        weekly = require_type(
            self.weekly_hours, WeeklyHours, "weekly_hours", "a WeeklyHours (see WeeklyHours.parse)"
        )
        if weekly.total <= _ZERO:
            raise NoWorkingTimeError(
                f"weekly_hours={weekly} has no working time; expected at least "
                "one weekday with hours (a calendar that never works is refused)"
            )
        check_source(self.holidays)
        closed = require_type(self.closed_dates, frozenset, "closed_dates", "a frozenset of dates")
        for day in closed:
            check_date(day, "closed_dates item")
        setattr_(self, "_extra", _extra_hours(self.extra_working_dates))
        if self.transferred_day_hours is None:
            longest = max(weekly.days, key=lambda d: sum(s.end_us - s.start_us for s in d))
            setattr_(self, "_workday_hours", longest)
        else:
            hours = check_day_hours(self.transferred_day_hours, "transferred_day_hours")
            setattr_(self, "_workday_hours", hours)
        shortening = require_type(
            self.eve_shortening, timedelta, "eve_shortening", "a datetime.timedelta"
        )
        if shortening < _ZERO:
            raise invalid_value("eve_shortening", shortening, "a timedelta >= 0")
        setattr_(
            self,
            "_always_open",
            self.holidays is None
            and not closed
            and not self.extra_working_dates
            and all(day == _FULL_DAY for day in weekly.days),
        )
        tables = YearTables(
            weakref.WeakMethod(self._make_table),
            self.zone,
            always_open=self._always_open,
            longest_day_us=max(
                sum(span.end_us - span.start_us for span in hours)
                for hours in (*weekly.days, self._workday_hours, *self._extra.values())
            ),
        )
        setattr_(self, "_cache", tables)
        setattr_(self, "_integer", IntegerPath(tables, self._tz, always_open=self._always_open))
        walls = WallTables(tables, self._tz)
        setattr_(self, "_walls", walls)
        setattr_(self, "_wall_days", walls.days)

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
        extra_hours = require_optional(
            extra_working_dates,
            Mapping,  # type: ignore[type-abstract]
            "extra_working_dates",
            "a mapping of datetime.date to hours, or None",
        )
        extra = tuple(
            sorted(
                (check_date(day, "extra_working_dates date"), parse_day_hours(h, str(day)))
                for day, h in (extra_hours or {}).items()
            )
        )
        return cls(
            zone=zone,
            weekly_hours=weekly,
            holidays=holidays,
            closed_dates=_dates(closed_dates, "closed_dates"),
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
        table = self._cache.table(day.year)
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
        check_year_span(first.year, last.year)
        periods: list[WorkingPeriod] = []
        day = first
        floor = a  # spans that touch at a wall time the clocks repeat overlap on the UTC line
        while True:
            for span in self.day_info(day).hours:
                low = max(floor, local_to_us(zone, day, span.start_us, first=True))
                high = min(b, local_to_us(zone, day, span.end_us, first=False))
                if low < high:
                    periods.append(
                        WorkingPeriod(day, us_to_instant(low, zone), us_to_instant(high, zone))
                    )
                    floor = high
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
        check_year_span(first.year, last.year)
        return self._iter_working_days(first, last)

    def _iter_working_days(self, first: date, last: date) -> Iterator[date]:
        low, high = first.toordinal(), last.toordinal()
        for year in range(first.year, last.year + 1):
            ordinals = self._cache.table(year).working_ordinals
            for ordinal in ordinals[bisect_left(ordinals, low) : bisect_right(ordinals, high)]:
                yield date.fromordinal(ordinal)

    def count_working_days(self, first: date, last: date) -> int:
        """Count the working dates from ``first`` to ``last``, both included."""
        check_date(first, "first")
        check_date(last, "last")
        check_year_span(first.year, last.year)
        low, high = first.toordinal(), last.toordinal()
        count = 0
        for year in range(first.year, last.year + 1):
            ordinals = self._cache.table(year).working_ordinals
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
        table = self._cache.table_at(us)
        i = bisect_right(table.starts, us) - 1
        return i >= 0 and us < table.ends[i]

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant at which ``duration`` of working time has passed since ``start``.

        A result may be a closing time exactly (Friday 18:00, not Monday 09:00). A
        negative duration goes back: the latest instant ``t <= start`` with that much
        working time in ``[t, start)``, so it may be an opening exactly. Zero gives
        ``start`` (in the calendar's zone).
        """
        # The wall-clock path (see calendar/_wallclock.py), inlined: a deadline is
        # computed per request, and a call's overhead is much of its cost. A start in
        # the calendar's zone on a date with an entry, a forward timedelta, a result on
        # a clean date; anything else goes to _add_other.
        if type(start) is datetime and start.tzinfo is self._tz and type(duration) is timedelta:
            try:
                opening, closing, origin, elapsed, after, lo, hi, cum_end, bases, wall = (
                    self._wall_days[start.toordinal()]
                )
            except KeyError:
                return self._add_other(start, duration)
            if start > opening:
                if start >= closing:
                    elapsed = after
                elif origin is not None:
                    elapsed = start - origin
                else:
                    elapsed = wall.worked(start, lo, hi)
            try:
                target = elapsed + duration
            except OverflowError:
                target = elapsed  # far too long: _add_other refuses it
            if elapsed < target:
                k = lo + GALLOP  # most results lie within a few pieces: look there first
                j = bisect_left(cum_end, target, lo, k)
                if j == k:
                    j = bisect_left(cum_end, target, k)
                base = bases[j]
                if base is not None:
                    return base + target
                if target > wall.total:
                    later = self._walls.add_after(wall.year, target - wall.total)
                    if later is not None:
                        return later
        return self._add_other(start, duration)

    def _add_other(self, start: datetime, duration: timedelta) -> datetime:
        """:meth:`add_working_time` when its inlined wall-clock path did not answer.

        A start in another zone is answered by that zone's view of the year if it has
        one, else converted once and tried again (its view is built for next time); a
        date whose wall table is not built yet is built and tried again; everything
        else (a negative or zero duration, a date with a clock change, a datetime
        subclass, an odd tzinfo, bad input) takes the integer path, which also raises
        the package's errors.
        """
        if type(start) is datetime and type(duration) is timedelta:
            if not -_WALL_MAX < duration < _WALL_MAX:  # refuse what is out of reach at once
                amount = duration_to_us(duration, "duration")
                self._cache.check_reach(instant_to_us(start, "start"), amount)
            elif start.tzinfo is not self._tz:
                walls = self._walls
                entry = walls.entry(start) if duration > _ZERO else None
                result = None if entry is None else walls.add(entry, start, duration)
                if result is not None:
                    return result
                local = in_zone(start, self._tz)
                if local is not None:
                    walls.build_view(start, local.year)
                    return self.add_working_time(local, duration)
            elif self._walls.build(start.year):
                return self.add_working_time(start, duration)
        self._walls.count_integer_call()
        return self._integer.add_working_time(start, duration)

    def add_working_time_many(
        self, starts: Iterable[datetime], duration: timedelta
    ) -> list[datetime]:
        """:meth:`add_working_time` over many starts with one duration.

        The same answers, with the per-call overhead saved; each result is still an
        aware datetime. For instants kept as integers or arrays, the numpy forms in
        :mod:`sla_calendar.calendar.arrays` are several times faster again.
        """
        if not isinstance(starts, Iterable):
            raise wrong_type("starts", "an iterable of aware datetimes", starts)
        zone, days, single, plain = self._tz, self._wall_days, self.add_working_time, datetime
        left, gallop = bisect_left, GALLOP
        if type(duration) is not timedelta or not _ZERO < duration < _WALL_MAX:
            return [single(start, duration) for start in starts]
        results: list[datetime] = []
        append = results.append
        for start in starts:
            entry = (
                days.get(start.toordinal())
                if type(start) is plain and start.tzinfo is zone
                else None
            )
            if entry is not None:
                opening, closing, origin, elapsed, after, lo, hi, cum_end, bases, wall = entry
                if start > opening:
                    if start >= closing:
                        elapsed = after
                    elif origin is not None:
                        elapsed = start - origin
                    else:
                        elapsed = wall.worked(start, lo, hi)
                target = elapsed + duration
                k = lo + gallop
                j = left(cum_end, target, lo, k)
                if j == k:
                    j = left(cum_end, target, k)
                base = bases[j]
                if base is not None:
                    append(base + target)
                    continue
            append(single(start, duration))
        return results

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time in ``[start, end)``; negative when ``end`` is before ``start``."""
        # The wall-clock path, inlined as in add_working_time: both in the calendar's
        # zone, on dates with entries; the working time before each, read in its year.
        zone = self._tz
        if (
            type(start) is datetime
            and type(end) is datetime
            and start.tzinfo is zone
            and end.tzinfo is zone
        ):
            days = self._wall_days
            try:
                opening, closing, origin, before, later, lo, hi, _, _, wall = days[
                    start.toordinal()
                ]
                if start > opening:
                    if start >= closing:
                        before = later
                    elif origin is not None:
                        before = start - origin
                    else:
                        before = wall.worked(start, lo, hi)
                opening, closing, origin, after, later, lo, hi, _, _, last_wall = days[
                    end.toordinal()
                ]
            except KeyError:
                return self._between_other(start, end)
            if end > opening:
                if end >= closing:
                    after = later
                elif origin is not None:
                    after = end - origin
                else:
                    after = last_wall.worked(end, lo, hi)
            if wall is last_wall:
                return after - before
            return self._between_years(wall.year, before, last_wall.year, after)
        return self._between_other(start, end)

    def _between_years(
        self, year: int, before: timedelta, last_year: int, after: timedelta
    ) -> timedelta:
        """Working time from ``before`` into local ``year`` to ``after`` into ``last_year``.

        The integer path's sum (the rest of the first year, the years between, the start
        of the last) on timedeltas; from a later year to an earlier one, its negative.
        """
        if last_year < year:
            return -self._between_years(last_year, after, year, before)
        if last_year == year:
            return after - before
        check_year_span(year, last_year)
        worked = after - before
        for each in range(year, last_year):
            worked += timedelta(0, 0, self._cache.table(each).total)
        return worked

    def _between_other(self, start: datetime, end: datetime) -> timedelta:
        """:meth:`working_time_between` when its inlined wall-clock path did not answer.

        Each instant is read on the wall clock if it can be (:meth:`_read_on_wall`);
        if either cannot, both take the integer path, which also raises the package's
        errors.
        """
        if type(start) is datetime and type(end) is datetime:
            first = self._read_on_wall(start)
            last = self._read_on_wall(end) if first is not None else None
            if first is not None and last is not None:
                return self._between_years(first[0], first[1], last[0], last[1])
        self._walls.count_integer_call()
        return self._integer.working_time_between(start, end)

    def _read_on_wall(self, moment: datetime) -> tuple[int, timedelta] | None:
        """The local year of ``moment`` and that year's working time before it, or None.

        Read by ``moment``'s own zone's entry if it has one (the calendar's zone, or a
        view of another); else ``moment`` is converted to the calendar's zone (and its
        zone given a view of the year for next time) and read there, the year's wall
        table built first if it may be. None when the wall clock cannot answer.
        """
        walls = self._walls
        entry = walls.entry(moment)
        if entry is None:
            local = moment if moment.tzinfo is self._tz else in_zone(moment, self._tz)
            if local is None:
                return None
            if local is not moment:
                walls.build_view(moment, local.year)
                entry = walls.entry(local)
            if entry is None and walls.build(local.year):
                entry = walls.entry(local)
            if entry is None:
                return None
            moment = local
        wall = entry[9]
        return wall.year, worked_before(entry, moment)

    def working_time_between_many(
        self, pairs: Iterable[tuple[datetime, datetime]]
    ) -> list[timedelta]:
        """:meth:`working_time_between` over many ``(start, end)`` pairs.

        The same answers, with the per-call overhead saved; see
        :mod:`sla_calendar.calendar.arrays` for arrays.
        """
        if not isinstance(pairs, Iterable):
            raise wrong_type("pairs", "an iterable of (start, end) pairs", pairs)
        zone, days, single, plain = self._tz, self._wall_days, self.working_time_between, datetime
        results: list[timedelta] = []
        append = results.append
        for pair in pairs:
            try:
                start, end = pair
            except (TypeError, ValueError):
                raise wrong_type("pairs item", "a (start, end) pair of datetimes", pair) from None
            if (
                type(start) is plain
                and type(end) is plain
                and start.tzinfo is zone
                and end.tzinfo is zone
            ):
                try:
                    opening, closing, origin, before, later, lo, hi, _, _, wall = days[
                        start.toordinal()
                    ]
                    if start > opening:
                        if start >= closing:
                            before = later
                        elif origin is not None:
                            before = start - origin
                        else:
                            before = wall.worked(start, lo, hi)
                    opening, closing, origin, after, later, lo, hi, _, _, last_wall = days[
                        end.toordinal()
                    ]
                except KeyError:
                    append(single(start, end))
                    continue
                if wall is last_wall:
                    if end > opening:
                        if end >= closing:
                            after = later
                        elif origin is not None:
                            after = end - origin
                        else:
                            after = wall.worked(end, lo, hi)
                    append(after - before)
                    continue
            append(single(start, end))
        return results

    @property
    def integer_path_calls(self) -> int:
        """How many calls on datetimes this calendar answered by its integer path.

        :meth:`add_working_time` and :meth:`working_time_between` (and their ``_many``
        forms, per item) answer on the wall clock when they can and count each time
        they cannot: a diagnostic for benchmarks (``docs/performance.md`` lists where
        the integer path is taken). Not part of the calendar's value.
        """
        return self._walls.integer_calls

    def next_opening(self, moment: datetime) -> datetime:
        """The first instant strictly after ``moment`` at which work starts."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "next_opening", forward=True, by_start=True):
            if not self._cache.is_seam_start(table, i):
                return us_to_instant(table.starts[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    def next_closing(self, moment: datetime) -> datetime:
        """The first instant strictly after ``moment`` at which work stops."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "next_closing", forward=True, by_start=False):
            if not self._cache.is_seam_end(table, i):
                return us_to_instant(table.ends[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    def previous_opening(self, moment: datetime) -> datetime:
        """The last instant strictly before ``moment`` at which work started."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "previous_opening", forward=False, by_start=True):
            if not self._cache.is_seam_start(table, i):
                return us_to_instant(table.starts[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    def previous_closing(self, moment: datetime) -> datetime:
        """The last instant strictly before ``moment`` at which work stopped."""
        us = instant_to_us(moment, "moment")
        for table, i in self._walk(us, "previous_closing", forward=False, by_start=False):
            if not self._cache.is_seam_end(table, i):
                return us_to_instant(table.ends[i], self._tz)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------ integer core

    def add_working_time_us(self, start_us: int, duration_us: int) -> int:
        """:meth:`add_working_time` on integers: µs since 0001-01-01T00:00Z and µs.

        For bulk work that keeps instants as integers. Both must be ints (not bools);
        an instant or a result outside years 1..9999 raises :class:`OutOfRangeError`.
        """
        if type(start_us) is not int or type(duration_us) is not int:
            require_type(start_us, int, "start_us", "an int of µs since 0001-01-01T00:00Z")
            require_type(duration_us, int, "duration_us", "an int of µs")
        return self._integer.add_us(start_us, duration_us)

    def working_time_between_us(self, start_us: int, end_us: int) -> int:
        """:meth:`working_time_between` on integers (µs since 0001-01-01T00:00Z)."""
        if type(start_us) is not int or type(end_us) is not int:
            require_type(start_us, int, "start_us", "an int of µs since 0001-01-01T00:00Z")
            require_type(end_us, int, "end_us", "an int of µs since 0001-01-01T00:00Z")
        return self._cache.between(start_us, end_us)

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
        require_type(first_year, int, "first_year", "an int")
        require_type(last_year, int, "last_year", "an int")
        self._refuse_always_open("working_intervals_us")
        check_year_span(first_year, last_year)
        intervals: list[tuple[int, int]] = []
        for year in range(first_year, last_year + 1):
            table = self._cache.table(year)
            intervals += zip(table.starts, table.ends, strict=True)
        return intervals

    def local_year_us(self, us: int) -> int:
        """The local year, in this calendar's zone, of the instant ``us`` (an integer)."""
        require_type(us, int, "us", "an int of µs since 0001-01-01T00:00Z")
        return self._cache.table_at(us).year

    def _walk(
        self, us: int, what: str, *, forward: bool, by_start: bool
    ) -> Iterator[tuple[YearTable, int]]:
        """Raw intervals whose start (or end) lies strictly after (or before) ``us``."""
        self._refuse_always_open(what)
        return self._cache.walk(us, what, forward=forward, by_start=by_start)

    def _refuse_always_open(self, what: str) -> None:
        if self._always_open:
            raise NoWorkingTimeError(
                f"{what}: this calendar is open around the clock, so it never opens or "
                "closes; expected a calendar with closing times"
            )

    # ---------------------------------------------------------- days of a year

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
            if len(cache.marks) >= _MARK_YEARS:
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

    def _make_table(self, year: int) -> YearTable:
        """The table of local ``year`` (called by the cache, under its lock)."""
        marks = self._marks(year)
        next_marks = self._marks(year + 1)
        cut = self.eve_shortening // ONE_US
        days: list[DayInfo] = []
        day = date(year, 1, 1)
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
            if day.month == 12 and day.day == 31:
                break
            day += one_day
        return build_year_table(year, self._tz, days)


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
