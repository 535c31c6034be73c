"""What happens to a ticket: events, a helpdesk's status changes, and reading them from JSON.

A ticket's history is a list of :class:`TicketEvent` (received, responded, a message of
the client, paused, resumed, extension notified, resolved, reopened, a change of tier,
cancelled) and, from a helpdesk that records statuses rather than events, of
:class:`StatusChange` (``("awaiting client", at)``; what a status does to each clock is
in :mod:`sla_calendar.policy.workflow`). Both come as values or as the plain dicts their
``to_dict`` writes (what a JSON file holds), in any order:
:func:`~sla_calendar.policy.clock.evaluate_ticket` sorts them by instant, ties in
:data:`REPLAY_ORDER`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from sla_calendar._checks import CheckedEnum, invalid_value, require_text, require_type, wrong_type
from sla_calendar._instants import instant_to_us, plainly_aware
from sla_calendar.policy.deadlines import check_instant
from sla_calendar.policy.tiers import BUILT_IN_TIERS, Tier

__all__ = [
    "REPLAY_ORDER",
    "EventKind",
    "StatusChange",
    "TicketEvent",
    "entry_from_dict",
    "parse_instant",
    "read_instant",
    "read_member",
    "read_text",
    "read_tier",
    "ticket_events",
]


class EventKind(CheckedEnum):
    """What happened to a ticket."""

    RECEIVED = "received"
    """The request arrived: the reaction and processing clocks start."""
    RESPONDED = "responded"
    """A response was sent: it stops the reaction clock, or the open reply cycle; a
    response with neither open is a further message in an answered cycle (kept in
    :attr:`TicketSla.responses <sla_calendar.policy.clock.TicketSla.responses>`)."""
    CLIENT_MESSAGE = "client_message"
    """The client wrote again: once the first response was sent, it opens a reply cycle
    (unless one is open already), whose clock runs until the next response."""
    PAUSED = "paused"
    """Waiting for the client: the processing clock stops."""
    RESUMED = "resumed"
    """The client answered: the processing clock runs again."""
    EXTENSION_NOTIFIED = "extension_notified"
    """The client was told processing will take longer (R5)."""
    RESOLVED = "resolved"
    """The request was resolved: the processing clock stops, and so do an open reaction
    clock and reply cycle (a resolution answers the client)."""
    REOPENED = "reopened"
    """A resolved request was reopened: the processing clock runs again."""
    TIER_CHANGED = "tier_changed"
    """The ticket moved to another tier (``TicketEvent.tier``): a coupon supplied after
    receipt (R12), an escalation to critical (R2). Open clocks switch to its targets."""
    CANCELLED = "cancelled"
    """The ticket was withdrawn: every open clock stops without a verdict."""


REPLAY_ORDER: Final = (
    EventKind.RECEIVED,
    EventKind.TIER_CHANGED,
    EventKind.CLIENT_MESSAGE,
    EventKind.RESPONDED,
    EventKind.EXTENSION_NOTIFIED,
    EventKind.RESUMED,
    EventKind.PAUSED,
    EventKind.RESOLVED,
    EventKind.REOPENED,
    EventKind.CANCELLED,
)
"""The order in which events at one instant replay: a tier change applies to what happens
at its instant; a response answers a message of the same instant; a pause may end and the
next begin at one instant, and a pause may end exactly at the resolution. Status changes
at an instant come after its events (see :mod:`sla_calendar.policy.workflow`)."""

RANK: Final = MappingProxyType({kind: rank for rank, kind in enumerate(REPLAY_ORDER)})
"""Each event kind's place in :data:`REPLAY_ORDER`."""


