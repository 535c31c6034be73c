"""The working calendar (R6): hours, days, holiday sources and Ukraine's law.

Exact working-time arithmetic on :class:`WorkingCalendar`, its year tables and kernels,
and the numpy array forms.
"""

from sla_calendar.calendar.arrays import (
    WorkingTimeLine,
    add_working_time_array,
    working_time_between_array,
)
from sla_calendar.calendar.days import (
    CountryHolidays,
    DayInfo,
    DayKind,
    DayMark,
    HolidaySource,
)
from sla_calendar.calendar.hours import (
    TimeSpan,
    WeeklyHours,
    parse_day_hours,
)
from sla_calendar.calendar.spec import calendar_from_spec, calendars_from_specs
from sla_calendar.calendar.ukraine import (
    KYIV_ZONE,
    MARTIAL_LAW_START,
    UkraineHolidays,
    kyiv_calendar,
)
from sla_calendar.calendar.working import (
    MAX_SPAN_YEARS,
    ROUND_THE_CLOCK,
    WorkingCalendar,
    WorkingPeriod,
)

__all__ = [
    "KYIV_ZONE",
    "MARTIAL_LAW_START",
    "MAX_SPAN_YEARS",
    "ROUND_THE_CLOCK",
    "CountryHolidays",
    "DayInfo",
    "DayKind",
    "DayMark",
    "HolidaySource",
    "TimeSpan",
    "UkraineHolidays",
    "WeeklyHours",
    "WorkingCalendar",
    "WorkingPeriod",
    "WorkingTimeLine",
    "add_working_time_array",
    "calendar_from_spec",
    "calendars_from_specs",
    "kyiv_calendar",
    "parse_day_hours",
    "working_time_between_array",
]
