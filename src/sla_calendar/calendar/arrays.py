"""Working-time arithmetic on whole numpy arrays of instants (numpy is optional).

For bulk work (audits, notebooks, data pipelines). Instants come in one of three forms,
and results go out in the same one:

* numpy ``int64`` arrays of µs since 0001-01-01T00:00Z on the UTC line, the library's
  own integer form (durations: ``int64`` µs);
* numpy ``datetime64`` arrays of any unit, which count from 1970-01-01T00:00 UTC
  (results: ``datetime64[us]``, durations ``timedelta64[us]``);
* pandas timestamps with a time zone: a ``DatetimeIndex``, a ``Series`` of them or a
  ``DatetimeArray`` (results: the same kind, in the calendar's zone; durations as
  timedeltas, a ``Series`` keeping its index).

Instants must lie in the calendar's years: from the first year its holiday source
knows (``first_year``, 1991 for Ukraine; year 1 without one) to 9999 in its zone.
Anything else is refused, naming the unit and origin expected: the integers of numpy
and pandas count from 1970, and read as µs since year 1 they would be dates in the
first century. A :class:`WorkingTimeLine` lays a calendar's working intervals over a
span of local years as one running total ``W(t)`` (working µs since the span began), so

* the working time in ``[a, b)`` is ``W(b) - W(a)``;
* ``d > 0`` of working time after ``s`` ends at the earliest ``t`` with
  ``W(t) = W(s) + d`` (a closing time exactly, when that is where it ends);
* ``d < 0`` goes back to the latest ``t`` with ``W(t) = W(s) + d``;

each one search of a sorted array (by a table where the bounds lie on a grid of whole
hours: ``sla_calendar._search``), exact integer arithmetic, the same answers as
:meth:`~sla_calendar.WorkingCalendar.add_working_time_us` and
:meth:`~sla_calendar.WorkingCalendar.working_time_between_us` (tests compare them).
numpy is imported inside; without it these functions raise with an install hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from sla_calendar._checks import require_type, wrong_type
from sla_calendar._instants import EPOCH, UNIX_EPOCH_US, US_PER_DAY, local_to_us
from sla_calendar._search import GridSearch
from sla_calendar.calendar.days import MAX_YEAR, MIN_YEAR
from sla_calendar.calendar.working import MAX_SPAN_YEARS, WorkingCalendar
from sla_calendar.errors import InvalidValueError, NaiveDatetimeError, OutOfRangeError

__all__ = ["WorkingTimeLine", "add_working_time_array", "working_time_between_array"]

_INTEGERS: Final = "a one-dimensional numpy int64 array of µs since 0001-01-01T00:00Z"
_EXPECTED: Final = (
    f"{_INTEGERS}, a numpy datetime64 array or tz-aware pandas timestamps (DatetimeIndex, Series)"
)
_HINT: Final = (
    "numpy's and pandas' integers count from 1970-01-01: pass their datetime64 values or "
    "timestamps as they are"
)
# µs per unit of numpy's linear datetime64 units, as (numerator, denominator).
_US_PER_UNIT: Final = {
    "W": (7 * US_PER_DAY, 1),
    "D": (US_PER_DAY, 1),
    "h": (3_600_000_000, 1),
    "m": (60_000_000, 1),
    "s": (1_000_000, 1),
    "ms": (1_000, 1),
    "us": (1, 1),
    "ns": (1, 1_000),
    "ps": (1, 1_000_000),
    "fs": (1, 1_000_000_000),
    "as": (1, 1_000_000_000_000),
}
_UNIX_YEAR: Final = 1970


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - exercised only without numpy
        raise InvalidValueError(
            "array arithmetic needs numpy; install it with: pip install numpy (or the extra: "
            "pip install -e '.[pandas]' in a checkout)"
        ) from None
    return numpy


@dataclass(frozen=True, slots=True, eq=False)
class WorkingTimeLine:
    """A calendar's working time over local years ``first_year..last_year`` as arrays.

    ``W(t)`` counts working µs from the start of ``first_year``; instants outside the
    span are refused by the functions below, which build a line wide enough. The arrays
    (``starts``, ``ends``, ``cum_start``, ``cum_end``) are read-only.

    >>> from sla_calendar import kyiv_calendar
    >>> line = WorkingTimeLine(kyiv_calendar(), 2019, 2019)
    >>> line.total // 3_600_000_000  # working hours in Kyiv in 2019
    2250
    """

    calendar: WorkingCalendar
    first_year: int
    last_year: int
    starts: Any = field(init=False, repr=False)
    ends: Any = field(init=False, repr=False)
    cum_start: Any = field(init=False, repr=False)
    cum_end: Any = field(init=False, repr=False)
    _ends: GridSearch = field(init=False, repr=False)
    _cum_start: GridSearch = field(init=False, repr=False)
    _cum_end: GridSearch = field(init=False, repr=False)

    def __post_init__(self) -> None:
        require_type(self.calendar, WorkingCalendar, "WorkingTimeLine.calendar")
        require_type(self.first_year, int, "WorkingTimeLine.first_year", "an int")
        require_type(self.last_year, int, "WorkingTimeLine.last_year", "an int")
        np = _numpy()
        intervals = np.array(
            self.calendar.working_intervals_us(self.first_year, self.last_year), dtype=np.int64
        ).reshape(-1, 2)
        lengths = intervals[:, 1] - intervals[:, 0]
        cum_end = np.cumsum(lengths)
        arrays = {
            "starts": intervals[:, 0],
            "ends": intervals[:, 1],
            "cum_start": cum_end - lengths,
            "cum_end": cum_end,
        }
        for name, array in arrays.items():
            array.flags.writeable = False
            object.__setattr__(self, name, array)
            if name != "starts":
                object.__setattr__(self, f"_{name}", GridSearch.over(array))

    @property
    def total(self) -> int:
        """Working µs in the whole span."""
        return int(self.cum_end[-1]) if len(self.cum_end) else 0

    def worked(self, instants: Any) -> Any:
        """``W(t)`` for each instant (``int64`` µs): working µs from the span's start to ``t``."""
        np = _numpy()
        instants = _int64(instants, "instants")
        if not len(self.starts):
            return np.zeros_like(instants)
        i = self.ended_by(instants)
        inside = i < len(self.ends)
        j = np.where(inside, i, 0)
        into = np.maximum(instants - self.starts[j], 0)
        return np.where(inside, self.cum_start[j] + into, self.total)

    def ended_by(self, instants: Any) -> Any:
        """How many intervals end at or before each instant (``int64`` µs): where each
        instant falls, as ``numpy.searchsorted(ends, instants, side="right")`` gives it."""
        return self._ends.right(_int64(instants, "instants"))

    def reach(self, goals: Any) -> Any:
        """The earliest instant at which ``W`` reaches each goal (each ``0 < goal <= total``)."""
        goals = self._goals(goals, low=1, high=self.total)
        j = self._cum_end.left(goals)
        return self.ends[j] - (self.cum_end[j] - goals)

    def reach_back(self, goals: Any) -> Any:
        """The latest instant at which ``W`` equals each goal (each ``0 <= goal < total``)."""
        goals = self._goals(goals, low=0, high=self.total - 1)
        j = self._cum_start.right(goals) - 1
        return self.starts[j] + (goals - self.cum_start[j])

    def _goals(self, goals: Any, *, low: int, high: int) -> Any:
        goals = _int64(goals, "goals")
        if len(goals) and (int(goals.min()) < low or int(goals.max()) > high):
            raise OutOfRangeError(
                f"goals hold working µs outside {low}..{high}; expected goals this line's "
                f"years {self.first_year}..{self.last_year} reach"
            )
        return goals


