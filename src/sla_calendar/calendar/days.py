"""What a date is in a calendar: the kinds of day, and the source of holidays.

A :class:`HolidaySource` tells a calendar which dates are special (holidays, days off
moved by law, weekend days made working). :class:`CountryHolidays` reads any country
of the ``holidays`` package; :mod:`sla_calendar.calendar.ukraine` adds Ukraine's martial-law
options. Sources are frozen, hashable values; they build what they need afresh on each
call and never hand a ``holidays`` object to callers.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol, runtime_checkable

from sla_calendar._checks import CheckedEnum, require_type
from sla_calendar.calendar.hours import DayHours
from sla_calendar.errors import ArgumentTypeError, InvalidValueError

__all__ = [
    "CountryHolidays",
    "DayInfo",
    "DayKind",
    "DayMark",
    "HolidaySource",
]

MIN_YEAR = 1
MAX_YEAR = 9999


class DayKind(CheckedEnum):
    """Why a date works or not."""

    WORKING = "working"
    """An ordinary working day by the weekly hours."""
    WEEKEND = "weekend"
    """A day with no weekly hours (Saturday, Sunday in most calendars)."""
    HOLIDAY = "holiday"
    """A public holiday that is a day off."""
    OBSERVED_HOLIDAY = "observed_holiday"
    """A day off in place of a holiday that fell on a weekend."""
    TRANSFERRED_DAY_OFF = "transferred_day_off"
    """A weekday made a day off, its work moved to a weekend day."""
    TRANSFERRED_WORKING_DAY = "transferred_working_day"
    """A weekend day made a working day in exchange for a transferred day off."""
    HOLIDAY_WORKED = "holiday_worked"
    """A public holiday that is nevertheless a working day.

    In Ukraine under martial law (Law 2136-IX, art. 6, part 6:
    https://zakon.rada.gov.ua/laws/show/2136-20).
    """
    CLOSED = "closed"
    """A date the calendar itself closes (company shutdown and the like)."""
    EXTRA_WORKING_DAY = "extra_working_day"
    """A date the calendar itself opens with its own hours."""

    @property
    def is_off(self) -> bool:
        """True for the kinds that make a date a day off whatever its weekday."""
        return self in _OFF_KINDS


_OFF_KINDS = frozenset(
    {
        DayKind.HOLIDAY,
        DayKind.OBSERVED_HOLIDAY,
        DayKind.TRANSFERRED_DAY_OFF,
        DayKind.CLOSED,
    }
)


@dataclass(frozen=True, slots=True)
class DayMark:
    """A holiday source's word about one date: its kind and a human-readable name.

    ``eve_of`` is set on a working day that the law counts as the eve of that public
    holiday although the holiday is not the next date: a weekend day worked in place of
    a transferred eve (Ukraine's Labour Code art. 53 as its ministry applied it,
    https://zakon.rada.gov.ua/laws/show/322-08; see
    :class:`~sla_calendar.UkraineHolidays`). A calendar with ``eve_shortening``
    shortens it, once, like the day before a holiday.
    """

    kind: DayKind
    name: str
    eve_of: date | None = None


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Everything a calendar knows about one local date.

    ``hours`` are the wall-clock spans worked that day (empty on a day off);
    ``shortened`` is true when the day lost time as the eve of a holiday.
    """

    date: date
    kind: DayKind
    name: str | None
    hours: DayHours
    shortened: bool = False

    @property
    def is_working(self) -> bool:
        """True when the date has any working hours."""
        return bool(self.hours)

    @property
    def working_time(self) -> timedelta:
        """Wall-clock working time of the day (DST nights aside)."""
        return timedelta(microseconds=sum(s.end_us - s.start_us for s in self.hours))


@runtime_checkable
class HolidaySource(Protocol):
    """Anything that marks special dates for a range of years; must be hashable.

    ``marks(first_year, last_year)`` returns a mark for each special date in those years
    (inclusive): days off (``HOLIDAY``, ``OBSERVED_HOLIDAY``, ``TRANSFERRED_DAY_OFF``),
    working weekend days (``TRANSFERRED_WORKING_DAY``) and holidays that are worked
    (``HOLIDAY_WORKED``). Dates outside the range must not be returned.

    A source may also have a ``first_year`` (an int): the first year it knows anything
    about. The array functions refuse instants before it (see
    :func:`~sla_calendar.add_working_time_array`); without one, every year counts.
    """

    def marks(self, first_year: int, last_year: int) -> Mapping[date, DayMark]:
        """Return the special dates of years ``first_year..last_year``."""
        ...


def build_holidays(country: str, years: range, **options: Any) -> Any:
    """Return a fresh ``holidays`` object for ``years`` (never shared, never cached)."""
    import holidays

    try:
        return holidays.country_holidays(country, years=years, **options)
    except NotImplementedError:
        raise InvalidValueError(
            f"country={country!r} is not supported by the holidays package; expected an "
            "ISO 3166 code such as 'UA' or 'PL'"
        ) from None


@functools.lru_cache(maxsize=64)
def first_data_year(country: str, subdiv: str | None = None) -> int:
    """The first year the ``holidays`` package has holidays of ``country`` for.

    >>> first_data_year("UA")
    1991
    """
    import holidays

    try:
        table = holidays.country_holidays(country, subdiv=subdiv)
    except NotImplementedError:
        raise InvalidValueError(
            f"country={country!r} (subdiv={subdiv!r}) is not supported by the holidays "
            "package; expected an ISO 3166 code such as 'UA' or 'PL'"
        ) from None
    return max(MIN_YEAR, int(table.start_year))


def padded_years(first_year: int, last_year: int) -> range:
    """Years ``first_year - 1 .. last_year + 1`` clipped to 1..9999 (each must be an int).

    A transfer can put its working Saturday in the year before its day off (and an
    observed day in the year after its holiday), so a range is always built padded.
    """
    require_type(first_year, int, "first_year", "an int")
    require_type(last_year, int, "last_year", "an int")
    return range(max(MIN_YEAR, first_year - 1), min(MAX_YEAR, last_year + 1) + 1)


def substitution_pairs(table: Any) -> dict[date, date]:
    """Map each transferred day off to the weekend day that works instead.

    ``holidays`` records each transfer as a day off named after its working day
    ("Day off (substituted from 05/11/2019)") and lists the working days in
    ``weekend_workdays``; the pair is recovered by formatting each working day the way
    the source does.
    """
    label = getattr(table, "substituted_label", None)
    date_format = getattr(table, "substituted_date_format", None)
    if not label or not date_format:
        return {}
    label_text = table.tr(label)
    format_text = table.tr(date_format)
    by_name = {
        label_text % workday.strftime(format_text): workday for workday in table.weekend_workdays
    }
    pairs: dict[date, date] = {}
    for day_off, names in table.items():
        for name in names.split("; "):
            workday = by_name.get(name)
            if workday is not None:
                pairs[day_off] = workday
    return pairs


def public_marks(observed: Any, unobserved: Any) -> dict[date, DayMark]:
    """Marks from two ``holidays`` tables of the same years: with and without observed days.

    A date only in the observed table is an observed holiday; a date whose day off was
    traded for a weekend working day (see :func:`substitution_pairs`) is a transferred
    day off, and its weekend day a transferred working day, both named with ISO dates.
    """
    pairs = substitution_pairs(observed)
    marks: dict[date, DayMark] = {}
    for day, name in observed.items():
        if day in pairs:
            marks[day] = DayMark(
                DayKind.TRANSFERRED_DAY_OFF,
                f"Transferred day off (worked on {pairs[day].isoformat()})",
            )
        elif day in unobserved:
            marks[day] = DayMark(DayKind.HOLIDAY, name)
        else:
            marks[day] = DayMark(DayKind.OBSERVED_HOLIDAY, name)
    traded = set(pairs.values())
    for day_off, workday in pairs.items():
        marks[workday] = DayMark(
            DayKind.TRANSFERRED_WORKING_DAY,
            f"Transferred working day (for {day_off.isoformat()})",
        )
    for workday in observed.weekend_workdays:
        if workday not in traded and workday not in marks:
            marks[workday] = DayMark(DayKind.TRANSFERRED_WORKING_DAY, "Working day")
    return marks


def _in_range(day: date, first_year: int, last_year: int) -> bool:
    return first_year <= day.year <= last_year


@dataclass(frozen=True, slots=True)
class CountryHolidays:
    """Holidays of any country (and subdivision) known to the ``holidays`` package.

    Days off are the package's holidays in ``categories``; observed days (a holiday
    moved off a weekend) and transferred days off are told apart; the package's
    ``weekend_workdays`` become working weekend days.

    >>> source = CountryHolidays("PL", language="en_US")
    >>> source.marks(2024, 2024)[date(2024, 11, 11)]
    DayMark(kind=<DayKind.HOLIDAY: 'holiday'>, name='National Independence Day', eve_of=None)
    """

    country: str
    subdiv: str | None = None
    categories: tuple[str, ...] = ("public",)
    language: str | None = "en_US"

    def __post_init__(self) -> None:
        if not isinstance(self.country, str):
            raise ArgumentTypeError(
                f"country must be a str such as 'UA', got {type(self.country).__name__} "
                f"{self.country!r}"
            )
        if not isinstance(self.categories, tuple):
            raise ArgumentTypeError(
                f"categories must be a tuple of str, got {type(self.categories).__name__} "
                f"{self.categories!r}"
            )

    def _options(self, **extra: Any) -> dict[str, Any]:
        options: dict[str, Any] = {"language": self.language, "categories": self.categories}
        if self.subdiv is not None:
            options["subdiv"] = self.subdiv
        options.update(extra)
        return options

    @property
    def first_year(self) -> int:
        """The first year the ``holidays`` package has this country's holidays for."""
        return first_data_year(self.country, self.subdiv)

    def marks(self, first_year: int, last_year: int) -> dict[date, DayMark]:
        """Return the special dates of years ``first_year..last_year``."""
        years = padded_years(first_year, last_year)
        observed = build_holidays(self.country, years, **self._options())
        unobserved = build_holidays(self.country, years, **self._options(observed=False))
        marks = public_marks(observed, unobserved)
        return {day: mark for day, mark in marks.items() if _in_range(day, first_year, last_year)}


def check_source(value: object) -> HolidaySource | None:
    """Return ``value`` if it is a usable holiday source (or None), else raise."""
    if value is None:
        return None
    if not isinstance(value, HolidaySource):
        raise ArgumentTypeError(
            "holidays must be a HolidaySource (e.g. CountryHolidays('PL')) or None, got "
            f"{type(value).__name__} {value!r}"
        )
    try:
        hash(value)
    except TypeError:
        raise ArgumentTypeError(
            f"holidays must be hashable (a frozen dataclass, for instance), got {value!r}"
        ) from None
    return value
