"""Shared hypothesis strategies: instants, durations, DST days and random calendars.

Instants are made by arithmetic in UTC, then shown in a zone: Python adds a timedelta to
an aware datetime on the wall clock, which can land on a time that never happens.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import tz as dateutil_tz
from hypothesis import strategies as st

from sla_calendar import (
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    EventKind,
    TicketEvent,
    Tier,
    TimeSpan,
    WeeklyHours,
    WorkingCalendar,
)
from tests.reference import ReferenceCalendar, Spans

KYIV = ZoneInfo("Europe/Kyiv")

# Zones whose transitions happen between 01:00 and 04:00 local time (or never), so a
# span boundary at midnight or from 04:00 on always exists exactly once.
ZONES = ("Europe/Kyiv", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")
ANY_ZONES = st.sampled_from([*ZONES, "Asia/Tokyo", "America/St_Johns", "Pacific/Chatham"])


def instants(
    first: datetime = datetime(2018, 1, 1, tzinfo=UTC),
    last: datetime = datetime(2027, 12, 31, tzinfo=UTC),
) -> st.SearchStrategy[datetime]:
    """Aware instants between ``first`` and ``last``, expressed in assorted zones."""
    span_us = (last - first) // timedelta(microseconds=1)
    return st.builds(
        lambda offset, zone: (first + timedelta(microseconds=offset)).astimezone(ZoneInfo(zone)),
        st.integers(0, span_us),
        ANY_ZONES,
    )


def round_instants(
    first: datetime = datetime(2018, 1, 1, tzinfo=UTC),
    last: datetime = datetime(2027, 12, 31, tzinfo=UTC),
) -> st.SearchStrategy[datetime]:
    """Instants on whole quarter hours, so openings and closings are hit exactly."""
    quarters = (last - first) // timedelta(minutes=15)
    return st.builds(
        lambda n: (first + timedelta(minutes=15 * n)).astimezone(KYIV),
        st.integers(0, quarters),
    )


def durations(max_hours: int = 120) -> st.SearchStrategy[timedelta]:
    """Non-negative durations up to ``max_hours``, to the microsecond or on round values."""
    limit = max_hours * 3600 * 1_000_000
    return st.one_of(
        st.integers(0, limit).map(lambda us: timedelta(microseconds=us)),
        st.integers(0, max_hours * 4).map(lambda q: timedelta(minutes=15 * q)),
    )


def signed_durations(max_hours: int = 120) -> st.SearchStrategy[timedelta]:
    """Durations of either sign."""
    return st.one_of(durations(max_hours), durations(max_hours).map(lambda d: -d))


def instant_pairs(
    starts: st.SearchStrategy[datetime], max_days: int
) -> st.SearchStrategy[tuple[datetime, datetime]]:
    """``(start, end)`` with ``end`` up to ``max_days`` either side, in an assorted zone.

    Built from the start rather than drawn apart and filtered: two instants drawn over
    ten years are rarely weeks apart, and such filtering fails hypothesis's health check.
    A round start with a round offset gives a round end, so closings are hit exactly.
    """
    return st.builds(
        lambda start, offset, zone: (
            start,
            (start.astimezone(UTC) + offset).astimezone(ZoneInfo(zone)),
        ),
        starts,
        signed_durations(max_days * 24),
        ANY_ZONES,
    )


def dst_instants() -> st.SearchStrategy[datetime]:
    """Instants within two days of Kyiv's DST changes (last Sundays of March and October)."""

    def last_sunday(year: int, month: int) -> date:
        day = date(year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    return st.builds(
        lambda year, month, minutes: (
            datetime.combine(last_sunday(year, month), time(0), tzinfo=KYIV).astimezone(UTC)
            + timedelta(minutes=minutes)
        ).astimezone(KYIV),
        st.integers(2011, 2030),
        st.sampled_from([3, 10]),
        st.integers(-48 * 60, 48 * 60),
    )


def year_end_instants() -> st.SearchStrategy[datetime]:
    """Instants within three days of a Kyiv new year."""
    return st.builds(
        lambda year, minutes: (
            datetime(year, 1, 1, tzinfo=KYIV).astimezone(UTC) + timedelta(minutes=minutes)
        ).astimezone(KYIV),
        st.integers(1992, 2030),
        st.integers(-3 * 24 * 60, 3 * 24 * 60),
    )


_BOUNDARIES = [0, *range(16, 97)]  # quarter hours: midnight, then 04:00 .. 24:00


@st.composite
def day_spans(draw: st.DrawFn, allow_empty: bool = True) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of quarter hours within a day (0..96)."""
    cuts = sorted(draw(st.sets(st.sampled_from(_BOUNDARIES), max_size=6)))
    if len(cuts) % 2:
        cuts = cuts[:-1]
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    if not allow_empty and not spans:
        spans = [(36, 72)]
    return spans


def _to_hours(spans: list[tuple[int, int]]) -> tuple[TimeSpan, ...]:
    quarter = 15 * 60 * 1_000_000
    return tuple(TimeSpan(a * quarter, b * quarter) for a, b in spans)


def _to_reference(spans: list[tuple[int, int]]) -> Spans:
    def as_time(q: int) -> time:
        return time(q // 4, 15 * (q % 4))

    return tuple((as_time(a), None if b == 96 else as_time(b)) for a, b in spans)


@st.composite
def calendar_pairs(draw: st.DrawFn) -> tuple[WorkingCalendar, ReferenceCalendar]:
    """A random calendar and its slow reference twin (same zone, hours, dates)."""
    zone = draw(st.sampled_from(ZONES))
    week = [draw(day_spans()) for _ in range(7)]
    if not any(week):
        week[draw(st.integers(0, 6))] = draw(day_spans(allow_empty=False))
    base = date(2018, 1, 1)
    some_dates = st.integers(0, 10 * 366).map(lambda n: base + timedelta(days=n))
    closed = draw(st.frozensets(some_dates, max_size=40))
    extra = draw(st.dictionaries(some_dates, day_spans(allow_empty=False), max_size=10))
    calendar = WorkingCalendar(
        zone=zone,
        weekly_hours=WeeklyHours(tuple(_to_hours(day) for day in week)),  # type: ignore[arg-type]
        closed_dates=closed,
        extra_working_dates=tuple(sorted((d, _to_hours(s)) for d, s in extra.items())),
    )
    reference = ReferenceCalendar(
        zone=zone,
        weekly=tuple(_to_reference(day) for day in week),
        closed=closed,
        extra={d: _to_reference(s) for d, s in extra.items()},
    )
    return calendar, reference


def sla_instants() -> st.SearchStrategy[datetime]:
    """Receipt instants for SLA clocks: any time, DST nights and year ends mixed."""
    return st.one_of(instants(), dst_instants(), year_end_instants())


@st.composite
def ticket_pauses(draw: st.DrawFn, received: datetime) -> list[TicketEvent]:
    """Paused/resumed pairs within three weeks after ``received``, in order (R5)."""
    offsets = sorted(
        draw(st.lists(st.integers(1, 21 * 24 * 60), min_size=0, max_size=6, unique=True))
    )
    if len(offsets) % 2:
        offsets = offsets[:-1]
    base = received.astimezone(UTC)
    return [
        TicketEvent(
            EventKind.PAUSED if i % 2 == 0 else EventKind.RESUMED, base + timedelta(minutes=m)
        )
        for i, m in enumerate(offsets)
    ]


def _audit_stamp(moment: datetime, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).isoformat()


@st.composite
def audit_ticket_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """Audit input rows (mostly valid) on all tiers: responses, resolutions, notices and
    pauses at minutes after a receipt from :func:`sla_instants`, some missing."""
    rows = []
    for number in range(draw(st.integers(1, 6))):
        received = draw(sla_instants()).astimezone(UTC).replace(second=0, microsecond=0)
        zone = draw(st.sampled_from(["Europe/Kyiv", "UTC", "America/New_York"]))
        minutes = st.integers(0, 14 * 24 * 60)

        def later(offset: int, base: datetime = received) -> datetime:
            return base + timedelta(minutes=offset)

        row = {
            "ticket_id": f"T{number}",
            "tier": draw(st.sampled_from(["standard", "emergency", "emergency_24_7"])),
            "received_at": _audit_stamp(received, zone),
        }
        for name in ("first_response_at", "resolved_at", "extension_notified_at"):
            offset = draw(st.none() | minutes)
            row[name] = "" if offset is None else _audit_stamp(later(offset), zone)
        cuts = sorted(draw(st.lists(minutes, max_size=4, unique=True)))
        cuts = cuts[: len(cuts) - len(cuts) % 2]
        row["pauses"] = ";".join(
            f"{_audit_stamp(later(a), zone)}/{_audit_stamp(later(b), zone)}"
            for a, b in zip(cuts[0::2], cuts[1::2], strict=True)
        )
        rows.append(row)
    return rows


_JUNK = st.sampled_from(
    [
        "",
        "?",
        "gold",
        "2026-13-01T00:00+02:00",
        "2026-11-20 17:30",
        "2026-11-20T17:30+02:00",
        "2026-11-21T09:00Z",
        "a/b",
        "2026-11-20T18:00+02:00/2026-11-20T17:00+02:00",
        "\x00",
        "ü",
    ]
)


@st.composite
def audit_junk_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """Audit input rows with junk anywhere: every row is either evaluated or an error."""
    columns = ("ticket_id", "tier", "received_at", "first_response_at", "resolved_at", "pauses")
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = {name: draw(_JUNK | st.text(max_size=6)) for name in columns}
        if draw(st.booleans()):
            row["tier"] = draw(st.sampled_from(["standard", "emergency", "emergency_24_7"]))
        rows.append(row)
    return rows


def client_texts(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any text a client can send (intake, R9.4).

    Any code point (lone surrogates too), and huge repetitive bodies of up to 100 kB.
    """
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet=st.characters(exclude_categories=()), max_size=max_size),
        st.builds(
            lambda piece, count: (piece * count)[:100_000],
            st.text(min_size=1, max_size=5),
            st.integers(1000, 20_000),
        ),
    )


