"""Queue order (R2, R12) and priority coupons (R12), as tables with reasons in the ids."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    ArgumentTypeError,
    Coupon,
    CouponRegistry,
    InvalidCouponError,
    InvalidValueError,
    QueuedRequest,
    QueueReason,
    normalize_coupon_code,
    queue_order,
)


def day(d: int, hour: int = 0) -> datetime:
    return datetime(2026, 1, d, hour, tzinfo=UTC)


ACME = Coupon("EMRG-0001-ACME", "acme", day(1), day(31))
BETA = Coupon("EMRG-0001-BETA", "beta", day(1), day(10))
REGISTRY = CouponRegistry.of([ACME, BETA]).renew(
    "EMRG-0001-ACME", Coupon("EMRG-0002-ACME", "acme", day(15), day(31))
)


COUPON_CASES = [
    ("EMRG-0001-ACME", "acme", day(5), True, "is valid for acme", "r12-valid"),
    ("emrg-0001-acme", "acme", day(5), True, "is valid for acme", "r12-case-insensitive"),
    ("EMRG-0001-ACME", "beta", day(5), False, "belongs to another client", "r12-other-client"),
    ("EMRG-0001-BETA", "beta", day(10), False, "expired at 2026-01-10", "r12-expired-end-excluded"),
    ("EMRG-0001-BETA", "beta", day(9, 23), True, "is valid for beta", "r12-last-hour-valid"),
    ("EMRG-0001-ACME", "acme", day(15), False, "replaced by a renewal", "r12-renewal-ends-old"),
    ("EMRG-0002-ACME", "acme", day(15), True, "is valid for acme", "r12-renewal-new-valid"),
    ("EMRG-0002-ACME", "acme", day(14), False, "not valid before", "r12-new-not-yet-valid"),
    ("EMRG-9999-NONE", "acme", day(5), False, "was never issued", "r12-never-issued"),
    ("bad code!", "acme", day(5), False, "is malformed", "r12-malformed-not-valid"),
]


@pytest.mark.parametrize(
    ("code", "client", "moment", "valid", "reason"),
    [c[:5] for c in COUPON_CASES],
    ids=[c[5] for c in COUPON_CASES],
)
def test_r12_coupon_validity(
    code: str, client: str, moment: datetime, valid: bool, reason: str
) -> None:
    check = REGISTRY.check(code, client, moment)
    assert check.valid is valid
    assert bool(check) is valid
    assert reason in check.reason
    assert REGISTRY.is_valid(code, client, moment) is valid


def test_r12_malformed_code_names_the_code() -> None:
    with pytest.raises(InvalidCouponError) as caught:
        normalize_coupon_code("EMRG-12")
    assert str(caught.value) == (
        "coupon code 'EMRG-12' is malformed; expected 8-64 ASCII letters and digits, optionally "
        "in groups of 4 or more joined by single hyphens (e.g. 'EMRG-7K2P-9QX4')"
    )
    for bad in ("", "ABCD--EFGH", "ÄBCD-EFGH", "ABC-DEFGH", "-ABCDEFGH", "ABCD EFGH"):
        with pytest.raises(InvalidCouponError):
            normalize_coupon_code(bad)
    with pytest.raises(ArgumentTypeError):
        normalize_coupon_code(12345678)


def test_r12_renewal_rules() -> None:
    with pytest.raises(InvalidCouponError, match="of client 'acme' with a coupon of client 'beta'"):
        REGISTRY.renew("EMRG-0002-ACME", Coupon("EMRG-0003-ACME", "beta", day(20), day(31)))
    with pytest.raises(InvalidCouponError, match="it was already replaced at"):
        REGISTRY.renew("EMRG-0001-ACME", Coupon("EMRG-0003-ACME", "acme", day(20), day(31)))
    with pytest.raises(InvalidCouponError, match="is issued twice"):
        REGISTRY.issue(Coupon("emrg-0001-beta", "beta", day(1), day(2)))
    with pytest.raises(InvalidCouponError, match="is not after issued_at"):
        Coupon("EMRG-0004-ACME", "acme", day(5), day(5))


def test_r12_renewal_must_come_after_the_previous_issue() -> None:
    with pytest.raises(InvalidCouponError) as caught:
        REGISTRY.renew("EMRG-0002-ACME", Coupon("EMRG-0003-ACME", "acme", day(15), day(31)))
    assert str(caught.value) == (
        "cannot renew coupon EMRG-0002-ACME (issued 2026-01-15T00:00:00+00:00) with coupon "
        "EMRG-0003-ACME issued at 2026-01-15T00:00:00+00:00; expected the renewal after the "
        "previous issue"
    )
    with pytest.raises(InvalidCouponError, match=r"^coupon EMRG-0005-ACME: client_id=' ' is"):
        Coupon("EMRG-0005-ACME", " ", day(1), day(2))
    with pytest.raises(
        InvalidCouponError, match=r"^coupon EMRG-0006-ACME: replaced_at=2026-01-01T00:00:00\+00:00"
    ):
        Coupon("EMRG-0006-ACME", "acme", day(1), day(2), replaced_at=day(1))


def test_r12_renewal_leaves_the_old_registry_unchanged() -> None:
    before = CouponRegistry.of([ACME])
    after = before.renew("EMRG-0001-ACME", Coupon("EMRG-0002-ACME", "acme", day(15), day(31)))
    assert before.is_valid("EMRG-0001-ACME", "acme", day(20))
    assert not after.is_valid("EMRG-0001-ACME", "acme", day(20))
    assert after.is_valid("EMRG-0001-ACME", "acme", day(14, 23))  # valid up to the renewal


def test_r12_a_coupon_expired_before_its_renewal_says_expired() -> None:
    late = CouponRegistry.of([BETA]).renew(
        "EMRG-0001-BETA", Coupon("EMRG-0002-BETA", "beta", day(20), day(31))
    )
    assert late.check("EMRG-0001-BETA", "beta", day(25)).reason == (
        "coupon EMRG-0001-BETA expired at 2026-01-10T00:00:00+00:00"
    )
    assert late.check("EMRG-0002-BETA", "beta", day(25)).valid


def test_r12_queue_without_a_registry_honours_no_coupon() -> None:
    queue = queue_order([QUEUE[3], QUEUE[0]], now_is(5))
    assert [(p.request.id, p.reason) for p in queue] == [
        ("q4", QueueReason.ARRIVAL),
        ("q1", QueueReason.ARRIVAL),
    ]
    assert queue[0].detail == (
        "order of arrival (R2); coupon not honoured: coupon EMRG-0001-ACME was never issued"
    )


def now_is(d: int) -> datetime:
    return day(d, 12)


QUEUE = [
    QueuedRequest("q1", "acme", day(5, 9)),
    QueuedRequest("q2", "beta", day(5, 8), coupon_code="EMRG-0001-BETA"),
    QueuedRequest("q3", "gamma", day(5, 10), critical=True),
    QueuedRequest("q4", "acme", day(5, 7), coupon_code="EMRG-0001-ACME"),
    QueuedRequest("q5", "gamma", day(5, 7)),
    QueuedRequest("q6", "beta", day(5, 8), coupon_code="EMRG-0001-BETA"),
    QueuedRequest("q7", "acme", day(5, 6), coupon_code="EMRG-0001-BETA"),
]


def test_r2_r12_queue_order_with_reasons() -> None:
    queue = queue_order(QUEUE, now_is(5), REGISTRY)
    assert [(p.position, p.request.id, p.reason) for p in queue] == [
        (1, "q3", QueueReason.CRITICAL),  # R2: restoring the system goes out of turn
        (2, "q4", QueueReason.COUPON),  # R12: earliest coupon holder
        (3, "q2", QueueReason.COUPON),  # same arrival as q6: id breaks the tie
        (4, "q6", QueueReason.COUPON),
        (5, "q7", QueueReason.ARRIVAL),  # someone else's coupon: waits its turn
        (6, "q5", QueueReason.ARRIVAL),
        (7, "q1", QueueReason.ARRIVAL),
    ]
    assert queue[4].detail == (
        "order of arrival (R2); coupon not honoured: coupon EMRG-0001-BETA belongs to another "
        "client"
    )
    assert queue[0].detail == "critical: restoring the system or a module (R2)"


def test_r12_expired_coupon_loses_priority() -> None:
    queue = queue_order(QUEUE, now_is(12), REGISTRY)  # BETA expired on day 10
    assert [p.request.id for p in queue if p.reason is QueueReason.COUPON] == ["q4"]


def test_r2_queue_refuses_future_and_duplicate_requests() -> None:
    with pytest.raises(InvalidValueError, match=r"^request 'q1' received_at=2026-01-05T09:00:00"):
        queue_order(QUEUE, day(5, 8))
    with pytest.raises(InvalidValueError, match=r"^request id 'q1' appears twice"):
        queue_order([QUEUE[0], QUEUE[0]], now_is(5))


QUEUED_REQUEST_ERRORS = [
    ({"id": ""}, "QueuedRequest.id must be a non-empty str, got str ''", "empty-id"),
    ({"client_id": 7}, "QueuedRequest.client_id must be a non-empty str, got int 7", "int-client"),
    (
        {"critical": "yes"},
        "QueuedRequest.critical must be a bool, got str 'yes'",
        "r2-critical-str",
    ),
    (
        {"coupon_code": 12345678},
        "QueuedRequest.coupon_code must be a str or None, got int 12345678",
        "r12-coupon-int",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"),
    [c[:2] for c in QUEUED_REQUEST_ERRORS],
    ids=[c[2] for c in QUEUED_REQUEST_ERRORS],
)
def test_r2_queued_request_validates_its_fields(change: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"id": "q", "client_id": "acme", "received_at": day(5)}
    with pytest.raises(ArgumentTypeError) as caught:
        QueuedRequest(**{**fields, **change})  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_r2_r12_queue_and_registry_name_the_item_of_the_wrong_type() -> None:
    with pytest.raises(ArgumentTypeError) as caught:
        queue_order([QUEUE[0], "q9"], now_is(5))  # type: ignore[list-item]
    assert str(caught.value) == "requests[1] must be a QueuedRequest, got str 'q9'"
    with pytest.raises(ArgumentTypeError) as caught:
        CouponRegistry(("EMRG-0001-ACME",))  # type: ignore[arg-type]
    assert str(caught.value) == (
        "CouponRegistry.coupons[0] must be a Coupon, got str 'EMRG-0001-ACME'"
    )


@given(st.randoms(use_true_random=False))
def test_r2_queue_order_does_not_depend_on_input_order(rng: random.Random) -> None:
    shuffled = list(QUEUE)
    rng.shuffle(shuffled)
    assert queue_order(shuffled, now_is(5), REGISTRY) == queue_order(QUEUE, now_is(5), REGISTRY)


@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.booleans(), st.booleans()),
        min_size=1,
        max_size=30,
    )
)
def test_r2_groups_then_fifo(rows: list[tuple[int, bool, bool]]) -> None:
    requests = [
        QueuedRequest(
            f"r{i:02d}",
            "acme",
            day(1) + timedelta(minutes=minutes),
            critical=critical,
            coupon_code="EMRG-0001-ACME" if coupon else None,
        )
        for i, (minutes, critical, coupon) in enumerate(rows)
    ]
    queue = queue_order(requests, day(10), REGISTRY)
    ranks = {QueueReason.CRITICAL: 0, QueueReason.COUPON: 1, QueueReason.ARRIVAL: 2}
    keys = [(ranks[p.reason], p.request.received_at, p.request.id) for p in queue]
    assert keys == sorted(keys)
    assert [p.position for p in queue] == list(range(1, len(requests) + 1))


@given(st.integers(1, 40 * 24), st.integers(0, 45 * 24))
def test_r12_renewal_ends_the_previous_coupon_from_the_renewal_on(
    renewal_hour: int, moment_hour: int
) -> None:
    renewal, moment = day(1) + timedelta(hours=renewal_hour), day(1) + timedelta(hours=moment_hour)
    registry = CouponRegistry.of([ACME]).renew(
        "EMRG-0001-ACME", Coupon("EMRG-0002-ACME", "acme", renewal, renewal + timedelta(days=365))
    )
    old_valid = day(1) <= moment < min(renewal, day(31))
    assert registry.is_valid("EMRG-0001-ACME", "acme", moment) is old_valid
    assert registry.is_valid("EMRG-0002-ACME", "acme", moment) is (moment >= renewal)
    assert not registry.is_valid("EMRG-0002-ACME", "beta", moment)
