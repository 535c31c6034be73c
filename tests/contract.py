"""Machinery of the contract test (tests/test_contract.py): every public callable, and calls of it.

:func:`public_callables` lists every function, constructor, class method, method and
property reachable from ``sla_calendar.__all__``; :func:`calls` draws a call of one from its
signature: for each parameter mostly a value of its annotated type, hostile ones included
(tests/strategies.py: instants from year 1 to 9999 in any offset, fold and tzinfo class;
durations, integers and texts of any size and sign), now and then a value of the wrong
type. A method's ``self`` is a valid instance of its class (:func:`instance_pool`), one
made by the constructor from hostile values when the class is an input users build
(:data:`BUILT_FROM_HOSTILE_VALUES`), or one the library made from hostile input (a deadline
due near year 9999, the explanation of it).

An enumeration is called as a lookup, ``Kind(value)``, with its members, their values and
names, and other values. Left out, on purpose: exception classes (they take anything),
``HolidaySource`` (a protocol, not a class to instantiate), and constructors with private
fields (``AuditReport``: only :func:`~sla_calendar.audit` makes one). Callables handed to
the library (``progress``, ``abuse_detector``) are well-behaved: what a caller's own code
raises is its own.
"""

from __future__ import annotations

import collections.abc
import csv
import enum
import functools
import importlib.util
import inspect
import io
import itertools
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import sla_calendar
from sla_calendar import (
    EMERGENCY,
    EMERGENCY_24_7,
    ROUND_THE_CLOCK,
    SERVICENOW_MAPPING,
    STANDARD,
    AbuseVerdict,
    AuditReport,
    Category,
    Client,
    ColumnMapping,
    ContractStatus,
    CountryHolidays,
    Coupon,
    CouponRegistry,
    EventKind,
    FaqEntry,
    FaqIndex,
    IntakeRules,
    Outcome,
    PauseColumns,
    PriorRequest,
    QueuedRequest,
    Request,
    StatusChange,
    StatusRules,
    TicketEvent,
    TimeSpan,
    TimestampRules,
    UkraineHolidays,
    WorkingCalendar,
    WorkingTimeLine,
    audit,
    classify_request,
    decide,
    detect_abuse,
    evaluate_ticket,
    kyiv_calendar,
    queue_order,
)
from tests.strategies import hostile_datetimes, hostile_ints, hostile_timedeltas, junk

NOW = datetime(2026, 11, 23, 10, tzinfo=UTC)

HAS_NUMPY = importlib.util.find_spec("numpy") is not None
"""The array forms need numpy (an optional extra); without it they refuse, and no
``WorkingTimeLine`` can be made for the pool."""

# ------------------------------------------------------------------ the callables


@dataclass(frozen=True)
class Spec:
    """One public callable: how to call it and what its parameters are."""

    label: str
    target: Callable[..., Any]
    parameters: tuple[inspect.Parameter, ...]
    hints: dict[str, Any]
    module: str
    """The module that defines it."""
    receiver: type | None = None
    """The class of ``self`` for a method or property (drawn from instances of it)."""
    is_property: bool = False

    def __str__(self) -> str:
        return self.label

    @property
    def part(self) -> str:
        """The part of the package it belongs to: ``calendar``, ``policy``, ``intake``,
        ``audit reading`` or ``audit outputs``."""
        subpackage, _, module = self.module.removeprefix("sla_calendar.").partition(".")
        if subpackage != "audit":
            return subpackage
        return "audit reading" if module in _AUDIT_READING else "audit outputs"


_AUDIT_READING = frozenset(
    {"run", "columns", "rows", "frames", "pauses", "servicenow", "timestamps"}
)


def _spec(label: str, target: Callable[..., Any], receiver: type | None = None) -> Spec:
    parameters = tuple(inspect.signature(target).parameters.values())
    if receiver is not None:
        parameters = parameters[1:]  # self
    hints = typing.get_type_hints(target)
    return Spec(label, target, parameters, hints, target.__module__, receiver)


