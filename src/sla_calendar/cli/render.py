"""Terminal rendering: month and year tables of Kyiv's calendar, the worked deadline example."""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sla_calendar._format import format_duration, format_table
from sla_calendar.calendar import MARTIAL_LAW_START, DayInfo, DayKind, WorkingCalendar
from sla_calendar.policy import Deadline, SegmentKind, Target

__all__ = [
    "STANDARD_REACTION",
    "CountedInterval",
    "counted_intervals",
    "describe_calendar",
    "format_moment",
    "month_days",
    "render_deadline_example",
    "render_month",
    "render_year",
]

STANDARD_REACTION = timedelta(hours=24)
"""Maximum reaction time of standard support (clause R10)."""

_ORDINARY = (DayKind.WORKING, DayKind.WEEKEND)
_DAY_HEADER = ("Date", "Day", "Work", "Hours", "Kind", "Holiday / note")
_YEAR_HEADER = (
    "Month",
    "Working days",
    "Norm",
    "Holidays off",
    "Transferred off",
    "Worked weekend",
)


def _kind_label(kind: DayKind) -> str:
    return kind.value.replace("_", " ")


def _kind_count(count: int, kind: DayKind) -> str:
    return _plural(count, "weekend day" if kind is DayKind.WEEKEND else _kind_label(kind))


def _hours_label(info: DayInfo) -> str:
    return ", ".join(str(span) for span in info.hours) or "-"


def _note(info: DayInfo) -> str:
    parts = [info.name] if info.name else []
    if info.shortened:
        parts.append("eve of a holiday, shortened (Labour Code art. 53)")
    return "; ".join(parts)


def format_moment(value: datetime) -> str:
    """An instant for a person: ``Fri 2026-11-20 17:30 (UTC+02:00)``."""
    return f"{value:%a %Y-%m-%d %H:%M} (UTC{value.isoformat()[-6:]})"


def _plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural when count is not one.

    >>> _plural(1, "holiday"), _plural(2, "transferred day off"), _plural(5, "holiday worked")
    ('1 holiday', '2 transferred days off', '5 holidays worked')
    """
    if count == 1:
        return f"{count} {noun}"
    head, space, tail = noun.rpartition(" ")
    if tail in ("off", "worked"):
        return f"{count} {_plural(2, head).split(' ', 1)[1]}{space}{tail}"
    if noun.endswith("y") and not noun.endswith("day"):
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"


def month_days(year: int, month: int) -> list[date]:
    """The dates of ``month`` of ``year``, in order."""
    last = _stdlib_calendar.monthrange(year, month)[1]
    return [date(year, month, day) for day in range(1, last + 1)]


def _year_days(year: int) -> list[date]:
    return [day for month in range(1, 13) for day in month_days(year, month)]


def describe_calendar(
    martial_law_end: date | None,
    holidays_off: bool,
    shorten_eves: bool,
    years: range,
    workday_hours: str = "09:00-18:00",
) -> list[str]:
    """Header lines naming the calendar, its hours and the options in force for ``years``."""
    clause = "clause R6" if workday_hours == "09:00-18:00" else "R6's days, these hours"
    lines = [
        f"Calendar: Europe/Kyiv, Mon-Fri {workday_hours}, Ukraine's public holidays and "
        f"transferred days ({clause})"
    ]
    wartime = years.stop > MARTIAL_LAW_START.year and (
        martial_law_end is None or martial_law_end.year >= years.start
    )
    if wartime:
        until = (
            f"until {martial_law_end.isoformat()}"
            if martial_law_end is not None
            else "still in force"
        )
        rule = (
            "holidays are days off (--holidays-off)"
            if holidays_off
            else "holidays are working days"
        )
        lines.append(
            f"Martial law: from {MARTIAL_LAW_START.isoformat()}, {until}; {rule}, no transfers"
        )
    if shorten_eves:
        lines.append("Eves of public holidays end one hour early (Labour Code art. 53)")
    return lines


# ------------------------------------------------------------------ calendar tables


def _day_cells(info: DayInfo, note: str) -> list[str]:
    """A calendar table's cells for one day: date, weekday, works, hours, kind, note."""
    return [
        info.date.isoformat(),
        info.date.strftime("%a"),
        "yes" if info.is_working else "no",
        _hours_label(info),
        _kind_label(info.kind),
        note,
    ]


