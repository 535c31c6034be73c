"""Local working hours: spans of wall-clock time within a day, and a week of them.

A :class:`TimeSpan` is ``[start, end)`` measured from local midnight, so 24:00 can end
a day. A day's hours are a sorted tuple of spans that do not overlap (a lunch break is
two spans). :class:`WeeklyHours` holds one such tuple per weekday, Monday first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time, timedelta
from itertools import pairwise
from typing import Final, TypeAlias

from sla_calendar._checks import require_type, wrong_type
from sla_calendar._instants import ONE_US, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND
from sla_calendar.errors import InvalidHoursError

__all__ = [
    "DayHours",
    "HoursLike",
    "TimeSpan",
    "WeeklyHours",
    "check_day_hours",
    "parse_day_hours",
]

WEEKDAY_NAMES: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN_RE: Final = re.compile(
    r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$"
)


def _format_offset(us: int) -> str:
    hours, rest = divmod(us, US_PER_HOUR)
    minutes, rest = divmod(rest, US_PER_MINUTE)
    seconds, micros = divmod(rest, US_PER_SECOND)
    text = f"{hours:02d}:{minutes:02d}"
    if seconds or micros:
        text += f":{seconds:02d}"
    if micros:
        text += f".{micros:06d}"
    return text


@dataclass(frozen=True, slots=True, order=True)
class TimeSpan:
    """A span ``[start, end)`` of local wall-clock time within one day.

    ``start`` and ``end`` are offsets from local midnight; ``end`` may be 24 hours.

    >>> TimeSpan.parse("09:00-18:00")
    TimeSpan('09:00-18:00')
    >>> TimeSpan.parse("09:00-18:00").length
    datetime.timedelta(seconds=32400)
    """

    start_us: int
    end_us: int

    def __post_init__(self) -> None:
        for name in ("start_us", "end_us"):
            require_type(getattr(self, name), int, f"TimeSpan.{name}", "an int of microseconds")
        if not 0 <= self.start_us < self.end_us <= US_PER_DAY:
            raise InvalidHoursError(
                f"time span {_format_offset(self.start_us)}-{_format_offset(self.end_us)} is "
                "invalid; expected 00:00 <= start < end <= 24:00"
            )

    @classmethod
    def of(cls, start: time | timedelta, end: time | timedelta) -> TimeSpan:
        """Build a span from two ``time`` values or two offsets from midnight."""
        return cls(_to_offset_us(start, "start"), _to_offset_us(end, "end", end=True))

    @classmethod
    def parse(cls, text: str) -> TimeSpan:
        """Parse ``"HH:MM-HH:MM"`` (seconds optional, ``24:00`` allowed as end)."""
        match = _SPAN_RE.match(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidHoursError(
                f"time span {text!r} is not understood; expected 'HH:MM-HH:MM', e.g. '09:00-18:00'"
            )
        h1, m1, s1, h2, m2, s2 = (int(group or 0) for group in match.groups())
        if m1 > 59 or m2 > 59 or s1 > 59 or s2 > 59 or h1 > 23 or h2 > 24:
            raise InvalidHoursError(
                f"time span {text!r} has an impossible time; expected hours 0-24 and minutes 0-59"
            )
        start = h1 * US_PER_HOUR + m1 * US_PER_MINUTE + s1 * US_PER_SECOND
        end = h2 * US_PER_HOUR + m2 * US_PER_MINUTE + s2 * US_PER_SECOND
        if end <= start:
            raise InvalidHoursError(
                f"time span {text!r} ends at or before it starts; expected start < end "
                "(use '22:00-24:00' and '00:00-06:00' on the next day for a night shift)"
            )
        return cls(start, end)

    @property
    def start(self) -> timedelta:
        """Start as an offset from local midnight."""
        return timedelta(microseconds=self.start_us)

    @property
    def end(self) -> timedelta:
        """End as an offset from local midnight (up to 24 hours)."""
        return timedelta(microseconds=self.end_us)

    @property
    def length(self) -> timedelta:
        """Wall-clock length of the span."""
        return timedelta(microseconds=self.end_us - self.start_us)

    def __str__(self) -> str:
        return f"{_format_offset(self.start_us)}-{_format_offset(self.end_us)}"

    def __repr__(self) -> str:
        return f"TimeSpan({str(self)!r})"


DayHours: TypeAlias = tuple[TimeSpan, ...]
"""One day's working hours: sorted, non-overlapping spans (empty: no work)."""

HoursLike: TypeAlias = str | TimeSpan | Iterable[str | TimeSpan]
"""What :func:`parse_day_hours` accepts: ``"09:00-13:00, 14:00-18:00"``, spans, or a list."""


def _to_offset_us(value: object, name: str, *, end: bool = False) -> int:
    if isinstance(value, timedelta):
        return value // ONE_US
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise InvalidHoursError(
                f"{name}={value!r} carries a time zone; working hours are wall-clock times "
                "in the calendar's zone"
            )
        offset = (
            value.hour * US_PER_HOUR
            + value.minute * US_PER_MINUTE
            + value.second * US_PER_SECOND
            + value.microsecond
        )
        return US_PER_DAY if end and offset == 0 else offset
    raise wrong_type(name, "a datetime.time or timedelta", value)


