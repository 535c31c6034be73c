"""Instants shown in another zone, answered by that zone's view of the calendar's years.

A calendar answers a datetime in its own zone on the wall clock (``_wallclock.py``). An
instant in another of the standard library's zones (UTC, a client's zone) is answered
the same way by a *view*: the year's pieces shown in that zone, with the calendar's own
running totals and bases, so that results are still built in the calendar's zone. A
view's date answers only when it is clean in its zone, lies wholly in one local year of
the calendar, and every piece it touches starts and ends at its offset; any other
instant is converted (``in_zone``) and answered in the calendar's zone, as before views.

These tests hold views to the integer path's very datetimes on zones chosen to break
them (clocks changing at midnight and by half an hour, offsets of +14 h and +05:30 that
put a Kyiv working day across the view's midnight), check that a warmed-up workload in
UTC, New York and Kiritimati time converts only on the dates a view cannot answer, and
that a calendar keeps views for at most eight zones.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import UkraineHolidays, WorkingCalendar
from sla_calendar.calendar import working
from sla_calendar.calendar.working import integer_path
from tests import strategies as st_
from tests.reference import ReferenceCalendar

HOUR = timedelta(hours=1)
KYIV = st_.KYIV
NEW_YORK = ZoneInfo("America/New_York")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: Kyiv's 09:00-18:00 is 21:00-08:00 there

# Eight zones (a calendar keeps views for eight): each breaks a different assumption.
VIEW_ZONES: list[tzinfo] = [
    UTC,
    timezone(timedelta(hours=5, minutes=30)),
    NEW_YORK,
    ZoneInfo("America/Havana"),  # clocks change at midnight
    ZoneInfo("America/Santiago"),  # clocks go back at 24:00
    ZoneInfo("Australia/Lord_Howe"),  # a half-hour change
    KIRITIMATI,
    ZoneInfo.no_cache("Europe/Kyiv"),  # Kyiv's rules, but not the calendar's tzinfo
]

VIEW_CALENDARS = [
    # R6: the regulation's calendar, built afresh (its views are this module's).
    WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "09:00-18:00"}, holidays=UkraineHolidays()),
    # A lunch break: dates with two pieces, in the calendar's zone and in every view.
    WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "08:00-12:00, 13:00-17:00"}),
    # Work through the night of every clock change: Kyiv pieces on dates that are not
    # clean, which a view still shows (its bases stay None there).
    WorkingCalendar.build(
        "Europe/Kyiv", {"mon-sun": "00:00-24:00"}, closed_dates=[date(2022, 1, 7)]
    ),
    # The calendar's own clocks change at midnight.
    WorkingCalendar.build("America/Havana", {"mon-sat": "00:00-02:00, 09:00-18:00, 22:00-24:00"}),
]


def shown(moment: datetime) -> tuple[str, int, object]:
    """What makes two results the very same datetime: wall time and offset, fold, tzinfo."""
    return (moment.isoformat(), moment.fold, moment.tzinfo)


@st.composite
def view_cases(draw: st.DrawFn) -> tuple[WorkingCalendar, datetime, datetime]:
    """A calendar, an instant shown in a view zone near some clock change, another."""
    calendar = draw(st.sampled_from(VIEW_CALENDARS))
    view = draw(st.sampled_from(VIEW_ZONES))
    moment = draw(
        st.one_of(
            st_.transition_instants(), st_.instants(), st_.year_end_instants(), st_.dst_instants()
        )
    )
    shift = draw(st.integers(-96 * 3_600_000_000, 96 * 3_600_000_000))
    other = draw(st.sampled_from([view, calendar.tz, UTC]))
    later = moment.astimezone(UTC) + timedelta(microseconds=shift)
    return calendar, moment.astimezone(view), later.astimezone(other)


@given(view_cases(), st_.signed_durations(80))
def test_views_give_the_integer_paths_very_answers(
    case: tuple[WorkingCalendar, datetime, datetime], duration: timedelta
) -> None:
    calendar, start, end = case
    integer = integer_path(calendar)
    expected = shown(integer.add_working_time(start, duration))
    between = integer.working_time_between(start, end)
    # The first call may build the year's tables, the second its wall table, the third
    # the view: from the fourth, a view answers where it can.
    for _ in range(4):
        assert shown(calendar.add_working_time(start, duration)) == expected
        assert calendar.working_time_between(start, end) == between
        assert calendar.working_time_between(end, start) == -between
    assert [shown(r) for r in calendar.add_working_time_many([start, end], duration)] == [
        expected,
        shown(integer.add_working_time(end, duration)),
    ]
    assert calendar.working_time_between_many([(start, end), (end, start)]) == [
        between,
        -between,
    ]


@given(
    st_.calendar_pairs(),
    st.sampled_from(VIEW_ZONES),
    st_.instants(last=datetime(2027, 6, 1, tzinfo=UTC)),
    st.integers(-40 * 86_400_000_000, 40 * 86_400_000_000),
    st_.durations(80),
)
def test_random_calendars_through_views_match_the_slow_reference(
    pair: tuple[WorkingCalendar, ReferenceCalendar],
    view: tzinfo,
    moment: datetime,
    shift: int,
    duration: timedelta,
) -> None:
    """Random hours, closed and extra dates, in Kyiv, New York, Kolkata, Lord Howe or UTC.

    The fourth call of each is answered by a view if one can (the first builds the
    year's tables, the second its wall table, the third its view); all four must equal
    the reference's.
    """
    calendar, reference = pair
    start = moment.astimezone(view)
    end = (moment + timedelta(microseconds=shift)).astimezone(view)
    due = reference.add(start, duration).astimezone(UTC)
    worked = reference.between(start, end)
    for _ in range(4):
        assert calendar.add_working_time(start, duration).astimezone(UTC) == due
        assert calendar.working_time_between(start, end) == worked


def _zone_changes(zone: tzinfo, first: date, last: date) -> set[date]:
    """Dates of ``zone`` whose 00:00 and next 00:00 differ in UTC offset."""
    changes = set()
    day = first
    while day <= last:
        today = datetime.combine(day, time(0), tzinfo=zone).utcoffset()
        tomorrow = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).utcoffset()
        if today != tomorrow:
            changes |= {day, day + timedelta(days=1)}
        day += timedelta(days=1)
    return changes


def _year_ends(zone: tzinfo, years: range) -> set[date]:
    """Dates of ``zone`` whose day holds a Kyiv midnight of 1 January."""
    return {datetime(year, 1, 1, tzinfo=KYIV).astimezone(zone).date() for year in years} | {
        (datetime(year, 1, 1, tzinfo=KYIV) - timedelta(microseconds=1)).astimezone(zone).date()
        for year in years
    }


def _workload(zone: tzinfo) -> Iterator[tuple[datetime, datetime]]:
    """Instants all over 2019-2021 in ``zone``, every 5 h 17 min 3.25 s, with a later one."""
    step = timedelta(hours=5, minutes=17, seconds=3, microseconds=250_000)
    moment, last = datetime(2019, 1, 1, tzinfo=UTC), datetime(2022, 1, 1, tzinfo=UTC)
    count = 0
    while moment < last:
        later = moment + timedelta(days=count % 40, hours=count % 13)
        yield moment.astimezone(zone), later.astimezone(zone)
        moment += step
        count += 1


@pytest.mark.parametrize("zone", [UTC, NEW_YORK, KIRITIMATI], ids=["utc", "new-york", "kiritimati"])
def test_r6_workload_in_another_zone_converts_only_where_no_view_can_answer(
    zone: tzinfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R6 deadlines (R10) and elapsed time from instants in UTC, New York or Kiritimati.

    After a warm-up pass, the views answer; an instant is converted to Kyiv time only
    on a date a view cannot answer: one holding a Kyiv year's end, or one whose own
    clocks change. The answers stay the integer path's.
    """
    calendar = WorkingCalendar.build(
        "Europe/Kyiv", {"mon-fri": "09:00-18:00"}, holidays=UkraineHolidays()
    )
    integer = integer_path(calendar)
    pairs = list(_workload(zone))
    for start, end in pairs:  # warm-up: tables, then views
        calendar.add_working_time(start, 24 * HOUR)
        calendar.working_time_between(start, end)
    converted: list[date] = []
    convert = working.in_zone

    def recording(moment: datetime, target: tzinfo) -> datetime | None:
        converted.append(moment.date())
        return convert(moment, target)

    monkeypatch.setattr(working, "in_zone", recording)
    for start, end in pairs:
        assert shown(calendar.add_working_time(start, 24 * HOUR)) == shown(
            integer.add_working_time(start, 24 * HOUR)
        )
        assert calendar.working_time_between(start, end) == integer.working_time_between(start, end)
    allowed = _zone_changes(zone, date(2018, 12, 30), date(2022, 2, 15))
    allowed |= _year_ends(zone, range(2019, 2023))
    assert len(pairs) > 4900
    assert set(converted) <= allowed
    assert len(converted) < 3 * len(pairs) // 40  # of 3 readings a pair: under 2.5%
    assert calendar.integer_path_calls <= 8  # each year's first query, before any table


def test_views_are_kept_for_eight_zones_and_the_ninth_is_converted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calendar = WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "09:00-18:00"})
    integer = integer_path(calendar)
    zones = [timezone(timedelta(hours=hours)) for hours in range(1, 11)]
    starts = [datetime(2024, 3, 5, 10, tzinfo=UTC).astimezone(zone) for zone in zones]
    calendar.add_working_time_many([starts[0].astimezone(KYIV)] * 2, HOUR)  # 2024's tables
    for start in starts * 2:
        calendar.add_working_time(start, 5 * HOUR)
    converted: list[tzinfo | None] = []
    convert = working.in_zone

    def recording(moment: datetime, target: tzinfo) -> datetime | None:
        converted.append(moment.tzinfo)
        return convert(moment, target)

    monkeypatch.setattr(working, "in_zone", recording)
    for start in starts:
        assert shown(calendar.add_working_time(start, 5 * HOUR)) == shown(
            integer.add_working_time(start, 5 * HOUR)
        )
    assert converted == zones[8:]


