"""Tiers, deadlines and processing extension, one table per clause (R5, R10, R11, R13).

Expected instants were worked out by hand from the Kyiv calendar (Mon–Fri 09:00–18:00,
Ukraine's days off), never by running the code under test.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla_calendar import (
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    ArgumentTypeError,
    Category,
    ClockKind,
    Extension,
    InvalidValueError,
    NaiveDatetimeError,
    SegmentKind,
    Target,
    Tier,
    WorkingCalendar,
    kyiv_calendar,
)
from sla_calendar.policy.deadlines import notice_in_time, r5_extension
from tests import strategies as st_

CAL = kyiv_calendar()
H = timedelta(hours=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def same_instant(a: datetime, b: datetime) -> bool:
    return a.astimezone(UTC) == b.astimezone(UTC)


R10_CASES = [
    ("2026-11-20T17:30+02:00", "2026-11-25T14:30+02:00", "r10-friday-evening-to-wednesday"),
    ("2026-11-21T10:00+02:00", "2026-11-25T15:00+02:00", "r10-saturday-waits-for-monday"),
    ("2019-12-20T17:00+02:00", "2019-12-24T14:00+02:00", "r10-saturday-21-dec-worked"),
]


@pytest.mark.parametrize(
    ("received", "due"), [c[:2] for c in R10_CASES], ids=[c[2] for c in R10_CASES]
)
def test_r10_standard_reaction_24_working_hours(received: str, due: str) -> None:
    deadline = STANDARD.reaction_due(at(received), CAL)
    assert deadline.target is Target.REACTION
    assert deadline.duration == 24 * H
    assert same_instant(deadline.due, at(due))


R11_CASES = [
    ("2026-11-20T17:00+02:00", "2026-11-23T11:00+02:00", "r11-one-hour-friday-two-monday"),
    ("2026-11-23T09:00+02:00", "2026-11-23T12:00+02:00", "r11-within-one-day"),
    ("2026-11-23T07:00+02:00", "2026-11-23T12:00+02:00", "r11-before-opening"),
]


@pytest.mark.parametrize(
    ("received", "due"), [c[:2] for c in R11_CASES], ids=[c[2] for c in R11_CASES]
)
def test_r11_emergency_reaction_3_working_hours(received: str, due: str) -> None:
    assert same_instant(EMERGENCY.reaction_due(at(received), CAL).due, at(due))


def test_r11_emergency_covers_accounting_standard_does_not() -> None:
    for category in (
        Category.FINANCIAL_ACCOUNTING,
        Category.WAREHOUSE_ACCOUNTING,
        Category.MANAGEMENT_ACCOUNTING,
    ):
        assert EMERGENCY.covers(category)
        assert EMERGENCY_24_7.covers(category)
        assert not STANDARD.covers(category)
    for category in (Category.PRODUCT_PROBLEM, Category.INSTALLATION):
        assert STANDARD.covers(category)
    assert not any(t.covers(Category.CONSULTING) for t in (STANDARD, EMERGENCY, EMERGENCY_24_7))
    assert EMERGENCY.requires_coupon
    assert not STANDARD.requires_coupon


R13_CASES = [
    ("2026-11-20T17:00+02:00", "2026-11-20T20:00+02:00", "r13-friday-evening-3-real-hours"),
    ("2026-03-29T01:30+02:00", "2026-03-29T05:30+03:00", "r13-spring-forward-night"),
    ("2026-10-25T02:30+03:00", "2026-10-25T04:30+02:00", "r13-fall-back-night"),
    ("2026-01-01T10:00+02:00", "2026-01-01T13:00+02:00", "r13-holiday-counts"),
]


@pytest.mark.parametrize(
    ("received", "due"), [c[:2] for c in R13_CASES], ids=[c[2] for c in R13_CASES]
)
def test_r13_emergency_24_7_three_real_hours(received: str, due: str) -> None:
    deadline = EMERGENCY_24_7.reaction_due(at(received), CAL)
    assert same_instant(deadline.due, at(due))
    assert deadline.due.astimezone(UTC) - at(received).astimezone(UTC) == 3 * H


R5_CASES = [
    ("2026-11-23T10:00+02:00", None, "2026-11-25T16:00+02:00", False, "r5-24-working-hours"),
    (
        "2026-11-23T10:00+02:00",
        "2026-11-24T12:00+02:00",
        "2026-12-03T10:00+02:00",
        True,
        "r5-prior-notice-extends-to-72",
    ),
    (
        "2026-11-23T10:00+02:00",
        "2026-11-25T16:00+02:00",
        "2026-12-03T10:00+02:00",
        True,
        "r5-notice-exactly-at-deadline-still-prior",
    ),
    (
        "2026-11-23T10:00+02:00",
        "2026-11-25T16:00:00.000001+02:00",
        "2026-11-25T16:00+02:00",
        False,
        "r5-notice-after-deadline-does-not-extend",
    ),
]


@pytest.mark.parametrize(
    ("received", "notice", "due", "extended"),
    [c[:4] for c in R5_CASES],
    ids=[c[4] for c in R5_CASES],
)
def test_r5_processing_and_extension(
    received: str, notice: str | None, due: str, extended: bool
) -> None:
    deadline = STANDARD.processing_due(at(received), CAL, None if notice is None else at(notice))
    assert same_instant(deadline.due, at(due))
    assert deadline.extended is extended
    if notice is not None and not extended:
        assert deadline.extension_note is not None
        assert deadline.extension_note.startswith("not extended: notice at ")
        assert "R5 needs prior notice" in deadline.extension_note


US = 1_000_000
DAY_US = 24 * 3600 * US
R5_RULE_CASES = [
    (24, 72, None, 5 * DAY_US, Extension.NONE, "r5-no-notice"),
    (24, 24, 0, 5 * DAY_US, Extension.NONE, "r5-tier-without-extension-ignores-notice"),
    (24, 72, 5 * DAY_US, 5 * DAY_US, Extension.VALID, "r5-notice-exactly-at-the-deadline"),
    (24, 72, 5 * DAY_US + 1, 5 * DAY_US, Extension.LATE, "r5-notice-one-microsecond-late"),
    (24, 72, 9 * DAY_US, None, Extension.VALID, "r5-clock-stopped-before-it-fell-due"),
]


@pytest.mark.parametrize(
    ("target", "longest", "notice", "due", "outcome"),
    [c[:5] for c in R5_RULE_CASES],
    ids=[c[5] for c in R5_RULE_CASES],
)
def test_r5_extension_rule_in_one_place(
    target: int, longest: int, notice: int | None, due: int | None, outcome: Extension
) -> None:
    assert r5_extension(target * 3600 * US, longest * 3600 * US, notice, due) is outcome


def test_r5_notice_in_time_on_numpy_columns_as_on_integers() -> None:
    np = pytest.importorskip("numpy")
    notices = [0, 5, 6]
    in_time = notice_in_time(np.array(notices), np.array([5, 5, 5]))
    assert in_time.tolist() == [notice_in_time(n, 5) for n in notices] == [True, True, False]


def test_r5_processing_on_24_7_tier_counts_real_hours() -> None:
    deadline = EMERGENCY_24_7.processing_due(at("2026-03-28T12:00+02:00"), CAL)
    assert same_instant(deadline.due, at("2026-03-29T13:00+03:00"))  # 23 wall hours later


def test_r5_notice_before_receipt_is_an_error() -> None:
    with pytest.raises(InvalidValueError, match=r"^extension_notified_at=2026-11-22T10:00:00"):
        STANDARD.processing_due(at("2026-11-23T10:00+02:00"), CAL, at("2026-11-22T10:00+02:00"))


def test_r5_notice_on_a_tier_without_extension_says_so() -> None:
    fixed = Tier("fixed", reaction_target=H, processing_extension=24 * H)
    deadline = fixed.processing_due(at("2026-11-23T10:00+02:00"), CAL, at("2026-11-23T11:00+02:00"))
    assert same_instant(deadline.due, at("2026-11-25T16:00+02:00"))
    assert not deadline.extended
    assert deadline.extension_note == (
        "not extended: this tier's processing target 24:00 has no extension"
    )


def test_r5_late_notice_result_says_so_in_full() -> None:
    deadline = STANDARD.processing_due(
        at("2026-11-23T10:00+02:00"), CAL, at("2026-11-26T09:30+02:00")
    )
    assert deadline.extension_note == (
        "not extended: notice at 2026-11-26T09:30:00+02:00 came after the 24:00 deadline "
        "2026-11-25T16:00:00+02:00 had passed (R5 needs prior notice)"
    )
    assert str(deadline) == (
        "processing due 2026-11-25T16:00:00+02:00 (24:00); " + deadline.extension_note
    )


NAIVE_CASES = [
    ("received_at", lambda naive: STANDARD.reaction_due(naive, CAL), "reaction-received-naive"),
    ("received_at", lambda naive: STANDARD.processing_due(naive, CAL), "processing-received"),
    (
        "extension_notified_at",
        lambda naive: STANDARD.processing_due(at("2026-11-23T10:00+02:00"), CAL, naive),
        "processing-notice-naive",
    ),
]


@pytest.mark.parametrize(
    ("name", "call"), [c[:2] for c in NAIVE_CASES], ids=[c[2] for c in NAIVE_CASES]
)
def test_naive_instants_are_refused_naming_the_parameter(
    name: str, call: Callable[[datetime], object]
) -> None:
    with pytest.raises(NaiveDatetimeError) as caught:
        call(datetime(2026, 11, 23, 10, 0))  # naive on purpose
    expected = f"{name}=datetime.datetime(2026, 11, 23, 10, 0) is a naive datetime"
    assert str(caught.value).startswith(expected)


def test_r13_24_7_results_are_in_the_callers_zone() -> None:
    new_york = WorkingCalendar.build("America/New_York", {"mon-fri": "09:00-17:00"})
    received = at("2026-11-01T00:30-04:00")  # the Sunday night US clocks go back
    due = EMERGENCY_24_7.reaction_due(received, new_york).due
    assert due.isoformat() == "2026-11-01T02:30:00-05:00"  # 04:30Z + 3 h = 07:30Z
    # working hours, no holiday source: Mon 8 h, Tue 8 h, Wed 8 h -> Wed 17:00
    standard_due = STANDARD.reaction_due(received, new_york).due
    assert standard_due.isoformat() == "2026-11-04T17:00:00-05:00"


EXPLAIN_SKIP_CASES = [
    (
        "2024-08-23T17:00+03:00",
        "Fri 17:00–18:00 1:00 · Sat weekend (Independence Day) · Sun weekend · "
        "Mon 09:00–18:00 9:00 · Tue 09:00–18:00 9:00 · Wed 09:00–14:00 5:00",
        "r6-martial-law-holiday-on-a-saturday-named",
    ),
    (
        "2020-12-31T17:00+02:00",
        "Thu 17:00–18:00 1:00 · Fri holiday (New Year's Day) · Sat, Sun weekend · "
        "Mon 09:00–18:00 9:00 · Tue 09:00–18:00 9:00 · Wed 09:00–14:00 5:00",
        "r6-new-year-holiday-named",
    ),
    (
        "2026-11-20T19:30+02:00",
        "Fri outside hours · Sat, Sun weekend · Mon 09:00–18:00 9:00 · "
        "Tue 09:00–18:00 9:00 · Wed 09:00–15:00 6:00",
        "r6-after-closing-is-outside-hours",
    ),
]


@pytest.mark.parametrize(
    ("received", "text"),
    [c[:2] for c in EXPLAIN_SKIP_CASES],
    ids=[c[2] for c in EXPLAIN_SKIP_CASES],
)
def test_r10_explain_names_why_days_were_skipped(received: str, text: str) -> None:
    assert str(STANDARD.reaction_due(at(received), CAL).explain()) == text


def test_r13_explain_notes_the_dst_nights() -> None:
    spring = EMERGENCY_24_7.processing_due(at("2026-03-28T12:00+02:00"), CAL).explain()
    assert spring.lines() == [
        "Sat 28 Mar 12:00–24:00 12:00",
        "Sun 29 Mar 00:00–13:00 12:00 (clocks went forward 1:00)",
        "total counted 24:00",
    ]
    autumn = EMERGENCY_24_7.reaction_due(at("2026-10-25T02:30+03:00"), CAL).explain()
    assert str(autumn) == "Sun 02:30–04:30 3:00 (clocks went back 1:00)"


def test_r10_explain_reads_like_the_issue_example() -> None:
    text = str(STANDARD.reaction_due(at("2026-11-20T17:30+02:00"), CAL).explain())
    assert text == (
        "Fri 17:30–18:00 0:30 · Sat, Sun weekend · Mon 09:00–18:00 9:00 · "
        "Tue 09:00–18:00 9:00 · Wed 09:00–14:30 5:30"
    )


def test_r6_r10_explain_names_holidays_and_transfers() -> None:
    lines = STANDARD.reaction_due(at("2019-12-27T17:00+02:00"), CAL).explain().lines()
    assert lines == [
        "Fri 27 Dec 17:00–18:00 1:00",
        "Sat 28 Dec 09:00–18:00 9:00 (transferred working day for 2019-12-31)",
        "Sun 29 Dec weekend",
        "Mon 30 Dec transferred day off (worked on 2019-12-21)",
        "Tue 31 Dec transferred day off (worked on 2019-12-28)",
        "Wed 01 Jan holiday (New Year's Day)",
        "Thu 02 Jan 09:00–18:00 9:00",
        "Fri 03 Jan 09:00–14:00 5:00",
        "total counted 24:00",
    ]


def test_r10_r11_r13_tier_is_a_value_and_validates() -> None:
    custom = Tier("gold", reaction_target=2 * H)
    assert pickle.loads(pickle.dumps(custom)) == custom
    assert hash(custom) == hash(Tier("gold", reaction_target=2 * H))
    with pytest.raises(
        InvalidValueError,
        match=r"^Tier\.reaction_target=datetime\.timedelta\(0\) is invalid; expected a positive",
    ):
        Tier("zero", reaction_target=timedelta(0))
    with pytest.raises(ArgumentTypeError, match=r"^Tier\.reaction_target must be a datetime"):
        Tier("float", reaction_target=3.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"^Tier\.processing_extension="):
        Tier("short", reaction_target=H, processing_extension=H)
    assert EMERGENCY_24_7.reaction_clock is ClockKind.ROUND_THE_CLOCK
    with pytest.raises(ArgumentTypeError, match=r"^Tier\.requires_coupon must be a bool"):
        Tier("c", reaction_target=H, requires_coupon=1)  # type: ignore[arg-type]


TIER_ERRORS = [
    ({"name": 5}, ArgumentTypeError, "Tier.name must be a str, got int 5", "name-int"),
    (
        {"name": " "},
        InvalidValueError,
        "Tier.name=' ' is empty; expected a non-empty str",
        "name-blank",
    ),
    (
        {"reaction_clock": "24/7"},
        ArgumentTypeError,
        "Tier.reaction_clock must be a ClockKind, got str '24/7'",
        "r13-clock-str",
    ),
    (
        {"categories": {Category.CONSULTING}},
        ArgumentTypeError,
        "Tier.categories must be a frozenset of Category, got set {<Category.CONSULTING: "
        "'consulting'>}",
        "r4-categories-set",
    ),
    (
        {"requires_coupon": 1},
        ArgumentTypeError,
        "Tier.requires_coupon must be a bool, got int 1",
        "r12-coupon-flag-int",
    ),
]


@pytest.mark.parametrize(
    ("change", "kind", "message"), [c[:3] for c in TIER_ERRORS], ids=[c[3] for c in TIER_ERRORS]
)
def test_tier_fields_are_checked_with_one_wording(
    change: dict[str, object], kind: type[Exception], message: str
) -> None:
    fields: dict[str, object] = {"name": "gold", "reaction_target": H}
    with pytest.raises(kind) as caught:
        Tier(**{**fields, **change})  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_r5_processing_clock_is_a_tier_field() -> None:
    received = at("2026-11-20T17:00+02:00")  # Friday evening
    clock_hours = Tier("night", reaction_target=H, processing_clock=ClockKind.ROUND_THE_CLOCK)
    assert same_instant(clock_hours.processing_due(received, CAL).due, at("2026-11-21T17:00+02:00"))
    # working hours: Fri 1 h, Mon 9, Tue 9, Wed 5 -> Wed 14:00
    assert same_instant(STANDARD.processing_due(received, CAL).due, at("2026-11-25T14:00+02:00"))
    assert STANDARD.processing_clock is ClockKind.WORKING_HOURS
    assert EMERGENCY.processing_clock is ClockKind.WORKING_HOURS
    assert EMERGENCY_24_7.processing_clock is ClockKind.ROUND_THE_CLOCK


tiers = st.sampled_from([STANDARD, EMERGENCY, EMERGENCY_24_7])
kyiv_instants = st_.sla_instants()


@given(kyiv_instants, tiers)
def test_r5_r10_r11_r13_explain_counted_adds_up_to_the_target(
    received: datetime, tier: Tier
) -> None:
    for deadline in (tier.reaction_due(received, CAL), tier.processing_due(received, CAL)):
        explanation = deadline.explain()
        counted = [s for s in explanation.segments if s.kind is SegmentKind.COUNTED]
        assert sum((s.duration for s in counted), timedelta(0)) == deadline.duration
        assert explanation.counted == deadline.duration


@given(st_.dst_instants())
def test_r13_24_7_deadline_is_exactly_3_real_hours_across_dst(received: datetime) -> None:
    due = EMERGENCY_24_7.reaction_due(received, CAL).due
    assert due.astimezone(UTC) - received.astimezone(UTC) == 3 * H


@given(kyiv_instants, st.integers(0, 200 * 3600), tiers)
def test_r5_notice_extends_exactly_when_given_by_the_deadline(
    received: datetime, notice_after_s: int, tier: Tier
) -> None:
    notice = received.astimezone(UTC) + timedelta(seconds=notice_after_s)
    base = tier.processing_due(received, CAL)
    deadline = tier.processing_due(received, CAL, notice)
    in_time = notice <= base.due.astimezone(UTC)
    assert deadline.extended is in_time
    assert deadline.duration == (tier.processing_extension if in_time else tier.processing_target)
    assert deadline.due.astimezone(UTC) >= base.due.astimezone(UTC)
    assert deadline.extension_note is not None
    assert deadline.extension_note.startswith("extended" if in_time else "not extended")
