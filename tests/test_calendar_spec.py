"""Calendars from plain values (``calendar_from_spec``), as the audit's JSON file holds them.

A spec must give the very calendar the Python API builds from the same values, refuse
anything it does not know (a misspelt key changes nothing silently otherwise), and name
the field at fault, its value and what was expected. The audit command reads such specs
with ``--client-calendars``; its tests are in ``test_cli_client_calendars.py``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    ArgumentTypeError,
    CountryHolidays,
    InvalidHoursError,
    InvalidValueError,
    NoWorkingTimeError,
    SlaCalendarError,
    UkraineHolidays,
    UnknownZoneError,
    WorkingCalendar,
    calendar_from_spec,
    calendars_from_specs,
    kyiv_calendar,
)

NINE_TO_SIX = {"mon-fri": "09:00-18:00"}


def test_every_key_gives_the_calendar_the_python_api_builds() -> None:
    spec = {
        "zone": "Europe/Warsaw",
        "hours": {"mon-fri": "08:00-12:00, 13:00-17:00", "sat": "10:00-14:00"},
        "holidays": "PL",
        "closed_dates": ["2026-12-24", "2026-12-31"],
        "extra_working_dates": {"2026-12-27": "10:00-14:00"},
        "transferred_day_hours": "09:00-15:00",
        "eve_shortening_minutes": 60,
    }
    built = WorkingCalendar.build(
        "Europe/Warsaw",
        {"mon-fri": "08:00-12:00, 13:00-17:00", "sat": "10:00-14:00"},
        holidays=CountryHolidays("PL"),
        closed_dates=[date(2026, 12, 24), date(2026, 12, 31)],
        extra_working_dates={date(2026, 12, 27): "10:00-14:00"},
        transferred_day_hours="09:00-15:00",
        eve_shortening=timedelta(hours=1),
    )
    assert calendar_from_spec(spec) == built
    assert calendar_from_spec(json.loads(json.dumps(spec))) == built  # as read from a file


def test_r6_ua_is_ukraines_law_the_regulations_calendar() -> None:
    spec = {"zone": "Europe/Kyiv", "hours": NINE_TO_SIX, "holidays": "UA"}
    assert calendar_from_spec(spec) == kyiv_calendar()
    assert calendar_from_spec({**spec, "holidays": "ua"}) == kyiv_calendar()


def test_ukraines_martial_law_options_and_a_countrys_subdivision() -> None:
    ukraine: dict[str, object] = {"country": "UA", "martial_law_end": "2027-03-01"}
    ukraine["holidays_off_during_martial_law"] = True
    spec = {"zone": "Europe/Kyiv", "hours": NINE_TO_SIX, "holidays": ukraine}
    source = UkraineHolidays(date(2027, 3, 1), holidays_off_during_martial_law=True)
    assert calendar_from_spec(spec).holidays == source
    bavaria: dict[str, object] = {"zone": "Europe/Berlin", "hours": NINE_TO_SIX}
    bavaria["holidays"] = {"country": "DE", "subdiv": "BY"}
    assert calendar_from_spec(bavaria).holidays == CountryHolidays("DE", subdiv="BY")
    lower = {"zone": "Europe/Warsaw", "hours": NINE_TO_SIX, "holidays": "pl"}
    assert calendar_from_spec(lower).holidays == CountryHolidays("PL")  # codes in any case
    # 6 January (Epiphany) is a holiday in Bavaria, not in Berlin
    assert not calendar_from_spec(bavaria).is_working_day(date(2026, 1, 6))


def test_no_holidays_key_and_null_holidays_mean_no_holidays() -> None:
    plain = calendar_from_spec({"zone": "UTC", "hours": NINE_TO_SIX})
    assert plain == calendar_from_spec({"zone": "UTC", "hours": NINE_TO_SIX, "holidays": None})
    assert plain.holidays is None
    assert plain.is_working_day(date(2026, 1, 1))


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        pytest.param(
            [1, 2],
            ArgumentTypeError,
            "acme must be a mapping (a JSON object), got list [1, 2]",
            id="not-an-object",
        ),
        pytest.param(
            {"hours": NINE_TO_SIX},
            InvalidValueError,
            "acme has no 'zone'; expected one (required)",
            id="zone-is-required",
        ),
        pytest.param(
            {"zone": "Europe/Kyiv", "hours": NINE_TO_SIX, "holiday": "UA"},
            InvalidValueError,
            "acme has an unknown key 'holiday'; expected keys among zone, hours, holidays, "
            "closed_dates, extra_working_dates, transferred_day_hours, eve_shortening_minutes",
            id="a-misspelt-key-is-refused-not-ignored",
        ),
        pytest.param(
            {"zone": "Mars/Olympus", "hours": NINE_TO_SIX},
            UnknownZoneError,
            "acme: zone='Mars/Olympus' is not a known IANA time zone",
            id="unknown-zone",
        ),
        pytest.param(
            {"zone": 2, "hours": NINE_TO_SIX},
            ArgumentTypeError,
            "acme.zone must be an IANA zone name (str), got int 2",
            id="zone-not-a-string",
        ),
        pytest.param(
            {"zone": "UTC", "hours": {"mon-fri": "18:00-09:00"}},
            InvalidHoursError,
            "acme.hours: time span '18:00-09:00' ends at or before it starts",
            id="reversed-hours",
        ),
        pytest.param(
            {"zone": "UTC", "hours": {}},
            NoWorkingTimeError,
            "acme: weekly_hours=mon off; tue off; wed off; thu off; fri off; sat off; sun off "
            "has no working time",
            id="a-calendar-that-never-works",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "holidays": "XX"},
            InvalidValueError,
            "acme.holidays: country='XX' (subdiv=None) is not supported by the holidays package",
            id="unknown-country-refused-at-once-not-at-first-use",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "holidays": {"country": "UA", "subdiv": "30"}},
            InvalidValueError,
            "acme.holidays has an unknown key 'subdiv'; expected keys among country, "
            "martial_law_end, holidays_off_during_martial_law",
            id="ukraine-takes-no-subdivision",
        ),
        pytest.param(
            {
                "zone": "UTC",
                "hours": NINE_TO_SIX,
                "holidays": {"country": "UA", "martial_law_end": "2020-01-01"},
            },
            InvalidValueError,
            "acme.holidays: martial_law_end=2020-01-01 is before martial law began",
            id="martial-law-ending-before-it-began",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "closed_dates": ["2024-02-30"]},
            InvalidValueError,
            "acme.closed_dates[0]='2024-02-30' is invalid; expected a date as YYYY-MM-DD",
            id="no-30-february",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "closed_dates": "2024-02-03"},
            ArgumentTypeError,
            "acme.closed_dates must be a list of dates (YYYY-MM-DD), got str '2024-02-03'",
            id="closed-dates-a-string-not-a-list",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "extra_working_dates": {"2024-02-03": "10-12"}},
            InvalidHoursError,
            "acme.extra_working_dates['2024-02-03']: time span '10-12' is not understood",
            id="extra-date-hours-unreadable",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "transferred_day_hours": 5},
            ArgumentTypeError,
            "acme.transferred_day_hours must be a string like '09:00-18:00'",
            id="transferred-day-hours-a-number",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "eve_shortening_minutes": 1.5},
            ArgumentTypeError,
            "acme.eve_shortening_minutes must be a whole number of minutes (int), got float 1.5",
            id="eve-shortening-not-whole-minutes",
        ),
        pytest.param(
            {"zone": "UTC", "hours": NINE_TO_SIX, "eve_shortening_minutes": 1440},
            InvalidValueError,
            "acme.eve_shortening_minutes=1440 is invalid; expected minutes in 0..1439",
            id="eve-shortening-a-whole-day",
        ),
    ],
)
def test_bad_specs_are_refused_naming_the_field(
    spec: object, error: type[SlaCalendarError], message: str
) -> None:
    with pytest.raises(error) as raised:
        calendar_from_spec(spec, "acme")
    assert str(raised.value).startswith(message)


def test_calendars_from_specs_names_each_client() -> None:
    calendars = calendars_from_specs(
        {
            "acme": {"zone": "Europe/Warsaw", "hours": NINE_TO_SIX, "holidays": "PL"},
            "beta": {"zone": "Europe/Kyiv", "hours": NINE_TO_SIX, "holidays": "UA"},
        }
    )
    assert calendars["beta"] == kyiv_calendar()
    assert calendars["acme"].zone == "Europe/Warsaw"
    with pytest.raises(InvalidValueError, match=r"^clients\['beta'\]\.hours: "):
        calendars_from_specs({"beta": {"zone": "UTC", "hours": {"mon": "9-5"}}}, "clients")
    with pytest.raises(ArgumentTypeError, match=r"^client_calendars must be a mapping"):
        calendars_from_specs([("acme", {})])
    with pytest.raises(ArgumentTypeError, match=r"^client_calendars key must be a str"):
        calendars_from_specs({1: {"zone": "UTC", "hours": NINE_TO_SIX}})


_MINUTES = st.integers(0, 24 * 60 - 1)


@st.composite
def day_hours(draw: st.DrawFn) -> str:
    """One day's hours as text: up to two ordered spans on whole minutes, or none."""
    cuts = sorted(draw(st.sets(_MINUTES.map(lambda m: m + 1), min_size=0, max_size=4)))
    cuts = cuts[: len(cuts) // 2 * 2]
    spans = zip(cuts[::2], cuts[1::2], strict=True)
    return ", ".join(f"{a // 60:02}:{a % 60:02}-{b // 60:02}:{b % 60:02}" for a, b in spans)


@given(
    st.lists(day_hours(), min_size=7, max_size=7),
    st.lists(st.dates(date(2020, 1, 1), date(2030, 12, 31)), max_size=5),
    st.sampled_from([None, "UA", "PL", "GB"]),
    _MINUTES,
)
def test_a_spec_read_from_json_is_the_calendar_built_from_its_values(
    week: list[str], closed: list[date], country: str | None, eve: int
) -> None:
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    hours = dict(zip(names, week, strict=True))
    spec = {
        "zone": "Europe/Kyiv",
        "hours": hours,
        "holidays": country,
        "closed_dates": [day.isoformat() for day in closed],
        "eve_shortening_minutes": eve,
    }
    sources = {None: None, "UA": UkraineHolidays()}
    source = sources[country] if country in sources else CountryHolidays(str(country))
    try:
        expected = WorkingCalendar.build(
            "Europe/Kyiv",
            hours,
            holidays=source,
            closed_dates=closed,
            eve_shortening=timedelta(minutes=eve),
        )
    except NoWorkingTimeError:
        with pytest.raises(NoWorkingTimeError, match=r"^spec: "):
            calendar_from_spec(json.loads(json.dumps(spec)), "spec")
        return
    assert calendar_from_spec(json.loads(json.dumps(spec)), "spec") == expected
