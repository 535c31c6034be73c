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
from types import MappingProxyType
from typing import Final

from sla_calendar._checks import require_nonempty_str, require_type, wrong_type
from sla_calendar._format import format_duration
from sla_calendar._instants import ONE_US, instant_to_us, us_to_instant
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import (
    ArgumentTypeError,
    NaiveDatetimeError,
    TicketEventError,
)
from sla_calendar.policy.deadlines import (
    Explanation,
    Extension,
    Target,
    explain_clock,
    r5_extension,
    r5_note,
)
from sla_calendar.policy.tiers import Tier

__all__ = [
    "REPLAY_ORDER",
    "EventKind",
    "SlaStatus",
    "TicketEvent",
    "TicketSla",
    "evaluate_ticket",
    "ticket_events",
]


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


REPLAY_ORDER: Final = (
    EventKind.RECEIVED,
    EventKind.RESPONDED,
    EventKind.EXTENSION_NOTIFIED,
    EventKind.RESUMED,
    EventKind.PAUSED,
    EventKind.RESOLVED,
    EventKind.REOPENED,
)
"""The order in which events at one instant replay: a pause may end and the next begin at
one instant, and a pause may end exactly at the resolution."""

_RANK: Final = MappingProxyType({kind: rank for rank, kind in enumerate(REPLAY_ORDER)})


def ticket_events(
    received_at: datetime,
    *,
    first_response_at: datetime | None = None,
    extension_notified_at: datetime | None = None,
    resolved_at: datetime | None = None,
    pauses: Iterable[tuple[datetime, datetime]] = (),
) -> list[TicketEvent]:
    """A ticket's events from its recorded instants, ready for :func:`evaluate_ticket`.

    Each pause ``(start, end)`` gives a ``paused`` and a ``resumed`` event. Events are
    in time order, ties in :data:`REPLAY_ORDER`.
    """
    events = [TicketEvent(EventKind.RECEIVED, received_at)]
    for moment, kind in (
        (first_response_at, EventKind.RESPONDED),
        (extension_notified_at, EventKind.EXTENSION_NOTIFIED),
        (resolved_at, EventKind.RESOLVED),
    ):
        if moment is not None:
            events.append(TicketEvent(kind, moment))
    for start, end in pauses:
        events += [TicketEvent(EventKind.PAUSED, start), TicketEvent(EventKind.RESUMED, end)]
    events.sort(key=lambda event: (instant_to_us(event.at, "at"), _RANK[event.kind]))
    return events


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
    * ``extended``, ``extension_note`` and ``extension`` (processing only): whether R5
      extended the target, in words, and as an :class:`Extension` (why not, if not).
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
    extension: Extension = Extension.NONE

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


def _stamps(ticket_id: str, events: Sequence[TicketEvent]) -> list[int]:
    """Each event's instant in µs, after checking its type; errors name ticket and event."""
    stamps: list[int] = []
    for index, event in enumerate(events):
        where = f"ticket {ticket_id!r}, event {index}"
        require_type(event, TicketEvent, where)
        require_type(event.kind, EventKind, f"{where}: kind", "an EventKind")
        try:
            stamps.append(instant_to_us(event.at, "at"))
        except NaiveDatetimeError:
            raise NaiveDatetimeError(
                f"{where} ({event.kind.value}): at={event.at!r} is a naive datetime; expected "
                "a timezone-aware datetime"
            ) from None
        except ArgumentTypeError:
            raise wrong_type(
                f"{where} ({event.kind.value}): at", "a timezone-aware datetime", event.at
            ) from None
    return stamps


def _misplaced(
    events: Sequence[TicketEvent], stamps: list[int], index: int, now_us: int
) -> str | None:
    """Why event ``index`` (after the receipt) cannot be where it is in time, if it cannot."""
    if events[index].kind is EventKind.RECEIVED:
        return "a ticket is received only once"
    at = stamps[index]
    if at < stamps[0]:
        return f"it is before the receipt at {events[0].at.isoformat()}"
    if at < stamps[index - 1]:
        return (
            f"out of order: it is before the previous event at {events[index - 1].at.isoformat()}"
        )
    if at > now_us:
        return "it is after `now`; expected past events only"
    return None


