"""Conversions between aware datetimes and integer microseconds on the UTC line.

Internally every instant is an ``int``: microseconds since 0001-01-01T00:00Z.
Floats never appear, so arithmetic is exact at every scale the library supports.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

from sla_calendar.errors import (
    ArgumentTypeError,
    InvalidValueError,
    NaiveDatetimeError,
    OutOfRangeError,
)

UTC: Final = timezone.utc  # noqa: UP017  (explicit for readers)
US_PER_SECOND: Final = 1_000_000
US_PER_MINUTE: Final = 60 * US_PER_SECOND
US_PER_HOUR: Final = 60 * US_PER_MINUTE
US_PER_DAY: Final = 24 * US_PER_HOUR

EPOCH: Final = datetime(1, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH: Final = datetime(1, 1, 1)  # noqa: DTZ001  (local wall-clock arithmetic)
ONE_US: Final = timedelta(microseconds=1)
"""One microsecond: ``delta // ONE_US`` is a timedelta as integer microseconds."""
UNIX_EPOCH_SECONDS: Final = 62_135_596_800  # 0001-01-01 to 1970-01-01
UNIX_EPOCH_US: Final = UNIX_EPOCH_SECONDS * US_PER_SECOND
"""1970-01-01T00:00Z on our line: numpy and pandas count from there."""


_SURE_ZONES: Final = (ZoneInfo, timezone)


def plainly_aware(value: object) -> bool:
    """Whether ``value`` is a plain datetime in a ``ZoneInfo`` or a ``timezone``.

    The cheap check of a well-formed instant: those tzinfo classes always give an offset
    a datetime accepts. Anything else is not wrong for that, only checked with care
    (:func:`instant_to_us`), as another tzinfo's ``utcoffset`` may fail or be out of range.
    """
    return type(value) is datetime and type(value.tzinfo) in _SURE_ZONES


def instant_to_us(value: object, name: str) -> int:
    """Return an aware datetime as microseconds on the UTC line; refuse anything else.

    Subclasses (``pandas.Timestamp``) are read through their fields; their nanoseconds,
    if any, are dropped.
    """
    if type(value) is datetime:
        try:
            delta = value - EPOCH
        except (TypeError, ValueError):  # naive, or a tzinfo that gives no usable offset
            raise _unreadable(value, name) from None
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    if not isinstance(value, datetime):
        raise ArgumentTypeError(
            f"{name} must be a timezone-aware datetime, got {type(value).__name__} {value!r}"
        )
    try:
        offset = value.utcoffset()
    except (TypeError, ValueError):
        raise _unreadable(value, name) from None
    if offset is None:
        raise _naive(value, name)
    wall = (
        (value.toordinal() - 1) * 86_400 + value.hour * 3_600 + value.minute * 60 + value.second
    ) * 1_000_000 + value.microsecond
    return wall - offset // ONE_US


def _unreadable(value: datetime, name: str) -> InvalidValueError:
    """The error for a datetime whose UTC offset cannot be had: naive, or an odd tzinfo."""
    try:
        offset = value.utcoffset()
    except (TypeError, ValueError) as error:
        return InvalidValueError(
            f"{name}={value!r} has a tzinfo whose UTC offset is unusable ({error}); expected "
            "a tzinfo giving an offset strictly between -24 and 24 hours"
        )
    if offset is None:
        return _naive(value, name)
    return InvalidValueError(  # pragma: no cover - an offset that CPython refuses elsewhere
        f"{name}={value!r} cannot be placed on the UTC line; expected a usable tzinfo"
    )


def _naive(value: datetime, name: str) -> NaiveDatetimeError:
    return NaiveDatetimeError(
        f"{name}={value!r} is a naive datetime; expected a timezone-aware datetime "
        "(sla_calendar never guesses a time zone)"
    )


