"""SLA policy (R2, R5, R10–R13): tiers, deadlines, explanations, clocks, queue, coupons."""

from sla_calendar.policy.clock import TicketSla, evaluate_ticket
from sla_calendar.policy.coupons import (
    Coupon,
    CouponCheck,
    CouponRegistry,
    normalize_coupon_code,
)
from sla_calendar.policy.deadlines import (
    Deadline,
    Explanation,
    Extension,
    Segment,
    SegmentKind,
    Target,
)
from sla_calendar.policy.events import EventKind, StatusChange, TicketEvent
from sla_calendar.policy.queue import (
    QueuedRequest,
    QueuePosition,
    QueueReason,
    queue_order,
)
from sla_calendar.policy.status import ClockPart, ClockState, SlaStatus
from sla_calendar.policy.tiers import (
    BUILT_IN_TIERS,
    DEFAULT_WARNING_THRESHOLDS,
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    Category,
    ClockKind,
    Tier,
)
from sla_calendar.policy.workflow import DEFAULT_STATUS_RULES, ClockAction, StatusRules

__all__ = [
    "BUILT_IN_TIERS",
    "DEFAULT_STATUS_RULES",
    "DEFAULT_WARNING_THRESHOLDS",
    "EMERGENCY",
    "EMERGENCY_24_7",
    "STANDARD",
    "Category",
    "ClockAction",
    "ClockKind",
    "ClockPart",
    "ClockState",
    "Coupon",
    "CouponCheck",
    "CouponRegistry",
    "Deadline",
    "EventKind",
    "Explanation",
    "Extension",
    "QueuePosition",
    "QueueReason",
    "QueuedRequest",
    "Segment",
    "SegmentKind",
    "SlaStatus",
    "StatusChange",
    "StatusRules",
    "Target",
    "TicketEvent",
    "TicketSla",
    "Tier",
    "evaluate_ticket",
    "normalize_coupon_code",
    "queue_order",
]
