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

Each ground is one function, a :data:`Rule`, from the request's :class:`Facts` (the
inputs, with what every rule needs worked out once: the identified client, the coupon
check, the tier applied, the category) to the :class:`Reason` it gives, or None.
:data:`RULES` lists them in the order their reasons appear in a decision; :func:`decide`
checks its inputs and works out the facts (:func:`facts_of`), runs every rule, and
derives the outcome from the reasons (:func:`outcome_of`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from sla_calendar._checks import require_optional, require_tuple, require_type, wrong_type
from sla_calendar._instants import ONE_US, US_PER_DAY, instant_to_us, local_to_us
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import OutOfRangeError
from sla_calendar.intake.abuse import AbuseVerdict
from sla_calendar.intake.classifier import (
    DEFAULT_CLASSIFIER,
    Classification,
    Evidence,
    classify_words,
)
from sla_calendar.intake.limits import is_paid_service, request_month
from sla_calendar.intake.model import (
    Client,
    ContractStatus,
    CouponMoment,
    Decision,
    IntakeRules,
    MonthlyCount,
    Outcome,
    PriorRequest,
    Reason,
    ReasonCode,
    Request,
    RequestScope,
)
from sla_calendar.intake.suggestions import several_problems_words, system_down_words
from sla_calendar.intake.text import (
    MIN_CONTENT_WORDS,
    budget_prefix,
    content_words,
    fingerprint_of,
    fits_whole,
    normalize_text,
    split_words,
)
from sla_calendar.policy.tiers import Category, Tier

__all__ = [
    "RULES",
    "Facts",
    "Reading",
    "Rule",
    "abusive_language",
    "category_of",
    "client_not_identified",
    "contract_not_active",
    "critical_request",
    "decide",
    "duplicate_of_open_request",
    "emergency_without_valid_coupon",
    "facts_of",
    "identified_client",
    "outcome_of",
    "over_monthly_limit",
    "read",
    "rule",
    "service_not_covered",
    "several_problems_in_one_request",
    "why_no_coupon",
]


# What the rules share: who is asking, on which tier, about what.


def identified_client(request: Request, client: Client | None) -> Client | None:
    """``client`` when the request names it by id (R9.1), else None."""
    _check(request, client)
    if client is not None and request.client_id is not None and request.client_id == client.id:
        return client
    return None


def why_no_coupon(request: Request, client: Client | None, rules: IntakeRules) -> str | None:
    """Why an identified client on a coupon tier has no valid coupon for the request (R12).

    None when it has one, or when the client is unidentified or on a tier without
    coupons. At filing (``CouponMoment.FILING``) the coupon must be valid at
    ``received_at``; when the queue judges it (``QUEUE``) it must only have been issued
    to the client. The coupon check's reason is cut short: it may quote the client's text.
    """
    _check(request, client, rules)
    known = identified_client(request, client)
    if known is None or not known.tier.requires_coupon:
        return None
    if not request.coupon_code:
        return "no coupon given"
    check = known.coupons.check(request.coupon_code, known.id, request.received_at)
    if check.valid or (
        rules.coupon_judged_at is CouponMoment.QUEUE
        and check.coupon is not None
        and check.coupon.client_id == known.id
    ):
        return None
    return _shorten(check.reason)


def category_of(
    request: Request, rules: IntakeRules, reading: Reading | None = None
) -> tuple[Classification, str]:
    """The request's category with its words and evidence, and where it came from.

    The category given with the request, or the rules' classifier's proposal from the
    text judged (``reading``; by default the subject and body as :func:`read` cuts
    them). A proposal other than a product problem stands only on evidence: words for
    it, and no word of a malfunction (the proposal's evidence for ``PRODUCT_PROBLEM``);
    otherwise the request is a product problem (R10), so no request is turned away on a
    guess, and the source says which words pointed where.
    """
    _check(request, rules=rules)
    if request.category is not None:
        return Classification(request.category), "given with the request"
    reading = read(request, rules) if reading is None else require_type(reading, Reading, "reading")
    proposal = (
        classify_words(reading.normalized, list(reading.words))
        if rules.classifier is DEFAULT_CLASSIFIER  # the same answer, without reading twice
        else rules.classifier(reading.text)
    )
    if not isinstance(proposal, Classification):
        raise wrong_type("the result of IntakeRules.classifier", "a Classification", proposal)
    malfunction = next((w for c, w in proposal.evidence if c is Category.PRODUCT_PROBLEM), ())
    if proposal.category is not Category.PRODUCT_PROBLEM and (
        malfunction or not proposal.matched_words
    ):
        proposal = Classification(Category.PRODUCT_PROBLEM, malfunction, proposal.evidence)
    return proposal, proposal.explanation


@dataclass(frozen=True, slots=True)
class Reading:
    """The part of a request's text intake judges, read once (see :func:`read`).

    ``text`` is the subject and body joined by a newline, cut to the rules' budget;
    ``judged_prefix`` is None when nothing was cut, else ``len(text)``; ``normalized``
    and ``words`` are the text after :func:`~sla_calendar.intake.text.normalize_text`
    and :func:`~sla_calendar.intake.text.split_words`; ``fingerprint`` is the request's
    :func:`~sla_calendar.intake.text.message_fingerprint`, worked out with them.
    """

    text: str
    judged_prefix: int | None
    normalized: str
    words: tuple[str, ...]
    fingerprint: str


def read(request: Request, rules: IntakeRules) -> Reading:
    """What intake judges of the request's text: at most ``rules.text_limit`` characters.

    The classifier, the abuse detector, the R2 and R17 suggestions and the FAQ see only
    this prefix, so what a request may cost is bounded whatever its size (duplicates
    compare fingerprints, whose cost is bounded too: see
    :func:`~sla_calendar.intake.text.message_fingerprint`).
    """
    _check(request, rules=rules)
    subject, body = request.subject, request.body
    whole = f"{subject}\n{body}"
    text = budget_prefix(whole, rules.text_limit)
    if len(text) == len(whole) and fits_whole(subject) and fits_whole(body):
        # Each field normalised once serves the fingerprint and, joined, the reading:
        # a newline never joins with its neighbours under normalisation.
        subject, body = normalize_text(subject), normalize_text(body)
        normalized = f"{subject} {body}" if subject and body else subject or body
        fingerprint = fingerprint_of(subject, body)
    else:
        normalized = normalize_text(text)
        fingerprint = request.fingerprint
    return Reading(
        text,
        None if len(text) == len(whole) else len(text),
        normalized,
        tuple(split_words(normalized)),
        fingerprint,
    )


@dataclass(frozen=True, slots=True)
class Facts:
    """What every rule reads about one request, worked out once by :func:`facts_of`.

    * ``request``, ``client`` (as given, or None), ``history`` and ``rules``: the inputs;
    * ``received_us``: when the request was received, in microseconds on the UTC line;
    * ``known``: the client when the request names it (R9.1), else None;
    * ``coupon_problem``: why a coupon tier's request has no valid coupon (R12), or None;
    * ``tier``: the tier the request is handled on: the identified client's, or
      ``rules.standard_tier`` for an unidentified client or a coupon tier without a
      valid coupon (R12);
    * ``reading``: the text judged (:class:`Reading`);
    * ``category``, ``category_source``, ``category_words``, ``evidence``: the category
      given, or the classifier's, with where it came from, the words that decided it
      and every category the words pointed to;
    * ``down_words``: the words that read as "the system or a module is down, restore
      it" (R2), when the caller did not state whether the request is critical;
    * ``problem_words``: the words that read as several problems (R17), when the caller
      did not state a problem count and R17 applies to the request.
    """

    request: Request
    client: Client | None
    history: tuple[PriorRequest, ...]
    rules: IntakeRules
    received_us: int
    known: Client | None
    coupon_problem: str | None
    tier: Tier
    reading: Reading
    category: Category
    category_source: str
    category_words: tuple[str, ...]
    evidence: Evidence
    down_words: tuple[str, ...]
    problem_words: tuple[str, ...]

    @property
    def critical(self) -> bool:
        """Out of turn (R2): as the caller stated, else as the text suggests."""
        stated = self.request.critical
        return bool(self.down_words) if stated is None else stated


Rule = Callable[[Facts], Reason | None]
"""One ground of intake: from the :class:`Facts` of a request to the reason the ground
gives, or None when it does not apply."""


def facts_of(
    request: Request,
    client: Client | None,
    history: Iterable[PriorRequest] = (),
    rules: IntakeRules | None = None,
) -> Facts:
    """Check the inputs of :func:`decide` and work out what its rules share, once."""
    rules = rules if rules is not None else IntakeRules()
    prior = _checked_history(request, client, history, rules)
    known = identified_client(request, client)
    problem = why_no_coupon(request, known, rules)
    tier = known.tier if known is not None and problem is None else rules.standard_tier
    reading = read(request, rules)
    proposal, source = category_of(request, rules, reading)
    words = list(reading.words)
    return Facts(
        request,
        client,
        prior,
        rules,
        instant_to_us(request.received_at, "Request.received_at"),
        known,
        problem,
        tier,
        reading,
        proposal.category,
        source,
        proposal.matched_words,
        proposal.evidence,
        system_down_words(reading.normalized, words) if request.critical is None else (),
        (
            several_problems_words(reading.text, reading.normalized, words)
            if request.problem_count is None and _one_problem_applies(rules, tier)
            else ()
        ),
    )


def _one_problem_applies(rules: IntakeRules, tier: Tier) -> bool:
    """R17 applies to the request: every request, or one served on a coupon tier."""
    return rules.one_problem_applies_to is RequestScope.EVERY or tier.requires_coupon


_TWO_DAYS_US: Final = 2 * US_PER_DAY
_NEVER: Final = 2**63  # beyond every instant on the line
_FEW: Final = 8


def _shorten(text: str, limit: int = 120) -> str:
    """``text`` cut to ``limit`` characters: client text in a detail stays readable."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def _month_margins(
    calendar: WorkingCalendar, month: tuple[int, int], received: int
) -> tuple[int, int]:
    """Instants from which an earlier request surely lies in ``month``, and before which
    surely not, so that only those near the month's start need its local month.

    Two days from the month's first instant in UTC cover any change of UTC offset (a
    zone's offsets differ by less than 48 hours); an instant no later than ``received``
    cannot be in a later month. Out of the datetime range every instant is checked.
    """
    year, number = month
    if not 1 <= year <= 9999:
        return _NEVER, -_NEVER  # check each instant
    start = local_to_us(calendar.tz, date(year, number, 1), 0, first=True)
    return start + _TWO_DAYS_US, start - _TWO_DAYS_US


# The rules, one per ground, in the order of RULES.


def rule(body: Rule) -> Rule:
    """A rule that checks it is given :class:`Facts` (:func:`decide` calls the body itself)."""

    @functools.wraps(body)
    def checked(facts: Facts) -> Reason | None:
        if not isinstance(facts, Facts):
            raise wrong_type("facts", "a Facts (see facts_of)", facts)
        return body(facts)

    return checked


@rule
def client_not_identified(facts: Facts) -> Reason | None:
    """R9.1: no client, no client id, or an id that does not match the client."""
    if facts.known is not None:
        return None
    client, client_id = facts.client, facts.request.client_id
    detail = (
        "no client identified"
        if client is None or client_id is None
        else f"client id {client_id!r} does not match the client {client.id!r}"
    )
    return Reason(ReasonCode.UNIDENTIFIED_CLIENT, "R9.1", detail)


@rule
def contract_not_active(facts: Facts) -> Reason | None:
    """R1, R9.3: the identified client's contract is suspended or has ended."""
    known = facts.known
    if known is None or known.status is ContractStatus.ACTIVE:
        return None
    return Reason(
        ReasonCode.SERVICE_SUSPENDED,
        "R9.3",
        f"the contract of client {known.id!r} is {known.status.value}",
    )


@rule
def emergency_without_valid_coupon(facts: Facts) -> Reason | None:
    """R9.2, R12: a coupon tier's request without a valid coupon; informs, does not refuse.

    The request is served on ``rules.standard_tier`` instead (``served_tier``).
    """
    why = facts.coupon_problem
    if why is None:
        return None
    standard = facts.rules.standard_tier.name
    return Reason(
        ReasonCode.OUT_OF_CONTRACT,
        "R9.2",
        f"emergency request without a valid coupon ({why}; R12): served as {standard}",
        served_tier=standard,
    )


@rule
def service_not_covered(facts: Facts) -> Reason | None:
    """R9.2 with R4 and R7: a question for a third party, consulting, or uncovered category.

    A third-party question is redirected (R4); consulting is refused whatever the tier
    (R4); any other category must be covered by the applied tier (R7, R9.2).
    """
    category = facts.category
    if category is Category.THIRD_PARTY:
        return Reason(
            ReasonCode.THIRD_PARTY,
            "R4",
            "a question for the hosting provider or the other software's vendor",
        )
    if category is Category.CONSULTING:
        return Reason(ReasonCode.OUT_OF_CONTRACT, "R4", "consulting is not handled by support")
    tier = facts.tier
    if tier.covers(category):
        return None
    return Reason(
        ReasonCode.OUT_OF_CONTRACT,
        "R9.2",
        f"{category.value} is not covered by the {tier.name} tier (R7: accounting "
        "questions need emergency support)",
    )


@rule
def several_problems_in_one_request(facts: Facts) -> Reason | None:
    """R17: a request deals with more than one problem.

    R17 applies to the requests ``rules.one_problem_applies_to`` names: those served on
    a coupon tier (the default) or every request. A stated ``problem_count > 1``
    refuses; where no count is stated and the text reads as several problems (numbered
    or bulleted items, "also", "кроме того", "по-друге"...), the reason names those
    words and only informs, unless ``rules.refuse_suspected_multiple_problems``.
    """
    count = facts.request.problem_count
    kind = "emergency request" if facts.tier.requires_coupon else "request"
    if count is not None:
        if count <= 1 or not _one_problem_applies(facts.rules, facts.tier):
            return None
        return Reason(
            ReasonCode.MULTIPLE_PROBLEMS,
            "R17",
            f"the {kind} describes {count} problems; expected one per request",
        )
    words = facts.problem_words
    if not words:
        return None
    shown = ", ".join(map(repr, words[:5]))
    if facts.rules.refuse_suspected_multiple_problems:
        return Reason(
            ReasonCode.MULTIPLE_PROBLEMS,
            "R17",
            f"the {kind} reads as several problems ({shown}); expected one per request",
            words=words,
        )
    return Reason(
        ReasonCode.SUSPECTED_MULTIPLE_PROBLEMS,
        "R17",
        f"the {kind} may describe several problems ({shown}); one request should deal "
        "with one problem",
        words=words,
    )


@rule
def abusive_language(facts: Facts) -> Reason | None:
    """R9.4: the rules' detector flags the subject and body; the detail shows its words."""
    verdict = facts.rules.abuse_detector(facts.reading.text)
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


@rule
def duplicate_of_open_request(facts: Facts) -> Reason | None:
    """R9.5: the same message as an earlier open, not refused request within the window.

    The earliest such request is the original (ties: the smaller id). Empty or
    near-empty text (fewer than :data:`~sla_calendar.intake.text.MIN_CONTENT_WORDS`
    words, reply prefixes aside) is never a duplicate: every empty message has the same
    fingerprint, so voice and messenger requests without a transcript are judged by
    their other fields.
    """
    reading = facts.reading
    if (
        reading.judged_prefix is None
        and content_words(reading.normalized, reading.words) < MIN_CONTENT_WORDS
    ):
        return None
    request, received = facts.request, facts.received_us
    window = facts.rules.duplicate_window // ONE_US
    fingerprint = reading.fingerprint
    first = min(
        (
            (at, item.id, index)
            for index, item in enumerate(facts.history)
            if item.fingerprint == fingerprint
            and item.open
            and item.outcome is not Outcome.REFUSED
            and item.id != request.id
            and 0 <= received - (at := instant_to_us(item.received_at, "received_at")) <= window
        ),
        default=None,
    )
    if first is None:
        return None
    original = facts.history[first[2]]
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


@rule
def over_monthly_limit(facts: Facts) -> Reason | None:
    """R9.6: ``rules.monthly_limit`` requests already this month; this one is paid.

    What counts is ``rules.monthly_counts``: requests served (accepted or paid, the
    default) or every request received. The month is the calendar month in the zone of
    ``rules.calendar``; earlier means received no later than this request.
    """
    request, rules, received = facts.request, facts.rules, facts.received_us
    calendar = rules.calendar
    month = request_month(calendar, request.received_at)
    surely_in, surely_before = (
        _month_margins(calendar, month, received)
        if len(facts.history) > _FEW  # worth the two bounds' own cost
        else (_NEVER, -_NEVER)
    )
    counted = _SERVED if rules.monthly_counts is MonthlyCount.SERVED else tuple(Outcome)
    this_month = 0
    for item in facts.history:
        if item.outcome not in counted or item.id == request.id:
            continue
        at = instant_to_us(item.received_at, "received_at")
        if at > received or at < surely_before:
            continue
        if at >= surely_in or request_month(calendar, item.received_at) == month:
            this_month += 1
    if not is_paid_service(this_month, rules.monthly_limit):
        return None
    return Reason(
        ReasonCode.MONTHLY_LIMIT,
        "R9.6",
        f"{this_month} requests already {rules.monthly_counts.value} in "
        f"{month[0]}-{month[1]:02d} (limit {rules.monthly_limit}): this one is an "
        "additional paid service",
    )


@rule
def critical_request(facts: Facts) -> Reason | None:
    """R2: restoring the system or a module to working order is handled out of turn.

    As the caller stated (``Request.critical``), or, where it did not, as the text
    suggests: the reason then names the words that said so.
    """
    if not facts.critical:
        return None
    if facts.request.critical:
        detail = "restoring the system or a module to working order: handled out of turn"
        return Reason(ReasonCode.CRITICAL, "R2", detail)
    shown = ", ".join(map(repr, facts.down_words[:5]))
    return Reason(
        ReasonCode.CRITICAL,
        "R2",
        f"the text reads as restoring the system or a module to working order ({shown}): "
        "handled out of turn",
        words=facts.down_words,
    )


RULES: Final[tuple[Rule, ...]] = (
    client_not_identified,
    contract_not_active,
    emergency_without_valid_coupon,
    service_not_covered,
    several_problems_in_one_request,
    abusive_language,
    duplicate_of_open_request,
    over_monthly_limit,
    critical_request,
)
"""Every ground :func:`decide` applies, in the order their reasons are listed."""

_BODIES: Final[tuple[Rule, ...]] = tuple(r.__wrapped__ for r in RULES)  # type: ignore[attr-defined]

_SERVED: Final = (Outcome.ACCEPTED, Outcome.PAID_SERVICE)  # a tuple: members compare by identity


def outcome_of(reasons: Iterable[Reason]) -> Outcome:
    """The outcome the reasons give.

    Refused when any reason refuses; else redirected for a third-party question (R4);
    else a paid service over the monthly limit (R9.6); else accepted.
    """
    given_value: object = reasons  # checked as data: callers may pass anything
    if isinstance(given_value, str | bytes) or not isinstance(given_value, Iterable):
        raise wrong_type("reasons", "an iterable of Reason", reasons)
    given = tuple(reasons)
    for index, reason in enumerate(given):
        require_type(reason, Reason, f"reasons[{index}]")
    return _outcome(given)


def _outcome(given: tuple[Reason, ...]) -> Outcome:
    if any(reason.refuses for reason in given):
        return Outcome.REFUSED
    if any(reason.code is ReasonCode.THIRD_PARTY for reason in given):
        return Outcome.REDIRECTED
    if any(reason.code is ReasonCode.MONTHLY_LIMIT for reason in given):
        return Outcome.PAID_SERVICE
    return Outcome.ACCEPTED


def _check(request: object, client: object = None, rules: object = IntakeRules) -> None:
    """Raise on a request, client or rules of the wrong type (the defaults check nothing)."""
    if not isinstance(request, Request):
        raise wrong_type("request", "a Request", request)
    if client is not None and not isinstance(client, Client):
        raise wrong_type("client", "a Client or None", client)
    if rules is not IntakeRules and not isinstance(rules, IntakeRules):
        raise wrong_type("rules", "IntakeRules", rules)


def _checked_history(
    request: object, client: object, history: object, rules: object
) -> tuple[PriorRequest, ...]:
    """Raise on inputs of the wrong type; return the history as a tuple."""
    require_type(rules, IntakeRules, "rules", "IntakeRules or None")
    require_type(request, Request, "request")
    require_optional(client, Client, "client")
    if isinstance(history, str | bytes) or not isinstance(history, Iterable):
        raise wrong_type("history", "a sequence of PriorRequest", history)
    prior = tuple(history)
    for item in prior:
        if not isinstance(item, PriorRequest):
            require_tuple(prior, PriorRequest, "history")  # raises, naming the item
    return prior


def _deadlines(
    tier: Tier, received_at: datetime, calendar: WorkingCalendar
) -> tuple[datetime, datetime]:
    """The reaction and processing deadlines (R5, R10, R11, R13); out of range is our error."""
    try:
        return (
            tier.reaction_due(received_at, calendar).due,
            tier.processing_due(received_at, calendar).due,
        )
    except OverflowError:  # an instant near year 1 whose UTC date is year 0
        raise OutOfRangeError(
            f"Request.received_at={received_at!r}: its deadlines cannot be placed within "
            "the datetime range (years 1..9999)"
        ) from None


def decide(
    request: Request,
    client: Client | None,
    history: Iterable[PriorRequest] = (),
    rules: IntakeRules | None = None,
) -> Decision:
    """Accept, refuse, redirect or charge for ``request``, with every applicable reason.

    ``history`` holds the client's earlier requests. The rules (:data:`RULES`) read the
    request's :class:`Facts` (its category given or classified, its tier); see the
    module docstring for what counts towards the monthly limit and which request a
    duplicate points to.
    """
    facts = facts_of(request, client, history, rules)
    reasons = tuple(reason for body in _BODIES if (reason := body(facts)) is not None)
    outcome = _outcome(reasons)
    rules = facts.rules
    # An identified client with its own calendar is served on it (the most specific wins).
    tier = facts.tier if facts.known is None else facts.known.serving_tier(facts.tier)
    reaction_due, processing_due = (
        _deadlines(tier, request.received_at, rules.calendar)
        if outcome in _SERVED
        else (None, None)
    )
    return Decision(
        request_id=request.id,
        outcome=outcome,
        reasons=reasons,
        tier=tier if facts.known is not None else None,
        category=facts.category,
        category_source=facts.category_source,
        category_words=facts.category_words,
        evidence=facts.evidence,
        critical=facts.critical,
        reaction_due=reaction_due,
        processing_due=processing_due,
        faq_links=rules.faq.suggest_words(list(facts.reading.words)) if rules.faq else (),
        judged_prefix=facts.reading.judged_prefix,
    )
