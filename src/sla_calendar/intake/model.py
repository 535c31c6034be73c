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
from types import MappingProxyType
from typing import Any, Final

from sla_calendar._checks import require_type, wrong_type
from sla_calendar._instants import instant_to_us
from sla_calendar.calendar.ukraine import kyiv_calendar
from sla_calendar.calendar.working import WorkingCalendar
from sla_calendar.errors import ArgumentTypeError, InvalidValueError
from sla_calendar.intake.abuse import DEFAULT_ABUSE_DETECTOR, AbuseVerdict
from sla_calendar.intake.faq import FaqIndex
from sla_calendar.intake.messages import client_message
from sla_calendar.intake.text import message_fingerprint
from sla_calendar.policy.coupons import CouponRegistry
from sla_calendar.policy.tiers import EMERGENCY, EMERGENCY_24_7, STANDARD, Category, Tier

__all__ = [
    "Client",
    "ContractStatus",
    "Decision",
    "IntakeRules",
    "Outcome",
    "PriorRequest",
    "Reason",
    "ReasonCode",
    "Request",
]


class ContractStatus(enum.Enum):
    """The state of a client's support contract."""

    ACTIVE = "active"
    """Support is given (R1)."""
    SUSPENDED = "suspended"
    """Services are suspended under the contract (R9.3)."""
    ENDED = "ended"
    """The contract has ended: no active subscription (R1, R9.3)."""


class Outcome(enum.Enum):
    """What happens to a request."""

    ACCEPTED = "accepted"
    """Served under the tier's SLA."""
    REFUSED = "refused"
    """Not served, for the reasons given (R9)."""
    PAID_SERVICE = "paid_service"
    """Served as an additional, paid service (R9.6)."""
    REDIRECTED = "redirected"
    """Belongs to another party: hosting, other vendors (R4)."""


class ReasonCode(enum.Enum):
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
    """R17: an emergency request must deal with one problem."""
    THIRD_PARTY = "third_party"
    """R4: a question for a hosting provider or another vendor: redirected."""
    CRITICAL = "critical"
    """R2: restoring the system or a module: handled out of turn."""

    @property
    def refuses(self) -> bool:
        """True for the codes that refuse (but see :attr:`Reason.refuses`)."""
        return self in _REFUSING


