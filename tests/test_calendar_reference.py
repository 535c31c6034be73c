"""The fast calendar against the slow reference (tests/reference.py), and its laws.

The reference walks day by day and asks ``holidays`` directly; nothing is shared with
the code under test. Clause R6: working days, 09:00–18:00 Kyiv time.

A calendar answers datetimes on the wall clock where that is exact and by integer µs
elsewhere; the comparisons with the reference run on both paths: the calendar's own
methods, and its integer path alone (``integer_path``). Tests on one calendar are run
once per path (``PATHS``); tests that build a calendar per example check both paths
on it (``both_paths``), so that its tables are built once.

Results are compared in UTC (``u``): Python compares and subtracts two datetimes that
share a tzinfo by their wall clocks, which is wrong across a DST change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sla_calendar import ROUND_THE_CLOCK, UkraineHolidays, WorkingCalendar, kyiv_calendar
from sla_calendar.calendar.working import IntegerPath, integer_path
from tests import strategies as st_
from tests.reference import ReferenceCalendar

Path = Callable[[WorkingCalendar], WorkingCalendar | IntegerPath]

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
HOUR = timedelta(hours=1)
REF_24_7 = ReferenceCalendar(zone="Europe/Kyiv", weekly=(((time(0), None),),) * 7)


def wall_clock_first(calendar: WorkingCalendar) -> WorkingCalendar | IntegerPath:
    """The calendar itself: the wall-clock path where it can, the integer path elsewhere."""
    return calendar


def both_paths(
    calendar: WorkingCalendar,
) -> tuple[WorkingCalendar, WorkingCalendar, IntegerPath]:
    """The calendar twice, then its integer path alone: for one test to check every path.

    A year's first query takes the integer path (and builds the year's table); from the
    second one the calendar answers on the wall clock where it can.
    """
    return calendar, calendar, integer_path(calendar)


PATHS = pytest.mark.parametrize(
    "path",
    [pytest.param(wall_clock_first, id="wall-clock"), pytest.param(integer_path, id="integer")],
)
"""Run a test on the calendar's own methods and on its integer path alone."""


def u(moment: datetime) -> datetime:
    """The same instant in UTC, for comparisons that must be on the time line."""
    return moment.astimezone(UTC)


kyiv_instants = st.one_of(
    st_.instants(), st_.round_instants(), st_.dst_instants(), st_.year_end_instants()
)


# ----------------------------------------------------------- against the reference


@PATHS
@given(kyiv_instants, st_.signed_durations(120))
def test_r6_add_matches_reference(path: Path, start: datetime, duration: timedelta) -> None:
    result = path(KYIV_CAL).add_working_time(start, duration)
    assert u(result) == u(KYIV_REF.add(start, duration))


@PATHS
@given(st_.instant_pairs(kyiv_instants, 120))
def test_r6_between_matches_reference(path: Path, pair: tuple[datetime, datetime]) -> None:
    start, end = pair
    assert path(KYIV_CAL).working_time_between(start, end) == KYIV_REF.between(start, end)


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
    expected = u(reference.add(start, duration))
    for path in both_paths(calendar):  # one calendar: its tables are built once
        assert u(path.add_working_time(start, duration)) == expected


@given(st_.calendar_pairs(), st_.instant_pairs(st_.instants(), 60))
def test_random_calendars_between_matches_reference(
    pair: tuple[WorkingCalendar, ReferenceCalendar], instants: tuple[datetime, datetime]
) -> None:
    calendar, reference = pair
    start, end = instants
    expected = reference.between(start, end)
    for path in both_paths(calendar):
        assert path.working_time_between(start, end) == expected


@PATHS
@given(st.one_of(st_.dst_instants(), st_.instants()), st_.signed_durations(200))
def test_r13_round_the_clock_is_real_elapsed_time(
    path: Path, start: datetime, duration: timedelta
) -> None:
    calendar = path(ROUND_THE_CLOCK)
    result = calendar.add_working_time(start, duration)
    assert u(result) == u(start) + duration == u(REF_24_7.add(start, duration))
    assert u(result) - u(start) == duration
    assert calendar.working_time_between(start, result) == duration


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
        *(path.add_working_time(start, duration) for path in both_paths(calendar)),
        *(path.add_working_time_many([start], duration)[0] for path in both_paths(calendar)),
    ):
        assert u(result) == u(expected)
        assert result.utcoffset() == expected.utcoffset()
        assert result.tzinfo is calendar.tz


# --------------------------------------------------------- the two paths, side by side


def shown(moment: datetime) -> tuple[str, int, object]:
    """What makes two results the very same datetime: wall time and offset, fold, tzinfo."""
    return (moment.isoformat(), moment.fold, moment.tzinfo)


any_instants = st.one_of(
    kyiv_instants, st_.transition_instants(), st_.instants().map(lambda t: t.replace(fold=1))
)


@given(any_instants, st_.signed_durations(300))
def test_wall_clock_results_are_the_integer_paths_very_datetimes(
    start: datetime, duration: timedelta
) -> None:
    integer = integer_path(KYIV_CAL)
    assert shown(KYIV_CAL.add_working_time(start, duration)) == shown(
        integer.add_working_time(start, duration)
    )


@given(st.lists(any_instants, min_size=1, max_size=12), st_.signed_durations(300))
def test_wall_clock_many_forms_equal_the_integer_path(
    starts: list[datetime], duration: timedelta
) -> None:
    integer = integer_path(KYIV_CAL)
    assert [shown(r) for r in KYIV_CAL.add_working_time_many(starts, duration)] == [
        shown(r) for r in integer.add_working_time_many(starts, duration)
    ]
    pairs = list(zip(starts, reversed(starts), strict=True))
    assert KYIV_CAL.working_time_between_many(pairs) == integer.working_time_between_many(pairs)
    assert KYIV_CAL.working_time_between_many(pairs) == [
        integer.working_time_between(a, b) for a, b in pairs
    ]


