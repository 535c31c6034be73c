"""The contract of every public callable: it returns, or raises a ``SlaCalendarError``.

Every function, constructor, class method, method and property reachable from
``sla_calendar.__all__`` is called with arguments drawn from its own signature
(tests/contract.py says how, and what is left out): nothing but a
:class:`~sla_calendar.SlaCalendarError` may come out. No ``OverflowError`` from a date near
year 9999, no ``AttributeError`` from a ``None``, no ``UnicodeDecodeError`` from a file, no
warning.

A run draws ``SLA_CONTRACT_EXAMPLES`` calls per callable (default 10). The default run
draws the same calls every time (derandomized), so that CI passes or fails on the code,
not on the draw; a longer run draws new ones each time and is how new breaches are
found, for instance before a release::

    SLA_CONTRACT_EXAMPLES=1000 .venv/bin/python -m pytest -p no:cacheprovider tests/test_contract.py

A breach found and not fixed at once is an :class:`OpenCase` in :data:`OPEN_CASES`: the
fuzz tolerates that exception from those callables only. A fixed one keeps its witness
in :data:`MENDED`, called by a test of its own.
"""

from __future__ import annotations

import contextlib
import enum
import inspect
import io
import itertools
import os
import re
import signal
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import sla_calendar
from sla_calendar import (
    ROUND_THE_CLOCK,
    STANDARD,
    AuditReport,
    Client,
    ColumnMapping,
    ContractStatus,
    DayKind,
    FaqIndex,
    Outcome,
    Request,
    SlaCalendarError,
    Target,
    Verdict,
    WorkingCalendar,
    WorkingTimeLine,
    add_working_time_array,
    audit,
    decide,
    evaluate_ticket,
    kyiv_calendar,
)
from tests.contract import HAS_NUMPY, Call, Spec, calls, public_callables
from tests.strategies import KYIV, FixedOffset

ONE_US = timedelta(microseconds=1)

EXAMPLES = int(os.environ.get("SLA_CONTRACT_EXAMPLES", "10"))
"""Calls drawn per callable in one run."""
EXPLORING = "SLA_CONTRACT_EXAMPLES" in os.environ
"""Whether this run explores (new calls each time) rather than replays CI's fixed draw."""


@dataclass(frozen=True)
class OpenCase:
    """A known breach of the contract, in a part still being fixed."""

    name: str
    """What breaks, in a few words (the test's id)."""
    where: frozenset[str]
    """Where the fuzz tolerates it: callables' labels, parts (``"policy"``), or ``"*"``."""
    raises: type[Exception] | tuple[type[Exception], ...]
    message: str
    """A regular expression the exception's message matches."""
    witness: Callable[[], Any]
    """A call that breaks the contract in this way today."""
    skips: Callable[[Call], bool] | None = None
    """For a case that costs time rather than raising: the calls the fuzz leaves out."""
    needs: str | None = None
    """An optional package the witness needs (without it, the witness is skipped)."""

    def covers(self, spec: Spec, exc: BaseException) -> bool:
        """Whether ``exc``, raised by the callable ``spec``, is this case."""
        return (
            not self.where.isdisjoint({spec.label, spec.part, "*"})
            and isinstance(exc, self.raises)
            and re.search(self.message, str(exc)) is not None
        )


SPECS = public_callables()


class SlowAnswerError(Exception):
    """A witness's call that took more than a second: it should answer at once."""


def _at_once(make: Callable[[], Any]) -> Callable[[], None]:
    """A witness: ``make()`` returns or raises ours within a second, else SlowAnswerError."""

    def witness() -> None:
        try:
            with _stopped_after(1.0), contextlib.suppress(SlaCalendarError):
                make()
        except NoAnswer:
            raise SlowAnswerError("no answer within a second") from None

    return witness


def _fresh() -> WorkingCalendar:
    """A calendar with no year built yet (``kyiv_calendar()`` may hand out a warm one)."""
    return WorkingCalendar.build("UTC", {"mon-fri": "09:00-18:00"})


