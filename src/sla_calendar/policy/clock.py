"""SLA clocks replayed from a ticket's events, at a given ``now`` (R5, R10–R13).

A ticket's events (received, responded, paused, resumed, extension notified, resolved,
reopened) are replayed into the real-time spans during which each clock ran:

* the **reaction** clock runs from receipt to the first response (or the resolution,
  if that comes first: it answers the client too). Pauses do not stop it: waiting for
  the client can only follow a first contact.
* the **processing** clock runs from receipt to resolution, stops while paused
  (waiting for the client) and between a resolution and a reopening. Its target is
  the tier's processing target, extended (R5) only by notice given before the
  unextended deadline passed.

:func:`evaluate_ticket` returns one frozen :class:`SlaStatus` per target. ``now`` is a
parameter: nothing here reads the system clock.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from sla_calendar._format import format_duration
from sla_calendar._instants import ONE_US, instant_to_us, us_to_instant
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import (
    ArgumentTypeError,
    NaiveDatetimeError,
    TicketEventError,
)
from sla_calendar.policy.deadlines import Explanation, Target, explain_clock
from sla_calendar.policy.tiers import Tier

__all__ = ["EventKind", "SlaStatus", "TicketEvent", "TicketSla", "evaluate_ticket"]


class EventKind(enum.Enum):
    """What happened to a ticket."""

    RECEIVED = "received"
    """The request arrived: both clocks start."""
    RESPONDED = "responded"
    """A response was sent; the first one stops the reaction clock."""
    PAUSED = "paused"
    """Waiting for the client: the processing clock stops."""
    RESUMED = "resumed"
    """The client answered: the processing clock runs again."""
    EXTENSION_NOTIFIED = "extension_notified"
    """The client was told processing will take longer (R5)."""
    RESOLVED = "resolved"
    """The request was resolved: the processing clock stops."""
    REOPENED = "reopened"
    """A resolved request was reopened: the processing clock runs again."""


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """One event of a ticket: its kind and when it happened (an aware datetime)."""

    kind: EventKind
    at: datetime


@dataclass(frozen=True, slots=True)
class SlaStatus:
    """One target's clock at ``now``.

    * ``start``: when the clock started (receipt); ``stop``: when it stopped for good
      (first response, or resolution not followed by a reopening), else None.
    * ``due``: the instant the target is used up. While the clock is paused at ``now``
      it is projected as if resumed at ``now``; for a clock stopped in time it is when
      the target would have been used up.
    * ``elapsed``: working time counted up to ``stop`` or ``now``; ``remaining``:
      target minus elapsed (negative once overrun); ``fraction_used``: elapsed/target.
    * ``breached``: the clock ran at some moment strictly after ``due`` (it stopped,
      paused or is still open after it); an answer exactly at ``due`` is in time.
      ``breached_at`` is then ``due``, the last instant that was still in time.
    * ``running``: the real-time spans the clock ran (an open one ends at ``now``).
    """

    ticket_id: str
    target: Target
    target_duration: timedelta
    start: datetime
    due: datetime
    stop: datetime | None
    elapsed: timedelta
    remaining: timedelta
    breached: bool
    breached_at: datetime | None
    fraction_used: Fraction
    paused: bool
    now: datetime
    calendar: WorkingCalendar
    running: tuple[tuple[datetime, datetime], ...]
    extended: bool = False
    extension_note: str | None = None

    def explain(self) -> Explanation:
        """What was counted from ``start`` to ``stop`` (or ``now``), paused time, skipped days.

        Its ``counted`` equals ``elapsed``. For the planned route to ``due``, see
        :meth:`Deadline.explain`.
        """
        return explain_clock(self.calendar, self.start, self.stop or self.now, self.running)

    def __str__(self) -> str:
        state = "breached" if self.breached else "paused" if self.paused else "ok"
        return (
            f"{self.ticket_id} {self.target.value}: {state}, due {self.due.isoformat()}, "
            f"used {format_duration(self.elapsed)} of {format_duration(self.target_duration)}"
        )


@dataclass(frozen=True, slots=True)
class TicketSla:
    """Both clocks of one ticket at ``now``."""

    ticket_id: str
    tier: Tier
    now: datetime
    reaction: SlaStatus
    processing: SlaStatus

    @property
    def breached(self) -> bool:
        """True when either target is breached."""
        return self.reaction.breached or self.processing.breached


_Span = tuple[int, int | None]  # µs on the UTC line; None: still running


def _fail(ticket_id: str, index: int, event: TicketEvent, problem: str) -> TicketEventError:
    return TicketEventError(
        f"ticket {ticket_id!r}, event {index} ({event.kind.value} at {event.at.isoformat()}): "
        f"{problem}"
    )


def _replay(
    ticket_id: str, events: Sequence[TicketEvent], now_us: int
) -> tuple[int, int | None, list[_Span], int | None, bool, int | None]:
    """Check the events and return receipt, first response, processing spans, last
    resolution (if resolved at the end), whether paused at the end, and the first
    extension notice (all in µs)."""
    if not events:
        raise TicketEventError(f"ticket {ticket_id!r} has no events; expected a 'received' event")
    stamps: list[int] = []
    for index, event in enumerate(events):
        if not isinstance(event, TicketEvent):
            raise ArgumentTypeError(
                f"ticket {ticket_id!r}, event {index} must be a TicketEvent, got "
                f"{type(event).__name__} {event!r}"
            )
        if not isinstance(event.kind, EventKind):
            raise ArgumentTypeError(
                f"ticket {ticket_id!r}, event {index}: kind must be an EventKind, got "
                f"{event.kind!r}"
            )
        try:
            stamps.append(instant_to_us(event.at, "at"))
        except NaiveDatetimeError:
            raise NaiveDatetimeError(
                f"ticket {ticket_id!r}, event {index} ({event.kind.value}): at={event.at!r} is a "
                "naive datetime; expected a timezone-aware datetime"
            ) from None
        except ArgumentTypeError:
            raise ArgumentTypeError(
                f"ticket {ticket_id!r}, event {index} ({event.kind.value}): at must be a "
                f"timezone-aware datetime, got {type(event.at).__name__} {event.at!r}"
            ) from None
    first = events[0]
    if first.kind is not EventKind.RECEIVED:
        raise _fail(ticket_id, 0, first, "the first event must be 'received'")
    received = stamps[0]
    response: int | None = None
    spans: list[_Span] = [(received, None)]
    state = "running"
    resolved_at: int | None = None
    notice: int | None = None
    for index in range(1, len(events)):
        event, at = events[index], stamps[index]
        kind = event.kind
        if kind is EventKind.RECEIVED:
            raise _fail(ticket_id, index, event, "a ticket is received only once")
        if at < received:
            raise _fail(
                ticket_id, index, event, f"it is before the receipt at {first.at.isoformat()}"
            )
        if at < stamps[index - 1]:
            raise _fail(
                ticket_id,
                index,
                event,
                "out of order: it is before the previous event at "
                f"{events[index - 1].at.isoformat()}",
            )
        if at > now_us:
            raise _fail(ticket_id, index, event, "it is after `now`; expected past events only")
        if kind is EventKind.RESPONDED:
            if response is None:
                response = at
        elif kind is EventKind.EXTENSION_NOTIFIED:
            if notice is None:
                notice = at
        elif kind is EventKind.PAUSED:
            if state != "running":
                raise _fail(ticket_id, index, event, f"cannot pause a {state} ticket")
            spans[-1] = (spans[-1][0], at)
            state = "paused"
        elif kind is EventKind.RESUMED:
            if state != "paused":
                raise _fail(ticket_id, index, event, f"cannot resume a {state} ticket")
            spans.append((at, None))
            state = "running"
        elif kind is EventKind.RESOLVED:
            if response is None:  # a resolution answers the client too
                response = at
            if state == "resolved":
                raise _fail(ticket_id, index, event, "the ticket is already resolved")
            if state == "running":
                spans[-1] = (spans[-1][0], at)
            state = "resolved"
            resolved_at = at
        elif kind is EventKind.REOPENED:
            if state != "resolved":
                raise _fail(ticket_id, index, event, f"cannot reopen a {state} ticket")
            spans.append((at, None))
            state = "running"
            resolved_at = None
    if received > now_us:
        raise _fail(ticket_id, 0, first, "it is after `now`; expected past events only")
    return received, response, spans, resolved_at, state == "paused", notice


def _due_within(calendar: WorkingCalendar, spans: list[_Span], target: int) -> int | None:
    """The instant ``target`` µs of working time is used up within ``spans``, if it is."""
    left = target
    for begin, end in spans:
        if end is None:
            return calendar.add_working_time_us(begin, left)
        worked = calendar.working_time_between_us(begin, end)
        if left <= worked:
            return calendar.add_working_time_us(begin, left)
        left -= worked
    return None


def _ran_after(spans: list[_Span], instant: int, now_us: int) -> bool:
    """True when the clock ran at some moment strictly after ``instant``.

    That is the one breach rule for every state: an answer or resolution after the due
    instant, an open clock past it at ``now``, or a pause or resolution that came only
    after it (a clock paused after its due instant stays breached).
    """
    return any(max(begin, instant) < (now_us if end is None else end) for begin, end in spans)


def _elapsed(calendar: WorkingCalendar, spans: list[_Span], until: int) -> int:
    total = 0
    for begin, end in spans:
        stop = until if end is None else min(end, until)
        if stop > begin:
            total += calendar.working_time_between_us(begin, stop)
    return total


def _status(
    ticket_id: str,
    target: Target,
    calendar: WorkingCalendar,
    spans: list[_Span],
    target_us: int,
    stop: int | None,
    paused: bool,
    now_us: int,
    extended: bool = False,
    note: str | None = None,
) -> SlaStatus:
    zone = calendar.tz
    elapsed = _elapsed(calendar, spans, now_us if stop is None else stop)
    due = _due_within(calendar, spans, target_us)
    if due is None:  # stopped or paused before the target was used up: project it
        restart = now_us if stop is None else stop
        due = calendar.add_working_time_us(restart, target_us - elapsed)
    breached = _ran_after(spans, due, now_us)
    running = tuple(
        (us_to_instant(begin, zone), us_to_instant(now_us if end is None else end, zone))
        for begin, end in spans
    )
    due_at = us_to_instant(due, zone)
    return SlaStatus(
        ticket_id=ticket_id,
        target=target,
        target_duration=timedelta(microseconds=target_us),
        start=us_to_instant(spans[0][0], zone),
        due=due_at,
        stop=None if stop is None else us_to_instant(stop, zone),
        elapsed=timedelta(microseconds=elapsed),
        remaining=timedelta(microseconds=target_us - elapsed),
        breached=breached,
        breached_at=due_at if breached else None,
        fraction_used=Fraction(elapsed, target_us),
        paused=paused,
        now=us_to_instant(now_us, zone),
        calendar=calendar,
        running=running,
        extended=extended,
        extension_note=note,
    )


def evaluate_ticket(
    ticket_id: str,
    events: Iterable[TicketEvent],
    *,
    tier: Tier,
    calendar: WorkingCalendar,
    now: datetime,
) -> TicketSla:
    """Replay a ticket's events and report both SLA clocks at ``now``.

    Raises :class:`TicketEventError` (naming the ticket and the event) for events out of
    order, a response before receipt, a resume without a pause, events after ``now``
    and the like, and :class:`NaiveDatetimeError` for a naive timestamp.
    """
    if not isinstance(ticket_id, str) or not ticket_id:
        raise ArgumentTypeError(f"ticket_id must be a non-empty str, got {ticket_id!r}")
    if not isinstance(tier, Tier):
        raise ArgumentTypeError(f"tier must be a Tier, got {type(tier).__name__} {tier!r}")
    now_us = instant_to_us(now, "now")
    received, response, spans, resolved_at, paused, notice = _replay(
        ticket_id, tuple(events), now_us
    )

    reaction_calendar = tier.clock_calendar(tier.reaction_clock, calendar)
    reaction_us = tier.reaction_target // ONE_US
    reaction = _status(
        ticket_id,
        Target.REACTION,
        reaction_calendar,
        [(received, response)],
        reaction_us,
        response,
        False,
        now_us,
    )

    processing_calendar = tier.clock_calendar(tier.processing_clock, calendar)
    base_us = tier.processing_target // ONE_US
    extension_us = tier.processing_extension // ONE_US
    target_us, extended, note = base_us, False, None
    if notice is not None and extension_us == base_us:
        note = (
            f"not extended: this tier's processing target "
            f"{format_duration(tier.processing_target)} has no extension"
        )
    elif notice is not None:
        zone = processing_calendar.tz
        base_due = _due_within(processing_calendar, spans, base_us)
        notice_text = us_to_instant(notice, zone).isoformat()
        if base_due is not None and notice > base_due:
            note = (
                f"not extended: notice at {notice_text} came after the "
                f"{format_duration(tier.processing_target)} deadline "
                f"{us_to_instant(base_due, zone).isoformat()} had passed (R5 needs prior notice)"
            )
        else:
            target_us, extended = extension_us, True
            note = (
                f"extended to {format_duration(tier.processing_extension)} by notice at "
                f"{notice_text} (R5)"
            )
    processing = _status(
        ticket_id,
        Target.PROCESSING,
        processing_calendar,
        spans,
        target_us,
        resolved_at,
        paused,
        now_us,
        extended,
        note,
    )
    return TicketSla(ticket_id, tier, reaction.now, reaction, processing)
