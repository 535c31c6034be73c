"""Intake's values: the request, its client and history, the rules, reasons and decision.

:func:`~sla_calendar.intake.rules.decide` reads a :class:`Request`, a :class:`Client`,
the client's :class:`PriorRequest` history and :class:`IntakeRules`, and returns a
:class:`Decision`. All are frozen; each checks its fields when it is built, so invalid
structured input raises there, with a message naming the field.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar

from sla_calendar._checks import (
    invalid_value,
    require_bool,
    require_optional,
    require_text,
    require_tuple,
    require_type,
    wrong_type,
)
from sla_calendar._instants import instant_to_us, plainly_aware
from sla_calendar.calendar.ukraine import kyiv_calendar
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import InvalidValueError
from sla_calendar.intake.abuse import DEFAULT_ABUSE_DETECTOR, AbuseVerdict
from sla_calendar.intake.classifier import (
    DEFAULT_CLASSIFIER,
    Classification,
    Evidence,
    require_evidence,
    require_words,
)
from sla_calendar.intake.faq import FaqIndex
from sla_calendar.intake.messages import client_message
from sla_calendar.intake.text import message_fingerprint
from sla_calendar.policy.coupons import CouponRegistry
from sla_calendar.policy.queue import QueuedRequest
from sla_calendar.policy.tiers import (
    BUILT_IN_TIERS,
    STANDARD,
    Category,
    Tier,
)

__all__ = [
    "Classifier",
    "Client",
    "ContractStatus",
    "CouponMoment",
    "Decision",
    "Detector",
    "IntakeRules",
    "MonthlyCount",
    "Outcome",
    "PriorRequest",
    "Reason",
    "ReasonCode",
    "Request",
    "RequestScope",
]

E = TypeVar("E", bound=enum.Enum)


class _Choice(enum.Enum):
    """An enumeration whose lookup by value raises the package's errors."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        choices = ", ".join(repr(member.value) for member in cls)
        if not isinstance(value, str):
            raise wrong_type(cls.__name__, f"one of {choices}", value)
        raise invalid_value(cls.__name__, value, f"one of {choices}")


class ContractStatus(_Choice):
    """The state of a client's support contract."""

    ACTIVE = "active"
    """Support is given (R1)."""
    SUSPENDED = "suspended"
    """Services are suspended under the contract (R9.3)."""
    ENDED = "ended"
    """The contract has ended: no active subscription (R1, R9.3)."""


class Outcome(_Choice):
    """What happens to a request."""

    ACCEPTED = "accepted"
    """Served under the tier's SLA."""
    REFUSED = "refused"
    """Not served, for the reasons given (R9)."""
    PAID_SERVICE = "paid_service"
    """Served as an additional, paid service (R9.6)."""
    REDIRECTED = "redirected"
    """Belongs to another party: hosting, other vendors (R4)."""


class MonthlyCount(_Choice):
    """What counts towards the monthly limit (R9.6), a reading the regulation leaves open."""

    SERVED = "served"
    """Earlier requests that were served (accepted or paid): refusals are not charged."""
    RECEIVED = "received"
    """Every earlier request received, refused and redirected ones included (the "total
    number of requests" of the Russian original)."""


class RequestScope(_Choice):
    """Which requests R17 (one request, one problem) applies to, a reading left open."""

    EMERGENCY = "emergency"
    """Requests served on a coupon tier: R17 is listed among the special requests' terms."""
    EVERY = "every"
    """Every request, whatever its tier."""


class CouponMoment(_Choice):
    """When a priority coupon is judged (R12), a reading the regulation leaves open."""

    FILING = "filing"
    """When the request is received: the coupon must be valid at ``received_at``."""
    QUEUE = "queue"
    """When the queue is ordered: intake only checks that the coupon was issued to the
    client and leaves its dates to :func:`~sla_calendar.queue_order` at its ``now``."""