def _is_left_out(value: type) -> bool:
    return issubclass(value, BaseException) or value is sla_calendar.HolidaySource


@dataclass(frozen=True)
class LookupOf:
    """The annotation of an enumeration's one parameter: a value to look its member up by."""

    enum: type[enum.Enum]


def _enum_spec(name: str, cls: type[enum.Enum]) -> Spec:
    """``Kind(value)``: the lookup (not the functional API, which makes a new enumeration)."""
    value = inspect.Parameter("value", inspect.Parameter.POSITIONAL_ONLY)
    return Spec(name, cls, (value,), {"value": LookupOf(cls)}, cls.__module__)


def _class_specs(name: str, cls: type) -> Iterator[Spec]:
    parameters = tuple(inspect.signature(cls).parameters.values())
    if not any(p.name.startswith("_") for p in parameters):  # else made only by the package
        yield Spec(name, cls, parameters, typing.get_type_hints(cls.__init__), cls.__module__)
    for member_name, member in vars(cls).items():
        if member_name.startswith("_"):
            continue
        label = f"{name}.{member_name}"
        if isinstance(member, classmethod | staticmethod):
            yield _spec(label, getattr(cls, member_name))
        elif inspect.isfunction(member):
            yield _spec(label, member, receiver=cls)
        elif isinstance(member, property):
            assert member.fget is not None
            yield Spec(label, member.fget, (), {}, cls.__module__, cls, is_property=True)


def public_callables() -> list[Spec]:
    """Every callable reachable from ``sla_calendar.__all__``, in ``__all__``'s order."""
    specs: list[Spec] = []
    for name in sla_calendar.__all__:
        value = getattr(sla_calendar, name)
        if inspect.isclass(value) and issubclass(value, enum.Enum):
            specs.append(_enum_spec(name, value))
        elif inspect.isclass(value):
            if not _is_left_out(value):
                specs.extend(_class_specs(name, value))
        elif callable(value):
            specs.append(_spec(name, value))
    return specs


# ------------------------------------------------------------------ valid instances


@functools.cache
def _audit_report() -> AuditReport:
    rows = [
        {
            "ticket_id": "T1",
            "tier": "standard",
            "received_at": "2026-11-20T17:30+02:00",
            "first_response_at": "2026-11-23T10:00+02:00",
            "resolved_at": "2026-11-26T10:00+02:00",
            "pauses": "2026-11-24T10:00+02:00/2026-11-24T12:00+02:00",
        },
        {"ticket_id": "T2", "tier": "emergency_24_7", "received_at": "2026-03-29T02:30+02:00"},
        {"ticket_id": "T3", "tier": "gold", "received_at": "2026-11-20T17:30+02:00"},
    ]
    pauses = [{"ticket_id": "T2", "paused_at": "2026-03-29T05:00+03:00", "resumed_at": "x"}]
    return audit(rows, pauses=pauses, as_of=NOW)


def _crowded_month() -> tuple[sla_calendar.ClientMonth, ...]:
    """The R9.6 client-months of an audit where one client sent 51 requests in a month."""
    rows = [
        {
            "ticket_id": f"C{n}",
            "tier": "standard",
            "client_id": "acme",
            "received_at": f"2026-11-{1 + n % 28:02d}T10:00+02:00",
        }
        for n in range(51)
    ]
    return audit(rows).summary.clients_over_limit