def render_month(
    working: WorkingCalendar, year: int, month: int, *, today: date | None = None
) -> list[str]:
    """Lines of a day-by-day table of one month, with totals.

    Each date shows its weekday, whether it is a working day, its hours, its kind and
    (for special days) the holiday's name. ``today``, when inside the month, is marked.
    """
    infos = [working.day_info(day) for day in month_days(year, month)]
    rows = [
        _day_cells(info, (_note(info) + ("  <- today" if info.date == today else "")).strip())
        for info in infos
    ]
    lines = format_table(_DAY_HEADER, rows)
    lines.append("")
    lines.extend(_totals(f"{_stdlib_calendar.month_name[month]} {year}", infos))
    lines.append(
        f"Norm of working time: {format_duration(working.working_time_norm(year, month))} "
        f"(year {year}: {format_duration(working.working_time_norm(year))})"
    )
    return lines


def _working_hours(infos: Sequence[DayInfo]) -> timedelta:
    return sum((info.working_time for info in infos if info.is_working), timedelta(0))


def _totals(label: str, infos: Sequence[DayInfo]) -> list[str]:
    working = sum(1 for info in infos if info.is_working)
    lines = [
        f"Totals for {label}: {_plural(working, 'working day')}, "
        f"{format_duration(_working_hours(infos))} working hours"
    ]
    special = _special_working_days(infos)
    if special:
        lines.append(f"  working days include: {', '.join(special)}")
    off = [
        _kind_count(count, kind)
        for kind in DayKind
        if (count := sum(1 for i in infos if i.kind is kind and not i.is_working))
    ]
    lines.append(f"  days off: {len(infos) - working} ({', '.join(off) or 'none'})")
    return lines


def _special_working_days(infos: Sequence[DayInfo]) -> list[str]:
    """Counts of the working days that are not plain weekdays, e.g. ``2 shortened eves``."""
    kinds = Counter(info.kind for info in infos)
    special = [
        _kind_count(kinds[kind], kind)
        for kind in (DayKind.TRANSFERRED_WORKING_DAY, DayKind.HOLIDAY_WORKED)
        if kinds[kind]
    ]
    shortened = sum(1 for info in infos if info.shortened)
    if shortened:
        special.append(_plural(shortened, "shortened eve"))
    return special


def _month_row(norm: timedelta, month: int, days: Sequence[DayInfo]) -> list[str]:
    """A year table's row: working days, the norm, holidays off, transfers of ``month``."""
    off = Counter(info.kind for info in days if not info.is_working)
    return [
        _stdlib_calendar.month_name[month],
        str(sum(1 for info in days if info.is_working)),
        format_duration(norm),
        str(off[DayKind.HOLIDAY] + off[DayKind.OBSERVED_HOLIDAY]),
        str(off[DayKind.TRANSFERRED_DAY_OFF]),
        str(sum(1 for info in days if info.kind is DayKind.TRANSFERRED_WORKING_DAY)),
    ]


def render_year(working: WorkingCalendar, year: int) -> list[str]:
    """Lines of a year: a month-by-month summary, the special days, and totals.

    The "Norm" column is the norm of working time (:meth:`WorkingCalendar.working_time_norm`).
    """
    infos = [working.day_info(day) for day in _year_days(year)]
    rows = [
        _month_row(
            working.working_time_norm(year, month),
            month,
            [info for info in infos if info.date.month == month],
        )
        for month in range(1, 13)
    ]
    rows.append(
        [
            "Year",
            str(sum(1 for info in infos if info.is_working)),
            format_duration(working.working_time_norm(year)),
            *(str(sum(int(row[col]) for row in rows)) for col in (3, 4, 5)),
        ]
    )
    lines = format_table(_YEAR_HEADER, rows)
    lines += ["", "Special days:"]
    special = [
        _day_cells(info, _note(info))
        for info in infos
        if info.kind not in _ORDINARY or info.name or info.shortened
    ]
    lines += format_table(_DAY_HEADER, special, "  ") if special else ["  none"]
    lines.append("")
    lines.extend(_totals(str(year), infos))
    return lines


# ------------------------------------------------------------------ the worked deadline


