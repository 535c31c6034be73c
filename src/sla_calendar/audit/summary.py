"""An audit's totals: per tier, per month and tier, percentiles, clients over the limit.

Rates are exact :class:`~fractions.Fraction` objects in Python; JSON and
:meth:`AuditSummary.to_pandas` give them as floats.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Literal

from sla_calendar._instants import local_to_us, us_to_instant
from sla_calendar._search import GridSearch
from sla_calendar.audit.clients import ClientMonth
from sla_calendar.audit.rows import MISSING, IntColumn, ParsedTickets
from sla_calendar.audit.verdicts import BREACHED, Verdicts
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError

__all__ = [
    "AuditSummary",
    "Percentiles",
    "PeriodSummary",
    "percentiles_by_tier",
    "percentiles_by_tier_python",
    "summarize",
]


@dataclass(frozen=True, slots=True)
class Percentiles:
    """Nearest-rank percentiles of the reaction and processing times that were measured.

    ``answered`` counts the tickets whose reaction clock stopped (a response, or a
    resolution before any response), ``resolved`` those resolved; the median is the
    ⌈n/2⌉-th smallest time, the 90th percentile the ⌈0.9·n⌉-th, each on its tier's clock
    (working time, or real time round the clock), exact to the microsecond; None when
    nothing was measured.
    """

    answered: int = 0
    reaction_median: timedelta | None = None
    reaction_p90: timedelta | None = None
    resolved: int = 0
    processing_median: timedelta | None = None
    processing_p90: timedelta | None = None


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """Counts for one tier over all time or in one month (``month`` ``"YYYY-MM"`` or "").

    ``percentiles`` are filled for the per-tier lines (``month == ""``) and empty
    (nothing measured) for the per-month ones; ``paid_service`` counts the tickets past
    their client's monthly limit (R9.6).
    """

    tier: str
    month: str
    tickets: int
    reaction_breaches: int
    processing_breaches: int
    breached: int
    paid_service: int = 0
    percentiles: Percentiles = Percentiles()

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
    """Totals of an audit: per tier, per month and tier, percentiles, clients over the limit.

    Percentiles (:class:`Percentiles`) are nearest-rank over the tickets whose clock
    stopped (a measured value, exact to the microsecond): the median is the ⌈n/2⌉-th
    smallest reaction in working time, the 90th percentile the ⌈0.9·n⌉-th; the
    processing ones likewise over the resolved tickets. ``paid_service`` counts the
    tickets past their client's monthly limit, ``clients_over_limit`` lists each
    client-month with any (R9.6; needs a ``client_id`` column).
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
    resolved: int = 0
    processing_median: timedelta | None = None
    processing_p90: timedelta | None = None
    paid_service: int = 0
    clients_over_limit: tuple[ClientMonth, ...] = ()

    @property
    def breach_rate(self) -> Fraction:
        """Tickets breached (either target) over tickets evaluated, exactly."""
        return Fraction(self.breached, self.tickets) if self.tickets else Fraction(0)

    @property
    def percentiles(self) -> Percentiles:
        """The percentiles over all tiers, as one :class:`Percentiles`."""
        return Percentiles(
            self.answered,
            self.reaction_median,
            self.reaction_p90,
            self.resolved,
            self.processing_median,
            self.processing_p90,
        )

    def to_pandas(self, by: Literal["tier", "month", "tier_month", "clients"] = "tier") -> Any:
        """The summary as a pandas DataFrame: one row per tier, month, tier and month, or
        client-month over the limit.

        Counts are integers, rates floats (``breach_rate``, ``reaction_breach_rate``,
        ``processing_breach_rate``); per tier, the percentiles are ``timedelta64[us]``
        (``NaT`` where nothing was measured). ``by="month"`` adds the tiers up per month.
        Needs pandas.
        """
        from sla_calendar.audit.optional import import_optional

        pd = import_optional("pandas", "pandas")
        if by == "clients":
            return pd.DataFrame(
                [_plain(c) for c in self.clients_over_limit],
                columns=[f.name for f in fields(ClientMonth)],
            )
        if by not in ("tier", "month", "tier_month"):
            raise InvalidValueError(
                f"by={by!r} is unknown; expected 'tier', 'month', 'tier_month' or 'clients'"
            )
        periods = {"tier": self.per_tier, "tier_month": self.per_month}.get(by) or _months(
            self.per_month
        )
        frame = pd.DataFrame([_period_record(p) for p in periods], columns=_PERIOD_COLUMNS)
        if by == "tier":
            for name in _PERCENTILE_COLUMNS:
                frame[name] = pd.to_timedelta(frame[name]).astype("timedelta64[us]")
            return frame.drop(columns=["month"])
        frame = frame.drop(columns=[*list(_PERCENTILE_COLUMNS), "answered", "resolved"])
        return frame.drop(columns=["tier"]) if by == "month" else frame


