"""A helpdesk's statuses and what each does to each SLA clock.

Helpdesks record a ticket's life as statuses (``new``, ``awaiting client``,
``resolved``...), not as the events of :mod:`sla_calendar.policy.events`.
:class:`StatusRules` maps each status name to a :class:`ClockAction` per clock
(:class:`~sla_calendar.policy.deadlines.Target`: reaction, processing, reply), the way
commercial SLA engines take start, pause and stop conditions.

A status says where the ticket is, so an action that leaves a clock where it already is
changes nothing (pausing a paused clock, resuming a running one, stopping a stopped
one): a history may repeat a status, or pass through several that agree. The reaction
and processing clocks start at the receipt (the ticket's first event or status); ``start``
matters for the reply clock, where it opens a reply cycle.

:data:`DEFAULT_STATUS_RULES` is the regulation's reading: ``awaiting client`` pauses
processing (R5: waiting for the client), ``resolved`` and ``closed`` stop it (and answer
the client, like a resolution), ``reopened`` resumes it.

Status changes at one instant apply after that instant's events, in the order of their
strongest action (:data:`ACTION_ORDER`), then by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from sla_calendar._checks import (
    CheckedEnum,
    invalid_value,
    require_bool,
    require_member,
    wrong_type,
)
from sla_calendar.errors import InvalidValueError
from sla_calendar.policy.deadlines import Target

__all__ = [
    "ACTION_ORDER",
    "DEFAULT_STATUS_RULES",
    "ClockAction",
    "StatusRules",
    "normalize_status",
]


class ClockAction(CheckedEnum):
    """What a status does to one clock."""

    START = "start"
    """Start the clock if it has not started; on the reply clock, open a reply cycle
    (once the first response was sent and none is open)."""
    PAUSE = "pause"
    """Stop counting until a resume (a running clock)."""
    RESUME = "resume"
    """Count again: a paused clock, or a stopped one (the ticket was reopened)."""
    STOP = "stop"
    """Stop for good: the target is met, or breached if already past due."""
    CANCEL = "cancel"
    """Stop without a verdict: the clock no longer counts for the SLA."""


ACTION_ORDER: Final = (
    ClockAction.START,
    ClockAction.RESUME,
    ClockAction.PAUSE,
    ClockAction.STOP,
    ClockAction.CANCEL,
)
"""Status changes at one instant apply in the order of their strongest action, so the
stronger one wins: a stop after a resume, a cancel last."""

_ACTION_RANK: Final = MappingProxyType({action: rank for rank, action in enumerate(ACTION_ORDER)})


def normalize_status(name: object) -> str:
    """A status name as rules compare it: case-folded, inner spaces collapsed.

    >>> normalize_status("  Awaiting   Client ")
    'awaiting client'
    """
    if not isinstance(name, str):
        raise wrong_type("status", "a str", name)
    text = re.sub(r"\s+", " ", name).strip().casefold()
    if not text:
        raise invalid_value("status", name, "a non-empty status name")
    return text


def _table(actions: object) -> Mapping[str, Mapping[Target, ClockAction]]:
    """The rules' table, checked and normalised: status name to clock to action."""
    if not isinstance(actions, Mapping):
        raise wrong_type(
            "StatusRules.actions", "a mapping of status names to {clock: action}", actions
        )
    table: dict[str, Mapping[Target, ClockAction]] = {}
    for name, per_clock in actions.items():
        status = normalize_status(name)
        place = f"StatusRules.actions[{name!r}]"
        if status in table:
            raise InvalidValueError(f"{place} names status {status!r} twice; expected it once")
        if not isinstance(per_clock, Mapping):
            raise wrong_type(place, "a mapping of clocks to actions", per_clock)
        clocks: dict[Target, ClockAction] = {}
        for clock, action in per_clock.items():
            target = require_member(clock, Target, f"{place} clock {clock!r}")
            if target in clocks:
                raise InvalidValueError(f"{place} names clock {target.value!r} twice")
            clocks[target] = require_member(action, ClockAction, f"{place}[{clock!r}]")
        table[status] = MappingProxyType(clocks)
    return MappingProxyType(table)


