"""Hand-checked working-time answers, each with its reason in the test id (clause R6).

Every expected value here was worked out by hand from the calendar (weekday, hours,
Ukraine's day off or working Saturday), never by running the code under test.
"""

from __future__ import annotations

import gc
import pickle
import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from sla_calendar import (
    ROUND_THE_CLOCK,
    ArgumentTypeError,
    InvalidHoursError,
    InvalidValueError,
    NaiveDatetimeError,
    NoWorkingTimeError,
    TimeSpan,
    WeeklyHours,
    WorkingCalendar,
    kyiv_calendar,
)

KYIV = ZoneInfo("Europe/Kyiv")
HAVANA = ZoneInfo("America/Havana")
CAL = kyiv_calendar()
H = timedelta(hours=1)


def kyiv(text: str) -> datetime:
    """An aware Kyiv datetime from an ISO string that carries its offset."""
    moment = datetime.fromisoformat(text)
    assert moment.tzinfo is not None
    return moment.astimezone(KYIV)


ADD_CASES = [
    ("2026-11-20T17:30+02:00", 24 * H, "2026-11-25T14:30+02:00", "fri-half-hour-then-mon-tue-wed"),
    ("2026-11-20T17:30+02:00", H / 2, "2026-11-20T18:00+02:00", "ends-exactly-at-friday-closing"),
    ("2026-11-20T15:30+00:00", 24 * H, "2026-11-25T14:30+02:00", "utc-input-same-instant"),
    ("2026-11-21T12:00+02:00", H, "2026-11-23T10:00+02:00", "saturday-start-waits-for-monday"),
    ("2026-11-23T08:00+02:00", H, "2026-11-23T10:00+02:00", "before-opening-starts-at-nine"),
    ("2026-11-23T09:30+02:00", -H / 2, "2026-11-23T09:00+02:00", "back-to-monday-opening"),
    ("2026-11-23T09:00+02:00", -H, "2026-11-20T17:00+02:00", "back-over-weekend"),
    ("2026-11-20T18:00+02:00", timedelta(0), "2026-11-20T18:00+02:00", "zero-is-start-itself"),
    (
        "2026-11-20T17:59:59.999999+02:00",
        timedelta(microseconds=1),
        "2026-11-20T18:00+02:00",
        "one-microsecond-to-closing",
    ),
    ("2019-12-20T17:00+02:00", 2 * H, "2019-12-21T10:00+02:00", "saturday-21-dec-2019-worked"),
    ("2019-12-27T17:00+02:00", 2 * H, "2019-12-28T10:00+02:00", "saturday-28-dec-2019-worked"),
    (
        "2019-12-28T17:00+02:00",
        2 * H,
        "2020-01-02T10:00+02:00",
        "30-31-dec-transferred-off-1-jan-holiday",
    ),
    ("2020-01-03T17:00+02:00", 2 * H, "2020-01-08T10:00+02:00", "6-jan-off-7-jan-christmas"),
    ("2020-01-10T17:00+02:00", 2 * H, "2020-01-11T10:00+02:00", "saturday-11-jan-2020-worked"),
    (
        "2021-12-24T17:00+02:00",
        2 * H,
        "2021-12-28T10:00+02:00",
        "christmas-saturday-moves-to-monday-27",
    ),
    (
        "2024-12-24T17:00+02:00",
        2 * H,
        "2024-12-25T10:00+02:00",
        "martial-law-christmas-is-worked",
    ),
    (
        "2020-12-31T17:00+02:00",
        H,
        "2020-12-31T18:00+02:00",
        "ends-exactly-at-the-years-last-closing",
    ),
    (
        "2020-12-31T17:00+02:00",
        H + timedelta(microseconds=1),
        "2021-01-04T09:00:00.000001+02:00",
        "one-microsecond-into-next-year-after-1-jan-and-weekend",
    ),
    ("2026-03-27T17:00+02:00", 3 * H, "2026-03-30T11:00+03:00", "spring-dst-weekend-wall-hours"),
    ("2026-10-23T17:00+03:00", 3 * H, "2026-10-26T11:00+02:00", "autumn-dst-weekend-wall-hours"),
]


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [case[:3] for case in ADD_CASES],
    ids=[case[3] for case in ADD_CASES],
)
def test_r6_add_working_time(start: str, duration: timedelta, expected: str) -> None:
    result = CAL.add_working_time(datetime.fromisoformat(start), duration)
    assert result.astimezone(UTC) == datetime.fromisoformat(expected).astimezone(UTC)
    assert result.tzinfo is CAL.tz
    assert result.isoformat() == kyiv(expected).isoformat()