_REFUSING: Final = frozenset(
    {
        ReasonCode.UNIDENTIFIED_CLIENT,
        ReasonCode.OUT_OF_CONTRACT,
        ReasonCode.SERVICE_SUSPENDED,
        ReasonCode.ABUSIVE_LANGUAGE,
        ReasonCode.DUPLICATE,
        ReasonCode.MULTIPLE_PROBLEMS,
    }
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
    """An incoming request, as the helpdesk received it."""

    id: str
    client_id: str | None
    received_at: datetime
    channel: str = "email"
    addresses: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""
    category: Category | None = None
    coupon_code: str | None = None
    critical: bool = False
    problem_count: int | None = None

    def __post_init__(self) -> None:
        _check_str(self.id, "Request.id")
        if self.client_id is not None:
            _check_str(self.client_id, "Request.client_id", empty_ok=True)
        instant_to_us(self.received_at, "Request.received_at")
        _check_str(self.channel, "Request.channel", empty_ok=True)
        if not isinstance(self.addresses, tuple) or not all(
            isinstance(a, str) for a in self.addresses
        ):
            raise ArgumentTypeError(
                f"Request.addresses must be a tuple of str, got {self.addresses!r}"
            )
        _check_str(self.subject, "Request.subject", empty_ok=True)
        _check_str(self.body, "Request.body", empty_ok=True)
        if self.category is not None and not isinstance(self.category, Category):
            raise ArgumentTypeError(
                f"Request.category must be a Category or None, got {self.category!r}"
            )
        if self.coupon_code is not None:
            _check_str(self.coupon_code, "Request.coupon_code", empty_ok=True)
        if not isinstance(self.critical, bool):
            raise ArgumentTypeError(f"Request.critical must be a bool, got {self.critical!r}")
        if self.problem_count is not None and (
            type(self.problem_count) is not int or self.problem_count < 1
        ):
            raise InvalidValueError(
                f"Request.problem_count={self.problem_count!r} is invalid; expected an int >= 1 "
                "or None"
            )

    @property
    def fingerprint(self) -> str:
        """The message fingerprint used for duplicates (R9.5)."""
        return message_fingerprint(self.subject, self.body)


@dataclass(frozen=True, slots=True)
class Client:
    """A client: contract status, entitled tier, and the coupons issued to it (R12)."""

    id: str
    status: ContractStatus
    tier: Tier = STANDARD
    coupons: CouponRegistry = field(default_factory=CouponRegistry)

    def __post_init__(self) -> None:
        _check_str(self.id, "Client.id")
        if not isinstance(self.status, ContractStatus):
            raise ArgumentTypeError(f"Client.status must be a ContractStatus, got {self.status!r}")
        if not isinstance(self.tier, Tier):
            raise ArgumentTypeError(f"Client.tier must be a Tier, got {self.tier!r}")
        if not isinstance(self.coupons, CouponRegistry):
            raise ArgumentTypeError(
                f"Client.coupons must be a CouponRegistry, got {self.coupons!r}"
            )


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
        _check_str(self.id, "PriorRequest.id")
        instant_to_us(self.received_at, "PriorRequest.received_at")
        _check_str(self.fingerprint, "PriorRequest.fingerprint")
        if not isinstance(self.outcome, Outcome):
            raise ArgumentTypeError(
                f"PriorRequest.outcome must be an Outcome, got {self.outcome!r}"
            )
        if not isinstance(self.open, bool):
            raise ArgumentTypeError(f"PriorRequest.open must be a bool, got {self.open!r}")
        if not isinstance(self.addresses, tuple) or not all(
            isinstance(a, str) for a in self.addresses
        ):
            raise ArgumentTypeError(
                f"PriorRequest.addresses must be a tuple of str, got {self.addresses!r}"
            )


Detector = Callable[[str], "AbuseVerdict | bool"]
"""An abuse detector (R9.4): text in, a verdict (or a bool) out."""


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
    """

    duplicate_window: timedelta = timedelta(days=30)
    monthly_limit: int = 50
    abuse_detector: Detector = DEFAULT_ABUSE_DETECTOR
    faq: FaqIndex | None = None
    calendar: WorkingCalendar = field(default_factory=kyiv_calendar)
    standard_tier: Tier = STANDARD

    def __post_init__(self) -> None:
        if not isinstance(self.duplicate_window, timedelta) or self.duplicate_window < timedelta(0):
            raise InvalidValueError(
                f"IntakeRules.duplicate_window={self.duplicate_window!r} is invalid; expected a "
                "timedelta >= 0"
            )
        if type(self.monthly_limit) is not int or self.monthly_limit < 0:
            raise InvalidValueError(
                f"IntakeRules.monthly_limit={self.monthly_limit!r} is invalid; expected an int >= 0"
            )
        if not callable(self.abuse_detector):
            raise ArgumentTypeError(
                f"IntakeRules.abuse_detector must be callable, got {self.abuse_detector!r}"
            )
        if self.faq is not None and not isinstance(self.faq, FaqIndex):
            raise ArgumentTypeError(f"IntakeRules.faq must be a FaqIndex or None, got {self.faq!r}")
        if not isinstance(self.calendar, WorkingCalendar):
            raise ArgumentTypeError(
                f"IntakeRules.calendar must be a WorkingCalendar, got {self.calendar!r}"
            )
        if not isinstance(self.standard_tier, Tier) or self.standard_tier.requires_coupon:
            raise InvalidValueError(
                f"IntakeRules.standard_tier={self.standard_tier!r} is invalid; expected a Tier "
                "that needs no coupon"
            )


_BUILT_IN_TIERS: Final[Mapping[str, Tier]] = MappingProxyType(
    {tier.name: tier for tier in (STANDARD, EMERGENCY, EMERGENCY_24_7)}
)
"""The regulation's three tiers by name (R10, R11, R13): what :meth:`Decision.from_dict`
reads unless given others."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer for one request: outcome, every reason, tier, deadlines, FAQ links.

    ``tier`` is the :class:`Tier` the request is handled on (None when the client is
    not identified). ``reaction_due`` and ``processing_due`` are set when the request is
    served (accepted or paid). ``category_source`` says where the category came from:
    the request itself, or the keyword classifier and the words that decided it
    (``category_words``).
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
            "critical": self.critical,
            "reaction_due": None if self.reaction_due is None else self.reaction_due.isoformat(),
            "processing_due": (
                None if self.processing_due is None else self.processing_due.isoformat()
            ),
            "faq_links": list(self.faq_links),
        }

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], tiers: Mapping[str, Tier] = _BUILT_IN_TIERS
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
        sla_calendar.errors.InvalidValueError: decision data is invalid (tier='gold' is ...
        """
        if not isinstance(data, Mapping):
            raise ArgumentTypeError(f"decision data must be a mapping, got {type(data).__name__}")
        if not isinstance(tiers, Mapping):
            raise wrong_type("tiers", "a mapping of tier names to Tier", tiers)
        try:
            return cls(
                request_id=_field(data, "request_id", str),
                outcome=Outcome(_field(data, "outcome", str)),
                reasons=tuple(_reason_from(item) for item in _field(data, "reasons", list)),
                tier=_tier_from(_field(data, "tier", str, optional=True), tiers),
                category=(
                    None
                    if data.get("category") is None
                    else Category(_field(data, "category", str))
                ),
                category_source=_field(data, "category_source", str),
                category_words=_strings(data.get("category_words", []), "category_words"),
                critical=_field(data, "critical", bool),
                reaction_due=_parse_instant(data.get("reaction_due"), "reaction_due"),
                processing_due=_parse_instant(data.get("processing_due"), "processing_due"),
                faq_links=_strings(data.get("faq_links", []), "faq_links"),
            )
        except ValueError as error:  # an unknown enum value
            if isinstance(error, InvalidValueError):
                raise
            raise InvalidValueError(
                f"decision data is invalid ({error}); expected what Decision.to_dict() writes"
            ) from None


def _field(data: Mapping[str, Any], name: str, kind: type, *, optional: bool = False) -> Any:
    if name not in data:
        raise InvalidValueError(
            f"decision data is invalid (no {name!r}); expected what Decision.to_dict() writes"
        )
    value = data[name]
    if (value is None and optional) or type(value) is kind:
        return value
    raise InvalidValueError(
        f"decision data is invalid ({name}={value!r}); expected a {kind.__name__}"
        + (" or None" if optional else "")
    )


def _strings(value: object, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidValueError(
            f"decision data is invalid ({name}={value!r}); expected a list of str"
        )
    return tuple(value)


def _tier_from(name: str | None, tiers: Mapping[str, Tier]) -> Tier | None:
    if name is None:
        return None
    if name not in tiers:
        known = ", ".join(repr(known) for known in sorted(tiers))
        raise InvalidValueError(
            f"decision data is invalid (tier={name!r} is unknown); expected one of {known}, "
            "or pass its Tier in tiers="
        )
    return require_type(tiers[name], Tier, f"tiers[{name!r}]")


def _reason_from(item: object) -> Reason:
    if not isinstance(item, Mapping):
        raise InvalidValueError(f"decision data is invalid (reason {item!r}); expected a mapping")
    return Reason(
        ReasonCode(_field(item, "code", str)),
        _field(item, "clause", str),
        _field(item, "detail", str),
        _field(item, "original_id", str, optional=True) if "original_id" in item else None,
        _strings(item.get("words", []), "words"),
        _field(item, "served_tier", str, optional=True) if "served_tier" in item else None,
    )


def _parse_instant(value: object, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValueError(
            f"decision data is invalid ({name}={value!r}); expected an ISO 8601 string or None"
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(
            f"decision data is invalid ({name}={value!r}); expected an ISO 8601 string or None"
        ) from None
    instant_to_us(moment, name)
    return moment


def _check_str(value: object, name: str, *, empty_ok: bool = False) -> None:
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a str, got {type(value).__name__} {value!r}")
    if not empty_ok and not value.strip():
        raise InvalidValueError(f"{name}={value!r} is empty; expected a non-empty str")
