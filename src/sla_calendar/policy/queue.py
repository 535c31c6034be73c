"""Service order of waiting requests (R2, R12).

Order, with the reason each request takes its place:

1. critical requests first: restoring the system or a module to working order (R2);
2. then requests with a coupon valid for their client at ``now`` (R12);
3. then everyone else, first come first served (R2).

Within each group: by arrival, then by id. The order is total and stable: the same
requests in any input order give the same queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sla_calendar._checks import (
    CheckedEnum,
    require_bool,
    require_nonempty_str,
    require_optional,
    require_type,
    wrong_type,
)
from sla_calendar._instants import instant_to_us
from sla_calendar.errors import InvalidValueError
from sla_calendar.policy.coupons import CouponRegistry

__all__ = ["QueuePosition", "QueueReason", "QueuedRequest", "queue_order"]


class QueueReason(CheckedEnum):
    """Why a request stands where it does."""

    CRITICAL = "critical"
    """Restoring the system or a module to working order: out of turn (R2)."""
    COUPON = "coupon"
    """Holds a coupon valid at ``now``: priority (R12)."""
    ARRIVAL = "arrival"
    """First come, first served (R2)."""


_RANK = {QueueReason.CRITICAL: 0, QueueReason.COUPON: 1, QueueReason.ARRIVAL: 2}


@dataclass(frozen=True, slots=True)
class QueuedRequest:
    """A request waiting for service: its id, client, arrival, and what may put it first.

    ``critical`` marks a request to restore the system or a module to working order (R2);
    ``coupon_code`` is the client's priority coupon, if it quoted one (R12).
    """

    id: str
    client_id: str
    received_at: datetime
    critical: bool = False
    coupon_code: str | None = None

    def __post_init__(self) -> None:
        require_nonempty_str(self.id, "QueuedRequest.id")
        require_nonempty_str(self.client_id, "QueuedRequest.client_id")
        instant_to_us(self.received_at, "QueuedRequest.received_at")
        require_bool(self.critical, "QueuedRequest.critical")
        require_optional(self.coupon_code, str, "QueuedRequest.coupon_code")


@dataclass(frozen=True, slots=True)
class QueuePosition:
    """A request's place in the queue (1 is served first) and why it is there."""

    position: int
    request: QueuedRequest
    reason: QueueReason
    detail: str

    def __post_init__(self) -> None:
        require_type(self.position, int, "QueuePosition.position")
        require_type(self.request, QueuedRequest, "QueuePosition.request")
        require_type(self.reason, QueueReason, "QueuePosition.reason")
        require_type(self.detail, str, "QueuePosition.detail")


def queue_order(
    requests: Iterable[QueuedRequest],
    now: datetime,
    coupons: CouponRegistry | None = None,
) -> list[QueuePosition]:
    """The requests in service order at ``now``, each with its reason.

    A coupon counts only when ``coupons`` says it is valid for the request's client at
    ``now``; an invalid one is named in the detail and the request waits its turn. A
    request received after ``now`` is an error, as are two requests with one id.

    >>> from datetime import datetime, timezone
    >>> at = lambda h: datetime(2026, 11, 23, h, tzinfo=timezone.utc)
    >>> queue = queue_order(
    ...     [QueuedRequest("a", "c1", at(8)), QueuedRequest("b", "c2", at(9), critical=True)],
    ...     now=at(10),
    ... )
    >>> [(p.position, p.request.id, p.reason.value) for p in queue]
    [(1, 'b', 'critical'), (2, 'a', 'arrival')]
    """
    now_us = instant_to_us(now, "now")
    registry = require_optional(coupons, CouponRegistry, "coupons") or CouponRegistry()
    if not isinstance(requests, Iterable):
        raise wrong_type("requests", "an iterable of QueuedRequest", requests)
    ranked: list[tuple[int, int, str, QueuedRequest, QueueReason, str]] = []
    seen: set[str] = set()
    for index, request in enumerate(requests):
        require_type(request, QueuedRequest, f"requests[{index}]")
        if request.id in seen:
            raise InvalidValueError(f"request id {request.id!r} appears twice; expected unique ids")
        seen.add(request.id)
        arrival = instant_to_us(request.received_at, f"request {request.id!r} received_at")
        if arrival > now_us:
            raise InvalidValueError(
                f"request {request.id!r} received_at={request.received_at.isoformat()} is after "
                f"now={now.isoformat()}; expected requests already received"
            )
        reason, detail = _place(request, registry, now)
        ranked.append((_RANK[reason], arrival, request.id, request, reason, detail))
    ranked.sort(key=lambda row: row[:3])
    return [
        QueuePosition(index, request, reason, detail)
        for index, (_, _, _, request, reason, detail) in enumerate(ranked, start=1)
    ]


def _place(
    request: QueuedRequest, registry: CouponRegistry, now: datetime
) -> tuple[QueueReason, str]:
    if request.critical:
        return QueueReason.CRITICAL, "critical: restoring the system or a module (R2)"
    if request.coupon_code is not None:
        check = registry.check(request.coupon_code, request.client_id, now)
        if check.valid:
            return QueueReason.COUPON, f"priority coupon {check.code} (R12)"
        return QueueReason.ARRIVAL, f"order of arrival (R2); coupon not honoured: {check.reason}"
    return QueueReason.ARRIVAL, "order of arrival (R2)"
