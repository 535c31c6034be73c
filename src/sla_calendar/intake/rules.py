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
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Final

from sla_calendar._instants import ONE_US, instant_to_us
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import ArgumentTypeError
from sla_calendar.intake.abuse import AbuseVerdict
from sla_calendar.intake.classifier import classify_request
from sla_calendar.intake.model import (
    Client,
    ContractStatus,
    Decision,
    IntakeRules,
    Outcome,
    PriorRequest,
    Reason,
    RefusalReason,
    Request,
)
from sla_calendar.policy.tiers import EMERGENCY, EMERGENCY_24_7, Category

__all__ = ["decide"]


_EMERGENCY_TIERS: Final = (EMERGENCY, EMERGENCY_24_7)


def _abuse(rules: IntakeRules, request: Request) -> Reason | None:
    """R9.4: ask the detector about the subject and body; explain with its words."""
    verdict = rules.abuse_detector(f"{request.subject}\n{request.body}")
    if not verdict:
        return None
    if isinstance(verdict, AbuseVerdict) and verdict.matches:
        shown = ", ".join(
            repr(m.word) if m.text == m.word else f"{m.word!r} (as {m.text!r})"
            for m in verdict.matches[:5]
        )
        return Reason(
            RefusalReason.ABUSIVE_LANGUAGE,
            "R9.4",
            f"obscene or insulting words: {shown}",
            words=verdict.words,
        )
    return Reason(RefusalReason.ABUSIVE_LANGUAGE, "R9.4", "obscene or insulting words")