@functools.cache
def instance_pool() -> dict[type, tuple[Any, ...]]:
    """Valid instances of every public class, for receivers and typed parameters."""
    kyiv = kyiv_calendar()
    calendars = (
        kyiv,
        ROUND_THE_CLOCK,
        kyiv_calendar(holidays_off_during_martial_law=True, shorten_eve_of_holidays=True),
        WorkingCalendar.build(
            "Australia/Lord_Howe", {"mon-fri": "01:30-02:15, 02:45-03:15"}, closed_dates=[]
        ),
        WorkingCalendar.build("America/Santiago", ["00:00-24:00"] * 5 + [[], []]),
    )
    coupon = Coupon("EMRG-0001-ACME", "acme", NOW - timedelta(days=5), NOW + timedelta(days=25))
    registry = CouponRegistry.of([coupon])
    client = Client("acme", ContractStatus.ACTIVE, EMERGENCY, registry)
    request = Request(
        "R1",
        "acme",
        NOW,
        subject="Posting fails",
        body="The warehouse report crashes, you idiot",
        category=Category.WAREHOUSE_ACCOUNTING,
        coupon_code="EMRG-0001-ACME",
    )
    prior = PriorRequest("R0", NOW - timedelta(days=1), "fingerprint", Outcome.ACCEPTED)
    faq = FaqIndex.of([FaqEntry("https://example.org/faq/1", "Install", ("install", "setup"))])
    rules = IntakeRules(faq=faq)
    decision = decide(request, client, (prior,), rules)
    deadlines = (
        STANDARD.reaction_due(NOW, kyiv),
        EMERGENCY.processing_due(NOW, kyiv, NOW + timedelta(hours=1)),
        EMERGENCY_24_7.reaction_due(datetime(9999, 12, 30, tzinfo=UTC), ROUND_THE_CLOCK),
        STANDARD.reaction_due(datetime(1, 1, 1, 9, tzinfo=UTC), ROUND_THE_CLOCK),
    )
    events = (
        TicketEvent(EventKind.RECEIVED, NOW),
        TicketEvent(EventKind.PAUSED, NOW + timedelta(hours=1)),
        TicketEvent(EventKind.RESUMED, NOW + timedelta(hours=2)),
        TicketEvent(EventKind.RESPONDED, NOW + timedelta(hours=3)),
    )
    sla = evaluate_ticket("T1", events, tier=STANDARD, calendar=kyiv, now=NOW + timedelta(days=9))
    report = _audit_report()
    changes = (
        StatusChange("awaiting client", NOW + timedelta(hours=1)),
        StatusChange("Solved", NOW + timedelta(hours=3)),
    )
    status_rules = (
        sla_calendar.DEFAULT_STATUS_RULES,
        StatusRules(
            {"Pending": {"processing": "pause"}, "Solved": {"processing": "stop"}},
            ignore_unknown=True,
        ),
    )
    explanation = deadlines[0].explain()
    queued = (
        QueuedRequest("Q1", "acme", NOW, coupon_code="EMRG-0001-ACME"),
        QueuedRequest("Q2", "beta", NOW - timedelta(hours=1), critical=True),
    )
    holidays = (UkraineHolidays(), CountryHolidays("UA"), CountryHolidays("US", subdiv="CA"))
    pool: dict[type, tuple[Any, ...]] = {
        WorkingCalendar: calendars,
        sla_calendar.WeeklyHours: tuple(c.weekly_hours for c in calendars),
        TimeSpan: (TimeSpan.parse("09:00-18:00"), TimeSpan(0, 24 * 3_600_000_000)),
        sla_calendar.DayInfo: (kyiv.day_info(date(2026, 1, 1)), kyiv.day_info(date(2026, 5, 9))),
        sla_calendar.DayMark: tuple(UkraineHolidays().marks(2021, 2021).values())[:3],
        UkraineHolidays: (holidays[0], UkraineHolidays(date(2025, 1, 1), True, "uk")),
        CountryHolidays: holidays[1:],
        sla_calendar.WorkingPeriod: tuple(kyiv.working_periods(NOW, NOW + timedelta(days=3))),
        WorkingTimeLine: (
            (WorkingTimeLine(kyiv, 2025, 2027), WorkingTimeLine(calendars[3], 1, 2))
            if HAS_NUMPY
            else ()
        ),
        sla_calendar.Tier: (STANDARD, EMERGENCY, EMERGENCY_24_7),
        sla_calendar.Deadline: deadlines,
        sla_calendar.Explanation: (explanation,),
        sla_calendar.Segment: explanation.segments,
        TicketEvent: events,
        sla_calendar.TicketSla: (sla,),
        sla_calendar.SlaStatus: (sla.reaction, sla.processing),
        sla_calendar.ClockPart: sla.reaction.parts + sla.processing.parts,
        StatusChange: changes,
        StatusRules: status_rules,
        Coupon: (coupon,),
        CouponRegistry: (registry, CouponRegistry()),
        sla_calendar.CouponCheck: (registry.check("EMRG-0001-ACME", "acme", NOW),),
        QueuedRequest: queued,
        sla_calendar.QueuePosition: tuple(queue_order(queued, NOW, registry)),
        Client: (client, Client("beta", ContractStatus.SUSPENDED)),
        Request: (request, Request("R2", None, NOW)),
        PriorRequest: (prior,),
        IntakeRules: (rules, IntakeRules()),
        sla_calendar.Decision: (decision,),
        sla_calendar.Reason: decision.reasons,
        AbuseVerdict: (detect_abuse("you idiot"), detect_abuse("hello")),
        sla_calendar.AbuseMatch: detect_abuse("you idiot").matches,
        sla_calendar.Classification: (classify_request("Install", "setup fails"),),
        FaqEntry: faq.entries,
        FaqIndex: (faq,),
        AuditReport: (report,),
        sla_calendar.AuditRow: report.rows,
        sla_calendar.AuditSummary: (report.summary,),
        sla_calendar.PeriodSummary: report.summary.per_tier + report.summary.per_month,
        sla_calendar.Percentiles: (report.summary.percentiles, sla_calendar.Percentiles()),
        sla_calendar.ClientMonth: _crowded_month(),
        sla_calendar.RejectedRow: report.errors + report.pause_errors,
        ColumnMapping: (ColumnMapping(), SERVICENOW_MAPPING),
        PauseColumns: (PauseColumns(), PauseColumns("number", "from", "to")),
        TimestampRules: (TimestampRules(), TimestampRules("%d/%m/%Y %H:%M", "Europe/Kyiv")),
    }
    return pool


