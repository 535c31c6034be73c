"""SLA clocks replayed from ticket events: pauses, reopening, extension, breaches (R5).

Hand-checked cases name their reason; properties check the laws of the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    ArgumentTypeError,
    EventKind,
    Extension,
    InvalidValueError,
    NaiveDatetimeError,
    TicketEvent,
    TicketEventError,
    Tier,
    evaluate_ticket,
    kyiv_calendar,
)
from sla_calendar.policy.clock import ticket_events
from tests import strategies as st_

CAL = kyiv_calendar()
H = timedelta(hours=1)
US = timedelta(microseconds=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def ev(kind: str, when: str | datetime) -> TicketEvent:
    return TicketEvent(EventKind[kind.upper()], at(when) if isinstance(when, str) else when)


def same(a: datetime | None, b: str) -> bool:
    return a is not None and a.astimezone(UTC) == at(b).astimezone(UTC)


def test_r10_response_in_time() -> None:
    sla = evaluate_ticket(
        "T1",
        [ev("received", "2026-11-20T17:30+02:00"), ev("responded", "2026-11-23T10:00+02:00")],
        tier=STANDARD,
        calendar=CAL,
        now=at("2026-11-30T12:00+02:00"),
    )
    reaction = sla.reaction
    assert same(reaction.due, "2026-11-25T14:30+02:00")
    assert same(reaction.stop, "2026-11-23T10:00+02:00")
    assert reaction.elapsed == H + H / 2
    assert reaction.remaining == 22 * H + H / 2
    assert reaction.fraction_used == Fraction(1, 16)
    assert not reaction.breached
    assert reaction.breached_at is None


def test_r11_no_response_yet_is_breached_once_due_passes() -> None:
    events = [ev("received", "2026-11-23T09:00+02:00")]
    before = evaluate_ticket(
        "T2", events, tier=EMERGENCY, calendar=CAL, now=at("2026-11-23T12:00+02:00")
    )
    assert not before.reaction.breached
    assert before.reaction.remaining == timedelta(0)
    after = evaluate_ticket(
        "T2", events, tier=EMERGENCY, calendar=CAL, now=at("2026-11-23T12:00:00.000001+02:00")
    )
    assert after.reaction.breached
    assert same(after.reaction.breached_at, "2026-11-23T12:00+02:00")


def test_r5_pauses_do_not_count() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("responded", "2026-11-23T09:30+02:00"),
        ev("paused", "2026-11-23T10:00+02:00"),
        ev("resumed", "2026-11-24T10:00+02:00"),
    ]
    sla = evaluate_ticket(
        "T3", events, tier=STANDARD, calendar=CAL, now=at("2026-11-26T18:00+02:00")
    )
    processing = sla.processing
    assert processing.elapsed == 27 * H  # Mon 1 + Tue 8 + Wed 9 + Thu 9
    assert same(processing.due, "2026-11-26T15:00+02:00")
    assert processing.breached
    assert same(processing.breached_at, "2026-11-26T15:00+02:00")
    assert not sla.reaction.breached


def test_r5_paused_at_now_is_not_breached_and_projects_due() -> None:
    events = [ev("received", "2026-11-23T09:00+02:00"), ev("paused", "2026-11-23T10:00+02:00")]
    sla = evaluate_ticket(
        "T4", events, tier=STANDARD, calendar=CAL, now=at("2026-11-30T09:00+02:00")
    )
    assert sla.processing.paused
    assert not sla.processing.breached
    assert sla.processing.elapsed == H
    assert same(sla.processing.due, "2026-12-02T14:00+02:00")  # 23 h from Mon 30 Nov 09:00


def test_r5_reopened_ticket_resumes_processing_clock() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("resolved", "2026-11-23T12:00+02:00"),
        ev("reopened", "2026-11-25T09:00+02:00"),
    ]
    sla = evaluate_ticket(
        "T5", events, tier=STANDARD, calendar=CAL, now=at("2026-11-26T18:00+02:00")
    )
    processing = sla.processing
    assert processing.elapsed == 21 * H
    assert same(processing.due, "2026-11-27T12:00+02:00")
    assert processing.stop is None
    assert not processing.breached


def test_r5_resolved_in_time() -> None:
    events = [ev("received", "2026-11-23T09:00+02:00"), ev("resolved", "2026-11-24T12:00+02:00")]
    sla = evaluate_ticket(
        "T6", events, tier=STANDARD, calendar=CAL, now=at("2026-12-24T12:00+02:00")
    )
    assert sla.processing.elapsed == 12 * H
    assert same(sla.processing.stop, "2026-11-24T12:00+02:00")
    assert same(sla.processing.due, "2026-11-25T15:00+02:00")
    assert same(sla.reaction.stop, "2026-11-24T12:00+02:00")  # the resolution answered
    assert not sla.breached


def test_r5_extension_by_prior_notice_and_late_notice() -> None:
    base = [ev("received", "2026-11-23T10:00+02:00")]
    now = at("2026-11-27T18:00+02:00")
    timely = evaluate_ticket(
        "T7",
        [*base, ev("extension_notified", "2026-11-24T12:00+02:00")],
        tier=STANDARD,
        calendar=CAL,
        now=now,
    )
    assert timely.processing.extended
    assert timely.processing.target_duration == 72 * H
    assert same(timely.processing.due, "2026-12-03T10:00+02:00")
    assert not timely.processing.breached
    late = evaluate_ticket(
        "T7",
        [*base, ev("extension_notified", "2026-11-26T12:00+02:00")],
        tier=STANDARD,
        calendar=CAL,
        now=now,
    )
    assert not late.processing.extended
    assert late.processing.breached
    assert (timely.processing.extension, late.processing.extension) == (
        Extension.VALID,
        Extension.LATE,
    )
    assert late.processing.extension_note == (
        "not extended: notice at 2026-11-26T12:00:00+02:00 came after the 24:00 deadline "
        "2026-11-25T16:00:00+02:00 had passed (R5 needs prior notice)"
    )


def test_r5_several_pauses_each_stop_the_clock() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("paused", "2026-11-23T10:00+02:00"),
        ev("resumed", "2026-11-23T14:00+02:00"),
        ev("paused", "2026-11-24T11:00+02:00"),
        ev("resumed", "2026-11-25T09:00+02:00"),
    ]
    sla = evaluate_ticket(
        "T10", events, tier=STANDARD, calendar=CAL, now=at("2026-11-26T18:00+02:00")
    )
    processing = sla.processing
    # ran Mon 09-10 (1), Mon 14-18 (4), Tue 09-11 (2), Wed 09-18 (9), Thu 09-18 (9)
    assert processing.elapsed == 25 * H
    assert processing.remaining == -H
    assert processing.fraction_used == Fraction(25, 24)
    assert same(processing.due, "2026-11-26T17:00+02:00")  # 7 h by Tue, 16 by Wed, +8 Thu
    assert processing.breached
    assert same(processing.breached_at, "2026-11-26T17:00+02:00")
    assert not processing.paused
    assert processing.explain().counted == 25 * H


PAUSE_AT_DUE_CASES = [
    ("2026-11-25T18:00+02:00", False, "r5-paused-exactly-at-due-is-in-time"),
    ("2026-11-25T19:00+02:00", True, "r5-paused-after-due-closing-stays-breached"),
    ("2026-11-25T17:59+02:00", False, "r5-paused-one-minute-before-due"),
]


@pytest.mark.parametrize(
    ("paused_at", "breached"),
    [c[:2] for c in PAUSE_AT_DUE_CASES],
    ids=[c[2] for c in PAUSE_AT_DUE_CASES],
)
def test_r5_pause_after_the_due_instant_does_not_undo_a_breach(
    paused_at: str, breached: bool
) -> None:
    # received Mon 12:00: 6 h Mon + 9 h Tue + 9 h Wed = 24 h, due Wed 25 Nov 18:00 (closing)
    events = [ev("received", "2026-11-23T12:00+02:00"), ev("paused", paused_at)]
    sla = evaluate_ticket(
        "T11", events, tier=STANDARD, calendar=CAL, now=at("2026-11-26T10:00+02:00")
    )
    assert sla.processing.paused
    assert sla.processing.breached is breached
    if breached:
        assert same(sla.processing.breached_at, "2026-11-25T18:00+02:00")
        assert same(sla.processing.due, "2026-11-25T18:00+02:00")
        assert sla.processing.remaining == timedelta(0)  # no working time after 18:00
    else:
        assert sla.processing.breached_at is None


def test_r5_notice_given_while_paused_before_due_extends() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("paused", "2026-11-23T10:00+02:00"),
        ev("extension_notified", "2026-11-30T10:00+02:00"),  # 1 h used: due not passed
        ev("resumed", "2026-11-30T10:00+02:00"),
    ]
    sla = evaluate_ticket(
        "T12", events, tier=STANDARD, calendar=CAL, now=at("2026-12-03T18:00+02:00")
    )
    assert sla.processing.extended
    assert sla.processing.target_duration == 72 * H
    assert sla.processing.elapsed == H + 8 * H + 3 * 9 * H  # Mon 23; Mon 30 10-18; Tue-Thu
    assert not sla.processing.breached


def test_r5_clock_notice_on_a_tier_without_extension_says_so() -> None:
    fixed = Tier("fixed", reaction_target=H, processing_extension=24 * H)
    events = [
        ev("received", "2026-11-23T10:00+02:00"),
        ev("extension_notified", "2026-11-23T11:00+02:00"),
    ]
    sla = evaluate_ticket("T13", events, tier=fixed, calendar=CAL, now=at("2026-11-23T12:00Z"))
    assert not sla.processing.extended
    assert sla.processing.extension is Extension.NONE
    assert sla.processing.target_duration == 24 * H
    assert sla.processing.extension_note == (
        "not extended: this tier's processing target 24:00 has no extension"
    )
    assert sla.now.isoformat() == "2026-11-23T14:00:00+02:00"  # in the calendar's zone


def test_r13_24_7_clock_across_spring_forward() -> None:
    events = [ev("received", "2026-03-29T01:30+02:00"), ev("responded", "2026-03-29T05:30+03:00")]
    sla = evaluate_ticket(
        "T8", events, tier=EMERGENCY_24_7, calendar=CAL, now=at("2026-03-29T12:00+03:00")
    )
    assert sla.reaction.elapsed == 3 * H
    assert not sla.reaction.breached


def test_r5_ticket_events_replay_ties_in_one_order() -> None:
    # Two pauses meet at 12:00 and the second ends at the resolution, 14:00: at one
    # instant a pause ends before the next begins, and before the ticket is resolved.
    noon, two = at("2026-11-23T12:00+02:00"), at("2026-11-23T14:00+02:00")
    events = ticket_events(
        at("2026-11-23T10:00+02:00"),
        first_response_at=at("2026-11-23T10:00+02:00"),
        resolved_at=two,
        pauses=[(at("2026-11-23T11:00+02:00"), noon), (noon, two)],
    )
    assert [e.kind.value for e in events] == [
        "received",
        "responded",
        "paused",
        "resumed",
        "paused",
        "resumed",
        "resolved",
    ]
    sla = evaluate_ticket("T", events, tier=STANDARD, calendar=CAL, now=two)
    assert sla.processing.elapsed == H  # 10:00-11:00; paused from 11:00 to the resolution


def test_r5_clock_explain_shows_paused_time() -> None:
    events = [
        ev("received", "2026-11-20T17:30+02:00"),
        ev("paused", "2026-11-23T11:00+02:00"),
        ev("resumed", "2026-11-24T11:00+02:00"),
        ev("resolved", "2026-11-26T12:00+02:00"),
    ]
    sla = evaluate_ticket(
        "T9", events, tier=STANDARD, calendar=CAL, now=at("2026-11-27T12:00+02:00")
    )
    assert str(sla.processing.explain()) == (
        "Fri 17:30–18:00 0:30 · Sat, Sun weekend · Mon 09:00–11:00 2:00 · "
        "Mon 11:00–18:00 paused · Tue 09:00–11:00 paused · Tue 11:00–18:00 7:00 · "
        "Wed 09:00–18:00 9:00 · Thu 09:00–12:00 3:00"
    )
    assert sla.processing.explain().counted == sla.processing.elapsed == 21 * H + H / 2


BAD_EVENTS = [
    (
        [ev("responded", "2026-11-23T10:00+02:00")],
        "ticket 'X', event 0 (responded at 2026-11-23T10:00:00+02:00): the first event must "
        "be 'received'",
        "first-event-not-received",
    ),
    (
        [ev("received", "2026-11-23T10:00+02:00"), ev("responded", "2026-11-23T09:00+02:00")],
        "ticket 'X', event 1 (responded at 2026-11-23T09:00:00+02:00): it is before the "
        "receipt at 2026-11-23T10:00:00+02:00",
        "response-before-receipt",
    ),
    (
        [
            ev("received", "2026-11-23T10:00+02:00"),
            ev("paused", "2026-11-23T12:00+02:00"),
            ev("resumed", "2026-11-23T11:00+02:00"),
        ],
        # sorted by instant, the resume comes first: the ticket is still running then
        "ticket 'X', event 2 (resumed at 2026-11-23T11:00:00+02:00): cannot resume a "
        "running ticket",
        "events-sorted-then-resume-without-pause",
    ),
    (
        [ev("received", "2026-11-23T10:00+02:00"), ev("resumed", "2026-11-23T11:00+02:00")],
        "ticket 'X', event 1 (resumed at 2026-11-23T11:00:00+02:00): cannot resume a "
        "running ticket",
        "resume-without-pause",
    ),
    (
        [ev("received", "2026-11-23T10:00+02:00"), ev("reopened", "2026-11-23T11:00+02:00")],
        "ticket 'X', event 1 (reopened at 2026-11-23T11:00:00+02:00): cannot reopen a "
        "running ticket",
        "reopen-without-resolve",
    ),
    (
        [ev("received", "2026-11-23T10:00+02:00"), ev("resolved", "2026-12-30T11:00+02:00")],
        "ticket 'X', event 1 (resolved at 2026-12-30T11:00:00+02:00): it is after `now`; "
        "expected past events only",
        "event-after-now",
    ),
]


@pytest.mark.parametrize(
    ("events", "message"), [c[:2] for c in BAD_EVENTS], ids=[c[2] for c in BAD_EVENTS]
)
def test_r5_bad_events_name_ticket_and_event(events: list[TicketEvent], message: str) -> None:
    with pytest.raises(TicketEventError) as caught:
        evaluate_ticket("X", events, tier=STANDARD, calendar=CAL, now=at("2026-12-01T00:00+02:00"))
    assert str(caught.value) == message


def test_ticket_id_must_be_a_string() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^ticket_id must be a non-empty str, got int 7$"):
        evaluate_ticket(
            7,  # type: ignore[arg-type]
            [ev("received", "2026-11-23T10:00+02:00")],
            tier=STANDARD,
            calendar=CAL,
            now=at("2026-12-01T00:00+02:00"),
        )


def test_r5_event_time_of_the_wrong_type_is_refused_where_it_is_given() -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        TicketEvent(EventKind.PAUSED, "noon")  # type: ignore[arg-type]
    assert str(caught.value) == ("TicketEvent.at must be a timezone-aware datetime, got str 'noon'")
    events = [ev("received", "2026-11-23T10:00+02:00"), {"kind": "paused", "at": "noon"}]
    with pytest.raises(InvalidValueError) as caught_dict:
        evaluate_ticket("X", events, tier=STANDARD, calendar=CAL, now=at("2026-12-01T00:00+02:00"))
    assert str(caught_dict.value) == (
        "ticket 'X', event 1: data['at']='noon' is invalid; expected an ISO 8601 string with "
        "an offset"
    )


def test_r5_event_of_the_wrong_kind_names_ticket_and_event() -> None:
    received = ev("received", "2026-11-23T10:00+02:00")
    now = at("2026-12-01T00:00+02:00")
    with pytest.raises(ArgumentTypeError) as caught:
        TicketEvent("paused", at("2026-11-23T11:00+02:00"))  # type: ignore[arg-type]
    assert str(caught.value) == "TicketEvent.kind must be an EventKind, got str 'paused'"
    not_an_event: Any = "paused"
    with pytest.raises(ArgumentTypeError) as caught:
        evaluate_ticket("X", [received, not_an_event], tier=STANDARD, calendar=CAL, now=now)
    assert str(caught.value) == (
        "ticket 'X', event 1 must be a TicketEvent, a StatusChange or a dict, got str 'paused'"
    )
    with pytest.raises(InvalidValueError) as caught_dict:
        evaluate_ticket(
            "X",
            [received, {"kind": "pasued", "at": "2026-11-23T11:00+02:00"}],
            tier=STANDARD,
            calendar=CAL,
            now=now,
        )
    assert str(caught_dict.value).startswith(
        "ticket 'X', event 1: data['kind']='pasued' is invalid; expected one of 'received', "
    )


def test_r5_events_may_be_any_iterable() -> None:
    events = (e for e in [ev("received", "2026-11-23T10:00+02:00")])
    sla = evaluate_ticket(
        "G", events, tier=STANDARD, calendar=CAL, now=at("2026-11-23T12:00+02:00")
    )
    assert sla.processing.elapsed == 2 * H


def test_naive_event_is_refused_naming_the_field_or_the_ticket_and_event() -> None:
    with pytest.raises(NaiveDatetimeError) as caught:
        ev("responded", "2026-11-23T11:00")
    assert str(caught.value).startswith(
        "TicketEvent.at=datetime.datetime(2026, 11, 23, 11, 0) is a naive datetime; expected "
    )
    events = [
        ev("received", "2026-11-23T10:00+02:00"),
        {"kind": "responded", "at": "2026-11-23T11:00"},
    ]
    with pytest.raises(NaiveDatetimeError) as caught:
        evaluate_ticket("X", events, tier=STANDARD, calendar=CAL, now=at("2026-12-01T00:00+02:00"))
    assert str(caught.value) == (
        "ticket 'X', event 1: data['at']=datetime.datetime(2026, 11, 23, 11, 0) is a naive "
        "datetime; expected a timezone-aware datetime (sla_calendar never guesses a time zone)"
    )


# ---------------------------------------------------------------- properties

tiers = st.sampled_from([STANDARD, EMERGENCY, EMERGENCY_24_7])
kyiv_instants = st_.sla_instants()


@given(kyiv_instants, tiers)
def test_r10_r11_r13_response_at_due_is_in_time_one_microsecond_later_is_not(
    received: datetime, tier: Tier
) -> None:
    due = tier.reaction_due(received, CAL).due
    for response, breached in ((due, False), (due.astimezone(UTC) + US, True)):
        sla = evaluate_ticket(
            "P",
            [TicketEvent(EventKind.RECEIVED, received), TicketEvent(EventKind.RESPONDED, response)],
            tier=tier,
            calendar=CAL,
            now=response,
        )
        assert sla.reaction.breached is breached
        assert same(sla.reaction.due, due.isoformat())


@given(st.data(), kyiv_instants, tiers)
def test_r5_pausing_never_makes_a_deadline_earlier(
    data: st.DataObject, received: datetime, tier: Tier
) -> None:
    paused = data.draw(st_.ticket_pauses(received))
    start = [TicketEvent(EventKind.RECEIVED, received)]
    now = received.astimezone(UTC) + timedelta(days=30)
    plain = evaluate_ticket("P", start, tier=tier, calendar=CAL, now=now)
    with_pauses = evaluate_ticket("P", start + paused, tier=tier, calendar=CAL, now=now)
    assert with_pauses.processing.due.astimezone(UTC) >= plain.processing.due.astimezone(UTC)
    assert with_pauses.processing.elapsed <= plain.processing.elapsed
    assert with_pauses.reaction == plain.reaction  # pauses never touch the reaction clock
    assert with_pauses.processing.explain().counted == with_pauses.processing.elapsed
    assert plain.processing.explain().counted == plain.processing.elapsed
