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
from typing import Any

from sla_calendar._instants import local_to_us, us_to_instant
from sla_calendar._search import GridSearch
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


def _month_starts(
    calendar: WorkingCalendar, first_us: int, last_us: int
) -> tuple[list[int], list[str]]:
    """The UTC instants (µs) at which the calendar months from ``first_us`` to ``last_us``
    begin in ``calendar.tz``, and their labels ``"YYYY-MM"``."""
    zone = calendar.tz
    first = us_to_instant(first_us, zone).date()
    last = us_to_instant(last_us, zone).date()
    starts: list[int] = []
    labels: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        starts.append(local_to_us(zone, date(year, month, 1), 0, first=True))
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts, labels


def month_labels(calendar: WorkingCalendar, instants: Sequence[int]) -> list[str]:
    """The calendar month (``"YYYY-MM"``, in ``calendar.tz``) of each instant (µs)."""
    if not instants:
        return []
    starts, labels = _month_starts(calendar, min(instants), max(instants))
    return [labels[bisect_right(starts, us) - 1] for us in instants]


def count_monthly_requests(
    tickets: ParsedTickets, calendar: WorkingCalendar, limit: int
) -> MonthlyRequests:
    """Count each client's tickets per month of receipt; mark those past ``limit`` paid.

    Only a client-month with more than ``limit`` tickets can have a paid one; those are
    found first (with numpy when it is installed: one pass over whole columns), and only
    their tickets are ranked.
    """
    paid = [False] * len(tickets)
    over: list[ClientMonth] = []
    for (client, month), members in _crowded_months(tickets, calendar, limit):
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


def _crowded_months(
    tickets: ParsedTickets, calendar: WorkingCalendar, limit: int
) -> list[tuple[tuple[str, str], list[int]]]:
    """Each client-month with more than ``limit`` tickets, and its tickets' positions."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - exercised only without numpy
        return _crowded_months_python(tickets, calendar, limit)
    return _crowded_months_numpy(np, tickets, calendar, limit)


def _crowded_months_python(
    tickets: ParsedTickets, calendar: WorkingCalendar, limit: int
) -> list[tuple[tuple[str, str], list[int]]]:
    """:func:`_crowded_months` one ticket at a time."""
    with_client = [i for i, client in enumerate(tickets.client_id) if client]
    if len(with_client) <= limit:
        return []
    groups: dict[tuple[str, str], list[int]] = {}
    months = month_labels(calendar, [tickets.received[i] for i in with_client])
    for i, month in zip(with_client, months, strict=True):
        groups.setdefault((tickets.client_id[i], month), []).append(i)
    return [(key, members) for key, members in groups.items() if len(members) > limit]


def _crowded_months_numpy(
    np: Any, tickets: ParsedTickets, calendar: WorkingCalendar, limit: int
) -> list[tuple[tuple[str, str], list[int]]]:
    """:func:`_crowded_months` on whole columns: month by a search of the months' starts, groups by
    ``bincount`` of one integer key per ticket."""
    if tickets.client_codes is not None:  # the fast readers' codes: no hashing again
        codes, names = tickets.client_codes
        positions = np.flatnonzero(codes >= 0)
        client = codes[positions]
    else:
        ids = np.array(tickets.client_id, dtype=object)
        positions = np.flatnonzero(ids.astype(bool))  # tickets with a client id
        client, names = _factorize(np, ids[positions])
    if len(positions) <= limit:
        return []
    received = np.asarray(tickets.received, dtype=np.int64)[positions]
    starts, labels = _month_starts(calendar, int(received.min()), int(received.max()))
    month = GridSearch.over(np.array(starts, dtype=np.int64)).right(received) - 1
    key = client * len(starts) + month
    crowded = np.flatnonzero(np.bincount(key) > limit)
    if not len(crowded):
        return []
    picked = np.isin(key, crowded)
    groups: dict[tuple[str, str], list[int]] = {}
    for k, i in zip(key[picked].tolist(), positions[picked].tolist(), strict=True):
        code, m = divmod(k, len(starts))
        groups.setdefault((names[code], labels[m]), []).append(i)
    return list(groups.items())


def _factorize(np: Any, values: Any) -> tuple[Any, list[str]]:
    """Integer codes of an object array of ids, and the ids by code: pandas' hashing
    when it is installed, else numpy's sort."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - exercised only without pandas
        names, codes = np.unique(values, return_inverse=True)
    else:
        codes, names = pd.factorize(values)
    return np.asarray(codes, dtype=np.int64), [str(name) for name in names]