def _fresh_kyiv() -> WorkingCalendar:
    """The regulation's calendar, not the shared instance: its integer-path count is ours."""
    return WorkingCalendar.build(
        "Europe/Kyiv", {"mon-fri": "09:00-18:00"}, holidays=UkraineHolidays()
    )


def test_r6_kyiv_workload_takes_the_integer_path_only_for_a_years_first_query() -> None:
    """Deadlines and elapsed working time from instants all over 2019-2021 (R6, R10).

    Every 7 h 13 min 17.5 s, so every time of day comes round, the DST Sundays and the
    year ends included; in Kyiv time, UTC and New York time. A year's wall-clock table
    is built from the second query that needs the year: after that, none of these
    takes the integer path.
    """
    calendar = _fresh_kyiv()
    integer = integer_path(calendar)
    zones = (st_.KYIV, UTC, ZoneInfo("America/New_York"))
    step = timedelta(hours=7, minutes=13, seconds=17, microseconds=500_000)

    def workload() -> int:
        moment, last = datetime(2019, 1, 1, tzinfo=UTC), datetime(2022, 1, 1, tzinfo=UTC)
        count = 0
        while moment < last:
            start = moment.astimezone(zones[count % 3])
            later = moment + timedelta(days=count % 45, hours=count % 11)
            end = later.astimezone(zones[count % 2])
            assert shown(calendar.add_working_time(start, 24 * HOUR)) == shown(
                integer.add_working_time(start, 24 * HOUR)
            )
            assert calendar.working_time_between(start, end) == integer.working_time_between(
                start, end
            )
            moment += step
            count += 1
        return count

    assert workload() > 3600
    first_queries = calendar.integer_path_calls
    assert 0 < first_queries <= 8  # 2019 to 2022, once for add and once for between at most
    workload()
    assert calendar.integer_path_calls == first_queries


# Calendars whose dates with a clock change have work on them: the wall clock cannot
# answer there, and the integer path must, with the same datetimes.
FALLBACK_CALENDARS = [
    # 24 hours a day but one date: each interval runs through the clock changes.
    WorkingCalendar.build(
        "Europe/Kyiv", {"mon-sun": "00:00-24:00"}, closed_dates=[date(2022, 1, 7)]
    ),
    # Clocks change at midnight: a date starts at 01:00, or holds 00:00-01:00 twice.
    WorkingCalendar.build("America/Havana", {"mon-sun": "00:00-02:00, 09:00-18:00, 22:00-24:00"}),
    # Clocks go back at 24:00 to 23:00 on a Saturday: that date holds 23:00-24:00 twice.
    WorkingCalendar.build("America/Santiago", {"mon-sat": "08:00-12:00, 22:30-24:00"}),
    # A half-hour change at 02:00, work through it.
    WorkingCalendar.build("Australia/Lord_Howe", {"mon-sun": "01:00-03:00, 09:00-17:00"}),
]


@st.composite
def fallback_cases(draw: st.DrawFn) -> tuple[WorkingCalendar, datetime, datetime]:
    """A calendar of FALLBACK_CALENDARS, an instant near its zone's clock change, another."""
    calendar = draw(st.sampled_from(FALLBACK_CALENDARS))
    start = draw(st_.transition_instants((calendar.zone,)))
    shift = draw(st.integers(-72 * 3_600_000_000, 72 * 3_600_000_000))
    zone = draw(st.sampled_from([calendar.tz, UTC]))
    return calendar, start, (start.astimezone(UTC) + timedelta(microseconds=shift)).astimezone(zone)


@given(fallback_cases(), st_.signed_durations(60))
def test_dates_with_clock_changes_fall_back_to_the_same_answers(
    case: tuple[WorkingCalendar, datetime, datetime], duration: timedelta
) -> None:
    calendar, start, end = case
    integer = integer_path(calendar)
    assert shown(calendar.add_working_time(start, duration)) == shown(
        integer.add_working_time(start, duration)
    )
    assert [shown(r) for r in calendar.add_working_time_many([start, end], duration)] == [
        shown(integer.add_working_time(start, duration)),
        shown(integer.add_working_time(end, duration)),
    ]
    assert calendar.working_time_between(start, end) == integer.working_time_between(start, end)
    assert calendar.working_time_between_many([(end, start)]) == [
        integer.working_time_between(end, start)
    ]


@pytest.mark.parametrize(
    ("calendar", "start"),
    [
        pytest.param(
            FALLBACK_CALENDARS[0],
            datetime(2021, 10, 31, 2, 30, tzinfo=st_.KYIV),
            id="kyiv-24h-on-the-night-clocks-go-back",
        ),
        pytest.param(
            FALLBACK_CALENDARS[1],
            datetime(2021, 3, 14, 1, 30, tzinfo=ZoneInfo("America/Havana")),
            id="havana-on-the-date-that-starts-at-0100",
        ),
        pytest.param(
            FALLBACK_CALENDARS[2],
            datetime(2021, 4, 3, 23, 30, fold=1, tzinfo=ZoneInfo("America/Santiago")),
            id="santiago-second-2330-of-the-saturday",
        ),
    ],
)
def test_a_date_with_a_clock_change_and_work_takes_the_integer_path(
    calendar: WorkingCalendar, start: datetime
) -> None:
    half = HOUR / 2
    before = calendar.integer_path_calls
    result = calendar.add_working_time(start, half)
    assert calendar.integer_path_calls == before + 1
    assert shown(result) == shown(integer_path(calendar).add_working_time(start, half))
    assert u(result) == u(start) + half  # each start has half an hour of work ahead
