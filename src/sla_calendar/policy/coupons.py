"""Priority coupons (R12): an alphanumeric code per emergency-support agreement.

A :class:`Coupon` is valid for its client from ``issued_at`` (included) to
``valid_until`` (excluded). When support is renewed, a new coupon is issued and the
previous one stops being valid from the renewal on. :class:`CouponRegistry` is a frozen
value: :meth:`CouponRegistry.renew` returns a new registry, and
:meth:`CouponRegistry.check` answers "is this coupon valid for this client now".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final

from sla_calendar._checks import require_bool, require_optional, require_type, wrong_type
from sla_calendar._instants import instant_to_us
from sla_calendar.errors import InvalidCouponError

__all__ = ["Coupon", "CouponCheck", "CouponRegistry", "normalize_coupon_code"]

_CODE_RE: Final = re.compile(r"^[A-Z0-9]{4,}(?:-[A-Z0-9]{4,})*$")
_MIN_LENGTH: Final = 8
_MAX_LENGTH: Final = 64


def normalize_coupon_code(code: object) -> str:
    """Return the canonical form of a coupon code (upper case), or raise.

    A code is 8–64 ASCII letters and digits, optionally in groups of at least four
    joined by single hyphens: ``EMRG-7K2P-9QX4``. Surrounding spaces are ignored and
    letters compare without regard to case.

    >>> normalize_coupon_code(" emrg-7k2p-9qx4 ")
    'EMRG-7K2P-9QX4'
    """
    text = require_type(code, str, "coupon code").strip().upper()
    letters = text.replace("-", "")
    if (
        not text.isascii()
        or not _CODE_RE.match(text)
        or not _MIN_LENGTH <= len(letters) <= _MAX_LENGTH
    ):
        raise InvalidCouponError(
            f"coupon code {code!r} is malformed; expected {_MIN_LENGTH}-{_MAX_LENGTH} ASCII "
            "letters and digits, optionally in groups of 4 or more joined by single hyphens "
            "(e.g. 'EMRG-7K2P-9QX4')"
        )
    return text


@dataclass(frozen=True, slots=True)
class Coupon:
    """A priority coupon: its code, client, and validity ``[issued_at, valid_until)``.

    ``replaced_at`` is set when a renewal issued the next coupon: validity ends there.
    """

    code: str
    client_id: str
    issued_at: datetime
    valid_until: datetime
    replaced_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", normalize_coupon_code(self.code))
        if not require_type(self.client_id, str, "Coupon.client_id").strip():
            raise InvalidCouponError(
                f"coupon {self.code}: client_id={self.client_id!r} is empty; expected a client id"
            )
        issued = instant_to_us(self.issued_at, "Coupon.issued_at")
        until = instant_to_us(self.valid_until, "Coupon.valid_until")
        if until <= issued:
            raise InvalidCouponError(
                f"coupon {self.code}: valid_until={self.valid_until.isoformat()} is not after "
                f"issued_at={self.issued_at.isoformat()}; expected a later end"
            )
        if (
            self.replaced_at is not None
            and instant_to_us(self.replaced_at, "Coupon.replaced_at") <= issued
        ):
            raise InvalidCouponError(
                f"coupon {self.code}: replaced_at={self.replaced_at.isoformat()} is not after "
                f"issued_at={self.issued_at.isoformat()}; expected a renewal after the issue"
            )

    def is_valid_at(self, moment: datetime) -> bool:
        """True when the coupon is in force at ``moment`` (client not checked)."""
        at = instant_to_us(moment, "moment")
        end = instant_to_us(self.valid_until, "valid_until")
        if self.replaced_at is not None:
            end = min(end, instant_to_us(self.replaced_at, "replaced_at"))
        return instant_to_us(self.issued_at, "issued_at") <= at < end


@dataclass(frozen=True, slots=True)
class CouponCheck:
    """The answer of :meth:`CouponRegistry.check`: valid or not, and why."""

    valid: bool
    code: str
    reason: str
    coupon: Coupon | None = None

    def __post_init__(self) -> None:
        require_bool(self.valid, "CouponCheck.valid")
        require_type(self.code, str, "CouponCheck.code")
        require_type(self.reason, str, "CouponCheck.reason")
        require_optional(self.coupon, Coupon, "CouponCheck.coupon")

    def __bool__(self) -> bool:
        return self.valid


@dataclass(frozen=True, slots=True)
class CouponRegistry:
    """All coupons issued, as a frozen value keyed by code.

    >>> from datetime import datetime, timezone
    >>> day = lambda d: datetime(2026, 1, d, tzinfo=timezone.utc)
    >>> registry = CouponRegistry.of([Coupon("EMRG-0001-AAAA", "acme", day(1), day(31))])
    >>> registry.check("emrg-0001-aaaa", "acme", day(5)).valid
    True
    >>> renewal = Coupon("EMRG-0002-BBBB", "acme", day(10), day(31))
    >>> registry = registry.renew("EMRG-0001-AAAA", renewal)
    >>> registry.check("EMRG-0001-AAAA", "acme", day(12)).reason
    'coupon EMRG-0001-AAAA was replaced by a renewal at 2026-01-10T00:00:00+00:00'
    """

    coupons: tuple[Coupon, ...] = ()

    def __post_init__(self) -> None:
        require_type(self.coupons, tuple, "CouponRegistry.coupons", "a tuple of Coupon")
        seen: set[str] = set()
        for index, coupon in enumerate(self.coupons):
            require_type(coupon, Coupon, f"CouponRegistry.coupons[{index}]")
            if coupon.code in seen:
                raise InvalidCouponError(
                    f"coupon code {coupon.code} is issued twice; expected unique codes"
                )
            seen.add(coupon.code)

    @classmethod
    def of(cls, coupons: Iterable[Coupon]) -> CouponRegistry:
        """A registry holding ``coupons``."""
        if not isinstance(coupons, Iterable):
            raise wrong_type("coupons", "an iterable of Coupon", coupons)
        return cls(tuple(coupons))

    def get(self, code: str) -> Coupon | None:
        """The coupon with ``code`` (any case), or None."""
        wanted = normalize_coupon_code(code)
        return next((c for c in self.coupons if c.code == wanted), None)

    def check(self, code: str, client_id: str, moment: datetime) -> CouponCheck:
        """Is coupon ``code`` valid for ``client_id`` at ``moment``? With the reason."""
        require_type(client_id, str, "client_id")
        instant_to_us(moment, "moment")
        try:
            wanted = normalize_coupon_code(code)
        except InvalidCouponError as error:
            return CouponCheck(False, str(code), str(error))
        coupon = self.get(wanted)
        if coupon is None:
            return CouponCheck(False, wanted, f"coupon {wanted} was never issued")
        if coupon.client_id != client_id:
            return CouponCheck(False, wanted, f"coupon {wanted} belongs to another client", coupon)
        at = instant_to_us(moment, "moment")
        if at < instant_to_us(coupon.issued_at, "issued_at"):
            return CouponCheck(
                False,
                wanted,
                f"coupon {wanted} is not valid before {coupon.issued_at.isoformat()}",
                coupon,
            )
        until = instant_to_us(coupon.valid_until, "valid_until")
        if (
            coupon.replaced_at is not None
            and at >= instant_to_us(coupon.replaced_at, "replaced_at")
            and instant_to_us(coupon.replaced_at, "replaced_at") < until
        ):
            return CouponCheck(
                False,
                wanted,
                f"coupon {wanted} was replaced by a renewal at {coupon.replaced_at.isoformat()}",
                coupon,
            )
        if at >= until:
            return CouponCheck(
                False,
                wanted,
                f"coupon {wanted} expired at {coupon.valid_until.isoformat()}",
                coupon,
            )
        return CouponCheck(True, wanted, f"coupon {wanted} is valid for {client_id}", coupon)

    def is_valid(self, code: str, client_id: str, moment: datetime) -> bool:
        """True when coupon ``code`` is valid for ``client_id`` at ``moment``."""
        return self.check(code, client_id, moment).valid

    def issue(self, coupon: Coupon) -> CouponRegistry:
        """A registry with ``coupon`` added (its code must be new)."""
        return CouponRegistry((*self.coupons, coupon))

    def renew(self, previous_code: str, new: Coupon) -> CouponRegistry:
        """Renewal (R12): add ``new``; ``previous_code`` stops being valid at ``new.issued_at``.

        The renewal must be the same client's, issued after the previous coupon was, and
        the previous coupon must not have been replaced already. The registry itself is
        not changed: a new one is returned.
        """
        require_type(new, Coupon, "new")
        previous = self.get(previous_code)
        if previous is None:
            raise InvalidCouponError(f"cannot renew coupon {previous_code!r}: it was never issued")
        if previous.client_id != new.client_id:
            raise InvalidCouponError(
                f"cannot renew coupon {previous.code} of client {previous.client_id!r} with a "
                f"coupon of client {new.client_id!r}; expected the same client"
            )
        if previous.replaced_at is not None:
            raise InvalidCouponError(
                f"cannot renew coupon {previous.code}: it was already replaced at "
                f"{previous.replaced_at.isoformat()}"
            )
        if instant_to_us(new.issued_at, "new.issued_at") <= instant_to_us(
            previous.issued_at, "issued_at"
        ):
            raise InvalidCouponError(
                f"cannot renew coupon {previous.code} (issued {previous.issued_at.isoformat()}) "
                f"with coupon {new.code} issued at {new.issued_at.isoformat()}; expected the "
                "renewal after the previous issue"
            )
        updated = tuple(
            replace(c, replaced_at=new.issued_at) if c.code == previous.code else c
            for c in self.coupons
        )
        return CouponRegistry((*updated, new))
