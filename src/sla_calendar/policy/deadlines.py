"""Deadlines and their explanations: what was counted, what was skipped and why.

A :class:`Deadline` is a frozen value: the target, when its clock started, the due
instant and the calendar it ran on. :meth:`Deadline.explain` lays out the working
intervals that were counted and the days skipped with their reason (weekend, named
holiday, transferred day off, outside hours): what a person reads when a client
disputes a breach.

Explanations are for people: one covers at most :data:`MAX_EXPLAINED_DAYS` days, and a
longer span is refused with :class:`~sla_calendar.errors.OutOfRangeError` rather than
laid out for minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Final, overload

from sla_calendar._checks import (
    CheckedEnum,
    require_bool,
    require_optional,
    require_type,
    wrong_type,
)
from sla_calendar._format import format_duration
from sla_calendar._instants import ONE_US, instant_to_us, plainly_aware, us_to_instant
from sla_calendar.calendar.days import DayInfo, DayKind
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError, OutOfRangeError

__all__ = [
    "MAX_EXPLAINED_DAYS",
    "Deadline",
    "Explanation",
    "Extension",
    "Segment",
    "SegmentKind",
    "Target",
    "explain_clock",
    "in_zone",
    "notice_in_time",
    "offers_extension",
    "r5_extension",
    "r5_note",
]


class Target(CheckedEnum):
    """Which SLA target a deadline or status is about."""

    REACTION = "reaction"
    """Time to the first response (R10, R11, R13)."""
    PROCESSING = "processing"
    """Time to resolution (R5)."""
    REPLY = "reply"
    """Time from a later message of the client to the next response (a reply cycle)."""


class Extension(CheckedEnum):
    """Whether the processing target was extended (R5: 24 to 72 hours with prior notice)."""

    NONE = "none"
    """No extension notice was recorded (or the tier has no extension to give)."""
    VALID = "valid"
    """Notice came before the unextended deadline: the target is the extension."""
    LATE = "late"
    """Notice came after the unextended deadline had passed: not extended."""


class SegmentKind(CheckedEnum):
    """What a segment of an explanation is."""

    COUNTED = "counted"
    """Working time that counted towards the target."""
    SKIPPED = "skipped"
    """Days or hours that did not count, with the reason."""
    PAUSED = "paused"
    """Working time that did not count because the clock was paused or stopped."""
    SWITCH = "switch"
    """The clock moved to another tier at this instant (R2, R12); ``reason`` says how."""


MAX_EXPLAINED_DAYS: Final = 400
"""The longest span, in local days, that one explanation lays out day by day."""


def in_zone(moment: datetime, zone: tzinfo, name: str) -> datetime:
    """``moment`` in ``zone``; an :class:`OutOfRangeError` (not an ``OverflowError``) when
    that falls outside years 1..9999, a type error naming ``name`` for a non-instant."""
    return us_to_instant(instant_to_us(moment, name), zone)


def check_instant(value: object, name: str, *, optional: bool = False) -> None:
    """Refuse anything but an aware datetime (or None when ``optional``), naming ``name``."""
    if value is None and optional:
        return
    if not isinstance(value, datetime):
        expected = "a timezone-aware datetime" + (" or None" if optional else "")
        raise wrong_type(name, expected, value)
    if not plainly_aware(value):  # naive, or a tzinfo with no usable offset: raises, naming it
        instant_to_us(value, name)


def _clock_time(moment: datetime) -> str:
    text = moment.strftime("%H:%M")
    if moment.second or moment.microsecond:
        text += moment.strftime(":%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    return text


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of an explanation: a counted or paused interval, or skipped days.

    ``reason`` says why days were skipped, or notes what made a counted day special
    (a transferred working Saturday, a holiday worked under martial law).
    """

    kind: SegmentKind
    first_date: date
    last_date: date
    start: datetime | None = None
    end: datetime | None = None
    duration: timedelta = timedelta(0)
    reason: str = ""

    def __post_init__(self) -> None:
        require_type(self.kind, SegmentKind, "Segment.kind")
        for name in ("first_date", "last_date"):
            value = getattr(self, name)
            if isinstance(value, datetime) or not isinstance(value, date):
                raise wrong_type(f"Segment.{name}", "a datetime.date", value)
        timed = self.kind is not SegmentKind.SKIPPED
        for name in ("start", "end"):
            check_instant(getattr(self, name), f"Segment.{name}", optional=True)
            if timed and getattr(self, name) is None:
                raise InvalidValueError(
                    f"Segment.{name} is None; expected an instant for a {self.kind.value} segment"
                )
        require_type(self.duration, timedelta, "Segment.duration", "a datetime.timedelta")
        require_type(self.reason, str, "Segment.reason")

    def render(self, *, with_dates: bool) -> str:
        """The segment as text, e.g. ``Fri 17:30–18:00 0:30`` or ``Sat, Sun weekend``."""

        def day_name(day: date) -> str:
            return day.strftime("%a %d %b") if with_dates else day.strftime("%a")

        if self.kind is SegmentKind.SKIPPED:
            days = (
                day_name(self.first_date)
                if self.first_date == self.last_date
                else f"{day_name(self.first_date)}, {day_name(self.last_date)}"
                if (self.last_date - self.first_date).days == 1
                else f"{day_name(self.first_date)}–{day_name(self.last_date)}"
            )
            return f"{days} {self.reason}"
        assert self.start is not None
        assert self.end is not None
        if self.kind is SegmentKind.SWITCH:
            return f"{day_name(self.first_date)} {_clock_time(self.start)} {self.reason}"
        end = _clock_time(self.end)
        if self.end.date() > self.first_date and end == "00:00":
            end = "24:00"  # a day worked to its end, not a span into the next day
        span = f"{_clock_time(self.start)}–{end}"
        tail = format_duration(self.duration) if self.kind is SegmentKind.COUNTED else "paused"
        note = f" ({self.reason})" if self.reason else ""
        return f"{day_name(self.first_date)} {span} {tail}{note}"


