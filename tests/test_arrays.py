"""Array arithmetic (sla_calendar.calendar.arrays) against the calendar's own single calls (R6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla_calendar import (
    ROUND_THE_CLOCK,
    ArgumentTypeError,
    InvalidValueError,
    OutOfRangeError,
    WorkingCalendar,
    WorkingTimeLine,
    add_working_time_array,
    kyiv_calendar,
    working_time_between_array,
)
from tests import strategies as st_

np = pytest.importorskip("numpy")

KYIV_CAL = kyiv_calendar()
EPOCH = datetime(1, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
HOUR = 3_600_000_000


def us(moment: datetime) -> int:
    return (moment - EPOCH) // US


calendars = st.one_of(
    st.just(KYIV_CAL), st.just(ROUND_THE_CLOCK), st_.calendar_pairs().map(lambda pair: pair[0])
)
instant_lists = st.lists(
    st.one_of(st_.instants(), st_.dst_instants(), st_.year_end_instants()).map(us),
    min_size=1,
    max_size=20,
)


# Each example may build a random calendar's years twice (single calls and arrays).
@settings(max_examples=75)
@given(calendars, instant_lists, st_.signed_durations(200).map(lambda d: d // US))
def test_add_array_equals_single_calls(
    calendar: WorkingCalendar, starts: list[int], duration: int
) -> None:
    got = add_working_time_array(calendar, np.array(starts, dtype=np.int64), duration)
    assert got.tolist() == [calendar.add_working_time_us(s, duration) for s in starts]


@settings(max_examples=75)
@given(calendars, instant_lists, instant_lists)
def test_between_array_equals_single_calls(
    calendar: WorkingCalendar, starts: list[int], ends: list[int]
) -> None:
    size = min(len(starts), len(ends))
    a, b = starts[:size], ends[:size]
    got = working_time_between_array(
        calendar, np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    )
    assert got.tolist() == [
        calendar.working_time_between_us(x, y) for x, y in zip(a, b, strict=True)
    ]


def test_r10_friday_evening_deadlines_hand_checked() -> None:
    starts = np.array(
        [
            us(datetime(2026, 11, 20, 15, 30, tzinfo=UTC)),  # Fri 17:30 Kyiv
            us(datetime(2019, 12, 20, 15, 0, tzinfo=UTC)),  # Fri 17:00, before a working Sat
        ],
        dtype=np.int64,
    )
    due = add_working_time_array(KYIV_CAL, starts, 24 * HOUR)
    assert due.tolist() == [
        us(datetime(2026, 11, 25, 12, 30, tzinfo=UTC)),  # Wed 14:30 Kyiv
        us(datetime(2019, 12, 24, 12, 0, tzinfo=UTC)),  # Tue 14:00 Kyiv
    ]
    back = add_working_time_array(KYIV_CAL, due, -24 * HOUR)
    # Going back lands on the latest instant: Friday 17:30 and 17:00 again.
    assert back.tolist() == starts.tolist()


def test_a_year_of_kyiv_working_time() -> None:
    line = WorkingTimeLine(KYIV_CAL, 2019, 2019)
    assert line.total == 2250 * HOUR  # 250 days of 9 hours
    new_year = np.array([us(datetime(2019, 1, 1, tzinfo=UTC))], dtype=np.int64)
    assert line.worked(new_year).tolist() == [0]


def test_arrays_refuse_wrong_types_and_lengths() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^starts_us must be a one-dimensional numpy"):
        add_working_time_array(KYIV_CAL, [1, 2], HOUR)
    with pytest.raises(
        ArgumentTypeError,
        match=r"^starts_us must be a one-dimensional numpy int64 array of µs since "
        r"0001-01-01T00:00Z, got ndarray array\(\[1\.5\]\)$",
    ):
        add_working_time_array(KYIV_CAL, np.array([1.5]), HOUR)
    with pytest.raises(
        ArgumentTypeError, match=r"^calendar must be a WorkingCalendar, got str 'Europe/Kyiv'$"
    ):
        add_working_time_array("Europe/Kyiv", np.array([1], dtype=np.int64), HOUR)  # type: ignore[arg-type]
    with pytest.raises(
        ArgumentTypeError, match=r"^WorkingTimeLine\.first_year must be an int, got str '2019'$"
    ):
        WorkingTimeLine(KYIV_CAL, "2019", 2019)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^duration_us must be an int of µs, got float"):
        add_working_time_array(KYIV_CAL, np.array([1], dtype=np.int64), 1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"^starts_us and ends_us have lengths 1 and 2"):
        working_time_between_array(
            KYIV_CAL, np.array([1], dtype=np.int64), np.array([1, 2], dtype=np.int64)
        )


def test_arrays_refuse_spans_longer_than_the_calendar_allows() -> None:
    far = np.array(
        [us(datetime(1600, 1, 1, tzinfo=UTC)), us(datetime(2100, 1, 1, tzinfo=UTC))],
        dtype=np.int64,
    )
    with pytest.raises(OutOfRangeError, match=r"span years 1600\.\.2100"):
        working_time_between_array(KYIV_CAL, far, far[::-1].copy())
