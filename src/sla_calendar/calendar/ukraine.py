"""Ukraine's working-day law, and the regulation's Kyiv calendar (clause R6).

Dates come from the ``holidays`` package, never retyped here:

* public holidays of Labour Code art. 73 since 1991, with every change (the 2023
  reform: Christmas on 25 December only, Statehood Day, Defenders' Day on 1 October,
  8 May), and the weekend rule of art. 67, part 3 (a holiday on a weekend moves to the
  next working day) in the years the law had it;
* transferred working days set by Cabinet orders: the package records each day off
  with the weekend day worked instead, including pairs that cross a year end;
* martial law (Presidential Decree 64/2022; Law 2136-IX, in force from 24 March 2022):
  holidays are not days off and there are no transfers; the package keeps those
  holidays in its ``workday`` category, and this source marks them
  :attr:`DayKind.HOLIDAY_WORKED`.

This source adds one rule of its own, art. 53 as Ukraine's ministry applied it: a
weekend day worked in place of a transferred eve is the eve's stand-in
(:attr:`DayMark.eve_of`), so a calendar that shortens eves shortens it.

Two options the law leaves to circumstances: ``holidays_off_during_martial_law`` (a
company that closes on holidays anyway; the weekend rule does not apply) and
``martial_law_end`` (from the next day, holidays are days off again, with the
weekend rule).

The law, on the Verkhovna Rada's official site:

* Labour Code (art. 53 eves, art. 67 weekends, art. 73 holidays):
  https://zakon.rada.gov.ua/laws/show/322-08 (art. 73:
  https://zakon.rada.gov.ua/laws/show/322-08/paran454);
* the weekend rule of art. 67, part 3: from 27 January 1995
  https://zakon.rada.gov.ua/laws/show/35/95-вр, repealed from 10 January 1998
  https://zakon.rada.gov.ua/laws/show/785/97-вр, again from 23 April 1999
  https://zakon.rada.gov.ua/laws/show/576-14;
* Law 2211-VIII (25 December a holiday from 2 December 2017, 2 May no longer from
  2018): https://zakon.rada.gov.ua/laws/show/2211-19;
* Presidential Decree 64/2022 (martial law from 24 February 2022):
  https://zakon.rada.gov.ua/laws/show/64/2022;
* Law 2136-IX (art. 6, part 6: art. 53, parts 3-5 of art. 67 and art. 71-73 do not
  apply under martial law): https://zakon.rada.gov.ua/laws/show/2136-20.

The Cabinet's transfer orders, by the year of their days off (the same list as the
``holidays`` package's; prefix each with https://zakon.rada.gov.ua/laws/show/):

* 1991: 60-91-п; 1992: 377-91-п, 202-92-п; 1993: 725-92-п, 563-93-п; 1994: 98-94-п;
* 1995: 852-95-п, 634-95-п, 266-95-п (and Presidential Decree 13/95 for 9 January);
* 1996: 424-96-п; 1997: 1547-96-п, 326-97-п; 1998: 1404-97-п;
* 1999: 2070-98-п, 558-99-п, 1433-99-п; 2000: 717-2000-п, 1251-2000-п;
* 2001: 138-2001-р, 210-2001-п; 2002: 202-2002-р, 705-2002-р; 2003: 705-2002-р;
* 2004: 773-2003-р; 2005: 936-2004-р, 133-2005-р; 2006: 490-2005-р, 562-2005-р;
* 2007: 612-2006-р; 2008: 1059-2007-р, 538-2008-р; 2009: 1458-2008-р;
* 2010: 1412-2009-р; 2011: 2130-2010-р; 2012: 1210-2011-р (31 December moved by its
  amendment 715-2012-р); 2013: 1043-2012-р;
* 2014: 920-2013-р; 2015: 1084-2014-р; 2016: 1155-2015-р; 2017: 850-2016-р;
* 2018: 1-2018-р; 2019: 7-2019-р; 2020: 995-2019-р; 2021: 1191-2020-р;
* 2022: 1004-2021-р (only 7 March was moved, to 12 March, before Law 2136-IX).

For example 2019's order is https://zakon.rada.gov.ua/laws/show/7-2019-р.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sla_calendar._checks import require_bool, require_optional, require_text
from sla_calendar.calendar.days import (
    DayKind,
    DayMark,
    build_holidays,
    first_data_year,
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
"""The day martial law began (Presidential Decree 64/2022).

https://zakon.rada.gov.ua/laws/show/64/2022
"""

# Labour Code art. 53, part 1: https://zakon.rada.gov.ua/laws/show/322-08
_EVE_SHORTENING = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class UkraineHolidays:
    """Ukraine's holidays, transfers and martial-law rules, as a holiday source.

    A weekend day worked in place of the eve of a holiday names that holiday in
    ``eve_of``: Saturday 28 December 2019 stood in for Tuesday 31 December.

    >>> source = UkraineHolidays()
    >>> source.marks(2019, 2019)[date(2019, 12, 21)].kind
    <DayKind.TRANSFERRED_WORKING_DAY: 'transferred_working_day'>
    >>> source.marks(2019, 2019)[date(2019, 12, 28)].eve_of
    datetime.date(2020, 1, 1)
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

    @property
    def first_year(self) -> int:
        """The first year of Ukraine's holidays in the ``holidays`` package (1991)."""
        return first_data_year("UA")

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

        When the Cabinet made the eve of a holiday a day off (the orders listed in this
        module's docstring), the weekend day worked instead carries the eve's shorter
        hours, so the year's hours stay the ministry's norm; see ``docs/calendar.md``
        for the sources. The day off's next date must be a holiday off: under martial
        law (Law 2136-IX, https://zakon.rada.gov.ua/laws/show/2136-20) it is not, and
        nothing is shortened. Labour Code art. 53:
        https://zakon.rada.gov.ua/laws/show/322-08
        """
        for day_off, workday in pairs.items():
            holiday = day_off + timedelta(days=1)
            mark = marks.get(holiday)
            if mark is not None and mark.kind is DayKind.HOLIDAY and workday in marks:
                marks[workday] = replace(marks[workday], eve_of=holiday)

    @staticmethod
    def _observe_weekend_holidays(holidays: list[date], marks: dict[date, DayMark]) -> None:
        """Give each weekend holiday the next free weekday off (art. 67, part 3).

        Labour Code: https://zakon.rada.gov.ua/laws/show/322-08; under martial law the
        rule is suspended (Law 2136-IX, https://zakon.rada.gov.ua/laws/show/2136-20).
        """
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
    # Checked before the cache, which would hash them first: a list raised TypeError.
    require_optional(martial_law_end, date, "martial_law_end", "a datetime.date or None")
    require_bool(holidays_off_during_martial_law, "holidays_off_during_martial_law")
    require_text(workday_hours, "workday_hours")
    require_bool(shorten_eve_of_holidays, "shorten_eve_of_holidays")
    require_optional(language, str, "language", "a language code such as 'uk', or None")
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