# Kyiv itself, a 1-hour change at 02:00 local, a 30-minute one, one at 02:45, and two
# zones whose clocks change at midnight (so a day can start at 01:00 or hold 23:00 twice).
DST_ZONES = (
    "Europe/Kyiv",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "America/Havana",
)


def _transition_days(zone: str, first_year: int, last_year: int) -> list[date]:
    """Local dates on which ``zone``'s UTC offset changes."""
    tz = ZoneInfo(zone)
    days = []
    day, last = date(first_year, 1, 1), date(last_year, 12, 31)
    while day <= last:
        morning = datetime.combine(day, time(0), tzinfo=tz).utcoffset()
        evening = datetime.combine(day, time(23, 59), tzinfo=tz).utcoffset()
        if morning != evening:
            days.append(day)
        day += timedelta(days=1)
    return days


_TRANSITIONS = [(zone, day) for zone in DST_ZONES for day in _transition_days(zone, 2019, 2026)]


def transition_instants(zones: tuple[str, ...] = DST_ZONES) -> st.SearchStrategy[datetime]:
    """Instants within a day and a half of a clock change, in the changing zone, with µs.

    ``zones`` picks among :data:`DST_ZONES`; an instant is sometimes given with fold 1
    (which only matters for a wall time that happens twice).
    """
    return st.builds(
        lambda pick, us, fold: (
            (
                datetime.combine(pick[1], time(12), tzinfo=ZoneInfo(pick[0])).astimezone(UTC)
                + timedelta(microseconds=us)
            )
            .astimezone(ZoneInfo(pick[0]))
            .replace(fold=fold)
        ),
        st.sampled_from([pick for pick in _TRANSITIONS if pick[0] in zones]),
        st.integers(-36 * 3_600_000_000, 36 * 3_600_000_000),
        st.sampled_from([0, 0, 0, 1]),
    )


