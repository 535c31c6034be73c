"""Replaying a ticket's history into its clocks: running spans, states and stops, in µs.

:func:`replay` checks a ticket's entries (events, status changes, or their dicts), sorts
them (by instant, ties in :data:`~sla_calendar.policy.events.REPLAY_ORDER`, status changes
after events), finds the receipt and applies each entry in turn to a
:class:`TicketReplay`: the reaction and processing clocks, the reply cycles, the
responses, the R5 notice and the tiers in force. Events are strict (resuming a running
ticket is an error naming the ticket and the event); a status only says where the ticket
is, so one that changes nothing is no error (see :mod:`sla_calendar.policy.workflow`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from sla_calendar._checks import wrong_type
from sla_calendar._instants import instant_to_us
from sla_calendar.errors import SlaCalendarError, TicketEventError
from sla_calendar.policy.deadlines import Target
from sla_calendar.policy.events import (
    RANK,
    EventKind,
    StatusChange,
    TicketEvent,
    entry_from_dict,
)
from sla_calendar.policy.tiers import Tier
from sla_calendar.policy.workflow import ClockAction, StatusRules

__all__ = [
    "CANCELLED",
    "PAUSED",
    "RUNNING",
    "STOPPED",
    "Clock",
    "Span",
    "TicketReplay",
    "replay",
]

RUNNING: Final = "running"
PAUSED: Final = "paused"
STOPPED: Final = "stopped"
CANCELLED: Final = "cancelled"

Span = tuple[int, int | None]
"""A span during which a clock ran, in µs on the UTC line; end None: still running."""

Entry = TicketEvent | StatusChange


@dataclass(slots=True)
class Clock:
    """One clock while a history replays: the spans it ran, its state, when it stopped."""

    spans: list[Span]
    state: str = RUNNING
    stopped_at: int | None = None

    @property
    def open(self) -> bool:
        """True while running or paused (not stopped, not cancelled)."""
        return self.state in (RUNNING, PAUSED)

    def pause(self, at: int) -> bool:
        """Pause a running clock; False when it was not running."""
        if self.state != RUNNING:
            return False
        self.spans[-1] = (self.spans[-1][0], at)
        self.state = PAUSED
        return True

    def resume(self, at: int, *, reopen: bool) -> bool:
        """Run a paused clock again (a stopped one too when ``reopen``); False otherwise."""
        if self.state != PAUSED and not (reopen and self.state == STOPPED):
            return False
        self.spans.append((at, None))
        self.state = RUNNING
        self.stopped_at = None
        return True

    def stop(self, at: int, *, cancel: bool = False) -> bool:
        """Stop (or cancel) an open clock; False when it was already stopped."""
        if not self.open:
            return False
        if self.state == RUNNING:
            self.spans[-1] = (self.spans[-1][0], at)
        self.state = CANCELLED if cancel else STOPPED
        self.stopped_at = at
        return True


_TICKET_STATE: Final = {
    RUNNING: "running",
    PAUSED: "paused",
    STOPPED: "resolved",
    CANCELLED: "cancelled",
}


@dataclass(slots=True)
class TicketReplay:
    """A ticket's clocks while its history replays (instants in µs).

    ``tiers`` lists ``(since, tier)``: the tier at the receipt, then each change.
    """

    received: int
    reaction: Clock
    processing: Clock
    tiers: list[tuple[int, Tier]]
    replies: list[Clock] = field(default_factory=list)
    responses: list[int] = field(default_factory=list)
    notice: int | None = None
    cancelled_at: int | None = None

    @classmethod
    def start(cls, received: int, tier: Tier) -> TicketReplay:
        """Both clocks running from the receipt, on ``tier``."""
        return cls(
            received, Clock([(received, None)]), Clock([(received, None)]), [(received, tier)]
        )

    def open_reply(self) -> Clock | None:
        """The reply cycle still open (running or paused), if any."""
        return self.replies[-1] if self.replies and self.replies[-1].open else None

    def open_cycle(self, at: int) -> None:
        """A message of the client: a new reply cycle, unless one (or the reaction) is open."""
        if not self.reaction.open and self.open_reply() is None:
            self.replies.append(Clock([(at, None)]))

    def event(self, event: TicketEvent, at: int) -> str | None:
        """Apply one event after the receipt; why it cannot happen now, if it cannot."""
        if self.cancelled_at is not None:
            return "the ticket was already cancelled"
        return _ON_EVENT[event.kind](self, event, at)

    def status(self, actions: Mapping[Target, ClockAction], at: int) -> None:
        """Apply a status's action to each clock it names; actions that change nothing are
        no error (a status says where the ticket is)."""
        for target in Target:
            action = actions.get(target)
            if action is None:
                continue
            if target is Target.REPLY:
                if action is ClockAction.START:
                    self.open_cycle(at)
                elif (reply := self.open_reply()) is not None:
                    _act(reply, action, at, reopen=False)
            else:
                clock = self.reaction if target is Target.REACTION else self.processing
                _act(clock, action, at, reopen=target is Target.PROCESSING)

    def change_tier(self, at: int, tier: Tier) -> None:
        """The tier in force from ``at`` on (a change at one instant replaces the previous)."""
        if self.tiers[-1][0] == at:
            self.tiers[-1] = (at, tier)
        elif self.tiers[-1][1] != tier:
            self.tiers.append((at, tier))

    def processing_state(self) -> str:
        """The processing clock's state, in the words of the ticket (resolved, ...)."""
        return _TICKET_STATE[self.processing.state]


