"""Intake rules: accept or refuse a request, with every applicable reason, as plain data.

:func:`decide` applies the regulation's grounds (R1, R2, R4, R7–R9, R12, R17) to one
request, its client and the client's history, and returns a frozen :class:`Decision`:
the outcome, every reason (not only the first), the tier applied, the deadlines of an
accepted request, FAQ links (R8), and the category with the words that decided it.
It is pure: no clock, no network, no global state; the same inputs give the same
decision. Free text never makes it raise; only invalid structured input does.

What counts towards the monthly limit (R9.6): the client's earlier requests received
in the same calendar month, in the zone of the rules' calendar (Kyiv by default), up
to the new request, whose outcome was ``accepted`` or ``paid_service`` (requests
actually served). Refused requests (duplicates included) and redirected ones do not
count. The 51st served request of a month, and every later one, is a paid service.

Duplicates (R9.5): an earlier request with the same :func:`message_fingerprint`,
still open, received within ``IntakeRules.duplicate_window`` before this one and not
refused, is the original; this copy is refused and points to it (``original_id``).
The earliest such request is the original, so every further copy (to the same or
another support address) points to the first, never to another copy. A message sent
again after its request was refused or closed is a new request.

Each ground is one function, a :data:`Rule`, from the request, its client, the client's
history and the rules to the :class:`Reason` it gives, or None. :data:`RULES` lists them
in the order their reasons appear in a decision; :func:`decide` checks its inputs,
classifies a request that came without a category, runs every rule, and derives the
outcome from the reasons (:func:`outcome_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Final

from sla_calendar._checks import require_optional, require_tuple, require_type, wrong_type
from sla_calendar._instants import ONE_US, instant_to_us
from sla_calendar.intake.abuse import AbuseVerdict
from sla_calendar.intake.classifier import classify_request
from sla_calendar.intake.limits import is_paid_service, request_month, requests_before
from sla_calendar.intake.model import (
    Client,
    ContractStatus,
    Decision,
    IntakeRules,
    Outcome,
    PriorRequest,
    Reason,
    ReasonCode,
    Request,
)
from sla_calendar.policy.tiers import Category, Tier

__all__ = [
    "RULES",
    "Rule",
    "abusive_language",
    "applied_tier",
    "category_of",
    "client_not_identified",
    "contract_not_active",
    "critical_request",
    "decide",
    "duplicate_of_open_request",
    "emergency_without_valid_coupon",
    "identified_client",
    "outcome_of",
    "over_monthly_limit",
    "service_not_covered",
    "several_problems_in_emergency",
    "why_no_coupon",
]

Rule = Callable[[Request, Client | None, Sequence[PriorRequest], IntakeRules], Reason | None]
"""One ground of intake: from the request, its client (or None), the client's earlier
requests and the rules to the reason the ground gives, or None when it does not apply."""


# What the rules share: who is asking, on which tier, about what.


def identified_client(request: Request, client: Client | None) -> Client | None:
    """``client`` when the request names it by id (R9.1), else None."""
    if client is not None and request.client_id is not None and request.client_id == client.id:
        return client
    return None


def why_no_coupon(request: Request, client: Client | None) -> str | None:
    """Why an identified client on a coupon tier has no valid coupon for the request (R12).

    None when it has one, or when the client is unidentified or on a tier without
    coupons. The coupon check's reason is cut short: it may quote the client's text.
    """
    known = identified_client(request, client)
    if known is None or not known.tier.requires_coupon:
        return None
    if not request.coupon_code:
        return "no coupon given"
    check = known.coupons.check(request.coupon_code, known.id, request.received_at)
    return None if check.valid else _shorten(check.reason)


def applied_tier(request: Request, client: Client | None, rules: IntakeRules) -> Tier:
    """The tier the request is handled on (R12).

    The identified client's tier; ``rules.standard_tier`` for an unidentified client
    and for a coupon tier without a valid coupon.
    """
    known = identified_client(request, client)
    if known is None or why_no_coupon(request, known) is not None:
        return rules.standard_tier
    return known.tier


def category_of(request: Request) -> tuple[Category, str, tuple[str, ...]]:
    """The request's category, where it came from, and the words that decided it.

    The category given with the request, or the keyword classifier's proposal.
    """
    if request.category is not None:
        return request.category, "given with the request", ()
    proposal = classify_request(request.subject, request.body)
    return proposal.category, proposal.explanation, proposal.matched_words


def _shorten(text: str, limit: int = 120) -> str:
    """``text`` cut to ``limit`` characters: client text in a detail stays readable."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