_KYIV = kyiv_calendar()
_NOON = datetime(2026, 11, 23, 12, tzinfo=UTC)
_YEAR_1_KYIV = datetime(1, 1, 1, tzinfo=KYIV)  # 21:57:56 on the day before year 1, in UTC


def _report() -> AuditReport:
    return audit([{"ticket_id": "T1", "tier": "standard", "received_at": "2026-11-20T17:30Z"}])


def _audit_a_bad_byte() -> AuditReport:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tickets.csv"
        path.write_bytes(b"ticket_id,tier,received_at\nT\xff,standard,2026-11-20T17:30+02:00\n")
        return audit(path)


def _duplicate_columns() -> Any:
    import pandas

    return pandas.DataFrame(
        [["T1", "standard", "2026-11-20T17:30+02:00", "2020-01-01T00:00Z"]],
        columns=["ticket_id", "tier", "received_at", "received_at"],
    )


def _partition_whose_errors_hold_a_surrogate() -> Any:
    import pandas

    frame = pandas.DataFrame({"ticket_id": ["A"], "tier": ["gold"], "received_at": ["x"]})
    # The error names the expected tiers: a lone surrogate, which pyarrow cannot hold.
    return sla_calendar.audit_partition(frame, tiers={"\ud800": STANDARD})


def _int64(values: list[int]) -> Any:
    import numpy

    return numpy.array(values, dtype=numpy.int64)


def _where(*names: str) -> frozenset[str]:
    return frozenset(names)


OPEN_CASES: tuple[OpenCase, ...] = ()
"""Breaches the fuzz tolerates while they are being fixed: none today. A breach found
and not fixed at once gets its case here (its witness shows it), and moves to
:data:`MENDED` when fixed."""


@dataclass(frozen=True)
class Mended:
    """A breach the fuzz found and that is fixed: its witness returns or raises ours."""

    name: str
    witness: Callable[[], Any]
    needs: str | None = None
    """An optional package the witness needs (without it, the witness is skipped)."""


def _enum_lookup(example: type[enum.Enum]) -> Mended:
    return Mended(
        f"an enumeration's lookup of an unknown value ({example.__name__}('nope'))",
        lambda: example("nope"),
    )