# ------------------------------------------------------------------ values by type

WORDS = st.sampled_from(
    [
        "Europe/Kyiv",
        "UTC",
        "Mars/Olympus",
        "Z" * 300,
        "../../etc/passwd",
        "standard",
        "emergency",
        "emergency_24_7",
        "09:00-18:00",
        "00:00-24:00",
        "18:00-09:00",
        "mon-fri",
        "sun",
        "2026-11-20T17:30+02:00",
        "0001-01-01T00:00+05:00",
        "9999-12-31T23:59-05:00",
        "2026-11-20 17:30",
        "%d/%m/%Y %H:%M",
        "%Y",
        "en",
        "uk",
        "ru",
        "en_US",
        "EMRG-0001-ACME",
        "reaction",
        "ticket_id=number",
        '=HYPERLINK("http://x")',
        "\x1b]0;title\x07\x1b[2J",
        "\ufeffticket_id",
        "\ud800",
        "\ufdfa" * 50,
        "shitake " * 30 + "you idiot",
    ]
)
"""Texts that mean something somewhere in the package, and some that attack it."""

TEXTS = st.one_of(WORDS, st.text(max_size=40))


def _arrays() -> st.SearchStrategy[Any]:
    """What the array functions may be handed: int64 arrays with extremes, and others."""
    if not HAS_NUMPY:  # the functions refuse, with our error, whatever they are given
        return st.one_of(st.lists(hostile_ints(), max_size=4), hostile_ints())
    import numpy as np

    ints = st.lists(hostile_ints().filter(lambda n: -(2**63) <= n < 2**63), max_size=5)
    return st.one_of(
        ints.map(lambda xs: np.array(xs, dtype=np.int64)),
        ints.map(lambda xs: np.array(xs, dtype=object)),
        st.lists(st.floats(), max_size=4).map(lambda xs: np.array(xs, dtype=np.float64)),
        st.sampled_from([np.zeros((2, 2), dtype=np.int64), np.array([], dtype=np.int64)]),
        st.lists(hostile_ints(), max_size=4),
        hostile_ints(),
    )


