"""Ticket histories as helpdesks keep them: statuses, any order, JSON, reply cycles, tier
changes, cancellation, and the clocks written out and read back (R2, R5, R10–R13).

Hand-checked cases name their reason; properties compare a history with its shuffled,
JSON and status-driven forms, and a change of tier with the sum of its two parts on the
slow reference calendar (tests/reference.py).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    DEFAULT_STATUS_RULES,
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    ArgumentTypeError,
    ClockAction,
    ClockState,
    EventKind,
    InvalidValueError,
    SlaStatus,
    StatusChange,
    StatusRules,
    Target,
    TicketEvent,
    TicketEventError,
    TicketSla,
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


def ev(kind: str, when: str, tier: Tier | None = None) -> TicketEvent:
    return TicketEvent(EventKind[kind.upper()], at(when), tier)


def sc(status: str, when: str) -> StatusChange:
    return StatusChange(status, at(when))


def run(events: list[Any], now: str, tier: Tier = STANDARD, **options: Any) -> TicketSla:
    return evaluate_ticket("H", events, tier=tier, calendar=CAL, now=at(now), **options)


# ---------------------------------------------------------------- statuses


def test_r5_status_history_equals_the_same_explicit_events() -> None:
    statuses = [
        sc("New", "2026-11-23T09:00+02:00"),
        sc("Awaiting  client", "2026-11-23T11:00+02:00"),
        sc("open", "2026-11-24T11:00+02:00"),
        sc("RESOLVED", "2026-11-26T12:00+02:00"),
    ]
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("paused", "2026-11-23T11:00+02:00"),
        ev("resumed", "2026-11-24T11:00+02:00"),
        ev("resolved", "2026-11-26T12:00+02:00"),
    ]
    by_status = run(statuses, "2026-11-27T12:00+02:00")
    assert by_status == run(events, "2026-11-27T12:00+02:00")
    assert by_status.processing.elapsed == 21 * H  # Mon 2 + Tue 7 + Wed 9 + Thu 3
    assert by_status.processing.state is ClockState.MET
    # the resolution answered the client after 24 h (Mon 9 + Tue 9 + Wed 6): late
    assert by_status.reaction.state is ClockState.BREACHED
    assert u(by_status.reaction.breached_at) == u(at("2026-11-25T15:00+02:00"))


def test_r5_a_status_that_changes_nothing_is_no_error() -> None:
    repeated = [
        sc("new", "2026-11-23T09:00+02:00"),
        sc("open", "2026-11-23T10:00+02:00"),  # resume a running clock: nothing
        sc("awaiting client", "2026-11-23T11:00+02:00"),
        sc("awaiting client", "2026-11-23T15:00+02:00"),  # pause a paused clock: nothing
        sc("in progress", "2026-11-24T11:00+02:00"),
    ]
    sla = run(repeated, "2026-11-24T12:00+02:00")
    assert sla.processing.elapsed == 3 * H  # Mon 09-11, Tue 11-12
    assert sla.processing.state is ClockState.OK


def test_r5_events_stay_strict_where_statuses_are_lenient() -> None:
    with pytest.raises(TicketEventError, match="cannot pause a paused ticket"):
        run(
            [
                ev("received", "2026-11-23T09:00+02:00"),
                ev("paused", "2026-11-23T10:00+02:00"),
                ev("paused", "2026-11-23T11:00+02:00"),
            ],
            "2026-11-24T12:00+02:00",
        )


def test_unknown_status_names_the_ticket_event_and_known_statuses() -> None:
    with pytest.raises(TicketEventError) as caught:
        run(
            [sc("new", "2026-11-23T09:00+02:00"), sc("On hold", "2026-11-23T10:00+02:00")],
            "2026-11-24T12:00+02:00",
        )
    assert str(caught.value) == (
        "ticket 'H', event 1 (status 'On hold'): status='On hold' is invalid; expected one of "
        "'awaiting client', 'cancelled', 'closed', 'in progress', 'new', 'open', 'reopened', "
        "'resolved' (or StatusRules(..., ignore_unknown=True))"
    )
    lenient = StatusRules(DEFAULT_STATUS_RULES.actions, ignore_unknown=True)
    sla = run(
        [sc("new", "2026-11-23T09:00+02:00"), sc("On hold", "2026-11-23T10:00+02:00")],
        "2026-11-23T12:00+02:00",
        status_rules=lenient,
    )
    assert sla.processing.elapsed == 3 * H


def test_custom_rules_from_json_can_pause_the_reaction_clock() -> None:
    rules = StatusRules.from_dict(
        json.loads("""{"actions": {
        "Waiting for customer": {"processing": "pause"},
        "Escalated": {"reaction": "pause", "processing": "resume"},
        "In Progress": {"reaction": "resume", "processing": "resume"},
        "Done": {"reaction": "stop", "processing": "stop"}}}""")
    )
    assert rules.actions_for("escalated") == {
        Target.REACTION: ClockAction.PAUSE,
        Target.PROCESSING: ClockAction.RESUME,
    }
    assert StatusRules.from_dict(rules.to_dict()) == rules
    assert hash(StatusRules.from_dict(rules.to_dict())) == hash(rules)
    sla = run(
        [
            ev("received", "2026-11-23T09:00+02:00"),
            sc("Escalated", "2026-11-23T10:00+02:00"),
            sc("In Progress", "2026-11-23T14:00+02:00"),
            sc("Done", "2026-11-23T15:00+02:00"),
        ],
        "2026-11-23T16:00+02:00",
        status_rules=rules,
    )
    assert sla.reaction.elapsed == 2 * H  # 09-10 and 14-15; paused while escalated
    assert sla.processing.elapsed == 6 * H
    assert sla.reaction.state is ClockState.MET


BAD_RULES = [
    (
        {"x": {"resolution": "stop"}},
        InvalidValueError,
        "StatusRules.actions['x'] clock 'resolution'='resolution' is invalid; expected one of "
        "'reaction', 'processing', 'reply'",
    ),
    (
        {"x": {"processing": "halt"}},
        InvalidValueError,
        "StatusRules.actions['x']['processing']='halt' is invalid; expected one of 'start', "
        "'pause', 'resume', 'stop', 'cancel'",
    ),
    (
        {"x": "pause"},
        ArgumentTypeError,
        "StatusRules.actions['x'] must be a mapping of clocks to actions, got str 'pause'",
    ),
    (
        {"Open": {}, "open ": {}},
        InvalidValueError,
        "StatusRules.actions['open '] names status 'open' twice; expected it once",
    ),
    ({" ": {}}, InvalidValueError, "status=' ' is invalid; expected a non-empty status name"),
]


@pytest.mark.parametrize(
    ("actions", "error", "message"),
    BAD_RULES,
    ids=["unknown-clock", "unknown-action", "not-a-mapping", "status-twice", "blank-status"],
)
def test_status_rules_name_what_is_wrong(
    actions: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        StatusRules(actions)
    assert str(caught.value) == message


def test_r5_ties_of_statuses_apply_the_strongest_action_last() -> None:
    # "reopened" (resume) and "resolved" (stop) at one instant: the stop wins
    sla = run(
        [
            sc("new", "2026-11-23T09:00+02:00"),
            sc("reopened", "2026-11-23T12:00+02:00"),
            sc("resolved", "2026-11-23T12:00+02:00"),
        ],
        "2026-11-23T15:00+02:00",
    )
    assert sla.processing.state is ClockState.MET
    assert sla.processing.elapsed == 3 * H


def test_r10_a_message_and_a_response_at_one_instant_the_response_answers_it() -> None:
    sla = run(
        [
            ev("received", "2026-11-23T09:00+02:00"),
            ev("responded", "2026-11-23T10:00+02:00"),
            ev("responded", "2026-11-23T12:00+02:00"),
            ev("client_message", "2026-11-23T12:00+02:00"),
        ],
        "2026-11-23T15:00+02:00",
        tier=EMERGENCY,
    )
    (reply,) = sla.replies
    assert (reply.state, reply.elapsed) == (ClockState.MET, timedelta(0))


# ---------------------------------------------------------------- order and JSON

TICKET = [
    ev("received", "2026-11-20T17:30+02:00"),
    ev("responded", "2026-11-23T10:00+02:00"),
    ev("paused", "2026-11-23T11:00+02:00"),
    ev("resumed", "2026-11-24T11:00+02:00"),
    ev("extension_notified", "2026-11-24T12:00+02:00"),
    ev("resolved", "2026-11-26T12:00+02:00"),
]


def test_r5_events_in_any_order_and_as_json_dicts_give_the_same_clocks() -> None:
    expected = run(TICKET, "2026-11-27T12:00+02:00")
    assert run(list(reversed(TICKET)), "2026-11-27T12:00+02:00") == expected
    from_json = json.loads(json.dumps([event.to_dict() for event in TICKET]))
    assert run(from_json, "2026-11-27T12:00+02:00") == expected
    assert [TicketEvent.from_dict(item) for item in from_json] == TICKET


def test_events_before_the_receipt_or_after_now_are_named() -> None:
    with pytest.raises(TicketEventError) as caught:
        run(
            [ev("responded", "2026-11-23T08:00+02:00"), ev("received", "2026-11-23T09:00+02:00")],
            "2026-11-24T00:00+02:00",
        )
    assert str(caught.value) == (
        "ticket 'H', event 0 (responded at 2026-11-23T08:00:00+02:00): it is before the "
        "receipt at 2026-11-23T09:00:00+02:00"
    )
    with pytest.raises(TicketEventError, match=r"event 1 \(status 'open' at .*\): it is after"):
        run(
            [sc("new", "2026-11-23T09:00+02:00"), sc("open", "2026-11-25T09:00+02:00")],
            "2026-11-24T00:00+02:00",
        )
    with pytest.raises(TicketEventError, match="a ticket is received only once"):
        run(
            [ev("received", "2026-11-23T09:00+02:00"), ev("received", "2026-11-23T10:00+02:00")],
            "2026-11-24T00:00+02:00",
        )


@given(st_.ticket_histories(), st.randoms(use_true_random=False))
def test_any_order_and_json_give_the_same_clocks(
    history: tuple[Tier, list[TicketEvent], datetime], rng: random.Random
) -> None:
    tier, events, now = history
    expected = evaluate_ticket("A", events, tier=tier, calendar=CAL, now=now)
    shuffled = events[:]
    rng.shuffle(shuffled)
    as_json = json.loads(json.dumps([event.to_dict() for event in shuffled]))
    assert evaluate_ticket("A", shuffled, tier=tier, calendar=CAL, now=now) == expected
    assert evaluate_ticket("A", as_json, tier=tier, calendar=CAL, now=now) == expected


_AS_STATUS = {
    EventKind.RECEIVED: "new",
    EventKind.PAUSED: "awaiting client",
    EventKind.RESUMED: "open",
    EventKind.RESOLVED: "resolved",
    EventKind.REOPENED: "reopened",
}


@given(st_.ticket_histories(), st.randoms(use_true_random=False))
def test_r5_status_histories_equal_the_same_explicit_events(
    history: tuple[Tier, list[TicketEvent], datetime], rng: random.Random
) -> None:
    tier, events, now = history
    mixed: list[TicketEvent | StatusChange] = [
        StatusChange(_AS_STATUS[e.kind], e.at) if e.kind in _AS_STATUS else e for e in events
    ]
    rng.shuffle(mixed)
    by_status = evaluate_ticket("A", mixed, tier=tier, calendar=CAL, now=now)
    assert by_status == evaluate_ticket("A", events, tier=tier, calendar=CAL, now=now)
    for status in by_status.clocks:  # and the time counted is the reference's
        reference = ROUND_THE_CLOCK_REFERENCE if status.calendar.is_round_the_clock else KYIV_REF
        if len(status.parts) == 1:
            counted = sum((reference.between(a, b) for a, b in status.running), timedelta(0))
            assert status.elapsed == counted


# ---------------------------------------------------------------- reply cycles


def test_reply_cycles_each_their_own_clock_with_a_verdict() -> None:
    sla = run(
        [
            ev("received", "2026-11-23T09:00+02:00"),
            ev("responded", "2026-11-23T10:00+02:00"),  # reaction: 1 h of 3
            ev("client_message", "2026-11-23T17:00+02:00"),
            ev("responded", "2026-11-24T10:00+02:00"),  # cycle 2: Mon 17-18 + Tue 09-10
            ev("responded", "2026-11-24T10:30+02:00"),  # nothing open: kept, answers nothing
            ev("client_message", "2026-11-24T12:00+02:00"),
            ev("client_message", "2026-11-24T13:00+02:00"),  # joins the open cycle
        ],
        "2026-11-25T12:00+02:00",
        tier=EMERGENCY,
    )
    assert [c.target for c in sla.cycles] == [Target.REACTION, Target.REPLY, Target.REPLY]
    assert [c.state for c in sla.cycles] == [ClockState.MET, ClockState.MET, ClockState.BREACHED]
    assert [c.elapsed for c in sla.cycles] == [H, 2 * H, 9 * H]  # Tue 12-18, Wed 09-12
    assert u(sla.replies[1].breached_at) == u(at("2026-11-24T15:00+02:00"))
    assert [u(r) for r in sla.responses] == [
        u(at("2026-11-23T10:00+02:00")),
        u(at("2026-11-24T10:00+02:00")),
        u(at("2026-11-24T10:30+02:00")),
    ]
    assert str(sla.replies[1]) == (
        "H reply: breached, due 2026-11-24T15:00:00+02:00, used 9:00 of 3:00"
    )


def test_reply_target_of_the_tier_and_messages_before_the_first_response() -> None:
    slow_replies = Tier("slow replies", reaction_target=3 * H, reply_target=8 * H)
    sla = run(
        [
            ev("received", "2026-11-23T09:00+02:00"),
            ev("client_message", "2026-11-23T09:30+02:00"),  # joins the first cycle
            ev("responded", "2026-11-23T10:00+02:00"),
            ev("client_message", "2026-11-23T11:00+02:00"),
        ],
        "2026-11-23T12:00+02:00",
        tier=slow_replies,
    )
    (reply,) = sla.replies
    assert reply.target_duration == 8 * H
    assert u(reply.due) == u(at("2026-11-24T10:00+02:00"))  # Mon 11-18 (7), Tue 09-10


def test_r5_a_resolution_answers_an_open_reply_cycle() -> None:
    sla = run(
        [
            ev("received", "2026-11-23T09:00+02:00"),
            ev("responded", "2026-11-23T10:00+02:00"),
            ev("client_message", "2026-11-23T11:00+02:00"),
            ev("resolved", "2026-11-23T12:00+02:00"),
        ],
        "2026-11-24T12:00+02:00",
    )
    assert (sla.replies[0].state, sla.replies[0].elapsed) == (ClockState.MET, H)


# ---------------------------------------------------------------- tier changes


def test_r12_coupon_after_receipt_switches_the_target_and_carries_the_time() -> None:
    sla = run(
        [
            ev("received", "2026-11-23T09:00+02:00"),
            ev("tier_changed", "2026-11-23T10:00+02:00", EMERGENCY),
        ],
        "2026-11-23T11:00+02:00",
    )
    reaction = sla.reaction
    assert sla.tier is EMERGENCY
    assert [t.name for _, t in sla.tier_history] == ["standard", "emergency"]
    assert reaction.target_duration == 3 * H
    assert reaction.elapsed == 2 * H
    assert u(reaction.due) == u(at("2026-11-23T12:00+02:00"))  # 1 h carried + 2 h
    assert [(p.tier.name, p.carried) for p in reaction.parts] == [
        ("standard", timedelta(0)),
        ("emergency", H),
    ]
    assert str(reaction.explain()) == (
        "Mon 09:00–10:00 1:00 · Mon 10:00 tier changed from standard to emergency (target "
        "3:00; 1:00 counted before) · Mon 10:00–11:00 1:00"
    )


def test_r2_escalation_to_24_7_counts_real_hours_from_the_switch() -> None:
    sla = run(
        [
            ev("received", "2026-11-20T15:00+02:00"),  # Friday: 2 working hours to 17:00
            ev("tier_changed", "2026-11-20T17:00+02:00", EMERGENCY_24_7),
        ],
        "2026-11-21T09:00+02:00",
    )
    reaction = sla.reaction
    assert u(reaction.due) == u(at("2026-11-20T18:00+02:00"))  # 3 h - 2 h = 1 real hour
    assert reaction.elapsed == 2 * H + 16 * H  # 2 working hours, then 16 real ones
    assert reaction.state is ClockState.BREACHED


def test_r12_a_target_already_used_at_the_switch_is_due_at_the_switch() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("tier_changed", "2026-11-23T13:00+02:00", EMERGENCY),  # 4 h counted, 3 h target
    ]
    in_time = run([*events, ev("responded", "2026-11-23T13:00+02:00")], "2026-11-23T14:00+02:00")
    assert u(in_time.reaction.due) == u(at("2026-11-23T13:00+02:00"))
    assert in_time.reaction.state is ClockState.MET
    late = run(
        [*events, ev("responded", "2026-11-23T13:00:00.000001+02:00")], "2026-11-23T14:00+02:00"
    )
    assert late.reaction.state is ClockState.BREACHED


def test_r12_a_change_after_a_clock_stopped_leaves_it_alone() -> None:
    sla = run(
        [
            ev("received", "2026-11-23T09:00+02:00"),
            ev("responded", "2026-11-23T10:00+02:00"),
            ev("tier_changed", "2026-11-23T11:00+02:00", EMERGENCY),
        ],
        "2026-11-23T12:00+02:00",
    )
    assert [p.tier.name for p in sla.reaction.parts] == ["standard"]
    assert [p.tier.name for p in sla.processing.parts] == ["standard", "emergency"]


def test_two_tier_changes_at_one_instant_are_refused() -> None:
    with pytest.raises(TicketEventError, match="another tier change at the same instant"):
        run(
            [
                ev("received", "2026-11-23T09:00+02:00"),
                ev("tier_changed", "2026-11-23T10:00+02:00", EMERGENCY),
                ev("tier_changed", "2026-11-23T10:00+02:00", EMERGENCY_24_7),
            ],
            "2026-11-23T12:00+02:00",
        )


def _reference_for(tier: Tier) -> ReferenceCalendar:
    return ROUND_THE_CLOCK_REFERENCE if tier.reaction_clock.value == "round_the_clock" else KYIV_REF


tiers = st.sampled_from([STANDARD, EMERGENCY, EMERGENCY_24_7])


@given(st_.sla_instants(), tiers, tiers, st.integers(1, 5 * 24 * 60), st.integers(0, 5 * 24 * 60))
def test_r2_r12_a_tier_switch_equals_the_sum_of_its_two_parts(
    received: datetime, old: Tier, new: Tier, to_switch: int, after: int
) -> None:
    switch = received.astimezone(UTC) + timedelta(minutes=to_switch)
    now = switch + timedelta(minutes=after)
    sla = evaluate_ticket(
        "T",
        [
            TicketEvent(EventKind.RECEIVED, received),
            TicketEvent(EventKind.TIER_CHANGED, switch, new),
        ],
        tier=old,
        calendar=CAL,
        now=now,
    )
    reaction = sla.reaction
    before = _reference_for(old).between(received, switch)
    assert reaction.elapsed == before + _reference_for(new).between(switch, now) or old == new
    if old == new:
        return
    left = new.reaction_target - before
    due = switch if left <= timedelta(0) else _reference_for(new).add(switch, left)
    assert u(reaction.due) == u(due)
    assert reaction.explain().counted == reaction.elapsed


# ---------------------------------------------------------------- cancellation


def test_cancelled_ticket_has_no_verdict_and_takes_no_more_events() -> None:
    events = [
        ev("received", "2026-11-23T09:00+02:00"),
        ev("cancelled", "2026-11-23T13:00+02:00"),  # the 3-hour emergency target had passed
    ]
    sla = run(events, "2026-11-24T12:00+02:00", tier=EMERGENCY)
    assert [c.state for c in sla.clocks] == [ClockState.CANCELLED, ClockState.CANCELLED]
    assert not sla.breached
    assert sla.next_change is None
    with pytest.raises(TicketEventError, match="the ticket was already cancelled"):
        run([*events, ev("responded", "2026-11-23T14:00+02:00")], "2026-11-24T12:00+02:00")


# ---------------------------------------------------------------- written out, read back


def test_clocks_written_as_json_read_back_exactly() -> None:
    sla = run(
        [*TICKET[:3], ev("tier_changed", "2026-11-23T12:00+02:00", EMERGENCY_24_7)],
        "2026-11-23T13:00+02:00",
    )
    data = json.loads(json.dumps(sla.to_dict()))
    assert data["processing"]["state"] == "paused"
    assert data["reaction"]["fraction_used"] == "1/16"
    back = TicketSla.from_dict(data, calendar=CAL)
    assert back == sla
    assert back.reaction.calendar is not None
    assert SlaStatus.from_dict(sla.processing.to_dict(), calendar=CAL) == sla.processing


BAD_DATA = [
    ({"target": "speed"}, "data['target']='speed' is invalid; expected one of 'reaction', "),
    ({"elapsed_us": 1.5}, "data['elapsed_us']=1.5 is invalid; expected an int of microseconds"),
    ({"fraction_used": 0.25}, "data['fraction_used']=0.25 is invalid; expected a fraction "),
    ({"due": "tomorrow"}, "data['due']='tomorrow' is invalid; expected an ISO 8601 string"),
    ({"parts": [{"tier": "gold"}]}, "data['tier']='gold' is invalid; expected one of 'emergency'"),
    ({"paused": "no"}, "data['paused']='no' is invalid; expected true or false"),
]


@pytest.mark.parametrize(("change", "message"), BAD_DATA, ids=[c[1][:20] for c in BAD_DATA])
def test_bad_status_data_names_the_place(change: dict[str, Any], message: str) -> None:
    data = run(TICKET, "2026-11-27T12:00+02:00").processing.to_dict() | change
    with pytest.raises(InvalidValueError) as caught:
        SlaStatus.from_dict(data, calendar=CAL)
    assert str(caught.value).startswith(message)


@given(st_.ticket_histories())
def test_clocks_round_trip_through_json_exactly(
    history: tuple[Tier, list[TicketEvent], datetime],
) -> None:
    tier, events, now = history
    sla = evaluate_ticket("J", events, tier=tier, calendar=CAL, now=now)
    assert TicketSla.from_dict(json.loads(json.dumps(sla.to_dict())), calendar=CAL) == sla