BETWEEN_CASES = [
    ("2026-11-20T17:00+02:00", "2026-11-23T10:00+02:00", 2 * H, "weekend-not-counted"),
    ("2026-11-23T10:00+02:00", "2026-11-20T17:00+02:00", -2 * H, "reversed-is-negative"),
    ("2026-11-23T07:00+02:00", "2026-11-23T08:00+02:00", timedelta(0), "before-opening"),
    ("2026-11-23T09:00+02:00", "2026-11-28T09:00+02:00", 45 * H, "one-working-week"),
    (
        "2019-12-20T00:00+02:00",
        "2020-01-13T00:00+02:00",
        13 * 9 * H,
        "new-year-2020-with-two-saturdays-worked",
    ),
    ("2026-03-27T00:00+02:00", "2026-03-31T00:00+03:00", 18 * H, "dst-night-does-not-count"),
]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [case[:3] for case in BETWEEN_CASES],
    ids=[case[3] for case in BETWEEN_CASES],
)
def test_r6_working_time_between(start: str, end: str, expected: timedelta) -> None:
    begin, finish = datetime.fromisoformat(start), datetime.fromisoformat(end)
    assert CAL.working_time_between(begin, finish) == expected


def test_r6_openings_and_closings_are_strict() -> None:
    friday_close = kyiv("2026-11-20T18:00+02:00")
    assert CAL.next_opening(friday_close) == kyiv("2026-11-23T09:00+02:00")
    assert CAL.next_closing(friday_close) == kyiv("2026-11-23T18:00+02:00")
    assert CAL.previous_closing(friday_close) == kyiv("2026-11-19T18:00+02:00")
    assert CAL.previous_opening(friday_close) == kyiv("2026-11-20T09:00+02:00")
    assert not CAL.is_working_time(friday_close)
    assert CAL.is_working_time(kyiv("2026-11-20T09:00+02:00"))


def test_r6_working_days_and_count_new_year_2020() -> None:
    days = list(CAL.working_days(date(2019, 12, 20), date(2020, 1, 13)))
    # 25 Dec: Christmas; 30-31 Dec and 6 Jan: moved to Saturdays 21, 28 Dec and 11 Jan;
    # 1 Jan: New Year; 7 Jan: Christmas (Julian).
    expected = [date(2019, 12, d) for d in (20, 21, 23, 24, 26, 27, 28)] + [
        date(2020, 1, d) for d in (2, 3, 8, 9, 10, 11, 13)
    ]
    assert days == expected
    assert CAL.count_working_days(date(2019, 12, 20), date(2020, 1, 13)) == len(expected)
    assert CAL.count_working_days(date(2020, 1, 13), date(2019, 12, 20)) == 0


DST_ROUND_THE_CLOCK = [
    ("2026-03-29T01:30+02:00", "2026-03-29T05:30+03:00", "spring-night-3-real-hours"),
    ("2026-10-25T01:30+03:00", "2026-10-25T03:30+02:00", "autumn-night-3-real-hours"),
    ("2026-10-25T03:30+03:00", "2026-10-25T05:30+02:00", "autumn-first-0330-3-real-hours"),
]


@pytest.mark.parametrize(
    ("start", "expected"),
    [case[:2] for case in DST_ROUND_THE_CLOCK],
    ids=[case[2] for case in DST_ROUND_THE_CLOCK],
)
def test_r13_round_the_clock_dst(start: str, expected: str) -> None:
    result = ROUND_THE_CLOCK.add_working_time(datetime.fromisoformat(start), 3 * H)
    assert result.isoformat() == kyiv(expected).isoformat()


