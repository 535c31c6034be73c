"""A slow, obviously correct working-time reference for the tests.

It walks calendar days one by one, builds each day's working spans as aware datetimes
with ``zoneinfo`` and asks ``holidays`` directly which days are off. It shares no code
with ``sla_calendar``: the fast calendar is checked against it, never the reverse.

Limits, on purpose: span boundaries must be wall times that exist exactly once in the
zone (or midnight, which the zones used here never skip or repeat).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Spans = tuple[tuple[time, time | None], ...]  # end None means 24:00


@dataclass(frozen=True)
class ReferenceCalendar:
    """Weekly wall-clock spans, a day-off predicate, closed and extra dates."""

    zone: str
    weekly: tuple[Spans, ...]  # Monday first
    is_holiday: Callable[[date], bool] = lambda _day: False
    is_weekend_workday: Callable[[date], bool] = lambda _day: False
    closed: frozenset[date] = frozenset()
    extra: Mapping[date, Spans] = field(default_factory=dict)
    workday_spans: Spans = ()

    def spans_of(self, day: date) -> Spans:
        if day in self.extra:
            return self.extra[day]
        if day in self.closed or self.is_holiday(day):
            return ()
        if self.is_weekend_workday(day):
            return self.weekly[day.weekday()] or self.workday_spans
        return self.weekly[day.weekday()]

    def intervals_of(self, day: date) -> list[tuple[datetime, datetime]]:
        zone = ZoneInfo(self.zone)
        result = []
        for start, end in self.spans_of(day):
            opening = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
            if end is None:
                closing = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            else:
                closing = datetime.combine(day, end, tzinfo=zone)
            result.append((opening, closing.astimezone(UTC)))
        return result

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.zone)).date()

    def days_from(self, day: date, step: int) -> Iterator[date]:
        while True:
            yield day
            day += timedelta(days=step)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """Walk forwards (or backwards) until ``duration`` of working time is used."""
        start = start.astimezone(UTC)
        if duration == timedelta(0):
            return start
        left = abs(duration)
        if duration > timedelta(0):
            for day in self.days_from(self.local_date(start) - timedelta(days=1), 1):
                for opening, closing in self.intervals_of(day):
                    opening = max(opening, start)
                    if closing <= opening:
                        continue
                    if closing - opening >= left:
                        return opening + left
                    left -= closing - opening
        for day in self.days_from(self.local_date(start) + timedelta(days=1), -1):
            for opening, closing in reversed(self.intervals_of(day)):
                closing = min(closing, start)
                if closing <= opening:
                    continue
                if closing - opening > left:
                    return closing - left
                if closing - opening == left:
                    return opening  # the latest instant: an opening, not the closing before
                left -= closing - opening
        raise AssertionError("unreachable")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Sum the working spans clipped to ``[start, end)``."""
        if end < start:
            return -self.between(end, start)
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        total = timedelta(0)
        day = self.local_date(start) - timedelta(days=1)
        last = self.local_date(end) + timedelta(days=1)
        while day <= last:
            for opening, closing in self.intervals_of(day):
                low, high = max(opening, start), min(closing, end)
                if high > low:
                    total += high - low
            day += timedelta(days=1)
        return total

    def is_working_time(self, moment: datetime) -> bool:
        moment = moment.astimezone(UTC)
        day = self.local_date(moment)
        return any(
            opening <= moment < closing
            for each in (day - timedelta(days=1), day, day + timedelta(days=1))
            for opening, closing in self.intervals_of(each)
        )


_NINE_TO_SIX: Spans = ((time(9), time(18)),)


def kyiv_reference() -> ReferenceCalendar:
    """Kyiv's working calendar (R6) the slow way: Mon–Fri 09:00–18:00, with Ukraine's
    holidays and transferred working Saturdays asked of ``holidays`` directly."""
    import holidays

    ukraine = holidays.country_holidays("UA", years=range(1990, 2033))
    return ReferenceCalendar(
        zone="Europe/Kyiv",
        weekly=(_NINE_TO_SIX,) * 5 + ((), ()),
        is_holiday=lambda day: day in ukraine,
        is_weekend_workday=lambda day: day in ukraine.weekend_workdays,
        workday_spans=_NINE_TO_SIX,
    )


ROUND_THE_CLOCK_REFERENCE = ReferenceCalendar(zone="Europe/Kyiv", weekly=(((time(0), None),),) * 7)
"""Real time: every instant counts (R13)."""