# The rules, one per ground, in the order of RULES.


def client_not_identified(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R9.1: no client, no client id, or an id that does not match the client."""
    if identified_client(request, client) is not None:
        return None
    detail = (
        "no client identified"
        if client is None or request.client_id is None
        else f"client id {request.client_id!r} does not match the client {client.id!r}"
    )
    return Reason(ReasonCode.UNIDENTIFIED_CLIENT, "R9.1", detail)


def contract_not_active(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R1, R9.3: the identified client's contract is suspended or has ended."""
    known = identified_client(request, client)
    if known is None or known.status is ContractStatus.ACTIVE:
        return None
    return Reason(
        ReasonCode.SERVICE_SUSPENDED,
        "R9.3",
        f"the contract of client {known.id!r} is {known.status.value}",
    )


def emergency_without_valid_coupon(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R9.2, R12: a coupon tier's request without a valid coupon; informs, does not refuse.

    The request is served on ``rules.standard_tier`` instead (``served_tier``).
    """
    why = why_no_coupon(request, client)
    if why is None:
        return None
    standard = rules.standard_tier.name
    return Reason(
        ReasonCode.OUT_OF_CONTRACT,
        "R9.2",
        f"emergency request without a valid coupon ({why}; R12): served as {standard}",
        served_tier=standard,
    )


def service_not_covered(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R9.2 with R4 and R7: a question for a third party, consulting, or uncovered category.

    A third-party question is redirected (R4); consulting is refused whatever the tier
    (R4); any other category must be covered by the applied tier (R7, R9.2).
    """
    category = category_of(request)[0]
    if category is Category.THIRD_PARTY:
        return Reason(
            ReasonCode.THIRD_PARTY,
            "R4",
            "a question for the hosting provider or the other software's vendor",
        )
    if category is Category.CONSULTING:
        return Reason(ReasonCode.OUT_OF_CONTRACT, "R4", "consulting is not handled by support")
    tier = applied_tier(request, client, rules)
    if tier.covers(category):
        return None
    return Reason(
        ReasonCode.OUT_OF_CONTRACT,
        "R9.2",
        f"{category.value} is not covered by the {tier.name} tier (R7: accounting "
        "questions need emergency support)",
    )


def several_problems_in_emergency(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R17: a request served on a coupon tier states more than one problem."""
    count = request.problem_count
    if count is None or count <= 1 or not applied_tier(request, client, rules).requires_coupon:
        return None
    return Reason(
        ReasonCode.MULTIPLE_PROBLEMS,
        "R17",
        f"the emergency request describes {count} problems; expected one per request",
    )


def abusive_language(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R9.4: the rules' detector flags the subject and body; the detail shows its words."""
    verdict = rules.abuse_detector(f"{request.subject}\n{request.body}")
    if not verdict:
        return None
    if isinstance(verdict, AbuseVerdict) and verdict.matches:
        shown = ", ".join(
            repr(m.word) if m.text == m.word else f"{m.word!r} (as {m.text!r})"
            for m in verdict.matches[:5]
        )
        return Reason(
            ReasonCode.ABUSIVE_LANGUAGE,
            "R9.4",
            f"obscene or insulting words: {shown}",
            words=verdict.words,
        )
    return Reason(ReasonCode.ABUSIVE_LANGUAGE, "R9.4", "obscene or insulting words")


def duplicate_of_open_request(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R9.5: the same message as an earlier open, not refused request within the window.

    The earliest such request is the original (ties: the smaller id).
    """
    received = instant_to_us(request.received_at, "Request.received_at")
    window = rules.duplicate_window // ONE_US
    fingerprint = request.fingerprint
    originals = sorted(
        (
            item
            for item in history
            if item.fingerprint == fingerprint
            and item.open
            and item.outcome is not Outcome.REFUSED
            and item.id != request.id
            and 0 <= received - instant_to_us(item.received_at, "received_at") <= window
        ),
        key=lambda item: (instant_to_us(item.received_at, "received_at"), item.id),
    )
    if not originals:
        return None
    original = originals[0]
    how = (
        "the same message sent to several support addresses"
        if set(request.addresses) != set(original.addresses)
        else "the same message sent again"
    )
    return Reason(
        ReasonCode.DUPLICATE,
        "R9.5",
        f"{how}; the original is request {original.id!r}",
        original_id=original.id,
    )


def over_monthly_limit(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R9.6: ``rules.monthly_limit`` requests already served this month; this one is paid.

    Served means accepted or paid; the month is the calendar month in the zone of
    ``rules.calendar``; earlier means received no later than this request.
    """
    received = instant_to_us(request.received_at, "Request.received_at")
    month = request_month(rules.calendar, request.received_at)
    served = sorted(
        instant_to_us(item.received_at, "received_at")
        for item in history
        if item.outcome in (Outcome.ACCEPTED, Outcome.PAID_SERVICE)
        and item.id != request.id
        and request_month(rules.calendar, item.received_at) == month
    )
    served_this_month = requests_before(received, served)
    if not is_paid_service(served_this_month, rules.monthly_limit):
        return None
    return Reason(
        ReasonCode.MONTHLY_LIMIT,
        "R9.6",
        f"{served_this_month} requests already served in {month[0]}-{month[1]:02d} "
        f"(limit {rules.monthly_limit}): this one is an additional paid service",
    )


def critical_request(
    request: Request, client: Client | None, history: Sequence[PriorRequest], rules: IntakeRules
) -> Reason | None:
    """R2: restoring the system or a module to working order is handled out of turn."""
    if not request.critical:
        return None
    return Reason(
        ReasonCode.CRITICAL,
        "R2",
        "restoring the system or a module to working order: handled out of turn",
    )


RULES: Final[tuple[Rule, ...]] = (
    client_not_identified,
    contract_not_active,
    emergency_without_valid_coupon,
    service_not_covered,
    several_problems_in_emergency,
    abusive_language,
    duplicate_of_open_request,
    over_monthly_limit,
    critical_request,
)
"""Every ground :func:`decide` applies, in the order their reasons are listed."""


def outcome_of(reasons: Iterable[Reason]) -> Outcome:
    """The outcome the reasons give.

    Refused when any reason refuses; else redirected for a third-party question (R4);
    else a paid service over the monthly limit (R9.6); else accepted.
    """
    given = tuple(reasons)
    codes = {reason.code for reason in given}
    if any(reason.refuses for reason in given):
        return Outcome.REFUSED
    if ReasonCode.THIRD_PARTY in codes:
        return Outcome.REDIRECTED
    if ReasonCode.MONTHLY_LIMIT in codes:
        return Outcome.PAID_SERVICE
    return Outcome.ACCEPTED


def _checked_history(
    request: object, client: object, history: object, rules: object
) -> tuple[PriorRequest, ...]:
    """Raise on inputs of the wrong type; return the history as a tuple."""
    require_type(rules, IntakeRules, "rules", "IntakeRules or None")
    require_type(request, Request, "request")
    require_optional(client, Client, "client")
    if isinstance(history, str | bytes) or not isinstance(history, Iterable):
        raise wrong_type("history", "a sequence of PriorRequest", history)
    return require_tuple(tuple(history), PriorRequest, "history")


def decide(
    request: Request,
    client: Client | None,
    history: Sequence[PriorRequest] = (),
    rules: IntakeRules | None = None,
) -> Decision:
    """Accept, refuse, redirect or charge for ``request``, with every applicable reason.

    ``history`` holds the client's earlier requests. The rules (:data:`RULES`) see the
    request with its category, given or classified; see the module docstring for what
    counts towards the monthly limit and which request a duplicate points to.
    """
    rules = rules if rules is not None else IntakeRules()
    prior = _checked_history(request, client, history, rules)
    category, category_source, category_words = category_of(request)
    classified = request if request.category is not None else replace(request, category=category)
    reasons = tuple(
        reason for rule in RULES if (reason := rule(classified, client, prior, rules)) is not None
    )
    outcome = outcome_of(reasons)
    tier = applied_tier(request, client, rules)
    served = outcome in (Outcome.ACCEPTED, Outcome.PAID_SERVICE)
    return Decision(
        request_id=request.id,
        outcome=outcome,
        reasons=reasons,
        tier=tier if identified_client(request, client) is not None else None,
        category=category,
        category_source=category_source,
        category_words=category_words,
        critical=request.critical,
        reaction_due=tier.reaction_due(request.received_at, rules.calendar).due if served else None,
        processing_due=(
            tier.processing_due(request.received_at, rules.calendar).due if served else None
        ),
        faq_links=rules.faq.suggest(request.subject, request.body) if rules.faq else (),
    )
