"""A calendar per client and per tier, and the glue from a decision to the clocks.

The most specific calendar wins (the client's, else the tier's, else the one passed in)
in intake, the clocks and the audit, and explanations name which (R6, R10–R13).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla_calendar import (
    EMERGENCY,
    STANDARD,
    ArgumentTypeError,
    Client,
    ContractStatus,
    CountryHolidays,
    EventKind,
    InvalidValueError,
    Outcome,
    PriorRequest,
    QueuedRequest,
    Request,
    TicketEvent,
    Tier,
    WorkingCalendar,
    audit,
    decide,
    evaluate_ticket,
    kyiv_calendar,
    queue_order,
)
from tests import strategies as st_
from tests.reference import ReferenceCalendar

CAL = kyiv_calendar()
H = timedelta(hours=1)
WARSAW = WorkingCalendar.build(
    "Europe/Warsaw", {"mon-fri": "08:00-16:00"}, holidays=CountryHolidays("PL")
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def u(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def test_r6_a_tier_with_its_own_calendar_wins_and_is_named() -> None:
    # 11 November is a public holiday in Poland, not in Ukraine
    polish = STANDARD.on_calendar(WARSAW)
    deadline = polish.reaction_due(at("2026-11-10T15:00+01:00"), CAL)
    # Tue 15-16 (1), Wed 11 Nov off, Thu 8 h, Fri 8 h, Mon 7 h: due Mon 16 Nov 15:00
    assert deadline.due.isoformat() == "2026-11-16T15:00:00+01:00"
    lines = deadline.explain().lines()
    assert lines[-2] == "on the calendar of tier 'standard' (Europe/Warsaw)"
    assert "Wed 11 Nov holiday (National Independence Day)" in lines
    assert STANDARD.reaction_due(at("2026-11-10T15:00+01:00"), CAL).explain().lines()[-1] == (
        "total counted 24:00"  # the default calendar is not named: nothing to say
    )


def test_r6_decide_puts_the_client_tier_on_the_clients_calendar() -> None:
    client = Client("acme", ContractStatus.ACTIVE, tier=EMERGENCY, calendar=WARSAW)
    request = Request(
        "R-1",
        "acme",
        at("2026-11-10T15:30+01:00"),
        body="the report is broken",
        coupon_code=None,
    )
    decision = decide(request, client)
    assert decision.tier is not None
    # no coupon: served as standard (R12), but on the client's calendar all the same
    assert decision.tier.name == "standard"
    assert decision.tier.calendar is WARSAW
    assert decision.tier.calendar_label == "the calendar of client 'acme' (Europe/Warsaw)"
    assert decision.reaction_due is not None
    assert decision.reaction_due.isoformat() == "2026-11-16T15:30:00+01:00"
    sla = evaluate_ticket(
        "R-1",
        [TicketEvent(EventKind.RECEIVED, request.received_at)],
        tier=decision.tier,  # Decision.tier goes to the clocks as it is
        calendar=CAL,
        now=at("2026-11-12T09:00+01:00"),
    )
    assert u(sla.reaction.due) == u(decision.reaction_due)
    assert sla.reaction.elapsed == H / 2 + H  # Tue 15:30-16:00, Thu 08:00-09:00
    assert str(sla.reaction.explain()).endswith("on the calendar of client 'acme' (Europe/Warsaw)")


def test_client_calendar_must_be_a_calendar() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^Client\.calendar must be a WorkingCalendar"):
        Client("acme", ContractStatus.ACTIVE, calendar="Europe/Warsaw")  # type: ignore[arg-type]


def test_r2_r9_a_decision_gives_its_queue_and_history_entries_in_one_call() -> None:
    client = Client("acme", ContractStatus.ACTIVE)
    request = Request(
        "R-2",
        "acme",
        at("2026-11-23T09:00+02:00"),
        subject="Login",
        body="cannot log in",
        addresses=("support@example.com",),
        critical=True,
    )
    decision = decide(request, client)
    entry = decision.queue_entry(request)
    assert entry == QueuedRequest("R-2", "acme", request.received_at, critical=True)
    assert queue_order([entry], at("2026-11-23T10:00+02:00"))[0].reason.value == "critical"
    prior = decision.history_entry(request)
    assert prior == PriorRequest(
        "R-2",
        request.received_at,
        request.fingerprint,
        Outcome.ACCEPTED,
        True,
        ("support@example.com",),
    )
    again = decide(
        request.__class__(
            "R-3", "acme", request.received_at + H, subject="Login", body="cannot log in"
        ),
        client,
        [prior],
    )
    assert again.outcome is Outcome.REFUSED  # R9.5: the history entry makes it a duplicate


def test_glue_refuses_another_request_and_an_unserved_one() -> None:
    request = Request("R-4", None, at("2026-11-23T09:00+02:00"))
    decision = decide(request, None)  # unidentified: refused (R9.1)
    with pytest.raises(InvalidValueError, match="only a served request"):
        decision.queue_entry(request)
    assert decision.history_entry(request).open is False
    other = Request("R-5", None, at("2026-11-23T09:00+02:00"))
    with pytest.raises(InvalidValueError, match=r"^request\.id='R-5' is invalid"):
        decision.history_entry(other)


AUDIT_ROWS = [
    {  # Warsaw's client: 11 November off
        "ticket_id": "a",
        "client_id": "acme",
        "tier": "standard",
        "received_at": "2026-11-10T15:00+01:00",
        "first_response_at": "2026-11-16T15:00+01:00",
    },
    {  # a client on UTC with 23 working hours a day: the year turns a day apart from Kyiv's
        "ticket_id": "b",
        "client_id": "beta",
        "tier": "emergency",
        "received_at": "2026-01-01T00:30+02:00",
        "first_response_at": "2026-01-01T04:30+02:00",
    },
    {  # no calendar of its own: Kyiv's
        "ticket_id": "c",
        "client_id": "zeta",
        "tier": "standard",
        "received_at": "2026-11-20T17:30+02:00",
        "first_response_at": "2026-11-25T14:30+02:00",
    },
]
ALMOST_ALWAYS = WorkingCalendar.build("UTC", {"mon-sun": "00:00-23:00"})


@pytest.mark.parametrize("engine", ["python", "numpy"])
def test_r6_audit_judges_each_client_on_its_own_calendar(engine: str) -> None:
    if engine == "numpy":
        pytest.importorskip("numpy", reason="the numpy engine needs numpy")
    report = audit(
        AUDIT_ROWS, client_calendars={"acme": WARSAW, "beta": ALMOST_ALWAYS}, engine=engine
    )
    rows = {row.ticket_id: row for row in report.rows}
    assert u(rows["a"].reaction_due) == u(at("2026-11-16T15:00+01:00"))
    # received in 2026 in Kyiv, 2025 in UTC: Dec 31 22:30-23:00 (0:30), Jan 1 2:30 more
    assert u(rows["b"].reaction_due) == u(at("2026-01-01T02:30Z"))
    assert u(rows["c"].reaction_due) == u(at("2026-11-25T14:30+02:00"))
    assert [r.reaction_status.value for r in report.rows] == ["met", "met", "met"]  # at due
    assert rows["a"].explain().lines()[-2] == "on the calendar of client 'acme' (Europe/Warsaw)"
    assert [(t.tier, t.tickets) for t in report.summary.per_tier] == [
        ("emergency", 1),
        ("standard", 2),
    ]


def test_audit_client_calendars_are_checked() -> None:
    with pytest.raises(ArgumentTypeError, match=r"client_calendars\['acme'\] must be"):
        audit(AUDIT_ROWS, client_calendars={"acme": "Europe/Warsaw"})  # type: ignore[dict-item]


def test_r6_per_client_calendar_explanation_on_a_day_off_of_its_own() -> None:
    closed = WorkingCalendar.build(
        "Europe/Kyiv", {"mon-fri": "09:00-18:00"}, closed_dates=[date(2026, 11, 24)]
    )
    tier = Client("c", ContractStatus.ACTIVE, calendar=closed).serving_tier(EMERGENCY)
    deadline = tier.reaction_due(at("2026-11-23T17:00+02:00"), CAL)
    assert deadline.due.isoformat() == "2026-11-25T11:00:00+02:00"
    assert "Tue 24 Nov closed" in deadline.explain().lines()


@settings(max_examples=50)  # the reference walks sparse random calendars slowly
@given(st_.calendar_pairs(), st_.instants(), st.sampled_from([STANDARD, EMERGENCY]))
def test_r6_a_clients_own_calendar_counts_as_the_reference_does(
    pair: tuple[WorkingCalendar, ReferenceCalendar], received: datetime, tier: Tier
) -> None:
    own, reference = pair
    served = Client("c", ContractStatus.ACTIVE, calendar=own).serving_tier(tier)
    now = received.astimezone(UTC) + timedelta(days=3)
    sla = evaluate_ticket(
        "C", [TicketEvent(EventKind.RECEIVED, received)], tier=served, calendar=CAL, now=now
    )
    assert u(sla.reaction.due) == u(reference.add(received, tier.reaction_target))
    assert sla.reaction.elapsed == reference.between(received, now)
    assert sla.reaction.calendar is own
