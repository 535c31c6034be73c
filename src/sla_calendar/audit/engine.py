"""The audit's verdicts, computed two ways that must agree: per ticket, and vectorised.

* :func:`evaluate_python` replays each ticket through :func:`evaluate_ticket`, the
  policy's own SLA clocks (R5, R10, R11, R13). It needs nothing beyond the standard
  library and is the reference.
* :func:`evaluate_numpy` computes the same numbers for whole columns at once with numpy
  (an optional dependency, imported inside). It turns the calendar's year tables into
  one running total of working time ``W(t)`` over the years the tickets span, so working
  time between two instants is ``W(b) - W(a)`` and a deadline is the earliest instant at
  which ``W`` reaches ``W(received) + target`` (one ``searchsorted`` each), exactly as the
  calendar's own integer arithmetic does. Pauses stop the processing clock: each one
  moves the goal on by the working time it covered.

Both return :class:`Verdicts`, integer columns: tests assert they are equal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sla_calendar._instants import ONE_US, instant_to_us, us_to_instant
from sla_calendar.audit.rows import MISSING, IntColumn, ParsedTickets, PauseColumn
from sla_calendar.audit.verdicts import (
    BREACHED,
    EXTENSION_LATE,
    EXTENSION_NONE,
    EXTENSION_VALID,
    EXTENSIONS,
    MET,
    OPEN,
    Verdicts,
)
from sla_calendar.calendar.arrays import WorkingTimeLine
from sla_calendar.calendar.days import MAX_YEAR, MIN_YEAR
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError, OutOfRangeError
from sla_calendar.policy.clock import TicketEvent, evaluate_ticket, ticket_events
from sla_calendar.policy.deadlines import notice_in_time, offers_extension

if TYPE_CHECKING:
    from sla_calendar.policy.tiers import Tier

__all__ = ["evaluate_numpy", "evaluate_python", "reaction_stops"]


def _last_instant(tickets: ParsedTickets, i: int) -> int:
    latest = max(tickets.received[i], tickets.response[i], tickets.resolved[i], tickets.notice[i])
    pauses = tickets.pauses[i]
    return max(latest, pauses[-1][1]) if pauses else latest


def _events(tickets: ParsedTickets, i: int) -> list[TicketEvent]:
    def moment(us: int) -> datetime | None:
        return None if us == MISSING else us_to_instant(us, UTC)

    return ticket_events(
        us_to_instant(tickets.received[i], UTC),
        first_response_at=moment(tickets.response[i]),
        extension_notified_at=moment(tickets.notice[i]),
        resolved_at=moment(tickets.resolved[i]),
        pauses=[(us_to_instant(a, UTC), us_to_instant(b, UTC)) for a, b in tickets.pauses[i]],
    )


def evaluate_python(
    tickets: ParsedTickets,
    calendar: WorkingCalendar,
    as_of_us: int | None,
    progress: Callable[[int], None] | None = None,
) -> Verdicts:
    """Verdicts by replaying every ticket through :func:`evaluate_ticket` (the reference)."""
    out: dict[str, list[int]] = {name: [] for name in Verdicts.__dataclass_fields__}
    for i in range(len(tickets)):
        if progress is not None and i and i % 1000 == 0:
            progress(i)
        tier = tickets.tiers[tickets.tier[i]]
        judged = as_of_us if as_of_us is not None else _last_instant(tickets, i)
        sla = evaluate_ticket(
            tickets.ticket_id[i],
            _events(tickets, i),
            tier=tier,
            calendar=calendar,
            now=us_to_instant(judged, UTC),
        )
        for status, due, time, state in (
            (sla.reaction, out["reaction_due"], out["reaction_time"], out["reaction_status"]),
            (
                sla.processing,
                out["processing_due"],
                out["processing_time"],
                out["processing_status"],
            ),
        ):
            due.append(instant_to_us(status.due, "due"))
            time.append(status.elapsed // ONE_US)
            state.append(BREACHED if status.breached else MET if status.stop else OPEN)
        out["processing_target"].append(sla.processing.target_duration // ONE_US)
        out["extension"].append(EXTENSIONS.index(sla.processing.extension))
        out["judged_at"].append(judged)
    return Verdicts(**out)


# ------------------------------------------------------------------ numpy


class _Line:
    """Working time as one running total ``W`` over a calendar's years (numpy arrays)."""

    def __init__(self, calendar: WorkingCalendar, first_year: int, last_year: int):
        self.open = calendar.is_round_the_clock
        if last_year - first_year > 400:
            raise OutOfRangeError(
                f"tickets span years {first_year}..{last_year}; expected at most 400 years"
            )
        self.line = None if self.open else WorkingTimeLine(calendar, first_year, last_year)
        if self.line is not None:
            import numpy as np

            # One interval more, starting never: an instant past the last interval finds
            # it, and counts the whole total, without a second pass to tell.
            self._starts = np.append(self.line.starts, np.iinfo(np.int64).max)
            self._cum_start = np.append(self.line.cum_start, self.line.total)

    def worked(self, instants: Any) -> Any:
        """``W(t)``: working µs from the first year's start to each instant."""
        if self.line is None:
            return instants
        import numpy as np

        j = self.line.ended_by(instants)
        into = instants - self._starts[j]
        np.maximum(into, 0, out=into)
        into += self._cum_start[j]
        return into

    def reach(self, goals: Any) -> Any:
        """The earliest instant at which ``W`` reaches each goal (each goal > ``W`` of 0)."""
        if self.line is None:
            return goals
        if len(goals) and int(goals.max()) > self.line.total:
            raise _NeedMoreYearsError
        return self.line.reach(goals)


