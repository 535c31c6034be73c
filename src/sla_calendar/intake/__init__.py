"""Intake (R1, R2, R4, R7–R9, R12, R17): accept or refuse a request with every reason.

The model, the rules and the text tools they use (abuse, classifier, text matching, FAQ,
messages).
"""

from sla_calendar.intake.abuse import (
    DEFAULT_ABUSE_DETECTOR,
    AbuseMatch,
    AbuseVerdict,
    detect_abuse,
)
from sla_calendar.intake.classifier import (
    DEFAULT_CLASSIFIER,
    Classification,
    classify_request,
    classify_text,
)
from sla_calendar.intake.faq import (
    FaqEntry,
    FaqIndex,
)
from sla_calendar.intake.messages import (
    client_message,
)
from sla_calendar.intake.model import (
    Client,
    ContractStatus,
    CouponMoment,
    Decision,
    IntakeRules,
    MonthlyCount,
    Outcome,
    PriorRequest,
    Reason,
    ReasonCode,
    Request,
    RequestScope,
)
from sla_calendar.intake.rules import (
    decide,
)
from sla_calendar.intake.text import (
    message_fingerprint,
)

__all__ = [
    "DEFAULT_ABUSE_DETECTOR",
    "DEFAULT_CLASSIFIER",
    "AbuseMatch",
    "AbuseVerdict",
    "Classification",
    "Client",
    "ContractStatus",
    "CouponMoment",
    "Decision",
    "FaqEntry",
    "FaqIndex",
    "IntakeRules",
    "MonthlyCount",
    "Outcome",
    "PriorRequest",
    "Reason",
    "ReasonCode",
    "Request",
    "RequestScope",
    "classify_request",
    "classify_text",
    "client_message",
    "decide",
    "detect_abuse",
    "message_fingerprint",
]
