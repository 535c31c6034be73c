"""The policy's contract on any input: an answer or one of our errors, never a built-in one.

Every public callable of the policy part (tiers, deadlines and their explanations, clocks
and what they report, status rules, queue, coupons) is called with instants anywhere in
years 1..9999, in any offset up to ±23:59 or a zone with clock changes, with either
fold; each returns or raises a :class:`SlaCalendarError` (often :class:`OutOfRangeError`
near the ends of the range). With a value of the wrong type in any argument, each raises
:class:`ArgumentTypeError`. How fast an answer or a refusal comes is measured by
``benchmarks/bench_policy.py``, not here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla_calendar import (
    DEFAULT_STATUS_RULES,
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    ArgumentTypeError,
    ClockPart,
    Coupon,
    CouponCheck,
    CouponRegistry,
    Deadline,
    EventKind,
    Explanation,
    QueuedRequest,
    QueuePosition,
    QueueReason,
    Segment,
    SegmentKind,
    SlaCalendarError,
    SlaStatus,
    StatusChange,
    StatusRules,
    Target,
    TicketEvent,
    TicketSla,
    Tier,
    evaluate_ticket,
    kyiv_calendar,
    normalize_coupon_code,
    queue_order,
)
from sla_calendar.policy.clock import ticket_events

CAL = kyiv_calendar()
LATER = datetime(2030, 1, 1, tzinfo=UTC)
TIERS = st.sampled_from([STANDARD, EMERGENCY, EMERGENCY_24_7])

offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
zones = st.sampled_from(
    ["Europe/Kyiv", "America/Santiago", "Australia/Lord_Howe", "Pacific/Kiritimati", "UTC"]
).map(ZoneInfo)
walls = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 20)),
    st.datetimes(min_value=datetime(9999, 12, 10), max_value=datetime(9999, 12, 31, 23, 59)),
    st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2028, 1, 1)),
    st.datetimes(),
)


def _aware(wall: datetime, zone: tzinfo, fold: int) -> datetime:
    return wall.replace(tzinfo=zone, fold=fold)


instants = st.builds(_aware, walls, st.one_of(offsets, zones), st.integers(0, 1))
"""Aware instants anywhere in years 1..9999, in any offset or a zone with clock changes."""


def answers(call: Callable[[], Any]) -> Any:
    """The call's result, or None when it raised one of our errors; anything else fails."""
    try:
        return call()
    except SlaCalendarError:
        return None


def _each_clock_method(sla: TicketSla) -> None:
    for status in sla.clocks:
        for call in (
            lambda s=status: s.state,
            lambda s=status: s.next_change,
            lambda s=status: s.next_warning,
            lambda s=status: s.warnings(),
            lambda s=status: s.instant_at(Fraction(3, 4)),
            lambda s=status: s.clock_time_left,
            lambda s=status: str(s.explain()),
            lambda s=status: str(s),
        ):
            answers(call)
    data = answers(lambda: json.loads(json.dumps(sla.to_dict())))
    if data is not None:
        assert answers(lambda: TicketSla.from_dict(data, calendar=CAL)) in (None, sla)


@given(instants, instants, instants, TIERS)
def test_deadlines_answer_or_refuse_with_our_errors(
    received: datetime, notice: datetime, moment: datetime, tier: Tier
) -> None:
    deadline = answers(lambda: tier.reaction_due(received, CAL))
    if deadline is not None:
        answers(lambda: deadline.explain().lines())
        answers(lambda: str(deadline))
        answers(lambda: deadline.is_breached_by(moment))
    processing = answers(lambda: tier.processing_due(received, CAL, notice))
    if processing is not None:
        answers(lambda: str(processing.explain()))