# Daily hours that touch the small hours, where clocks change, and whole days, which join
# into intervals longer than a local date.
NIGHT_HOURS = st.sampled_from(
    [
        "00:00-24:00",
        "00:00-03:30, 04:00-24:00",
        "01:00-02:30",
        "02:00-05:00",
        "01:30-02:15, 02:45-03:15",
        "22:00-24:00",
        "09:00-18:00",
    ]
)


# ------------------------------------------------------------------ ticket histories

_NEXT_KINDS = {
    # what may follow, by the processing clock's state (R5): running, paused, resolved
    "running": ("paused", "resolved"),
    "paused": ("resumed", "resolved"),
    "resolved": ("reopened",),
}
_AFTER = {"paused": "paused", "resumed": "running", "resolved": "resolved", "reopened": "running"}


@st.composite
def ticket_histories(
    draw: st.DrawFn,
    tiers: tuple[Tier, ...] = (STANDARD, EMERGENCY, EMERGENCY_24_7),
    max_events: int = 8,
    tier_changes: bool = True,
) -> tuple[Tier, list[TicketEvent], datetime]:
    """A valid ticket history: ``(tier, events in time order, now)``.

    Responses, messages of the client, pauses, resolutions and reopenings, an R5 notice
    and changes of tier, at least a minute apart (so no two share an instant), each
    shown in an assorted zone; ``now`` at or after the last event.
    """
    received = draw(sla_instants())
    tier = draw(st.sampled_from(tiers))
    moment = received.astimezone(UTC)
    events = [TicketEvent(EventKind.RECEIVED, received)]
    state = "running"
    for _ in range(draw(st.integers(0, max_events))):
        moment += timedelta(minutes=draw(st.integers(1, 4 * 24 * 60)))
        kinds = ["responded", "client_message", "extension_notified", *_NEXT_KINDS[state]]
        if tier_changes:
            kinds.append("tier_changed")
        kind = EventKind(draw(st.sampled_from(kinds)))
        shown = moment.astimezone(ZoneInfo(draw(ANY_ZONES)))
        new_tier = draw(st.sampled_from(tiers)) if kind is EventKind.TIER_CHANGED else None
        events.append(TicketEvent(kind, shown, new_tier))
        state = _AFTER.get(kind.value, state)
    now = moment + timedelta(minutes=draw(st.integers(0, 6 * 24 * 60)))
    return tier, events, now.astimezone(ZoneInfo(draw(ANY_ZONES)))