@dataclass(slots=True)
class _Replay:
    """A ticket's clocks while its events are replayed, in µs.

    ``spans`` are the processing clock's running spans; ``state`` is ``running``,
    ``paused`` or ``resolved``; ``resolved_at`` is the last resolution while resolved.
    """

    received: int
    spans: list[_Span]
    response: int | None = None
    notice: int | None = None
    resolved_at: int | None = None
    state: str = "running"

    def apply(self, kind: EventKind, at: int) -> str | None:
        """Replay one event after the receipt; why it cannot happen now, if it cannot."""
        if kind is EventKind.RESPONDED:
            self.response = at if self.response is None else self.response
        elif kind is EventKind.EXTENSION_NOTIFIED:
            self.notice = at if self.notice is None else self.notice
        elif kind is EventKind.PAUSED:
            return self._stop(at, "pause", "running", "paused")
        elif kind is EventKind.RESUMED:
            return self._start(at, "resume", "paused")
        elif kind is EventKind.RESOLVED:
            return self._resolve(at)
        elif kind is EventKind.REOPENED:
            return self._start(at, "reopen", "resolved")
        return None

    def _stop(self, at: int, verb: str, before: str, after: str) -> str | None:
        if self.state != before:
            return f"cannot {verb} a {self.state} ticket"
        self.spans[-1] = (self.spans[-1][0], at)
        self.state = after
        return None

    def _start(self, at: int, verb: str, before: str) -> str | None:
        if self.state != before:
            return f"cannot {verb} a {self.state} ticket"
        self.spans.append((at, None))
        self.state = "running"
        self.resolved_at = None
        return None

    def _resolve(self, at: int) -> str | None:
        if self.response is None:  # a resolution answers the client too
            self.response = at
        if self.state == "resolved":
            return "the ticket is already resolved"
        if self.state == "running":
            self.spans[-1] = (self.spans[-1][0], at)
        self.state = "resolved"
        self.resolved_at = at
        return None


def _replay(ticket_id: str, events: Sequence[TicketEvent], now_us: int) -> _Replay:
    """Check the events and replay them into the clocks' spans and stops."""
    if not events:
        raise TicketEventError(f"ticket {ticket_id!r} has no events; expected a 'received' event")
    stamps = _stamps(ticket_id, events)
    first = events[0]
    if first.kind is not EventKind.RECEIVED:
        raise _fail(ticket_id, 0, first, "the first event must be 'received'")
    replay = _Replay(stamps[0], [(stamps[0], None)])
    for index in range(1, len(events)):
        problem = _misplaced(events, stamps, index, now_us) or replay.apply(
            events[index].kind, stamps[index]
        )
        if problem is not None:
            raise _fail(ticket_id, index, events[index], problem)
    if replay.received > now_us:
        raise _fail(ticket_id, 0, first, "it is after `now`; expected past events only")
    return replay


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
    extension: Extension = Extension.NONE,
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
        extended=extension is Extension.VALID,
        extension_note=note,
        extension=extension,
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
    require_nonempty_str(ticket_id, "ticket_id")
    require_type(tier, Tier, "tier")
    now_us = instant_to_us(now, "now")
    replay = _replay(ticket_id, tuple(events), now_us)
    received, response, spans = replay.received, replay.response, replay.spans
    resolved_at, paused, notice = replay.resolved_at, replay.state == "paused", replay.notice

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
    base_due = None if notice is None else _due_within(processing_calendar, spans, base_us)
    extension = r5_extension(base_us, extension_us, notice, base_due)
    zone = processing_calendar.tz
    note = r5_note(
        extension,
        None if notice is None else us_to_instant(notice, zone),
        tier.processing_target,
        tier.processing_extension,
        None if base_due is None else us_to_instant(base_due, zone),
    )
    processing = _status(
        ticket_id,
        Target.PROCESSING,
        processing_calendar,
        spans,
        extension_us if extension is Extension.VALID else base_us,
        resolved_at,
        paused,
        now_us,
        extension,
        note,
    )
    return TicketSla(ticket_id, tier, reaction.now, reaction, processing)
