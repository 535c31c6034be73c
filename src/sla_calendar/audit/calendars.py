"""Which calendar each audited ticket's clocks run on: the client's, the tier's, or the audit's.

The most specific calendar wins, as in intake and the clocks: a client's own calendar
(``audit(..., client_calendars={client_id: calendar})``, matched on the ``client_id``
column), else the tier's own (:attr:`Tier.calendar <sla_calendar.Tier.calendar>`), else
the audit's ``calendar``. A ticket of a client with its own calendar is audited on its
tier moved onto that calendar (:meth:`Tier.on_calendar <sla_calendar.Tier.on_calendar>`,
named after the client), so both engines, the rows and their explanations follow without
knowing of clients; the summary still groups tickets by tier name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sla_calendar._checks import require_mapping
from sla_calendar.audit.rows import ParsedTickets
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.policy.tiers import Tier

__all__ = ["check_client_calendars", "on_client_calendars"]


def check_client_calendars(value: object) -> Mapping[str, WorkingCalendar]:
    """``value`` if it is a mapping of client ids (str) to :class:`WorkingCalendar`, or None
    (no client has its own calendar: an empty mapping); else a type error naming the entry."""
    if value is None:
        return {}
    return require_mapping(
        value, WorkingCalendar, "client_calendars", "a mapping of client ids to WorkingCalendar"
    )


def on_client_calendars(
    tickets: ParsedTickets, calendars: Mapping[str, WorkingCalendar]
) -> ParsedTickets:
    """``tickets`` with each ticket of a client in ``calendars`` moved to its tier on the
    client's calendar (one tier per tier and client); the others unchanged."""
    if not calendars:
        return tickets
    tiers: list[Tier] = list(tickets.tiers)
    added: dict[tuple[int, str], int] = {}
    numbers: list[int] = []
    for number, client in zip(tickets.tier, tickets.client_id, strict=True):
        calendar = calendars.get(client)
        if calendar is None:
            numbers.append(number)
            continue
        key = (number, client)
        if key not in added:
            added[key] = len(tiers)
            tiers.append(tickets.tiers[number].on_calendar(calendar, f"client {client!r}"))
        numbers.append(added[key])
    return replace(tickets, tier=numbers, tiers=tuple(tiers))
