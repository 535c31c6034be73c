"""SLA clocks replayed from a ticket's history, at a given ``now`` (R2, R5, R10–R13).

A ticket's events (received, responded, a message of the client, paused, resumed,
extension notified, resolved, reopened, a change of tier, cancelled) and a helpdesk's
status changes (:mod:`sla_calendar.policy.workflow`), as values or plain dicts, in any
order, are replayed into the real-time spans during which each clock ran:

* the **reaction** clock runs from receipt to the first response (or the resolution,
  if that comes first: it answers the client too). Pauses do not stop it: waiting for
  the client can only follow a first contact.
* the **processing** clock runs from receipt to resolution, stops while paused
  (waiting for the client) and between a resolution and a reopening. Its target is
  the tier's processing target, extended (R5) only by notice given before the
  unextended deadline passed.
* each **reply cycle** runs from a later message of the client (once the first response
  was sent) to the next response; its target is the tier's next-reply target. The
  regulation's reaction target is the first cycle.

A change of tier switches the open clocks to the new tier's targets from its instant,
with the time counted so far carried over (:mod:`sla_calendar.policy.status`).

:func:`evaluate_ticket` returns a frozen :class:`TicketSla` with one :class:`SlaStatus`
per clock. ``now`` is a parameter: nothing here reads the system clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from sla_calendar._checks import require_nonempty_str, require_type, wrong_type
from sla_calendar._instants import ONE_US, instant_to_us, plainly_aware, us_to_instant
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.policy.deadlines import (
    Extension,
    Target,
    check_instant,
    in_zone,
    r5_extension,
    r5_note,
)
from sla_calendar.policy.events import (
    REPLAY_ORDER,
    EventKind,
    StatusChange,
    TicketEvent,
    read_instant,
    read_text,
    read_tier,
    ticket_events,
)
from sla_calendar.policy.replay import TicketReplay, replay
from sla_calendar.policy.status import (
    ClockState,
    SlaStatus,
    clock_parts,
    clock_status,
    measure,
)
from sla_calendar.policy.tiers import BUILT_IN_TIERS, Tier, check_thresholds
from sla_calendar.policy.workflow import DEFAULT_STATUS_RULES, StatusRules

__all__ = [
    "REPLAY_ORDER",
    "EventKind",
    "SlaStatus",
    "StatusChange",
    "TicketEvent",
    "TicketSla",
    "evaluate_ticket",
    "ticket_events",
]


@dataclass(frozen=True, slots=True)
class TicketSla:
    """Every clock of one ticket at ``now``.

    * ``tier``: the tier in force at ``now``; ``tier_history``: ``(since, tier)`` from
      the receipt on, one pair per change.
    * ``reaction`` and ``processing``: the regulation's two clocks; ``replies``: one
      clock per later reply cycle, in order (:attr:`cycles` lists the reaction first).
    * ``responses``: every response sent, in time order (a response that found no open
      cycle is kept here: it answered nothing new).
    """

    ticket_id: str
    tier: Tier
    now: datetime
    reaction: SlaStatus
    processing: SlaStatus
    replies: tuple[SlaStatus, ...] = ()
    responses: tuple[datetime, ...] = ()
    tier_history: tuple[tuple[datetime, Tier], ...] = ()

    def __post_init__(self) -> None:
        if not _well_formed(self):  # else name the field at fault
            self._check_fields()

    def _check_fields(self) -> None:
        require_nonempty_str(self.ticket_id, "TicketSla.ticket_id")
        require_type(self.tier, Tier, "TicketSla.tier")
        check_instant(self.now, "TicketSla.now")
        require_type(self.reaction, SlaStatus, "TicketSla.reaction")
        require_type(self.processing, SlaStatus, "TicketSla.processing")
        if not isinstance(self.replies, tuple) or not all(
            isinstance(reply, SlaStatus) for reply in self.replies
        ):
            raise wrong_type("TicketSla.replies", "a tuple of SlaStatus", self.replies)
        if not isinstance(self.responses, tuple):
            raise wrong_type("TicketSla.responses", "a tuple of datetimes", self.responses)
        for index, moment in enumerate(self.responses):
            check_instant(moment, f"TicketSla.responses[{index}]")
        if not isinstance(self.tier_history, tuple):
            raise wrong_type(
                "TicketSla.tier_history", "a tuple of (since, Tier)", self.tier_history
            )
        for index, item in enumerate(self.tier_history):
            if not isinstance(item, tuple) or len(item) != 2:
                raise wrong_type(f"TicketSla.tier_history[{index}]", "a (since, Tier) pair", item)
            check_instant(item[0], f"TicketSla.tier_history[{index}][0]")
            require_type(item[1], Tier, f"TicketSla.tier_history[{index}][1]")

    @property
    def breached(self) -> bool:
        """True when any clock is breached (a cancelled one has no verdict)."""
        return any(status.state is ClockState.BREACHED for status in self.clocks)

    @property
    def cycles(self) -> tuple[SlaStatus, ...]:
        """The reply cycles with their verdicts: the reaction (R10, R11, R13) first."""
        return (self.reaction, *self.replies)

    @property
    def clocks(self) -> tuple[SlaStatus, ...]:
        """Every clock: reaction, processing, then the later reply cycles."""
        return (self.reaction, self.processing, *self.replies)

    @property
    def next_change(self) -> datetime | None:
        """The earliest :attr:`SlaStatus.next_change` of its clocks: when a scheduler
        should look at the ticket again if nothing happens before (None: only an event
        can change it)."""
        changes = [c for status in self.clocks if (c := status.next_change) is not None]
        return min(changes, default=None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (see :meth:`SlaStatus.to_dict`); tiers by name."""
        return {
            "ticket_id": self.ticket_id,
            "tier": self.tier.name,
            "now": self.now.isoformat(),
            "reaction": self.reaction.to_dict(),
            "processing": self.processing.to_dict(),
            "replies": [reply.to_dict() for reply in self.replies],
            "responses": [moment.isoformat() for moment in self.responses],
            "tier_history": [
                {"since": since.isoformat(), "tier": tier.name} for since, tier in self.tier_history
            ],
        }

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        calendar: WorkingCalendar,
        tiers: Mapping[str, Tier] = BUILT_IN_TIERS,
    ) -> TicketSla:
        """Read what :meth:`to_dict` writes, exactly; ``calendar`` is the working calendar
        the ticket was evaluated with, ``tiers`` names the tiers the data may hold."""
        if not isinstance(data, Mapping):
            raise wrong_type("data", "a mapping (what TicketSla.to_dict() writes)", data)

        def status(item: object, place: str) -> SlaStatus:
            if not isinstance(item, Mapping):
                raise wrong_type(place, "a mapping (what SlaStatus.to_dict() writes)", item)
            return SlaStatus.from_dict(item, calendar=calendar, tiers=tiers)

        reaction = status(data.get("reaction"), "data['reaction']")
        zone = reaction.now.tzinfo
        assert zone is not None
        replies = data.get("replies")
        moments = data.get("responses")
        history = data.get("tier_history")
        for name, value in (
            ("replies", replies),
            ("responses", moments),
            ("tier_history", history),
        ):
            if not isinstance(value, list):
                raise wrong_type(f"data[{name!r}]", "a list", value)
        assert isinstance(replies, list)
        assert isinstance(moments, list)
        assert isinstance(history, list)
        return cls(
            ticket_id=read_text(data, "ticket_id"),
            tier=read_tier(data, "tier", tiers),
            now=in_zone(read_instant(data, "now"), zone, "data['now']"),
            reaction=reaction,
            processing=status(data.get("processing"), "data['processing']"),
            replies=tuple(status(item, f"data['replies'][{i}]") for i, item in enumerate(replies)),
            responses=tuple(
                in_zone(read_instant({"at": m}, "at"), zone, f"data['responses'][{i}]")
                for i, m in enumerate(moments)
            ),
            tier_history=tuple(
                _history_item(item, i, zone, tiers) for i, item in enumerate(history)
            ),
        )