class ReasonCode(_Choice):
    """Machine-readable reason codes; some refuse, some only inform."""

    UNIDENTIFIED_CLIENT = "unidentified_client"
    """R9.1: no client, or the client id does not match."""
    OUT_OF_CONTRACT = "out_of_contract"
    """R9.2 (with R4, R7): a service the contract does not cover."""
    SERVICE_SUSPENDED = "service_suspended"
    """R9.3: the contract is suspended or ended."""
    ABUSIVE_LANGUAGE = "abusive_language"
    """R9.4: obscene language or insults."""
    DUPLICATE = "duplicate"
    """R9.5: the same message again, or to several addresses."""
    MONTHLY_LIMIT = "monthly_limit"
    """R9.6: over the monthly number of requests: a paid service."""
    MULTIPLE_PROBLEMS = "multiple_problems"
    """R17: a request (by default an emergency one) must deal with one problem."""
    SUSPECTED_MULTIPLE_PROBLEMS = "suspected_multiple_problems"
    """R17: the text reads as several problems; informs (refuses only if the rules say so,
    and then as ``MULTIPLE_PROBLEMS``)."""
    THIRD_PARTY = "third_party"
    """R4: a question for a hosting provider or another vendor: redirected."""
    CRITICAL = "critical"
    """R2: restoring the system or a module: handled out of turn."""

    @property
    def refuses(self) -> bool:
        """True for the codes that refuse (but see :attr:`Reason.refuses`)."""
        return self in _REFUSING


_REFUSING: Final = (  # a tuple: members compare by identity, faster than enum hashing
    ReasonCode.UNIDENTIFIED_CLIENT,
    ReasonCode.OUT_OF_CONTRACT,
    ReasonCode.SERVICE_SUSPENDED,
    ReasonCode.ABUSIVE_LANGUAGE,
    ReasonCode.DUPLICATE,
    ReasonCode.MULTIPLE_PROBLEMS,
)


@dataclass(frozen=True, slots=True)
class Reason:
    """One applicable reason: its code, the clause, and a detail in plain words."""

    code: ReasonCode
    clause: str
    detail: str
    original_id: str | None = None
    """For a duplicate (R9.5): the id of the request it repeats."""
    words: tuple[str, ...] = ()
    """The words behind the reason: the abusive words found (R9.4)."""
    served_tier: str | None = None
    """For an emergency request without a valid coupon (R9.2, R12): the tier it is served
    on instead. Such an ``OUT_OF_CONTRACT`` reason informs; it does not refuse."""

    def __post_init__(self) -> None:
        if (  # the common case, checked cheaply; else each field names its fault
            type(self.code) is ReasonCode
            and type(self.clause) is str
            and type(self.detail) is str
            and (self.original_id is None or type(self.original_id) is str)
            and self.words == ()
            and (self.served_tier is None or type(self.served_tier) is str)
        ):
            return
        require_type(self.code, ReasonCode, "Reason.code")
        require_type(self.clause, str, "Reason.clause")
        require_type(self.detail, str, "Reason.detail")
        require_optional(self.original_id, str, "Reason.original_id")
        require_words(self.words, "Reason.words")
        require_optional(self.served_tier, str, "Reason.served_tier")

    @property
    def refuses(self) -> bool:
        """True when this reason makes the outcome ``refused``."""
        return self.code.refuses and self.served_tier is None

    def message(self, language: str = "en") -> str:
        """The client-facing message for this reason in ``language`` ("en", "uk", "ru")."""
        key = self.code.value if self.served_tier is None else "served_on_another_tier"
        return client_message(key, language, original_id=self.original_id or "")


@dataclass(frozen=True, slots=True)
class Request:
    """An incoming request, as the helpdesk received it.

    ``category``, ``critical`` and ``problem_count`` are what the caller states; None
    leaves them to intake, which reads the text: a category with its evidence, a
    suggestion that the request restores the system or a module (R2), or that it holds
    several problems (R17).
    """

    id: str
    client_id: str | None
    received_at: datetime
    channel: str = "email"
    addresses: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""
    category: Category | None = None
    coupon_code: str | None = None
    critical: bool | None = None
    problem_count: int | None = None

    def __post_init__(self) -> None:
        require_text(self.id, "Request.id")
        require_optional(self.client_id, str, "Request.client_id")
        instant_to_us(self.received_at, "Request.received_at")
        require_text(self.channel, "Request.channel", empty_ok=True)
        require_tuple(self.addresses, str, "Request.addresses")
        require_text(self.subject, "Request.subject", empty_ok=True)
        require_text(self.body, "Request.body", empty_ok=True)
        require_optional(self.category, Category, "Request.category")
        require_optional(self.coupon_code, str, "Request.coupon_code")
        require_optional(self.critical, bool, "Request.critical", "a bool or None")
        count = require_optional(self.problem_count, int, "Request.problem_count", "an int or None")
        if count is not None and count < 1:
            raise invalid_value("Request.problem_count", count, "an int >= 1 or None")

    @property
    def fingerprint(self) -> str:
        """The message fingerprint used for duplicates (R9.5)."""
        return message_fingerprint(self.subject, self.body)


