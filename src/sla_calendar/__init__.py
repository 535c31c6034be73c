"""sla_calendar: exact, auditable SLA deadlines on Ukraine's working calendar.

The public API, re-exported here:

* the working calendar: :class:`WorkingCalendar`, :func:`kyiv_calendar`,
  :data:`ROUND_THE_CLOCK`, with :class:`WeeklyHours`, :class:`TimeSpan` and
  :func:`parse_day_hours` for hours; whole numpy arrays of integer instants through
  :func:`add_working_time_array`, :func:`working_time_between_array` and
  :class:`WorkingTimeLine`;
* what days are: :class:`DayKind`, :class:`DayInfo`, :class:`DayMark`, and the
  holiday sources :class:`HolidaySource`, :class:`CountryHolidays`,
  :class:`UkraineHolidays`;
* SLA policy: tiers :data:`STANDARD`, :data:`EMERGENCY`, :data:`EMERGENCY_24_7`
  (:class:`Tier`, :class:`Category`, :class:`ClockKind`), deadlines
  (:class:`Deadline` with :meth:`~Deadline.explain`), SLA clocks replayed from ticket
  events (:func:`evaluate_ticket`), the service queue (:func:`queue_order`) and
  priority coupons (:class:`CouponRegistry`);
* intake (R1, R2, R4, R7–R9, R12, R17): :func:`decide` accepts, refuses, redirects
  or charges for a :class:`Request` of a :class:`Client` given its history
  (:class:`PriorRequest`) and :class:`IntakeRules`, returning a :class:`Decision` with
  every :class:`Reason` (:class:`ReasonCode`, :class:`Outcome`); the R9.4 detector
  :func:`detect_abuse` (:class:`AbuseVerdict`), the category classifier
  :func:`classify_request`, FAQ links (:class:`FaqIndex`), :func:`message_fingerprint`
  and :func:`client_message` in English, Ukrainian and Russian;
* audits of past tickets in bulk: :func:`audit` returns an :class:`AuditReport`
  (:class:`AuditRow`, :class:`AuditSummary`, :class:`PeriodSummary`, :class:`Verdict`,
  :class:`Extension`, :class:`RejectedRow`), reading other exports through a
  :class:`ColumnMapping` and :class:`TimestampRules`, pauses from a file of their own
  through :class:`PauseColumns`; :func:`audit_partition` for
  dask; :func:`incidents_from_event_log` for ServiceNow event logs;
* the errors, rooted in :class:`SlaCalendarError` (tree in :mod:`sla_calendar.errors`).
"""

from sla_calendar.audit import (
    SERVICENOW_MAPPING,
    SERVICENOW_TIERS,
    AuditReport,
    AuditRow,
    AuditSummary,
    ColumnMapping,
    PauseColumns,
    PeriodSummary,
    RejectedRow,
    TimestampRules,
    Verdict,
    audit,
    audit_partition,
    incidents_from_event_log,
    sample_tickets_path,
)
from sla_calendar.calendar import (
    KYIV_ZONE,
    MARTIAL_LAW_START,
    MAX_SPAN_YEARS,
    ROUND_THE_CLOCK,
    CountryHolidays,
    DayInfo,
    DayKind,
    DayMark,
    HolidaySource,
    TimeSpan,
    UkraineHolidays,
    WeeklyHours,
    WorkingCalendar,
    WorkingPeriod,
    WorkingTimeLine,
    add_working_time_array,
    kyiv_calendar,
    parse_day_hours,
    working_time_between_array,
)
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
from sla_calendar.intake import (
    DEFAULT_ABUSE_DETECTOR,
    AbuseMatch,
    AbuseVerdict,
    Classification,
    Client,
    ContractStatus,
    Decision,
    FaqEntry,
    FaqIndex,
    IntakeRules,
    Outcome,
    PriorRequest,
    Reason,
    ReasonCode,
    Request,
    classify_request,
    client_message,
    decide,
    detect_abuse,
    message_fingerprint,
)
from sla_calendar.policy import (
    BUILT_IN_TIERS,
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    Category,
    ClockKind,
    Coupon,
    CouponCheck,
    CouponRegistry,
    Deadline,
    EventKind,
    Explanation,
    Extension,
    QueuedRequest,
    QueuePosition,
    QueueReason,
    Segment,
    SegmentKind,
    SlaStatus,
    Target,
    TicketEvent,
    TicketSla,
    Tier,
    evaluate_ticket,
    normalize_coupon_code,
    queue_order,
)

__version__ = "0.1.0"

__all__ = [
    "BUILT_IN_TIERS",
    "DEFAULT_ABUSE_DETECTOR",
    "EMERGENCY",
    "EMERGENCY_24_7",
    "KYIV_ZONE",
    "MARTIAL_LAW_START",
    "MAX_SPAN_YEARS",
    "ROUND_THE_CLOCK",
    "SERVICENOW_MAPPING",
    "SERVICENOW_TIERS",
    "STANDARD",
    "AbuseMatch",
    "AbuseVerdict",
    "ArgumentTypeError",
    "AuditReport",
    "AuditRow",
    "AuditSummary",
    "Category",
    "Classification",
    "Client",
    "ClockKind",
    "ColumnMapping",
    "ContractStatus",
    "CountryHolidays",
    "Coupon",
    "CouponCheck",
    "CouponRegistry",
    "DayInfo",
    "DayKind",
    "DayMark",
    "Deadline",
    "Decision",
    "EventKind",
    "Explanation",
    "Extension",
    "FaqEntry",
    "FaqIndex",
    "HolidaySource",
    "IntakeRules",
    "InvalidCouponError",
    "InvalidHoursError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "Outcome",
    "PauseColumns",
    "PeriodSummary",
    "PriorRequest",
    "QueuePosition",
    "QueueReason",
    "QueuedRequest",
    "Reason",
    "ReasonCode",
    "RejectedRow",
    "Request",
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
    "WorkingTimeLine",
    "add_working_time_array",
    "audit",
    "audit_partition",
    "classify_request",
    "client_message",
    "decide",
    "detect_abuse",
    "evaluate_ticket",
    "incidents_from_event_log",
    "kyiv_calendar",
    "message_fingerprint",
    "normalize_coupon_code",
    "parse_day_hours",
    "queue_order",
    "sample_tickets_path",
    "working_time_between_array",
]