class _NeedMoreYearsError(Exception):
    """A goal lies beyond the years built; build more and try again."""


def evaluate_numpy(
    tickets: ParsedTickets, calendar: WorkingCalendar, as_of_us: int | None
) -> Verdicts:
    """The same verdicts as :func:`evaluate_python`, for whole columns at once (numpy)."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - exercised only without numpy
        raise InvalidValueError(
            "engine='numpy' needs numpy; install it with: pip install numpy (or the extra: "
            "pip install -e '.[pandas]' in a checkout)"
        ) from None
    n = len(tickets)
    if n == 0:
        return Verdicts([], [], [], [], [], [], [], [], [])
    received = np.asarray(tickets.received, dtype=np.int64)
    response = np.asarray(tickets.response, dtype=np.int64)
    resolved = np.asarray(tickets.resolved, dtype=np.int64)
    notice = np.asarray(tickets.notice, dtype=np.int64)
    tier = np.asarray(tickets.tier, dtype=np.int64)
    has_response = response != MISSING
    has_resolved = resolved != MISSING
    has_notice = notice != MISSING
    first, pause_start, pause_end = _flat_pauses(np, tickets.pauses)
    counts = np.diff(first)
    total_pauses = len(pause_start)
    pause_row = np.repeat(np.arange(n, dtype=np.int64), counts)
    pause_rank = np.arange(total_pauses, dtype=np.int64) - first[pause_row]
    latest = np.maximum.reduce([received, response, resolved, notice])
    paused = counts > 0  # a ticket's last pause ends last (pauses are in order)
    latest[paused] = np.maximum(latest[paused], pause_end[first[1:][paused] - 1])
    judged = np.full(n, as_of_us, dtype=np.int64) if as_of_us is not None else latest

    first_year = calendar.local_year_us(int(received.min()))
    last_year = calendar.local_year_us(int(latest.max() if as_of_us is None else as_of_us)) + 1
    first_year, last_year = max(MIN_YEAR, first_year), min(MAX_YEAR, last_year)
    while True:
        try:
            return _evaluate_arrays(
                np,
                calendar,
                tickets.tiers,
                (first_year, last_year),
                received,
                response,
                resolved,
                notice,
                tier,
                (has_response, has_resolved, has_notice),
                (pause_row, pause_start, pause_end, pause_rank),
                judged,
            )
        except _NeedMoreYearsError:
            if last_year >= MAX_YEAR or last_year - first_year > 400:
                raise OutOfRangeError(
                    "a deadline lies beyond the years the calendar can build; expected "
                    "tickets within years 1..9999"
                ) from None
            last_year = min(MAX_YEAR, last_year + 2)


def _flat_pauses(np: Any, pauses: Any) -> tuple[Any, Any, Any]:
    """Every ticket's pauses flat: where each ticket's begin (``n + 1`` offsets), the
    starts and the ends."""
    if isinstance(pauses, PauseColumn):
        return pauses.first, pauses.starts, pauses.ends
    counts = np.fromiter((len(p) for p in pauses), dtype=np.int64, count=len(pauses))
    first = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    flat = np.fromiter(
        (value for spans in pauses for pause in spans for value in pause),
        dtype=np.int64,
        count=2 * int(first[-1]),
    )
    return first, flat[0::2], flat[1::2]


def _evaluate_arrays(
    np: Any,
    calendar: WorkingCalendar,
    tiers: tuple[Tier, ...],
    years: tuple[int, int],
    received: Any,
    response: Any,
    resolved: Any,
    notice: Any,
    tier: Any,
    present: tuple[Any, Any, Any],
    pauses: tuple[Any, Any, Any, Any],
    judged: Any,
) -> Verdicts:
    has_response, has_resolved, has_notice = present
    pause_row, pause_start, pause_end, pause_rank = pauses
    n = len(received)
    lines: dict[int, _Line] = {}

    def line_for(clock_calendar: WorkingCalendar) -> _Line:
        key = id(clock_calendar)
        if key not in lines:
            first, last = years
            if clock_calendar.zone != calendar.zone:  # a tier's or client's own: years may
                first = max(MIN_YEAR, first - 1)  # start a day apart
            lines[key] = _Line(clock_calendar, first, last)
        return lines[key]

    reaction_due = np.zeros(n, dtype=np.int64)
    reaction_time = np.zeros(n, dtype=np.int64)
    reaction_status = np.zeros(n, dtype=np.int64)
    processing_due = np.zeros(n, dtype=np.int64)
    processing_time = np.zeros(n, dtype=np.int64)
    processing_status = np.zeros(n, dtype=np.int64)
    processing_target = np.zeros(n, dtype=np.int64)
    extension = np.zeros(n, dtype=np.int64)

    # The reaction clock stops at the first response, or at the resolution if earlier.
    stop = reaction_stops(np, response, resolved)
    stopped = has_response | has_resolved

    for index, one_tier in enumerate(tiers):
        rows = np.nonzero(tier == index)[0]
        if not len(rows):
            continue
        # Reaction (R10, R11, R13): never paused.
        line = line_for(one_tier.clock_calendar(one_tier.reaction_clock, calendar))
        target = one_tier.reaction_target // ONE_US
        start_w = line.worked(received[rows])
        due = line.reach(start_w + target)
        end = np.where(stopped[rows], stop[rows], judged[rows])
        reaction_due[rows] = due
        reaction_time[rows] = line.worked(end) - start_w
        reaction_status[rows] = np.where(end > due, BREACHED, np.where(stopped[rows], MET, OPEN))

        # Processing (R5): stops while paused; extended only by notice before it was due.
        reaction_line = line
        line = line_for(one_tier.clock_calendar(one_tier.processing_clock, calendar))
        if line is not reaction_line:
            start_w = line.worked(received[rows])
        in_tier = np.zeros(n, dtype=bool)
        in_tier[rows] = True
        chosen = in_tier[pause_row]
        p_row, p_rank = pause_row[chosen], pause_rank[chosen]
        p_start_w = line.worked(pause_start[chosen])
        p_len_w = line.worked(pause_end[chosen]) - p_start_w
        position = np.full(n, -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        p_pos = position[p_row]

        base = one_tier.processing_target // ONE_US
        longest = one_tier.processing_extension // ONE_US
        base_goal = _goal_after_pauses(np, start_w + base, p_pos, p_rank, p_start_w, p_len_w)
        base_due = line.reach(base_goal)
        end = np.where(has_resolved[rows], resolved[rows], judged[rows])
        end_w = line.worked(end)
        paused_w = np.zeros(len(rows), dtype=np.int64)
        if len(p_pos):
            np.add.at(paused_w, p_pos, p_len_w)
        notified = has_notice[rows]
        if offers_extension(base, longest):
            # r5_extension on whole columns: late when the unextended deadline fell while
            # the clock ran (else it never fell due) and notice was not in time.
            within = ~has_resolved[rows] | (base_goal <= end_w)
            late = notified & within & ~notice_in_time(notice[rows], base_due)
            valid = notified & ~late
        else:
            late = valid = np.zeros(len(rows), dtype=bool)
        applied = np.where(valid, longest, base)
        due = base_due
        if valid.any():
            goal = _goal_after_pauses(np, start_w + longest, p_pos, p_rank, p_start_w, p_len_w)
            due = base_due.copy()
            due[valid] = line.reach(goal[valid])
        processing_due[rows] = due
        processing_time[rows] = end_w - start_w - paused_w
        # A pause that begins at the very due instant (it moved no goal) and lasts to the
        # end: the clock never ran after due, so it is not breached (as the replay says).
        idle_after_due = np.zeros(len(rows), dtype=bool)
        if len(p_pos):
            covers = (pause_start[chosen] == due[p_pos]) & (pause_end[chosen] >= end[p_pos])
            idle_after_due[p_pos[covers]] = True
        processing_status[rows] = np.where(
            (end > due) & ~idle_after_due, BREACHED, np.where(has_resolved[rows], MET, OPEN)
        )
        processing_target[rows] = applied
        extension[rows] = np.where(
            valid & notified, EXTENSION_VALID, np.where(late, EXTENSION_LATE, EXTENSION_NONE)
        )
    return Verdicts(
        IntColumn(reaction_due),
        IntColumn(reaction_time),
        IntColumn(reaction_status),
        IntColumn(processing_due),
        IntColumn(processing_time),
        IntColumn(processing_status),
        IntColumn(processing_target),
        IntColumn(extension),
        IntColumn(judged.copy()),
    )


def reaction_stops(np: Any, response: Any, resolved: Any) -> Any:
    """Where each reaction clock stopped (µs): at the first response, or at the resolution
    if that came first (it answers the client too); MISSING when neither happened."""
    return np.where(
        (response != MISSING) & (resolved != MISSING),
        np.minimum(response, resolved),
        np.where(response != MISSING, response, resolved),
    )


def _goal_after_pauses(
    np: Any, goal: Any, p_pos: Any, p_rank: Any, p_start_w: Any, p_len_w: Any
) -> Any:
    """Move each ticket's goal on by the working time of every pause that began before
    the goal was reached, pauses taken in time order; in time linear in the pauses.

    Taken one by one, pause ``k`` moves the goal when it starts before the goal as moved
    by the pauses before it: ``start_k < goal + sum(len_j, j < k)``, that is
    ``start_k - sum(len_j, j < k) < goal``. The left side never decreases from one pause
    to the next (pauses are in order and apart), so the pauses that move the goal are the
    first ``m`` of the ticket, ``m`` counted at once; the goal moves by their total.
    """
    goal = goal.copy()
    if not len(p_pos):
        return goal
    lengths_before = np.cumsum(p_len_w) - p_len_w  # over all pauses, in ticket order
    ticket_first = np.flatnonzero(p_rank == 0)
    ticket_of = np.cumsum(p_rank == 0) - 1
    own_before = lengths_before - lengths_before[ticket_first][ticket_of]
    moves = (p_start_w - own_before) < goal[p_pos]
    moved = np.bincount(ticket_of, weights=moves, minlength=len(ticket_first)).astype(np.int64)
    has = moved > 0
    last = ticket_first[has] + moved[has] - 1  # the last pause that moves each goal
    total = own_before[last] + p_len_w[last]
    goal[p_pos[ticket_first[has]]] += total
    return goal