@dataclass(frozen=True, slots=True)
class Client:
    """A client: contract status, entitled tier, the coupons issued to it (R12), and its
    own working calendar if its contract has one (another zone, other days off)."""

    id: str
    status: ContractStatus
    tier: Tier = STANDARD
    coupons: CouponRegistry = field(default_factory=CouponRegistry)
    calendar: WorkingCalendar | None = None

    def __post_init__(self) -> None:
        require_text(self.id, "Client.id")
        require_type(self.status, ContractStatus, "Client.status")
        require_type(self.tier, Tier, "Client.tier")
        require_type(self.coupons, CouponRegistry, "Client.coupons")
        require_optional(self.calendar, WorkingCalendar, "Client.calendar")

    def serving_tier(self, tier: Tier) -> Tier:
        """``tier`` as this client is served on it: on the client's own calendar when it
        has one (the most specific calendar wins; explanations name the client)."""
        require_type(tier, Tier, "tier")
        if self.calendar is None:
            return tier
        return tier.on_calendar(self.calendar, f"client {self.id!r}")


@dataclass(frozen=True, slots=True)
class PriorRequest:
    """An earlier request of the client: what the rules need to know of it."""

    id: str
    received_at: datetime
    fingerprint: str
    outcome: Outcome
    open: bool = True
    addresses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        require_text(self.id, "PriorRequest.id")
        instant_to_us(self.received_at, "PriorRequest.received_at")
        require_text(self.fingerprint, "PriorRequest.fingerprint")
        require_type(self.outcome, Outcome, "PriorRequest.outcome", "an Outcome")
        require_bool(self.open, "PriorRequest.open")
        require_tuple(self.addresses, str, "PriorRequest.addresses")


Detector = Callable[[str], "AbuseVerdict | bool"]
"""An abuse detector (R9.4): text in, a verdict (or a bool) out."""

Classifier = Callable[[str], Classification]
"""A category classifier: the request's text (subject and body joined by a newline) in,
a :class:`~sla_calendar.intake.classifier.Classification` (category, words, evidence) out."""