def test_dst_skipped_and_repeated_wall_times_in_hours() -> None:
    """Spans 03:30-05:00 on Kyiv's DST Sundays: 03:30 is skipped in March, twice in October."""
    cal = WorkingCalendar.build("Europe/Kyiv", {"sun": "03:30-05:00"})
    march = cal.working_time_between(kyiv("2026-03-28T12:00+02:00"), kyiv("2026-03-30T00:00+03:00"))
    assert march == H  # from the jump (04:00 +03) to 05:00
    october = cal.working_time_between(
        kyiv("2026-10-24T12:00+03:00"), kyiv("2026-10-26T00:00+02:00")
    )
    assert october == timedelta(hours=2, minutes=30)  # first 03:30 (+03) to 05:00 (+02)


def test_dst_at_midnight_havana() -> None:
    """Havana changes clocks at midnight: a whole Sunday lasts 23 h in March, 25 h in November."""
    cal = WorkingCalendar.build("America/Havana", {"sun": "00:00-24:00"})
    saturday, monday = (
        datetime(2024, 3, 9, 12, tzinfo=HAVANA),
        datetime(2024, 3, 11, 12, tzinfo=HAVANA),
    )
    assert cal.working_time_between(saturday, monday) == 23 * H
    assert cal.next_opening(saturday).astimezone(UTC) == datetime(2024, 3, 10, 5, tzinfo=UTC)
    saturday, monday = (
        datetime(2024, 11, 2, 12, tzinfo=HAVANA),
        datetime(2024, 11, 4, 12, tzinfo=HAVANA),
    )
    assert cal.working_time_between(saturday, monday) == 25 * H
    assert cal.next_opening(saturday).astimezone(UTC) == datetime(2024, 11, 3, 4, tzinfo=UTC)


def test_lunch_break_is_skipped() -> None:
    cal = WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "09:00-13:00, 14:00-18:00"})
    start = kyiv("2026-11-23T12:30+02:00")
    assert cal.add_working_time(start, H) == kyiv("2026-11-23T14:30+02:00")
    assert cal.add_working_time(start, H / 2) == kyiv("2026-11-23T13:00+02:00")
    assert cal.add_working_time(kyiv("2026-11-23T14:00+02:00"), -H / 2) == kyiv(
        "2026-11-23T12:30+02:00"
    )


def test_closed_and_extra_dates() -> None:
    cal = WorkingCalendar.build(
        "Europe/Kyiv",
        {"mon-fri": "09:00-18:00"},
        closed_dates=[date(2026, 11, 23)],
        extra_working_dates={date(2026, 11, 22): "10:00-12:00"},
    )
    friday = kyiv("2026-11-20T17:00+02:00")
    assert cal.add_working_time(friday, 2 * H) == kyiv("2026-11-22T11:00+02:00")
    assert cal.add_working_time(friday, 4 * H) == kyiv("2026-11-24T10:00+02:00")


def test_night_shift_across_midnight_is_one_stretch() -> None:
    cal = WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "00:00-06:00, 22:00-24:00"})
    start = kyiv("2026-11-23T23:00+02:00")
    assert cal.add_working_time(start, 2 * H) == kyiv("2026-11-24T01:00+02:00")
    assert cal.next_closing(start) == kyiv("2026-11-24T06:00+02:00")
    assert cal.previous_opening(start) == kyiv("2026-11-23T22:00+02:00")


def test_year_seam_is_not_an_opening() -> None:
    """A 24-hour stretch across 31 Dec / 1 Jan has no opening or closing at midnight."""
    closed = [date(2026, 6, 1), date(2027, 6, 1)]
    cal = WorkingCalendar.build("Europe/Kyiv", {"mon-sun": "00:00-24:00"}, closed_dates=closed)
    new_year = kyiv("2027-01-01T00:00+02:00")
    assert cal.next_closing(new_year) == kyiv("2027-06-01T00:00+03:00")
    assert cal.previous_opening(new_year) == kyiv("2026-06-02T00:00+03:00")
    assert cal.previous_closing(new_year) == kyiv("2026-06-01T00:00+03:00")
    assert cal.next_opening(new_year) == kyiv("2027-06-02T00:00+03:00")


