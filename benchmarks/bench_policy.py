"""Speed of the SLA clocks, and how fast policy calls answer or refuse at the ends of time.

Run from the repository root::

    .venv/bin/python benchmarks/bench_policy.py           # everything
    .venv/bin/python benchmarks/bench_policy.py --quick   # fewer repeats and instants (CI)

1. ``evaluate_ticket`` per call (median of repeats) on four histories: the audit's shape
   (receipt, response, a pause, resolution), the same as a helpdesk's statuses, reply
   cycles with a tier change, and the same as shuffled JSON dicts; and the audit's
   per-ticket engine (``engine="python"``, which replays every ticket through the clocks)
   on the bundled sample.
2. Policy calls (``Tier.reaction_due``, ``processing_due``, ``Deadline.explain``,
   ``evaluate_ticket`` and what its clocks report) on instants from year 1 to 9999 in
   offsets up to ±23:59 and zones with clock changes, each on a fresh calendar (cold:
   year tables built for the call) and again on a warm one: how long the slowest call
   took, and how many took over 10 ms. Every call must answer or raise the package's
   error; anything else stops the run with exit status 1.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent

from sla_calendar import (  # noqa: E402
    EMERGENCY,
    EMERGENCY_24_7,
    STANDARD,
    EventKind,
    SlaCalendarError,
    StatusChange,
    TicketEvent,
    WorkingCalendar,
    audit,
    evaluate_ticket,
    kyiv_calendar,
    sample_tickets_path,
)

at = datetime.fromisoformat

AUDIT_SHAPE = [
    TicketEvent(EventKind.RECEIVED, at("2026-11-20T17:30+02:00")),
    TicketEvent(EventKind.RESPONDED, at("2026-11-23T10:00+02:00")),
    TicketEvent(EventKind.PAUSED, at("2026-11-23T11:00+02:00")),
    TicketEvent(EventKind.RESUMED, at("2026-11-24T11:00+02:00")),
    TicketEvent(EventKind.RESOLVED, at("2026-11-26T12:00+02:00")),
]
STATUSES = [
    StatusChange("new", at("2026-11-20T17:30+02:00")),
    TicketEvent(EventKind.RESPONDED, at("2026-11-23T10:00+02:00")),
    StatusChange("awaiting client", at("2026-11-23T11:00+02:00")),
    StatusChange("open", at("2026-11-24T11:00+02:00")),
    StatusChange("resolved", at("2026-11-26T12:00+02:00")),
]
CYCLES = [
    *AUDIT_SHAPE[:2],
    TicketEvent(EventKind.CLIENT_MESSAGE, at("2026-11-23T15:00+02:00")),
    TicketEvent(EventKind.TIER_CHANGED, at("2026-11-23T16:00+02:00"), EMERGENCY),
    TicketEvent(EventKind.RESPONDED, at("2026-11-24T10:00+02:00")),
    TicketEvent(EventKind.CLIENT_MESSAGE, at("2026-11-25T09:00+02:00")),
]
NOW = at("2026-11-27T12:00+02:00")


def _median_us(call: Callable[[], object], number: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            call()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times) * 1e6


def clocks_speed(quick: bool) -> None:
    """Part 1: evaluate_ticket per call, and the audit's per-ticket engine."""
    calendar = kyiv_calendar()
    shuffled = [item.to_dict() for item in CYCLES]
    random.Random(1).shuffle(shuffled)
    cases: list[tuple[str, list[Any]]] = [
        ("events, the audit's shape", AUDIT_SHAPE),
        ("statuses and a response", STATUSES),
        ("reply cycles and a tier change", CYCLES),
        ("the same as shuffled JSON dicts", shuffled),
    ]
    number, repeats = (200, 3) if quick else (2000, 7)
    print("evaluate_ticket, median per call:")
    for label, events in cases:
        us = _median_us(
            lambda e=events: evaluate_ticket("B", e, tier=STANDARD, calendar=calendar, now=NOW),
            number,
            repeats,
        )
        print(f"  {label:34s} {us:8.1f} µs")
    path = sample_tickets_path()
    audit(path, engine="python")
    runs = []
    for _ in range(1 if quick else 5):
        start = time.perf_counter()
        report = audit(path, engine="python")
        runs.append(time.perf_counter() - start)
    per_ticket = statistics.median(runs) / report.rows_in * 1e6
    print(
        f"audit(engine='python') on the sample: {per_ticket:.1f} µs per ticket "
        f"({report.rows_in} rows)"
    )