def _cells(surrogates: bool = True) -> st.SearchStrategy[str]:
    text = (
        st.text(max_size=12) if surrogates else st.text(st.characters(codec="utf-8"), max_size=12)
    )
    return st.one_of(
        st.sampled_from(["", "?", "standard", "emergency_24_7", "2026-11-20T17:30+02:00"]),
        WORDS.filter(lambda w: surrogates or w != "\ud800"),
        text,
    )


_COLUMNS = (
    "ticket_id",
    "tier",
    "received_at",
    "first_response_at",
    "resolved_at",
    "extension_notified_at",
    "pauses",
    "paused_at",
    "resumed_at",
)


def _rows(surrogates: bool = True) -> st.SearchStrategy[list[dict[str, str]]]:
    """A few rows of tickets (or pauses): the usual columns, odd values in them."""
    columns = st.lists(st.sampled_from(_COLUMNS), max_size=4, unique=True).map(
        lambda cs: list(dict.fromkeys(["ticket_id", "tier", "received_at", *cs]))
    )
    return columns.flatmap(
        lambda cs: st.lists(
            st.fixed_dictionaries({c: _cells(surrogates) for c in cs}), min_size=1, max_size=4
        )
    )


def _csv_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def _frames() -> list[st.SearchStrategy[Any]]:
    """DataFrames of rows, and one with a duplicate column (empty without pandas)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - the dev extra has pandas
        return []
    duplicate = pd.DataFrame(
        [["T1", "standard", "2026-11-20T17:30+02:00", "2020-01-01T00:00Z"]],
        columns=["ticket_id", "tier", "received_at", "received_at"],
    )
    return [_rows(surrogates=False).map(pd.DataFrame), st.just(duplicate)]


def _sources(folder: Path) -> st.SearchStrategy[Any]:
    """Audit input: rows, CSV in memory and on disk (a BOM, a bad byte), frames, paths, junk."""
    counter = itertools.count()

    def on_disk(data: bytes) -> str:
        path = folder / f"source-{next(counter)}.csv"
        path.write_bytes(data)
        return str(path)

    as_bytes = _rows().map(_csv_bytes)
    spoiled = st.tuples(as_bytes, st.sampled_from([b"\xef\xbb\xbf", b"\xff", b"\x00"])).map(
        lambda pair: pair[1] + pair[0] + b"T9,standard,\xff\n"
    )
    return st.one_of(
        _rows(),
        _rows().map(lambda rows: io.StringIO(_csv_bytes(rows).decode("utf-8", "replace"))),
        st.one_of(as_bytes, spoiled).map(on_disk),
        st.sampled_from(["", str(folder), str(folder / "missing.csv")]),
        *_frames(),
        junk(),
    )


def _destinations(folder: Path) -> st.SearchStrategy[Any]:
    """Where a report may be written: text files in memory, fresh paths, and wrong things."""
    counter = itertools.count()
    return st.one_of(
        st.builds(io.StringIO),
        st.builds(lambda: str(folder / f"out-{next(counter)}.txt")),
        st.builds(lambda: folder / f"out-{next(counter)}.txt"),
        st.sampled_from([str(folder), str(folder / "no" / "such" / "dir.txt")]),
        st.builds(io.BytesIO),
        st.sampled_from([None, 5, object(), "", "\x00"]),
    )


def _event_rows() -> st.SearchStrategy[list[Any]]:
    """ServiceNow event rows: its columns with odd values, cut short, or not mappings."""
    names = ("number", "incident_state", "sys_updated_at", "opened_at", "resolved_at")
    row = st.dictionaries(st.sampled_from(names), st.one_of(_cells(), junk()), max_size=5)
    return st.one_of(st.lists(row, max_size=4), st.lists(junk(), min_size=1, max_size=2))


def _decision_data() -> st.SearchStrategy[Any]:
    """``Decision.to_dict()`` of a real decision with one entry spoiled or dropped."""
    decision = instance_pool()[sla_calendar.Decision][0]

    def spoil(key: str, value: Any, drop: bool) -> dict[str, Any]:
        data = dict(decision.to_dict())
        if drop:
            data.pop(key, None)
        else:
            data[key] = value
        return data

    keys = st.sampled_from(sorted(decision.to_dict()))
    return st.builds(spoil, keys, st.one_of(junk(), TEXTS, st.lists(junk())), st.booleans())


def _audit_options(folder: Path) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword options of :func:`~sla_calendar.audit`, a few at a time (``audit_partition``)."""
    hints = typing.get_type_hints(audit)
    names = [n for n in inspect.signature(audit).parameters if n not in ("source", "pauses")]
    return st.lists(st.sampled_from(names), max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {n: argument("audit", n, hints[n], folder) for n in chosen}
        )
    )