# ------------------------------------------------------------------ hostile values
# What a careless or hostile caller can hand any public function: instants of years 1 and
# 9999 in any offset (a UTC offset of up to a day either way moves them off the calendar),
# folds, tzinfo classes of every kind, extremes of every number type, and plain junk.


class FixedOffset(tzinfo):
    """A hand-written tzinfo with any fixed offset, 24 hours or more included.

    ``datetime`` accepts it when the datetime is made and refuses the offset (with a
    ``ValueError``) only when something asks for it.
    """

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self.offset

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return f"FixedOffset({self.offset})"

    def __repr__(self) -> str:
        return f"FixedOffset({self.offset!r})"


class NoOffset(tzinfo):
    """A tzinfo that does not know its offset: a datetime with it is naive."""

    def utcoffset(self, dt: datetime | None) -> None:
        return None

    def dst(self, dt: datetime | None) -> None:
        return None

    def tzname(self, dt: datetime | None) -> None:
        return None

    def __repr__(self) -> str:
        return "NoOffset()"


class FoldOffset(tzinfo):
    """A tzinfo whose offset is +03:00, or +02:00 when ``fold`` is 1: every hour repeats."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=2 if dt is not None and dt.fold else 3)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=0 if dt is not None and dt.fold else 1)

    def tzname(self, dt: datetime | None) -> str:
        return "FOLD"

    def __repr__(self) -> str:
        return "FoldOffset()"


class WrongOffset(tzinfo):
    """A tzinfo whose offset is not a timedelta (``datetime`` raises ``TypeError``)."""

    def utcoffset(self, dt: datetime | None) -> Any:
        return 3600

    def dst(self, dt: datetime | None) -> None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return "WRONG"

    def __repr__(self) -> str:
        return "WrongOffset()"


_DAY_US = 24 * 3_600_000_000
_LAST_US = 315_537_897_599_999_999  # 9999-12-31 23:59:59.999999 UTC, counted from year 1

_OFFSETS = st.one_of(
    st.integers(-_DAY_US + 1, _DAY_US - 1).map(lambda us: timedelta(microseconds=us)),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timedelta(minutes=m)),
    st.sampled_from([timedelta(hours=24), timedelta(hours=-24), timedelta(hours=48)]),
)


def tzinfos() -> st.SearchStrategy[tzinfo]:
    """Every kind of tzinfo: IANA zones, fixed offsets, hand-written classes, dateutil's."""
    zones = st.sampled_from(
        ["Europe/Kyiv", "UTC", "America/Santiago", "Australia/Lord_Howe", "America/Havana"]
    )
    return st.one_of(
        zones.map(ZoneInfo),
        st.timezones(),
        st.integers(-_DAY_US + 1, _DAY_US - 1).map(lambda us: timezone(timedelta(microseconds=us))),
        _OFFSETS.map(FixedOffset),
        st.sampled_from([NoOffset(), FoldOffset(), WrongOffset(), UTC, timezone.max]),
        zones.map(dateutil_tz.gettz),
    )