@dataclass(frozen=True, slots=True)
class StatusRules:
    """What each status does to each clock: ``{status: {clock: action}}``.

    Clocks and actions may be given as :class:`Target` and :class:`ClockAction` or by
    their values (``{"awaiting client": {"processing": "pause"}}``, as JSON holds them);
    status names compare case-insensitively. A status missing from the rules is an
    error unless ``ignore_unknown`` (then it does nothing).

    >>> rules = StatusRules({"Pending": {"processing": "pause"}, "Solved": {"processing": "stop"}})
    >>> rules.actions_for("pending")[Target.PROCESSING]
    <ClockAction.PAUSE: 'pause'>
    """

    actions: Mapping[str, Mapping[Any, Any]]
    ignore_unknown: bool = False
    _ranks: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = _table(self.actions)
        object.__setattr__(self, "actions", table)
        require_bool(self.ignore_unknown, "StatusRules.ignore_unknown")
        ranks = {
            status: max((_ACTION_RANK[a] for a in clocks.values()), default=-1)
            for status, clocks in table.items()
        }
        object.__setattr__(self, "_ranks", MappingProxyType(ranks))

    def __hash__(self) -> int:
        return hash(
            (
                tuple(
                    sorted((s, tuple(sorted(c.items(), key=str))) for s, c in self.actions.items())
                ),
                self.ignore_unknown,
            )
        )

    def actions_for(self, status: str) -> Mapping[Target, ClockAction]:
        """What ``status`` does to each clock (clocks it leaves alone are absent)."""
        name = normalize_status(status)
        found = self.actions.get(name)
        if found is not None:
            return found  # normalised by __post_init__: Target to ClockAction
        if self.ignore_unknown:
            return MappingProxyType({})
        known = ", ".join(repr(known) for known in sorted(self.actions))
        raise invalid_value(
            "status", status, f"one of {known} (or StatusRules(..., ignore_unknown=True))"
        )

    def rank(self, status: str) -> tuple[int, str]:
        """Where ``status`` goes among status changes at one instant (see :data:`ACTION_ORDER`)."""
        self.actions_for(status)
        name = normalize_status(status)
        return self._ranks.get(name, -1), name

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: ``{"actions": {status: {clock: action}}, "ignore_unknown": ...}``."""
        return {
            "actions": {
                status: {c.value: a.value for c, a in clocks.items()}
                for status, clocks in self.actions.items()
            },
            "ignore_unknown": self.ignore_unknown,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatusRules:
        """Read what :meth:`to_dict` writes."""
        if not isinstance(data, Mapping):
            raise wrong_type("data", "a mapping (what StatusRules.to_dict() writes)", data)
        return cls(data.get("actions"), data.get("ignore_unknown", False))  # type: ignore[arg-type]


_ALL_STOP: Final = dict.fromkeys(Target, ClockAction.STOP)
_RESUME: Final = {Target.PROCESSING: ClockAction.RESUME}

DEFAULT_STATUS_RULES: Final = StatusRules(
    {
        "new": {Target.REACTION: ClockAction.START, Target.PROCESSING: ClockAction.START},
        "open": _RESUME,
        "in progress": _RESUME,
        "awaiting client": {Target.PROCESSING: ClockAction.PAUSE},
        "resolved": _ALL_STOP,
        "closed": _ALL_STOP,
        "reopened": _RESUME,
        "cancelled": dict.fromkeys(Target, ClockAction.CANCEL),
    }
)
"""The regulation's reading of common statuses (R5): ``awaiting client`` pauses the
processing clock; ``resolved`` and ``closed`` stop it, and an open reaction clock or reply
cycle (a resolution answers the client); ``reopened`` (and ``open``, ``in progress``)
resume it; ``new`` starts the clocks; ``cancelled`` cancels every clock."""