def us_to_instant(us: int, zone: tzinfo) -> datetime:
    """Return microseconds on the UTC line as an aware datetime in ``zone``.

    ``fromtimestamp`` of the whole second gives the wall time and fold; the microseconds
    are then added on the wall clock, which is exact because clock changes happen on
    whole seconds (and cheaper than ``replace``). A second occurrence of a wall time
    (fold 1) takes ``replace``, since wall-clock addition would drop the fold.
    """
    seconds, micros = divmod(us, US_PER_SECOND)
    try:
        moment = datetime.fromtimestamp(seconds - UNIX_EPOCH_SECONDS, zone)
    except (OverflowError, OSError, ValueError):  # beyond what the platform's time_t holds
        return _us_to_instant_slow(us, zone)
    if not micros:
        return moment
    if moment.fold:
        return moment.replace(microsecond=micros)
    return moment + timedelta(0, 0, micros)


def _us_to_instant_slow(us: int, zone: tzinfo) -> datetime:
    try:
        return (EPOCH + timedelta(microseconds=us)).astimezone(zone)
    except OverflowError:
        pass
    # Just outside the UTC range, yet a valid local time (year 1 east of Greenwich, year
    # 9999 west of it): no clock changes there, so the edge's offset applies.
    edge = datetime.min.replace(tzinfo=zone) if us < 0 else datetime.max.replace(tzinfo=zone)
    offset = edge.utcoffset()
    try:
        assert offset is not None
        local = _NAIVE_EPOCH + timedelta(microseconds=us + offset // ONE_US)
    except OverflowError:
        raise OutOfRangeError(
            f"the result, {us} µs after 0001-01-01T00:00Z, is outside the datetime range "
            "(years 1..9999)"
        ) from None
    return local.replace(tzinfo=zone)


def duration_to_us(value: object, name: str) -> int:
    """Return a timedelta as integer microseconds; refuse numbers and other types."""
    if not isinstance(value, timedelta):
        raise ArgumentTypeError(
            f"{name} must be a datetime.timedelta, got {type(value).__name__} {value!r}"
        )
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def check_date(value: object, name: str) -> date:
    """Return ``value`` if it is a plain date (not a datetime), else raise."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ArgumentTypeError(
            f"{name} must be a datetime.date (not a datetime), got {type(value).__name__} {value!r}"
        )
    return value


def _offset_us(zone: tzinfo, naive: datetime, fold: int) -> int:
    offset = naive.replace(tzinfo=zone, fold=fold).utcoffset()
    if offset is None:  # pragma: no cover - only for broken tzinfo classes
        raise ArgumentTypeError(f"zone {zone!r} gives no UTC offset for {naive}")
    return offset // ONE_US


def _offset_at_utc_us(zone: tzinfo, us: int) -> int:
    offset = (EPOCH + timedelta(microseconds=us)).astimezone(zone).utcoffset()
    assert offset is not None
    return offset // ONE_US


def local_to_us(zone: tzinfo, day: date, since_midnight_us: int, *, first: bool) -> int:
    """Return the UTC instant of a wall-clock time on ``day`` in ``zone``.

    ``since_midnight_us`` may be a full day (24:00). A wall time that happens twice
    (clocks go back) gives its first instant when ``first`` is true, else its last, so
    an interval ``[start, end)`` covers every instant whose wall time lies in it. A
    wall time that never happens (clocks go forward) gives the instant the clocks jump.
    """
    local_us = (day.toordinal() - 1) * US_PER_DAY + since_midnight_us
    try:
        naive = _NAIVE_EPOCH + timedelta(microseconds=local_us)
    except OverflowError:  # 10000-01-01 00:00: no transition happens there
        naive = datetime.max  # noqa: DTZ901
    before = local_us - _offset_us(zone, naive, 0)
    after = local_us - _offset_us(zone, naive, 1)
    if before == after:
        return before
    if before < after:  # repeated wall time
        return before if first else after
    # Skipped wall time: find the jump, the first instant that has the later offset.
    later_offset = local_us - after
    low, high = after, before
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_at_utc_us(zone, middle) == later_offset:
            high = middle
        else:
            low = middle
    return high