def _act(clock: Clock, action: ClockAction, at: int, *, reopen: bool) -> None:
    if action is ClockAction.PAUSE:
        clock.pause(at)
    elif action is ClockAction.RESUME:
        clock.resume(at, reopen=reopen)
    elif action in (ClockAction.STOP, ClockAction.CANCEL):
        clock.stop(at, cancel=action is ClockAction.CANCEL)


def _received(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    return "a ticket is received only once"


def _responded(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    ticket.responses.append(at)
    if ticket.reaction.open:
        ticket.reaction.stop(at)
    elif (reply := ticket.open_reply()) is not None:
        reply.stop(at)
    return None


def _client_message(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    ticket.open_cycle(at)
    return None


def _paused(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    if ticket.processing.pause(at):
        return None
    return f"cannot pause a {ticket.processing_state()} ticket"


def _resumed(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    if ticket.processing.resume(at, reopen=False):
        return None
    return f"cannot resume a {ticket.processing_state()} ticket"


def _notified(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    ticket.notice = at if ticket.notice is None else ticket.notice
    return None


def _resolved(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    if not ticket.processing.stop(at):
        return "the ticket is already resolved"
    ticket.reaction.stop(at)  # a resolution answers the client too
    if (reply := ticket.open_reply()) is not None:
        reply.stop(at)
    return None


def _reopened(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    if ticket.processing.state == STOPPED and ticket.processing.resume(at, reopen=True):
        return None
    return f"cannot reopen a {ticket.processing_state()} ticket"


def _tier_changed(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    assert event.tier is not None
    ticket.change_tier(at, event.tier)
    return None


def _cancelled(ticket: TicketReplay, event: TicketEvent, at: int) -> str | None:
    for clock in (ticket.reaction, ticket.processing, *ticket.replies):
        clock.stop(at, cancel=True)
    ticket.cancelled_at = at
    return None


_ON_EVENT: Final[Mapping[EventKind, Callable[[TicketReplay, TicketEvent, int], str | None]]] = {
    EventKind.RECEIVED: _received,
    EventKind.RESPONDED: _responded,
    EventKind.CLIENT_MESSAGE: _client_message,
    EventKind.PAUSED: _paused,
    EventKind.RESUMED: _resumed,
    EventKind.EXTENSION_NOTIFIED: _notified,
    EventKind.RESOLVED: _resolved,
    EventKind.REOPENED: _reopened,
    EventKind.TIER_CHANGED: _tier_changed,
    EventKind.CANCELLED: _cancelled,
}


class _Item(NamedTuple):
    """One entry with its input position, instant (µs) and place in replay order."""

    position: int
    entry: Entry
    at: int
    key: tuple[int, int, int, str]

    def where(self, ticket_id: str) -> str:
        what = (
            f"status {self.entry.status!r}"
            if isinstance(self.entry, StatusChange)
            else self.entry.kind.value
        )
        at = self.entry.at.isoformat()
        return f"ticket {ticket_id!r}, event {self.position} ({what} at {at})"

    def fail(self, ticket_id: str, problem: str) -> TicketEventError:
        return TicketEventError(f"{self.where(ticket_id)}: {problem}")


_ENTRIES: Final = (TicketEvent, StatusChange)


def _entry(ticket_id: str, index: int, item: object, tiers: Mapping[str, Tier]) -> Entry:
    """An entry as a value: dicts are read (errors name the ticket and the event)."""
    if isinstance(item, _ENTRIES):
        return item
    if isinstance(item, Mapping):
        try:
            return entry_from_dict(item, tiers)
        except SlaCalendarError as error:
            raise type(error)(f"ticket {ticket_id!r}, event {index}: {error}") from None
    raise wrong_type(
        f"ticket {ticket_id!r}, event {index}", "a TicketEvent, a StatusChange or a dict", item
    )


def _items(
    ticket_id: str, entries: Iterable[Any], rules: StatusRules, tiers: Mapping[str, Tier]
) -> list[_Item]:
    """The entries in replay order: by instant, events in REPLAY_ORDER, then statuses."""
    items = []
    for index, raw in enumerate(entries):
        entry = raw if type(raw) is TicketEvent else _entry(ticket_id, index, raw, tiers)
        at = instant_to_us(entry.at, "at")
        if isinstance(entry, StatusChange):
            try:
                rank, name = rules.rank(entry.status)
            except SlaCalendarError as error:
                where = f"ticket {ticket_id!r}, event {index} (status {entry.status!r})"
                raise TicketEventError(f"{where}: {error}") from None
            key = (at, len(RANK), rank, name)
        else:
            tier = "" if entry.tier is None else entry.tier.name
            key = (at, RANK[entry.kind], 0, tier)
        items.append(_Item(index, entry, at, key))
    items.sort(key=lambda item: (item.key, item.position))
    return items


def _receipt(ticket_id: str, items: list[_Item]) -> tuple[_Item | None, _Item]:
    """The RECEIVED event (None when a status marks the receipt) and the entry that marks
    the receipt: that event, else the first status change."""
    received = [
        i for i in items if isinstance(i.entry, TicketEvent) and i.entry.kind is EventKind.RECEIVED
    ]
    if len(received) > 1:
        raise received[1].fail(ticket_id, "a ticket is received only once")
    if received:
        return received[0], received[0]
    statuses = [i for i in items if isinstance(i.entry, StatusChange)]
    if not statuses:
        raise items[0].fail(ticket_id, "the first event must be 'received'")
    return None, statuses[0]


def _check_tier_changes(ticket_id: str, items: list[_Item]) -> None:
    """Refuse two changes at one instant to different tiers: which would win?"""
    seen: dict[int, _Item] = {}
    for item in items:
        entry = item.entry
        if not isinstance(entry, TicketEvent) or entry.kind is not EventKind.TIER_CHANGED:
            continue
        other = seen.setdefault(item.at, item)
        if other.entry != entry:
            assert isinstance(other.entry, TicketEvent)
            raise item.fail(
                ticket_id,
                f"another tier change at the same instant (event {other.position}) moves to a "
                "different tier; expected one change per instant",
            )


def replay(
    ticket_id: str,
    entries: Iterable[Any],
    tier: Tier,
    rules: StatusRules,
    now_us: int,
    tiers: Mapping[str, Tier],
) -> TicketReplay:
    """Check and sort a ticket's entries, then replay them into its clocks."""
    items = _items(ticket_id, entries, rules, tiers)
    if not items:
        raise TicketEventError(f"ticket {ticket_id!r} has no events; expected a 'received' event")
    _check_tier_changes(ticket_id, items)
    event, mark = _receipt(ticket_id, items)
    ticket = TicketReplay.start(mark.at, tier)
    for item in items:
        if item.at < mark.at:
            problem: str | None = f"it is before the receipt at {mark.entry.at.isoformat()}"
        elif item.at > now_us:
            problem = "it is after `now`; expected past events only"
        elif item is event:
            continue
        elif isinstance(item.entry, StatusChange):
            ticket.status(rules.actions_for(item.entry.status), item.at)
            continue
        else:
            problem = ticket.event(item.entry, item.at)
        if problem is not None:
            raise item.fail(ticket_id, problem)
    return ticket
