"""A working calendar from plain values, such as a JSON file holds.

:func:`calendar_from_spec` turns a mapping of strings, numbers, lists and mappings into a
:class:`~sla_calendar.calendar.working.WorkingCalendar`; :func:`calendars_from_specs`
does it for a mapping of names (client ids) to such mappings, as the ``audit``
command's ``--client-calendars`` file holds. A spec::

    {
      "zone": "Europe/Warsaw",
      "hours": {"mon-fri": "08:00-12:00, 13:00-17:00"},
      "holidays": "PL",
      "closed_dates": ["2026-12-24"],
      "extra_working_dates": {"2026-12-27": "10:00-14:00"},
      "transferred_day_hours": "09:00-15:00",
      "eve_shortening_minutes": 60
    }

``zone`` and ``hours`` are required, the rest optional. ``holidays`` is None (no
holidays), ``"UA"`` (Ukraine's law, :class:`~sla_calendar.calendar.ukraine.UkraineHolidays`:
transfers and martial law included), any other ISO 3166 code the ``holidays`` package
knows (:class:`~sla_calendar.calendar.days.CountryHolidays`), or a mapping with
``country`` and, for other countries, ``subdiv``, or, for ``"UA"``, ``martial_law_end``
and ``holidays_off_during_martial_law``. A key not listed here is refused: a misspelt
key would otherwise change nothing, silently. Errors name the spec's field
(``client_calendars['acme'].hours``), the value and what was expected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import partial
from typing import Any, Final, TypeVar

from sla_calendar._checks import invalid_value, require_type, wrong_type
from sla_calendar.calendar.days import CountryHolidays, HolidaySource
from sla_calendar.calendar.hours import DayHours, WeeklyHours, parse_day_hours
from sla_calendar.calendar.ukraine import UkraineHolidays
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError, SlaCalendarError

__all__ = ["SPEC_KEYS", "calendar_from_spec", "calendars_from_specs"]

SPEC_KEYS: Final = (
    "zone",
    "hours",
    "holidays",
    "closed_dates",
    "extra_working_dates",
    "transferred_day_hours",
    "eve_shortening_minutes",
)
"""The keys a calendar spec may have; ``zone`` and ``hours`` are required."""

T = TypeVar("T")

_UKRAINE_KEYS: Final = ("country", "martial_law_end", "holidays_off_during_martial_law")
_COUNTRY_KEYS: Final = ("country", "subdiv")


def calendar_from_spec(spec: object, name: str = "calendar") -> WorkingCalendar:
    """The :class:`WorkingCalendar` a spec of plain values describes (see the module).

    ``name`` is how errors call the spec.

    >>> warsaw = calendar_from_spec(
    ...     {"zone": "Europe/Warsaw", "hours": {"mon-fri": "08:00-16:00"}, "holidays": "PL"}
    ... )
    >>> warsaw.is_working_day(date(2024, 11, 11))  # National Independence Day
    False
    >>> calendar_from_spec({"zone": "Europe/Kyiv", "hours": {}, "hollidays": "UA"})
    Traceback (most recent call last):
    sla_calendar.errors.InvalidValueError: calendar has an unknown key 'hollidays'; expected \
