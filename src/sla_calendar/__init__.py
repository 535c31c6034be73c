"""sla_calendar: exact, auditable SLA deadlines on Ukraine's working calendar.

The public API, re-exported here:

* the working calendar: :class:`WorkingCalendar`, :func:`kyiv_calendar`,
  :data:`ROUND_THE_CLOCK`, with :class:`WeeklyHours`, :class:`TimeSpan` and
  :func:`parse_day_hours` for hours;
* what days are: :class:`DayKind`, :class:`DayInfo`, :class:`DayMark`, and the
  holiday sources :class:`HolidaySource`, :class:`CountryHolidays`,
  :class:`UkraineHolidays`;
* the errors, rooted in :class:`SlaCalendarError` (tree in :mod:`sla_calendar.errors`).
"""

from sla_calendar.calendar import MAX_SPAN_YEARS, ROUND_THE_CLOCK, WorkingCalendar
from sla_calendar.days import CountryHolidays, DayInfo, DayKind, DayMark, HolidaySource
from sla_calendar.errors import (
    ArgumentTypeError,
    InvalidHoursError,
    InvalidValueError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    SlaCalendarError,
    UnknownZoneError,
)
from sla_calendar.hours import TimeSpan, WeeklyHours, parse_day_hours
from sla_calendar.ukraine import KYIV_ZONE, MARTIAL_LAW_START, UkraineHolidays, kyiv_calendar

__version__ = "0.1.0"

__all__ = [
    "KYIV_ZONE",
    "MARTIAL_LAW_START",
    "MAX_SPAN_YEARS",
    "ROUND_THE_CLOCK",
    "ArgumentTypeError",
    "CountryHolidays",
    "DayInfo",
    "DayKind",
    "DayMark",
    "HolidaySource",
    "InvalidHoursError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "SlaCalendarError",
    "TimeSpan",
    "UkraineHolidays",
    "UnknownZoneError",
    "WeeklyHours",
    "WorkingCalendar",
    "kyiv_calendar",
    "parse_day_hours",
]