def _shorten(text: str, limit: int = 120) -> str:
    """``text`` cut to ``limit`` characters: client text in a detail stays readable."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _month_key(calendar: WorkingCalendar, moment: datetime) -> tuple[int, int]:
    local = moment.astimezone(calendar.tz)
    return local.year, local.month


def decide(
    request: Request,
    client: Client | None,
    history: Sequence[PriorRequest] = (),
    rules: IntakeRules | None = None,
) -> Decision:
    """Accept, refuse, redirect or charge for ``request``, with every applicable reason.

    ``history`` holds the client's earlier requests. See the module docstring for the
    rules and what counts towards the monthly limit.
    """
    rules = rules if rules is not None else IntakeRules()
    if not isinstance(rules, IntakeRules):
        raise ArgumentTypeError(f"rules must be IntakeRules or None, got {type(rules).__name__}")
    if not isinstance(request, Request):
        raise ArgumentTypeError(f"request must be a Request, got {type(request).__name__}")
    if client is not None and not isinstance(client, Client):
        raise ArgumentTypeError(f"client must be a Client or None, got {type(client).__name__}")
    given: object = history  # checked as data: callers may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ArgumentTypeError(
            f"history must be a sequence of PriorRequest, got {type(history).__name__}"
        )
    prior = tuple(history)
    for item in prior:
        if not isinstance(item, PriorRequest):
            raise ArgumentTypeError(
                f"history must hold PriorRequest values, got {type(item).__name__} {item!r}"
            )
    reasons: list[Reason] = []

    # Category: given, or proposed by the keyword classifier (words shown).
    if request.category is not None:
        category, category_source = request.category, "given with the request"
        category_words: tuple[str, ...] = ()
    else:
        proposal = classify_request(request.subject, request.body)
        category, category_source = proposal.category, proposal.explanation
        category_words = proposal.matched_words

    # R9.1, R9.3: who is asking, and is their contract in force.
    identified = (
        client is not None and request.client_id is not None and request.client_id == client.id
    )
    if not identified:
        detail = (
            "no client identified"
            if client is None or request.client_id is None
            else f"client id {request.client_id!r} does not match the client {client.id!r}"
        )
        reasons.append(Reason(RefusalReason.UNIDENTIFIED_CLIENT, "R9.1", detail))
    elif client is not None and client.status is not ContractStatus.ACTIVE:
        reasons.append(
            Reason(
                RefusalReason.SERVICE_SUSPENDED,
                "R9.3",
                f"the contract of client {client.id!r} is {client.status.value}",
            )
        )

    # Tier: an emergency tier needs a valid coupon (R12), else standard is served.
    tier = rules.standard_tier
    if identified and client is not None:
        tier = client.tier
        if tier.requires_coupon:
            check = (
                client.coupons.check(request.coupon_code, client.id, request.received_at)
                if request.coupon_code
                else None
            )
            if check is None or not check.valid:
                why = "no coupon given" if check is None else _shorten(check.reason)
                reasons.append(
                    Reason(
                        RefusalReason.OUT_OF_CONTRACT,
                        "R9.2",
                        f"emergency request without a valid coupon ({why}; R12): served as "
                        f"{rules.standard_tier.name}",
                        served_tier=rules.standard_tier.name,
                    )
                )
                tier = rules.standard_tier

    # R4, R7, R9.2: what the contract covers.
    if category is Category.THIRD_PARTY:
        reasons.append(
            Reason(
                RefusalReason.THIRD_PARTY,
                "R4",
                "a question for the hosting provider or the other software's vendor",
            )
        )
    elif category is Category.CONSULTING:
        reasons.append(
            Reason(RefusalReason.OUT_OF_CONTRACT, "R4", "consulting is not handled by support")
        )
    elif not tier.covers(category):
        reasons.append(
            Reason(
                RefusalReason.OUT_OF_CONTRACT,
                "R9.2",
                f"{category.value} is not covered by the {tier.name} tier (R7: accounting "
                "questions need emergency support)",
            )
        )

    # R17: one problem per emergency request.
    if tier.requires_coupon and request.problem_count is not None and request.problem_count > 1:
        reasons.append(
            Reason(
                RefusalReason.MULTIPLE_PROBLEMS,
                "R17",
                f"the emergency request describes {request.problem_count} problems; expected one "
                "per request",
            )
        )

    # R9.4: obscene language or insults.
    abusive = _abuse(rules, request)
    if abusive is not None:
        reasons.append(abusive)

    # R9.5: the same message again while the first is open, or sent to several addresses.
    received = instant_to_us(request.received_at, "Request.received_at")
    window = rules.duplicate_window // ONE_US
    fingerprint = request.fingerprint
    originals = sorted(
        (
            item
            for item in prior
            if item.fingerprint == fingerprint
            and item.open
            and item.outcome is not Outcome.REFUSED
            and item.id != request.id
            and 0 <= received - instant_to_us(item.received_at, "received_at") <= window
        ),
        key=lambda item: (instant_to_us(item.received_at, "received_at"), item.id),
    )
    if originals:
        original = originals[0]
        how = (
            "the same message sent to several support addresses"
            if set(request.addresses) != set(original.addresses)
            else "the same message sent again"
        )
        reasons.append(
            Reason(
                RefusalReason.DUPLICATE,
                "R9.5",
                f"{how}; the original is request {original.id!r}",
                original_id=original.id,
            )
        )

    # R9.6: over the monthly limit, the request becomes a paid service.
    month = _month_key(rules.calendar, request.received_at)
    served_this_month = sum(
        1
        for item in prior
        if item.outcome in (Outcome.ACCEPTED, Outcome.PAID_SERVICE)
        and item.id != request.id
        and _month_key(rules.calendar, item.received_at) == month
        and instant_to_us(item.received_at, "received_at") <= received
    )
    if served_this_month >= rules.monthly_limit:
        reasons.append(
            Reason(
                RefusalReason.MONTHLY_LIMIT,
                "R9.6",
                f"{served_this_month} requests already served in {month[0]}-{month[1]:02d} "
                f"(limit {rules.monthly_limit}): this one is an additional paid service",
            )
        )

    # R2: critical requests go out of turn.
    if request.critical:
        reasons.append(
            Reason(
                RefusalReason.CRITICAL,
                "R2",
                "restoring the system or a module to working order: handled out of turn",
            )
        )

    codes = {reason.code for reason in reasons}
    if any(reason.refuses for reason in reasons):
        outcome = Outcome.REFUSED
    elif RefusalReason.THIRD_PARTY in codes:
        outcome = Outcome.REDIRECTED
    elif RefusalReason.MONTHLY_LIMIT in codes:
        outcome = Outcome.PAID_SERVICE
    else:
        outcome = Outcome.ACCEPTED

    served = outcome in (Outcome.ACCEPTED, Outcome.PAID_SERVICE)
    reaction_due = processing_due = None
    if served:
        reaction_due = tier.reaction_due(request.received_at, rules.calendar).due
        processing_due = tier.processing_due(request.received_at, rules.calendar).due
    faq_links = rules.faq.suggest(request.subject, request.body) if rules.faq else ()
    return Decision(
        request_id=request.id,
        outcome=outcome,
        reasons=tuple(reasons),
        tier=tier.name if identified else None,
        category=category,
        category_source=category_source,
        category_words=category_words,
        critical=request.critical,
        reaction_due=reaction_due,
        processing_due=processing_due,
        faq_links=faq_links,
    )