def test_calendar_is_a_value() -> None:
    other = kyiv_calendar()
    assert other == CAL
    assert hash(other) == hash(CAL)
    assert len({CAL, other, ROUND_THE_CLOCK}) == 2
    clone = pickle.loads(pickle.dumps(CAL))
    assert clone == CAL
    start = kyiv("2026-11-20T17:30+02:00")
    assert clone.add_working_time(start, 24 * H) == CAL.add_working_time(start, 24 * H)
    assert kyiv_calendar(martial_law_end=date(2030, 1, 1)) != CAL


def test_a_calendar_with_built_tables_is_freed_without_the_cycle_collector() -> None:
    """The year tables reach back to their calendar only weakly: no reference cycle."""
    cal = replace(kyiv_calendar())
    assert cal.add_working_time(kyiv("2026-11-20T17:30+02:00"), 24 * H) == kyiv(
        "2026-11-25T14:30+02:00"
    )
    gone = weakref.ref(cal)
    gc.disable()
    try:
        del cal
        assert gone() is None
    finally:
        gc.enable()


def test_shared_between_threads() -> None:
    """Threads building the year tables of one fresh calendar agree with another one.

    ``kyiv_calendar()`` is shared, so both calendars are copies with empty caches. The
    threads start together and switch often, over 120 years, so tables, the year index
    and the hint are built and replaced while other threads read them.
    """
    cal = replace(kyiv_calendar())
    alone = replace(kyiv_calendar())
    assert cal._cache is not kyiv_calendar()._cache
    starts = [
        datetime(1950 + (i * 7) % 120, 1 + i % 12, 1 + i % 28, 17, tzinfo=UTC) for i in range(600)
    ]
    expected = [
        (alone.add_working_time(s, 30 * H), alone.working_time_between(starts[0], s))
        for s in starts
    ]
    results: dict[int, list[tuple[datetime, timedelta]]] = {}
    barrier = threading.Barrier(8)

    def work(index: int) -> None:
        barrier.wait()
        mine = starts[index::3] + starts  # different orders, so different years race
        answers = {
            s: (cal.add_working_time(s, 30 * H), cal.working_time_between(starts[0], s))
            for s in mine
        }
        results[index] = [answers[s] for s in starts]

    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old_interval)
    assert len(results) == 8
    assert all(result == expected for result in results.values())


def test_weekly_hours_parse_forms() -> None:
    week = WeeklyHours.parse({"mon-fri": "09:00-18:00", "sat": ["10:00-12:00"]})
    assert [str(day[0]) if day else "" for day in week.days] == [
        "09:00-18:00",
        "09:00-18:00",
        "09:00-18:00",
        "09:00-18:00",
        "09:00-18:00",
        "10:00-12:00",
        "",
    ]
    assert week == WeeklyHours.parse(["09:00-18:00"] * 5 + ["10:00-12:00", ""])


def test_extra_working_dates_on_a_24_7_calendar_win() -> None:
    cal = WorkingCalendar.build(
        "Europe/Kyiv",
        {"mon-sun": "00:00-24:00"},
        extra_working_dates={date(2026, 11, 25): "09:00-10:00"},
    )
    midnight = kyiv("2026-11-25T00:00+02:00")
    assert not cal.is_round_the_clock
    assert cal.working_time_between(midnight, kyiv("2026-11-26T00:00+02:00")) == H
    assert not cal.is_working_time(kyiv("2026-11-25T12:00+02:00"))


