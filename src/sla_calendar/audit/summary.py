"""An audit's totals: per tier, per month and tier, and reaction-time percentiles."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from sla_calendar._instants import local_to_us, us_to_instant
from sla_calendar.audit.rows import IntColumn, ParsedTickets
from sla_calendar.audit.verdicts import BREACHED, OPEN, Verdicts
from sla_calendar.calendar.working import WorkingCalendar

__all__ = ["AuditSummary", "PeriodSummary", "summarize"]


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """Counts for one tier over all time or in one month (``month`` ``"YYYY-MM"`` or "")."""

    tier: str
    month: str
    tickets: int
    reaction_breaches: int
    processing_breaches: int
    breached: int

    @property
    def breach_rate(self) -> Fraction:
        """Tickets breached (either target) over tickets, exactly."""
        return Fraction(self.breached, self.tickets) if self.tickets else Fraction(0)

    @property
    def reaction_breach_rate(self) -> Fraction:
        """Reaction breaches over tickets, exactly."""
        return Fraction(self.reaction_breaches, self.tickets) if self.tickets else Fraction(0)

    @property
    def processing_breach_rate(self) -> Fraction:
        """Processing breaches over tickets, exactly."""
        return Fraction(self.processing_breaches, self.tickets) if self.tickets else Fraction(0)


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """Totals of an audit: per tier, per month and tier, and reaction percentiles.

    Percentiles are nearest-rank over the tickets whose reaction clock stopped (a
    measured value, exact to the microsecond): the median is the ⌈n/2⌉-th smallest
    reaction in working time, the 90th percentile the ⌈0.9·n⌉-th.
    """

    tickets: int
    errors: int
    reaction_breaches: int
    processing_breaches: int
    breached: int
    per_tier: tuple[PeriodSummary, ...]
    per_month: tuple[PeriodSummary, ...]
    answered: int
    reaction_median: timedelta | None
    reaction_p90: timedelta | None

    @property
    def breach_rate(self) -> Fraction:
        """Tickets breached (either target) over tickets evaluated, exactly."""
        return Fraction(self.breached, self.tickets) if self.tickets else Fraction(0)


def _nearest_rank(values: list[int], numerator: int, denominator: int) -> int:
    rank = -(-len(values) * numerator // denominator)  # ceil
    return values[max(rank, 1) - 1]


def _month_starts(calendar: WorkingCalendar, first_us: int, last_us: int) -> list[tuple[int, str]]:
    """UTC instants of local month starts covering ``first_us..last_us``, with labels."""
    zone = calendar.tz
    first = us_to_instant(first_us, zone).date()
    last = us_to_instant(last_us, zone).date()
    starts = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        starts.append(
            (local_to_us(zone, date(year, month, 1), 0, first=True), f"{year}-{month:02d}")
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def summarize(
    tickets: ParsedTickets, verdicts: Verdicts, calendar: WorkingCalendar, errors: int
) -> AuditSummary:
    """Totals of the verdicts: per tier, per month of receipt and tier, reaction percentiles.

    Columns held in numpy (:class:`~sla_calendar.audit.rows.IntColumn`) are totalled
    with numpy; lists, one ticket at a time. Both give the same summary.
    """
    if isinstance(tickets.received, IntColumn):
        return _summarize_arrays(tickets, verdicts, calendar, errors)
    n = len(tickets)
    keys: dict[tuple[int, str], list[int]] = {}
    per_tier: dict[int, list[int]] = {}
    answered: list[int] = []
    months = _month_starts(calendar, min(tickets.received), max(tickets.received)) if n else []
    bounds = [start for start, _ in months]
    totals = [0, 0, 0]
    rs, ps, times = verdicts.reaction_status, verdicts.processing_status, verdicts.reaction_time
    for i in range(n):
        r_breach = rs[i] == BREACHED
        p_breach = ps[i] == BREACHED
        label = months[bisect_right(bounds, tickets.received[i]) - 1][1]
        for counts in (
            keys.setdefault((tickets.tier[i], label), [0, 0, 0, 0]),
            per_tier.setdefault(tickets.tier[i], [0, 0, 0, 0]),
        ):
            counts[0] += 1
            counts[1] += r_breach
            counts[2] += p_breach
            counts[3] += r_breach or p_breach
        totals[0] += r_breach
        totals[1] += p_breach
        totals[2] += r_breach or p_breach
        if rs[i] != OPEN:  # stopped: answered (in time or late)
            answered.append(times[i])
    answered.sort()
    names = [tier.name for tier in tickets.tiers]
    return AuditSummary(
        tickets=n,
        errors=errors,
        reaction_breaches=totals[0],
        processing_breaches=totals[1],
        breached=totals[2],
        per_tier=tuple(
            sorted(
                (PeriodSummary(names[k], "", *c) for k, c in per_tier.items()),
                key=lambda p: p.tier,
            )
        ),
        per_month=tuple(
            sorted(
                (PeriodSummary(names[k], month, *c) for (k, month), c in keys.items()),
                key=lambda p: (p.month, p.tier),
            )
        ),
        answered=len(answered),
        reaction_median=timedelta(microseconds=_nearest_rank(answered, 1, 2)) if answered else None,
        reaction_p90=timedelta(microseconds=_nearest_rank(answered, 9, 10)) if answered else None,
    )


def _summarize_arrays(
    tickets: ParsedTickets, verdicts: Verdicts, calendar: WorkingCalendar, errors: int
) -> AuditSummary:
    """:func:`summarize` with numpy: counts by ``bincount``, percentiles by ``partition``."""
    import numpy as np

    received = np.asarray(tickets.received, dtype=np.int64)
    tier = np.asarray(tickets.tier, dtype=np.int64)
    r_breach = np.asarray(verdicts.reaction_status, dtype=np.int64) == BREACHED
    p_breach = np.asarray(verdicts.processing_status, dtype=np.int64) == BREACHED
    either = r_breach | p_breach
    answered = np.asarray(verdicts.reaction_time, dtype=np.int64)[
        np.asarray(verdicts.reaction_status, dtype=np.int64) != OPEN
    ]
    n = len(received)
    months = _month_starts(calendar, int(received.min()), int(received.max())) if n else []
    month = np.searchsorted(np.array([s for s, _ in months], dtype=np.int64), received, "right")
    tiers = max(len(tickets.tiers), 1)
    key = (month - 1) * tiers + tier
    size = max(len(months), 1) * tiers

    def counts(keys: Any, length: int) -> list[list[int]]:
        columns = [
            np.bincount(keys, weights=None if w is None else w, minlength=length)
            for w in (None, r_breach, p_breach, either)
        ]
        return np.stack(columns, axis=1).astype(np.int64).tolist()  # type: ignore[no-any-return]

    by_key, by_tier = counts(key, size), counts(tier, tiers)
    names = [t.name for t in tickets.tiers]
    per_month = [
        PeriodSummary(names[k % tiers], months[k // tiers][1], *c)
        for k, c in enumerate(by_key)
        if c[0]
    ]
    percentiles: list[timedelta | None] = [None, None]
    if len(answered):
        for place, (numerator, denominator) in enumerate(((1, 2), (9, 10))):
            rank = max(-(-len(answered) * numerator // denominator), 1) - 1
            percentiles[place] = timedelta(microseconds=int(np.partition(answered, rank)[rank]))
    return AuditSummary(
        tickets=n,
        errors=errors,
        reaction_breaches=int(r_breach.sum()),
        processing_breaches=int(p_breach.sum()),
        breached=int(either.sum()),
        per_tier=tuple(
            sorted(
                (PeriodSummary(names[k], "", *c) for k, c in enumerate(by_tier) if c[0]),
                key=lambda p: p.tier,
            )
        ),
        per_month=tuple(sorted(per_month, key=lambda p: (p.month, p.tier))),
        answered=len(answered),
        reaction_median=percentiles[0],
        reaction_p90=percentiles[1],
    )