@functools.cache
def _overrides(folder: Path) -> dict[str, st.SearchStrategy[Any]]:
    """Parameters whose annotation says too little (``Any``, ``object``) or too much.

    Keyed ``"label:name"``; ``"*:name"`` applies to every callable's parameter ``name``.
    """
    arrays = st.deferred(_arrays)
    sources = _sources(folder)
    return {
        "audit:source": sources,
        "audit:pauses": st.one_of(st.none(), sources),
        "audit_partition:frame": sources,
        "*:target": _destinations(folder),
        "*:starts_us": arrays,
        "*:ends_us": arrays,
        "*:instants": arrays,
        "*:goals": arrays,
        "*:ax": st.one_of(st.none(), junk()),
        "*:progress": st.sampled_from([None, lambda *done: None]),
        "*:abuse_detector": st.sampled_from([detect_abuse, lambda text: False]),
        "incidents_from_event_log:rows": _event_rows(),
        "Decision.from_dict:data": st.deferred(_decision_data),
        "StatusRules:actions": _status_tables(),
    }


def _status_tables() -> st.SearchStrategy[Any]:
    """``{status: {clock: action}}`` tables: clocks and actions as members, values or junk."""
    clocks = st.sampled_from([*sla_calendar.Target, "processing", "reaction", "Reply", "nope", 5])
    actions = st.sampled_from([*sla_calendar.ClockAction, "pause", "stop", "resume", "x", None])
    return st.dictionaries(TEXTS, st.dictionaries(clocks, actions, max_size=3), max_size=4)