def test_extra_working_date_is_not_shortened_on_an_eve() -> None:
    from sla_calendar import UkraineHolidays

    cal = WorkingCalendar.build(
        "Europe/Kyiv",
        {"mon-fri": "09:00-18:00"},
        holidays=UkraineHolidays(),
        extra_working_dates={date(2019, 12, 24): "10:00-14:00"},
        eve_shortening=H,
    )
    info = cal.day_info(date(2019, 12, 24))  # eve of Christmas, 25 Dec 2019
    assert [str(span) for span in info.hours] == ["10:00-14:00"]
    assert not info.shortened
    assert cal.day_info(date(2019, 12, 31)).hours == ()  # transferred day off
    # Sat 28 December is worked for Tue 31 December, the eve of New Year: short too.
    assert [str(s) for s in cal.day_info(date(2019, 12, 28)).hours] == ["09:00-17:00"]
    assert [str(s) for s in cal.day_info(date(2020, 1, 6)).hours] == []
    assert [str(s) for s in cal.day_info(date(2019, 4, 27)).hours] == []  # Saturday


def test_kyiv_calendar_is_shared_per_options() -> None:
    assert kyiv_calendar() is kyiv_calendar()
    assert kyiv_calendar(shorten_eve_of_holidays=True) is not kyiv_calendar()


# A 24-hour calendar that is not 24/7 (one closed date), so results come from the year
# tables. On Sunday 31 October 2021 Kyiv's clocks went back from 04:00 EEST to 03:00
# EET: 03:30 happened twice, at 00:30Z (+03:00) and at 01:30Z (+02:00).
ALL_DAY_BUT_ONE = WorkingCalendar.build(
    "Europe/Kyiv", {"mon-sun": "00:00-24:00"}, closed_dates=[date(2021, 12, 25)]
)
FOLD_START = datetime(2021, 10, 31, 2, 30, tzinfo=KYIV)  # 23:30Z on the 30th


@pytest.mark.parametrize(
    ("duration", "expected_utc", "expected_offset_hours"),
    [
        pytest.param(
            H + timedelta(microseconds=5),
            datetime(2021, 10, 31, 0, 30, 0, 5, tzinfo=UTC),
            3,
            id="first-0330-summer-offset",
        ),
        pytest.param(
            2 * H + timedelta(microseconds=5),
            datetime(2021, 10, 31, 1, 30, 0, 5, tzinfo=UTC),
            2,
            id="second-0330-keeps-fold-with-microseconds",
        ),
        pytest.param(
            26 * H + timedelta(microseconds=7),
            datetime(2021, 11, 1, 1, 30, 0, 7, tzinfo=UTC),
            2,
            id="next-day-plain-winter-offset",
        ),
    ],
)
def test_r6_results_in_a_repeated_hour_keep_their_offset(
    duration: timedelta, expected_utc: datetime, expected_offset_hours: int
) -> None:
    result = ALL_DAY_BUT_ONE.add_working_time(FOLD_START, duration)
    assert result.astimezone(UTC) == expected_utc
    assert result.utcoffset() == timedelta(hours=expected_offset_hours)
    assert result.tzinfo is KYIV
    many = ALL_DAY_BUT_ONE.add_working_time_many([FOLD_START], duration)
    assert many[0].astimezone(UTC) == expected_utc
    assert many[0].utcoffset() == result.utcoffset()


def test_periods_of_spans_touching_in_the_repeated_hour_do_not_overlap() -> None:
    """00:00-03:30 and 03:30-06:00 on 25 October 2026, when Kyiv's 03:00-04:00 happens twice.

    The first span ends at the second 03:30 (01:30Z), the second starts at the first one
    (00:30Z): as instants they overlap by an hour. The day works 00:00 EEST (21:00Z the
    day before) to 06:00 EET (04:00Z): 7 hours, which the periods must add up to.
    """
    cal = WorkingCalendar.build("Europe/Kyiv", {"mon-sun": "00:00-03:30, 03:30-06:00"})
    start, end = kyiv("2026-10-25T00:00+03:00"), kyiv("2026-10-25T12:00+02:00")
    periods = cal.working_periods(start, end)
    assert [(p.start.astimezone(UTC), p.end.astimezone(UTC)) for p in periods] == [
        (datetime(2026, 10, 24, 21, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 4, tzinfo=UTC)),
    ]
    assert sum((p.duration for p in periods), timedelta(0)) == 7 * H
    assert cal.working_time_between(start, end) == 7 * H


def test_r6_many_refuses_a_naive_start_with_its_name() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"^start=datetime\.datetime\(2026, 11, 20"):
        CAL.add_working_time_many([datetime(2026, 11, 20, 10)], H)