@dataclass(frozen=True, slots=True)
class Explanation:
    """The segments of a deadline or clock, in time order, and the working time counted.

    ``notes`` say what else a reader needs: which calendar counted, when it is not the
    one passed in (``on the calendar of client 'acme' (Europe/Warsaw)``).
    """

    segments: tuple[Segment, ...]
    counted: timedelta
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.segments, tuple):
            raise wrong_type("Explanation.segments", "a tuple of Segment", self.segments)
        for index, segment in enumerate(self.segments):
            require_type(segment, Segment, f"Explanation.segments[{index}]")
        require_type(self.counted, timedelta, "Explanation.counted", "a datetime.timedelta")
        if not isinstance(self.notes, tuple) or not all(isinstance(n, str) for n in self.notes):
            raise wrong_type("Explanation.notes", "a tuple of str", self.notes)

    def __str__(self) -> str:
        if not self.segments:
            text = f"nothing counted ({format_duration(self.counted)})"
        else:
            first, last = self.segments[0].first_date, self.segments[-1].last_date
            with_dates = (last - first).days >= 7
            text = " · ".join(segment.render(with_dates=with_dates) for segment in self.segments)
        return " · ".join((text, *self.notes))

    def lines(self) -> list[str]:
        """One line per segment, with dates, the notes, and a closing total."""
        return [
            *(segment.render(with_dates=True) for segment in self.segments),
            *self.notes,
            f"total counted {format_duration(self.counted)}",
        ]


def _as_reason(name: str) -> str:
    """A day's name as a reason inside a line: ``Transferred day off (…)`` → ``transferred…``."""
    return name[:1].lower() + name[1:]


def _skip_reason(info: DayInfo) -> str:
    if info.kind is DayKind.WEEKEND:
        # a holiday on a weekend moves nowhere under martial law; name it anyway
        return f"weekend ({info.name})" if info.name else "weekend"
    if info.kind in (DayKind.HOLIDAY, DayKind.OBSERVED_HOLIDAY):
        return f"holiday ({info.name})" if info.name else "holiday"
    if info.kind is DayKind.TRANSFERRED_DAY_OFF:
        # the name says which Saturday was worked for it: "(worked on 2019-12-21)"
        return _as_reason(info.name) if info.name else "transferred day off"
    if info.kind is DayKind.CLOSED:
        return "closed"
    return "outside hours"