def _int64(values: object, name: str) -> Any:
    np = _numpy()
    if not isinstance(values, np.ndarray) or values.dtype != np.int64 or values.ndim != 1:
        raise wrong_type(name, _INTEGERS, values)
    return values


# ------------------------------------------------------------------ input forms


@dataclass(frozen=True, slots=True)
class _Instants:
    """Instants as int64 µs since year 1, with the form they came in (to answer in)."""

    us: Any
    form: str  # "int64", "datetime64" or "pandas"
    like: Any  # the input itself, for a pandas answer's kind, index and name


def _read_instants(values: object, name: str, calendar: WorkingCalendar) -> _Instants:
    """``values`` in any accepted form, as int64 µs in the calendar's years, else raise."""
    np = _numpy()
    if type(values).__module__.split(".")[0] == "pandas":
        instants = _Instants(_pandas_us(values, name), "pandas", values)
    elif not isinstance(values, np.ndarray) or values.ndim != 1:
        raise wrong_type(name, _EXPECTED, values)
    elif values.dtype == np.int64:
        instants = _Instants(values, "int64", values)
    elif values.dtype.kind == "M":
        instants = _Instants(_datetime64_us(values, name), "datetime64", values)
    else:
        raise wrong_type(name, _EXPECTED, values)
    _check_years(calendar, instants, name)
    return instants