MENDED: tuple[Mended, ...] = (
    *(_enum_lookup(example) for example in (DayKind, Target, Outcome, Verdict)),
    Mended(
        "calendar: an instant whose tzinfo has an offset of 24 h or more",
        lambda: _KYIV.is_working_time(_NOON.replace(tzinfo=FixedOffset(timedelta(hours=24)))),
    ),
    Mended(
        "calendar: wrong types leak TypeError (kyiv_calendar(language=['uk']))",
        lambda: kyiv_calendar(language=["uk"]),  # type: ignore[arg-type]
    ),
    Mended(
        "calendar: working_time_between_many of pairs that are not pairs",
        lambda: _KYIV.working_time_between_many([(_NOON,)]),  # type: ignore[list-item]
    ),
    Mended(
        "calendar: array forms past int64 (WorkingTimeLine.reach(2**64))",
        lambda: WorkingTimeLine(_KYIV, 2025, 2027).reach(2**64),
        needs="numpy",
    ),
    Mended(
        "calendar: an instant of year 1 before 0001-01-01T00:00Z taken, its period overflows",
        lambda: (
            ROUND_THE_CLOCK.working_periods(_YEAR_1_KYIV, _YEAR_1_KYIV + timedelta(days=2))[
                0
            ].duration
        ),
    ),
    Mended(
        "calendar: refusing a reach beyond 400 years takes seconds",
        _at_once(lambda: _fresh().add_working_time(_NOON, timedelta.max)),
    ),
    Mended(
        "calendar: the integer forms take floats, and local_year_us(inf) walks every year",
        _at_once(lambda: _fresh().local_year_us(float("inf"))),  # type: ignore[arg-type]
    ),
    Mended(
        "calendar: add_working_time_array reaching back before year 1 loops forever",
        _at_once(lambda: add_working_time_array(_fresh(), _int64([0]), -1)),
        needs="numpy",
    ),
    # ---- policy
    Mended(
        "policy: Deadline.explain of a deadline starting in year 1 or due in 9999",
        lambda: STANDARD.reaction_due(_YEAR_1_KYIV, _KYIV).explain(),
    ),
    Mended(
        "policy: wrong types leak TypeError (evaluate_ticket with events a date)",
        lambda: evaluate_ticket(
            "T1",
            date(2026, 1, 1),  # type: ignore[arg-type]
            tier=STANDARD,
            calendar=_KYIV,
            now=_NOON,
        ),
    ),
    # ---- intake
    Mended(
        "intake: decide() on a request received at 9999-12-31 23:00 UTC",
        lambda: decide(
            Request("R1", "acme", datetime(9999, 12, 31, 23, tzinfo=UTC)),
            Client("acme", ContractStatus.ACTIVE),
        ),
    ),
    Mended(
        "intake: wrong types leak TypeError (FaqIndex.from_mapping(None))",
        lambda: FaqIndex.from_mapping(None),  # type: ignore[arg-type]
    ),
    # ---- audit reading
    Mended(
        "audit reading: a path that is empty, missing, a directory or has a NUL (audit(''))",
        lambda: audit(""),
    ),
    Mended(
        "audit reading: one invalid UTF-8 byte refuses the whole file",
        _audit_a_bad_byte,
    ),
    Mended(
        "audit reading: a DataFrame with duplicate column names",
        lambda: audit(_duplicate_columns()),
        needs="pandas",
    ),
    Mended(
        "audit reading: wrong types leak TypeError (ColumnMapping.parse(5))",
        lambda: ColumnMapping.parse(5),  # type: ignore[arg-type]
    ),
    # ---- audit outputs
    Mended(
        "audit outputs: wrong types leak TypeError (AuditReport.to_csv(None))",
        lambda: _report().to_csv(None),  # type: ignore[arg-type]
    ),
    Mended(
        "audit outputs: to_pandas of a ticket id with a lone surrogate (pyarrow cannot hold it)",
        lambda: audit(
            [{"ticket_id": "T\ud800", "tier": "standard", "received_at": "2026-11-20T17:30Z"}]
        ).to_pandas(),
        needs="pandas",
    ),
    Mended(
        "audit outputs: audit_partition whose error messages hold a lone surrogate",
        _partition_whose_errors_hold_a_surrogate,
        needs="pandas",
    ),
    Mended(
        "audit outputs: to_json to a path that cannot be written (AuditReport.to_json(''))",
        lambda: _report().to_json(""),
    ),
)


def keeps_the_contract(call: Call, tolerated: tuple[OpenCase, ...] = ()) -> None:
    """Make ``call``: it must return (an iterator is drained) or raise a ``SlaCalendarError``.

    Anything else propagates with a note naming the call, unless one of ``tolerated``
    covers it.
    """
    if any(case.skips is not None and case.skips(call) for case in tolerated):
        return
    try:
        _returns_or_raises_ours(call.invoke)
    except SlaCalendarError:
        return
    except Exception as exc:
        if any(case.covers(call.spec, exc) for case in tolerated):
            return
        exc.add_note(f"contract broken by {call!r}: {type(exc).__name__} is not ours")
        raise
    except NoAnswer as exc:
        exc.add_note(f"contract broken by {call!r}: no answer")
        raise


class NoAnswer(BaseException):
    """A call still running after :data:`HANG_GUARD` seconds (a ``BaseException``, so that
    no ``except Exception`` in the code under test swallows it)."""


HANG_GUARD = 60.0
"""Seconds after which a call is stopped: a guard against a hung run, not a speed test."""