def parse_day_hours(value: HoursLike, name: str = "hours") -> DayHours:
    """Normalise one day's hours to a sorted tuple of non-overlapping spans.

    >>> parse_day_hours("14:00-18:00, 09:00-13:00")
    (TimeSpan('09:00-13:00'), TimeSpan('14:00-18:00'))
    >>> parse_day_hours("")
    ()
    """
    if isinstance(value, TimeSpan):
        items: list[str | TimeSpan] = [value]
    elif isinstance(value, str):
        items = [part for part in value.split(",") if part.strip()]
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        raise wrong_type(name, "a string like '09:00-18:00', a TimeSpan or a list of them", value)
    spans: list[TimeSpan] = []
    for item in items:
        if isinstance(item, TimeSpan):
            spans.append(item)
        elif isinstance(item, str):
            spans.append(TimeSpan.parse(item))
        else:
            raise wrong_type(f"{name} item", "a string like '09:00-18:00' or a TimeSpan", item)
    spans.sort()
    for earlier, later in pairwise(spans):
        if later.start_us < earlier.end_us:
            raise InvalidHoursError(
                f"{name} has overlapping spans {earlier} and {later}; expected spans that do "
                "not overlap"
            )
    return tuple(spans)


def check_day_hours(value: object, name: str) -> DayHours:
    """Return ``value`` if it is one day's hours as :func:`parse_day_hours` gives them.

    That is a tuple of :class:`TimeSpan` values in order of time, none overlapping
    another; anything else raises, naming ``name``.
    """
    if not isinstance(value, tuple) or not all(isinstance(span, TimeSpan) for span in value):
        raise wrong_type(name, "a tuple of TimeSpan values", value)
    if parse_day_hours(value, name) != value:  # raises for overlapping spans
        raise InvalidHoursError(f"{name}={value!r} is invalid; expected spans in order of time")
    return value


def _weekday_keys(key: object) -> list[int]:
    if isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 6:
        return [key]
    if isinstance(key, str):
        text = key.strip().lower()
        if text in WEEKDAY_NAMES:
            return [WEEKDAY_NAMES.index(text)]
        first, sep, last = text.partition("-")
        if sep and first in WEEKDAY_NAMES and last in WEEKDAY_NAMES:
            a, b = WEEKDAY_NAMES.index(first), WEEKDAY_NAMES.index(last)
            if a <= b:
                return list(range(a, b + 1))
    raise InvalidHoursError(
        f"weekday key {key!r} is not understood; expected 0-6 (Monday=0), a name like 'mon' "
        "or a range like 'mon-fri'"
    )


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Working hours for each weekday, Monday first; an empty tuple means a day off.

    >>> week = WeeklyHours.parse({"mon-fri": "09:00-18:00"})
    >>> week.days[0], week.days[5]
    ((TimeSpan('09:00-18:00'),), ())
    >>> week.total
    datetime.timedelta(days=1, seconds=75600)
    """

    days: tuple[DayHours, DayHours, DayHours, DayHours, DayHours, DayHours, DayHours]

    def __post_init__(self) -> None:
        if not isinstance(self.days, tuple) or len(self.days) != 7:
            raise wrong_type(
                "WeeklyHours.days", "a tuple of 7 day-hours tuples (Monday first)", self.days
            )
        for index, day in enumerate(self.days):
            check_day_hours(day, f"WeeklyHours.days[{index}]")

    @classmethod
    def parse(cls, spec: Mapping[int | str, HoursLike] | Sequence[HoursLike]) -> WeeklyHours:
        """Build from ``{"mon-fri": "09:00-18:00", "sat": "10:00-14:00"}`` or 7 entries.

        Days not named are days off. A day named twice is an error.
        """
        days: list[DayHours | None] = [None] * 7
        if isinstance(spec, Mapping):
            for key, hours in spec.items():
                for weekday in _weekday_keys(key):
                    if days[weekday] is not None:
                        raise InvalidHoursError(
                            f"weekly hours name {WEEKDAY_NAMES[weekday]} more than once; "
                            "expected each weekday at most once"
                        )
                    days[weekday] = parse_day_hours(hours, WEEKDAY_NAMES[weekday])
        elif isinstance(spec, Sequence) and not isinstance(spec, str) and len(spec) == 7:
            days = [parse_day_hours(h, WEEKDAY_NAMES[i]) for i, h in enumerate(spec)]
        else:
            raise wrong_type(
                "weekly hours",
                "a mapping like {'mon-fri': '09:00-18:00'} or a sequence of 7 day-hours",
                spec,
            )
        full = tuple(day or () for day in days)
        return cls((full[0], full[1], full[2], full[3], full[4], full[5], full[6]))

    @property
    def total(self) -> timedelta:
        """Wall-clock working time in one ordinary week."""
        return timedelta(
            microseconds=sum(span.end_us - span.start_us for day in self.days for span in day)
        )

    def __str__(self) -> str:
        return "; ".join(
            f"{WEEKDAY_NAMES[i]} {', '.join(map(str, day)) or 'off'}"
            for i, day in enumerate(self.days)
        )
