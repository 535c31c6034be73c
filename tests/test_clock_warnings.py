"""When to act: warning instants, the state at ``now`` and when it changes, time left.

Hand-checked tables name their reason; warning instants are compared with the slow
reference calendar (tests/reference.py); a property checks that a clock's state changes
exactly at the instant it announces, and at no other (R5, R10, R11, R13).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    ArgumentTypeError,
    ClockKind,
    ClockState,
    EventKind,
    InvalidValueError,
    SlaStatus,
    TicketEvent,
    Tier,
    evaluate_ticket,
    kyiv_calendar,
)
from tests import strategies as st_
from tests.reference import ROUND_THE_CLOCK_REFERENCE, ReferenceCalendar, kyiv_reference

CAL = kyiv_calendar()
KYIV_REF = kyiv_reference()
H = timedelta(hours=1)
US = timedelta(microseconds=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def u(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def ev(kind: str, when: str) -> TicketEvent:
    return TicketEvent(EventKind[kind.upper()], at(when))


def status_at(events: list[TicketEvent], now: datetime, tier: Tier = STANDARD) -> SlaStatus:
    return evaluate_ticket("W", events, tier=tier, calendar=CAL, now=now).reaction


FRIDAY = [ev("received", "2026-11-20T17:30+02:00")]

WARNING_CASES = [
    # 24 working hours from Fri 17:30: Fri 0:30, Mon 9:00, Tue 9:00, Wed 5:30
    (Fraction(1, 2), "2026-11-24T11:30+02:00", "r10-half-of-24h-0:30-fri-9-mon-2:30-tue"),
    (Fraction(3, 4), "2026-11-24T17:30+02:00", "r10-three-quarters-18h"),
    (Fraction(9, 10), "2026-11-25T12:06+02:00", "r10-nine-tenths-21:36"),
    (Fraction(1), "2026-11-25T14:30+02:00", "r10-all-of-it-is-due"),
    (Fraction(3, 2), "2026-11-26T17:30+02:00", "r10-one-and-a-half-36h-past-due"),
]


@pytest.mark.parametrize(
    ("share", "expected"), [c[:2] for c in WARNING_CASES], ids=[c[2] for c in WARNING_CASES]
)
def test_r10_warning_instants_on_the_working_clock(share: Fraction, expected: str) -> None:
    status = status_at(FRIDAY, at("2026-11-20T18:00+02:00"))
    assert u(status.instant_at(share)) == u(at(expected))


def test_r10_default_thresholds_are_the_tiers_and_1_is_due() -> None:
    status = status_at(FRIDAY, at("2026-11-20T18:00+02:00"))
    assert [share for share, _ in status.warnings()] == [
        Fraction(1, 2),
        Fraction(3, 4),
        Fraction(9, 10),
        Fraction(1),
    ]
    assert status.instant_at(1) == status.due
    assert status.next_warning == (Fraction(1, 2), at("2026-11-24T11:30+02:00"))


def test_r5_warnings_honour_pauses_and_project_from_now_while_paused() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("paused", "2026-11-23T11:00+02:00"),  # 2 h counted
    ]
    sla = evaluate_ticket(
        "P", events, tier=STANDARD, calendar=CAL, now=at("2026-11-25T10:00+02:00")
    )
    processing = sla.processing
    assert processing.state is ClockState.PAUSED
    # 12 h: 2 h counted, 10 more as if it ran again from now: Wed 10-18 (8), Thu 9-11 (2)
    assert u(processing.instant_at(Fraction(1, 2))) == u(at("2026-11-26T11:00+02:00"))
    assert processing.next_warning is None  # a paused clock warns of nothing
    assert processing.next_change is None  # only an event can change it


def test_r11_warnings_already_passed_are_in_the_past() -> None:
    events = [ev("received", "2026-11-23T09:00+02:00"), ev("responded", "2026-11-23T11:00+02:00")]
    status = status_at(events, at("2026-11-23T12:00+02:00"), EMERGENCY)
    assert u(status.instant_at(Fraction(1, 2))) == u(at("2026-11-23T10:30+02:00"))
    assert status.state is ClockState.MET
    assert status.next_warning is None


def test_r13_warnings_in_real_hours_across_the_spring_night() -> None:
    status = status_at(
        [ev("received", "2026-03-29T01:30+02:00")], at("2026-03-29T01:30+02:00"), EMERGENCY_24_7
    )
    # 1:30 real hours after 01:30 EET is 04:00 EEST (the clocks jumped at 03:00)
    assert status.instant_at(Fraction(1, 2)).isoformat() == "2026-03-29T04:00:00+03:00"


def test_instant_at_rounds_up_to_the_earliest_microsecond() -> None:
    tiny = Tier("tiny", reaction_target=3 * US, reaction_clock=ClockKind.ROUND_THE_CLOCK)
    start = at("2026-11-23T09:00+02:00")
    status = status_at([TicketEvent(EventKind.RECEIVED, start)], start, tiny)
    # a third of 3 µs is 1 µs; a half is 1.5 µs: at least that much is used at 2 µs
    assert u(status.instant_at(Fraction(1, 3))) == u(start + US)
    assert u(status.instant_at(Fraction(1, 2))) == u(start + 2 * US)


BAD_SHARES = [
    (0.75, ArgumentTypeError, "share must be a fractions.Fraction (or an int), got float 0.75"),
    (Fraction(0), InvalidValueError, "share=Fraction(0, 1) is invalid; expected a share above 0"),
    (-1, InvalidValueError, "share=Fraction(-1, 1) is invalid; expected a share above 0"),
]


@pytest.mark.parametrize(("share", "error", "message"), BAD_SHARES, ids=["float", "zero", "minus"])
def test_instant_at_refuses_floats_and_shares_not_above_zero(
    share: object, error: type[Exception], message: str
) -> None:
    status = status_at(FRIDAY, at("2026-11-20T18:00+02:00"))
    with pytest.raises(error) as caught:
        status.instant_at(share)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def test_r10_time_left_both_ways_the_issue_example() -> None:
    # Received Tue 09:30; at 10:00, 0:30 counted: 23:30 of working time left, due Thu
    # 15:30 (Tue 8:30 + Wed 9 + Thu 6:30), which is 2 days 5:30 away on the clock.
    status = status_at([ev("received", "2026-11-24T09:30+02:00")], at("2026-11-24T10:00+02:00"))
    assert status.remaining == 23 * H + H / 2
    assert status.clock_time_left == timedelta(days=2, hours=5, minutes=30)
    assert u(status.due) == u(at("2026-11-26T15:30+02:00"))


def test_r10_clock_time_left_is_negative_once_past_due() -> None:
    status = status_at(FRIDAY, at("2026-11-25T15:00+02:00"))
    assert status.clock_time_left == -H / 2
    assert status.remaining == -H / 2


STATE_CASES = [
    # Emergency (R11), received Mon 09:00: 50 % at 10:30, 75 % 11:15, 90 % 11:42, due 12:00
    ([], "2026-11-23T10:00+02:00", ClockState.OK, "2026-11-23T11:42+02:00", "r11-ok-until-90"),
    (
        [],
        "2026-11-23T11:42+02:00",
        ClockState.AT_RISK,
        "2026-11-23T12:00:00.000001+02:00",
        "r11-at-risk-from-90",
    ),
    (
        [],
        "2026-11-23T12:00+02:00",
        ClockState.AT_RISK,
        "2026-11-23T12:00:00.000001+02:00",
        "r11-at-due-still-in-time",
    ),
    ([], "2026-11-23T12:00:00.000001+02:00", ClockState.BREACHED, None, "r11-breached-after-due"),
    (
        [("responded", "2026-11-23T11:00+02:00")],
        "2026-11-23T13:00+02:00",
        ClockState.MET,
        None,
        "r11-met",
    ),
    (
        [("responded", "2026-11-23T12:30+02:00")],
        "2026-11-23T13:00+02:00",
        ClockState.BREACHED,
        None,
        "r11-answered-late",
    ),
    (
        [("cancelled", "2026-11-23T12:30+02:00")],
        "2026-11-23T13:00+02:00",
        ClockState.CANCELLED,
        None,
        "cancelled-no-verdict",
    ),
]


@pytest.mark.parametrize(
    ("more", "now", "state", "change"),
    [c[:4] for c in STATE_CASES],
    ids=[c[4] for c in STATE_CASES],
)
def test_r11_state_and_when_it_changes(
    more: list[tuple[str, str]], now: str, state: ClockState, change: str | None
) -> None:
    events = [ev("received", "2026-11-23T09:00+02:00"), *(ev(k, w) for k, w in more)]
    status = status_at(events, at(now), EMERGENCY)
    assert status.state is state
    assert u(status.next_change) == u(None if change is None else at(change))


def test_r5_paused_clock_state_and_the_ticket_next_change() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("responded", "2026-11-23T09:30+02:00"),
        ev("paused", "2026-11-23T10:00+02:00"),
    ]
    sla = evaluate_ticket(
        "P", events, tier=STANDARD, calendar=CAL, now=at("2026-11-30T09:00+02:00")
    )
    assert (sla.reaction.state, sla.processing.state) == (ClockState.MET, ClockState.PAUSED)
    assert sla.next_change is None
    assert not sla.breached


def test_thresholds_from_the_tier_or_an_argument() -> None:
    strict = Tier("strict", reaction_target=3 * H, warning_thresholds=(Fraction(1, 3), Fraction(1)))
    received = [ev("received", "2026-11-23T09:00+02:00")]
    status = status_at(received, at("2026-11-23T10:00+02:00"), strict)
    assert status.state is ClockState.AT_RISK  # a third used: past the last threshold below 1
    assert u(status.next_change) == u(at("2026-11-23T12:00:00.000001+02:00"))
    sla = evaluate_ticket(
        "W",
        received,
        tier=strict,
        calendar=CAL,
        now=at("2026-11-23T10:00+02:00"),
        thresholds=[Fraction(1, 2), Fraction(1)],
    )
    assert sla.reaction.state is ClockState.OK
    assert u(sla.reaction.next_change) == u(at("2026-11-23T10:30+02:00"))
    none_below_1 = evaluate_ticket(
        "W",
        received,
        tier=strict,
        calendar=CAL,
        now=at("2026-11-23T10:00+02:00"),
        thresholds=[Fraction(1)],
    ).reaction
    assert none_below_1.state is ClockState.OK  # no at-risk state: ok until breached
    assert u(none_below_1.next_change) == u(at("2026-11-23T12:00:00.000001+02:00"))


BAD_THRESHOLDS = [
    ((0.5, 1.0), ArgumentTypeError, "thresholds must be a tuple of fractions.Fraction"),
    (
        (Fraction(3, 4), Fraction(1, 2)),
        InvalidValueError,
        "thresholds=(Fraction(3, 4), Fraction(1, 2)) is invalid",
    ),
    ((Fraction(3, 2),), InvalidValueError, "thresholds=(Fraction(3, 2),) is invalid"),
]


@pytest.mark.parametrize(
    ("thresholds", "error", "start"),
    BAD_THRESHOLDS,
    ids=["floats", "not-increasing", "above-one"],
)
def test_thresholds_must_be_increasing_fractions_up_to_one(
    thresholds: tuple[object, ...], error: type[Exception], start: str
) -> None:
    with pytest.raises(error) as caught:
        evaluate_ticket(
            "W",
            FRIDAY,
            tier=STANDARD,
            calendar=CAL,
            now=at("2026-11-21T00:00+02:00"),
            thresholds=thresholds,  # type: ignore[arg-type]
        )
    assert str(caught.value).startswith(start)
    with pytest.raises(error):
        Tier("t", reaction_target=H, warning_thresholds=thresholds)  # type: ignore[arg-type]


# ---------------------------------------------------------------- properties


def _reference(status: SlaStatus) -> ReferenceCalendar:
    return ROUND_THE_CLOCK_REFERENCE if status.calendar.is_round_the_clock else KYIV_REF


def _reference_instant(status: SlaStatus, goal: timedelta) -> datetime:
    """Where the reference calendar reaches ``goal`` of working time along the clock's
    spans, or projected from ``now`` (or its stop) beyond them."""
    reference, left = _reference(status), goal
    open_clock = status.state in (ClockState.OK, ClockState.AT_RISK) or (
        status.state is ClockState.BREACHED and status.stop is None and not status.paused
    )
    for index, (begin, end) in enumerate(status.running):
        if open_clock and index == len(status.running) - 1:
            return reference.add(begin, left)
        held = reference.between(begin, end)
        if left <= held:
            return reference.add(begin, left)
        left -= held
    return reference.add(status.stop or status.now, left)


shares = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(2), max_denominator=1000)


@given(st_.ticket_histories(tier_changes=False), shares)
def test_r5_r10_warning_instant_equals_the_reference_add_of_the_share(
    history: tuple[Tier, list[TicketEvent], datetime], share: Fraction
) -> None:
    tier, events, now = history
    sla = evaluate_ticket("W", events, tier=tier, calendar=CAL, now=now)
    for status in sla.clocks:
        target_us = status.target_duration // US
        goal = timedelta(microseconds=-(-share.numerator * target_us // share.denominator))
        assert u(status.instant_at(share)) == u(_reference_instant(status, goal))
        assert status.instant_at(1) == status.due
        assert status.explain().counted == status.elapsed
        assert status.elapsed == sum(
            (_reference(status).between(a, b) for a, b in status.running), timedelta(0)
        )


@given(st_.ticket_histories(), st.data())
def test_state_changes_only_at_the_announced_instant(
    history: tuple[Tier, list[TicketEvent], datetime], data: st.DataObject
) -> None:
    tier, events, now = history

    def clocks(moment: datetime) -> tuple[SlaStatus, ...]:
        return evaluate_ticket("S", events, tier=tier, calendar=CAL, now=moment).clocks

    before = clocks(now)
    for index, status in enumerate(before):
        change = status.next_change
        if change is None:
            later = u(now) + timedelta(microseconds=data.draw(st.integers(1, 10**12)))
            assert clocks(later)[index].state is status.state
            continue
        assert u(change) > u(now)
        gap = (change.astimezone(UTC) - now.astimezone(UTC)) // US
        for step in {0, gap - 1, data.draw(st.integers(0, gap - 1))}:
            same = clocks(u(now) + timedelta(microseconds=step))[index]
            assert same.state is status.state
            assert u(same.next_change) == u(change)
        assert clocks(change)[index].state is not status.state
