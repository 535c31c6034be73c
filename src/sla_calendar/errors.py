"""The package's exceptions: one tree, rooted in :class:`SlaCalendarError`.

Every error the library raises on purpose is a :class:`SlaCalendarError`, so
``except SlaCalendarError`` catches them all. Each leaf also subclasses the
built-in exception it is a case of, so code that expects ``ValueError`` or
``TypeError`` keeps working::

    SlaCalendarError
    ├── ArgumentTypeError (TypeError)      a value of the wrong type
    ├── InvalidValueError (ValueError)     a value of the right type but unusable
    │   ├── NaiveDatetimeError             a datetime without a time zone
    │   ├── UnknownZoneError               a time-zone name the zone database lacks
    │   ├── InvalidHoursError              working hours that are empty, reversed or overlap
    │   ├── NoWorkingTimeError             a calendar that never works
    │   ├── TicketEventError               ticket events out of order or impossible
    │   └── InvalidCouponError             a malformed coupon code or a bad renewal
    └── OutOfRangeError (ValueError)       a result outside years 1..9999 or a span too long

Messages name the parameter, the value received and what was expected.
"""

from __future__ import annotations

__all__ = [
    "ArgumentTypeError",
    "InvalidCouponError",
    "InvalidHoursError",
    "InvalidValueError",
    "NaiveDatetimeError",
    "NoWorkingTimeError",
    "OutOfRangeError",
    "SlaCalendarError",
    "TicketEventError",
    "UnknownZoneError",
]


class SlaCalendarError(Exception):
    """Root of every error raised on purpose by sla_calendar."""


class ArgumentTypeError(SlaCalendarError, TypeError):
    """An argument has the wrong type (e.g. a float where a timedelta is expected)."""


class InvalidValueError(SlaCalendarError, ValueError):
    """An argument has the right type but a value that cannot be used."""


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone was given; sla_calendar never guesses one."""


class UnknownZoneError(InvalidValueError):
    """A time-zone name is not in the IANA zone database."""


class InvalidHoursError(InvalidValueError):
    """Working hours are malformed: end not after start, overlapping, or unparsable."""


class NoWorkingTimeError(InvalidValueError):
    """A calendar has no working time at all, or a search found none where it must."""


class OutOfRangeError(SlaCalendarError, ValueError):
    """A result would fall outside years 1..9999, or a query spans too many years."""


class TicketEventError(InvalidValueError):
    """A ticket's events cannot be replayed: out of order, impossible, or after ``now``."""


class InvalidCouponError(InvalidValueError):
    """A coupon code is malformed, or a coupon operation is inconsistent."""
