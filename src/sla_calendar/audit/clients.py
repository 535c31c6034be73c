"""R1 and R9.6 in bulk: each client's requests per calendar month, and the paid ones.

Support is given to a client (R1), and at most ``limit`` requests a calendar month are
covered; the ones past it are an additional paid service (R9.6). With a ``client_id``
column the audit counts each client's tickets per calendar month of receipt, in the zone
of the audit's calendar (Kyiv by default), by intake's own rule
(:mod:`sla_calendar.intake.limits`): a ticket is paid when the client already had
``limit`` tickets that month received no later than it. Every audited ticket counts
(it was served); a ticket without a client id is nobody's and is never counted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sla_calendar._instants import local_to_us, us_to_instant
from sla_calendar.audit.rows import ParsedTickets
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.intake.limits import is_paid_service, requests_before

__all__ = ["ClientMonth", "MonthlyRequests", "count_monthly_requests", "month_labels"]


@dataclass(frozen=True, slots=True)
class ClientMonth:
    """A client's requests in one calendar month (``"YYYY-MM"``) and how many were paid (R9.6)."""

    client_id: str
    month: str
    requests: int
    paid: int


@dataclass(frozen=True, slots=True)
class MonthlyRequests:
    """Per ticket, whether it was a paid service; and the client-months over the limit."""

    paid: list[bool]
    over_limit: tuple[ClientMonth, ...]


def month_labels(calendar: WorkingCalendar, instants: Sequence[int]) -> list[str]:
    """The calendar month (``"YYYY-MM"``, in ``calendar.tz``) of each instant (µs)."""
    if not instants:
        return []
    zone = calendar.tz
    first = us_to_instant(min(instants), zone).date()
    last = us_to_instant(max(instants), zone).date()
    starts: list[int] = []
    labels: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        starts.append(local_to_us(zone, date(year, month, 1), 0, first=True))
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [labels[bisect_right(starts, us) - 1] for us in instants]


def count_monthly_requests(
    tickets: ParsedTickets, calendar: WorkingCalendar, limit: int
) -> MonthlyRequests:
    """Count each client's tickets per month of receipt; mark those past ``limit`` paid."""
    paid = [False] * len(tickets)
    groups: dict[tuple[str, str], list[int]] = {}
    with_client = [i for i, client in enumerate(tickets.client_id) if client]
    months = month_labels(calendar, [tickets.received[i] for i in with_client])
    for i, month in zip(with_client, months, strict=True):
        groups.setdefault((tickets.client_id[i], month), []).append(i)
    over: list[ClientMonth] = []
    for (client, month), members in groups.items():
        if len(members) <= limit:
            continue  # nobody in it has `limit` others before them
        served = sorted(tickets.received[i] for i in members)
        count = 0
        for i in members:
            # The ticket itself is among `served`: the others before it are one fewer.
            if is_paid_service(requests_before(tickets.received[i], served) - 1, limit):
                paid[i] = True
                count += 1
        if count:
            over.append(ClientMonth(client, month, len(members), count))
    over.sort(key=lambda c: (c.month, c.client_id))
    return MonthlyRequests(paid, tuple(over))
