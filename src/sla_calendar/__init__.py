"""sla_calendar: exact, auditable SLA deadlines on Ukraine's working calendar.

The public API, re-exported here:

* the working calendar: :class:`WorkingCalendar`, :func:`kyiv_calendar`,
  :data:`ROUND_THE_CLOCK`, with :class:`WeeklyHours`, :class:`TimeSpan` and
  :func:`parse_day_hours` for hours;
* what days are: :class:`DayKind`, :class:`DayInfo`, :class:`DayMark`, and the
  holiday sources :class:`HolidaySource`, :class:`CountryHolidays`,
  :class:`UkraineHolidays`;
* SLA policy: tiers :data:`STANDARD`, :data:`EMERGENCY`, :data:`EMERGENCY_24_7`
  (:class:`Tier`, :class:`Category`, :class:`ClockKind`), deadlines
  (:class:`Deadline` with :meth:`~Deadline.explain`), SLA clocks replayed from ticket
  events (:func:`evaluate_ticket`), the service queue (:func:`queue_order`) and
  priority coupons (:class:`CouponRegistry`);
* the errors, rooted in :class:`SlaCalendarError` (tree in :mod:`sla_calendar.errors`).
"""

from sla_calendar.calendar import MAX_SPAN_YEARS, ROUND_THE_CLOCK, WorkingCalendar, WorkingPeriod
from sla_calendar.clock import EventKind, SlaStatus, TicketEvent, TicketSla, evaluate_ticket
from sla_calendar.coupons import Coupon, CouponCheck, CouponRegistry, normalize_coupon_code
from sla_calendar.days import CountryHolidays, DayInfo, DayKind, DayMark, HolidaySource
from sla_calendar.deadlines import Deadline, Explanation, Segment, SegmentKind, Target
from sla_calendar.errors import (
    ArgumentTypeError,
    InvalidCouponError,
    InvalidHoursError,
    InvalidValueError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    SlaCalendarError,
    TicketEventError,
    UnknownZoneError,
)
from sla_calendar.hours import TimeSpan, WeeklyHours, parse_day_hours
from sla_calendar.queue import QueuedRequest, QueuePosition, QueueReason, queue_order
from sla_calendar.tiers import EMERGENCY, EMERGENCY_24_7, STANDARD, Category, ClockKind, Tier
from sla_calendar.ukraine import KYIV_ZONE, MARTIAL_LAW_START, UkraineHolidays, kyiv_calendar

__version__ = "0.1.0"

__all__ = [
    "EMERGENCY",
    "EMERGENCY_24_7",
    "KYIV_ZONE",
    "MARTIAL_LAW_START",
    "MAX_SPAN_YEARS",
    "ROUND_THE_CLOCK",
    "STANDARD",
    "ArgumentTypeError",
    "Category",
    "ClockKind",
    "CountryHolidays",
    "Coupon",
    "CouponCheck",
    "CouponRegistry",
    "DayInfo",
    "DayKind",
    "DayMark",
    "Deadline",
    "EventKind",
    "Explanation",
    "HolidaySource",
    "InvalidCouponError",
    "InvalidHoursError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "QueuePosition",
    "QueueReason",
    "QueuedRequest",
    "Segment",
    "SegmentKind",
    "SlaCalendarError",
    "SlaStatus",
    "Target",
    "TicketEvent",
    "TicketEventError",
    "TicketSla",
    "Tier",
    "TimeSpan",
    "UkraineHolidays",
    "UnknownZoneError",
    "WeeklyHours",
    "WorkingCalendar",
    "WorkingPeriod",
    "evaluate_ticket",
    "kyiv_calendar",
    "normalize_coupon_code",
    "parse_day_hours",
    "queue_order",
]