def _work_note(info: DayInfo) -> str:
    if info.kind is DayKind.TRANSFERRED_WORKING_DAY:
        if not info.name:
            return "transferred working day"
        # shown inside parentheses already: "Transferred working day (for X)" → "… for X"
        return _as_reason(info.name).replace(" (", " ").rstrip(")")
    if info.kind is DayKind.HOLIDAY_WORKED:
        return f"{info.name}: a working day" if info.name else "holiday worked"
    if info.kind is DayKind.EXTRA_WORKING_DAY:
        return "extra working day"
    return "shortened eve of a holiday" if info.shortened else ""


def _clock_change(low: datetime, high: datetime, duration: timedelta) -> str:
    """A note when the wall clock moved (DST) inside a segment, so its span and its
    duration disagree: ``00:00–13:00`` that counts ``12:00`` on a spring-forward night."""
    wall = high.replace(tzinfo=None) - low.replace(tzinfo=None)
    if wall > duration:
        return f"clocks went forward {format_duration(wall - duration)}"
    if wall < duration:
        return f"clocks went back {format_duration(duration - wall)}"
    return ""


def _join(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


def explain_clock(
    calendar: WorkingCalendar,
    start: datetime,
    end: datetime,
    running: Sequence[tuple[datetime, datetime]] | None = None,
    notes: tuple[str, ...] = (),
) -> Explanation:
    """Explain working time in ``[start, end)``: counted where ``running``, else paused.

    ``running`` lists the real-time spans during which the clock ran; None means it ran
    throughout. Days with no working time in the range appear as skipped, grouped
    when consecutive days share a reason. A range of more than
    :data:`MAX_EXPLAINED_DAYS` local days is refused (:class:`OutOfRangeError`).
    """
    require_type(calendar, WorkingCalendar, "calendar")
    zone = calendar.tz
    start_us, end_us = instant_to_us(start, "start"), instant_to_us(end, "end")
    runs = [(start_us, end_us)] if running is None else _runs(running)
    first = us_to_instant(start_us, zone)
    last_moment = us_to_instant(end_us, zone)
    day, last = first.date().toordinal(), last_moment.date().toordinal()
    if last_moment.time() == datetime.min.time() and last > day:
        last -= 1  # an end at midnight ends the day before
    if last - day >= MAX_EXPLAINED_DAYS:
        raise OutOfRangeError(
            f"an explanation of {first.isoformat()} to {last_moment.isoformat()} would cover "
            f"{last - day + 1} days; expected at most {MAX_EXPLAINED_DAYS}"
        )
    by_date: dict[int, list[tuple[int, int]]] = {}
    for period in calendar.working_periods(first, last_moment):
        by_date.setdefault(period.date.toordinal(), []).append(
            (instant_to_us(period.start, "start"), instant_to_us(period.end, "end"))
        )
    segments: list[Segment] = []
    counted = 0
    for ordinal in range(day, last + 1):
        today = date.fromordinal(ordinal)
        periods = by_date.get(ordinal)
        if not periods:
            _add_skipped(segments, today, _skip_reason(calendar.day_info(today)))
            continue
        note = _work_note(calendar.day_info(today))
        for low_us, high_us in periods:
            for kind, low, high in _split(low_us, high_us, runs):
                if kind is SegmentKind.COUNTED:
                    counted += high - low
                local_low, local_high = us_to_instant(low, zone), us_to_instant(high, zone)
                duration = timedelta(microseconds=high - low)
                reason = _join(note, _clock_change(local_low, local_high, duration))
                segments.append(
                    Segment(kind, today, today, local_low, local_high, duration, reason)
                )
    return Explanation(tuple(segments), timedelta(microseconds=counted), notes)


def _runs(running: Sequence[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """The running spans as µs pairs; a type error names the span at fault."""
    runs = []
    for index, span in enumerate(running):
        if not isinstance(span, tuple) or len(span) != 2:
            raise wrong_type(f"running[{index}]", "a (start, end) pair of datetimes", span)
        runs.append(
            (
                instant_to_us(span[0], f"running[{index}][0]"),
                instant_to_us(span[1], f"running[{index}][1]"),
            )
        )
    return runs


def _add_skipped(segments: list[Segment], day: date, reason: str) -> None:
    """Append a skipped day, joined to the previous segment if it is the day before,
    skipped for the same reason."""
    previous = segments[-1] if segments else None
    if (
        previous is not None
        and previous.kind is SegmentKind.SKIPPED
        and previous.reason == reason
        and (day - previous.last_date).days == 1
    ):
        segments[-1] = Segment(SegmentKind.SKIPPED, previous.first_date, day, reason=reason)
    else:
        segments.append(Segment(SegmentKind.SKIPPED, day, day, reason=reason))


def _split(low: int, high: int, runs: list[tuple[int, int]]) -> list[tuple[SegmentKind, int, int]]:
    """Cut a working period ``[low, high)`` (µs) into counted (inside a run) and paused
    pieces, in order."""
    pieces: list[tuple[SegmentKind, int, int]] = []
    cursor = low
    for run_start, run_end in runs:
        a, b = max(cursor, run_start), min(high, run_end)
        if a >= b:
            continue
        if a > cursor:
            pieces.append((SegmentKind.PAUSED, cursor, a))
        pieces.append((SegmentKind.COUNTED, a, b))
        cursor = b
    if cursor < high:
        pieces.append((SegmentKind.PAUSED, cursor, high))
    return pieces


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a target falls due: the clock started at ``start`` and runs on ``calendar``.

    ``duration`` is the target applied (for processing, 72 hours once validly extended);
    ``due`` is the earliest instant at which that much working time has passed, so a
    response exactly at ``due`` is in time and one microsecond later is late.
    ``calendar_label`` names the calendar in explanations when it is not the one passed
    in (a tier's or a client's own, see :attr:`Tier.calendar_label`).
    """

    target: Target
    start: datetime
    duration: timedelta
    due: datetime
    calendar: WorkingCalendar
    extended: bool = False
    extension_note: str | None = None
    calendar_label: str = ""

    def __post_init__(self) -> None:
        require_type(self.target, Target, "Deadline.target")
        check_instant(self.start, "Deadline.start")
        require_type(self.duration, timedelta, "Deadline.duration", "a datetime.timedelta")
        check_instant(self.due, "Deadline.due")
        require_type(self.calendar, WorkingCalendar, "Deadline.calendar")
        require_bool(self.extended, "Deadline.extended")
        require_optional(self.extension_note, str, "Deadline.extension_note")
        require_type(self.calendar_label, str, "Deadline.calendar_label")

    def is_breached_by(self, moment: datetime) -> bool:
        """True when an answer at ``moment`` is late (strictly after ``due``)."""
        return instant_to_us(moment, "moment") > instant_to_us(self.due, "due")

    def explain(self) -> Explanation:
        """The working intervals counted from ``start`` to ``due`` and the days skipped."""
        notes = (f"on {self.calendar_label}",) if self.calendar_label else ()
        return explain_clock(self.calendar, self.start, self.due, notes=notes)

    def __str__(self) -> str:
        text = f"{self.target.value} due {self.due.isoformat()} ({format_duration(self.duration)})"
        return f"{text}; {self.extension_note}" if self.extension_note else text


def deadline_for(
    target: Target,
    start: datetime,
    duration: timedelta,
    calendar: WorkingCalendar,
    calendar_label: str = "",
) -> Deadline:
    """The deadline ``duration`` of working time after ``start`` on ``calendar``."""
    if isinstance(duration, timedelta) and duration < timedelta(0):
        raise InvalidValueError(f"duration={duration!r} is negative; expected a target >= 0")
    due = calendar.add_working_time(start, duration)
    begin = in_zone(start, calendar.tz, "start")
    return Deadline(target, begin, duration, due, calendar, calendar_label=calendar_label)


def offers_extension(target_us: int, extension_us: int) -> bool:
    """True when a tier has an extension to give (R5): a longer target than its own."""
    return extension_us > target_us


@overload
def notice_in_time(notice_us: int, unextended_due_us: int) -> bool: ...
@overload
def notice_in_time(notice_us: Any, unextended_due_us: Any) -> Any: ...
def notice_in_time(notice_us: Any, unextended_due_us: Any) -> Any:
    """True when notice was prior (R5): given no later than the unextended deadline.

    Integers give a bool; numpy arrays of integers, an array of bools.
    """
    return notice_us <= unextended_due_us


def r5_extension(
    target_us: int, extension_us: int, notice_us: int | None, unextended_due_us: int | None
) -> Extension:
    """R5's extension rule: does notice at ``notice_us`` extend the processing target?

    Not without notice, nor on a tier with no extension to give (:data:`Extension.NONE`);
    not when notice came after the unextended deadline (:data:`Extension.LATE`). Else the
    target extends (:data:`Extension.VALID`), also when the clock stopped before its
    unextended target was used up (``unextended_due_us`` None: it never fell due).
    Every use of R5 takes its decision from here: deadlines, clocks and both audit
    engines (the vectorised one from :func:`offers_extension` and
    :func:`notice_in_time` on whole columns).
    """
    if notice_us is None or not offers_extension(target_us, extension_us):
        return Extension.NONE
    if unextended_due_us is not None and not notice_in_time(notice_us, unextended_due_us):
        return Extension.LATE
    return Extension.VALID


def r5_note(
    extension: Extension,
    notice_at: datetime | None,
    target: timedelta,
    longest: timedelta,
    unextended_due: datetime | None,
) -> str | None:
    """What R5 made of a notice, in words (None without notice).

    ``notice_at`` and ``unextended_due`` are shown as given (in the clock's zone).
    """
    if notice_at is None:
        return None
    if extension is Extension.VALID:
        return f"extended to {format_duration(longest)} by notice at {notice_at.isoformat()} (R5)"
    if extension is Extension.LATE:
        assert unextended_due is not None
        return (
            f"not extended: notice at {notice_at.isoformat()} came after the "
            f"{format_duration(target)} deadline {unextended_due.isoformat()} had passed "
            "(R5 needs prior notice)"
        )
    return f"not extended: this tier's processing target {format_duration(target)} has no extension"


def processing_deadline(
    received_at: datetime,
    target: timedelta,
    extension: timedelta,
    calendar: WorkingCalendar,
    extension_notified_at: datetime | None,
    calendar_label: str = "",
) -> Deadline:
    """The processing deadline (R5), extended only by notice given before it passed."""
    base = deadline_for(Target.PROCESSING, received_at, target, calendar, calendar_label)
    if extension_notified_at is None:
        return base
    notice_us = instant_to_us(extension_notified_at, "extension_notified_at")
    if notice_us < instant_to_us(received_at, "received_at"):
        raise InvalidValueError(
            f"extension_notified_at={extension_notified_at.isoformat()} is before "
            f"received_at={received_at.isoformat()}; expected notice after receipt"
        )
    outcome = r5_extension(
        target // ONE_US, extension // ONE_US, notice_us, instant_to_us(base.due, "due")
    )
    notice_at = in_zone(extension_notified_at, calendar.tz, "extension_notified_at")
    note = r5_note(outcome, notice_at, target, extension, base.due)
    if outcome is not Extension.VALID:
        return Deadline(
            Target.PROCESSING, base.start, target, base.due, calendar, False, note, calendar_label
        )
    extended = deadline_for(Target.PROCESSING, received_at, extension, calendar)
    return Deadline(
        Target.PROCESSING, base.start, extension, extended.due, calendar, True, note, calendar_label
    )