def _edge_instants(count: int, seed: int) -> list[datetime]:
    rng = random.Random(seed)
    offsets = [timezone(timedelta(minutes=m)) for m in (-1439, -60, 0, 150, 1439)]
    zones = [ZoneInfo(z) for z in ("Europe/Kyiv", "America/Santiago", "Australia/Lord_Howe")]
    fixed = [
        datetime(1, 1, 1, tzinfo=offsets[-1]),
        datetime(1, 1, 2, 12, tzinfo=offsets[0]),
        datetime(9999, 12, 31, 23, 59, tzinfo=offsets[0]),
        datetime(9999, 12, 30, 12, tzinfo=offsets[-1]),
        datetime(9999, 12, 24, tzinfo=UTC),
    ]
    drawn = [
        (datetime.min + timedelta(seconds=rng.randrange(315_537_897_599))).replace(  # noqa: DTZ901  (a wall time, given a zone next)
            tzinfo=rng.choice(offsets + zones), fold=rng.randrange(2)
        )
        for _ in range(count)
    ]
    return fixed + drawn


def _policy_calls(moment: datetime, calendar: WorkingCalendar) -> list[Callable[[], object]]:
    later = moment + timedelta(0)

    def clocks() -> object:
        sla = evaluate_ticket(
            "E",
            [TicketEvent(EventKind.RECEIVED, moment)],
            tier=STANDARD,
            calendar=calendar,
            now=later,
        )
        return [
            (s.state, s.next_change, s.warnings(), s.clock_time_left, str(s.explain()))
            for s in sla.clocks
        ]

    return [
        lambda: STANDARD.reaction_due(moment, calendar),
        lambda: EMERGENCY_24_7.processing_due(moment, calendar, moment),
        lambda: STANDARD.reaction_due(moment, calendar).explain(),
        clocks,
        lambda: json.dumps(
            evaluate_ticket(
                "E",
                [TicketEvent(EventKind.RECEIVED, moment)],
                tier=EMERGENCY,
                calendar=calendar,
                now=moment,
            )
            .reaction.instant_at(Fraction(3, 4))
            .isoformat()
        ),
    ]


def edges(quick: bool) -> int:
    """Part 2: policy calls at the ends of time; the exit status (1 on a foreign error)."""
    instants = _edge_instants(20 if quick else 300, seed=7)
    warm = kyiv_calendar()
    results: dict[str, list[float]] = {"cold": [], "warm": []}
    worst: dict[str, tuple[float, str]] = {"cold": (0.0, ""), "warm": (0.0, "")}
    refused = 0
    for moment in instants:
        for mode in ("cold", "warm"):
            calendar = kyiv_calendar() if mode == "cold" else warm
            for index, call in enumerate(_policy_calls(moment, calendar)):
                start = time.perf_counter()
                try:
                    call()
                except SlaCalendarError:
                    refused += 1
                except Exception as error:  # the contract is broken: report and fail
                    print(f"FAILED at {moment!r}, call {index}: {type(error).__name__}: {error}")
                    return 1
                took = (time.perf_counter() - start) * 1000
                results[mode].append(took)
                if took > worst[mode][0]:
                    worst[mode] = (took, f"call {index} at {moment.isoformat()}")
    print(f"policy calls at {len(instants)} instants in years 1..9999 ({refused} refused):")
    for mode, times in results.items():
        over = sum(1 for t in times if t > 10)
        print(
            f"  {mode}: median {statistics.median(times):.2f} ms, slowest {worst[mode][0]:.1f} ms "
            f"({worst[mode][1]}), over 10 ms: {over} of {len(times)}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (CI smoke run)")
    args = parser.parse_args()
    clocks_speed(args.quick)
    return edges(args.quick)


if __name__ == "__main__":
    sys.exit(main())
