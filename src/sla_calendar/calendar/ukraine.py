"""Ukraine's working-day law, and the regulation's Kyiv calendar (clause R6).

Dates come from the ``holidays`` package, never retyped here:

* public holidays of Labour Code art. 73 since 1991, with every change (the 2023
  reform: Christmas on 25 December only, Statehood Day, Defenders' Day on 1 October,
  8 May), and the weekend rule (a holiday on a weekend moves to the next working day)
  in the years the law had it;
* transferred working days set by Cabinet orders: the package records each day off
  with the weekend day worked instead, including pairs that cross a year end;
* martial law (Law 2136-IX, from 2022): holidays are not days off and there are no
  transfers; the package keeps those holidays in its ``workday`` category, and this
  source marks them :attr:`DayKind.HOLIDAY_WORKED`.

Two options the law leaves to circumstances: ``holidays_off_during_martial_law`` (a
company that closes on holidays anyway; the weekend rule does not apply) and
``martial_law_end`` (from the next day, holidays are days off again, with the
weekend rule).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sla_calendar._checks import require_text
from sla_calendar.calendar.days import (
    DayKind,
    DayMark,
    build_holidays,
    padded_years,
    public_marks,
    substitution_pairs,
)
from sla_calendar.calendar.hours import WeeklyHours
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import ArgumentTypeError, InvalidValueError

__all__ = ["KYIV_ZONE", "MARTIAL_LAW_START", "UkraineHolidays", "kyiv_calendar"]

KYIV_ZONE = "Europe/Kyiv"
"""The regulation's time zone (R6)."""

MARTIAL_LAW_START = date(2022, 2, 24)
"""The day martial law began (Presidential Decree 64/2022)."""

_EVE_SHORTENING = timedelta(hours=1)  # Labour Code art. 53


@dataclass(frozen=True, slots=True)
class UkraineHolidays:
    """Ukraine's holidays, transfers and martial-law rules, as a holiday source.

    >>> source = UkraineHolidays()
    >>> source.marks(2019, 2019)[date(2019, 12, 21)].kind
    <DayKind.TRANSFERRED_WORKING_DAY: 'transferred_working_day'>
    >>> source.marks(2024, 2024)[date(2024, 12, 25)].kind
    <DayKind.HOLIDAY_WORKED: 'holiday_worked'>
    """

    martial_law_end: date | None = None
    holidays_off_during_martial_law: bool = False
    language: str | None = "en_US"

    def __post_init__(self) -> None:
        end = self.martial_law_end
        if end is not None:
            if not isinstance(end, date) or isinstance(end, datetime):
                raise ArgumentTypeError(
                    f"martial_law_end must be a datetime.date or None, got "
                    f"{type(end).__name__} {end!r}"
                )
            if end < MARTIAL_LAW_START:
                raise InvalidValueError(
                    f"martial_law_end={end.isoformat()} is before martial law began; expected "
                    f"a date on or after {MARTIAL_LAW_START.isoformat()}"
                )
        if not isinstance(self.holidays_off_during_martial_law, bool):
            raise ArgumentTypeError(
                "holidays_off_during_martial_law must be a bool, got "
                f"{self.holidays_off_during_martial_law!r}"
            )

    def _under_martial_law(self, day: date) -> bool:
        return day >= MARTIAL_LAW_START and (
            self.martial_law_end is None or day <= self.martial_law_end
        )

    def marks(self, first_year: int, last_year: int) -> dict[date, DayMark]:
        """Return the special dates of years ``first_year..last_year``."""
        years = padded_years(first_year, last_year)
        options = {"language": self.language}
        public = build_holidays("UA", years, **options)
        statutory = build_holidays("UA", years, observed=False, **options)
        marks = public_marks(public, statutory)
        if years.stop > MARTIAL_LAW_START.year:
            wartime = build_holidays("UA", years, categories=("workday",), **options)
            restored: list[date] = []
            for day, name in sorted(wartime.items()):
                if not self._under_martial_law(day):
                    marks[day] = DayMark(DayKind.HOLIDAY, name)
                    restored.append(day)
                elif self.holidays_off_during_martial_law:
                    marks[day] = DayMark(DayKind.HOLIDAY, name)
                else:
                    marks[day] = DayMark(DayKind.HOLIDAY_WORKED, name)
            self._observe_weekend_holidays(restored, marks)
        self._mark_transferred_eves(substitution_pairs(public), marks)
        return {day: mark for day, mark in marks.items() if first_year <= day.year <= last_year}

    @staticmethod
    def _mark_transferred_eves(pairs: dict[date, date], marks: dict[date, DayMark]) -> None:
        """Make each day worked in place of a transferred eve an eve itself (art. 53).

        When the Cabinet made the eve of a holiday a day off, the weekend day worked
        instead carries the eve's shorter hours, so the year's hours stay the ministry's
        norm. The day off's next date must be a holiday off: under martial law it is
        not, and nothing is shortened.
        """
        for day_off, workday in pairs.items():
            holiday = day_off + timedelta(days=1)
            mark = marks.get(holiday)
            if mark is not None and mark.kind is DayKind.HOLIDAY and workday in marks:
                marks[workday] = replace(marks[workday], eve_of=holiday)

    @staticmethod
    def _observe_weekend_holidays(holidays: list[date], marks: dict[date, DayMark]) -> None:
        """Give each weekend holiday the next free weekday off (art. 67, part 3)."""
        for holiday in holidays:
            if holiday.weekday() < 5:
                continue
            day = holiday
            while True:
                day += timedelta(days=1)
                mark = marks.get(day)
                if day.weekday() < 5 and (mark is None or not mark.kind.is_off):
                    break
            marks[day] = DayMark(DayKind.OBSERVED_HOLIDAY, f"{marks[holiday].name} (observed)")