def test_r6_between_many_refuses_a_naive_end_with_its_name() -> None:
    aware = datetime(2026, 11, 20, 10, tzinfo=UTC)
    with pytest.raises(NaiveDatetimeError, match=r"^end=datetime\.datetime\(2026, 11, 21"):
        CAL.working_time_between_many([(aware, aware), (aware, datetime(2026, 11, 21))])


def _us(moment: datetime) -> int:
    """µs since 0001-01-01T00:00Z, computed here rather than by the code under test."""
    return (moment - datetime(1, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def test_r6_working_intervals_us_of_2019_start_after_new_year_and_christmas() -> None:
    intervals = CAL.working_intervals_us(2019, 2019)
    assert len(intervals) == 250  # 2019's working days, transferred Saturdays included
    # 1 January (holiday) is off; the first interval is Wednesday 2 January 09:00-18:00.
    assert intervals[0] == (
        _us(datetime(2019, 1, 2, 7, tzinfo=UTC)),
        _us(datetime(2019, 1, 2, 16, tzinfo=UTC)),
    )
    # 7 January (Orthodox Christmas, a Monday) is off too.
    assert intervals[3][0] == _us(datetime(2019, 1, 8, 7, tzinfo=UTC))
    assert all(a < b <= c for (a, b), (c, _) in pairwise(intervals))
    with pytest.raises(NoWorkingTimeError, match=r"^working_intervals_us: this calendar is open"):
        ROUND_THE_CLOCK.working_intervals_us(2019, 2019)


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        pytest.param(datetime(2019, 12, 31, 21, 59, tzinfo=UTC), 2019, id="kyiv-2359-old-year"),
        pytest.param(datetime(2019, 12, 31, 22, 0, tzinfo=UTC), 2020, id="kyiv-midnight-new-year"),
    ],
)
def test_local_year_us_is_the_kyiv_year(moment: datetime, year: int) -> None:
    assert CAL.local_year_us(_us(moment)) == year


# Earlier changes to the list of holidays in Labour Code art. 73, and the weekend rule
# of art. 67, each seen on the first year it applied and the year before; checked
# against the history of the law, not against the code or the holidays package.
@pytest.mark.parametrize(
    ("day", "works"),
    [
        pytest.param(date(1991, 7, 16), False, id="1991-sovereignty-day-16-jul-off"),
        pytest.param(date(1992, 7, 16), True, id="1992-16-jul-no-longer-a-holiday"),
        pytest.param(date(1992, 8, 24), False, id="1992-independence-day-24-aug-off"),
        pytest.param(date(1999, 11, 8), False, id="1999-october-revolution-7-8-nov-off"),
        pytest.param(date(2000, 11, 7), True, id="2000-7-nov-no-longer-a-holiday"),
        pytest.param(date(2014, 10, 14), True, id="2014-14-oct-not-yet-a-holiday"),
        pytest.param(date(2015, 10, 14), False, id="2015-defender-of-ukraine-day-first-off"),
        pytest.param(date(2016, 12, 26), True, id="2016-no-25-dec-holiday-to-move"),
        pytest.param(date(2017, 12, 25), False, id="2017-christmas-25-dec-first-off"),
        pytest.param(date(2017, 5, 2), False, id="2017-last-2-may-holiday"),
        pytest.param(date(2018, 5, 2), True, id="2018-2-may-no-longer-a-holiday"),
        pytest.param(date(2021, 5, 3), False, id="2021-saturday-1-may-moves-to-monday"),
        pytest.param(date(2021, 5, 4), False, id="2021-sunday-easter-moves-to-tuesday"),
    ],
)
def test_r6_history_of_holidays_since_1991(day: date, works: bool) -> None:
    assert CAL.is_working_day(day) is works


# The 2023 reform of Ukraine's holidays (Law 3107-IX, from 2024; Defenders' Day from
# 2023), seen on a calendar that keeps holidays off under martial law, where moved dates
# show as days off; checked against the law's text, not the code.
HOLIDAYS_OFF = kyiv_calendar(holidays_off_during_martial_law=True)