@given(instants, instants, instants, instants, TIERS, TIERS)
def test_clocks_answer_or_refuse_with_our_errors(
    received: datetime, first: datetime, second: datetime, now: datetime, tier: Tier, other: Tier
) -> None:
    histories = [
        [TicketEvent(EventKind.RECEIVED, received)],
        [TicketEvent(EventKind.RECEIVED, received), TicketEvent(EventKind.RESPONDED, first)],
        [
            TicketEvent(EventKind.RECEIVED, received),
            TicketEvent(EventKind.TIER_CHANGED, first, other),
            StatusChange("awaiting client", second),
        ],
        [
            StatusChange("new", received),
            TicketEvent(EventKind.RESPONDED, first),
            TicketEvent(EventKind.CLIENT_MESSAGE, second),
        ],
        [event.to_dict() for event in (TicketEvent(EventKind.RECEIVED, received),)]
        + [{"status": "resolved", "at": first.isoformat()}],
    ]
    for events in histories:
        sla = answers(lambda e=events: evaluate_ticket("C", e, tier=tier, calendar=CAL, now=now))
        if sla is not None:
            _each_clock_method(sla)
    answers(lambda: ticket_events(received, first_response_at=first, pauses=[(first, second)]))


@given(instants, instants, st.text(max_size=12), st.booleans())
def test_queue_and_coupons_answer_or_refuse_with_our_errors(
    issued: datetime, moment: datetime, code: str, critical: bool
) -> None:
    coupon = answers(lambda: Coupon("EMRG-0001-ACME", "acme", issued, moment))
    registry = CouponRegistry.of([coupon]) if coupon is not None else CouponRegistry()
    answers(lambda: registry.check(code, "acme", moment))
    answers(lambda: registry.check("EMRG-0001-ACME", "acme", issued))
    answers(lambda: normalize_coupon_code(code))
    if coupon is not None:
        answers(lambda: coupon.is_valid_at(moment))
    request = answers(lambda: QueuedRequest("q", "acme", issued, critical, code or None))
    if request is not None:
        answers(lambda: queue_order([request], moment, registry))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "kind",
                "at",
                "tier",
                "status",
                "target",
                "parts",
                "running",
                "due",
                "reaction",
                "ticket_id",
            ]
        ),
        json_values,
    )
)
def test_data_read_back_refuses_junk_with_our_errors(data: dict[str, Any]) -> None:
    for read in (
        lambda: TicketEvent.from_dict(data),
        lambda: StatusChange.from_dict(data),
        lambda: SlaStatus.from_dict(data, calendar=CAL),
        lambda: TicketSla.from_dict(data, calendar=CAL),
        lambda: StatusRules.from_dict(data),
        lambda: evaluate_ticket("J", [data], tier=STANDARD, calendar=CAL, now=LATER),
    ):
        answers(read)


# ---------------------------------------------------------------- wrong types

_AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
_SLA = evaluate_ticket(
    "T", [TicketEvent(EventKind.RECEIVED, _AT)], tier=STANDARD, calendar=CAL, now=_AT
)
_DEADLINE = STANDARD.reaction_due(_AT, CAL)
_SEGMENT = Segment(SegmentKind.SKIPPED, _AT.date(), _AT.date(), reason="weekend")