@dataclass(frozen=True, slots=True)
class IntakeRules:
    """The configurable parts of intake.

    * ``duplicate_window``: how far back a resent message counts as a duplicate of an
      open request (R9.5).
    * ``monthly_limit``: requests a calendar month (Kyiv time) before paid service (R9.6).
    * ``abuse_detector``: any callable from text to a verdict (or a bool) (R9.4).
    * ``faq``: instruction pages to suggest (R8), or None.
    * ``calendar``: the working calendar for deadlines (R6).
    * ``standard_tier``: the tier an emergency request falls back to without a coupon.
    * ``classifier``: any callable from the request's text to a
      :class:`~sla_calendar.intake.classifier.Classification` (R4, R7, R9.2); a
      classified category refuses or redirects only with words for it and no word of a
      malfunction, whatever the classifier.
    * ``refuse_suspected_multiple_problems``: refuse a request whose text reads as
      several problems where R17 applies (by default it is only pointed out; a stated
      ``problem_count > 1`` refuses either way).
    * ``text_limit``: how many characters of the subject and body (joined by a newline)
      intake judges: the classifier, the abuse detector, the R2 and R17 suggestions and
      the FAQ read at most the first ``text_limit`` characters, fewer where Unicode
      compatibility forms would expand them beyond it; the decision says so
      (``Decision.judged_prefix``).

    The regulation's open readings, today's reading by default:

    * ``monthly_counts``: what counts towards ``monthly_limit`` (R9.6): requests served
      (``MonthlyCount.SERVED``) or every request received (``RECEIVED``).
    * ``one_problem_applies_to``: the requests R17 applies to: those served on a coupon
      tier (``RequestScope.EMERGENCY``) or every request (``EVERY``).
    * ``coupon_judged_at``: when a coupon is judged (R12): at filing
      (``CouponMoment.FILING``) or when the queue is ordered (``QUEUE``).
    """

    duplicate_window: timedelta = timedelta(days=30)
    monthly_limit: int = 50
    abuse_detector: Detector = DEFAULT_ABUSE_DETECTOR
    faq: FaqIndex | None = None
    calendar: WorkingCalendar = field(default_factory=kyiv_calendar)
    standard_tier: Tier = STANDARD
    classifier: Classifier = DEFAULT_CLASSIFIER
    monthly_counts: MonthlyCount = MonthlyCount.SERVED
    one_problem_applies_to: RequestScope = RequestScope.EMERGENCY
    coupon_judged_at: CouponMoment = CouponMoment.FILING
    refuse_suspected_multiple_problems: bool = False
    text_limit: int = 100_000

    def __post_init__(self) -> None:
        window = require_type(
            self.duplicate_window, timedelta, "IntakeRules.duplicate_window", "a datetime.timedelta"
        )
        if window < timedelta(0):
            raise invalid_value("IntakeRules.duplicate_window", window, "a timedelta >= 0")
        if require_type(self.monthly_limit, int, "IntakeRules.monthly_limit", "an int") < 0:
            raise invalid_value("IntakeRules.monthly_limit", self.monthly_limit, "an int >= 0")
        for name in ("abuse_detector", "classifier"):
            if not callable(getattr(self, name)):
                raise wrong_type(f"IntakeRules.{name}", "callable", getattr(self, name))
        require_type(self.monthly_counts, MonthlyCount, "IntakeRules.monthly_counts")
        require_type(
            self.one_problem_applies_to, RequestScope, "IntakeRules.one_problem_applies_to"
        )
        require_type(self.coupon_judged_at, CouponMoment, "IntakeRules.coupon_judged_at")
        require_bool(
            self.refuse_suspected_multiple_problems,
            "IntakeRules.refuse_suspected_multiple_problems",
        )
        if require_type(self.text_limit, int, "IntakeRules.text_limit", "an int") < 1:
            raise invalid_value("IntakeRules.text_limit", self.text_limit, "an int >= 1")
        require_optional(self.faq, FaqIndex, "IntakeRules.faq")
        require_type(self.calendar, WorkingCalendar, "IntakeRules.calendar")
        if require_type(self.standard_tier, Tier, "IntakeRules.standard_tier").requires_coupon:
            raise invalid_value(
                "IntakeRules.standard_tier", self.standard_tier, "a Tier that needs no coupon"
            )


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer for one request: outcome, every reason, tier, deadlines, FAQ links.

    ``tier`` is the :class:`Tier` the request is handled on (None when the client is
    not identified). ``reaction_due`` and ``processing_due`` are set when the request is
    served (accepted or paid). ``category_source`` says where the category came from:
    the request itself, or the classifier and the words that decided it
    (``category_words``); ``evidence`` lists every category the text's words pointed
    to, with those words. ``judged_prefix`` is None when the whole text was read, else
    the number of its first characters that were (``IntakeRules.text_limit``).
    """

    request_id: str
    outcome: Outcome
    reasons: tuple[Reason, ...]
    tier: Tier | None
    category: Category | None
    category_source: str
    critical: bool
    reaction_due: datetime | None = None
    processing_due: datetime | None = None
    faq_links: tuple[str, ...] = ()
    category_words: tuple[str, ...] = ()
    evidence: Evidence = ()
    judged_prefix: int | None = None

    def __post_init__(self) -> None:
        if not (  # the common case, checked cheaply; else each field names its fault
            type(self.request_id) is str
            and type(self.outcome) is Outcome
            and type(self.reasons) is tuple
            and all(type(reason) is Reason for reason in self.reasons)
            and (self.tier is None or type(self.tier) is Tier)
            and (self.category is None or type(self.category) is Category)
            and type(self.category_source) is str
            and type(self.critical) is bool
            and _aware_or_none(self.reaction_due)
            and _aware_or_none(self.processing_due)
            and (
                self.judged_prefix is None
                or (type(self.judged_prefix) is int and self.judged_prefix >= 0)
            )
        ):
            self._check_each_field()
        require_words(self.faq_links, "Decision.faq_links")
        require_words(self.category_words, "Decision.category_words")
        require_evidence(self.evidence, "Decision.evidence")

    def _check_each_field(self) -> None:
        require_type(self.request_id, str, "Decision.request_id")
        require_type(self.outcome, Outcome, "Decision.outcome", "an Outcome")
        require_tuple(self.reasons, Reason, "Decision.reasons")
        require_optional(self.tier, Tier, "Decision.tier")
        require_optional(self.category, Category, "Decision.category")
        require_type(self.category_source, str, "Decision.category_source")
        require_bool(self.critical, "Decision.critical")
        for name in ("reaction_due", "processing_due"):
            if getattr(self, name) is not None:
                instant_to_us(getattr(self, name), f"Decision.{name}")
        count = require_optional(
            self.judged_prefix, int, "Decision.judged_prefix", "an int or None"
        )
        if count is not None and count < 0:
            raise invalid_value("Decision.judged_prefix", count, "an int >= 0 or None")

    @property
    def refused(self) -> bool:
        """True when the outcome is ``refused``."""
        return self.outcome is Outcome.REFUSED

    def codes(self) -> tuple[ReasonCode, ...]:
        """The reason codes, in order."""
        return tuple(reason.code for reason in self.reasons)

    def messages(self, language: str = "en") -> tuple[str, ...]:
        """Client-facing messages for the reasons, in ``language`` ("en", "uk", "ru")."""
        return tuple(reason.message(language) for reason in self.reasons)

    def queue_entry(self, request: Request) -> QueuedRequest:
        """The decided ``request`` as it waits in :func:`~sla_calendar.queue_order` (R2, R12):
        its client, arrival, criticality and coupon. Only a served request (accepted or
        paid) is queued."""
        self._check_request(request)
        if self.outcome not in (Outcome.ACCEPTED, Outcome.PAID_SERVICE) or not request.client_id:
            raise InvalidValueError(
                f"request {self.request_id!r} was {self.outcome.value}; only a served request "
                "(accepted or paid_service) waits in the queue"
            )
        return QueuedRequest(
            request.id, request.client_id, request.received_at, self.critical, request.coupon_code
        )

    def history_entry(self, request: Request) -> PriorRequest:
        """The decided ``request`` as the client's history holds it for later decisions
        (R9.5, R9.6): open while served; set ``open=False`` once it is closed."""
        self._check_request(request)
        served = self.outcome in (Outcome.ACCEPTED, Outcome.PAID_SERVICE)
        return PriorRequest(
            request.id,
            request.received_at,
            request.fingerprint,
            self.outcome,
            served,
            request.addresses,
        )

    def _check_request(self, request: object) -> None:
        require_type(request, Request, "request")
        assert isinstance(request, Request)
        if request.id != self.request_id:
            raise invalid_value(
                "request.id", request.id, f"the id of the request decided ({self.request_id!r})"
            )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: strings, booleans, lists and None only; the tier by its name."""
        return {
            "request_id": self.request_id,
            "outcome": self.outcome.value,
            "reasons": [
                {
                    "code": r.code.value,
                    "clause": r.clause,
                    "detail": r.detail,
                    "original_id": r.original_id,
                    "words": list(r.words),
                    "served_tier": r.served_tier,
                }
                for r in self.reasons
            ],
            "tier": None if self.tier is None else self.tier.name,
            "category": None if self.category is None else self.category.value,
            "category_source": self.category_source,
            "category_words": list(self.category_words),
            "evidence": {category.value: list(words) for category, words in self.evidence},
            "critical": self.critical,
            "reaction_due": None if self.reaction_due is None else self.reaction_due.isoformat(),
            "processing_due": (
                None if self.processing_due is None else self.processing_due.isoformat()
            ),
            "faq_links": list(self.faq_links),
            "judged_prefix": self.judged_prefix,
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], tiers: Mapping[str, Tier] = BUILT_IN_TIERS
    ) -> Decision:
        """Read back what :meth:`to_dict` wrote; raise a package error on bad data.

        ``tiers`` maps the tier names the data may hold to their :class:`Tier` (by
        default the regulation's three); an unknown name is an error that names it.

        >>> from sla_calendar import STANDARD, Outcome
        >>> d = Decision("R-1", Outcome.ACCEPTED, (), STANDARD, None, "given", False)
        >>> Decision.from_dict(d.to_dict()) == d
        True
        >>> Decision.from_dict(d.to_dict() | {"tier": "gold"})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        sla_calendar.errors.InvalidValueError: data['tier']='gold' is invalid; expected one of ...
        """
        if not isinstance(data, Mapping):
            raise wrong_type("data", "a mapping (what Decision.to_dict() writes)", data)
        if not isinstance(tiers, Mapping):
            raise wrong_type("tiers", "a mapping of tier names to Tier", tiers)
        return cls(
            request_id=_field(data, "request_id", str),
            outcome=_member(data, "outcome", Outcome),
            reasons=_reasons_from(data),
            tier=_tier_from(data, tiers),
            category=None if data.get("category") is None else _member(data, "category", Category),
            category_source=_field(data, "category_source", str),
            category_words=_strings(data, "category_words"),
            critical=_field(data, "critical", bool),
            reaction_due=_instant(data, "reaction_due"),
            processing_due=_instant(data, "processing_due"),
            faq_links=_strings(data, "faq_links"),
            evidence=_evidence_from(data),
            judged_prefix=_count(data, "judged_prefix"),
        )