def _datetime64_us(values: Any, name: str) -> Any:
    """A numpy datetime64 array (1970-based, UTC) as int64 µs since year 1."""
    np = _numpy()
    unit, count = np.datetime_data(values.dtype)
    nat = np.isnat(values)
    if nat.any():
        raise InvalidValueError(
            f"{name}[{int(np.argmax(nat))}] is NaT; expected an instant in every place"
        )
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    raw = values.view(np.int64)
    low, high = int(raw.min()) * count, int(raw.max()) * count
    # Checked in the array's own unit, before numpy converts (which would wrap around).
    if unit == "Y":
        fits = low >= MIN_YEAR - _UNIX_YEAR and high <= MAX_YEAR - _UNIX_YEAR
    elif unit == "M":
        fits = low >= (MIN_YEAR - _UNIX_YEAR) * 12 and high < (MAX_YEAR + 1 - _UNIX_YEAR) * 12
    elif unit in _US_PER_UNIT:
        numerator, denominator = _US_PER_UNIT[unit]
        fits = low * numerator // denominator >= -UNIX_EPOCH_US - US_PER_DAY and (
            high * numerator // denominator <= (date.max.toordinal() + 1) * US_PER_DAY
        )
    else:
        raise wrong_type(name, _EXPECTED, values)
    if not fits:
        raise OutOfRangeError(
            f"{name} holds datetime64 values beyond years {MIN_YEAR}..{MAX_YEAR}; "
            "expected instants within them"
        )
    return values.astype("datetime64[us]").view(np.int64) + UNIX_EPOCH_US


def _pandas_us(values: Any, name: str) -> Any:
    """A tz-aware pandas DatetimeIndex, Series or DatetimeArray as int64 µs since year 1."""
    import pandas

    kinds = (pandas.DatetimeIndex, pandas.Series, pandas.arrays.DatetimeArray)
    if not isinstance(values, kinds) or values.ndim != 1:
        raise wrong_type(name, _EXPECTED, values)
    dtype = values.dtype
    if not isinstance(dtype, pandas.DatetimeTZDtype):
        if dtype.kind == "M":
            raise NaiveDatetimeError(
                f"{name} holds naive timestamps ({dtype}); expected timestamps with a time "
                "zone (tz_localize them: sla_calendar never guesses a time zone)"
            )
        raise wrong_type(name, _EXPECTED, values)
    utc = pandas.DatetimeIndex(values).tz_convert("UTC").tz_localize(None)
    return _datetime64_us(utc.to_numpy(), name)