@pytest.mark.parametrize(
    ("day", "works"),
    [
        pytest.param(date(2021, 1, 7), False, id="2021-orthodox-christmas-7-jan-off"),
        pytest.param(date(2025, 1, 7), True, id="2025-7-jan-no-longer-a-holiday"),
        pytest.param(date(2023, 7, 28), False, id="2023-statehood-day-28-jul"),
        pytest.param(date(2024, 7, 15), False, id="2024-statehood-day-moved-to-15-jul"),
        pytest.param(date(2025, 7, 28), True, id="2025-28-jul-no-longer-a-holiday"),
        pytest.param(date(2022, 10, 14), False, id="2022-defenders-day-14-oct"),
        pytest.param(date(2024, 10, 1), False, id="2024-defenders-day-moved-to-1-oct"),
        pytest.param(date(2024, 10, 14), True, id="2024-14-oct-no-longer-a-holiday"),
        pytest.param(date(2024, 5, 8), False, id="2024-remembrance-day-8-may"),
        pytest.param(date(2024, 5, 9), True, id="2024-9-may-no-longer-a-holiday"),
        pytest.param(date(2024, 12, 25), False, id="2024-christmas-25-dec-only"),
    ],
)
def test_r6_2023_reform_of_holidays(day: date, works: bool) -> None:
    assert HOLIDAYS_OFF.is_working_day(day) is works


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2024, 5, 8), id="remembrance-day-worked"),
        pytest.param(date(2024, 10, 1), id="defenders-day-worked"),
        pytest.param(date(2025, 12, 25), id="christmas-worked"),
    ],
)
def test_r6_martial_law_works_on_the_reformed_holidays_by_default(day: date) -> None:
    assert CAL.is_working_day(day)
    assert CAL.day_info(day).kind.value == "holiday_worked"


