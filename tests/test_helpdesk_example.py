"""The helpdesk worker in examples/ (SQLite, JSON lines) agrees with the library's own calls.

The example runs as a user runs it, on the checked-in sample: 50 requests from 11 Oct to
1 Nov 2021, across a public holiday (14 Oct), the transferred day off after it (15 Oct),
the Saturday worked for it (23 Oct) and the night the clocks went back (31 Oct), with a
client on its own calendar (Warsaw) and one on the 24/7 tier (R13). Its queue is then
worked out here again from the same file with ``decide``, ``evaluate_ticket`` and
``queue_order`` directly, and must be the same. The example also passes ruff and mypy.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sla_calendar import (
    BUILT_IN_TIERS,
    Category,
    Client,
    ClockState,
    ContractStatus,
    CountryHolidays,
    Coupon,
    CouponRegistry,
    Outcome,
    PriorRequest,
    Request,
    WorkingCalendar,
    decide,
    evaluate_ticket,
    kyiv_calendar,
    queue_order,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "helpdesk.py"
SAMPLE = ROOT / "examples" / "helpdesk_sample.jsonl"
NOW = "2021-11-01T12:00+02:00"


def run_example(db: Path, *options: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--db", str(db), "--now", NOW, *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("helpdesk") / "helpdesk.sqlite3"


@pytest.fixture(scope="module")
def printed(database: Path) -> list[dict[str, Any]]:
    lines = run_example(database, "--input", str(SAMPLE), "--json").splitlines()
    return [json.loads(line) for line in lines]


# ---------------------------------------------------------------- the same, by hand


def _client(data: dict[str, Any]) -> Client:
    calendar = None
    if "calendar" in data:
        spec = data["calendar"]
        calendar = WorkingCalendar.build(
            spec["zone"], spec["hours"], holidays=CountryHolidays(spec["holidays"])
        )
    coupons = CouponRegistry.of(
        Coupon(
            c["code"],
            data["id"],
            datetime.fromisoformat(c["issued_at"]),
            datetime.fromisoformat(c["valid_until"]),
        )
        for c in data.get("coupons", [])
    )
    return Client(
        data["id"], ContractStatus(data["status"]), BUILT_IN_TIERS[data["tier"]], coupons, calendar
    )


def _request(data: dict[str, Any]) -> Request:
    return Request(
        data["id"],
        data["client_id"],
        datetime.fromisoformat(data["received_at"]),
        addresses=tuple(data["addresses"]),
        subject=data["subject"],
        body=data["body"],
        category=Category(data["category"]) if data.get("category") else None,
        coupon_code=data.get("coupon_code"),
        critical=data.get("critical", False),
    )


def _closed(entries: list[dict[str, Any]], before: datetime) -> bool:
    """Whether the last resolution or reopening by ``before`` left the ticket closed."""
    marks = sorted(
        (datetime.fromisoformat(e["at"]), e.get("status", "").lower() != "reopened")
        for e in entries
        if e.get("status", "").lower() in ("resolved", "closed", "reopened")
        and datetime.fromisoformat(e["at"]) <= before
    )
    return bool(marks) and marks[-1][1]


def expected_queue() -> list[dict[str, Any]]:
    """The sample's queue at NOW, from the library's calls alone (no database)."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    clients = {r["id"]: _client(r) for r in records if r["type"] == "client"}
    history: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        if r["type"] in ("event", "status"):
            history.setdefault(r["ticket"], []).append(
                {k: v for k, v in r.items() if k not in ("type", "ticket")}
            )
    now = datetime.fromisoformat(NOW)
    decided: list[tuple[Request, Any]] = []
    for r in records:
        if r["type"] != "request":
            continue
        request = _request(r)
        client = clients.get(request.client_id or "")
        prior = [
            PriorRequest(
                earlier.id,
                earlier.received_at,
                earlier.fingerprint,
                decision.outcome,
                decision.outcome in (Outcome.ACCEPTED, Outcome.PAID_SERVICE)
                and not _closed(history.get(earlier.id, []), request.received_at),
                earlier.addresses,
            )
            for earlier, decision in decided
            if client is not None and earlier.client_id == client.id
        ]
        decided.append((request, decide(request, client, prior)))
    waiting, slas = [], {}
    for request, decision in decided:
        if decision.outcome not in (Outcome.ACCEPTED, Outcome.PAID_SERVICE):
            continue
        client = clients[request.client_id or ""]
        tiers = {name: client.serving_tier(tier) for name, tier in BUILT_IN_TIERS.items()}
        entries = [{"kind": "received", "at": request.received_at.isoformat()}] + [
            e for e in history.get(request.id, []) if datetime.fromisoformat(e["at"]) <= now
        ]
        sla = evaluate_ticket(
            request.id, entries, tier=decision.tier, calendar=kyiv_calendar(), now=now, tiers=tiers
        )
        if sla.processing.state in (ClockState.MET, ClockState.CANCELLED):
            continue
        supplied = [e["coupon_code"] for e in entries if "coupon_code" in e]
        entry = decision.queue_entry(request)
        if supplied:
            entry = type(entry)(
                entry.id, entry.client_id, entry.received_at, entry.critical, supplied[-1]
            )
        waiting.append(entry)
        slas[request.id] = sla
    registry = CouponRegistry.of(c for client in clients.values() for c in client.coupons.coupons)
    queue = []
    for place in queue_order(waiting, now, registry):
        sla = slas[place.request.id]
        queue.append(
            {
                "position": place.position,
                "ticket": place.request.id,
                "reason": place.reason.value,
                "tier": sla.tier.name,
                "states": [c.state.value for c in sla.clocks],
                "due": [c.due.isoformat() for c in sla.clocks],
                "working_left_us": [c.remaining // timedelta(microseconds=1) for c in sla.clocks],
                "clock_left_us": [
                    c.clock_time_left // timedelta(microseconds=1) for c in sla.clocks
                ],
                "next_warning": [
                    None if (w := c.next_warning) is None else [str(w[0]), w[1].isoformat()]
                    for c in sla.clocks
                ],
            }
        )
    return queue


def test_the_example_queue_equals_the_librarys_own_calls(printed: list[dict[str, Any]]) -> None:
    shown = [
        {
            "position": item["position"],
            "ticket": item["ticket"],
            "reason": item["reason"],
            "tier": item["tier"],
            "states": [c["state"] for c in item["clocks"]],
            "due": [c["due"] for c in item["clocks"]],
            "working_left_us": [c["working_left_us"] for c in item["clocks"]],
            "clock_left_us": [c["clock_left_us"] for c in item["clocks"]],
            "next_warning": [c["next_warning"] for c in item["clocks"]],
        }
        for item in printed
    ]
    assert shown == expected_queue()


def test_the_sample_covers_what_it_says(printed: list[dict[str, Any]], database: Path) -> None:
    with sqlite3.connect(database) as db:
        outcomes = dict(db.execute("SELECT outcome, count(*) FROM tickets GROUP BY outcome"))
        days = {row[0][:10] for row in db.execute("SELECT received_at FROM tickets")}
    assert sum(outcomes.values()) == 50
    assert outcomes["refused"] >= 4
    assert outcomes["redirected"] == 1
    assert {"2021-10-14", "2021-10-15", "2021-10-23", "2021-10-31"} <= days
    reasons = {item["reason"] for item in printed}
    assert reasons == {"critical", "coupon", "arrival"}
    states = {clock["state"] for item in printed for clock in item["clocks"]}
    assert {"ok", "at_risk", "paused", "breached", "met"} <= states
    assert any(len(item["clocks"]) > 2 for item in printed)  # reply cycles
    assert {item["tier"] for item in printed} == {"standard", "emergency", "emergency_24_7"}


def test_the_text_queue_lists_the_same_tickets_in_the_same_order(
    printed: list[dict[str, Any]], database: Path
) -> None:
    lines = run_example(database).splitlines()  # the database as it is: nothing to ingest
    assert lines[0] == f"Queue at 2021-11-01T12:00:00+02:00: {len(printed)} tickets waiting"
    assert lines[1].split() == [
        "#",
        "ticket",
        "client",
        "tier",
        "place",
        "watch",
        "left",
        "on",
        "the",
        "clock",
        "next",
        "warning",
    ]
    assert [line.split()[1] for line in lines[2:]] == [item["ticket"] for item in printed]


def test_ingesting_the_same_file_again_changes_nothing(
    printed: list[dict[str, Any]], database: Path
) -> None:
    again = run_example(database, "--input", str(SAMPLE), "--json").splitlines()
    assert [json.loads(line) for line in again] == printed


def test_the_example_passes_ruff_and_mypy(tmp_path: Path) -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed (the dev extra)")
    for command in ([ruff, "check", str(EXAMPLE)], [ruff, "format", "--check", str(EXAMPLE)]):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    pytest.importorskip("mypy", reason="mypy is not installed (the dev extra)")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_committed_sample_is_what_its_script_makes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_helpdesk_sample.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