def _check_years(calendar: WorkingCalendar, instants: _Instants, name: str) -> None:
    """Refuse instants outside the calendar's years, naming the unit and origin expected."""
    if not len(instants.us):
        return
    first_year = _first_year(calendar)
    zone = calendar.tz
    low = local_to_us(zone, date(first_year, 1, 1), 0, first=True)
    high = local_to_us(zone, date(MAX_YEAR, 12, 31), US_PER_DAY, first=True)
    least, most = int(instants.us.min()), int(instants.us.max())
    if low <= least and most < high:
        return
    wrong = least if least < low else most
    if instants.form == "int64":
        raise OutOfRangeError(
            f"{name} holds {wrong}, which as µs since 0001-01-01T00:00Z is {_utc(wrong)}, "
            f"outside this calendar's years {first_year}..{MAX_YEAR} ({calendar.zone}); "
            f"expected µs since 0001-01-01T00:00Z on the UTC line ({_HINT})"
        )
    raise OutOfRangeError(
        f"{name} holds {_utc(wrong)}, outside this calendar's years {first_year}..{MAX_YEAR} "
        f"({calendar.zone}); expected instants within them"
    )


def _first_year(calendar: WorkingCalendar) -> int:
    first = getattr(calendar.holidays, "first_year", MIN_YEAR)
    return first if isinstance(first, int) and MIN_YEAR <= first <= MAX_YEAR else MIN_YEAR


def _utc(us: int) -> str:
    """Instant ``us`` in words, in UTC (or where it falls, beyond the datetime range)."""
    try:
        return (EPOCH + timedelta(microseconds=us)).isoformat()
    except OverflowError:
        return "before year 1" if us < 0 else "after year 9999"


def _answer_instants(us: Any, instants: _Instants, calendar: WorkingCalendar) -> Any:
    """Results (int64 µs since year 1) in the form the instants came in."""
    if instants.form == "int64":
        return us
    stamps = (us - UNIX_EPOCH_US).astype("datetime64[us]")
    if instants.form == "datetime64":
        return stamps
    import pandas

    index = pandas.DatetimeIndex(stamps).tz_localize("UTC").tz_convert(calendar.zone)
    return _like(pandas, index, instants.like)


def _answer_durations(us: Any, instants: _Instants) -> Any:
    """Durations (int64 µs) in the form the instants came in."""
    if instants.form == "int64":
        return us
    spans = us.astype("timedelta64[us]")
    if instants.form == "datetime64":
        return spans
    import pandas

    return _like(pandas, pandas.TimedeltaIndex(spans), instants.like)


def _like(pandas: Any, index: Any, like: Any) -> Any:
    """``index`` as the same pandas kind as ``like``: a Series keeps its index and name."""
    if isinstance(like, pandas.Series):
        return pandas.Series(index, index=like.index, name=like.name)
    if isinstance(like, pandas.Index):
        return index
    return index.array


# ------------------------------------------------------------------ the functions


def _line_for(calendar: WorkingCalendar, first_year: int, last_year: int) -> WorkingTimeLine:
    first, last = max(MIN_YEAR, first_year), min(MAX_YEAR, last_year)
    if last - first > MAX_SPAN_YEARS:
        raise OutOfRangeError(
            f"the instants and results span years {first}..{last}; expected at most "
            f"{MAX_SPAN_YEARS} years"
        )
    return WorkingTimeLine(calendar, first, last)


def _check_duration(calendar: WorkingCalendar, starts: Any, duration_us: object) -> int:
    """``duration_us`` if it is an int whose results can stay within years 1..9999."""
    duration = require_type(duration_us, int, "duration_us", "an int of µs")
    zone = calendar.tz
    low = local_to_us(zone, date(MIN_YEAR, 1, 1), 0, first=True)
    high = local_to_us(zone, date(MAX_YEAR, 12, 31), US_PER_DAY, first=True)
    # Working time never runs faster than real time: each result lies at least this far
    # (and no duration longer than the whole range fits, even for no starts at all).
    if abs(duration) >= high - low or (
        len(starts)
        and not (low <= int(starts.min()) + duration and int(starts.max()) + duration < high)
    ):
        raise OutOfRangeError(
            f"duration_us={duration} takes the results beyond years {MIN_YEAR}..{MAX_YEAR} "
            f"({calendar.zone}); expected a shorter duration"
        )
    return duration


