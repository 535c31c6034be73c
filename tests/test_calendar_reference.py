"""The fast calendar against the slow reference (tests/reference.py), and its laws.

The reference walks day by day and asks ``holidays`` directly; nothing is shared with
the code under test. Clause R6: working days, 09:00–18:00 Kyiv time.

Results are compared in UTC (``u``): Python compares and subtracts two datetimes that
share a tzinfo by their wall clocks, which is wrong across a DST change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sla_calendar import ROUND_THE_CLOCK, WorkingCalendar, kyiv_calendar
from tests import strategies as st_
from tests.reference import ReferenceCalendar

KYIV_CAL = kyiv_calendar()
_UA = holidays.country_holidays("UA", years=range(1990, 2033))
_NINE_TO_SIX = ((time(9), time(18)),)
KYIV_REF = ReferenceCalendar(
    zone="Europe/Kyiv",
    weekly=(_NINE_TO_SIX,) * 5 + ((), ()),
    is_holiday=lambda day: day in _UA,
    is_weekend_workday=lambda day: day in _UA.weekend_workdays,
    workday_spans=_NINE_TO_SIX,
)
REF_24_7 = ReferenceCalendar(zone="Europe/Kyiv", weekly=(((time(0), None),),) * 7)


def u(moment: datetime) -> datetime:
    """The same instant in UTC, for comparisons that must be on the time line."""
    return moment.astimezone(UTC)


kyiv_instants = st.one_of(
    st_.instants(), st_.round_instants(), st_.dst_instants(), st_.year_end_instants()
)


# ----------------------------------------------------------- against the reference


@given(kyiv_instants, st_.signed_durations(120))
def test_r6_add_matches_reference(start: datetime, duration: timedelta) -> None:
    assert u(KYIV_CAL.add_working_time(start, duration)) == u(KYIV_REF.add(start, duration))


@given(st_.instant_pairs(kyiv_instants, 120))
def test_r6_between_matches_reference(pair: tuple[datetime, datetime]) -> None:
    start, end = pair
    assert KYIV_CAL.working_time_between(start, end) == KYIV_REF.between(start, end)


@given(kyiv_instants)
def test_r6_is_working_time_matches_reference(moment: datetime) -> None:
    assert KYIV_CAL.is_working_time(moment) == KYIV_REF.is_working_time(moment)


@given(st.integers(date(1991, 1, 1).toordinal(), date(2031, 12, 31).toordinal()))
def test_r6_is_working_day_matches_holidays_package(ordinal: int) -> None:
    day = date.fromordinal(ordinal)
    assert KYIV_CAL.is_working_day(day) == _UA.is_working_day(day)


@given(
    st_.calendar_pairs(),
    st_.instants(last=datetime(2027, 6, 1, tzinfo=UTC)),
    st_.signed_durations(80),
)
def test_random_calendars_add_matches_reference(
    pair: tuple[WorkingCalendar, ReferenceCalendar], start: datetime, duration: timedelta
) -> None:
    calendar, reference = pair
    assert u(calendar.add_working_time(start, duration)) == u(reference.add(start, duration))


@given(st_.calendar_pairs(), st_.instant_pairs(st_.instants(), 60))
def test_random_calendars_between_matches_reference(
    pair: tuple[WorkingCalendar, ReferenceCalendar], instants: tuple[datetime, datetime]
) -> None:
    calendar, reference = pair
    start, end = instants
    assert calendar.working_time_between(start, end) == reference.between(start, end)


@given(st.one_of(st_.dst_instants(), st_.instants()), st_.signed_durations(200))
def test_r13_round_the_clock_is_real_elapsed_time(start: datetime, duration: timedelta) -> None:
    result = ROUND_THE_CLOCK.add_working_time(start, duration)
    assert u(result) == u(start) + duration == u(REF_24_7.add(start, duration))
    assert u(result) - u(start) == duration
    assert ROUND_THE_CLOCK.working_time_between(start, result) == duration


# ------------------------------------------------------------------------ laws


@given(kyiv_instants, st_.durations(300))
def test_round_trip(start: datetime, duration: timedelta) -> None:
    end = KYIV_CAL.add_working_time(start, duration)
    assert KYIV_CAL.working_time_between(start, end) == duration
    back = KYIV_CAL.add_working_time(end, -duration)
    assert u(start) <= u(back) <= u(end)  # the latest such instant: start or later
    assert KYIV_CAL.working_time_between(start, back) == timedelta(0)
    assert KYIV_CAL.working_time_between(back, end) == duration


@given(kyiv_instants, st_.durations(150), st_.durations(150))
def test_additivity(start: datetime, a: timedelta, b: timedelta) -> None:
    add = KYIV_CAL.add_working_time
    assert u(add(add(start, a), b)) == u(add(start, a + b))
    assert u(add(add(start, -a), -b)) == u(add(start, -(a + b)))


@given(kyiv_instants, st_.durations(150), st_.durations(150))
def test_monotonic_in_duration(start: datetime, a: timedelta, b: timedelta) -> None:
    low, high = sorted((a, b))
    assert u(KYIV_CAL.add_working_time(start, low)) <= u(KYIV_CAL.add_working_time(start, high))


@given(kyiv_instants, kyiv_instants, st_.durations(150))
def test_monotonic_in_start(s1: datetime, s2: datetime, duration: timedelta) -> None:
    early, late = sorted((s1, s2), key=u)
    add = KYIV_CAL.add_working_time
    assert u(add(early, duration)) <= u(add(late, duration))


@given(kyiv_instants, kyiv_instants, kyiv_instants)
def test_between_is_antisymmetric_and_additive(a: datetime, b: datetime, c: datetime) -> None:
    between = KYIV_CAL.working_time_between
    assert between(a, b) == -between(b, a)
    assert between(a, b) + between(b, c) == between(a, c)


@given(kyiv_instants, st_.durations(150))
def test_result_is_earliest(start: datetime, duration: timedelta) -> None:
    assume(duration > timedelta(0))
    end = KYIV_CAL.add_working_time(start, duration)
    one = timedelta(microseconds=1)
    assert KYIV_CAL.working_time_between(start, u(end) - one) < duration


@given(kyiv_instants, st_.durations(150))
def test_negative_result_is_latest(start: datetime, duration: timedelta) -> None:
    assume(duration > timedelta(0))
    back = KYIV_CAL.add_working_time(start, -duration)
    one = timedelta(microseconds=1)
    assert KYIV_CAL.working_time_between(u(back) + one, start) < duration


@given(kyiv_instants)
def test_openings_and_closings_bracket(moment: datetime) -> None:
    cal = KYIV_CAL
    moment = u(moment)
    opening, closing = u(cal.next_opening(moment)), u(cal.next_closing(moment))
    assert opening > moment
    assert closing > moment
    assert u(cal.previous_opening(moment)) < moment
    assert u(cal.previous_closing(moment)) < moment
    assert cal.is_working_time(opening)
    assert not cal.is_working_time(closing)
    assert not cal.is_working_time(opening - timedelta(microseconds=1))
    assert cal.is_working_time(closing - timedelta(microseconds=1))
    if cal.is_working_time(moment):
        assert closing < opening
        assert cal.working_time_between(moment, closing) == closing - moment
    else:
        assert opening < closing
        assert cal.working_time_between(moment, opening) == timedelta(0)


@given(kyiv_instants, st_.durations(100))
def test_results_are_in_the_calendar_zone(start: datetime, duration: timedelta) -> None:
    assert KYIV_CAL.add_working_time(start, duration).tzinfo is KYIV_CAL.tz


@given(st.lists(kyiv_instants, max_size=20), st_.signed_durations(50))
def test_many_equals_single(starts: list[datetime], duration: timedelta) -> None:
    singles = [KYIV_CAL.add_working_time(s, duration) for s in starts]
    many = KYIV_CAL.add_working_time_many(starts, duration)
    assert [u(r) for r in many] == [u(r) for r in singles]
    # The very same datetimes: offset (a repeated hour's fold) and zone object too.
    assert [(r.isoformat(), r.fold, r.tzinfo) for r in many] == [
        (r.isoformat(), r.fold, r.tzinfo) for r in singles
    ]
    pairs = list(zip(starts, reversed(starts), strict=True))
    assert KYIV_CAL.working_time_between_many(pairs) == [
        KYIV_CAL.working_time_between(a, b) for a, b in pairs
    ]


@given(st.integers(1, 9999), st.integers(1, 12), st_.signed_durations(50))
def test_any_year_answers_or_raises_clearly(year: int, month: int, duration: timedelta) -> None:
    from sla_calendar import OutOfRangeError

    start = datetime(year, month, 15, 12, tzinfo=UTC)
    try:
        end = KYIV_CAL.add_working_time(start, duration)
    except OutOfRangeError:
        assert year in (1, 9999)
        return
    assert KYIV_CAL.working_time_between(start, end) == duration


@pytest.mark.parametrize("year", [1, 2, 1990, 5000, 9998, 9999])
def test_extreme_years_work(year: int) -> None:
    start = datetime(year, 6, 15, 12, tzinfo=UTC)
    end = KYIV_CAL.add_working_time(start, timedelta(hours=24))
    assert KYIV_CAL.working_time_between(start, end) == timedelta(hours=24)


@given(
    st.sampled_from(st_.DST_ZONES),
    st_.NIGHT_HOURS,
    st_.transition_instants(),
    st_.signed_durations(60),
)
def test_results_near_clock_changes_match_the_zone(
    zone: str, hours: str, start: datetime, duration: timedelta
) -> None:
    # A result is built from its interval's local date when that is safe; it must be the
    # very datetime the zone gives for that instant: same UTC instant, offset and zone.
    # Closing the day before the start makes whole-day hours join into one interval that
    # begins on the start's date, which may be the day of the clock change.
    closed = start.date() - timedelta(days=1)
    calendar = WorkingCalendar.build(zone, {"mon-sun": hours}, closed_dates=[closed])
    epoch = datetime(1, 1, 1, tzinfo=UTC)
    start_us = (start - epoch) // timedelta(microseconds=1)
    result_us = calendar.add_working_time_us(start_us, duration // timedelta(microseconds=1))
    expected = (epoch + timedelta(microseconds=result_us)).astimezone(calendar.tz)
    for result in (
        calendar.add_working_time(start, duration),
        calendar.add_working_time_many([start], duration)[0],
    ):
        assert u(result) == u(expected)
        assert result.utcoffset() == expected.utcoffset()
        assert result.tzinfo is calendar.tz