def typed(tp: Any, folder: Path) -> st.SearchStrategy[Any]:
    """Values of type ``tp`` (as annotated), hostile ones included."""
    simple = {
        datetime: hostile_datetimes(),
        date: st.one_of(st.dates(), st.sampled_from([date.min, date.max])),
        time: st.times(),
        timedelta: hostile_timedeltas(),
        int: hostile_ints(),
        str: TEXTS,
        bool: st.booleans(),
        float: st.floats(),
        Fraction: st.fractions(),
        type(None): st.none(),
    }
    if tp in simple:
        return simple[tp]
    if isinstance(tp, LookupOf):
        members = list(tp.enum)
        return st.one_of(
            st.sampled_from(members),
            st.sampled_from([m.value for m in members] + [m.name for m in members]),
            TEXTS,
        )
    if tp is Any or tp is object:
        return st.one_of(junk(), TEXTS, hostile_datetimes())
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(typed(a, folder) for a in args))
    if origin is typing.Literal:
        return st.one_of(st.sampled_from(args), TEXTS)
    if origin is collections.abc.Callable:
        return st.just(lambda *_: None)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(typed(args[0], folder), max_size=4).map(tuple)
        return st.tuples(*(typed(a, folder) for a in args))
    if origin in (list, collections.abc.Sequence, collections.abc.Iterable):
        items = st.lists(typed(args[0], folder), max_size=4)
        return st.one_of(items, items.map(tuple), items.map(iter))
    if origin in (frozenset, set, collections.abc.Set):
        return st.frozensets(typed(args[0], folder), max_size=4)
    if origin in (dict, collections.abc.Mapping):
        keys = typed(args[0], folder).filter(_hashable)
        return st.dictionaries(keys, typed(args[1], folder), max_size=4)
    if inspect.isclass(tp) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if inspect.isclass(tp) and tp.__module__.startswith("sla_calendar"):
        return st.sampled_from(instances_of(tp))
    raise AssertionError(f"no strategy for the annotation {tp!r}")


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def argument(label: str, name: str, tp: Any, folder: Path) -> st.SearchStrategy[Any]:
    """A value for parameter ``name`` of ``label``: nine in ten of its type, else anything."""
    overrides = _overrides(folder)
    key = next((k for k in (f"{label}:{name}", f"*:{name}") if k in overrides), None)
    good = typed(tp, folder) if key is None else overrides[key]
    wrong = st.one_of(junk(), st.sampled_from(_every_instance()))
    if name == "target":  # never a path relative to the working directory
        wrong = wrong.filter(lambda value: not isinstance(value, str | bytes))
    return st.integers(0, 9).flatmap(lambda n: wrong if n == 0 else good)


# ------------------------------------------------------------------ receivers

BUILT_FROM_HOSTILE_VALUES = frozenset(
    {
        sla_calendar.Tier,
        Coupon,
        TicketEvent,
        QueuedRequest,
        Request,
        PriorRequest,
        Client,
        TimeSpan,
        ColumnMapping,
        PauseColumns,
        TimestampRules,
        FaqEntry,
        UkraineHolidays,
        IntakeRules,
    }
)
"""Input classes users build: a method's ``self`` may be made by the constructor from any
well-typed hostile values it accepts. Result records (``AuditRow``, ``Segment``...) are
not built by hand; theirs come from the library (:func:`_made_by_the_library`)."""


def instances_of(cls: type) -> tuple[Any, ...]:
    """The pool's instances of ``cls`` and its subclasses (a protocol: its implementations)."""
    pool = instance_pool()
    if cls is sla_calendar.HolidaySource:
        return pool[UkraineHolidays] + pool[CountryHolidays]
    found = tuple(v for kind, values in pool.items() if issubclass(kind, cls) for v in values)
    if cls is WorkingTimeLine and not HAS_NUMPY:
        return (None,)  # a parameter of its type gets None; its methods are skipped
    assert found, (
        f"instance_pool() in tests/contract.py has no {cls.__name__}: add a valid one or two, "
        "made the way users get them, so its methods and the parameters of its type are called"
    )
    return found


@functools.cache
def _every_instance() -> tuple[Any, ...]:
    return tuple(v for values in instance_pool().values() for v in values)


def _or_none(make: Callable[..., Any], *args: Any) -> Any:
    """``make(*args)``, or None when it raises (its own test says whether it may)."""
    try:
        return make(*args)
    except Exception:
        return None


def _built(cls: type, folder: Path) -> st.SearchStrategy[Any]:
    """Instances the constructor makes from well-typed hostile values (when it takes them)."""
    hints = typing.get_type_hints(cls.__init__)
    init = {f.name: typed(hints[f.name], folder) for f in fields(cls) if f.init}
    return st.fixed_dictionaries(init).map(lambda kw: _or_none(lambda: cls(**kw)))


