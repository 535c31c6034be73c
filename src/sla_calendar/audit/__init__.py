"""Audits of past tickets in bulk: reading, the engines, the report, its summary and its writers."""

from sla_calendar.audit.clients import (
    ClientMonth,
)
from sla_calendar.audit.columns import (
    ColumnMapping,
)
from sla_calendar.audit.pauses import (
    PauseColumns,
)
from sla_calendar.audit.report import (
    AuditReport,
)
from sla_calendar.audit.rows import (
    RejectedRow,
)
from sla_calendar.audit.run import (
    audit,
    audit_partition,
    sample_tickets_path,
)
from sla_calendar.audit.servicenow import (
    SERVICENOW_MAPPING,
    SERVICENOW_TIERS,
    incidents_from_event_log,
)
from sla_calendar.audit.summary import (
    AuditSummary,
    Percentiles,
    PeriodSummary,
)
from sla_calendar.audit.timestamps import (
    TimestampRules,
)
from sla_calendar.audit.verdicts import (
    AuditRow,
    Verdict,
)
from sla_calendar.policy.deadlines import (
    Extension,
)

__all__ = [
    "SERVICENOW_MAPPING",
    "SERVICENOW_TIERS",
    "AuditReport",
    "AuditRow",
    "AuditSummary",
    "ClientMonth",
    "ColumnMapping",
    "Extension",
    "PauseColumns",
    "Percentiles",
    "PeriodSummary",
    "RejectedRow",
    "TimestampRules",
    "Verdict",
    "audit",
    "audit_partition",
    "incidents_from_event_log",
    "sample_tickets_path",
]
