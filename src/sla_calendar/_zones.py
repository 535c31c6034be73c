"""The one loader of IANA time zones, for every part (calendars, timestamps, the CLI)."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sla_calendar._checks import wrong_type
from sla_calendar.errors import UnknownZoneError

__all__ = ["load_zone"]


def load_zone(name: object, field: str = "zone") -> tzinfo:
    """The IANA zone ``name``; :class:`UnknownZoneError` (or a type error) naming ``field``.

    >>> load_zone("Europe/Kyiv")
    zoneinfo.ZoneInfo(key='Europe/Kyiv')
    >>> load_zone("Mars/Olympus", "assume_tz")
    Traceback (most recent call last):
    sla_calendar.errors.UnknownZoneError: assume_tz='Mars/Olympus' is not a known IANA time \
zone; expected a name such as 'Europe/Kyiv'
    """
    if not isinstance(name, str):
        raise wrong_type(field, "an IANA time-zone name (str) such as 'Europe/Kyiv'", name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a name too long for the file system is still just an unknown zone.
        raise UnknownZoneError(
            f"{field}={name!r} is not a known IANA time zone; expected a name such as 'Europe/Kyiv'"
        ) from None
