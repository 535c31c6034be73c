"""Timestamps read from exported files, as integer microseconds on the UTC line.

The rules, for every column of an audit input:

* ISO 8601 with a UTC offset (``2026-11-20T17:30+02:00``, ``2026-11-20 15:30Z``) is read
  as written.
* A timestamp without an offset is refused, unless the caller names the zone it was
  written in (``assume_tz="Europe/Kyiv"``). Even then a wall time that happens twice (the
  night clocks go back) or never (the night they go forward) is refused: only an offset
  can say which instant it was.
* Only ISO 8601 is understood by default. Any other layout, such as the day-first
  ``29/2/2016 01:16`` of a ServiceNow export, must be declared with a ``strptime``
  format (``timestamp_format="%d/%m/%Y %H:%M"``); ``03/05/2016`` is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sla_calendar._checks import require_optional, require_type, wrong_type
from sla_calendar._format import short_repr
from sla_calendar._instants import instant_to_us
from sla_calendar._zones import load_zone
from sla_calendar.errors import InvalidValueError

__all__ = ["TimestampRules"]


@dataclass(frozen=True, slots=True)
class TimestampRules:
    """How to read the timestamps of one input: a declared format and an assumed zone.

    * ``timestamp_format``: a :func:`datetime.strptime` format for inputs that are not ISO
      8601 (day-first dates must be declared this way); None reads ISO 8601 only.
    * ``assume_tz``: the IANA zone of timestamps written without an offset; None refuses
      them.

    >>> rules = TimestampRules(assume_tz="Europe/Kyiv")
    >>> rules.parse("2026-11-20T17:30+02:00", "received_at") == rules.parse(
    ...     "2026-11-20 17:30", "received_at")
    True
    >>> TimestampRules().parse("2026-11-20 17:30", "received_at")
    Traceback (most recent call last):
    ...
    sla_calendar.errors.InvalidValueError: received_at='2026-11-20 17:30' has no UTC offset; \
expected ISO 8601 with an offset such as '2026-11-20T17:30+02:00', or name the zone it was \
written in (assume_tz)
    """

    timestamp_format: str | None = None
    assume_tz: str | None = None

    def __post_init__(self) -> None:
        require_optional(self.timestamp_format, str, "timestamp_format")
        require_optional(self.assume_tz, str, "assume_tz", "an IANA time-zone name (str) or None")
        if self.assume_tz is not None:
            load_zone(self.assume_tz, "assume_tz")

    def parse(self, text: str, column: str) -> int:
        """Microseconds on the UTC line of ``text``, read under these rules; else raise.

        Raises :class:`InvalidValueError` naming ``column``, the value and what was
        expected.
        """
        if type(text) is not str or type(column) is not str:
            require_type(text, str, "text")
            require_type(column, str, "column")
        stripped = text.strip()
        try:
            if self.timestamp_format is None:
                moment = datetime.fromisoformat(stripped)
            else:
                moment = datetime.strptime(stripped, self.timestamp_format)  # noqa: DTZ007
        except ValueError:
            expected = (
                "ISO 8601 such as '2026-11-20T17:30+02:00'"
                if self.timestamp_format is None
                else f"the declared format {self.timestamp_format!r}"
            )
            raise InvalidValueError(
                f"{column}={short_repr(text)} is not a timestamp; expected {expected}"
            ) from None
        if moment.tzinfo is not None:
            return instant_to_us(moment, column)
        if self.assume_tz is None:
            raise InvalidValueError(
                f"{column}={short_repr(text)} has no UTC offset; expected ISO 8601 with an offset "
                "such "
                "as '2026-11-20T17:30+02:00', or name the zone it was written in (assume_tz)"
            )
        return self.localize(moment, column, text)

    def localize(self, moment: datetime, column: str, text: str) -> int:
        """A naive wall time in ``assume_tz`` as µs; refused when it is ambiguous or skipped."""
        if not isinstance(moment, datetime) or moment.tzinfo is not None:
            raise wrong_type("moment", "a naive datetime (a wall time)", moment)
        require_type(column, str, "column")
        require_type(text, str, "text")
        if self.assume_tz is None:
            raise InvalidValueError(
                f"{column}={short_repr(text)} has no UTC offset and assume_tz is None; "
                "expected the rules to name the zone it was written in (assume_tz)"
            )
        zone = load_zone(self.assume_tz, "assume_tz")
        first = moment.replace(tzinfo=zone, fold=0)
        second = moment.replace(tzinfo=zone, fold=1)
        if first.utcoffset() == second.utcoffset():
            return instant_to_us(first, column)
        first_us = instant_to_us(first, column)
        second_us = instant_to_us(second, column)
        what = "happened twice" if first_us < second_us else "never happened"
        raise InvalidValueError(
            f"{column}={short_repr(text)} {what} in {self.assume_tz} (a clock change); expected a "
            "timestamp with a UTC offset for this hour"
        )
