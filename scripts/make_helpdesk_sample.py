"""Make the helpdesk example's input: examples/helpdesk_sample.jsonl.

Deterministic (a seeded generator, no clock): running it again gives the same bytes, and
tests/test_helpdesk_example.py checks that the committed file equals this script's
output. Five invented clients (an emergency client with a coupon, a standard one, one on
the 24/7 tier, one on its own Warsaw calendar, a suspended one) send 50 requests from
11 October to 1 November 2021: across Defenders' Day (14 October, a holiday), the
transferred day off after it (15 October), the Saturday worked for it (23 October) and
the night the clocks went back (31 October). Among them: a suspended client, an
unidentified sender, abuse, a hosting question, an accounting question on the standard
tier, an emergency request whose coupon came later, and a duplicate. Responses, waits for
the client, messages of the client, resolutions, reopenings and R5 notices follow, up to
1 November 12:00.

Usage: python scripts/make_helpdesk_sample.py [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "examples" / "helpdesk_sample.jsonl"
SEED = 20_211_101
KYIV = ZoneInfo("Europe/Kyiv")
NOW = datetime(2021, 11, 1, 12, 0, tzinfo=KYIV)
COUPONS = {"acme": "EMRG-2021-ACME", "gamma": "GAMA-2021-0024"}

CLIENTS: list[dict[str, Any]] = [
    {
        "type": "client",
        "id": "acme",
        "status": "active",
        "tier": "emergency",
        "coupons": [
            {
                "code": COUPONS["acme"],
                "issued_at": "2021-01-01T00:00+02:00",
                "valid_until": "2022-01-01T00:00+02:00",
            }
        ],
    },
    {"type": "client", "id": "beta", "status": "active", "tier": "standard"},
    {
        "type": "client",
        "id": "gamma",
        "status": "active",
        "tier": "emergency_24_7",
        "coupons": [
            {
                "code": COUPONS["gamma"],
                "issued_at": "2021-01-01T00:00+02:00",
                "valid_until": "2022-01-01T00:00+02:00",
            }
        ],
    },
    {
        "type": "client",
        "id": "delta",
        "status": "active",
        "tier": "standard",
        "calendar": {
            "zone": "Europe/Warsaw",
            "hours": {"mon-fri": "08:00-16:00"},
            "holidays": "PL",
        },
    },
    {"type": "client", "id": "omega", "status": "suspended", "tier": "standard"},
]
PROBLEMS = [
    ("Invoice report", "The invoice report fails to open with an error."),
    ("Update stuck", "Installing the update stops at 40 percent."),
    ("Login", "Users cannot log in since this morning."),
    ("Export", "The export to Excel produces an empty file."),
    ("Printing", "Printing a delivery note freezes the program."),
    ("Sync", "The mobile app does not sync orders."),
    ("Settings", "How do I configure the new tax rate in the settings?"),
    ("Slow search", "Customer search takes a minute to answer."),
]
NIGHTS = [  # the receipts that make the calendar matter
    datetime(2021, 10, 13, 17, 30, tzinfo=KYIV),  # before the holiday and the day off
    datetime(2021, 10, 14, 10, 0, tzinfo=KYIV),  # on the holiday
    datetime(2021, 10, 15, 11, 0, tzinfo=KYIV),  # on the transferred day off
    datetime(2021, 10, 22, 17, 0, tzinfo=KYIV),  # before the worked Saturday
    datetime(2021, 10, 23, 10, 0, tzinfo=KYIV),  # on the worked Saturday
    datetime(2021, 10, 30, 23, 0, tzinfo=KYIV),  # before the night the clocks went back
    datetime(2021, 10, 31, 2, 30, tzinfo=KYIV),
    datetime(2021, 10, 31, 3, 30, tzinfo=KYIV),
]
CLIENT_OF_DAY = {  # whose clock each of those days moves
    "2021-10-13": "beta",
    "2021-10-14": "beta",
    "2021-10-15": "beta",
    "2021-10-22": "acme",
    "2021-10-23": "acme",
    "2021-10-30": "gamma",
    "2021-10-31": "gamma",
}


def iso(moment: datetime) -> str:
    return moment.astimezone(KYIV).isoformat()


def requests(rng: random.Random) -> list[dict[str, Any]]:
    """The 50 requests, in order of receipt, with the special cases in place."""
    start = datetime(2021, 10, 11, 8, 0, tzinfo=KYIV)
    span = (NOW - start) // timedelta(seconds=1)
    times = sorted(
        NIGHTS + [start + timedelta(seconds=rng.randrange(span - 3600)) for _ in range(42)]
    )
    plan = []
    for number, received in enumerate(times, start=1):
        client = rng.choice(["acme", "acme", "beta", "beta", "gamma", "delta", "delta"])
        subject, body = rng.choice(PROBLEMS)
        record = {
            "type": "request",
            "id": f"R-{number:02d}",
            "client_id": client,
            "received_at": iso(received),
            "subject": subject,
            "body": f"{body} (ticket {number})",
            "addresses": ["support@example.com"],
        }
        if rng.random() < 0.12:
            record["critical"] = True
        record["client_id"] = CLIENT_OF_DAY.get(record["received_at"][:10], client)
        plan.append(record)
    plan[3]["client_id"] = "omega"  # R9.3: suspended
    plan[5]["client_id"] = None  # R9.1: unidentified
    plan[8]["body"] = "Fix it now, you idiot."  # R9.4
    plan[12].update(
        subject="Hosting",
        body="Which hosting provider plan should we buy for the virtual server?",
        client_id="beta",
    )
    plan[16].update(subject="Payroll", body="A warehouse accounting question.", client_id="beta")
    plan[20]["client_id"] = "acme"  # without its coupon: served as standard until it comes (R12)
    plan[21].update(  # R9.5: the same message to another address
        subject=plan[19]["subject"],
        body=plan[19]["body"],
        client_id=plan[19]["client_id"],
        addresses=["sales@example.com"],
    )
    for record in plan:
        if record["client_id"] in COUPONS and record is not plan[20]:
            record["coupon_code"] = COUPONS[record["client_id"]]
    return plan


def history(rng: random.Random, plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What happened to each request up to NOW: responses, waits, messages, resolutions."""
    lines: list[dict[str, Any]] = []

    def add(ticket: str, at: datetime, **entry: Any) -> None:
        if at <= NOW:
            kind = "status" if "status" in entry else "event"
            lines.append({"type": kind, "ticket": ticket, **entry, "at": iso(at)})

    for record in plan:
        ticket, received = record["id"], datetime.fromisoformat(record["received_at"])
        if record is plan[20]:
            add(
                ticket,
                received + timedelta(hours=2),
                kind="tier_changed",
                tier="emergency",
                coupon_code=COUPONS["acme"],
            )
        if rng.random() < 0.15 or NOW - received < timedelta(hours=3):
            continue  # not answered yet
        moment = received + timedelta(minutes=rng.randrange(20, 60 * 30))
        add(ticket, moment, kind="responded")
        if rng.random() < 0.4:
            paused = moment + timedelta(minutes=rng.randrange(10, 120))
            add(ticket, paused, status="awaiting client")
            moment = paused + timedelta(minutes=rng.randrange(60, 60 * 40))
            add(ticket, moment, status="open")
            add(ticket, moment, kind="client_message")
            if rng.random() < 0.6:
                add(ticket, moment + timedelta(minutes=rng.randrange(30, 600)), kind="responded")
        if rng.random() < 0.75:
            done = moment + timedelta(minutes=rng.randrange(60, 60 * 60))
            add(ticket, done, status=rng.choice(["Resolved", "closed"]))
            if rng.random() < 0.2:
                add(ticket, done + timedelta(hours=rng.randrange(2, 48)), status="reopened")
        elif rng.random() < 0.2:
            add(
                ticket,
                moment + timedelta(minutes=rng.randrange(30, 600)),
                kind="extension_notified",
            )
    return lines


def sample() -> str:
    """The whole file: clients first, then requests and history in time order."""
    rng = random.Random(SEED)
    plan = requests(rng)
    records = sorted(
        plan + history(rng, plan),
        key=lambda r: (
            datetime.fromisoformat(r.get("received_at") or r["at"]).astimezone(UTC),
            r["type"] != "request",
        ),
    )
    return "".join(json.dumps(record) + "\n" for record in CLIENTS + records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the committed file")
    text = sample()
    if parser.parse_args().check:
        same = OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.relative_to(ROOT)} {'is' if same else 'is NOT'} up to date")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