@dataclass(frozen=True, slots=True)
class CountedInterval:
    """One stretch of working time counted towards a deadline: ``[start, end)``."""

    start: datetime
    end: datetime
    counted: timedelta
    """Working time of the interval (real elapsed time, DST included)."""
    running_total: timedelta
    """Working time counted from the start up to ``end``."""


def counted_intervals(
    working: WorkingCalendar, start: datetime, duration: timedelta
) -> tuple[datetime, list[CountedInterval]]:
    """The deadline ``duration`` of working time after ``start``, and the intervals counted.

    The deadline is ``working.add_working_time(start, duration)``; the intervals are
    the counted segments of its :meth:`Deadline.explain <sla_calendar.Deadline.explain>`,
    with segments that meet (work through midnight) joined into one stretch, and add
    up to ``duration``. A duration that is not positive counts no interval.

    >>> from zoneinfo import ZoneInfo
    >>> from sla_calendar import kyiv_calendar
    >>> friday = datetime(2026, 11, 20, 17, 30, tzinfo=ZoneInfo("Europe/Kyiv"))
    >>> deadline, spans = counted_intervals(kyiv_calendar(), friday, timedelta(hours=24))
    >>> [f"{s.start:%a %H:%M}-{s.end:%H:%M}" for s in spans]
    ['Fri 17:30-18:00', 'Mon 09:00-18:00', 'Tue 09:00-18:00', 'Wed 09:00-14:30']
    >>> deadline.isoformat()
    '2026-11-25T14:30:00+02:00'
    """
    due = working.add_working_time(start, duration)
    deadline = Deadline(Target.REACTION, start.astimezone(working.tz), duration, due, working)
    spans: list[CountedInterval] = []
    running = timedelta(0)
    for segment in deadline.explain().segments:
        if segment.kind is not SegmentKind.COUNTED:
            continue
        assert segment.start is not None
        assert segment.end is not None
        running += segment.duration
        # Compare on the UTC line: aware datetimes sharing a tzinfo compare by wall clock.
        if spans and spans[-1].end.astimezone(UTC) == segment.start.astimezone(UTC):
            joined = spans.pop()
            spans.append(
                CountedInterval(
                    joined.start, segment.end, joined.counted + segment.duration, running
                )
            )
        else:
            spans.append(CountedInterval(segment.start, segment.end, segment.duration, running))
    return due, spans


def render_deadline_example(working: WorkingCalendar, received: datetime) -> list[str]:
    """Lines of a worked standard-support deadline (R10) for a request at ``received``.

    Lists each counted working interval with its running total, the days skipped in
    between with the reason, and the deadline.
    """
    deadline, spans = counted_intervals(working, received, STANDARD_REACTION)
    lines = [
        "Worked example: a standard-support request (clause R10: reaction within "
        f"{STANDARD_REACTION // timedelta(hours=1)} working hours)",
        f"  Received:  {format_moment(received.astimezone(working.tz))}",
        "  Working time counted:",
    ]
    rows: list[list[str]] = []
    previous: date | None = None
    for span in spans:
        day = span.start.date()
        if previous is not None:
            rows += _skipped_rows(working, previous + timedelta(days=1), day)
        end = f"{span.end:%H:%M}" if span.end.date() == day else f"{span.end:%Y-%m-%d %H:%M}"
        rows.append(
            [
                span.start.strftime("%a %Y-%m-%d"),
                f"{span.start:%H:%M}-{end}",
                format_duration(span.counted),
                format_duration(span.running_total),
                "",
            ]
        )
        previous = span.end.date()
    lines += format_table(["Date", "Interval", "Counted", "Total", "Why no work"], rows, "    ")
    lines += [
        f"  Deadline:  {format_moment(deadline)}",
        "  (kyiv_calendar().add_working_time(received, timedelta(hours=24)))",
    ]
    return lines


def _skipped_rows(working: WorkingCalendar, first: date, stop: date) -> list[list[str]]:
    """The worked example's rows for the days from ``first`` to before ``stop``."""
    rows = []
    day = first
    while day < stop:
        info = working.day_info(day)
        reason = _kind_label(info.kind) + (f": {info.name}" if info.name else "")
        rows.append([day.strftime("%a %Y-%m-%d"), "no work", "", "", reason])
        day += timedelta(days=1)
    return rows