keys among zone, hours, holidays, closed_dates, extra_working_dates, \
transferred_day_hours, eve_shortening_minutes
    """
    fields = _fields(spec, name, SPEC_KEYS, required=("zone", "hours"))
    zone = require_type(fields["zone"], str, f"{name}.zone", "an IANA zone name (str)")
    weekly = _built(f"{name}.hours", partial(WeeklyHours.parse, fields["hours"]))
    closed = _dates(fields.get("closed_dates", []), f"{name}.closed_dates")
    extra = _extra_dates(fields.get("extra_working_dates", {}), f"{name}.extra_working_dates")
    transferred = fields.get("transferred_day_hours")
    if transferred is not None:
        field = f"{name}.transferred_day_hours"
        transferred = _built(field, partial(parse_day_hours, transferred, field))
    eve = _minutes(fields.get("eve_shortening_minutes", 0), f"{name}.eve_shortening_minutes")
    holidays = _holidays(fields.get("holidays"), f"{name}.holidays")
    return _built(
        name,
        partial(
            WorkingCalendar.build,
            zone,
            weekly,
            holidays=holidays,
            closed_dates=closed,
            extra_working_dates=extra,
            transferred_day_hours=transferred,
            eve_shortening=eve,
        ),
    )


def calendars_from_specs(
    specs: object, name: str = "client_calendars"
) -> dict[str, WorkingCalendar]:
    """A calendar for each name (a client id) of a mapping of specs (see the module).

    >>> calendars = calendars_from_specs(
    ...     {"acme": {"zone": "Europe/Warsaw", "hours": {"mon-fri": "08:00-16:00"}}}
    ... )
    >>> calendars["acme"].zone
    'Europe/Warsaw'
    """
    if not isinstance(specs, Mapping):
        raise wrong_type(name, "a mapping of names (str) to calendar specs", specs)
    calendars: dict[str, WorkingCalendar] = {}
    for key, spec in specs.items():
        if not isinstance(key, str):
            raise wrong_type(f"{name} key", "a str", key)
        calendars[key] = calendar_from_spec(spec, f"{name}[{key!r}]")
    return calendars


def _fields(
    spec: object, name: str, allowed: tuple[str, ...], *, required: tuple[str, ...] = ()
) -> Mapping[str, Any]:
    """``spec`` if it is a mapping of the ``allowed`` str keys holding the ``required``."""
    if not isinstance(spec, Mapping):
        raise wrong_type(name, "a mapping (a JSON object)", spec)
    for key in spec:
        if key not in allowed:
            raise InvalidValueError(
                f"{name} has an unknown key {key!r}; expected keys among {', '.join(allowed)}"
            )
    for key in required:
        if key not in spec:
            raise InvalidValueError(f"{name} has no {key!r}; expected one (required)")
    return spec


def _built(name: str, build: Callable[[], T]) -> T:
    """``build()``, its errors told as the spec's (``name: ...``)."""
    try:
        return build()
    except SlaCalendarError as error:
        if str(error).startswith(name):
            raise
        raise type(error)(f"{name}: {error}") from None


def _dates(value: object, name: str) -> list[date]:
    """A list of ISO dates (``YYYY-MM-DD`` strings) as dates."""
    if not isinstance(value, list):
        raise wrong_type(name, "a list of dates (YYYY-MM-DD)", value)
    return [_date(item, f"{name}[{index}]") for index, item in enumerate(value)]


def _date(value: object, name: str) -> date:
    text = require_type(value, str, name, "a date as a str (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid_value(name, text, "a date as YYYY-MM-DD") from None


def _extra_dates(value: object, name: str) -> dict[date, DayHours]:
    """A mapping of ISO dates to hours, as dates to checked hours."""
    if not isinstance(value, Mapping):
        raise wrong_type(name, "a mapping of dates (YYYY-MM-DD) to hours", value)
    extra: dict[date, DayHours] = {}
    for key, hours in value.items():
        field = f"{name}[{key!r}]"
        extra[_date(key, f"{name} key")] = _built(field, partial(parse_day_hours, hours, field))
    return extra


def _minutes(value: object, name: str) -> timedelta:
    minutes = require_type(value, int, name, "a whole number of minutes (int)")
    if not 0 <= minutes < 24 * 60:
        raise invalid_value(name, minutes, "minutes in 0..1439")
    return timedelta(minutes=minutes)


def _holidays(value: object, name: str) -> HolidaySource | None:
    """The holiday source a spec names (see the module), checked now, not at first use."""
    if value is None:
        return None
    if isinstance(value, str):
        value = {"country": value}
    fields = _fields(value, name, (*_UKRAINE_KEYS, "subdiv"), required=("country",))
    code = require_type(fields["country"], str, f"{name}.country", "an ISO 3166 code (str)")
    country = code.strip().upper()  # the holidays package knows codes in capitals only
    if country == "UA":
        _fields(fields, name, _UKRAINE_KEYS)
        end = fields.get("martial_law_end")
        return _built(
            name,
            lambda: UkraineHolidays(
                martial_law_end=None if end is None else _date(end, f"{name}.martial_law_end"),
                holidays_off_during_martial_law=fields.get(
                    "holidays_off_during_martial_law", False
                ),
            ),
        )
    _fields(fields, name, _COUNTRY_KEYS)
    subdiv = fields.get("subdiv")
    if subdiv is not None:
        require_type(subdiv, str, f"{name}.subdiv", "a subdivision code (str) or null")
    source = CountryHolidays(country, subdiv=subdiv)
    _built(name, lambda: source.first_year)  # an unknown country is refused here
    return source