_PERCENTILE_COLUMNS = (
    "reaction_median",
    "reaction_p90",
    "processing_median",
    "processing_p90",
)
_PERIOD_COLUMNS = (
    "tier",
    "month",
    "tickets",
    "reaction_breaches",
    "processing_breaches",
    "breached",
    "breach_rate",
    "reaction_breach_rate",
    "processing_breach_rate",
    "paid_service",
    "answered",
    "resolved",
    *_PERCENTILE_COLUMNS,
)


def _plain(item: Any) -> dict[str, Any]:
    return {f.name: getattr(item, f.name) for f in fields(item)}


def _period_record(p: PeriodSummary) -> dict[str, Any]:
    """One summary line as plain values: counts, float rates, percentiles."""
    record = {name: getattr(p, name) for name in _PERIOD_COLUMNS[:6]}
    record["breach_rate"] = float(p.breach_rate)
    record["reaction_breach_rate"] = float(p.reaction_breach_rate)
    record["processing_breach_rate"] = float(p.processing_breach_rate)
    record["paid_service"] = p.paid_service
    record.update(_plain(p.percentiles))
    return record


def _months(per_month: Sequence[PeriodSummary]) -> list[PeriodSummary]:
    """The per-month lines added up over the tiers, one per month, in order."""
    totals: dict[str, list[int]] = {}
    for p in per_month:
        counts = totals.setdefault(p.month, [0, 0, 0, 0, 0])
        for k, value in enumerate(
            (p.tickets, p.reaction_breaches, p.processing_breaches, p.breached, p.paid_service)
        ):
            counts[k] += value
    return [_period("", month, counts) for month, counts in sorted(totals.items())]


def _period(
    tier: str, month: str, counts: Sequence[int], percentiles: Percentiles | None = None
) -> PeriodSummary:
    """A summary line from its five counts: tickets, breaches (reaction, processing,
    either) and paid services."""
    tickets, reaction, processing, breached, paid = counts
    return PeriodSummary(
        tier, month, tickets, reaction, processing, breached, paid, percentiles or Percentiles()
    )