def kyiv_calendar(
    *,
    martial_law_end: date | None = None,
    holidays_off_during_martial_law: bool = False,
    shorten_eve_of_holidays: bool = False,
    language: str | None = "en_US",
    workday_hours: str = "09:00-18:00",
) -> WorkingCalendar:
    """The regulation's calendar (R6): Europe/Kyiv, Mon–Fri 09:00–18:00, Ukraine's law.

    ``shorten_eve_of_holidays`` ends a working day one hour early when the next day is
    a public holiday that is a day off, or when it is a weekend day worked in place of
    such an eve (Labour Code art. 53). Holiday names are in ``language`` (``"uk"`` for
    Ukrainian). ``workday_hours`` are the hours of Monday to Friday and of worked
    weekend days: ``"09:00-17:00"`` is the 8-hour day of the ministry's published norms.

    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> kyiv = kyiv_calendar()
    >>> friday = datetime(2026, 11, 20, 17, 30, tzinfo=ZoneInfo("Europe/Kyiv"))
    >>> kyiv.add_working_time(friday, timedelta(hours=24)).isoformat()
    '2026-11-25T14:30:00+02:00'
    >>> eight = kyiv_calendar(shorten_eve_of_holidays=True, workday_hours="09:00-17:00")
    >>> eight.working_time_norm(2019) // timedelta(hours=1)
    1993
    """
    require_text(workday_hours, "workday_hours")
    return _kyiv_calendar(
        martial_law_end,
        holidays_off_during_martial_law,
        shorten_eve_of_holidays,
        language,
        workday_hours,
    )


@functools.lru_cache(maxsize=16)
def _kyiv_calendar(
    martial_law_end: date | None,
    holidays_off_during_martial_law: bool,
    shorten_eve_of_holidays: bool,
    language: str | None,
    workday_hours: str,
) -> WorkingCalendar:
    # One instance per option set, so code that calls kyiv_calendar() per request still
    # shares the year tables already built (lru_cache is thread-safe).
    return WorkingCalendar(
        zone=KYIV_ZONE,
        weekly_hours=WeeklyHours.parse({"mon-fri": workday_hours}),
        holidays=UkraineHolidays(
            martial_law_end=martial_law_end,
            holidays_off_during_martial_law=holidays_off_during_martial_law,
            language=language,
        ),
        eve_shortening=_EVE_SHORTENING if shorten_eve_of_holidays else timedelta(0),
    )
