"""Working-time arithmetic on whole numpy arrays of instants (numpy is optional).

For bulk work (audits, notebooks, data pipelines) where instants are already integers:
µs since 0001-01-01T00:00Z on the UTC line, as ``int64`` arrays, the library's own
integer form. A :class:`WorkingTimeLine` lays a calendar's working intervals over a
span of local years as one running total ``W(t)`` (working µs since the span began), so

* the working time in ``[a, b)`` is ``W(b) - W(a)``;
* ``d > 0`` of working time after ``s`` ends at the earliest ``t`` with
  ``W(t) = W(s) + d`` (a closing time exactly, when that is where it ends);
* ``d < 0`` goes back to the latest ``t`` with ``W(t) = W(s) + d``;

each one ``searchsorted`` per array, exact integer arithmetic, the same answers as
:meth:`~sla_calendar.WorkingCalendar.add_working_time_us` and
:meth:`~sla_calendar.WorkingCalendar.working_time_between_us` (tests compare them).
numpy is imported inside; without it these functions raise with an install hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sla_calendar._checks import require_type, wrong_type
from sla_calendar.calendar.days import MAX_YEAR, MIN_YEAR
from sla_calendar.calendar.working import MAX_SPAN_YEARS, WorkingCalendar
from sla_calendar.errors import InvalidValueError, OutOfRangeError

__all__ = ["WorkingTimeLine", "add_working_time_array", "working_time_between_array"]


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

    @property
    def total(self) -> int:
        """Working µs in the whole span."""
        return int(self.cum_end[-1]) if len(self.cum_end) else 0

    def worked(self, instants: Any) -> Any:
        """``W(t)`` for each instant: working µs from the span's start to ``t``."""
        np = _numpy()
        if not len(self.starts):
            return np.zeros_like(instants)
        i = np.searchsorted(self.ends, instants, side="right")
        inside = i < len(self.ends)
        j = np.where(inside, i, 0)
        into = np.maximum(instants - self.starts[j], 0)
        return np.where(inside, self.cum_start[j] + into, self.total)

    def reach(self, goals: Any) -> Any:
        """The earliest instant at which ``W`` reaches each goal (each ``0 < goal <= total``)."""
        j = _numpy().searchsorted(self.cum_end, goals, side="left")
        return self.ends[j] - (self.cum_end[j] - goals)

    def reach_back(self, goals: Any) -> Any:
        """The latest instant at which ``W`` equals each goal (each ``0 <= goal < total``)."""
        j = _numpy().searchsorted(self.cum_start, goals, side="right") - 1
        return self.starts[j] + (goals - self.cum_start[j])


def _as_us_array(values: object, name: str) -> Any:
    np = _numpy()
    if not isinstance(values, np.ndarray) or values.dtype != np.int64 or values.ndim != 1:
        raise wrong_type(
            name, "a one-dimensional numpy int64 array of µs since 0001-01-01T00:00Z", values
        )
    return values


def _line_for(calendar: WorkingCalendar, first_year: int, last_year: int) -> WorkingTimeLine:
    first, last = max(MIN_YEAR, first_year), min(MAX_YEAR, last_year)
    if last - first > MAX_SPAN_YEARS:
        raise OutOfRangeError(
            f"the instants and results span years {first}..{last}; expected at most "
            f"{MAX_SPAN_YEARS} years"
        )
    return WorkingTimeLine(calendar, first, last)


def add_working_time_array(calendar: WorkingCalendar, starts_us: Any, duration_us: int) -> Any:
    """:meth:`~sla_calendar.WorkingCalendar.add_working_time_us` for a whole array of starts.

    ``starts_us`` is a numpy ``int64`` array of µs since 0001-01-01T00:00Z; the result
    is one too. ``duration_us`` may be negative or zero, as for a single call.

    >>> import numpy as np
    >>> from datetime import datetime, timedelta, timezone
    >>> from sla_calendar import kyiv_calendar
    >>> epoch, one_us = datetime(1, 1, 1, tzinfo=timezone.utc), timedelta(microseconds=1)
    >>> friday = datetime.fromisoformat("2026-11-20T17:30+02:00")
    >>> starts = np.array([(friday - epoch) // one_us], dtype=np.int64)
    >>> due = add_working_time_array(kyiv_calendar(), starts, 24 * 3_600_000_000)
    >>> (epoch + int(due[0]) * one_us).isoformat()  # Wednesday 14:30 in Kyiv
    '2026-11-25T12:30:00+00:00'
    """
    require_type(calendar, WorkingCalendar, "calendar")
    starts = _as_us_array(starts_us, "starts_us")
    require_type(duration_us, int, "duration_us", "an int of µs")
    if duration_us == 0 or calendar.is_round_the_clock or not len(starts):
        return starts + duration_us
    first = calendar.local_year_us(int(starts.min()))
    last = calendar.local_year_us(int(starts.max()))
    slack = 1
    while True:
        # Build the years of the starts and some beyond, in the direction of travel;
        # when an answer lies further, widen (the span check ends this).
        if duration_us > 0:
            line = _line_for(calendar, first, last + slack)
            goals = line.worked(starts) + duration_us
            if int(goals.max()) <= line.total:
                return line.reach(goals)
        else:
            line = _line_for(calendar, first - slack, last)
            goals = line.worked(starts) + duration_us
            if int(goals.min()) >= 0:
                return line.reach_back(goals)
        if line.first_year == MIN_YEAR and line.last_year == MAX_YEAR:  # pragma: no cover
            raise OutOfRangeError("duration_us reaches beyond years 1..9999")
        slack *= 2


def working_time_between_array(calendar: WorkingCalendar, starts_us: Any, ends_us: Any) -> Any:
    """:meth:`~sla_calendar.WorkingCalendar.working_time_between_us` for arrays of pairs.

    Both are numpy ``int64`` arrays of µs since 0001-01-01T00:00Z, of one length; the
    result is the working µs in ``[start, end)``, negative where ``end < start``.
    """
    require_type(calendar, WorkingCalendar, "calendar")
    starts = _as_us_array(starts_us, "starts_us")
    ends = _as_us_array(ends_us, "ends_us")
    if len(starts) != len(ends):
        raise InvalidValueError(
            f"starts_us and ends_us have lengths {len(starts)} and {len(ends)}; expected "
            "the same length"
        )
    if calendar.is_round_the_clock or not len(starts):
        return ends - starts
    low = min(int(starts.min()), int(ends.min()))
    high = max(int(starts.max()), int(ends.max()))
    line = _line_for(calendar, calendar.local_year_us(low), calendar.local_year_us(high))
    return line.worked(ends) - line.worked(starts)