def _rank_position(count: int, numerator: int, denominator: int) -> int:
    """Where the nearest-rank percentile ``numerator/denominator`` of ``count`` sorted
    values stands: the ⌈count·numerator/denominator⌉-th, from 0."""
    return max(-(-count * numerator // denominator), 1) - 1


def _nearest_rank(values: Sequence[int], numerator: int, denominator: int) -> int:
    """The nearest-rank percentile ``numerator/denominator`` of sorted ``values`` (or of
    values with that rank in its sorted place: see :func:`percentiles_by_tier`)."""
    return int(values[_rank_position(len(values), numerator, denominator)])


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
    tickets: ParsedTickets,
    verdicts: Verdicts,
    calendar: WorkingCalendar,
    errors: int,
    paid: Sequence[bool] | None = None,
) -> AuditSummary:
    """Totals of the verdicts: per tier, per month of receipt and tier, percentiles.

    ``paid`` marks, per ticket, a paid service past its client's monthly limit (R9.6).
    Columns held in numpy (:class:`~sla_calendar.audit.rows.IntColumn`) are counted with
    numpy; lists, one ticket at a time. Both give the same summary.
    """
    count = _count_arrays if isinstance(tickets.received, IntColumn) else _count_rows
    per_tier, per_month = count(tickets, verdicts, calendar, paid)
    names = [tier.name for tier in tickets.tiers]
    overall, by_tier = percentiles_by_tier(tickets, verdicts)
    totals = [sum(column) for column in zip(*per_tier.values(), strict=True)] or [0] * 5
    return AuditSummary(
        tickets=totals[0],
        errors=errors,
        reaction_breaches=totals[1],
        processing_breaches=totals[2],
        breached=totals[3],
        per_tier=tuple(
            sorted(
                (_period(names[k], "", c, by_tier[k]) for k, c in per_tier.items()),
                key=lambda p: p.tier,
            )
        ),
        per_month=tuple(
            sorted(
                (_period(names[k], month, c) for (k, month), c in per_month.items()),
                key=lambda p: (p.month, p.tier),
            )
        ),
        answered=overall.answered,
        reaction_median=overall.reaction_median,
        reaction_p90=overall.reaction_p90,
        resolved=overall.resolved,
        processing_median=overall.processing_median,
        processing_p90=overall.processing_p90,
        paid_service=totals[4],
    )


_Counts = tuple[dict[int, list[int]], dict[tuple[int, str], list[int]]]
"""Per tier, and per tier and month: tickets, reaction, processing and either breaches,
and paid services (the five counts of a :class:`PeriodSummary`)."""


def _count_rows(
    tickets: ParsedTickets,
    verdicts: Verdicts,
    calendar: WorkingCalendar,
    paid: Sequence[bool] | None,
) -> _Counts:
    """The counts of :func:`summarize`, one ticket at a time."""
    n = len(tickets)
    paid = [False] * n if paid is None else paid
    per_month: dict[tuple[int, str], list[int]] = {}
    per_tier: dict[int, list[int]] = {}
    months = _month_starts(calendar, min(tickets.received), max(tickets.received)) if n else []
    bounds = [start for start, _ in months]
    rs, ps = verdicts.reaction_status, verdicts.processing_status
    for i in range(n):
        r_breach = rs[i] == BREACHED
        p_breach = ps[i] == BREACHED
        label = months[bisect_right(bounds, tickets.received[i]) - 1][1]
        for counts in (
            per_month.setdefault((tickets.tier[i], label), [0, 0, 0, 0, 0]),
            per_tier.setdefault(tickets.tier[i], [0, 0, 0, 0, 0]),
        ):
            counts[0] += 1
            counts[1] += r_breach
            counts[2] += p_breach
            counts[3] += r_breach or p_breach
            counts[4] += paid[i]
    return per_tier, per_month


def _count_arrays(
    tickets: ParsedTickets,
    verdicts: Verdicts,
    calendar: WorkingCalendar,
    paid: Sequence[bool] | None,
) -> _Counts:
    """The counts of :func:`summarize` with numpy, by ``bincount``."""
    import numpy as np

    received = np.asarray(tickets.received, dtype=np.int64)
    tier = np.asarray(tickets.tier, dtype=np.int64)
    r_breach = np.asarray(verdicts.reaction_status, dtype=np.int64) == BREACHED
    p_breach = np.asarray(verdicts.processing_status, dtype=np.int64) == BREACHED
    weights = (
        r_breach,
        p_breach,
        r_breach | p_breach,
        np.zeros(len(received), dtype=bool) if paid is None else np.asarray(paid, dtype=bool),
    )
    months = (
        _month_starts(calendar, int(received.min()), int(received.max())) if len(received) else []
    )
    month = GridSearch.over(np.array([s for s, _ in months], dtype=np.int64)).right(received)
    tiers = max(len(tickets.tiers), 1)

    def counts(keys: Any, length: int) -> list[list[int]]:
        columns = [np.bincount(keys, minlength=length)] + [
            np.bincount(keys, weights=w, minlength=length) for w in weights
        ]
        return np.stack(columns, axis=1).astype(np.int64).tolist()  # type: ignore[no-any-return]

    by_key = counts((month - 1) * tiers + tier, max(len(months), 1) * tiers)
    by_tier = counts(tier, tiers)
    per_tier = {k: c for k, c in enumerate(by_tier) if c[0]}
    per_month = {(k % tiers, months[k // tiers][1]): c for k, c in enumerate(by_key) if c[0]}
    return per_tier, per_month


def percentiles_by_tier(
    tickets: ParsedTickets, verdicts: Verdicts
) -> tuple[Percentiles, dict[int, Percentiles]]:
    """Percentiles over every ticket, and per tier (by its index in ``tickets.tiers``).

    A reaction is measured when its clock stopped: at a response, or at the resolution
    if that came first; a processing time when the ticket was resolved. With numpy the
    times are picked a column at a time and only the two ranks read are put in their
    sorted places (a partition, not a sort); the percentiles are the same.
    """
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - exercised only without numpy
        return percentiles_by_tier_python(tickets, verdicts)
    tier = np.array(tickets.tier, dtype=np.int64)
    response = np.array(tickets.response, dtype=np.int64)
    resolved = np.array(tickets.resolved, dtype=np.int64)
    reaction_time = np.array(verdicts.reaction_time, dtype=np.int64)
    processing_time = np.array(verdicts.processing_time, dtype=np.int64)
    answered = (response != MISSING) | (resolved != MISSING)
    closed = resolved != MISSING

    def ranked(values: Any) -> Any:
        # Only the median's and the 90th percentile's places are read: np.partition puts
        # those two in their sorted places in linear time, a sort would order them all.
        places = sorted({_rank_position(len(values), 1, 2), _rank_position(len(values), 9, 10)})
        if len(values):
            values.partition(places)  # in place: ``values`` is a fresh copy (masked)
        return values

    def pick(where: Any) -> Percentiles:
        return _percentiles(
            ranked(reaction_time[answered & where]), ranked(processing_time[closed & where])
        )

    overall = pick(np.ones(len(tier), dtype=bool))
    return overall, {k: pick(tier == k) for k in np.unique(tier).tolist()}


def percentiles_by_tier_python(
    tickets: ParsedTickets, verdicts: Verdicts
) -> tuple[Percentiles, dict[int, Percentiles]]:
    """:func:`percentiles_by_tier` one ticket at a time, sorting lists (without numpy;
    and the reference the tests hold the column path to)."""
    reactions: dict[int, list[int]] = {}
    processing: dict[int, list[int]] = {}
    for i, tier in enumerate(tickets.tier):
        if tickets.response[i] != MISSING or tickets.resolved[i] != MISSING:
            reactions.setdefault(tier, []).append(verdicts.reaction_time[i])
        if tickets.resolved[i] != MISSING:
            processing.setdefault(tier, []).append(verdicts.processing_time[i])
    overall = _percentiles(
        sorted(t for times in reactions.values() for t in times),
        sorted(t for times in processing.values() for t in times),
    )
    by_tier = {
        tier: _percentiles(sorted(reactions.get(tier, [])), sorted(processing.get(tier, [])))
        for tier in set(tickets.tier)
    }
    return overall, by_tier


def _percentiles(reactions: Any, processing: Any) -> Percentiles:
    """The percentiles of sorted reaction and processing times (µs): lists or numpy arrays."""

    def rank(values: Any, numerator: int, denominator: int) -> timedelta | None:
        if not len(values):
            return None
        return timedelta(microseconds=_nearest_rank(values, numerator, denominator))

    return Percentiles(
        len(reactions),
        rank(reactions, 1, 2),
        rank(reactions, 9, 10),
        len(processing),
        rank(processing, 1, 2),
        rank(processing, 9, 10),
    )