@dataclass(frozen=True, slots=True)
class TicketEvent:
    """One event of a ticket: its kind, when it happened (an aware datetime), and for
    :attr:`EventKind.TIER_CHANGED` the tier it moved to.

    >>> event = TicketEvent(EventKind.RESPONDED, datetime.fromisoformat("2026-11-23T10:00+02:00"))
    >>> event.to_dict()
    {'kind': 'responded', 'at': '2026-11-23T10:00:00+02:00'}
    >>> TicketEvent.from_dict(event.to_dict()) == event
    True
    """

    kind: EventKind
    at: datetime
    tier: Tier | None = None

    def __post_init__(self) -> None:
        if (
            type(self.kind) is EventKind
            and plainly_aware(self.at)
            and (self.tier is None) is (self.kind is not EventKind.TIER_CHANGED)
            and (self.tier is None or type(self.tier) is Tier)
        ):
            return  # the common case, checked at once; else name the field at fault
        require_type(self.kind, EventKind, "TicketEvent.kind")
        check_instant(self.at, "TicketEvent.at")
        if self.kind is EventKind.TIER_CHANGED:
            require_type(self.tier, Tier, "TicketEvent.tier", "a Tier (the tier moved to)")
        elif self.tier is not None:
            raise invalid_value(
                "TicketEvent.tier", self.tier, f"None for a {self.kind.value!r} event"
            )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: the kind's value, the instant in ISO 8601, the tier by name."""
        data: dict[str, Any] = {"kind": self.kind.value, "at": self.at.isoformat()}
        if self.tier is not None:
            data["tier"] = self.tier.name
        return data

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], tiers: Mapping[str, Tier] = BUILT_IN_TIERS
    ) -> TicketEvent:
        """Read what :meth:`to_dict` writes; ``tiers`` names the tiers a change may move to."""
        data = _mapping(data, "TicketEvent.to_dict()")
        kind = read_member(data, "kind", EventKind)
        tier = read_tier(data, "tier", tiers) if kind is EventKind.TIER_CHANGED else None
        return cls(kind, read_instant(data, "at"), tier)


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A ticket entered ``status`` (a helpdesk's own name) at ``at`` (an aware datetime).

    >>> change = StatusChange("awaiting client", datetime.fromisoformat("2026-11-23T11:00+02:00"))
    >>> StatusChange.from_dict(change.to_dict()) == change
    True
    """

    status: str
    at: datetime

    def __post_init__(self) -> None:
        require_text(self.status, "StatusChange.status")
        check_instant(self.at, "StatusChange.at")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: the status and the instant in ISO 8601."""
        return {"status": self.status, "at": self.at.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatusChange:
        """Read what :meth:`to_dict` writes."""
        data = _mapping(data, "StatusChange.to_dict()")
        return cls(read_text(data, "status"), read_instant(data, "at"))


def entry_from_dict(
    data: Mapping[str, Any], tiers: Mapping[str, Tier] = BUILT_IN_TIERS
) -> TicketEvent | StatusChange:
    """A ticket's history entry from a plain dict: a status change when it has a
    ``status``, else an event (``kind``)."""
    data = _mapping(data, "an event or status change as a dict")
    if "status" in data:
        return StatusChange.from_dict(data)
    return TicketEvent.from_dict(data, tiers)


def _mapping(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise wrong_type("data", f"a mapping (what {what} writes)", data)
    return data


def read_text(data: Mapping[str, Any], name: str) -> str:
    """``data[name]`` as a non-blank str; errors name the place (``data['status']``)."""
    place = f"data[{name!r}]"
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise invalid_value(place, value, "a non-empty str")
    return value


def read_member(data: Mapping[str, Any], name: str, kind: type[enum.Enum]) -> Any:
    """``data[name]`` as a member of enum ``kind``, read by its value."""
    value = data.get(name)
    for member in kind:
        if member.value == value and type(value) is type(member.value):
            return member
    choices = ", ".join(repr(member.value) for member in kind)
    raise invalid_value(f"data[{name!r}]", value, f"one of {choices}")


def read_instant(data: Mapping[str, Any], name: str, *, optional: bool = False) -> Any:
    """``data[name]`` as an aware datetime from ISO 8601 text (None allowed if optional)."""
    return parse_instant(data.get(name), f"data[{name!r}]", optional=optional)


def parse_instant(value: object, place: str, *, optional: bool = False) -> Any:
    """``value``, ISO 8601 text with an offset, as an aware datetime; errors name ``place``."""
    if value is None and optional:
        return None
    try:
        moment = datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        expected = "an ISO 8601 string with an offset" + (" or None" if optional else "")
        raise invalid_value(place, value, expected) from None
    instant_to_us(moment, place)
    return moment


def read_tier(data: Mapping[str, Any], name: str, tiers: Mapping[str, Tier]) -> Tier:
    """``data[name]``, a tier's name, as the :class:`Tier` ``tiers`` gives it."""
    if not isinstance(tiers, Mapping):
        raise wrong_type("tiers", "a mapping of tier names to Tier", tiers)
    value = data.get(name)
    if not isinstance(value, str) or value not in tiers:
        known = ", ".join(repr(known) for known in sorted(map(str, tiers)))
        raise invalid_value(
            f"data[{name!r}]", value, f"one of {known} (or pass tiers= with its Tier)"
        )
    return require_type(tiers[value], Tier, f"tiers[{value!r}]")


def ticket_events(
    received_at: datetime,
    *,
    first_response_at: datetime | None = None,
    extension_notified_at: datetime | None = None,
    resolved_at: datetime | None = None,
    pauses: Iterable[tuple[datetime, datetime]] = (),
) -> list[TicketEvent]:
    """A ticket's events from its recorded instants, ready for ``evaluate_ticket``.

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
    if not isinstance(pauses, Iterable):
        raise wrong_type("pauses", "an iterable of (start, end) pairs", pauses)
    for index, pause in enumerate(pauses):
        if not isinstance(pause, tuple) or len(pause) != 2:
            raise wrong_type(f"pauses[{index}]", "a (start, end) pair of datetimes", pause)
        events += [
            TicketEvent(EventKind.PAUSED, pause[0]),
            TicketEvent(EventKind.RESUMED, pause[1]),
        ]
    events.sort(key=lambda event: (instant_to_us(event.at, "at"), RANK[event.kind]))
    return events
