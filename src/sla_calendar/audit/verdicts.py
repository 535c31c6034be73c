"""What an audit says about each ticket: the verdicts, and one ticket's row of them.

:class:`Verdict` says where a clock ended up, the policy's
:class:`~sla_calendar.policy.deadlines.Extension` whether R5's extension applied;
:class:`AuditRow` is one audited ticket with both clocks' verdicts, its deadlines and
its replay through the policy's clocks on demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from sla_calendar._checks import CheckedEnum
from sla_calendar._format import format_duration
from sla_calendar._instants import ONE_US
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.policy.clock import TicketSla, evaluate_ticket, ticket_events
from sla_calendar.policy.deadlines import Deadline, Explanation, Extension, Target
from sla_calendar.policy.tiers import Tier

__all__ = [
    "BREACHED",
    "EXTENSIONS",
    "EXTENSION_LATE",
    "EXTENSION_NONE",
    "EXTENSION_VALID",
    "MET",
    "OPEN",
    "RECORD_FIELDS",
    "VERDICTS",
    "AuditRow",
    "Verdict",
    "Verdicts",
    "duration_fields",
]


class Verdict(CheckedEnum):
    """Where a clock ended up."""

    MET = "met"
    """Stopped in time: answered (or resolved) at or before its due instant."""
    BREACHED = "breached"
    """Stopped after its due instant, or still running past it when judged."""
    OPEN = "open"
    """Still running and not yet due when judged (no response or resolution recorded)."""


VERDICTS: Final = tuple(Verdict)
"""Every verdict, by its code in :class:`Verdicts` columns: a verdict's code is its place
here (``VERDICTS.index(verdict)``), and ``VERDICTS[code]`` reads it back."""
MET: Final = VERDICTS.index(Verdict.MET)
"""The code of :data:`Verdict.MET`: the clock stopped in time."""
BREACHED: Final = VERDICTS.index(Verdict.BREACHED)
"""The code of :data:`Verdict.BREACHED`: stopped late, or still running past its due instant."""
OPEN: Final = VERDICTS.index(Verdict.OPEN)
"""The code of :data:`Verdict.OPEN`: still running, not yet due when judged."""

EXTENSIONS: Final = tuple(Extension)
"""Every R5 outcome, by its code in :class:`Verdicts` columns (its place here)."""
EXTENSION_NONE: Final = EXTENSIONS.index(Extension.NONE)
"""The code of :data:`Extension.NONE`."""
EXTENSION_VALID: Final = EXTENSIONS.index(Extension.VALID)
"""The code of :data:`Extension.VALID`."""
EXTENSION_LATE: Final = EXTENSIONS.index(Extension.LATE)
"""The code of :data:`Extension.LATE`."""


@dataclass(frozen=True, slots=True)
class Verdicts:
    """Per-ticket results as parallel integer columns (instants and durations in µs).

    Both engines fill them (:mod:`sla_calendar.audit.engine`). ``*_status`` hold the
    code of a :class:`Verdict` (:data:`MET`, :data:`BREACHED`, :data:`OPEN`) and
    ``extension`` that of an R5 outcome (:data:`EXTENSION_NONE`, :data:`EXTENSION_VALID`,
    :data:`EXTENSION_LATE`); ``judged_at`` is when open clocks were judged (``as_of``,
    else the ticket's last recorded instant).
    """

    reaction_due: Sequence[int]
    reaction_time: Sequence[int]
    reaction_status: Sequence[int]
    processing_due: Sequence[int]
    processing_time: Sequence[int]
    processing_status: Sequence[int]
    processing_target: Sequence[int]
    extension: Sequence[int]
    judged_at: Sequence[int]


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audited ticket: its inputs, both clocks' verdicts, and explanations on demand.

    Durations of working time (``*_time``, ``*_overrun``) count the clock's calendar;
    ``*_late_by`` is real time from the due instant to the response or resolution (or
    to ``judged_at`` for a clock still running). A response on Saturday to a deadline
    of Friday 18:00 is late by the real hours between, yet overruns by no working time.
    """

    line: int
    ticket_id: str
    client_id: str
    tier: Tier
    received_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    extension_notified_at: datetime | None
    pauses: tuple[tuple[datetime, datetime], ...]
    reaction_due: datetime
    reaction_time: timedelta
    reaction_status: Verdict
    reaction_overrun: timedelta
    reaction_late_by: timedelta
    processing_due: datetime
    processing_time: timedelta
    processing_target: timedelta
    processing_status: Verdict
    processing_overrun: timedelta
    processing_late_by: timedelta
    extension: Extension
    judged_at: datetime
    calendar: WorkingCalendar = field(repr=False, compare=False)
    paid_service: bool = False
    """Past its client's monthly limit: an additional paid service (R9.6)."""

    @property
    def breached(self) -> bool:
        """True when the reaction or the processing target was breached."""
        return Verdict.BREACHED in (self.reaction_status, self.processing_status)

    def reaction_deadline(self) -> Deadline:
        """The reaction deadline, from the tier's own rule (:meth:`Tier.reaction_due`)."""
        return self.tier.reaction_due(self.received_at, self.calendar)

    def processing_deadline(self) -> Deadline:
        """The processing deadline without pauses (:meth:`Tier.processing_due`, R5)."""
        return self.tier.processing_due(self.received_at, self.calendar, self.extension_notified_at)

    def sla(self) -> TicketSla:
        """Both clocks replayed from the ticket's events (:func:`evaluate_ticket`)."""
        events = ticket_events(
            self.received_at,
            first_response_at=self.first_response_at,
            extension_notified_at=self.extension_notified_at,
            resolved_at=self.resolved_at,
            pauses=self.pauses,
        )
        return evaluate_ticket(
            self.ticket_id, events, tier=self.tier, calendar=self.calendar, now=self.judged_at
        )

    def explain(self, target: Target = Target.REACTION) -> Explanation:
        """Why the verdict: the reaction deadline's route (:meth:`Deadline.explain`), or
        what the processing clock counted and where it was paused.
        """
        if target is Target.REACTION:
            return self.reaction_deadline().explain()
        return self.sla().processing.explain()

    def as_record(self) -> dict[str, str | int]:
        """The row as flat text values (instants ISO 8601, durations ``H:MM``): a CSV line."""
        return {
            "line": self.line,
            "ticket_id": self.ticket_id,
            "client_id": self.client_id,
            "tier": self.tier.name,
            "received_at": self.received_at.isoformat(),
            "first_response_at": _iso(self.first_response_at),
            "resolved_at": _iso(self.resolved_at),
            "extension_notified_at": _iso(self.extension_notified_at),
            "pauses": ";".join(f"{a.isoformat()}/{b.isoformat()}" for a, b in self.pauses),
            "reaction_due": self.reaction_due.isoformat(),
            "reaction_time": format_duration(self.reaction_time),
            "reaction_status": self.reaction_status.value,
            "reaction_overrun": format_duration(self.reaction_overrun),
            "reaction_late_by": format_duration(self.reaction_late_by),
            "processing_due": self.processing_due.isoformat(),
            "processing_time": format_duration(self.processing_time),
            "processing_target": format_duration(self.processing_target),
            "processing_status": self.processing_status.value,
            "processing_overrun": format_duration(self.processing_overrun),
            "processing_late_by": format_duration(self.processing_late_by),
            "extension": self.extension.value,
            "paid_service": "yes" if self.paid_service else "no",
        }

    def as_json(self) -> dict[str, Any]:
        """The row as JSON-ready values: numbers as numbers, instants ISO 8601 with offset.

        Each duration comes twice: ``H:MM`` text under its name and a number of seconds
        under ``<name>_seconds`` (an integer when whole, else with its microseconds);
        a missing instant is None; pauses are ``{"start", "end"}`` objects; ``breached``
        and ``paid_service`` are booleans.
        """
        record: dict[str, Any] = {
            "line": self.line,
            "ticket_id": self.ticket_id,
            "client_id": self.client_id,
            "tier": self.tier.name,
        }
        for name in ("received_at", "first_response_at", "resolved_at", "extension_notified_at"):
            moment = getattr(self, name)
            record[name] = None if moment is None else moment.isoformat()
        record["pauses"] = [{"start": a.isoformat(), "end": b.isoformat()} for a, b in self.pauses]
        for clock in ("reaction", "processing"):
            record[f"{clock}_due"] = getattr(self, f"{clock}_due").isoformat()
            record[f"{clock}_status"] = getattr(self, f"{clock}_status").value
            for part in ("time", "target", "overrun", "late_by"):
                record.update(duration_fields(f"{clock}_{part}", getattr(self, f"{clock}_{part}")))
        record["extension"] = self.extension.value
        record["breached"] = self.breached
        record["paid_service"] = self.paid_service
        return record

    @property
    def reaction_target(self) -> timedelta:
        """The reaction target of the ticket's tier (R10, R11, R13)."""
        return self.tier.reaction_target


def duration_fields(name: str, value: timedelta | None) -> dict[str, Any]:
    """``{name: "H:MM", name_seconds: seconds}`` for JSON (None and None when absent).

    >>> duration_fields("reaction_time", timedelta(hours=1, minutes=24))
    {'reaction_time': '1:24', 'reaction_time_seconds': 5040}
    >>> duration_fields("late_by", timedelta(seconds=5, microseconds=7))
    {'late_by': '0:00:05.000007', 'late_by_seconds': 5.000007}
    """
    if value is None:
        return {name: None, f"{name}_seconds": None}
    micros = value // ONE_US
    seconds: int | float = micros // 1_000_000 if micros % 1_000_000 == 0 else micros / 1_000_000
    return {name: format_duration(value), f"{name}_seconds": seconds}


RECORD_FIELDS: Final = (
    "line",
    "ticket_id",
    "client_id",
    "tier",
    "received_at",
    "first_response_at",
    "resolved_at",
    "extension_notified_at",
    "pauses",
    "reaction_due",
    "reaction_time",
    "reaction_status",
    "reaction_overrun",
    "reaction_late_by",
    "processing_due",
    "processing_time",
    "processing_target",
    "processing_status",
    "processing_overrun",
    "processing_late_by",
    "extension",
    "paid_service",
)
"""Column order of :meth:`AuditRow.as_record` and the CSV writer."""


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()
