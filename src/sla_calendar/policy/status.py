"""One SLA clock at ``now``: :class:`SlaStatus`, its state, warnings and time left.

A clock's target may change while it runs (a coupon supplied after receipt, R12; an
escalation, R2): each stretch under one tier is a :class:`ClockPart`. Working time
counted before a change carries over; from the change on, the new tier's target and
clock apply, so the clock is due when the time counted in all parts reaches the new
target (at the change itself, if that much was already counted). A clock is breached
when it ran at some moment strictly after the due instant in force at that moment.

Every instant here is exact: shares of a target are :class:`~fractions.Fraction` values
and an instant "at a share" is the earliest microsecond at which at least that share of
the target is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any, Final

from sla_calendar._checks import (
    CheckedEnum,
    invalid_value,
    require_bool,
    require_nonempty_str,
    require_optional,
    require_type,
    wrong_type,
)
from sla_calendar._format import format_duration
from sla_calendar._instants import ONE_US, instant_to_us, plainly_aware, us_to_instant
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.policy.deadlines import (
    Explanation,
    Extension,
    Segment,
    SegmentKind,
    Target,
    check_instant,
    explain_clock,
    in_zone,
)
from sla_calendar.policy.events import (
    parse_instant,
    read_instant,
    read_member,
    read_text,
    read_tier,
)
from sla_calendar.policy.replay import CANCELLED, PAUSED, Clock, Span
from sla_calendar.policy.tiers import (
    BUILT_IN_TIERS,
    DEFAULT_WARNING_THRESHOLDS,
    Tier,
    check_thresholds,
)

__all__ = [
    "ClockPart",
    "ClockState",
    "Measure",
    "PartUs",
    "SlaStatus",
    "clock_parts",
    "clock_status",
    "measure",
]


class ClockState(CheckedEnum):
    """Where a clock stands at ``now``."""

    OK = "ok"
    """Running, below the last warning threshold before 100 %."""
    AT_RISK = "at_risk"
    """Running, past the last warning threshold before 100 %, not yet due."""
    PAUSED = "paused"
    """Not counting (waiting for the client), not breached."""
    BREACHED = "breached"
    """It ran after its due instant: whatever comes next, the target was missed."""
    MET = "met"
    """Stopped in time."""
    CANCELLED = "cancelled"
    """Stopped without a verdict."""


# ------------------------------------------------------------------ µs arithmetic


@dataclass(frozen=True, slots=True)
class PartUs:
    """A :class:`ClockPart` in µs: since when, the target applied, on which calendar."""

    since: int
    target: int
    calendar: WorkingCalendar
    tier: Tier | None = None


def clip(spans: list[Span], low: int, high: int | None) -> list[Span]:
    """The parts of ``spans`` within ``[low, high)``; an open span stays open only when
    ``high`` is None."""
    out: list[Span] = []
    for begin, end in spans:
        a = max(begin, low)
        z = end if high is None else high if end is None else min(end, high)
        if z is None or a < z:
            out.append((a, z))
    return out


def ran_after(spans: list[Span], instant: int, now_us: int) -> bool:
    """True when the clock ran at some moment strictly after ``instant``.

    That is the one breach rule for every state: an answer or resolution after the due
    instant, an open clock past it at ``now``, or a pause or resolution that came only
    after it (a clock paused after its due instant stays breached).
    """
    return any(max(begin, instant) < (now_us if end is None else end) for begin, end in spans)


def worked(calendar: WorkingCalendar, spans: list[Span], now_us: int) -> int:
    """Working µs in ``spans`` (an open one up to ``now_us``)."""
    total = 0
    for begin, end in spans:
        stop = now_us if end is None else end
        if stop > begin:
            total += calendar.working_time_between_us(begin, stop)
    return total


def walk(
    calendar: WorkingCalendar, spans: list[Span], left: int, now_us: int
) -> tuple[int | None, int]:
    """One pass over ``spans``: the instant ``left`` µs of working time are used up within
    them, if they are (an open span runs on for as long as it takes), and the working
    time they hold (an open one up to ``now_us``)."""
    within, total = None, 0
    for begin, end in spans:
        stop = now_us if end is None else end
        held = calendar.working_time_between_us(begin, stop) if stop > begin else 0
        if within is None:
            if end is None or left <= held:
                within = calendar.add_working_time_us(begin, left)
            else:
                left -= held
        total += held
    return within, total


def reach(
    part: PartUs, carried: int, clipped: list[Span], goal: int, restart: int, now_us: int
) -> int:
    """The earliest instant at which ``goal`` µs are counted, in the last part: within
    its spans, else projected as if the clock ran again from ``restart``; the part's
    start when ``carried`` already reaches it."""
    left = goal - carried
    if left <= 0:
        return part.since
    within, held = walk(part.calendar, clipped, left, now_us)
    if within is not None:
        return within
    return part.calendar.add_working_time_us(restart, left - held)


@dataclass(frozen=True, slots=True)
class Measure:
    """A clock measured over its parts: its due instant, working time counted, the time
    carried into each part, where it was first overrun, and R5's unextended due."""

    due: int
    elapsed: int
    carries: tuple[int, ...]
    breached_at: int | None
    first_due: int | None


