"""Intake decisions, a scenario table per clause (R1, R2, R4, R7–R9, R12, R17).

Expected outcomes follow the regulation's words; deadlines were worked out by hand on
the Kyiv calendar.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    EMERGENCY,
    STANDARD,
    ArgumentTypeError,
    Category,
    Client,
    ContractStatus,
    Coupon,
    CouponRegistry,
    Decision,
    FaqEntry,
    FaqIndex,
    IntakeRules,
    InvalidValueError,
    NaiveDatetimeError,
    Outcome,
    PriorRequest,
    RefusalReason,
    Request,
    SlaCalendarError,
    decide,
    message_fingerprint,
)

NOW = datetime.fromisoformat("2026-11-23T10:00+02:00")  # Monday
COUPON = Coupon(
    "EMRG-2026-ACME", "acme", datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
)
ACME = Client("acme", ContractStatus.ACTIVE, STANDARD)
ACME_EMERGENCY = Client("acme", ContractStatus.ACTIVE, EMERGENCY, CouponRegistry.of([COUPON]))
NO_ABUSE = IntakeRules(abuse_detector=lambda text: False)


def request(**changes: object) -> Request:
    fields: dict[str, object] = {
        "id": "R-1",
        "client_id": "acme",
        "received_at": NOW,
        "addresses": ("support@example.com",),
        "subject": "Report fails",
        "body": "The sales report shows error 500 since this morning.",
        "category": Category.PRODUCT_PROBLEM,
    }
    fields.update(changes)
    return Request(**fields)  # type: ignore[arg-type]


def prior(
    id: str,
    *,
    days_ago: float = 1,
    outcome: Outcome = Outcome.ACCEPTED,
    open: bool = True,
    fingerprint: str | None = None,
    addresses: tuple[str, ...] = ("support@example.com",),
) -> PriorRequest:
    return PriorRequest(
        id,
        NOW - timedelta(days=days_ago),
        fingerprint or message_fingerprint("other", id),
        outcome,
        open,
        addresses,
    )


def test_accepted_standard_request_gets_deadlines() -> None:
    decision = decide(request(), ACME, (), NO_ABUSE)
    assert decision.outcome is Outcome.ACCEPTED
    assert decision.reasons == ()
    assert decision.tier == "standard"
    assert decision.reaction_due == datetime.fromisoformat("2026-11-25T16:00+02:00")  # R10
    assert decision.processing_due == datetime.fromisoformat("2026-11-25T16:00+02:00")  # R5


@pytest.mark.parametrize(
    ("client", "client_id", "detail"),
    [
        (None, "acme", "no client identified"),
        (ACME, None, "no client identified"),
        (ACME, "acme-2", "client id 'acme-2' does not match the client 'acme'"),
    ],
    ids=["r9_1-no-client", "r9_1-no-client-id", "r9_1-id-mismatch"],
)
def test_r9_1_unidentified_client(
    client: Client | None, client_id: str | None, detail: str
) -> None:
    decision = decide(request(client_id=client_id), client, (), NO_ABUSE)
    assert decision.outcome is Outcome.REFUSED
    assert decision.codes() == (RefusalReason.UNIDENTIFIED_CLIENT,)
    assert decision.reasons[0].clause == "R9.1"
    assert decision.reasons[0].detail == detail
    assert decision.reaction_due is None


@pytest.mark.parametrize(
    "status",
    [ContractStatus.SUSPENDED, ContractStatus.ENDED],
    ids=["r9_3-suspended", "r1-r9_3-ended"],
)
def test_r9_3_service_suspended(status: ContractStatus) -> None:
    decision = decide(request(), Client("acme", status), (), NO_ABUSE)
    assert decision.outcome is Outcome.REFUSED
    assert decision.codes() == (RefusalReason.SERVICE_SUSPENDED,)
    assert decision.reasons[0].detail == f"the contract of client 'acme' is {status.value}"


def test_r7_r9_2_accounting_on_standard_is_out_of_contract() -> None:
    decision = decide(request(category=Category.WAREHOUSE_ACCOUNTING), ACME, (), NO_ABUSE)
    assert decision.outcome is Outcome.REFUSED
    assert decision.codes() == (RefusalReason.OUT_OF_CONTRACT,)
    assert decision.reasons[0].clause == "R9.2"


def test_r11_r12_accounting_on_emergency_with_coupon_is_accepted() -> None:
    decision = decide(
        request(category=Category.FINANCIAL_ACCOUNTING, coupon_code="emrg-2026-acme"),
        ACME_EMERGENCY,
        (),
        NO_ABUSE,
    )
    assert decision.outcome is Outcome.ACCEPTED
    assert decision.tier == "emergency"
    assert decision.reaction_due == datetime.fromisoformat("2026-11-23T13:00+02:00")  # 3 h


def test_r12_emergency_without_coupon_is_served_as_standard() -> None:
    decision = decide(request(), ACME_EMERGENCY, (), NO_ABUSE)
    assert decision.outcome is Outcome.ACCEPTED
    assert decision.codes() == (RefusalReason.SERVED_AS_STANDARD,)
    assert decision.tier == "standard"
    assert "no coupon given" in decision.reasons[0].detail
    assert decision.reaction_due == datetime.fromisoformat("2026-11-25T16:00+02:00")


def test_r12_expired_coupon_and_accounting_is_refused_with_both_reasons() -> None:
    decision = decide(
        request(
            category=Category.MANAGEMENT_ACCOUNTING,
            coupon_code="EMRG-2026-ACME",
            received_at=datetime(2027, 2, 1, 10, tzinfo=UTC),
        ),
        ACME_EMERGENCY,
        (),
        NO_ABUSE,
    )
    assert decision.outcome is Outcome.REFUSED
    assert decision.codes() == (RefusalReason.SERVED_AS_STANDARD, RefusalReason.OUT_OF_CONTRACT)
    assert "expired at 2027-01-01" in decision.reasons[0].detail


def test_r4_consulting_refused_third_party_redirected() -> None:
    consulting = decide(request(category=Category.CONSULTING), ACME, (), NO_ABUSE)
    assert consulting.outcome is Outcome.REFUSED
    assert consulting.reasons[0].clause == "R4"
    third = decide(request(category=Category.THIRD_PARTY), ACME, (), NO_ABUSE)
    assert third.outcome is Outcome.REDIRECTED
    assert third.codes() == (RefusalReason.THIRD_PARTY,)
    assert third.reaction_due is None


def test_r9_4_abusive_language_with_a_replaceable_detector() -> None:
    rules = IntakeRules(abuse_detector=lambda text: "darn" in text)
    decision = decide(request(body="This darn report fails"), ACME, (), rules)
    assert decision.outcome is Outcome.REFUSED
    assert decision.codes() == (RefusalReason.ABUSIVE_LANGUAGE,)
    assert decision.reasons[0].clause == "R9.4"


def test_r9_4_default_detector_refuses_disguised_obscenity() -> None:
    decision = decide(request(body="This f.u.c.k.i.n.g report fails"), ACME)
    assert RefusalReason.ABUSIVE_LANGUAGE in decision.codes()
    clean = decide(request(body="The class assessment report in Scunthorpe fails"), ACME)
    assert RefusalReason.ABUSIVE_LANGUAGE not in clean.codes()


FP = message_fingerprint("Report fails", "The sales report shows error 500 since this morning.")


@pytest.mark.parametrize(
    ("history", "expected", "detail"),
    [
        (
            [prior("R-0", fingerprint=FP)],
            RefusalReason.DUPLICATE,
            "the same message sent again; the original is request 'R-0'",
        ),
        (
            [prior("R-0", fingerprint=FP, addresses=("sales@example.com",), days_ago=0)],
            RefusalReason.DUPLICATE,
            "the same message sent to several support addresses; the original is request 'R-0'",
        ),
        ([prior("R-0", fingerprint=FP, open=False)], None, ""),
        ([prior("R-0", fingerprint=FP, days_ago=31)], None, ""),
        ([prior("R-0", fingerprint=FP, outcome=Outcome.REFUSED)], None, ""),
    ],
    ids=[
        "r9_5-sent-again-while-open",
        "r9_5-several-addresses",
        "r9_5-original-closed-not-duplicate",
        "r9_5-outside-window-not-duplicate",
        "r9_5-original-refused-not-duplicate",
    ],
)
def test_r9_5_duplicates(
    history: list[PriorRequest], expected: RefusalReason | None, detail: str
) -> None:
    decision = decide(request(subject="RE: Report fails"), ACME, history, NO_ABUSE)
    if expected is None:
        assert decision.outcome is Outcome.ACCEPTED
    else:
        assert decision.outcome is Outcome.REFUSED
        assert decision.codes() == (expected,)
        assert decision.reasons[0].detail == detail
        assert decision.reasons[0].original_id == "R-0"
        assert "R-0" in decision.messages("uk")[0]


def this_month(count: int, outcome: Outcome = Outcome.ACCEPTED) -> list[PriorRequest]:
    return [
        PriorRequest(
            f"P-{i}", datetime(2026, 11, 1, 9, tzinfo=UTC) + timedelta(hours=i), f"fp{i}", outcome
        )
        for i in range(count)
    ]


@pytest.mark.parametrize(
    ("history", "outcome"),
    [
        (this_month(49), Outcome.ACCEPTED),
        (this_month(50), Outcome.PAID_SERVICE),
        (this_month(30) + this_month(30, Outcome.PAID_SERVICE)[:20], Outcome.PAID_SERVICE),
        (this_month(49) + this_month(10, Outcome.REFUSED), Outcome.ACCEPTED),
        (
            [
                PriorRequest(
                    f"O-{i}", datetime(2026, 10, 31, 22, 30, tzinfo=UTC), f"o{i}", Outcome.ACCEPTED
                )
                for i in range(50)
            ],
            Outcome.PAID_SERVICE,
        ),
        (
            [
                PriorRequest(
                    f"O-{i}", datetime(2026, 10, 31, 21, 59, tzinfo=UTC), f"o{i}", Outcome.ACCEPTED
                )
                for i in range(50)
            ],
            Outcome.ACCEPTED,
        ),
    ],
    ids=[
        "r9_6-49-served-accepted",
        "r9_6-51st-is-paid",
        "r9_6-paid-ones-count",
        "r9_6-refused-do-not-count",
        "r9_6-22_30-utc-31-oct-is-november-in-kyiv",
        "r9_6-21_59-utc-31-oct-is-october-in-kyiv",
    ],
)
def test_r9_6_monthly_limit(history: list[PriorRequest], outcome: Outcome) -> None:
    decision = decide(request(), ACME, history, NO_ABUSE)
    assert decision.outcome is outcome
    if outcome is Outcome.PAID_SERVICE:
        assert decision.codes() == (RefusalReason.MONTHLY_LIMIT,)
        assert decision.reaction_due is not None


def test_r17_emergency_request_must_carry_one_problem() -> None:
    emergency = decide(
        request(coupon_code="EMRG-2026-ACME", problem_count=2), ACME_EMERGENCY, (), NO_ABUSE
    )
    assert emergency.outcome is Outcome.REFUSED
    assert emergency.codes() == (RefusalReason.MULTIPLE_PROBLEMS,)
    assert emergency.reasons[0].clause == "R17"
    standard = decide(request(problem_count=2), ACME, (), NO_ABUSE)
    assert standard.outcome is Outcome.ACCEPTED


def test_r2_critical_request_is_marked_out_of_turn() -> None:
    decision = decide(request(critical=True), ACME, (), NO_ABUSE)
    assert decision.outcome is Outcome.ACCEPTED
    assert decision.critical
    assert decision.codes() == (RefusalReason.CRITICAL,)
    assert decision.reasons[0].clause == "R2"


def test_r8_faq_links() -> None:
    faq = FaqIndex.of([FaqEntry("https://docs.example/reports", "Reports", ("report", "звіт"))])
    decision = decide(request(), ACME, (), IntakeRules(abuse_detector=lambda t: False, faq=faq))
    assert decision.faq_links == ("https://docs.example/reports",)


def test_category_is_proposed_with_the_words_that_decided() -> None:
    decision = decide(
        request(category=None, subject="Склад", body="Остатки на складе неверные"),
        ACME,
        (),
        NO_ABUSE,
    )
    assert decision.category is Category.WAREHOUSE_ACCOUNTING
    assert (
        decision.category_source
        == "classified as warehouse_accounting by the words 'склад', 'остатки', 'складе'"
    )
    assert decision.outcome is Outcome.REFUSED  # R7: not on the standard tier


def test_every_applicable_reason_is_listed() -> None:
    rules = IntakeRules(abuse_detector=lambda text: "darn" in text)
    history = [prior("R-0", fingerprint=message_fingerprint("darn", "darn"))]
    decision = decide(
        request(subject="darn", body="darn", category=Category.CONSULTING),
        Client("acme", ContractStatus.SUSPENDED),
        history,
        rules,
    )
    assert decision.codes() == (
        RefusalReason.SERVICE_SUSPENDED,
        RefusalReason.OUT_OF_CONTRACT,
        RefusalReason.ABUSIVE_LANGUAGE,
        RefusalReason.DUPLICATE,
    )


def test_messages_in_three_languages_for_every_code() -> None:
    from sla_calendar.messages import client_message

    for code in RefusalReason:
        texts = {
            language: client_message(code.value, language, original_id="R-9")
            for language in ("en", "uk", "ru")
        }
        assert len(set(texts.values())) == 3
        assert all(text.strip() for text in texts.values())
    with pytest.raises(InvalidValueError, match=r"^language='de' is not supported"):
        client_message("duplicate", "de")


def test_decide_is_pure_and_deterministic() -> None:
    history = this_month(50)
    first = decide(request(critical=True), ACME, history, NO_ABUSE)
    assert decide(request(critical=True), ACME, tuple(history), NO_ABUSE) == first
    assert len(history) == 50


def test_invalid_structured_input_raises_package_errors() -> None:
    with pytest.raises(InvalidValueError, match=r"^Request\.problem_count=0 is invalid"):
        request(problem_count=0)
    with pytest.raises(NaiveDatetimeError, match=r"^Request\.received_at="):
        request(received_at=datetime(2026, 11, 23, 10))
    with pytest.raises(ArgumentTypeError, match=r"^Request\.addresses must be a tuple of str"):
        request(addresses=["a@example.com"])
    with pytest.raises(ArgumentTypeError, match=r"^history must hold PriorRequest values"):
        decide(request(), ACME, ["R-0"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match=r"^decision data is invalid"):
        Decision.from_dict({"outcome": "accepted"})


text_strategy = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(1000, 20_000)),
)


@given(text_strategy, text_strategy, st.booleans(), st.none() | st.sampled_from(list(Category)))
def test_decide_never_raises_on_text_and_round_trips(
    subject: str, body: str, critical: bool, category: Category | None
) -> None:
    decision = decide(
        request(subject=subject, body=body, critical=critical, category=category),
        ACME,
        this_month(3),
    )
    data = decision.to_dict()
    assert Decision.from_dict(json.loads(json.dumps(data))) == decision


def test_huge_body_decides_quickly() -> None:
    body = ("пароль не працює f-u-c-k? " * 4000)[:100_000]
    decision = decide(request(body=body, category=None), ACME)
    assert isinstance(decision, Decision)


def test_errors_are_package_errors() -> None:
    assert issubclass(InvalidValueError, SlaCalendarError)
