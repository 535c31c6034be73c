"""R9.6's monthly limit: what counts towards it, written once for intake and the audit.

A client's requests count towards the limit of the calendar month they were received in,
in the zone of the calendar in use (Kyiv by default): :func:`request_month`. A request
is a paid service when the client already had ``limit`` requests served in that month,
received no later than it (:func:`requests_before`, :func:`is_paid_service`): one
received at the same instant counts as earlier, so the 51st request of a month and every
later one are paid. :func:`~sla_calendar.intake.rules.over_monthly_limit` applies the
rule to one request and its client's history; the audit applies it to every ticket of
an export at once (:mod:`sla_calendar.audit.clients`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from sla_calendar._instants import instant_to_us, us_to_instant
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import OutOfRangeError

__all__ = ["is_paid_service", "request_month", "requests_before"]

_MIDDLE_US: Final = 5_000 * 365 * 86_400 * 1_000_000  # about year 5000: which end is near


def request_month(calendar: WorkingCalendar, moment: datetime) -> tuple[int, int]:
    """The calendar month R9.6 counts ``moment`` in: its year and month in ``calendar.tz``.

    >>> from sla_calendar import kyiv_calendar
    >>> request_month(kyiv_calendar(), datetime.fromisoformat("2026-11-30T22:30+00:00"))
    (2026, 12)

    An instant whose local date lies outside years 1..9999 (the last hours of 9999-12-31
    UTC east of Greenwich, the first of year 1 west of it) falls in a month of its own,
    before or after every representable one, so it never raises.
    """
    try:
        local = moment.astimezone(calendar.tz)
    except OverflowError:  # the conversion passes through UTC, which may be year 0 or 10000
        at_us = instant_to_us(moment, "moment")
        try:
            local = us_to_instant(at_us, calendar.tz)
        except OutOfRangeError:
            return (0, 12) if at_us < _MIDDLE_US else (10000, 1)
    return local.year, local.month


def requests_before(received_us: int, served_us: Sequence[int]) -> int:
    """How many of ``served_us`` (sorted µs) were received no later than ``received_us``.

    >>> requests_before(10, [5, 10, 10, 12])
    3
    """
    return bisect_right(served_us, received_us)


def is_paid_service(served_before: int, limit: int) -> bool:
    """True when ``served_before`` requests of the month already reach ``limit`` (R9.6)."""
    return served_before >= limit