def measure(parts: list[PartUs], spans: list[Span], now_us: int, restart: int) -> Measure:
    """Measure a clock: each part counts on its calendar towards its own target, with the
    time counted before it carried in (see the module docstring). The last part's due is
    projected beyond its spans as :func:`reach` does."""
    carried, carries = 0, []
    breached_at = first_due = None
    single = len(parts) == 1
    due = 0
    for k, part in enumerate(parts):
        last = k + 1 == len(parts)
        clipped = spans if single else clip(spans, part.since, None if last else parts[k + 1].since)
        left = part.target - carried
        within: int | None = part.since
        if left <= 0:
            held = worked(part.calendar, clipped, now_us)
        else:
            within, held = walk(part.calendar, clipped, left, now_us)
        if first_due is None:
            first_due = within
        due_k = within
        if last and within is None:
            due_k = part.calendar.add_working_time_us(restart, left - held)
        if due_k is not None and breached_at is None and ran_after(clipped, due_k, now_us):
            breached_at = due_k
        carries.append(carried)
        carried += held
        if last:
            assert due_k is not None
            due = due_k
    return Measure(due, carried, tuple(carries), breached_at, first_due)


def clock_parts(
    clock: Clock,
    tiers: list[tuple[int, Tier]],
    target_of: Callable[[Tier], timedelta],
    calendar_of: Callable[[Tier], WorkingCalendar],
) -> list[PartUs]:
    """The tiers in force while ``clock`` lived: the one at its start, then each change
    up to its final stop (a change after a clock stopped for good does not touch it)."""
    start = clock.spans[0][0]
    end = None if clock.open else clock.stopped_at
    chosen: list[tuple[int, Tier]] = []
    for since, tier in tiers:
        if since <= start:
            chosen = [(start, tier)]
        elif end is None or since <= end:
            chosen.append((since, tier))
    return [
        PartUs(since, target_of(tier) // ONE_US, calendar_of(tier), tier) for since, tier in chosen
    ]


# ------------------------------------------------------------------ values


@dataclass(frozen=True, slots=True)
class ClockPart:
    """One stretch of a clock under one tier: from ``since``, ``target`` applies on
    ``calendar``, with ``carried`` working time counted before it."""

    tier: Tier
    since: datetime
    target: timedelta
    calendar: WorkingCalendar
    carried: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if (
            type(self.tier) is Tier
            and plainly_aware(self.since)
            and type(self.target) is timedelta
            and type(self.carried) is timedelta
            and type(self.calendar) is WorkingCalendar
        ):
            return
        require_type(self.tier, Tier, "ClockPart.tier")
        check_instant(self.since, "ClockPart.since")
        for name in ("target", "carried"):
            require_type(
                getattr(self, name), timedelta, f"ClockPart.{name}", "a datetime.timedelta"
            )
        require_type(self.calendar, WorkingCalendar, "ClockPart.calendar")


def _ceil_share(share: Fraction, target: int) -> int:
    return -(-share.numerator * target // share.denominator)


_INSTANTS: Final = ("start", "due", "now")
_OPTIONAL_INSTANTS: Final = ("stop", "breached_at")
_DURATIONS: Final = ("target_duration", "elapsed", "remaining")
_FLAGS: Final = ("breached", "paused", "extended", "cancelled")


@dataclass(frozen=True, slots=True)
class SlaStatus:
    """One target's clock at ``now``.

    * ``start``: when the clock started (receipt, or the client's message for a reply
      cycle); ``stop``: when it stopped for good (response, resolution not followed by a
      reopening, cancellation), else None.
    * ``due``: the instant the target is used up. While the clock is paused at ``now``
      it is projected as if resumed at ``now``; for a clock stopped in time it is when
      the target would have been used up.
    * ``elapsed``: working time counted up to ``stop`` or ``now``; ``remaining``: the
      **working** time left, target minus elapsed (negative once overrun);
      :attr:`clock_time_left` is the real time to ``due``; ``fraction_used``:
      elapsed/target.
    * ``breached``: the clock ran at some moment strictly after ``due`` (it stopped,
      paused or is still open after it); an answer exactly at ``due`` is in time.
      ``breached_at`` is then the due instant that was overrun, the last still in time.
    * ``running``: the real-time spans the clock ran (an open one ends at ``now``).
    * ``extended``, ``extension_note`` and ``extension`` (processing only): whether R5
      extended the target, in words, and as an :class:`Extension` (why not, if not).
    * ``cancelled``: stopped without a verdict; ``thresholds``: the shares at which it
      warns; ``parts``: the stretches under each tier (one unless the tier changed).

    :attr:`state` says where it stands (:class:`ClockState`), :attr:`next_change` when
    that changes if nothing else happens, :meth:`instant_at` when a share of the target
    is used.
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
    cancelled: bool = False
    thresholds: tuple[Fraction, ...] = DEFAULT_WARNING_THRESHOLDS
    parts: tuple[ClockPart, ...] = ()

    def __post_init__(self) -> None:
        if not _well_formed(self):  # else name the field at fault
            self._check_fields()

    def _check_fields(self) -> None:
        require_nonempty_str(self.ticket_id, "SlaStatus.ticket_id")
        require_type(self.target, Target, "SlaStatus.target")
        for name in _INSTANTS:
            check_instant(getattr(self, name), f"SlaStatus.{name}")
        for name in _OPTIONAL_INSTANTS:
            check_instant(getattr(self, name), f"SlaStatus.{name}", optional=True)
        for name in _DURATIONS:
            require_type(
                getattr(self, name), timedelta, f"SlaStatus.{name}", "a datetime.timedelta"
            )
        for name in _FLAGS:
            require_bool(getattr(self, name), f"SlaStatus.{name}")
        if type(self.fraction_used) is not Fraction:
            raise wrong_type("SlaStatus.fraction_used", "a fractions.Fraction", self.fraction_used)
        require_type(self.calendar, WorkingCalendar, "SlaStatus.calendar")
        _check_spans(self.running)
        require_optional(self.extension_note, str, "SlaStatus.extension_note")
        require_type(self.extension, Extension, "SlaStatus.extension")
        check_thresholds(self.thresholds, "SlaStatus.thresholds")
        if not isinstance(self.parts, tuple) or not all(
            isinstance(p, ClockPart) for p in self.parts
        ):
            raise wrong_type("SlaStatus.parts", "a tuple of ClockPart", self.parts)
        if self.target_duration <= timedelta(0):
            raise invalid_value(
                "SlaStatus.target_duration", self.target_duration, "a positive duration"
            )

    # -------------------------------------------------------------- state

    @property
    def state(self) -> ClockState:
        """Where the clock stands at ``now`` (cancelled, breached, met, paused, at risk, ok)."""
        if self.cancelled:
            return ClockState.CANCELLED
        if self.breached:
            return ClockState.BREACHED
        if self.stop is not None:
            return ClockState.MET
        if self.paused:
            return ClockState.PAUSED
        risk = self.at_risk_share
        if risk is not None and self.fraction_used >= risk:
            return ClockState.AT_RISK
        return ClockState.OK

    @property
    def at_risk_share(self) -> Fraction | None:
        """The last warning threshold below 100 %: past it, a running clock is at risk."""
        below = [share for share in self.thresholds if share < 1]
        return below[-1] if below else None

    @property
    def next_change(self) -> datetime | None:
        """When :attr:`state` changes if nothing else happens, for a scheduler to sleep
        until: an ok clock turns at risk at its threshold (or breached, one microsecond
        after ``due``, without one); an at-risk clock turns breached one microsecond after
        ``due``. None for a paused, met, breached or cancelled clock: only a new event
        changes it."""
        state = self.state
        risk = self.at_risk_share
        if state is ClockState.OK and risk is not None:
            return self.instant_at(risk)
        if state in (ClockState.OK, ClockState.AT_RISK):
            return us_to_instant(instant_to_us(self.due, "due") + 1, self.calendar.tz)
        return None

    @property
    def clock_time_left(self) -> timedelta:
        """The real (wall-clock) time from ``now`` to ``due``; negative once past.

        ``remaining`` is the working time left; this is how long that takes on the clock.
        """
        return timedelta(
            microseconds=instant_to_us(self.due, "due") - instant_to_us(self.now, "now")
        )

    # -------------------------------------------------------------- warnings

    def instant_at(self, share: Fraction | int) -> datetime:
        """The earliest instant at which ``share`` of the target is used (exactly).

        On the tier's clock, honouring the pauses so far; beyond what has run, projected
        as if the clock ran on from ``now`` (from ``stop`` for a stopped clock), as
        ``due`` is: ``instant_at(1) == due``. A share of the current target already
        counted when the tier changed is reached at the change.
        """
        if type(share) is int:
            share = Fraction(share)
        if type(share) is not Fraction:
            raise wrong_type("share", "a fractions.Fraction (or an int)", share)
        if share <= 0:
            raise invalid_value("share", share, "a share above 0 (Fraction(3, 4) for 75 %)")
        parts = self._parts_us()
        last = parts[-1]
        goal = _ceil_share(share, last.target)
        carried = self.parts[-1].carried // ONE_US if self.parts else 0
        now_us = instant_to_us(self.now, "now")
        restart = now_us if self.stop is None else instant_to_us(self.stop, "stop")
        clipped = clip(self._spans_us(), last.since, None)
        return us_to_instant(reach(last, carried, clipped, goal, restart, now_us), self.calendar.tz)

    def warnings(self) -> tuple[tuple[Fraction, datetime], ...]:
        """Each warning threshold with the instant it is reached (see :meth:`instant_at`)."""
        return tuple((share, self.instant_at(share)) for share in self.thresholds)

    @property
    def next_warning(self) -> tuple[Fraction, datetime] | None:
        """The next threshold a running clock will reach after ``now``, and when; None
        when it is not running or has passed them all."""
        if self.state not in (ClockState.OK, ClockState.AT_RISK):
            return None
        for share in self.thresholds:
            moment = self.instant_at(share)
            if moment > self.now:
                return share, moment
        return None

    def _parts_us(self) -> list[PartUs]:
        if not self.parts:
            start = instant_to_us(self.start, "start")
            return [PartUs(start, self.target_duration // ONE_US, self.calendar)]
        return [
            PartUs(instant_to_us(p.since, "since"), p.target // ONE_US, p.calendar, p.tier)
            for p in self.parts
        ]

    def _spans_us(self) -> list[Span]:
        spans: list[Span] = [
            (instant_to_us(a, "running"), instant_to_us(b, "running")) for a, b in self.running
        ]
        if spans and self.stop is None and not self.paused and not self.cancelled:
            spans[-1] = (spans[-1][0], None)  # still running
        return spans

    # -------------------------------------------------------------- explaining

    def explain(self) -> Explanation:
        """What was counted from ``start`` to ``stop`` (or ``now``), paused time, skipped days.

        Its ``counted`` equals ``elapsed``. A change of tier shows as a segment between
        the parts; a tier's or a client's own calendar is named in the notes. For the
        planned route to ``due``, see :meth:`Deadline.explain`.
        """
        end = self.stop or self.now
        if not self.parts:
            return explain_clock(self.calendar, self.start, end, self.running)
        segments: list[Segment] = []
        counted = timedelta(0)
        notes: list[str] = []
        for k, part in enumerate(self.parts):
            if k:
                segments.append(_switch_segment(self.parts[k - 1], part))
            high = self.parts[k + 1].since if k + 1 < len(self.parts) else end
            piece = explain_clock(part.calendar, max(self.start, part.since), high, self.running)
            segments += piece.segments
            counted += piece.counted
            label = part.tier.calendar_label
            if label and f"on {label}" not in notes:
                notes.append(f"on {label}")
        return Explanation(tuple(segments), counted, tuple(notes))

    def __str__(self) -> str:
        state = self.state.value.replace("_", " ")
        return (
            f"{self.ticket_id} {self.target.value}: {state}, due {self.due.isoformat()}, "
            f"used {format_duration(self.elapsed)} of {format_duration(self.target_duration)}"
        )

    # -------------------------------------------------------------- data

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: instants in ISO 8601, durations as integer µs (``*_us``),
        shares as ``"n/d"``, tiers by name; ``state`` is there for readers and ignored
        by :meth:`from_dict`."""

        def iso(moment: datetime | None) -> str | None:
            return None if moment is None else moment.isoformat()

        return {
            "ticket_id": self.ticket_id,
            "target": self.target.value,
            "state": self.state.value,
            "start": iso(self.start),
            "due": iso(self.due),
            "stop": iso(self.stop),
            "now": iso(self.now),
            "target_us": self.target_duration // ONE_US,
            "elapsed_us": self.elapsed // ONE_US,
            "remaining_us": self.remaining // ONE_US,
            "breached": self.breached,
            "breached_at": iso(self.breached_at),
            "fraction_used": str(self.fraction_used),
            "paused": self.paused,
            "cancelled": self.cancelled,
            "running": [[iso(a), iso(b)] for a, b in self.running],
            "extended": self.extended,
            "extension": self.extension.value,
            "extension_note": self.extension_note,
            "thresholds": [str(share) for share in self.thresholds],
            "parts": [
                {
                    "tier": part.tier.name,
                    "since": iso(part.since),
                    "target_us": part.target // ONE_US,
                    "carried_us": part.carried // ONE_US,
                }
                for part in self.parts
            ],
            "calendar": self.calendar.zone,
        }

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        calendar: WorkingCalendar,
        tiers: Mapping[str, Tier] = BUILT_IN_TIERS,
    ) -> SlaStatus:
        """Read what :meth:`to_dict` writes, exactly: ``calendar`` is the working calendar
        the clock was evaluated with (each part's clock calendar follows from its tier),
        ``tiers`` names the tiers the parts may hold."""
        if not isinstance(data, Mapping):
            raise wrong_type("data", "a mapping (what SlaStatus.to_dict() writes)", data)
        require_type(calendar, WorkingCalendar, "calendar")
        target = read_member(data, "target", Target)
        parts = tuple(
            _part_from(item, index, target, calendar, tiers)
            for index, item in enumerate(_list(data, "parts"))
        )
        clock_calendar = parts[-1].calendar if parts else calendar
        zone = clock_calendar.tz

        def instant(name: str, *, optional: bool = False) -> Any:
            moment = read_instant(data, name, optional=optional)
            return None if moment is None else in_zone(moment, zone, f"data[{name!r}]")

        return cls(
            ticket_id=read_text(data, "ticket_id"),
            target=target,
            target_duration=_us(data, "target_us"),
            start=instant("start"),
            due=instant("due"),
            stop=instant("stop", optional=True),
            elapsed=_us(data, "elapsed_us"),
            remaining=_us(data, "remaining_us"),
            breached=_flag(data, "breached"),
            breached_at=instant("breached_at", optional=True),
            fraction_used=_fraction(data.get("fraction_used"), "data['fraction_used']"),
            paused=_flag(data, "paused"),
            now=instant("now"),
            calendar=clock_calendar,
            running=tuple(
                _span_from(item, index, zone) for index, item in enumerate(_list(data, "running"))
            ),
            extended=_flag(data, "extended"),
            extension_note=_optional_text(data, "extension_note"),
            extension=read_member(data, "extension", Extension),
            cancelled=_flag(data, "cancelled"),
            thresholds=tuple(
                _fraction(item, f"data['thresholds'][{index}]")
                for index, item in enumerate(_list(data, "thresholds"))
            ),
            parts=parts,
        )


def _well_formed(s: SlaStatus) -> bool:
    """A fast check that every field of ``s`` has its type (true for what the clocks build)."""
    return _instants_well_formed(s) and _values_well_formed(s)


def _instants_well_formed(s: SlaStatus) -> bool:
    return (
        plainly_aware(s.start)
        and plainly_aware(s.due)
        and plainly_aware(s.now)
        and (s.stop is None or plainly_aware(s.stop))
        and (s.breached_at is None or plainly_aware(s.breached_at))
        and type(s.running) is tuple
        and all(
            type(span) is tuple
            and len(span) == 2
            and plainly_aware(span[0])
            and plainly_aware(span[1])
            for span in s.running
        )
    )


def _values_well_formed(s: SlaStatus) -> bool:
    return (
        type(s.ticket_id) is str
        and s.ticket_id != ""
        and type(s.target) is Target
        and all(type(d) is timedelta for d in (s.target_duration, s.elapsed, s.remaining))
        and s.target_duration > timedelta(0)
        and all(type(f) is bool for f in (s.breached, s.paused, s.extended, s.cancelled))
        and type(s.fraction_used) is Fraction
        and type(s.calendar) is WorkingCalendar
        and (s.extension_note is None or type(s.extension_note) is str)
        and type(s.extension) is Extension
        and s.thresholds is DEFAULT_WARNING_THRESHOLDS
        and type(s.parts) is tuple
        and all(type(part) is ClockPart for part in s.parts)
    )


def _check_spans(running: object) -> None:
    if not isinstance(running, tuple):
        raise wrong_type("SlaStatus.running", "a tuple of (start, end) pairs", running)
    for index, span in enumerate(running):
        if not isinstance(span, tuple) or len(span) != 2:
            raise wrong_type(f"SlaStatus.running[{index}]", "a (start, end) pair", span)
        check_instant(span[0], f"SlaStatus.running[{index}][0]")
        check_instant(span[1], f"SlaStatus.running[{index}][1]")


def _switch_segment(before: ClockPart, after: ClockPart) -> Segment:
    label = after.tier.calendar_label
    on = f", on {label}" if label and label != before.tier.calendar_label else ""
    reason = (
        f"tier changed from {before.tier.name} to {after.tier.name} (target "
        f"{format_duration(after.target)}; {format_duration(after.carried)} counted before{on})"
    )
    day = after.since.date()
    return Segment(SegmentKind.SWITCH, day, day, after.since, after.since, timedelta(0), reason)


# Reading status data: each value is named by its place, e.g. data['parts'][0]['tier'].


def _list(data: Mapping[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    if not isinstance(value, list):
        raise invalid_value(f"data[{name!r}]", value, "a list")
    return value


def _us(data: Mapping[str, Any], name: str) -> timedelta:
    value = data.get(name)
    if type(value) is not int:
        raise invalid_value(f"data[{name!r}]", value, "an int of microseconds")
    try:
        return timedelta(microseconds=value)
    except OverflowError:
        raise invalid_value(f"data[{name!r}]", value, "a duration timedelta can hold") from None


def _flag(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    if type(value) is not bool:
        raise invalid_value(f"data[{name!r}]", value, "true or false")
    return value


def _optional_text(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid_value(f"data[{name!r}]", value, "a str or None")
    return value


def _fraction(value: object, place: str) -> Fraction:
    if isinstance(value, str):
        numerator, slash, denominator = value.partition("/")
        if numerator.lstrip("-").isdigit() and (not slash or denominator.isdigit()):
            if not slash:
                return Fraction(int(numerator))
            if int(denominator):
                return Fraction(int(numerator), int(denominator))
    raise invalid_value(place, value, "a fraction written 'n/d' (or 'n')")


def _span_from(item: object, index: int, zone: Any) -> tuple[datetime, datetime]:
    place = f"data['running'][{index}]"
    if not isinstance(item, list) or len(item) != 2:
        raise invalid_value(place, item, "a [start, end] pair of ISO 8601 strings")
    return (
        in_zone(parse_instant(item[0], f"{place}[0]"), zone, place),
        in_zone(parse_instant(item[1], f"{place}[1]"), zone, place),
    )


def _part_from(
    item: object, index: int, target: Target, calendar: WorkingCalendar, tiers: Mapping[str, Tier]
) -> ClockPart:
    place = f"data['parts'][{index}]"
    if not isinstance(item, Mapping):
        raise invalid_value(place, item, "a mapping")
    tier = read_tier(item, "tier", tiers)
    clock_calendar = tier.clock_calendar(tier.clock_of(target), calendar)
    return ClockPart(
        tier=tier,
        since=in_zone(read_instant(item, "since"), clock_calendar.tz, place),
        target=_us(item, "target_us"),
        calendar=clock_calendar,
        carried=_us(item, "carried_us"),
    )


def clock_status(
    ticket_id: str,
    target: Target,
    clock: Clock,
    parts: list[PartUs],
    now_us: int,
    thresholds: tuple[Fraction, ...],
    extension: Extension = Extension.NONE,
    note: str | None = None,
) -> SlaStatus:
    """The :class:`SlaStatus` of a replayed clock measured over its parts."""
    restart = now_us if clock.open else clock.stopped_at
    assert restart is not None
    measured = measure(parts, clock.spans, now_us, restart)
    last = parts[-1]
    zone = last.calendar.tz

    shown: dict[int, datetime] = {}  # one datetime per instant: start, stops, now repeat

    def at(us: int) -> datetime:
        moment = shown.get(us)
        if moment is None:
            moment = shown[us] = us_to_instant(us, zone)
        return moment

    return SlaStatus(
        ticket_id=ticket_id,
        target=target,
        target_duration=timedelta(microseconds=last.target),
        start=at(clock.spans[0][0]),
        due=at(measured.due),
        stop=None if clock.open else at(restart),
        elapsed=timedelta(microseconds=measured.elapsed),
        remaining=timedelta(microseconds=last.target - measured.elapsed),
        breached=measured.breached_at is not None,
        breached_at=None if measured.breached_at is None else at(measured.breached_at),
        fraction_used=Fraction(measured.elapsed, last.target),
        paused=clock.state == PAUSED,
        now=at(now_us),
        calendar=last.calendar,
        running=tuple(
            (at(begin), at(now_us if end is None else end)) for begin, end in clock.spans
        ),
        extended=extension is Extension.VALID,
        extension_note=note,
        extension=extension,
        cancelled=clock.state == CANCELLED,
        thresholds=thresholds,
        parts=tuple(_part(p, at(p.since), c) for p, c in zip(parts, measured.carries, strict=True)),
    )


def _part(part: PartUs, since: datetime, carried: int) -> ClockPart:
    assert part.tier is not None
    target, before = timedelta(microseconds=part.target), timedelta(microseconds=carried)
    return ClockPart(part.tier, since, target, part.calendar, before)
