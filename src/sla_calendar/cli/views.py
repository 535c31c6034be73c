"""The command line's ``--format json``: calendars, the worked example and deadlines as data.

Numbers are numbers: a duration is ``H:MM`` text under its name and a number of seconds
under ``<name>_seconds``; instants are ISO 8601 with their UTC offset; dates ISO 8601.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, datetime, timedelta
from typing import Any

from sla_calendar.audit.verdicts import duration_fields
from sla_calendar.calendar import DayInfo, DayKind, WorkingCalendar
from sla_calendar.cli.render import counted_intervals, month_days
from sla_calendar.policy import Deadline, Explanation

__all__ = [
    "calendar_settings",
    "day_dict",
    "deadline_dict",
    "explanation_dict",
    "month_dict",
    "worked_example_dict",
    "year_dict",
]


def calendar_settings(
    martial_law_end: date | None, holidays_off: bool, shorten_eves: bool, workday_hours: str
) -> dict[str, Any]:
    """The calendar and its options, as the header of a calendar's JSON."""
    return {
        "zone": "Europe/Kyiv",
        "workday_hours": workday_hours,
        "martial_law_end": None if martial_law_end is None else martial_law_end.isoformat(),
        "holidays_off_during_martial_law": holidays_off,
        "shorten_eves": shorten_eves,
    }


def day_dict(info: DayInfo) -> dict[str, Any]:
    """One day: whether it is worked, its hours, its kind and name."""
    return {
        "date": info.date.isoformat(),
        "weekday": info.date.strftime("%a"),
        "working": info.is_working,
        "hours": [str(span) for span in info.hours],
        **duration_fields("working_time", info.working_time),
        "kind": info.kind.value,
        "name": info.name,
        "shortened": info.shortened,
    }


def _counts(infos: list[DayInfo]) -> dict[str, Any]:
    off = [info for info in infos if not info.is_working]
    return {
        "working_days": sum(1 for info in infos if info.is_working),
        "days_off": len(off),
        "holidays_off": sum(
            1 for i in off if i.kind in (DayKind.HOLIDAY, DayKind.OBSERVED_HOLIDAY)
        ),
        "transferred_days_off": sum(1 for i in off if i.kind is DayKind.TRANSFERRED_DAY_OFF),
        "worked_weekend_days": sum(1 for i in infos if i.kind is DayKind.TRANSFERRED_WORKING_DAY),
        "shortened_eves": sum(1 for i in infos if i.shortened),
    }


def month_dict(working: WorkingCalendar, year: int, month: int) -> dict[str, Any]:
    """A month: every day, its counts and norm of working time, and the year's norm."""
    infos = [working.day_info(day) for day in month_days(year, month)]
    return {
        "year": year,
        "month": month,
        "month_name": _stdlib_calendar.month_name[month],
        "days": [day_dict(info) for info in infos],
        **_counts(infos),
        **duration_fields("norm", working.working_time_norm(year, month)),
        **duration_fields("year_norm", working.working_time_norm(year)),
    }


def year_dict(working: WorkingCalendar, year: int) -> dict[str, Any]:
    """A year: per month its counts and norm, the year's, and the special days."""
    months = []
    special = []
    for month in range(1, 13):
        infos = [working.day_info(day) for day in month_days(year, month)]
        months.append(
            {
                "month": month,
                "month_name": _stdlib_calendar.month_name[month],
                **_counts(infos),
                **duration_fields("norm", working.working_time_norm(year, month)),
            }
        )
        special += [
            day_dict(i)
            for i in infos
            if i.kind not in (DayKind.WORKING, DayKind.WEEKEND) or i.name or i.shortened
        ]
    totals = {
        key: sum(m[key] for m in months)
        for key in months[0]
        if isinstance(months[0][key], int) and key != "month" and not key.endswith("_seconds")
    }
    return {
        "year": year,
        "months": months,
        "year_totals": {**totals, **duration_fields("norm", working.working_time_norm(year))},
        "special_days": special,
    }


def explanation_dict(explanation: Explanation) -> dict[str, Any]:
    """A deadline's explanation: its segments, and the time counted."""
    return {
        "segments": [
            {
                "kind": s.kind.value,
                "first_date": s.first_date.isoformat(),
                "last_date": s.last_date.isoformat(),
                "start": None if s.start is None else s.start.isoformat(),
                "end": None if s.end is None else s.end.isoformat(),
                **duration_fields("duration", s.duration),
                "reason": s.reason,
            }
            for s in explanation.segments
        ],
        **duration_fields("counted", explanation.counted),
    }


def deadline_dict(deadline: Deadline, *, explain: bool) -> dict[str, Any]:
    """A deadline: when it started and is due, its duration, its R5 note, its explanation."""
    data: dict[str, Any] = {
        "start": deadline.start.isoformat(),
        "due": deadline.due.isoformat(),
        **duration_fields("duration", deadline.duration),
        "extension": deadline.extension_note or None,
    }
    if explain:
        data["explanation"] = explanation_dict(deadline.explain())
    return data


def worked_example_dict(
    working: WorkingCalendar, received: datetime, duration: timedelta
) -> dict[str, Any]:
    """The worked example's deadline and the working intervals that count towards it."""
    due, spans = counted_intervals(working, received, duration)
    return {
        "received": received.astimezone(working.tz).isoformat(),
        **duration_fields("duration", duration),
        "due": due.isoformat(),
        "intervals": [
            {
                "start": span.start.isoformat(),
                "end": span.end.isoformat(),
                **duration_fields("counted", span.counted),
                **duration_fields("total", span.running_total),
            }
            for span in spans
        ],
    }
