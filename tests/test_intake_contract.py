"""Intake's contract on any input: an answer or a package error, never a built-in one.

For every public callable of intake (``sla_calendar.intake.__all__``, their methods,
and the helpers of ``sla_calendar.intake.rules`` that take decide's inputs), hypothesis
draws arguments of the right type (any text, instants from year 1 to 9999 in any
offset or zone and either fold, naive ones, huge and negative numbers) and checks the
call returns or raises a :class:`SlaCalendarError`; then it puts one argument of a
wrong type in and checks the call raises :class:`ArgumentTypeError`.

Tzinfo classes of their own (offsets of a day or more, no offset) are left out: the
shared conversion of instants answers for them. A longer run::

    INTAKE_CONTRACT_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/test_intake_contract.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sla_calendar.intake
from sla_calendar import (
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    AbuseMatch,
    AbuseVerdict,
    ArgumentTypeError,
    Category,
    Classification,
    Client,
    ContractStatus,
    Coupon,
    CouponMoment,
    CouponRegistry,
    Decision,
    FaqEntry,
    FaqIndex,
    IntakeRules,
    MonthlyCount,
    Outcome,
    PriorRequest,
    Reason,
    ReasonCode,
    Request,
    RequestScope,
    SlaCalendarError,
    Tier,
    classify_request,
    classify_text,
    client_message,
    decide,
    detect_abuse,
    kyiv_calendar,
    message_fingerprint,
)
from sla_calendar.intake.rules import (
    RULES,
    category_of,
    facts_of,
    identified_client,
    outcome_of,
    read,
    why_no_coupon,
)
from tests.strategies import client_texts

Strategy = st.SearchStrategy[Any]
EXAMPLES = int(os.environ.get("INTAKE_CONTRACT_EXAMPLES", "25"))
"""Examples per callable: 25 in the suite; a longer run sets INTAKE_CONTRACT_EXAMPLES."""

# Right types.

TEXT: Strategy = st.one_of(st.text(max_size=40), client_texts(60))
LARGEST_OFFSET = timedelta(hours=24) - timedelta(microseconds=1)
ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/Kyiv",
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "America/Santiago",
        "Australia/Lord_Howe",
        "America/Havana",
    )
]
TZINFOS: Strategy = st.one_of(
    st.timedeltas(-LARGEST_OFFSET, LARGEST_OFFSET).map(timezone),
    st.sampled_from([UTC, *ZONES]),
)
EDGES = [  # naive wall times, given a zone below
    datetime(1, 1, 1),
    datetime(9999, 12, 31, 23, 59, 59, 999999),
    datetime(9999, 12, 31, 23),
    datetime(1, 1, 1, 1),
]
INSTANTS: Strategy = st.one_of(
    st.builds(
        lambda moment, zone, fold: moment.replace(tzinfo=zone, fold=fold),
        st.one_of(st.datetimes(), st.sampled_from(EDGES)),
        TZINFOS,
        st.integers(0, 1),
    ),
    st.datetimes(),  # naive: the right type, an invalid value
)
AWARE: Strategy = st.builds(
    lambda moment, zone, fold: moment.replace(tzinfo=zone, fold=fold),
    st.one_of(st.datetimes(), st.sampled_from(EDGES)),
    TZINFOS,
    st.integers(0, 1),
)
NAME: Strategy = st.sampled_from(["R-1", "R-2", "P-1"]) | TEXT.filter(str.strip)
INTS: Strategy = st.one_of(st.integers(-3, 60), st.integers(), st.sampled_from([2**63, -(2**63)]))
TIERS = [STANDARD, EMERGENCY, EMERGENCY_24_7, Tier("gold", timedelta(hours=8))]
COUPONS = CouponRegistry.of(
    [
        Coupon(
            "EMRG-2026-ACME",
            "acme",
            datetime(2026, 1, 1, tzinfo=UTC),
            datetime(2027, 1, 1, tzinfo=UTC),
        )
    ]
)
CALENDAR = kyiv_calendar()
FAQ = FaqIndex.from_mapping({"report, звіт, отчёт": "https://docs.example/reports"})


def never(text: str) -> bool:
    """A detector that flags nothing."""
    return False


def counts_a_word(text: str) -> AbuseVerdict:
    """A detector that flags 'darn' and names no word."""
    return AbuseVerdict("darn" in text)


def consulting(text: str) -> Classification:
    """A classifier that always proposes consulting, with a word."""
    return Classification(Category.CONSULTING, ("advice",), ((Category.CONSULTING, ("advice",)),))


def just_a_category(text: str) -> Classification:
    """A classifier that proposes a third party without any word."""
    return Classification(Category.THIRD_PARTY)


RIGHT: dict[str, Strategy] = {
    "text": TEXT,
    "opt_text": st.none() | TEXT,
    "instant": INSTANTS,
    "bool": st.booleans(),
    "opt_bool": st.none() | st.booleans(),
    "int": INTS,
    "opt_int": st.none() | INTS,
    "timedelta": st.timedeltas(),
    "texts": st.lists(TEXT, max_size=3).map(tuple),
    "opt_category": st.none() | st.sampled_from(list(Category)),
    "category": st.sampled_from(list(Category)),
    "status": st.sampled_from(list(ContractStatus)),
    "outcome": st.sampled_from(list(Outcome)),
    "code": st.sampled_from(list(ReasonCode)),
    "tier": st.sampled_from(TIERS),
    "opt_tier": st.none() | st.sampled_from(TIERS),
    "coupons": st.sampled_from([CouponRegistry(), COUPONS]),
    "detector": st.sampled_from([detect_abuse, never, counts_a_word]),
    "classifier": st.sampled_from([classify_text, consulting, just_a_category]),
    "opt_faq": st.sampled_from([None, FAQ]),
    "calendar": st.just(CALENDAR),
    "monthly": st.sampled_from(list(MonthlyCount)),
    "scope": st.sampled_from(list(RequestScope)),
    "moment": st.sampled_from(list(CouponMoment)),
    "language": st.one_of(st.sampled_from(["en", "uk", "ru"]), TEXT),
    "code_text": st.one_of(st.sampled_from([c.value for c in ReasonCode]), TEXT),
}
RIGHT["evidence"] = st.lists(st.tuples(RIGHT["category"], RIGHT["texts"]), max_size=2).map(tuple)
RIGHT["request"] = st.builds(
    Request,
    id=NAME,
    client_id=st.sampled_from([None, "acme", "beta"]),
    received_at=AWARE,
    channel=TEXT,
    addresses=RIGHT["texts"],
    subject=TEXT,
    body=TEXT,
    category=RIGHT["opt_category"],
    coupon_code=st.sampled_from([None, "", "EMRG-2026-ACME", "bad code"]) | TEXT,
    critical=RIGHT["opt_bool"],
    problem_count=st.none() | st.integers(1, 5),
)
RIGHT["client"] = st.builds(
    Client,
    id=st.sampled_from(["acme", "beta"]),
    status=RIGHT["status"],
    tier=RIGHT["tier"],
    coupons=RIGHT["coupons"],
)
RIGHT["opt_client"] = st.none() | RIGHT["client"]
RIGHT["prior"] = st.builds(
    PriorRequest,
    id=NAME,
    received_at=AWARE,
    fingerprint=st.sampled_from(["fp", message_fingerprint("", "")]) | NAME,
    outcome=RIGHT["outcome"],
    open=st.booleans(),
    addresses=RIGHT["texts"],
)
RIGHT["history"] = st.lists(RIGHT["prior"], max_size=4)
RIGHT["rules"] = st.builds(
    IntakeRules,
    duplicate_window=st.timedeltas(min_value=timedelta(0)),
    monthly_limit=st.integers(0, 60),
    abuse_detector=RIGHT["detector"],
    faq=RIGHT["opt_faq"],
    standard_tier=st.sampled_from([STANDARD, TIERS[-1]]),
    classifier=RIGHT["classifier"],
    monthly_counts=RIGHT["monthly"],
    one_problem_applies_to=RIGHT["scope"],
    coupon_judged_at=RIGHT["moment"],
    refuse_suspected_multiple_problems=st.booleans(),
    text_limit=st.integers(1, 200_000),
)
RIGHT["opt_rules"] = st.none() | RIGHT["rules"]
RIGHT["reason"] = st.builds(
    Reason,
    code=RIGHT["code"],
    clause=TEXT,
    detail=TEXT,
    original_id=RIGHT["opt_text"],
    words=RIGHT["texts"],
    served_tier=RIGHT["opt_text"],
)
RIGHT["reasons"] = st.lists(RIGHT["reason"], max_size=3)
RIGHT["reason_tuple"] = RIGHT["reasons"].map(tuple)
RIGHT["match"] = st.builds(AbuseMatch, TEXT, TEXT, TEXT)
RIGHT["matches"] = st.lists(RIGHT["match"], max_size=2).map(tuple)
RIGHT["faq_entry"] = st.builds(FaqEntry, NAME, NAME, st.lists(NAME, max_size=2).map(tuple))
RIGHT["faq_entries"] = st.lists(RIGHT["faq_entry"], max_size=2)
RIGHT["faq_entry_tuple"] = RIGHT["faq_entries"].map(tuple)
RIGHT["opt_instant"] = st.none() | INSTANTS
JSON: Strategy = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
DECISION_DATA = Decision("R-1", Outcome.ACCEPTED, (), STANDARD, None, "given", False).to_dict()
RIGHT["decision_data"] = st.one_of(
    st.dictionaries(TEXT, JSON, max_size=4),
    st.builds(
        lambda key, value: DECISION_DATA | {key: value},
        st.sampled_from(sorted(DECISION_DATA)),
        JSON,
    ),
)
RIGHT["tiers"] = st.dictionaries(
    TEXT | st.sampled_from(["standard", "gold"]), RIGHT["tier"], max_size=2
)
RIGHT["str_mapping"] = st.dictionaries(TEXT, TEXT, max_size=3)
RIGHT["words"] = st.lists(TEXT, max_size=4)

# Wrong types: values no parameter of that kind accepts.

NOT_TEXT: Strategy = st.one_of(st.integers(), st.binary(max_size=4), st.floats(), st.just(object()))
WRONG: dict[str, Strategy] = {kind: NOT_TEXT | st.none() for kind in RIGHT}
for kind in (
    "opt_text",
    "opt_bool",
    "opt_int",
    "opt_category",
    "opt_tier",
    "opt_faq",
    "opt_client",
    "opt_rules",
    "opt_instant",
):
    WRONG[kind] = NOT_TEXT
WRONG["text"] = NOT_TEXT | st.none()
WRONG["language"] = st.integers() | st.binary(max_size=4) | st.none()
WRONG["code_text"] = WRONG["language"]
WRONG["bool"] = st.integers(0, 1) | TEXT | st.none()
WRONG["opt_bool"] = st.integers(0, 1) | TEXT
WRONG["int"] = st.booleans() | st.floats() | TEXT | st.none()
WRONG["opt_int"] = st.booleans() | st.floats() | TEXT
WRONG["timedelta"] = st.integers() | st.floats() | TEXT | st.none()
WRONG["instant"] = st.integers() | TEXT | st.dates().filter(lambda d: type(d) is date) | st.none()
WRONG["opt_instant"] = st.integers() | TEXT
WRONG["texts"] = st.lists(TEXT, min_size=1, max_size=2) | st.tuples(st.integers()) | st.integers()
WRONG["words"] = st.tuples(TEXT) | st.lists(st.integers(), min_size=1, max_size=2) | st.integers()
WRONG["evidence"] = st.lists(st.tuples(TEXT, RIGHT["texts"]), min_size=1, max_size=1).map(tuple)
for kind in (
    "category",
    "opt_category",
    "status",
    "outcome",
    "code",
    "monthly",
    "scope",
    "moment",
    "tier",
    "opt_tier",
    "calendar",
    "coupons",
    "opt_faq",
    "request",
    "client",
    "opt_client",
    "rules",
    "opt_rules",
    "reason",
    "match",
    "faq_entry",
):
    WRONG[kind] = TEXT | st.integers() | st.just(object())
WRONG["detector"] = TEXT | st.integers()
WRONG["classifier"] = TEXT | st.integers()
WRONG["history"] = st.integers() | TEXT | st.lists(st.integers(), min_size=1, max_size=2)
WRONG["reasons"] = st.integers() | TEXT | st.lists(st.integers(), min_size=1, max_size=2)
WRONG["reason_tuple"] = st.lists(RIGHT["reason"], min_size=1, max_size=1) | st.tuples(st.integers())
WRONG["matches"] = st.lists(RIGHT["match"], min_size=1, max_size=1) | st.tuples(st.integers())
WRONG["faq_entries"] = st.integers() | st.lists(st.integers(), min_size=1, max_size=1)
WRONG["faq_entry_tuple"] = st.lists(RIGHT["faq_entry"], min_size=1, max_size=1) | st.tuples(TEXT)
WRONG["decision_data"] = st.lists(st.integers(), max_size=2) | st.integers() | TEXT
WRONG["tiers"] = (
    st.lists(st.integers(), max_size=2)
    | st.integers()
    | st.dictionaries(TEXT, st.integers(), min_size=1, max_size=1)
)
WRONG["str_mapping"] = (
    st.lists(TEXT, max_size=2)
    | st.integers()
    | st.dictionaries(TEXT, st.integers(), min_size=1, max_size=1)
)


AT = datetime(2026, 11, 23, 10, tzinfo=UTC)
GOOD_REQUEST = Request("R-1", "acme", AT, subject="Report", body="The report fails")
GOOD_REASON = Reason(ReasonCode.CRITICAL, "R2", "out of turn")
GOOD_MATCH = AbuseMatch("fuck", "en", "fuck")
GOOD_ENTRY = FaqEntry("https://docs.example/a", "A", ("a",))
GOOD: dict[str, Any] = {
    "text": "R-1",
    "opt_text": None,
    "instant": AT,
    "opt_instant": None,
    "bool": False,
    "opt_bool": None,
    "int": 1,
    "opt_int": None,
    "timedelta": timedelta(days=1),
    "texts": (),
    "words": [],
    "evidence": (),
    "category": Category.PRODUCT_PROBLEM,
    "opt_category": None,
    "status": ContractStatus.ACTIVE,
    "outcome": Outcome.ACCEPTED,
    "code": ReasonCode.CRITICAL,
    "tier": STANDARD,
    "opt_tier": None,
    "coupons": CouponRegistry(),
    "detector": never,
    "classifier": classify_text,
    "opt_faq": None,
    "calendar": CALENDAR,
    "monthly": MonthlyCount.SERVED,
    "scope": RequestScope.EMERGENCY,
    "moment": CouponMoment.FILING,
    "language": "en",
    "code_text": "critical",
    "request": GOOD_REQUEST,
    "client": Client("acme", ContractStatus.ACTIVE),
    "opt_client": None,
    "prior": PriorRequest("P-1", AT, "fp", Outcome.ACCEPTED),
    "history": [],
    "rules": IntakeRules(),
    "opt_rules": None,
    "reason": GOOD_REASON,
    "reasons": [],
    "reason_tuple": (),
    "match": GOOD_MATCH,
    "matches": (),
    "faq_entry": GOOD_ENTRY,
    "faq_entries": [],
    "faq_entry_tuple": (),
    "decision_data": DECISION_DATA,
    "tiers": {},
    "str_mapping": {},
}
"""A valid value of each kind: with it in place of a wrong one, is the call still refused?"""


def _decision(
    request_id: str,
    outcome: Outcome,
    reasons: tuple[Reason, ...],
    tier: Tier | None,
    category: Category | None,
    source: str,
    critical: bool,
    reaction_due: datetime | None,
    processing_due: datetime | None,
    links: tuple[str, ...],
    words: tuple[str, ...],
    evidence: Any,
    judged: int | None,
) -> Decision:
    return Decision(
        request_id,
        outcome,
        reasons,
        tier,
        category,
        source,
        critical,
        reaction_due,
        processing_due,
        links,
        words,
        evidence,
        judged,
    )


def _facts_then(rule: Callable[..., Any]) -> Callable[..., Any]:
    def call(request: Request, client: Client | None, history: Any, rules: Any) -> Any:
        return rule(facts_of(request, client, history, rules))

    call.__name__ = rule.__name__
    return call


CALLS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "decide": (decide, ("request", "opt_client", "history", "opt_rules")),
    "facts_of": (facts_of, ("request", "opt_client", "history", "opt_rules")),
    "read": (read, ("request", "rules")),
    "category_of": (category_of, ("request", "rules")),
    "identified_client": (identified_client, ("request", "opt_client")),
    "why_no_coupon": (why_no_coupon, ("request", "opt_client", "rules")),
    "outcome_of": (outcome_of, ("reasons",)),
    **{
        f"rule {rule.__name__}": (
            _facts_then(rule),
            ("request", "opt_client", "history", "opt_rules"),
        )
        for rule in RULES
    },
    "rule on something else": (lambda value: RULES[0](value), ("request",)),
    "Request": (
        Request,
        (
            "text",
            "opt_text",
            "instant",
            "text",
            "texts",
            "text",
            "text",
            "opt_category",
            "opt_text",
            "opt_bool",
            "opt_int",
        ),
    ),
    "Client": (Client, ("text", "status", "tier", "coupons")),
    "PriorRequest": (PriorRequest, ("text", "instant", "text", "outcome", "bool", "texts")),
    "IntakeRules": (
        IntakeRules,
        (
            "timedelta",
            "int",
            "detector",
            "opt_faq",
            "calendar",
            "tier",
            "classifier",
            "monthly",
            "scope",
            "moment",
            "bool",
            "int",
        ),
    ),
    "Reason": (Reason, ("code", "text", "text", "opt_text", "texts", "opt_text")),
    "Reason.message": (lambda reason, language: reason.message(language), ("reason", "language")),
    "Decision": (
        _decision,
        (
            "text",
            "outcome",
            "reason_tuple",
            "opt_tier",
            "opt_category",
            "text",
            "bool",
            "opt_instant",
            "opt_instant",
            "texts",
            "texts",
            "evidence",
            "opt_int",
        ),
    ),
    "Decision.from_dict": (Decision.from_dict, ("decision_data", "tiers")),
    "Decision of a request, as data": (
        lambda request, language: (
            (d := decide(request, None)).to_dict(),
            d.codes(),
            d.messages(language),
            d.refused,
        ),
        ("request", "language"),
    ),
    "AbuseMatch": (AbuseMatch, ("text", "text", "text")),
    "AbuseVerdict": (AbuseVerdict, ("bool", "matches")),
    "AbuseVerdict.words": (
        lambda matches: AbuseVerdict(bool(matches), matches).words,
        ("matches",),
    ),
    "Classification": (Classification, ("category", "texts", "evidence")),
    "Classification.explanation": (
        lambda category, words, evidence: Classification(category, words, evidence).explanation,
        ("category", "texts", "evidence"),
    ),
    "FaqEntry": (FaqEntry, ("text", "text", "texts")),
    "FaqIndex": (FaqIndex, ("faq_entry_tuple",)),
    "FaqIndex.of": (FaqIndex.of, ("faq_entries",)),
    "FaqIndex.from_mapping": (FaqIndex.from_mapping, ("str_mapping",)),
    "FaqIndex.suggest": (FAQ.suggest, ("text", "text", "int")),
    "FaqIndex.suggest_words": (FAQ.suggest_words, ("words", "int")),
    "classify_request": (classify_request, ("text", "text")),
    "classify_text": (classify_text, ("text",)),
    "client_message": (client_message, ("code_text", "language")),
    "client_message with details": (
        lambda code, language, original_id: client_message(code, language, original_id=original_id),
        ("code_text", "language", "text"),
    ),
    "detect_abuse": (detect_abuse, ("text",)),
    "message_fingerprint": (message_fingerprint, ("text", "text")),
    "Request.fingerprint": (lambda request: request.fingerprint, ("request",)),
    "ReasonCode.refuses": (lambda code: code.refuses, ("code",)),
    "Outcome": (Outcome, ("text",)),
    "ReasonCode": (ReasonCode, ("text",)),
    "ContractStatus": (ContractStatus, ("text",)),
    "MonthlyCount": (MonthlyCount, ("text",)),
    "RequestScope": (RequestScope, ("text",)),
    "CouponMoment": (CouponMoment, ("text",)),
}
ALWAYS_RIGHT = {"rule on something else"}  # its one argument is never a Facts
SELF = {
    "Reason.message",
    "Decision of a request, as data",
    "Request.fingerprint",
    "ReasonCode.refuses",
}  # the first argument is the value whose method is called


def test_every_public_intake_callable_is_in_the_contract() -> None:
    covered = {name.split(".")[0].split(" ")[0] for name in CALLS}
    values = {"DEFAULT_ABUSE_DETECTOR", "DEFAULT_CLASSIFIER"}  # the same as detect_abuse etc.
    assert set(sla_calendar.intake.__all__) - values <= covered


@pytest.mark.parametrize("name", list(CALLS))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_call_answers_or_raises_a_package_error(name: str, data: st.DataObject) -> None:
    function, kinds = CALLS[name]
    first = 1 if name in SELF else 0
    wrong_at = (
        None
        if name in ALWAYS_RIGHT or first == len(kinds)
        else data.draw(st.none() | st.integers(first, len(kinds) - 1), label="wrong argument")
    )
    arguments = [
        data.draw(WRONG[kind] if index == wrong_at else RIGHT[kind], label=kind)
        for index, kind in enumerate(kinds)
    ]
    if name in ALWAYS_RIGHT:
        with pytest.raises(ArgumentTypeError):
            function(*arguments)
        return
    try:
        function(*arguments)
    except ArgumentTypeError:
        return  # a wrong type, or a right type holding a wrong one (a tuple of ints)
    except SlaCalendarError:
        if wrong_at is not None:  # fine only if another argument is at fault as well
            arguments[wrong_at] = GOOD[kinds[wrong_at]]
            with pytest.raises(SlaCalendarError):
                function(*arguments)
        return
    assert wrong_at is None, f"argument {wrong_at} ({kinds[wrong_at]}) of the wrong type passed"
