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
* audits of past tickets in bulk: :func:`audit` returns an :class:`AuditReport`
  (:class:`AuditRow`, :class:`AuditSummary`, :class:`PeriodSummary`, :class:`Verdict`,
  :class:`Extension`, :class:`AuditError`), reading other exports through a
  :class:`ColumnMapping` and :class:`TimestampRules`; :func:`audit_partition` for
  dask; :func:`incidents_from_event_log` for ServiceNow event logs;
* the errors, rooted in :class:`SlaCalendarError` (tree in :mod:`sla_calendar.errors`).
"""

from sla_calendar.audit import (
    AuditReport,
    AuditRow,
    AuditSummary,
    Extension,
    PeriodSummary,
    Verdict,
    audit,
    audit_partition,
    sample_tickets_path,
)
from sla_calendar.audit_input import AuditError, ColumnMapping
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
from sla_calendar.servicenow import (
    SERVICENOW_MAPPING,
    SERVICENOW_TIERS,
    incidents_from_event_log,
)
from sla_calendar.tiers import EMERGENCY, EMERGENCY_24_7, STANDARD, Category, ClockKind, Tier
from sla_calendar.timestamps import TimestampRules
from sla_calendar.ukraine import KYIV_ZONE, MARTIAL_LAW_START, UkraineHolidays, kyiv_calendar

__version__ = "0.1.0"

__all__ = [
    "EMERGENCY",
    "EMERGENCY_24_7",
    "KYIV_ZONE",
    "MARTIAL_LAW_START",
    "MAX_SPAN_YEARS",
    "ROUND_THE_CLOCK",
    "SERVICENOW_MAPPING",
    "SERVICENOW_TIERS",
    "STANDARD",
    "ArgumentTypeError",
    "AuditError",
    "AuditReport",
    "AuditRow",
    "AuditSummary",
    "Category",
    "ClockKind",
    "ColumnMapping",
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
    "Extension",
    "HolidaySource",
    "InvalidCouponError",
    "InvalidHoursError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "PeriodSummary",
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
    "TimestampRules",
    "UkraineHolidays",
    "UnknownZoneError",
    "Verdict",
    "WeeklyHours",
    "WorkingCalendar",
    "WorkingPeriod",
    "audit",
    "audit_partition",
    "evaluate_ticket",
    "incidents_from_event_log",
    "kyiv_calendar",
    "normalize_coupon_code",
    "parse_day_hours",
    "queue_order",
    "sample_tickets_path",
]