# Each callable with its well-typed arguments; each argument in turn is replaced by junk.
CALLS: list[tuple[str, Callable[..., Any], tuple[Any, ...]]] = [
    ("Tier", Tier, ("gold", timedelta(hours=1))),
    ("Tier.reaction_due", STANDARD.reaction_due, (_AT, CAL)),
    ("Tier.processing_due", STANDARD.processing_due, (_AT, CAL, _AT)),
    ("Tier.clock_calendar", STANDARD.clock_calendar, (STANDARD.reaction_clock, CAL)),
    ("Tier.covers", STANDARD.covers, (next(iter(STANDARD.categories)),)),
    ("Tier.on_calendar", STANDARD.on_calendar, (CAL, "client 'a'")),
    ("Tier.target_of", STANDARD.target_of, (Target.REPLY,)),
    ("Deadline", Deadline, (Target.REACTION, _AT, timedelta(hours=1), _AT, CAL)),
    ("Deadline.is_breached_by", _DEADLINE.is_breached_by, (_AT,)),
    ("Segment", Segment, (SegmentKind.SKIPPED, _AT.date(), _AT.date())),
    ("Explanation", Explanation, ((_SEGMENT,), timedelta(0))),
    ("TicketEvent", TicketEvent, (EventKind.RESPONDED, _AT)),
    ("StatusChange", StatusChange, ("open", _AT)),
    ("StatusRules", StatusRules, ({"open": {"processing": "resume"}},)),
    ("StatusRules.actions_for", DEFAULT_STATUS_RULES.actions_for, ("open",)),
    ("ClockPart", ClockPart, (STANDARD, _AT, timedelta(hours=1), CAL)),
    ("SlaStatus.instant_at", _SLA.reaction.instant_at, (Fraction(1, 2),)),
    ("SlaStatus.from_dict", SlaStatus.from_dict, (_SLA.reaction.to_dict(),)),
    ("TicketSla.from_dict", TicketSla.from_dict, (_SLA.to_dict(),)),
    ("ticket_events", ticket_events, (_AT,)),
    ("QueuedRequest", QueuedRequest, ("q", "acme", _AT)),
    ("QueuePosition", QueuePosition, (1, QueuedRequest("q", "a", _AT), QueueReason.ARRIVAL, "")),
    ("queue_order", queue_order, ([QueuedRequest("q", "a", _AT)], _AT)),
    ("Coupon", Coupon, ("EMRG-0001-ACME", "acme", _AT, _AT + timedelta(days=1))),
    ("CouponCheck", CouponCheck, (True, "EMRG-0001-ACME", "ok")),
    ("CouponRegistry.check", CouponRegistry().check, ("EMRG-0001-ACME", "acme", _AT)),
    ("normalize_coupon_code", normalize_coupon_code, ("EMRG-0001-ACME",)),
]
KEYWORDS: dict[str, dict[str, Any]] = {
    "SlaStatus.from_dict": {"calendar": CAL},
    "TicketSla.from_dict": {"calendar": CAL},
}
JUNK = [None, 5, 2.5, "x", b"x", [1], object(), timedelta(hours=1), datetime(2026, 1, 1)]


@pytest.mark.parametrize(("name", "call", "args"), CALLS, ids=[c[0] for c in CALLS])
def test_well_typed_calls_answer(
    name: str, call: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    call(*args, **KEYWORDS.get(name, {}))


@pytest.mark.parametrize(("name", "call", "args"), CALLS, ids=[c[0] for c in CALLS])
@settings(max_examples=60)
@given(data=st.data())
def test_a_wrong_type_in_any_argument_is_an_argument_type_error(
    name: str, call: Callable[..., Any], args: tuple[Any, ...], data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(args) - 1), label="argument")
    junk = data.draw(st.sampled_from(JUNK), label="junk")
    if type(junk) is type(args[position]) and not isinstance(junk, datetime):
        return  # the right type: not this test's business
    if isinstance(args[position], str) and isinstance(junk, str):
        return
    if (name, position) == ("SlaStatus.instant_at", 0) and type(junk) is int:
        return  # a whole share (1 is 100 %) is a share
    bad = (*args[:position], junk, *args[position + 1 :])
    try:
        call(*bad, **KEYWORDS.get(name, {}))
    except ArgumentTypeError:
        return
    except SlaCalendarError:
        # a naive datetime where an instant goes is the right type with a wrong value, and
        # data read back names the value at fault
        naive_instant = isinstance(junk, datetime) and isinstance(args[position], datetime)
        if naive_instant or name.endswith("from_dict"):
            return
        raise
    accepted = f"{name} accepted {junk!r} in argument {position}"
    assert junk is None, accepted
    assert (name, position) in NONE_ALLOWED, accepted


NONE_ALLOWED = {("Tier.processing_due", 2)}
"""Arguments where None is a value: no extension notice."""


def test_evaluate_ticket_refuses_wrong_types_in_each_argument() -> None:
    good: dict[str, Any] = {"tier": STANDARD, "calendar": CAL, "now": _AT}
    events = [TicketEvent(EventKind.RECEIVED, _AT)]
    for name in ("tier", "calendar", "now", "status_rules", "thresholds"):
        for junk in (5, "x", [1]):
            with pytest.raises(ArgumentTypeError):
                evaluate_ticket("T", events, **(good | {name: junk}))
    for junk_events in (5, "received", {"kind": "received"}):
        with pytest.raises(ArgumentTypeError):
            evaluate_ticket("T", junk_events, **good)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        evaluate_ticket(5, events, **good)  # type: ignore[arg-type]