@contextlib.contextmanager
def _stopped_after(seconds: float) -> Iterator[None]:
    """Raise :class:`NoAnswer` in the block after ``seconds`` (where SIGALRM exists)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise NoAnswer(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _returns_or_raises_ours(make: Callable[[], Any]) -> None:
    try:
        with _stopped_after(HANG_GUARD), warnings.catch_warnings():
            warnings.simplefilter("error")
            result = make()
            if isinstance(result, Iterator):
                for _ in itertools.islice(result, 10_000):
                    pass
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close("all")


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.label) for s in SPECS])
def test_public_callable_returns_or_raises_a_package_error(
    spec: Spec, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if spec.receiver is WorkingTimeLine and not HAS_NUMPY:
        pytest.skip("a WorkingTimeLine needs numpy: without it there is none to call")
    folder = tmp_path_factory.mktemp("contract")

    @settings(
        max_examples=EXAMPLES,
        derandomize=not EXPLORING,
        database=None if not EXPLORING else settings.default.database,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(calls(spec, folder))
    def run(call: Call) -> None:
        keeps_the_contract(call, OPEN_CASES)

    run()


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in MENDED])
def test_a_mended_breach_stays_mended(case: Mended) -> None:
    if case.needs is not None:
        pytest.importorskip(case.needs)
    with contextlib.suppress(SlaCalendarError):
        _returns_or_raises_ours(case.witness)


def test_every_public_name_is_called_or_left_out_on_purpose() -> None:
    called = {spec.label.split(".")[0] for spec in SPECS}
    left_out = {
        name
        for name in sla_calendar.__all__
        if inspect.isclass(value := getattr(sla_calendar, name))
        and (issubclass(value, Exception) or value is sla_calendar.HolidaySource)
    }
    values = {name for name in sla_calendar.__all__ if not callable(getattr(sla_calendar, name))}
    assert set(sla_calendar.__all__) - called - left_out == values
    assert len(SPECS) >= 150  # 157 when written; parts add more


def test_the_check_catches_a_leak_and_tolerates_only_its_open_case() -> None:
    def leaky(key: str) -> None:
        raise KeyError(key)

    spec = Spec("leaky", leaky, (), {}, "sla_calendar.intake.model")
    with pytest.raises(KeyError) as caught:
        keeps_the_contract(Call(spec, args=("x",)))
    assert "contract broken by leaky('x'): KeyError is not ours" in caught.value.__notes__
    case = OpenCase("a case", _where("leaky"), KeyError, "x", lambda: leaky("x"))
    keeps_the_contract(Call(spec, args=("x",)), (case,))
    with pytest.raises(KeyError):
        keeps_the_contract(Call(spec, args=("y",)), (case,))
    elsewhere = OpenCase("a case", _where("policy"), KeyError, "x", lambda: leaky("x"))
    with pytest.raises(KeyError):
        keeps_the_contract(Call(spec, args=("x",)), (elsewhere,))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: sla_calendar.CouponRegistry(None),  # type: ignore[arg-type]
            "CouponRegistry.coupons must be a tuple of Coupon, got NoneType None",
        ),
        (
            lambda: sla_calendar.CouponRegistry.of(None),  # type: ignore[arg-type]
            "coupons must be an iterable of Coupon, got NoneType None",
        ),
        (
            lambda: sla_calendar.CouponRegistry().renew("EMRG-0001-ACME", None),  # type: ignore[arg-type]
            "new must be a Coupon, got NoneType None",
        ),
    ],
    ids=[
        "coupon-registry-of-none",
        "coupon-registry-of-a-non-iterable",
        "renewal-with-none",
    ],
)
def test_wrong_types_the_fuzz_found_are_refused_by_name(
    call: Callable[[], Any], message: str
) -> None:
    with pytest.raises(sla_calendar.ArgumentTypeError) as caught:
        call()
    assert str(caught.value) == message


def _rules_without_zone() -> Any:
    return sla_calendar.TimestampRules()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: _report().to_csv(io.BytesIO()),
            sla_calendar.ArgumentTypeError,
            r"^target must be a path or an open text file, got BytesIO <_io\.BytesIO",
        ),
        (
            lambda: _report().to_json(""),
            sla_calendar.InvalidValueError,
            r"^target='' cannot be written \(.*\); expected the path of a file in an existing "
            r"folder$",
        ),
        (
            lambda: _report().to_text(worst=None),  # type: ignore[arg-type]
            sla_calendar.ArgumentTypeError,
            r"^worst must be an int, got NoneType None$",
        ),
        (
            lambda: _report().plot(target="5%"),  # type: ignore[arg-type]
            sla_calendar.ArgumentTypeError,
            r"^target must be a breach rate \(a float such as 0\.05\) or None, got str '5%'$",
        ),
        (
            lambda: _rules_without_zone().parse(None, "received_at"),
            sla_calendar.ArgumentTypeError,
            r"^text must be a str, got NoneType None$",
        ),
        (
            lambda: _rules_without_zone().localize(datetime(2026, 1, 1), "received_at", "x"),
            sla_calendar.InvalidValueError,
            r"^received_at='x' has no UTC offset and assume_tz is None",
        ),
        (
            lambda: audit([], missing=5),  # type: ignore[arg-type]
            sla_calendar.ArgumentTypeError,
            r"^missing must be an iterable of str \(cell values that mean no value\), got int 5$",
        ),
        (
            lambda: audit([], tiers={"gold": "standard"}),  # type: ignore[dict-item]
            sla_calendar.ArgumentTypeError,
            r"^tiers\['gold'\] must be a Tier, got str 'standard'$",
        ),
        (
            lambda: audit([], mapping=True),  # type: ignore[arg-type]
            sla_calendar.ArgumentTypeError,
            r"^mapping must be a ColumnMapping or None, got bool True$",
        ),
        (
            lambda: audit([], pause_columns=1j),  # type: ignore[arg-type]
            sla_calendar.ArgumentTypeError,
            r"^pause_columns must be a PauseColumns or None, got complex 1j$",
        ),
        (
            lambda: audit("tickets\x00.csv"),
            sla_calendar.InvalidValueError,
            r"^source='tickets\\x00\.csv' cannot be read \(embedded null byte\)",
        ),
        (
            lambda: kyiv_calendar(martial_law_end=[]),  # type: ignore[arg-type]
            sla_calendar.ArgumentTypeError,
            r"^martial_law_end must be a datetime\.date or None, got list \[\]$",
        ),
        (
            lambda: sla_calendar.DayKind("nope"),
            sla_calendar.InvalidValueError,
            r"^DayKind='nope' is invalid; expected one of 'working', ",
        ),
        (
            lambda: sla_calendar.Verdict(3),
            sla_calendar.ArgumentTypeError,
            r"^Verdict must be one of 'met', 'breached', 'open', got int 3$",
        ),
        (
            lambda: sla_calendar.TicketEvent(
                sla_calendar.EventKind.RECEIVED, _NOON.replace(tzinfo=FixedOffset(timedelta(1)))
            ),
            sla_calendar.InvalidValueError,
            r"^TicketEvent\.at=",
        ),
    ],
    ids=[
        "a-report-to-a-binary-file",
        "a-report-to-an-empty-path",
        "to-text-with-worst-none",
        "a-plot-target-as-text",
        "a-timestamp-that-is-not-text",
        "a-wall-time-with-no-zone-to-read-it-in",
        "missing-marks-that-are-not-text",
        "a-tier-given-by-name",
        "a-mapping-that-is-a-bool",
        "pause-columns-that-are-a-number",
        "a-path-with-a-nul",
        "a-martial-law-end-that-is-a-list",
        "a-day-kind-that-does-not-exist",
        "a-verdict-by-number",
        "an-event-whose-tzinfo-is-a-day-ahead",
    ],
)
def test_this_rounds_breaches_are_refused_by_name(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


def test_a_period_of_year_1_before_midnight_utc_has_its_duration() -> None:
    # Kyiv's year 1 starts at 21:57:56 UTC on the day before: no UTC datetime exists there.
    period = ROUND_THE_CLOCK.working_periods(_YEAR_1_KYIV, _YEAR_1_KYIV + timedelta(days=2))[0]
    assert period.start == _YEAR_1_KYIV
    assert period.duration == timedelta(days=1)