def _aware_or_none(moment: object) -> bool:
    return moment is None or plainly_aware(moment)


# Reading decision data: each value is named by its place, e.g. data['reasons'][0]['code'].


def _field(
    data: Mapping[str, Any], name: str, kind: type, *, optional: bool = False, where: str = "data"
) -> Any:
    place = f"{where}[{name!r}]"
    if name not in data:
        raise InvalidValueError(f"{place} is missing; expected what Decision.to_dict() writes")
    value = data[name]
    if (value is None and optional) or type(value) is kind:
        return value
    raise invalid_value(place, value, f"a {kind.__name__}" + (" or None" if optional else ""))


def _member(data: Mapping[str, Any], name: str, kind: type[E], *, where: str = "data") -> E:
    value = _field(data, name, str, where=where)
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise invalid_value(f"{where}[{name!r}]", value, f"one of {choices}") from None


def _strings(data: Mapping[str, Any], name: str, *, where: str = "data") -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid_value(f"{where}[{name!r}]", value, "a list of str")
    return tuple(value)


def _tier_from(data: Mapping[str, Any], tiers: Mapping[str, Tier]) -> Tier | None:
    name = _field(data, "tier", str, optional=True)
    if name is None:
        return None
    if name not in tiers:
        known = ", ".join(repr(known) for known in sorted(tiers))
        raise invalid_value("data['tier']", name, f"one of {known} (or pass tiers= with its Tier)")
    return require_type(tiers[name], Tier, f"tiers[{name!r}]")