def hostile_datetimes() -> st.SearchStrategy[datetime]:
    """Datetimes from year 1 to 9999 with any tzinfo and fold, or none.

    The wall time is drawn apart from the zone, so it can be one the zone skips or
    repeats, or one whose UTC instant lies before year 1 or after 9999.
    """
    walls = st.one_of(
        st.sampled_from(
            [
                datetime(1, 1, 1),
                datetime(9999, 12, 31, 23, 59, 59, 999_999),
                datetime(1, 1, 1, 23, 59),
                datetime(9999, 12, 31),
                datetime(9999, 12, 31, 23),
                datetime(2026, 3, 29, 3, 30),
                datetime(2026, 10, 25, 3, 30),
            ]
        ),
        st.datetimes(datetime(2020, 1, 1), datetime(2027, 12, 31)),
        st.datetimes(),
    )
    return st.builds(
        lambda wall, zone, fold: wall.replace(tzinfo=zone, fold=fold),
        walls,
        st.one_of(tzinfos(), st.none()),
        st.integers(0, 1),
    )


def hostile_timedeltas() -> st.SearchStrategy[timedelta]:
    """Durations of any size and sign, the largest and smallest included."""
    return st.one_of(
        st.sampled_from(
            [
                timedelta.max,
                timedelta.min,
                timedelta(0),
                timedelta(microseconds=1),
                timedelta(microseconds=-1),
            ]
        ),
        st.timedeltas(timedelta(days=-30), timedelta(days=30)),
        st.timedeltas(),
    )


def hostile_ints() -> st.SearchStrategy[int]:
    """Whole numbers: small, years at the ends of the range, int64's edges and beyond."""
    return st.one_of(
        st.integers(-3, 12),
        st.sampled_from(
            [1, 9999, 10_000, 2**31, 2**53 + 1, 2**63 - 1, -(2**63), 2**63, 2**64, -(10**30)]
        ),
        st.integers(0, _LAST_US),
        st.integers(),
    )


def junk() -> st.SearchStrategy[Any]:
    """Values of the wrong type for almost any parameter."""
    return st.sampled_from(
        [
            None,
            True,
            0,
            -1,
            2**64,
            1.5,
            float("nan"),
            float("inf"),
            "",
            "x",
            "\x00",
            b"2026-01-01",
            [],
            {},
            (1, 2),
            frozenset({3}),
            object(),
            date(2026, 1, 1),
            datetime(2026, 1, 1, 12),
            time(9),
            timedelta(hours=1),
            Fraction(1, 3),
            Decimal("1.5"),
            1j,
            ZoneInfo("Europe/Kyiv"),
        ]
    )
