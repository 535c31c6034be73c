"""Bad input gets a package error naming the parameter, the value and what was expected.

Messages are pinned here: a change to one is a change to the public contract.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from sla_calendar import (
    ArgumentTypeError,
    InvalidHoursError,
    InvalidValueError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    OutOfRangeError,
    SlaCalendarError,
    TimeSpan,
    UnknownZoneError,
    WeeklyHours,
    WorkingCalendar,
    kyiv_calendar,
)

CAL = kyiv_calendar()
NOON = datetime(2026, 11, 23, 12, tzinfo=UTC)


def raises(kind: type[Exception], message: str) -> pytest.RaisesExc[Exception]:
    return pytest.raises(kind, match="^" + re.escape(message) + "$")


def test_naive_datetime_is_refused_never_guessed() -> None:
    with raises(
        NaiveDatetimeError,
        "start=datetime.datetime(2026, 11, 23, 12, 0) is a naive datetime; expected a "
        "timezone-aware datetime (sla_calendar never guesses a time zone)",
    ):
        CAL.add_working_time(datetime(2026, 11, 23, 12), timedelta(hours=1))
    with pytest.raises(NaiveDatetimeError, match=r"^end="):
        CAL.working_time_between(NOON, datetime(2026, 11, 24))
    with pytest.raises(NaiveDatetimeError, match=r"^moment="):
        CAL.is_working_time(datetime(2026, 11, 24))


def test_duration_must_be_a_timedelta() -> None:
    with raises(ArgumentTypeError, "duration must be a datetime.timedelta, got float 3.0"):
        CAL.add_working_time(NOON, 3.0)  # type: ignore[arg-type]
    with raises(ArgumentTypeError, "duration must be a datetime.timedelta, got int 3"):
        CAL.add_working_time_many([NOON], 3)  # type: ignore[arg-type]


def test_start_must_be_a_datetime() -> None:
    with raises(
        ArgumentTypeError,
        "start must be a timezone-aware datetime, got str '2026-11-23T12:00+02:00'",
    ):
        CAL.add_working_time("2026-11-23T12:00+02:00", timedelta(hours=1))  # type: ignore[arg-type]


def test_day_must_be_a_date_not_a_datetime() -> None:
    with raises(
        ArgumentTypeError,
        "day must be a datetime.date (not a datetime), got datetime "
        "datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone.utc)",
    ):
        CAL.is_working_day(NOON)


def test_unknown_zone() -> None:
    with raises(
        UnknownZoneError,
        "zone='Europe/Kiev_' is not a known IANA time zone; expected a name such as 'Europe/Kyiv'",
    ):
        WorkingCalendar.build("Europe/Kiev_", {"mon-fri": "09:00-18:00"})
    with pytest.raises(UnknownZoneError, match=r"^zone='\.\./etc/passwd'"):
        WorkingCalendar.build("../etc/passwd", {"mon-fri": "09:00-18:00"})


def test_span_end_not_after_start() -> None:
    with raises(
        InvalidHoursError,
        "time span '18:00-09:00' ends at or before it starts; expected start < end (use "
        "'22:00-24:00' and '00:00-06:00' on the next day for a night shift)",
    ):
        TimeSpan.parse("18:00-09:00")
    with raises(
        InvalidHoursError,
        "time span 09:00-09:00 is invalid; expected 00:00 <= start < end <= 24:00",
    ):
        TimeSpan(9 * 3600 * 10**6, 9 * 3600 * 10**6)


def test_overlapping_spans() -> None:
    with raises(
        InvalidHoursError,
        "mon has overlapping spans 09:00-13:00 and 12:00-18:00; expected spans that do not overlap",
    ):
        WeeklyHours.parse({"mon": "09:00-13:00, 12:00-18:00"})


def test_unparsable_span_and_weekday() -> None:
    with raises(
        InvalidHoursError,
        "time span '9-18' is not understood; expected 'HH:MM-HH:MM', e.g. '09:00-18:00'",
    ):
        TimeSpan.parse("9-18")
    with raises(
        InvalidHoursError,
        "weekday key 'monday' is not understood; expected 0-6 (Monday=0), a name like 'mon' "
        "or a range like 'mon-fri'",
    ):
        WeeklyHours.parse({"monday": "09:00-18:00"})


def test_calendar_without_working_time_is_refused_when_built() -> None:
    with raises(
        NoWorkingTimeError,
        "weekly_hours=mon off; tue off; wed off; thu off; fri off; sat off; sun off has no "
        "working time; expected at least one weekday with hours (a calendar that never "
        "works is refused)",
    ):
        WorkingCalendar.build("Europe/Kyiv", {})


def test_far_answers_raise_at_once() -> None:
    with raises(
        OutOfRangeError,
        "duration: the answer lies more than 400 years away; expected a shorter span",
    ):
        CAL.add_working_time(NOON, timedelta(days=365 * 1000))
    with raises(
        OutOfRangeError,
        "local year 10000 is outside the calendar's range (an instant or a result beyond "
        "0001-01-01..9999-12-31 in Europe/Kyiv); expected years 1..9999",
    ):
        CAL.add_working_time(datetime(9999, 12, 31, 12, tzinfo=UTC), timedelta(hours=100))
    with raises(
        OutOfRangeError,
        "a query from year 1 to 9999 crosses more than 400 years; expected a shorter span",
    ):
        CAL.count_working_days(date(1, 1, 1), date(9999, 12, 31))


def test_martial_law_end_before_it_began() -> None:
    with raises(
        InvalidValueError,
        "martial_law_end=2021-01-01 is before martial law began; expected a date on or "
        "after 2022-02-24",
    ):
        kyiv_calendar(martial_law_end=date(2021, 1, 1))


def test_every_error_is_a_package_error_and_a_builtin() -> None:
    assert issubclass(NaiveDatetimeError, SlaCalendarError)
    assert issubclass(NaiveDatetimeError, ValueError)
    assert issubclass(ArgumentTypeError, TypeError)
    assert issubclass(OutOfRangeError, ValueError)
    assert issubclass(InvalidHoursError, InvalidValueError)