def add_working_time_array(calendar: WorkingCalendar, starts_us: Any, duration_us: int) -> Any:
    """:meth:`~sla_calendar.WorkingCalendar.add_working_time_us` for a whole array of starts.

    ``starts_us`` is a numpy ``int64`` array of µs since 0001-01-01T00:00Z, a numpy
    ``datetime64`` array or tz-aware pandas timestamps (see the module's docstring); the
    result is in the same form. ``duration_us`` (an int of µs) may be negative or zero,
    as for a single call.

    >>> import numpy as np
    >>> from datetime import datetime, timedelta, timezone
    >>> from sla_calendar import kyiv_calendar
    >>> epoch, one_us = datetime(1, 1, 1, tzinfo=timezone.utc), timedelta(microseconds=1)
    >>> friday = datetime.fromisoformat("2026-11-20T17:30+02:00")
    >>> starts = np.array([(friday - epoch) // one_us], dtype=np.int64)
    >>> due = add_working_time_array(kyiv_calendar(), starts, 24 * 3_600_000_000)
    >>> (epoch + int(due[0]) * one_us).isoformat()  # Wednesday 14:30 in Kyiv
    '2026-11-25T12:30:00+00:00'
    >>> stamps = np.array(["2026-11-20T15:30"], dtype="datetime64[us]")  # UTC, as numpy's
    >>> add_working_time_array(kyiv_calendar(), stamps, 24 * 3_600_000_000)
    array(['2026-11-25T12:30:00.000000'], dtype='datetime64[us]')
    """
    require_type(calendar, WorkingCalendar, "calendar")
    instants = _read_instants(starts_us, "starts_us", calendar)
    starts = instants.us
    duration = _check_duration(calendar, starts, duration_us)
    if duration == 0 or calendar.is_round_the_clock or not len(starts):
        return _answer_instants(starts + duration, instants, calendar)
    first = calendar.local_year_us(int(starts.min()))
    last = calendar.local_year_us(int(starts.max()))
    slack = 1
    while True:
        # Build the years of the starts and some beyond, in the direction of travel;
        # when an answer lies further, widen (the span check ends this).
        if duration > 0:
            line = _line_for(calendar, first, last + slack)
            goals = line.worked(starts) + duration
            if int(goals.max()) <= line.total:
                return _answer_instants(line.reach(goals), instants, calendar)
        else:
            line = _line_for(calendar, first - slack, last)
            goals = line.worked(starts) + duration
            if int(goals.min()) >= 0:
                return _answer_instants(line.reach_back(goals), instants, calendar)
        if line.first_year == MIN_YEAR and line.last_year == MAX_YEAR:  # pragma: no cover
            raise OutOfRangeError("duration_us reaches beyond years 1..9999")
        slack *= 2


def working_time_between_array(calendar: WorkingCalendar, starts_us: Any, ends_us: Any) -> Any:
    """:meth:`~sla_calendar.WorkingCalendar.working_time_between_us` for arrays of pairs.

    ``starts_us`` and ``ends_us`` are instants in one of the accepted forms (see the
    module's docstring), of one length; the result is the working time in
    ``[start, end)``, negative where ``end < start``: int64 µs for int64 instants,
    ``timedelta64[us]`` for datetime64 ones, timedeltas for pandas ones.
    """
    require_type(calendar, WorkingCalendar, "calendar")
    firsts = _read_instants(starts_us, "starts_us", calendar)
    lasts = _read_instants(ends_us, "ends_us", calendar)
    starts, ends = firsts.us, lasts.us
    if len(starts) != len(ends):
        raise InvalidValueError(
            f"starts_us and ends_us have lengths {len(starts)} and {len(ends)}; expected "
            "the same length"
        )
    if calendar.is_round_the_clock or not len(starts):
        return _answer_durations(ends - starts, firsts)
    low = min(int(starts.min()), int(ends.min()))
    high = max(int(starts.max()), int(ends.max()))
    line = _line_for(calendar, calendar.local_year_us(low), calendar.local_year_us(high))
    return _answer_durations(line.worked(ends) - line.worked(starts), firsts)
