"""The calendar's contract on hostile input: every call returns or raises a SlaCalendarError.

Hypothesis draws the arguments of each public callable of the calendar part from its
signature: aware datetimes in any zone with either fold, fixed offsets up to a
microsecond short of a day, tzinfo classes of other libraries and odd ones of our own
(an offset of a day or more, an offset that is not a timedelta, none at all), the first
and last instants of years 1 and 9999, naive datetimes, huge and negative numbers, and
values of the wrong type. Whatever comes back is fine; what is raised must be the
package's error. A longer run (the ``thorough`` profile draws 2,000 examples where CI draws
150, and ten times that for the test over every callable)::

    HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/test_calendar_contract.py

Instants are drawn around a few years (1, 2, 2019-2026, 9998, 9999), so a span between two
of them is either short or far beyond the 400 years a query may cross: a span of a few
hundred years is a legitimate, slow answer (one year table per year), not a contract test.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla_calendar import (
    ROUND_THE_CLOCK,
    CountryHolidays,
    DayMark,
    OutOfRangeError,
    SlaCalendarError,
    TimeSpan,
    UkraineHolidays,
    WeeklyHours,
    WorkingCalendar,
    WorkingTimeLine,
    add_working_time_array,
    kyiv_calendar,
    parse_day_hours,
    working_time_between_array,
)

np = pytest.importorskip("numpy")


class OddOffset(tzinfo):
    """A tzinfo of our own that answers whatever it was given, valid or not."""

    def __init__(self, offset: object) -> None:
        self.offset = offset

    def utcoffset(self, dt: datetime | None) -> Any:
        return self.offset

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return "ODD"

    def __repr__(self) -> str:
        return f"OddOffset({self.offset!r})"


def _other_libraries() -> list[tzinfo]:
    zones: list[tzinfo] = []
    try:
        import pytz

        zones.append(pytz.timezone("Europe/Kyiv"))  # unlocalized: its LMT offset
    except ImportError:  # pragma: no cover - pytz comes with the dev extra
        pass
    from dateutil import tz

    zones += [tz.gettz("Europe/Kyiv"), tz.tzoffset("odd", 23 * 3600 + 59 * 60)]
    return [zone for zone in zones if zone is not None]


DAY = timedelta(days=1)
US = timedelta(microseconds=1)
TZINFOS: list[tzinfo] = [
    *(
        ZoneInfo(name)
        for name in (
            "Europe/Kyiv",
            "UTC",
            "America/Havana",
            "America/Santiago",
            "Australia/Lord_Howe",
            "Pacific/Kiritimati",  # +14:00
            "Etc/GMT+12",  # -12:00
            "Pacific/Apia",  # skipped 30 December 2011
            "America/Juneau",  # took back a day in 1867
        )
    ),
    UTC,
    timezone(DAY - US),
    timezone(-(DAY - US)),
    timezone(timedelta(minutes=1)),
    *_other_libraries(),
    OddOffset(DAY),
    OddOffset(-DAY - timedelta(hours=1)),
    OddOffset(5),
    OddOffset(None),
    OddOffset(US),
]
YEARS = st.sampled_from([1, 2, 2019, 2021, 2022, 2026, 9998, 9999])


@st.composite
def walls(draw: st.DrawFn) -> datetime:
    """Naive wall times near the years of YEARS, their first and last instants included."""
    edge = draw(st.sampled_from([None, datetime.min, datetime.max]))  # noqa: DTZ901
    if edge is not None:
        return edge
    year = draw(YEARS)
    day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    moment = datetime.combine(day, time()) + timedelta(
        microseconds=draw(st.integers(0, 86_400_000_000 - 1))
    )
    return moment.replace(second=0, microsecond=0) if draw(st.booleans()) else moment


JUNK = st.sampled_from(
    [None, True, 1.5, float("nan"), "2026-11-20T10:00+02:00", b"x", [], {}, object(), 10**30]
)
datetimes = st.one_of(
    st.builds(
        lambda wall, zone, fold: wall.replace(tzinfo=zone, fold=fold),
        walls(),
        st.sampled_from(TZINFOS),
        st.sampled_from([0, 1]),
    ),
    walls(),  # naive
)
durations = st.one_of(
    st.sampled_from(
        [timedelta(0), US, -US, timedelta.max, timedelta.min, DAY * 365_000, -DAY * 365_000]
    ),
    st.integers(-400 * 3_600_000_000, 400 * 3_600_000_000).map(lambda us: us * US),
)
dates = st.one_of(
    st.sampled_from([date.min, date.max, date(2024, 2, 29)]), walls().map(lambda t: t.date())
)
integers = st.one_of(
    st.sampled_from([0, -1, 2**63 - 1, -(2**63), 2**200, 63_700_000_000_000_000]),
    st.integers(-(2**64), 2**64),
    st.integers(0, 316 * 10**15),  # µs since year 1 in years 1..9999
)
years = st.one_of(YEARS, st.sampled_from([0, -1, 10_000, 2**70]))
int64_arrays = st.lists(integers, max_size=4).map(
    lambda values: np.array([v for v in values if -(2**63) <= v < 2**63], dtype=np.int64)
)
arrays = st.one_of(
    int64_arrays,
    st.sampled_from(
        [
            np.array([1.5]),
            np.array([[63_700_000_000_000_000]], dtype=np.int64),
            np.array(["2026-01-01T10:00", "NaT"], dtype="datetime64[us]"),
            np.array([300_000], dtype="datetime64[Y]"),
            np.array(["2021-10-31T00:30"], dtype="datetime64[ns]"),
        ]
    ),
)

BY_ANNOTATION: list[tuple[str, st.SearchStrategy[Any]]] = [
    ("Iterable[tuple[datetime, datetime]]", st.lists(st.tuples(datetimes, datetimes), max_size=3)),
    ("Iterable[datetime]", st.lists(datetimes, max_size=3)),
    ("datetime", datetimes),
    ("timedelta", durations),
    ("date", dates),
    ("WorkingCalendar", st.sampled_from([kyiv_calendar(), ROUND_THE_CLOCK])),
    ("Any", arrays),
    ("int", st.one_of(integers, years)),
    ("str", st.sampled_from(["Europe/Kyiv", "Mars/Olympus", "", "09:00-18:00", "x" * 300])),
]


def argument(annotation: str) -> st.SearchStrategy[Any]:
    """Mostly values of the annotated type (hostile ones), sometimes anything at all."""
    for text, strategy in BY_ANNOTATION:
        if text in annotation:
            return st.one_of(strategy, strategy, JUNK, durations, datetimes)
    return st.one_of(JUNK, durations, datetimes, dates, integers)


@dataclass(frozen=True)
class Target:
    """A callable under test, and the annotations of its positional parameters."""

    name: str
    call: Callable[..., object]
    annotations: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, name: str, call: Callable[..., object]) -> Target:
        parameters = inspect.signature(call).parameters.values()
        return cls(
            name,
            call,
            tuple(
                str(p.annotation)
                for p in parameters
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                and p.default is inspect.Parameter.empty
            ),
        )


HAVANA = WorkingCalendar.build(
    "America/Havana", {"mon-sun": "00:00-02:00, 09:00-18:00, 22:00-24:00"}
)
CALENDARS = {"kyiv": kyiv_calendar(), "24-7": ROUND_THE_CLOCK, "havana": HAVANA}


def _methods() -> list[Target]:
    targets = []
    for label, calendar in CALENDARS.items():
        for name, member in inspect.getmembers(WorkingCalendar):
            if name.startswith("_") or not inspect.isfunction(member):
                continue
            targets.append(Target.of(f"{label}.{name}", getattr(calendar, name)))
        line = WorkingTimeLine(calendar, 2021, 2022) if calendar is not ROUND_THE_CLOCK else None
        if line is not None:
            for name in ("worked", "reach", "reach_back"):
                targets.append(Target.of(f"{label}.line.{name}", getattr(line, name)))
    return targets


TARGETS = [
    *_methods(),
    Target.of("WorkingCalendar.build", WorkingCalendar.build),
    Target.of("kyiv_calendar", kyiv_calendar),
    Target.of("WeeklyHours.parse", WeeklyHours.parse),
    Target.of("TimeSpan.parse", TimeSpan.parse),
    Target.of("TimeSpan.of", TimeSpan.of),
    Target.of("parse_day_hours", parse_day_hours),
    Target.of("add_working_time_array", add_working_time_array),
    Target.of("working_time_between_array", working_time_between_array),
    Target("WorkingTimeLine", WorkingTimeLine, ("WorkingCalendar", "int", "int")),
    Target("TimeSpan", TimeSpan, ("int", "int")),
    Target("UkraineHolidays.marks", UkraineHolidays().marks, ("int", "int")),
    Target("CountryHolidays.marks", CountryHolidays("PL").marks, ("int", "int")),
]


def _consume(result: object) -> None:
    """Run a lazy answer (an iterator of working days) far enough to see it work."""
    if isinstance(result, Iterator):
        for _ in itertools.islice(result, 2000):
            pass


@settings(max_examples=10 * settings.default.max_examples)  # many callables share it
@given(st.data())
def test_every_calendar_call_returns_or_raises_a_package_error(data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(TARGETS), label="callable")
    arguments = [
        data.draw(argument(annotation), label=f"{target.name} argument {index}")
        for index, annotation in enumerate(target.annotations)
    ]
    with contextlib.suppress(SlaCalendarError):
        _consume(target.call(*arguments))


@given(
    st.sampled_from(["09:00-18:00", 9, None, ["uk"], b"09:00"]),
    st.sampled_from([None, "uk", "en_US", ["uk"], 5]),
    st.sampled_from([False, True, 1, "yes"]),
    st.sampled_from([None, date(2025, 1, 1), date(2020, 1, 1), "2025-01-01"]),
)
def test_kyiv_calendar_options_return_or_raise_a_package_error(
    hours: object, language: object, shorten: object, end: object
) -> None:
    try:
        calendar = kyiv_calendar(
            workday_hours=hours,  # type: ignore[arg-type]
            language=language,  # type: ignore[arg-type]
            shorten_eve_of_holidays=shorten,  # type: ignore[arg-type]
            martial_law_end=end,  # type: ignore[arg-type]
        )
    except SlaCalendarError:
        return
    calendar.add_working_time(datetime(2026, 1, 5, 10, tzinfo=UTC), timedelta(hours=30))


@given(
    st.sampled_from(["UTC", "Europe/Kyiv", 5, None, "Nowhere/Else"]),
    st.sampled_from([{"mon-fri": "09:00-18:00"}, {}, {"mon": 9}, ["09:00-18:00"] * 7, "x"]),
    st.sampled_from([(), None, [date(2026, 1, 1)], "2026-01-01", [None], 5, [[1]]]),
    st.sampled_from([None, {}, {date(2026, 1, 3): "10:00-12:00"}, [1], {"x": "y"}]),
    st.sampled_from([timedelta(0), timedelta(hours=1), -timedelta(hours=1), 3600, None]),
)
def test_building_a_calendar_returns_or_raises_a_package_error(
    zone: object, hours: object, closed: object, extra: object, eve: object
) -> None:
    try:
        calendar = WorkingCalendar.build(
            zone,  # type: ignore[arg-type]
            hours,  # type: ignore[arg-type]
            closed_dates=closed,  # type: ignore[arg-type]
            extra_working_dates=extra,  # type: ignore[arg-type]
            eve_shortening=eve,  # type: ignore[arg-type]
        )
    except SlaCalendarError:
        return
    calendar.working_time_between(
        datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 10, tzinfo=UTC)
    )


# -------------------------------------------------------- hand-picked, with their errors


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        pytest.param(
            lambda: WorkingCalendar.build("UTC", {"mon": "09:00-10:00"}, closed_dates=None),
            "ArgumentTypeError",
            "closed_dates must be an iterable of datetime.date, got NoneType None",
            id="build-closed-dates-none",
        ),
        pytest.param(
            lambda: kyiv_calendar(language=["uk"]),
            "ArgumentTypeError",
            "language must be a language code such as 'uk', or None, got list ['uk']",
            id="kyiv-calendar-language-list",
        ),
        pytest.param(
            lambda: add_working_time_array("x", np.array([1], dtype=np.int64), 5),
            "ArgumentTypeError",
            "calendar must be a WorkingCalendar, got str 'x'",
            id="array-calendar-as-text",
        ),
        pytest.param(
            lambda: kyiv_calendar().add_working_time_us(1.5, 5),
            "ArgumentTypeError",
            "start_us must be an int of µs since 0001-01-01T00:00Z, got float 1.5",
            id="add-us-float-start",
        ),
        pytest.param(
            lambda: kyiv_calendar().add_working_time_us(63_700_000_000_000_000, True),
            "ArgumentTypeError",
            "duration_us must be an int of µs, got bool True",
            id="add-us-bool-duration",
        ),
        pytest.param(
            lambda: kyiv_calendar().add_working_time(
                datetime(2026, 1, 5, 10, tzinfo=OddOffset(DAY)), timedelta(hours=1)
            ),
            "InvalidValueError",
            "start=datetime.datetime(2026, 1, 5, 10, 0, tzinfo=OddOffset(datetime.timedelta("
            "days=1))) has a tzinfo whose UTC offset is unusable (offset must be a timedelta "
            "strictly between -timedelta(hours=24) and timedelta(hours=24).); expected a "
            "tzinfo giving an offset strictly between -24 and 24 hours",
            id="tzinfo-offset-of-a-day",
        ),
        pytest.param(
            lambda: kyiv_calendar().working_time_between(
                datetime(2026, 1, 5, 10, tzinfo=UTC), datetime(2026, 1, 5, tzinfo=OddOffset(5))
            ),
            "InvalidValueError",
            "end=datetime.datetime(2026, 1, 5, 0, 0, tzinfo=OddOffset(5)) has a tzinfo whose "
            "UTC offset is unusable (tzinfo.utcoffset() must return None or timedelta, not "
            "'int'); expected a tzinfo giving an offset strictly between -24 and 24 hours",
            id="tzinfo-offset-not-a-timedelta",
        ),
        pytest.param(
            lambda: kyiv_calendar().local_year_us("2026"),
            "ArgumentTypeError",
            "us must be an int of µs since 0001-01-01T00:00Z, got str '2026'",
            id="local-year-of-text",
        ),
        pytest.param(
            lambda: kyiv_calendar().working_intervals_us(2020, 1.5),
            "ArgumentTypeError",
            "last_year must be an int, got float 1.5",
            id="intervals-float-year",
        ),
        pytest.param(
            lambda: ROUND_THE_CLOCK.add_working_time_us(0, 2**100),
            "OutOfRangeError",
            "the result, 1267650600228229401496703205376 µs after 0001-01-01T00:00Z, is "
            "outside the datetime range (years 1..9999)",
            id="round-the-clock-int-beyond-9999",
        ),
    ],
)
def test_wrong_values_get_the_package_error(
    call: Callable[[], object], error: str, message: str
) -> None:
    with pytest.raises(SlaCalendarError) as raised:
        call()
    assert type(raised.value).__name__ == error
    assert str(raised.value) == message


# ----------------------------------------------------- refusals and extremes, at once


@dataclass(frozen=True, eq=False)
class CountedHolidays:
    """Ukraine's holidays, counting the blocks of years a calendar asks for."""

    asked: list[tuple[int, int]] = field(default_factory=list)

    def marks(self, first_year: int, last_year: int) -> dict[date, DayMark]:
        self.asked.append((first_year, last_year))
        return UkraineHolidays().marks(first_year, last_year)