def _made_by_the_library(cls: type) -> st.SearchStrategy[Any]:
    """Result records the library made from hostile instants (none for other classes)."""
    tiers = st.sampled_from(instances_of(sla_calendar.Tier))
    calendars = st.sampled_from(instances_of(WorkingCalendar))
    deadlines = st.builds(
        lambda tier, at, calendar, due: _or_none(due(tier), at, calendar),
        tiers,
        hostile_datetimes(),
        calendars,
        st.sampled_from([lambda t: t.reaction_due, lambda t: t.processing_due]),
    ).filter(lambda made: made is not None)
    explanations = deadlines.map(lambda d: _or_none(d.explain))
    if cls is sla_calendar.Deadline:
        return deadlines
    if cls is sla_calendar.Explanation:
        return explanations
    if cls is sla_calendar.Segment:
        return explanations.filter(lambda e: e is not None and e.segments).flatmap(
            lambda e: st.sampled_from(e.segments)
        )
    if cls is sla_calendar.WorkingPeriod:
        return st.builds(
            lambda c, at: _or_none(lambda: c.working_periods(at, at + timedelta(days=2))[:1]),
            calendars,
            hostile_datetimes(),
        ).flatmap(lambda made: st.sampled_from(made) if made else st.none())
    if cls is sla_calendar.DayInfo:
        return st.builds(lambda c, day: _or_none(c.day_info, day), calendars, st.dates())
    return st.none()


def receivers(cls: type, folder: Path) -> st.SearchStrategy[Any]:
    """``self`` for a method of ``cls``: valid, built from hostile values, or library-made."""
    made = _built(cls, folder) if cls in BUILT_FROM_HOSTILE_VALUES else _made_by_the_library(cls)
    valid = st.sampled_from(instances_of(cls))
    # A receiver the hostile values could not make is a valid one instead: rejecting the
    # example would make hypothesis draw hundreds for a class its values rarely make.
    return st.one_of(valid, made.flatmap(lambda r: valid if r is None else st.just(r)))


# ------------------------------------------------------------------ calls


@dataclass
class Call:
    """One drawn call: the receiver (for a method), positional and keyword arguments."""

    spec: Spec
    receiver: Any = None
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        head = self.spec.label
        if self.receiver is not None:
            head = f"({self.receiver!r}).{head.rsplit('.', 1)[-1]}"
        if self.spec.is_property:
            return head
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{head}({', '.join(parts)})"

    def invoke(self) -> Any:
        """Make the call; return its result."""
        if self.spec.is_property:
            return self.spec.target(self.receiver)
        if self.spec.receiver is not None:
            return self.spec.target(self.receiver, *self.args, **self.kwargs)
        return self.spec.target(*self.args, **self.kwargs)


@st.composite
def calls(draw: st.DrawFn, spec: Spec, folder: Path) -> Call:
    """A call of ``spec`` with arguments drawn from its signature."""
    receiver = None if spec.receiver is None else draw(receivers(spec.receiver, folder))
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in spec.parameters:
        if parameter.kind is parameter.VAR_POSITIONAL:
            continue
        if parameter.kind is parameter.VAR_KEYWORD:
            kwargs.update(draw(_var_keywords(spec, folder)))
            continue
        if parameter.default is not parameter.empty and draw(st.integers(0, 2)) == 0:
            continue  # left to its default now and then
        hint = spec.hints.get(parameter.name, Any)
        value = draw(argument(spec.label, parameter.name, hint, folder))
        if parameter.kind is parameter.POSITIONAL_ONLY:
            args.append(value)
        else:
            kwargs[parameter.name] = value
    return Call(spec, receiver, tuple(args), kwargs)


def _var_keywords(spec: Spec, folder: Path) -> st.SearchStrategy[dict[str, Any]]:
    if spec.label == "audit_partition":
        return _audit_options(folder)
    return st.dictionaries(TEXTS, st.one_of(TEXTS, junk()), max_size=3)