def _well_formed(sla: TicketSla) -> bool:
    """A fast check that every field has its type (true for what evaluate_ticket builds)."""
    return (
        type(sla.ticket_id) is str
        and sla.ticket_id != ""
        and type(sla.tier) is Tier
        and plainly_aware(sla.now)
        and all(type(c) is SlaStatus for c in (sla.reaction, sla.processing))
        and type(sla.replies) is tuple
        and all(type(reply) is SlaStatus for reply in sla.replies)
        and type(sla.responses) is tuple
        and all(plainly_aware(moment) for moment in sla.responses)
        and type(sla.tier_history) is tuple
        and all(
            type(item) is tuple
            and len(item) == 2
            and plainly_aware(item[0])
            and type(item[1]) is Tier
            for item in sla.tier_history
        )
    )


def _history_item(
    item: object, index: int, zone: Any, tiers: Mapping[str, Tier]
) -> tuple[datetime, Tier]:
    place = f"data['tier_history'][{index}]"
    if not isinstance(item, Mapping):
        raise wrong_type(place, "a mapping with 'since' and 'tier'", item)
    return in_zone(read_instant(item, "since"), zone, place), read_tier(item, "tier", tiers)


def evaluate_ticket(
    ticket_id: str,
    events: Iterable[TicketEvent | StatusChange | Mapping[str, Any]],
    *,
    tier: Tier,
    calendar: WorkingCalendar,
    now: datetime,
    status_rules: StatusRules = DEFAULT_STATUS_RULES,
    thresholds: Sequence[Fraction] | None = None,
    tiers: Mapping[str, Tier] = BUILT_IN_TIERS,
) -> TicketSla:
    """Replay a ticket's history and report every SLA clock at ``now``.

    ``events`` holds :class:`TicketEvent` and :class:`StatusChange` values, or the dicts
    their ``to_dict`` writes, in any order: they are sorted by instant, ties in
    :data:`REPLAY_ORDER` (status changes after events, see
    :mod:`sla_calendar.policy.workflow`). Without a ``received`` event, the first status
    change is the receipt. ``status_rules`` says what each status does to each clock
    (:data:`DEFAULT_STATUS_RULES`); ``thresholds`` replaces the tier's warning
    thresholds; ``tiers`` names the tiers a dict's ``tier_changed`` may move to.

    Raises :class:`TicketEventError` (naming the ticket and the event, by its position in
    ``events``) for a response before receipt, a resume without a pause, events after
    ``now``, an unknown status and the like, and :class:`NaiveDatetimeError` for a naive
    timestamp.
    """
    require_nonempty_str(ticket_id, "ticket_id")
    require_type(tier, Tier, "tier")
    require_type(calendar, WorkingCalendar, "calendar", "a WorkingCalendar (e.g. kyiv_calendar())")
    require_type(status_rules, StatusRules, "status_rules")
    shares = tier.warning_thresholds if thresholds is None else _thresholds(thresholds)
    now_us = instant_to_us(now, "now")
    if isinstance(events, str | bytes | Mapping) or not isinstance(events, Iterable):
        raise wrong_type("events", "an iterable of TicketEvent, StatusChange or dicts", events)
    ticket = replay(ticket_id, events, tier, status_rules, now_us, tiers)

    def reaction_calendar(t: Tier) -> WorkingCalendar:
        return t.clock_calendar(t.reaction_clock, calendar)

    reaction = clock_status(
        ticket_id,
        Target.REACTION,
        ticket.reaction,
        clock_parts(ticket.reaction, ticket.tiers, lambda t: t.reaction_target, reaction_calendar),
        now_us,
        shares,
    )
    replies = tuple(
        clock_status(
            ticket_id,
            Target.REPLY,
            clock,
            clock_parts(clock, ticket.tiers, lambda t: t.next_reply_target, reaction_calendar),
            now_us,
            shares,
        )
        for clock in ticket.replies
    )
    processing = _processing(ticket_id, ticket, calendar, now_us, shares)
    zone = reaction.now.tzinfo
    assert zone is not None
    return TicketSla(
        ticket_id,
        ticket.tiers[-1][1],
        reaction.now,
        reaction,
        processing,
        replies,
        tuple(us_to_instant(at, zone) for at in ticket.responses),
        tuple((us_to_instant(since, zone), t) for since, t in ticket.tiers),
    )


