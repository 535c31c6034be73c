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
    NaiveDatetimeError,
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
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def us(moment: datetime) -> int:
    return (moment - EPOCH) // US


NOW = np.array([us(datetime(2026, 11, 20, 10, tzinfo=UTC))], dtype=np.int64)


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
    with pytest.raises(ArgumentTypeError) as raised:
        add_working_time_array(KYIV_CAL, np.array([1.5]), HOUR)
    assert str(raised.value) == (
        "starts_us must be a one-dimensional numpy int64 array of µs since "
        "0001-01-01T00:00Z, a numpy datetime64 array or tz-aware pandas timestamps "
        "(DatetimeIndex, Series), got ndarray array([1.5])"
    )
    with pytest.raises(
        ArgumentTypeError, match=r"^calendar must be a WorkingCalendar, got str 'Europe/Kyiv'$"
    ):
        add_working_time_array("Europe/Kyiv", np.array([1], dtype=np.int64), HOUR)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^calendar must be a WorkingCalendar, got str"):
        add_working_time_array("x", NOW, 5)  # type: ignore[arg-type]
    with pytest.raises(
        ArgumentTypeError, match=r"^WorkingTimeLine\.first_year must be an int, got str '2019'$"
    ):
        WorkingTimeLine(KYIV_CAL, "2019", 2019)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^duration_us must be an int of µs, got float"):
        add_working_time_array(KYIV_CAL, NOW, 1.5)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"^duration_us must be an int of µs, got bool"):
        add_working_time_array(KYIV_CAL, NOW, True)
    with pytest.raises(InvalidValueError, match=r"^starts_us and ends_us have lengths 1 and 2"):
        working_time_between_array(KYIV_CAL, NOW, np.concatenate([NOW, NOW]))


def test_arrays_refuse_spans_longer_than_the_calendar_allows() -> None:
    far = np.array(
        [us(datetime(1995, 1, 1, tzinfo=UTC)), us(datetime(2500, 1, 1, tzinfo=UTC))],
        dtype=np.int64,
    )
    with pytest.raises(OutOfRangeError, match=r"span years 1995\.\.2500"):
        working_time_between_array(KYIV_CAL, far, far[::-1].copy())


# ------------------------------------------------------ numbers that mean something else


def test_unix_epoch_microseconds_are_refused_naming_unit_and_origin() -> None:
    """numpy and pandas count from 1970: read as µs since year 1 they land in year 54."""
    unix_us = (datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC) - UNIX_EPOCH) // US
    with pytest.raises(OutOfRangeError) as raised:
        add_working_time_array(KYIV_CAL, np.array([unix_us], dtype=np.int64), HOUR)
    assert str(raised.value) == (
        "starts_us holds 1700000000000000, which as µs since 0001-01-01T00:00Z is "
        "0054-11-14T22:13:20+00:00, outside this calendar's years 1991..9999 "
        "(Europe/Kyiv); expected µs since 0001-01-01T00:00Z on the UTC line (numpy's and "
        "pandas' integers count from 1970-01-01: pass their datetime64 values or "
        "timestamps as they are)"
    )


def test_a_calendar_without_holidays_has_every_year() -> None:
    # Round the clock: no holiday source, so years 1..9999; year 54 is an answer.
    early = np.array([us(datetime(54, 11, 14, 22, tzinfo=UTC))], dtype=np.int64)
    assert add_working_time_array(ROUND_THE_CLOCK, early, HOUR).tolist() == [int(early[0]) + HOUR]


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        pytest.param(
            [-(2**63)],
            [2**63 - 1],
            "starts_us holds -9223372036854775808, which as µs since 0001-01-01T00:00Z is "
            "before year 1, outside this calendar's years 1..9999 (Europe/Kyiv)",
            id="int64-extremes-no-wrap-around",
        ),
        pytest.param(
            [0],
            [2**62],
            "ends_us holds 4611686018427387904, which as µs since 0001-01-01T00:00Z is "
            "after year 9999, outside this calendar's years 1..9999 (Europe/Kyiv)",
            id="end-beyond-year-9999",
        ),
    ],
)
def test_instants_outside_the_line_are_refused(
    starts: list[int], ends: list[int], message: str
) -> None:
    with pytest.raises(OutOfRangeError) as raised:
        working_time_between_array(
            ROUND_THE_CLOCK, np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
        )
    assert str(raised.value).startswith(message + "; expected µs since 0001-01-01T00:00Z")


@pytest.mark.parametrize("calendar", [KYIV_CAL, ROUND_THE_CLOCK], ids=["kyiv", "24-7"])
@pytest.mark.parametrize("duration", [9 * 10**18, -(9 * 10**18), 2**100])
def test_durations_beyond_the_datetime_range_are_refused(
    calendar: WorkingCalendar, duration: int
) -> None:
    with pytest.raises(OutOfRangeError, match=r"^duration_us=-?\d+ takes the results beyond"):
        add_working_time_array(calendar, NOW, duration)


# ------------------------------------------------------- datetime64 and pandas, directly


instants_2018_2027 = st.lists(
    st.one_of(st_.instants(), st_.dst_instants()), min_size=1, max_size=12
)