def test_views_stop_at_64_zone_years_and_are_not_rebuilt_over_and_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Eight zones over nine years: the first 64 zone-years get views and keep them.

    The last year's instants are converted, every time: a workload over more years
    than views are kept for costs a conversion each, never a view built again and again.
    """
    calendar = WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "09:00-18:00"})
    integer = integer_path(calendar)
    zones = [timezone(timedelta(hours=hours)) for hours in range(-4, 4)]
    moments = [datetime(year, 6, 3, 10, tzinfo=UTC) for year in range(2020, 2029)]
    for moment in moments:
        calendar.add_working_time_many([moment.astimezone(KYIV)] * 2, HOUR)  # the year's tables
        for zone in zones:
            calendar.add_working_time(moment.astimezone(zone), HOUR)  # its view, while allowed
    converted: list[tuple[int, tzinfo | None]] = []
    convert = working.in_zone

    def recording(moment: datetime, target: tzinfo) -> datetime | None:
        converted.append((moment.year, moment.tzinfo))
        return convert(moment, target)

    monkeypatch.setattr(working, "in_zone", recording)
    for _ in range(2):
        for moment in moments:
            for zone in zones:
                start = moment.astimezone(zone)
                assert shown(calendar.add_working_time(start, HOUR)) == shown(
                    integer.add_working_time(start, HOUR)
                )
    assert converted == [(2028, zone) for zone in zones] * 2


SANTIAGO = ZoneInfo("America/Santiago")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


@pytest.mark.parametrize(
    ("calendar", "start", "duration"),
    [
        pytest.param(
            VIEW_CALENDARS[2],
            datetime(2021, 4, 4, 10, tzinfo=SANTIAGO),
            2 * HOUR,
            id="santiago-sunday-after-clocks-go-back-its-kyiv-piece-began-at-the-old-offset",
        ),
        pytest.param(
            VIEW_CALENDARS[0],
            datetime(2021, 12, 31, 23, tzinfo=UTC),
            24 * HOUR,
            id="utc-new-years-eve-holds-two-kyiv-years",
        ),
        pytest.param(
            VIEW_CALENDARS[0],
            datetime(2024, 3, 5, 23, 30, tzinfo=KIRITIMATI),
            24 * HOUR,
            id="kiritimati-the-kyiv-working-day-crosses-its-midnight",
        ),
        pytest.param(
            VIEW_CALENDARS[1],
            datetime(2021, 4, 4, 1, 45, tzinfo=LORD_HOWE),
            3 * HOUR,
            id="lord-howe-half-hour-change-lunch-calendar",
        ),
        pytest.param(
            VIEW_CALENDARS[0],
            datetime(2021, 3, 14, 12, tzinfo=NEW_YORK),
            24 * HOUR,
            id="new-york-dst-sunday",
        ),
        pytest.param(
            VIEW_CALENDARS[1],
            datetime(2024, 3, 5, 16, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            HOUR,
            id="plus-0530-in-the-kyiv-lunch-break",
        ),
    ],
)
def test_views_on_hand_picked_dates(
    calendar: WorkingCalendar, start: datetime, duration: timedelta
) -> None:
    integer = integer_path(calendar)
    end = (start.astimezone(UTC) + timedelta(days=3, hours=5)).astimezone(start.tzinfo)
    for _ in range(4):  # the year's tables, its wall table, its view, then the view answers
        assert shown(calendar.add_working_time(start, duration)) == shown(
            integer.add_working_time(start, duration)
        )
        assert calendar.working_time_between(start, end) == integer.working_time_between(start, end)