def _thresholds(value: object) -> tuple[Fraction, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise wrong_type("thresholds", "a sequence of fractions.Fraction", value)
    return check_thresholds(tuple(value), "thresholds")


def _processing(
    ticket_id: str,
    ticket: TicketReplay,
    calendar: WorkingCalendar,
    now_us: int,
    shares: tuple[Fraction, ...],
) -> SlaStatus:
    """The processing clock (R5): extended only by notice given before the unextended
    deadline (the first due instant reached while it ran)."""
    clock = ticket.processing

    def processing_calendar(t: Tier) -> WorkingCalendar:
        return t.clock_calendar(t.processing_clock, calendar)

    base = clock_parts(clock, ticket.tiers, lambda t: t.processing_target, processing_calendar)
    notice = ticket.notice
    base_due = None
    if notice is not None:
        restart = now_us if clock.open else clock.stopped_at
        assert restart is not None
        base_due = measure(base, clock.spans, now_us, restart).first_due
    current = ticket.tiers[-1][1]
    extension = r5_extension(
        current.processing_target // ONE_US,
        current.processing_extension // ONE_US,
        notice,
        base_due,
    )
    zone = base[-1].calendar.tz
    note = r5_note(
        extension,
        None if notice is None else us_to_instant(notice, zone),
        current.processing_target,
        current.processing_extension,
        None if base_due is None else us_to_instant(base_due, zone),
    )
    parts = base
    if extension is Extension.VALID:
        parts = clock_parts(
            clock, ticket.tiers, lambda t: t.processing_extension, processing_calendar
        )
    return clock_status(ticket_id, Target.PROCESSING, clock, parts, now_us, shares, extension, note)