# Bad values given to a calendar or its hours: the error names the field, the value and
# what was expected, in the package's one wording (sla_calendar._checks).
NINE_TO_SIX = WeeklyHours.parse({"mon-fri": "09:00-18:00"})
MORNING, AFTERNOON = TimeSpan.parse("09:00-13:00"), TimeSpan.parse("14:00-18:00")


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        pytest.param(
            lambda: WorkingCalendar("Europe/Kyiv", {"mon-fri": "09:00-18:00"}),  # type: ignore[arg-type]
            ArgumentTypeError,
            "weekly_hours must be a WeeklyHours (see WeeklyHours.parse), got dict "
            "{'mon-fri': '09:00-18:00'}",
            id="weekly-hours-as-a-plain-dict",
        ),
        pytest.param(
            lambda: WorkingCalendar("Europe/Kyiv", NINE_TO_SIX, closed_dates=[date(2026, 1, 2)]),  # type: ignore[arg-type]
            ArgumentTypeError,
            "closed_dates must be a frozenset of dates, got list [datetime.date(2026, 1, 2)]",
            id="closed-dates-as-a-list",
        ),
        pytest.param(
            lambda: WorkingCalendar(
                "Europe/Kyiv",
                NINE_TO_SIX,
                extra_working_dates=[(date(2026, 1, 3), ())],  # type: ignore[arg-type]
            ),
            ArgumentTypeError,
            "extra_working_dates must be a tuple of (date, hours) pairs, got list "
            "[(datetime.date(2026, 1, 3), ())]",
            id="extra-dates-as-a-list",
        ),
        pytest.param(
            lambda: WorkingCalendar(
                "Europe/Kyiv",
                NINE_TO_SIX,
                extra_working_dates=([date(2026, 1, 3), ()],),  # type: ignore[arg-type]
            ),
            ArgumentTypeError,
            "extra_working_dates item must be a (date, hours) pair, got list "
            "[datetime.date(2026, 1, 3), ()]",
            id="extra-date-pair-as-a-list",
        ),
        pytest.param(
            lambda: WorkingCalendar(
                "Europe/Kyiv",
                NINE_TO_SIX,
                extra_working_dates=((date(2026, 1, 3), (MORNING,)), (date(2026, 1, 3), ())),
            ),
            InvalidValueError,
            "extra_working_dates date=datetime.date(2026, 1, 3) is invalid; expected each "
            "date once, not twice",
            id="extra-date-named-twice",
        ),
        pytest.param(
            lambda: WorkingCalendar(
                "Europe/Kyiv",
                NINE_TO_SIX,
                extra_working_dates=((date(2026, 1, 3), ("09:00-13:00",)),),  # type: ignore[arg-type]
            ),
            ArgumentTypeError,
            "extra_working_dates[2026-01-03] must be a tuple of TimeSpan values, got tuple "
            "('09:00-13:00',)",
            id="extra-date-hours-as-text",
        ),
        pytest.param(
            lambda: WorkingCalendar(
                "Europe/Kyiv", NINE_TO_SIX, transferred_day_hours=(AFTERNOON, MORNING)
            ),
            InvalidHoursError,
            "transferred_day_hours=(TimeSpan('14:00-18:00'), TimeSpan('09:00-13:00')) is "
            "invalid; expected spans in order of time",
            id="transferred-day-hours-out-of-order",
        ),
        pytest.param(
            lambda: WorkingCalendar("Europe/Kyiv", NINE_TO_SIX, eve_shortening=3600),  # type: ignore[arg-type]
            ArgumentTypeError,
            "eve_shortening must be a datetime.timedelta, got int 3600",
            id="eve-shortening-in-seconds",
        ),
        pytest.param(
            lambda: WorkingCalendar("Europe/Kyiv", NINE_TO_SIX, eve_shortening=-H),
            InvalidValueError,
            "eve_shortening=datetime.timedelta(days=-1, seconds=82800) is invalid; expected a "
            "timedelta >= 0",
            id="eve-shortening-negative",
        ),
        pytest.param(
            lambda: TimeSpan(9.0, 18.0),  # type: ignore[arg-type]
            ArgumentTypeError,
            "TimeSpan.start_us must be an int of microseconds, got float 9.0",
            id="time-span-in-float-hours",
        ),
        pytest.param(
            lambda: TimeSpan.of(9, 18),  # type: ignore[arg-type]
            ArgumentTypeError,
            "start must be a datetime.time or timedelta, got int 9",
            id="time-span-of-plain-numbers",
        ),
        pytest.param(
            lambda: WeeklyHours.parse({"mon": 9}),  # type: ignore[dict-item]
            ArgumentTypeError,
            "mon must be a string like '09:00-18:00', a TimeSpan or a list of them, got int 9",
            id="day-hours-as-a-number",
        ),
        pytest.param(
            lambda: WeeklyHours.parse({"mon": ["09:00-13:00", 14]}),  # type: ignore[list-item]
            ArgumentTypeError,
            "mon item must be a string like '09:00-18:00' or a TimeSpan, got int 14",
            id="day-hours-list-with-a-number",
        ),
        pytest.param(
            lambda: WeeklyHours.parse("mon-fri 09:00-18:00"),
            ArgumentTypeError,
            "weekly hours must be a mapping like {'mon-fri': '09:00-18:00'} or a sequence of 7 "
            "day-hours, got str 'mon-fri 09:00-18:00'",
            id="weekly-hours-as-one-string",
        ),
        pytest.param(
            lambda: WeeklyHours(((MORNING,),) * 5),  # type: ignore[arg-type]
            ArgumentTypeError,
            "WeeklyHours.days must be a tuple of 7 day-hours tuples (Monday first), got tuple "
            + repr(((MORNING,),) * 5),
            id="weekly-hours-of-five-days",
        ),
        pytest.param(
            lambda: WeeklyHours(((AFTERNOON, MORNING),) + ((),) * 6),
            InvalidHoursError,
            "WeeklyHours.days[0]=(TimeSpan('14:00-18:00'), TimeSpan('09:00-13:00')) is "
            "invalid; expected spans in order of time",
            id="weekly-hours-day-out-of-order",
        ),
    ],
)
def test_bad_calendar_values_are_named_in_one_wording(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        build()
    assert str(raised.value) == message