def _counted() -> tuple[WorkingCalendar, CountedHolidays]:
    source = CountedHolidays()
    return WorkingCalendar.build("Europe/Kyiv", {"mon-fri": "09:00-18:00"}, holidays=source), source


@pytest.mark.parametrize(
    "duration",
    [timedelta.max, timedelta.min, DAY * 365 * 401, -DAY * 365 * 401, DAY * 365 * 200],
    ids=["max", "min", "401-years", "minus-401-years", "200-years-of-a-9-hour-day"],
)
def test_a_duration_out_of_reach_is_refused_before_any_year_is_built(
    duration: timedelta,
) -> None:
    calendar, source = _counted()
    start = datetime(2026, 11, 20, 10, tzinfo=UTC)
    for refuse in (
        lambda: calendar.add_working_time(start, duration),
        lambda: calendar.add_working_time_many([start], duration),
        lambda: calendar.add_working_time_us(63_900_000_000_000_000, duration // US),
    ):
        with pytest.raises(
            OutOfRangeError,
            match=r"^duration: the answer lies more than 400 years away; expected a shorter span$",
        ):
            refuse()
    assert source.asked == []  # working time never runs faster than real time, or 9 h a day


EXTREMES = [
    datetime.min.replace(tzinfo=timezone(DAY - US)),
    datetime.min.replace(tzinfo=UTC),
    datetime.min.replace(tzinfo=timezone(-(DAY - US))),
    datetime.max.replace(tzinfo=timezone(DAY - US)),
    datetime.max.replace(tzinfo=UTC),
    datetime.max.replace(tzinfo=timezone(-(DAY - US))),
    datetime.max.replace(tzinfo=ZoneInfo("Pacific/Kiritimati")),
    datetime.min.replace(tzinfo=ZoneInfo("Etc/GMT+12")),
]


@pytest.mark.parametrize("moment", EXTREMES, ids=lambda t: f"{t.year}{t.utcoffset()}")
def test_instants_at_the_ends_of_time_answer_from_the_nearest_years(moment: datetime) -> None:
    """Each method answers or raises OutOfRangeError, asking for the years at hand only."""
    calendar, source = _counted()
    calls: list[Callable[[], object]] = [
        lambda: calendar.add_working_time(moment, timedelta(hours=5)),
        lambda: calendar.add_working_time(moment, -timedelta(hours=5)),
        lambda: calendar.add_working_time(moment, timedelta(0)),
        lambda: calendar.working_time_between(moment, moment),
        lambda: calendar.is_working_time(moment),
        lambda: calendar.next_opening(moment),
        lambda: calendar.next_closing(moment),
        lambda: calendar.previous_opening(moment),
        lambda: calendar.previous_closing(moment),
        lambda: calendar.working_periods(moment, moment.replace(tzinfo=UTC)),
    ]
    for call in calls:
        with contextlib.suppress(OutOfRangeError):
            call()
    # Marks come in blocks of 8 years: the first block and the last, each asked once.
    assert all(last <= 8 or first >= 9990 for first, last in source.asked), source.asked
    assert len(source.asked) == len(set(source.asked)) <= 2