@settings(max_examples=40)
@given(instants_2018_2027, st_.signed_durations(200).map(lambda d: d // US))
def test_datetime64_in_datetime64_out_same_instants(starts: list[datetime], duration: int) -> None:
    as_ints = np.array([us(t) for t in starts], dtype=np.int64)
    # numpy's datetime64 counts from 1970 in UTC, with no zone of its own.
    stamps = np.array([t.astimezone(UTC).replace(tzinfo=None) for t in starts], "datetime64[us]")
    got = add_working_time_array(KYIV_CAL, stamps, duration)
    assert got.dtype == np.dtype("datetime64[us]")
    expected = add_working_time_array(KYIV_CAL, as_ints, duration)
    assert (got.astype(np.int64) + (UNIX_EPOCH - EPOCH) // US).tolist() == expected.tolist()
    spans = working_time_between_array(KYIV_CAL, stamps, stamps[::-1].copy())
    assert spans.dtype == np.dtype("timedelta64[us]")
    ints = working_time_between_array(KYIV_CAL, as_ints, as_ints[::-1].copy())
    assert spans.astype(np.int64).tolist() == ints.tolist()


def test_datetime64_of_any_unit_is_read_exactly() -> None:
    base = datetime(2026, 11, 20, 15, 0)  # UTC: Friday 17:00 in Kyiv
    for unit in ("D", "h", "m", "s", "ms", "us", "ns"):
        stamp = np.array([base], dtype=f"datetime64[{unit}]")
        due = add_working_time_array(KYIV_CAL, stamp, 24 * HOUR)
        # Friday 17:00 Kyiv: 1 + 9 + 9 hours to Tuesday's close, then Wednesday 14:00
        # (12:00Z). Whole days: Friday 00:00Z is 02:00 in Kyiv, so the 24 hours are
        # Friday's 9, Monday's 9 and Tuesday's to 15:00 (13:00Z).
        assert due.tolist() == [
            datetime(2026, 11, 25, 12) if unit != "D" else datetime(2026, 11, 24, 13)
        ], unit
    # Nanoseconds are dropped (floored), as for a single call on a pandas Timestamp.
    fine = np.array(["2026-11-20T15:30:00.000000999"], dtype="datetime64[ns]")
    assert add_working_time_array(KYIV_CAL, fine, 0).tolist() == [datetime(2026, 11, 20, 15, 30)]


@pytest.mark.parametrize(
    ("stamps", "error", "message"),
    [
        pytest.param(
            np.array(["2026-01-01", "NaT"], dtype="datetime64[s]"),
            InvalidValueError,
            "starts_us[1] is NaT; expected an instant in every place",
            id="not-a-time",
        ),
        pytest.param(
            np.array([300_000], dtype="datetime64[Y]"),
            OutOfRangeError,
            "starts_us holds datetime64 values beyond years 1..9999; expected instants within them",
            id="year-301970-no-wrap-around",
        ),
        pytest.param(
            np.array(["1985-06-01"], dtype="datetime64[D]"),
            OutOfRangeError,
            "starts_us holds 1985-06-01T00:00:00+00:00, outside this calendar's years "
            "1991..9999 (Europe/Kyiv); expected instants within them",
            id="before-ukraines-holidays-begin",
        ),
        pytest.param(
            np.array([1], dtype="timedelta64[s]"),
            ArgumentTypeError,
            "starts_us must be a one-dimensional numpy int64 array",
            id="durations-are-not-instants",
        ),
    ],
)
def test_datetime64_arrays_are_checked(
    stamps: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        add_working_time_array(KYIV_CAL, stamps, HOUR)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("duration", [2**64, 2**63, -(2**64)])
def test_a_duration_beyond_every_year_is_refused_even_with_no_starts(duration: int) -> None:
    # With no starts there is no result to bound; the duration alone spans past 1..9999.
    kyiv = kyiv_calendar()
    for starts in (
        np.array([], dtype=np.int64),
        np.array([63_900_000_000_000_000], dtype=np.int64),
    ):
        with pytest.raises(OutOfRangeError, match=rf"^duration_us={duration} takes the results"):
            add_working_time_array(kyiv, starts, duration)


pd = pytest.importorskip("pandas")


def test_pandas_timestamps_answer_in_kind_in_the_calendar_zone() -> None:
    index = pd.DatetimeIndex(["2026-11-20T17:30", "2019-12-20T17:00"]).tz_localize("Europe/Kyiv")
    due = add_working_time_array(KYIV_CAL, index, 24 * HOUR)
    assert isinstance(due, pd.DatetimeIndex)
    assert [t.isoformat() for t in due] == [
        "2026-11-25T14:30:00+02:00",  # R10: Wednesday 14:30
        "2019-12-24T14:00:00+02:00",  # the working Saturday 21 December counts
    ]
    series = pd.Series(index.tz_convert("UTC"), index=["a", "b"], name="received")
    due_series = add_working_time_array(KYIV_CAL, series, 24 * HOUR)
    assert isinstance(due_series, pd.Series)
    assert due_series.index.tolist() == ["a", "b"]
    assert due_series.name == "received"
    assert due_series.tolist() == due.tolist()
    spans = working_time_between_array(KYIV_CAL, series, due_series)
    assert spans.tolist() == [pd.Timedelta(hours=24)] * 2
    assert add_working_time_array(KYIV_CAL, index.array, 0).tolist() == index.tolist()


def test_naive_pandas_timestamps_are_refused() -> None:
    with pytest.raises(NaiveDatetimeError) as raised:
        add_working_time_array(KYIV_CAL, pd.DatetimeIndex(["2026-11-20T17:30"]), HOUR)
    assert str(raised.value) == (
        "starts_us holds naive timestamps (datetime64[us]); expected timestamps with a time "
        "zone (tz_localize them: sla_calendar never guesses a time zone)"
    )