def _reasons_from(data: Mapping[str, Any]) -> tuple[Reason, ...]:
    items = _field(data, "reasons", list)
    return tuple(
        _reason_from(item, f"data['reasons'][{index}]") for index, item in enumerate(items)
    )


def _reason_from(item: object, where: str) -> Reason:
    if not isinstance(item, Mapping):
        raise invalid_value(where, item, "a mapping")
    return Reason(
        _member(item, "code", ReasonCode, where=where),
        _field(item, "clause", str, where=where),
        _field(item, "detail", str, where=where),
        _field(item, "original_id", str, optional=True, where=where)
        if "original_id" in item
        else None,
        _strings(item, "words", where=where),
        _field(item, "served_tier", str, optional=True, where=where)
        if "served_tier" in item
        else None,
    )


def _evidence_from(data: Mapping[str, Any]) -> Evidence:
    value = data.get("evidence", {})
    if not isinstance(value, Mapping):
        raise invalid_value("data['evidence']", value, "a mapping of category to a list of str")
    pairs = []
    for key in value:
        try:
            category = Category(key)
        except ValueError:
            choices = ", ".join(repr(member.value) for member in Category)
            raise invalid_value("a key of data['evidence']", key, f"one of {choices}") from None
        pairs.append((category, _strings(value, key, where="data['evidence']")))
    return tuple(pairs)


def _count(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise invalid_value(f"data[{name!r}]", value, "an int >= 0 or None")
    return value


def _instant(data: Mapping[str, Any], name: str) -> datetime | None:
    place = f"data[{name!r}]"
    value = data.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):  # not a str, or not ISO 8601
        raise invalid_value(place, value, "an ISO 8601 string or None") from None
    instant_to_us(moment, place)
    return moment
